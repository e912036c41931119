"""The derived results a quantity may be stated by, and choosing among them by the symbols
a formula is written in and the words around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from momentum_sym.audit.claims.context import Context, Reading
from momentum_sym.audit.claims.readings import canonical_pairs
from momentum_sym.audit.keys import keys_of
from momentum_sym.audit.plans import Candidate, Plan, pairs

#: Derived results that state each quantity, in order of preference.
QUANTITIES: dict[str, tuple[str, ...]] = {
    "step": ("gd-optimal-step-size.alpha", "momentum-optimal-parameters.alpha"),
    "momentum": ("critical-damping.beta", "momentum-optimal-parameters.beta"),
    "rate": ("gd-optimal-step-size.rate", "momentum-optimal-parameters.rate",
             "critical-damping.rate", "momentum-complex-rate.rate"),
    "count": ("effective-gradient-count.count",),
    "tikhonov": ("early-stopping-vs-tikhonov.tikhonov_filter",),
    "early-stopping": ("early-stopping-vs-tikhonov.gd_filter",),
    "gradient": ("quadratic-optimum.gradient",),
    "optimum": ("quadratic-optimum.w_star",),
    "optimum-component": ("rosenbrock-optimum.exact",),
    "sigma_1": ("momentum-eigenvalues.sigma_1",),
    "sigma_2": ("momentum-eigenvalues.sigma_2",),
    "R": ("momentum-iteration-matrix.R", "d2l-velocity-form.R"),
    "loss": ("gd-loss-decomposition.term",),
    "bound": ("rosenbrock-lower-bound.bound",),
    "gamma": ("unrolled-gd.gamma", "unrolled-momentum.gamma"),
    "gd-range": ("gd-step-size-range.upper",),
    "momentum-range": ("momentum-convergence-region.upper",),
}


#: Words that must be near a formula for a result to be what it states, when the
#: quantity alone does not decide (several rates, several betas).
CONTEXT: dict[str, re.Pattern[str]] = {
    "gd-optimal-step-size.rate": re.compile(r"optim|best|minimi[sz]|fastest", re.I),
    "momentum-optimal-parameters.rate": re.compile(r"optim|best|tun", re.I),
    "critical-damping.rate": re.compile(r"critical|damp", re.I),
    "momentum-complex-rate.rate": re.compile(r"complex|modul|magnitude", re.I),
    "critical-damping.beta": re.compile(r"critical|damp", re.I),
    "momentum-optimal-parameters.beta": re.compile(r"optim|best|tun", re.I),
    "gd-optimal-step-size.alpha": re.compile(r"optim|best|minimi[sz]|fastest", re.I),
    "momentum-optimal-parameters.alpha": re.compile(r"optim|best|tun", re.I),
}


#: The method each result belongs to, to prefer by the words around a formula.
MOMENTUM_WORDS = re.compile(r"momentum|heavy[- ]ball|velocity|polyak", re.I)


GD_WORDS = re.compile(r"gradient descent|\bGD\b", re.I)


#: Words before a lone expression that say what it is.
CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"effective (number|window)|number of (past )?gradients|remembers|"
                r"averages? (over )?(about )?", re.I), "count"),
    (re.compile(r"tikhonov|ridge", re.I), "tikhonov"),
    (re.compile(r"early stopping", re.I), "early-stopping"),
    (re.compile(r"\bmodulus\b|\bmagnitude\b|absolute value", re.I), "modulus"),
    (re.compile(r"\brates?\b|convergence|converges? (at|like|as)", re.I), "rate"),
    (re.compile(r"step[- ]?size|learning rate", re.I), "step"),
    (re.compile(r"critical (value|damping)|momentum (term|parameter|coefficient)", re.I),
     "momentum"),
)


_NEGATION = re.compile(r"\b(not|never|no longer|isn't|aren't|is no)\b|n't\b", re.I)


def words_near(ctx: Context, pattern: re.Pattern[str]) -> bool:
    """Whether the section, the words before the formula or the rest of its sentence
    match ("Choosing beta = ... damps the oscillation critically"), unless that rest
    denies it ("... is not optimal")."""
    if pattern.search(ctx.words):
        return True
    sentence = ctx.after.split(". ")[0]
    return bool(pattern.search(sentence)) and not _NEGATION.search(sentence)


def make_plan(candidates: Sequence[Candidate], reading: Reading, strong: bool, quantity: str,
          compared: str = "", slip: str = "") -> Plan:
    return Plan(candidates=tuple(candidates), strong=strong, reading=tuple(reading.said),
                compared=compared, quantity=quantity, slip=slip)


def make_candidate(target: str, latex: str, reading: Reading, **extra) -> Candidate:
    return Candidate(target=target, latex=latex, notation=canonical_pairs(reading.notation),
                     where=pairs(reading.where), **extra)


@lru_cache(maxsize=256)
def result_keys(target: str) -> frozenset[str]:
    """The canonical keys a result may be written in (its symbols, its domain's)."""
    import momentum_sym
    from momentum_sym.audit.compare import _key

    ident, name = target.split(".")
    derivation = momentum_sym.get(ident)
    value = derivation.results[name]
    atoms = set(getattr(value, "free_symbols", set())) | set(derivation.domain.variables) | \
        set(derivation.domain.derived)
    out = {_key(str(getattr(a, "name", a))) for a in atoms}
    if {"lambda_1", "lambda_n"} <= out:
        out.add("kappa")
    if "kappa" in out:
        out |= {"lambda_1", "lambda_n"}
    if any(type(a).__name__ == "Identity" for a in getattr(value, "atoms", lambda *a: [])()):
        out.add("I")
    return frozenset(k for k in out if k)


def canonical_keys(latex: str, reading: Reading) -> set[str]:
    """The keys of ``latex`` after the reading (``where`` values contribute theirs)."""
    from momentum_sym.audit.compare import _key

    notation = {(_key(k) or k): (_key(v) or v) for k, v in reading.notation.items()}
    where = {(_key(k) or k): v for k, v in reading.where.items()}
    out: set[str] = set()
    for key in keys_of(latex):
        if key.text in where:
            value = where[key.text]
            if "." in value and "-" in value.split(".")[0]:
                continue  # a named result
            out |= {k.text for k in keys_of(value)}
            continue
        out.add(notation.get(key.text, key.text))
    return out


def fits(target: str, latex: str, reading: Reading) -> bool:
    return canonical_keys(latex, reading) <= result_keys(target) | {"T"}


@lru_cache(maxsize=256)
def value_keys(target: str) -> frozenset[str]:
    """The canonical keys of a result's own value (not its domain's)."""
    import momentum_sym
    from momentum_sym.audit.compare import _key

    ident, name = target.split(".")
    value = momentum_sym.get(ident).results[name]
    out = {_key(str(getattr(a, "name", a))) for a in getattr(value, "free_symbols", set())}
    if "kappa" in out:
        out |= {"lambda_1", "lambda_n"}
    if {"lambda_1", "lambda_n"} <= out:
        out.add("kappa")
    return frozenset(k for k in out if k)


def ranked(quantity: str, latex: str, reading: Reading, ctx: Context,
            require_context: bool) -> list[str]:
    """The results stating ``quantity`` that ``latex`` fits, best first (those written in
    the same symbols before those that only share a domain)."""
    targets = [t for t in QUANTITIES.get(quantity, ()) if fits(t, latex, reading)]
    keys = canonical_keys(latex, reading)
    # a result that does not depend on a symbol of the formula is not what it states
    # (rate(alpha) is not the optimal rate, which does not depend on alpha)
    targets = [t for t in targets if keys <= value_keys(t) | {"T"}]
    if require_context:
        near = [t for t in targets if t not in CONTEXT or words_near(ctx, CONTEXT[t])]
        targets = near
    momentum = bool(MOMENTUM_WORDS.search(ctx.words))
    gd = bool(GD_WORDS.search(ctx.words))

    def score(t: str) -> tuple[int, int]:
        words = 0
        if t in CONTEXT and words_near(ctx, CONTEXT[t]):
            words += 2
        is_momentum = not t.startswith("gd-")
        if (momentum and is_momentum) or (gd and not momentum and not is_momentum):
            words += 1
        return (-words, QUANTITIES[quantity].index(t))

    return sorted(targets, key=score)
