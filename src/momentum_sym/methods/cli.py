"""The ``analyze`` and ``compare`` subcommands (registered by :mod:`momentum_sym.cli`).

``momentum-sym analyze --update LATEX [--name NAME] [--format text|json]``: a user's own
update rule through every method derivation that applies (exit 0; 1 if a check fails; 2
for a rule that cannot be read).  ``momentum-sym compare METHOD... [--kappa K]
[--tolerance EPS] [--plot FILE]``: the methods side by side.

Nothing here knows mathematics: the derivations come from :mod:`momentum_sym.tactics`,
the printing from :mod:`momentum_sym.render.printers`.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from momentum_sym.tactics.common import FAMILIES


def _usage_error(message: str) -> Exception:
    from momentum_sym.cli import UsageError

    return UsageError(message)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# -- analyze ----------------------------------------------------------------------------

ANALYZE_SYNTAX = r"""how a rule is written:
  equations   separated by commas, semicolons or \\; each has one '=' and a
              sequence value on the left: w^{k+1} = ..., or y^{k} = ... for a
              value computed within the step
  sequences   a Latin letter with the step index k or t as a superscript or a
              subscript: w^{k}, w^{k-1}, v_{t+1}; the iterate is w (else x, else
              the last equation's); other sequences start at 0
  gradients   \nabla f(...) of the one objective f, at any linear combination
  parameters  \alpha or \eta is the step size, \beta or \mu the momentum; any
              other letter (\nu, \tau, d) a constant setting in [0, 1)
  not read    parameters that change with k (\alpha_k), functions other than
              \nabla f (\mathrm{sign}), products of iterates: the analysis is for
              linear methods with constant parameters

examples:
  momentum-sym analyze --update 'w^{k+1} = w^{k} - \alpha \nabla f(w^{k}) + \beta (w^{k} - w^{k-1})'
  momentum-sym analyze --update 'v_{t+1} = \mu v_t - \eta \nabla f(x_t), x_{t+1} = x_t + v_{t+1}'
  momentum-sym analyze --format json --update \
      'y^{k} = w^{k} + \beta (w^{k} - w^{k-1}), w^{k+1} = y^{k} - \alpha \nabla f(y^{k})'
"""


def _configure_analyze(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--update", required=True, metavar="LATEX",
                        help="the update rule, equations separated by commas, e.g. "
                             "'w^{k+1} = w^{k} - \\alpha \\nabla f(w^{k})'")
    parser.add_argument("--name", default="user",
                        help="a name for the method: a letter, then letters, digits or "
                             "'-', at most 40 (default user)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--no-check", action="store_true",
                        help="do not run the checks (faster; outcomes are left out)")


def analysis(latex: str, name: str):
    """The derivations of a user's rule, by family, and the families that do not apply
    with the reason.  Raises the CLI's UsageError for a rule that cannot be read."""
    from momentum_sym.audit.latex import Unreadable
    from momentum_sym.methods import read_update
    from momentum_sym.methods.reader import check_name
    from momentum_sym.tactics import NotApplicable
    from momentum_sym.tactics.common import Analysis, default_ids
    from momentum_sym.tactics.decoupling import NotAMethod

    try:
        check_name(name)
    except Unreadable as error:
        raise _usage_error(f"--name: {error}") from None
    try:
        method = read_update(latex, name)
    except Unreadable as error:
        raise _usage_error(f"cannot read the update rule: {error}") from None
    found = Analysis(method, default_ids(name))
    derived, skipped = {}, {}
    for family in FAMILIES:
        try:
            derived[family] = found.get(family)
        except NotAMethod as error:
            raise _usage_error(f"not a method: {error}") from None
        except (NotApplicable, ImportError) as error:
            skipped[family] = str(error) or "not derived"
        except (ValueError, KeyError) as error:
            skipped[family] = str(error)
        except (AttributeError, TypeError, NotImplementedError, RecursionError) as error:
            # a rule of a shape no tactic was written for: said, not a traceback
            skipped[family] = f"not derived: SymPy could not carry it out for this rule " \
                              f"({type(error).__name__})"
    return method, derived, skipped


def _as_read(derivation, name: str, value):
    """A result collected in the variable its step says the reader follows (sigma)."""
    from momentum_sym.render.present import by_falling_powers

    step = derivation.origin(name)
    return by_falling_powers(value, step.written_in) if step is not None else value


def _run_analyze(args: argparse.Namespace) -> int:
    from momentum_sym import verify
    from momentum_sym.render import json_format, printers, prose

    method, derived, skipped = analysis(args.update, args.name)
    reports = {} if args.no_check else {f: verify(d) for f, d in derived.items()}
    failed = [f for f, r in reports.items() if not r.passed]
    if args.format == "json":
        results = {f"{family}.{name}": json_format.expression(value)
                   for family, d in derived.items() for name, value in d.results.items()}
        steps = {family: json_format.data(d, reports.get(family))["steps"]
                 for family, d in derived.items()}
        _write(json.dumps({
            "method": method.name,
            "parameters": [p.symbol.name for p in method.parameters],
            "update": [printers.latex(e) for e in method.update],
            "results": results, "steps": steps,
            "not_applicable": skipped,
            "verified": None if args.no_check else not failed}, indent=2, sort_keys=False))
        return 1 if failed else 0
    _write(f"method {method.name}: " + "; ".join(printers.inline_text(e)
                                                    for e in method.update))
    renamed = [f"{written} as {meaning}" for command, written, meaning in (
        ("eta", "η", "the step size α"), ("mu", "μ", "the momentum β"))
        if re.search(rf"\\{command}(?![A-Za-z])", str(args.update))]
    if renamed:
        _write("reading: " + "; ".join(renamed))
    _write("parameters: " + ", ".join(f"{p.symbol.name} ({p.meaning})"
                                      for p in method.parameters))
    for family, d in derived.items():
        status = "" if args.no_check else (" [checked]" if reports[family].passed
                                           else " [FAILED]")
        _write(f"{family}:{status}")
        # what the results mean, before them: "upper" is "the upper end" of alpha lambda,
        # "gamma" "the weight of each" gradient
        _write(textwrap.fill(prose.text_unicode(d.summary), width=88, initial_indent="  ",
                             subsequent_indent="  ", break_on_hyphens=False))
        for name, value in d.results.items():
            _write(f"  {name} = {printers.inline_text(_as_read(d, name, value))}")
        if family in failed:
            for line in prose.failures(d.id, list(d.steps), reports[family]):
                _write(f"  why: {line}")
    for family, reason in skipped.items():
        _write(f"{family}: not derived: {reason}")
    return 1 if failed else 0


# -- compare ----------------------------------------------------------------------------

def _configure_compare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("methods", nargs="+", metavar="METHOD",
                        help="built-in methods (gd, heavy-ball, nesterov, pytorch-sgd, "
                             "sutskever, qhm, d2l, pytorch-sgd-nesterov)")
    # beyond 1e12 the optimal rates round to 1 in double precision
    parser.add_argument("--kappa", type=_number(1, 1e12, "at least 1 (lambda_n >= "
                                                 "lambda_1) and below 1e12", low_open=False),
                        default=100.0,
                        help="the condition number lambda_n/lambda_1, from 1 to below 1e12 "
                             "(default 100)")
    parser.add_argument("--tolerance", type=_number(0, 1, "strictly between 0 and 1"),
                        default=1e-6,
                        help="the error reduction for the iteration count, between 0 and 1 "
                             "(default 1e-6)")
    parser.add_argument("--plot", type=Path, default=None, metavar="FILE",
                        help="draw the optimal rate against kappa (.pdf, .svg or .png; "
                             "needs the plots extra)")


def _number(low: float, high: float, what: str, low_open: bool = True):
    """An option's number in (low, high) (or [low, high) with ``low_open=False``)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
        inside = (value > low if low_open else value >= low) and value < high
        if not (math.isfinite(value) and inside):
            raise argparse.ArgumentTypeError(f"must be {what}, got {text!r}")
        return value
    return parse


def iterations(rate: float | None, tolerance: float) -> int | None:
    """Steps for an error shrinking like rate^k to fall below ``tolerance`` times its
    start: 1 at rate 0 (the optimum in one step), None when it does not shrink."""
    if rate is None or not 0 <= rate < 1:
        return None
    if rate == 0:
        return 1
    return max(1, math.ceil(math.log(tolerance) / math.log(rate)))


def _near_one(value) -> str:
    """A number to six digits; one within 10^-5 of 1 as 1 - its distance (a momentum
    or a rate at a large kappa, where six digits would read 1)."""
    gap = 1 - value
    return f"1 - {float(gap):.4g}" if 0 < gap < 1e-5 else f"{float(value):.6g}"


def _iterations_text(count: int | None) -> str:
    return "does not converge" if count is None else str(count)


def _family(name: str, family: str):
    from momentum_sym.tactics import NotApplicable, analysis_of
    from momentum_sym.tactics.registry import not_applicable

    reason = not_applicable(name, family) if name in _registered() else None
    if reason is not None:
        return None, reason
    try:
        return analysis_of(name).get(family), None
    except NotApplicable as error:
        return None, str(error)


def _registered() -> tuple[str, ...]:
    from momentum_sym.results import METHODS

    return METHODS


def _value(expr, point: dict) -> float | None:
    from mpmath import mp

    from momentum_sym.tactics.witnesses import evaluate

    try:
        with mp.workdps(30):
            return float(evaluate(expr, point))
    except (ValueError, TypeError):
        return None


def comparison(names: list[str], kappa: float, tolerance: float) -> list[dict[str, Any]]:
    """For each method: its region, optimal parameters and rate (expressions and values
    at lambda_1 = 1, lambda_n = kappa, the settings at their defaults 0), and the
    iterations to reduce the error by ``tolerance``."""
    from momentum_sym import methods
    from momentum_sym.results import symbols as S

    rows = []
    for name in names:
        method = methods.get(name)
        settings = {p.symbol: p.default for p in method.parameters
                    if p.symbol not in (method.step_size, method.momentum)}
        point = {S.lambda_1: 1, S.lambda_n: kappa, S.kappa: kappa, **settings}
        region, why_region = _family(name, "convergence-region")
        optimum, why_optimum = _family(name, "optimal-parameters")
        row: dict[str, Any] = {"method": name, "title": method.title,
                               "settings": {s.name: v for s, v in settings.items()}}
        row["region"] = (region.results["upper"] if region else None, why_region)
        if optimum is not None:
            values = {n: _value(v, point) for n, v in optimum.results.items()}
            row["optimum"] = dict(optimum.results)
            row["values"] = values
            row["iterations"] = iterations(values.get("rate"), tolerance)
        else:
            row["optimum"], row["values"], row["iterations"] = None, None, None
            row["why"] = why_optimum
            tuned = numeric_optimum(name, kappa, settings)
            if tuned is not None:
                row["numeric"] = tuned
                row["iterations"] = iterations(tuned["rate"], tolerance)
        rows.append(row)
    return rows


def numeric_optimum(name: str, kappa: float, settings: dict) -> dict[str, float] | None:
    """The step size and momentum minimising the worst spectral radius over 201
    eigenvalues spread geometrically over [1, kappa], from the derived characteristic
    polynomial at 100 bits: numbers, not a derivation.

    Golden sections find the best step size for each momentum and the best momentum
    among those, in log alpha and log(1 - beta): at a large kappa 1 - beta is of order
    1/kappa."""
    import gmpy2
    import sympy as sp

    from momentum_sym import methods
    from momentum_sym.results import symbols as S
    from momentum_sym.tactics import NotApplicable, analysis_of
    from momentum_sym.tactics.common import SIGMA

    method = methods.get(name)
    if method.momentum is None:
        return None
    try:
        polynomial = analysis_of(name).get("characteristic-polynomial").results["polynomial"]
    except NotApplicable:
        return None
    coefficients = sp.Poly(polynomial, SIGMA).all_coeffs()
    if len(coefficients) != 3:
        return None
    # 100 bits: near critical damping the discriminant is a difference of nearly equal
    # numbers, and at kappa = 10^9 floating point loses the 10^-8 by which the rate
    # differs from 1
    precision = 100
    fixed = {s: sp.Rational(str(v)) for s, v in settings.items()}
    variables = (method.step_size, method.momentum, S.lam)
    # the coefficients are polynomials: lambdify prints SymPy's own trees, no user text
    functions = [sp.lambdify(variables, c.xreplace(fixed), "math") for c in coefficients]
    with gmpy2.context(precision=precision):
        lambdas = [gmpy2.mpfr(kappa) ** (gmpy2.mpfr(j) / 200) for j in range(201)]

    def radius_at(alpha, beta, lam):
        a2, a1, a0 = (f(alpha, beta, lam) for f in functions)
        discriminant = a1 * a1 - 4 * a2 * a0
        if discriminant < 0:  # complex conjugates, of modulus sqrt(a0 / a2)
            return gmpy2.sqrt(a0 / a2)
        root = gmpy2.sqrt(discriminant)
        return max(abs((-a1 + root) / (2 * a2)), abs((-a1 - root) / (2 * a2)))

    def worst(log_alpha: float, log_gap: float) -> float:
        """The worst radius at alpha = e^log_alpha, beta = 1 - e^log_gap."""
        if log_gap > 0:
            return math.inf
        with gmpy2.context(precision=precision):
            alpha, beta = gmpy2.exp(log_alpha), -gmpy2.expm1(log_gap)
            return max(radius_at(alpha, beta, lam) for lam in lambdas)

    # for each momentum the best step size, then the best momentum: each a minimum of
    # one variable, where a search in both at once stalls on the ridge of the optimum
    digits = max(1.0, math.log10(kappa))

    def best_step(log_gap: float) -> tuple[float, float]:
        return _golden(lambda a: worst(a, log_gap), math.log(0.25 / kappa),
                       math.log(128 / kappa))

    _, log_gap = _golden(lambda g: best_step(g)[0], -math.log(10) * (digits + 1.25), 0.0)
    rate, log_alpha = best_step(log_gap)
    with gmpy2.context(precision=precision):
        alpha, beta = gmpy2.exp(log_alpha), -gmpy2.expm1(log_gap)
    return {"alpha": alpha, "beta": beta, "rate": rate} if rate < 1 else None


#: steps of a golden-section search: the bracket shrinks to 0.618^60, below 10^-12
GOLDEN_STEPS = 60


def _golden(f: Callable[[float], Any], low: float, high: float) -> tuple[Any, float]:
    """(f(x), x) at the minimum of a unimodal ``f`` on [low, high], by golden sections."""
    ratio = (math.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    fa, fb = f(a), f(b)
    for _ in range(GOLDEN_STEPS):
        if fa <= fb:
            high, b, fb = b, a, fa
            a = high - ratio * (high - low)
            fa = f(a)
        else:
            low, a, fa = a, b, fb
            b = low + ratio * (high - low)
            fb = f(b)
    return (fa, a) if fa <= fb else (fb, b)


def _run_compare(args: argparse.Namespace) -> int:
    from momentum_sym import methods
    from momentum_sym.render import printers

    for name in args.methods:
        if name not in methods.names():
            raise _usage_error(f"unknown method {name!r}; built in: "
                               + ", ".join(methods.names()))
    if args.plot is not None:
        _plot_target(args.plot)
    names = list(dict.fromkeys(args.methods))
    rows = comparison(names, args.kappa, args.tolerance)
    kappa_text = f"{args.kappa:g}"
    _write(f"kappa = {kappa_text} (lambda_1 = 1, lambda_n = {kappa_text}); iterations to "
           f"reduce the error by {args.tolerance:g} at the optimal rate")
    for row in rows:
        _write("")
        settings = ", ".join(f"{k} = {v}" for k, v in row["settings"].items())
        _write(f"{row['method']}: {row['title']}" + (f" ({settings})" if settings else ""))
        upper, why = row["region"]
        _write("  converges for  0 < α λ < " + printers.inline_text(upper)
               if upper is not None else f"  region: not derived: {why}")
        if row["optimum"] is None:
            _write(f"  optimum: not derived: {row.get('why')}")
            tuned = row.get("numeric")
            if tuned is not None:
                _write("  tuned numerically (not derived): " + ", ".join(
                    f"{k} = {_near_one(v)}" for k, v in tuned.items()))
                _write(f"  iterations     {_iterations_text(row['iterations'])}")
            continue
        for name, value in row["optimum"].items():
            number = row["values"].get(name)
            shown = "" if number is None else f"  = {number:.6g}"
            _write(f"  optimal {name:<6} {printers.inline_text(value)}{shown}")
        _write(f"  iterations     {_iterations_text(row['iterations'])}")
    if args.plot is not None:
        _plot(rows, args.plot)
        _write(f"\nwrote {args.plot}")
    return 0


def _plot_target(path: Path) -> None:
    """Refuse a plot that cannot be written, before any work is done."""
    if path.suffix.lower() not in (".pdf", ".svg", ".png"):
        raise _usage_error("--plot FILE must end in .pdf, .svg or .png")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise _usage_error("--plot needs the plots extra (pip install "
                           "'momentum-sym[plots]')") from None
    if path.is_dir():
        raise _usage_error(f"--plot: {path} is a folder; give a file name")
    if not path.parent.resolve().is_dir():
        raise _usage_error(f"--plot: no folder {str(path.parent)!r} to write {path.name} in")


def _plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_sym.results import symbols as S

    kappas = [10 ** (j / 20) for j in range(1, 81)]
    figure, axes = plt.subplots(figsize=(6, 4))
    for row in rows:
        if row["optimum"] is None:
            continue
        rate = row["optimum"]["rate"]
        settings = row["settings"]
        values = []
        for kappa in kappas:
            point = {S.kappa: kappa, S.lambda_1: 1, S.lambda_n: kappa,
                     **{sym: settings[sym.name] for sym in rate.free_symbols
                        if sym.name in settings}}
            values.append(_value(rate, point))
        axes.plot(kappas, values, label=row["method"])
    axes.set_xscale("log")
    axes.set_xlabel("condition number kappa")
    axes.set_ylabel("optimal rate")
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"Creator": None, "CreationDate": None} if path.suffix == ".pdf" else (
        {"Date": None} if path.suffix == ".svg" else {})
    try:
        figure.savefig(path, metadata=metadata)
    except OSError as error:  # a folder of that name, a place that cannot be written
        raise _usage_error(f"--plot: cannot write {path}: {error.strerror or error}") from None
    finally:
        plt.close(figure)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze", help="a user's own update rule through the method derivations",
        description="Read an update rule from LaTeX and derive its iteration matrix, "
                    "eigenvalues, convergence region, critical damping and optimal "
                    "parameters.",
        epilog=ANALYZE_SYNTAX, formatter_class=argparse.RawDescriptionHelpFormatter)
    _configure_analyze(parser)
    parser.set_defaults(handler=_run_analyze)
    parser = subparsers.add_parser(
        "compare", help="methods side by side: regions, optimal parameters, rates",
        description="Compare built-in methods at a condition number.")
    _configure_compare(parser)
    parser.set_defaults(handler=_run_compare)
