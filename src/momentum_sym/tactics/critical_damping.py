"""Critical damping: the momentum at which the two eigenvalues of the iteration matrix meet.

Problem.  A method with a momentum parameter beta and a quadratic characteristic
polynomial (``<method>-characteristic-polynomial``), at a fixed step size and
eigenvalue: which beta in [0, 1) gives a double eigenvalue, and how fast does the
component then converge?

Method.  Set the discriminant to zero and ``solve`` for beta; keep the root that
lies in [0, 1) for small alpha lambda (a sampled choice, then proved: the other root
is outside [0, 1), or, where real algebra finds it inside, at least the kept one; and
the region of alpha lambda where the kept one is admissible is solved exactly, or
else every claim about it is made where 0 <= beta < 1).  With that beta the
polynomial is a perfect square (sigma - sigma*)^2, the double root's square is the
constant term, and the rate is |sigma*|.

Result.  ``beta`` (the critical momentum) and ``rate`` = |sigma*|: for the heavy
ball (1 - sqrt(alpha lambda))^2 and |1 - sqrt(alpha lambda)|; for Nesterov's method
(1 - sqrt(alpha lambda))/(1 + sqrt(alpha lambda)) and the same rate.

Source.  Goh (2017), "The Critical Damping Coefficient" (the heavy ball), for any
method given as data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.kernel.regions import solution_set
from momentum_sym.methods.run import run
from momentum_sym.results import symbols as S
from momentum_sym.tactics import decoupling
from momentum_sym.tactics.common import (
    SIGMA,
    Analysis,
    NotApplicable,
    T,
    from_t,
    in_t,
    parameter_domain,
    radicands,
    refuted,
    simplest,
    title,
)
from momentum_sym.tactics.witnesses import draw_parameters, evaluate, multiples
from momentum_sym.witness.quadratic import random_quadratic, random_vector

FAMILY = "critical-damping"
REQUIRES = "a momentum parameter and an iteration matrix of size 2"
OTHER = sp.Symbol("b", real=True)  # a root of the discriminant in beta, not yet a momentum


def applies(analysis: Analysis) -> bool:
    return (analysis.method.momentum is not None
            and analysis.get("iteration-matrix").results["R"].rows == 2)


def _admissible_at(root: sp.Expr, method, points) -> bool:
    for values in points:
        value = root.xreplace(values)
        if not (value.is_real and 0 <= value < 1):
            return False
    return True


def critical_roots(analysis: Analysis) -> tuple[sp.Expr, list[sp.Expr], sp.Expr]:
    """(the discriminant, the roots in beta in t-form, the admissible root)."""
    method = analysis.method
    beta = method.momentum
    discriminant = analysis.get("characteristic-polynomial").results["discriminant"]
    d_t = in_t(discriminant, method.step_size)
    roots = [simplest(r, (T,)) for r in sp.solve(d_t, beta, simplify=False)]
    formula = quadratic_formula(d_t, beta)
    if formula is not None and not any(r.has(sp.Abs) for r in formula) and \
            sp.count_ops(formula) < sp.count_ops(roots):
        roots = list(formula)
    rng = random.Random(3)
    points = []
    for _ in range(8):
        values = draw_parameters(method, rng)
        values = {s: sp.Rational(str(mp.nstr(v, 10))) for s, v in values.items()
                  if s not in (beta, method.step_size)}
        values[T] = sp.Rational(rng.randint(1, 40), 400)  # small alpha lambda
        points.append(values)
    admissible = [r for r in roots if _admissible_at(r, method, points)]
    if not admissible:
        raise NotApplicable(f"{method.name}: no root of the discriminant in beta lies in "
                            "[0, 1) for small alpha lambda")
    # several admissible roots (QHM with a small nu): the smallest at every point
    smallest = [r for r in admissible if all(
        r.xreplace(v) <= o.xreplace(v) for o in admissible for v in points)]
    if not smallest:
        raise NotApplicable(f"{method.name}: the admissible roots of the discriminant cross")
    return d_t, roots, smallest[0]


def quadratic_formula(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, ...] | None:
    """The roots of a quadratic in ``x`` by the quadratic formula, with the coefficients
    and the discriminant factored first (so that square factors leave the root:
    sqrt(16 nu t^2 (...)) = 4 t sqrt(nu (...))); None when ``expr`` is not quadratic."""
    try:
        poly = sp.Poly(sp.expand(expr), x)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a, b, c = (sp.factor(k) for k in poly.all_coeffs())
    root = sp.sqrt(sp.factor(b**2 - 4 * a * c))
    found = []
    for sign in (-1, 1):
        numerator, denominator = sp.fraction(sp.together((-b + sign * root) / (2 * a)))
        found.append(sp.factor(numerator) / sp.factor(denominator))
    return tuple(found)


def _sampled(root: sp.Expr, method, seed: int) -> Iterator[sp.Expr]:
    """The root at 16 drawn parameter values, alpha lambda in [0.01, 5], in exact
    rationals (drawn lazily: a caller that has its answer stops drawing)."""
    rng = random.Random(seed)
    for _ in range(16):
        values = draw_parameters(method, rng)
        values = {s: sp.Rational(str(mp.nstr(v, 10))) for s, v in values.items()}
        values[T] = sp.Rational(rng.randint(1, 500), 100)
        yield root.xreplace(values)


def _negative_somewhere(root: sp.Expr, method) -> bool:
    """The root is negative at some sampled point of the range of alpha lambda (a
    choice of what to assume, never a claim: the steps are checked under it)."""
    return any(value.is_real and value < 0 for value in _sampled(root, method, 7))


def _outside(root: sp.Expr, method) -> bool:
    """The root lies outside [0, 1) at sampled points of every range of alpha lambda."""
    return not any(value.is_real and 0 <= value < 1 for value in _sampled(root, method, 5))


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    beta, step = method.momentum, method.step_size
    if beta is None:
        raise NotApplicable(f"{method.name} has no momentum parameter")
    p = analysis.get("characteristic-polynomial").results["polynomial"]
    discriminant = analysis.get("characteristic-polynomial").results["discriminant"]
    _, roots_t, kept_t = critical_roots(analysis)
    squares = (step, S.lam)
    domain = parameter_domain(method, {S.t: interval("1/1000", 5)})
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method),
        source=method.source,
        summary=(f"For a fixed step size, the momentum of {method.noun} at which the two "
                 "eigenvalues of the iteration matrix coincide damps the eigencomponent "
                 "critically: no oscillation, and the double eigenvalue's modulus is the "
                 "rate."),
        domain=domain,
        uses=(analysis.id("characteristic-polynomial"),))
    d.name("sigma", "the variable of the characteristic polynomial")
    d.name("t", "`alpha lambda`")
    d.equation("characteristic", Kind.DEFINITION, sp.Symbol("p(sigma)"), p,
               "The characteristic polynomial of the iteration matrix.",
               uses=(analysis.ref("characteristic-polynomial", "polynomial"),),
               written_in=(SIGMA,))
    d.equation("discriminant", Kind.DEFINITION, sp.Symbol("Delta"), discriminant,
               "Its discriminant: the two eigenvalues coincide exactly where it vanishes.",
               uses=(analysis.ref("characteristic-polynomial", "discriminant"),))
    critical = sp.Eq(sp.expand(discriminant), 0)  # expanded: its terms set the numeric scale
    kept = simplest(from_t(kept_t, step), squares)
    kept_in_t = sp.expand(kept_t)
    region = _admissible_region(kept_t, method)
    # where the kept root can be negative (beyond alpha lambda = 1 for PyTorch's rule
    # with dampening and Nesterov's look-ahead), every claim about it is made where it
    # is a momentum; where sampling never finds it negative, only "below 1" is said
    nonnegative = (kept_t.xreplace({T: S.t}) >= 0,) if _negative_somewhere(kept_t, method) \
        else ()
    labels = []
    real = tuple(b.xreplace({T: S.t}) >= 0 for r in roots_t for b in radicands(r)
                 if T in b.free_symbols)  # where the roots are real
    for j, root_t in enumerate(roots_t):
        root = simplest(from_t(root_t, step), squares)
        label = "beta-critical" if root_t == kept_t else f"beta-other-{j}"
        labels.append(label)
        in_alpha = tuple(r.xreplace({S.t: step * S.lam}) for r in real)
        # where the kept root is a momentum, 0 <= beta < 1: solved in alpha lambda when
        # SymPy can, else as the root itself below 1 (a parameter such as tau in it)
        admissible_here = (*(c.xreplace({S.t: step * S.lam}) for c in nonnegative),
                           kept < 1) if region is None else (
            region.xreplace({S.t: step * S.lam}),)
        assumptions = () if label != "beta-critical" else (*in_alpha, *admissible_here)
        # a rejected root need not be a momentum: it is solved for a real unknown b
        unknown = beta if label == "beta-critical" else OTHER
        d.solve(label, critical.xreplace({beta: unknown}), unknown, root,
                "The discriminant vanishes for this `beta` (a root of it as a polynomial in `"
                "beta`)." if label != "beta-critical" else
                "The discriminant vanishes for this `beta`, the root that lies in [0, 1) for "
                "small `alpha lambda`: the critical momentum.",
                uses=("discriminant",), assumptions=assumptions)
        if label != "beta-critical":
            other = root_t.xreplace({T: S.t})
            outside = sp.Or(other < 0, other >= 1)
            everywhere = (S.t > 0, sp.Ne(S.t, 1), *real)
            # sampled, then refuted where real algebra finds a point inside [0, 1) that
            # the samples missed (PyTorch's rule with dampening, tau near 1)
            if _outside(root_t, method) and not refuted(
                    outside, (*domain.constraints, *everywhere)):
                d.add(f"reject-other-{j}", Kind.INEQUALITY, outside,
                      "The other root is never an admissible momentum: it lies outside "
                      "[0, 1).", uses=(label,), assumptions=everywhere)
                continue
            kept_here = kept_t.xreplace({T: S.t})
            larger = (S.t > 0, *real, *nonnegative)
            if not refuted(other >= kept_here, (*domain.constraints, *larger)):
                d.add(f"reject-other-{j}", Kind.INEQUALITY, other >= kept_here,
                      "The other root is the larger one; the critical momentum is taken as "
                      "the smaller, the one that is admissible for every small `alpha lambda`.",
                      uses=(label,), assumptions=larger)
                continue
            # neither: below the kept root somewhere, but then not a momentum (the roots
            # +-(1 +- sqrt(t)) of a momentum written beta^2: sqrt(t) - 1 < 0 where the
            # kept 1 - sqrt(t) is admissible)
            not_smaller = sp.Or(other < 0, other >= kept_here)
            where_kept = (S.t > 0, *real, kept_here >= 0, kept_here < 1)
            if refuted(not_smaller, (*domain.constraints, *where_kept)):
                raise NotApplicable(f"{method.name}: another root of the discriminant is a "
                                    "smaller momentum than the one kept for some step sizes")
            d.add(f"reject-other-{j}", Kind.INEQUALITY, not_smaller,
                  "Wherever the critical momentum is admissible, this root is no smaller "
                  "momentum: it is negative or at least the critical one.",
                  uses=(label,), assumptions=where_kept)
    if region is not None:
        admissible = sp.And(kept_in_t.xreplace({T: S.t}) >= 0,
                            kept_in_t.xreplace({T: S.t}) < 1)
        d.add("admissible", Kind.INEQUALITY, sp.Equivalent(admissible, region),
              "The critical momentum is an admissible momentum, `0 <= beta < 1`, exactly on "
              "this range of `alpha lambda` (solved exactly).", uses=("beta-critical",),
              assumptions=(S.t > 0, *real))
    d.result("beta", kept, step="beta-critical")
    poly = sp.Poly(p, SIGMA)
    at_critical = p.xreplace({beta: kept})
    centre = simplest(-poly.coeff_monomial(SIGMA).xreplace({beta: kept}) / 2, squares)
    extra = (*(r.xreplace({S.t: step * S.lam}) for r in real),
             *((region.xreplace({S.t: step * S.lam}),) if region is not None else ()))
    d.equation("double-root", Kind.EXPANSION, at_critical, (SIGMA - centre) ** 2,
               "With this momentum the characteristic polynomial is a perfect square: the "
               "iteration matrix has the double eigenvalue minus half the coefficient of "
               "`sigma`.", uses=("characteristic", "beta-critical"), assumptions=extra)
    constant = simplest(poly.coeff_monomial(1).xreplace({beta: kept}), squares)
    d.equation("rate-squared", Kind.EXPANSION, centre**2, constant,
               "The product of the two equal roots is the constant term of the polynomial.",
               uses=("double-root",), assumptions=extra)
    rate = sp.Abs(centre)
    d.equation("rate", Kind.SIMPLIFICATION, sp.sqrt(centre**2, evaluate=False), rate,
               "Both eigenvalues have the modulus `|sigma*|`, the rate: the square root of a "
               "square is the modulus of what is squared.", uses=("rate-squared",),
               assumptions=extra)
    d.result("rate", rate, step="rate")
    return d.build(Witness(
        f"Run {method.noun} (its own rule) with the critical momentum on random quadratics "
        "for several `alpha lambda` in the admissible range: the error of the iterate obeys `"
        "x^{k+2} - 2 sigma x^{k+1} + sigma^2 x^k = 0` with `sigma` plus or minus the rate, the "
        "recurrence of a double root.",
        lambda derivation, dps, rng: _witness(analysis, derivation, dps, rng)))


def _admissible_region(kept_t: sp.Expr, method) -> sp.Basic | None:
    """Where 0 <= beta* < 1, in t, when SymPy solves it (None otherwise)."""
    t = sp.Symbol("t", positive=True)
    condition = sp.And(kept_t.xreplace({T: t}) >= 0, kept_t.xreplace({T: t}) < 1)
    try:
        solved = solution_set(condition, t).intersect(sp.Interval.open(0, sp.oo))
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if not isinstance(solved, sp.Interval) or solved.free_symbols - {t}:
        return None if not isinstance(solved, sp.Interval) else _interval_region(solved)
    return _interval_region(solved)


def _interval_region(interval_set: sp.Interval) -> sp.Basic:
    parts = []
    if interval_set.start.is_finite and interval_set.start != 0:
        parts.append(S.t > interval_set.start if interval_set.left_open
                     else S.t >= interval_set.start)
    if interval_set.end.is_finite:
        parts.append(S.t < interval_set.end if interval_set.right_open
                     else S.t <= interval_set.end)
    return sp.And(*parts) if parts else sp.true


def _double_root_digits(xs, sigma, dps) -> float:
    worst = float(dps)
    for k in range(len(xs) - 2):
        if abs(xs[k + 2]) < abs(xs[0]) * mp.mpf(10) ** -15:
            break
        residual = xs[k + 2] - 2 * sigma * xs[k + 1] + sigma**2 * xs[k]
        scale = max(abs(xs[k + 2]), abs(2 * sigma * xs[k + 1]), abs(sigma**2 * xs[k]))
        if residual:
            worst = min(worst, float(-mp.log10(abs(residual) / scale)))
    return max(worst, 0.0)


def _witness(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps + 20):
        return _run(analysis, derivation, dps, rng)


def _run(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    method = analysis.method
    system = decoupling.error_system(method)
    beta, step = method.momentum, method.step_size
    comparisons = []
    for target in (mp.mpf(1) / 100, mp.mpf(1) / 4, mp.mpf(3) / 4):
        values = draw_parameters(method, rng)
        lam = mp.mpf(rng.uniform(0.5, 2))
        values[step] = target / lam
        values[beta] = evaluate(derivation.results["beta"], {**values, S.lam: lam})
        rate = evaluate(derivation.results["rate"], {**values, S.lam: lam})
        problem = random_quadratic(rng, [lam])
        trajectory = run(method, values, problem.gradient, random_vector(rng, 1), 60,
                         gradient_entries=problem.gradient_entries)
        c = multiples(system, values)[method.iterate]
        first = 1 if method.first_step else 0
        xs = [(trajectory(method.iterate, k) - problem.w_star * c)[0]
              for k in range(first, 61)]
        worst = max(_double_root_digits(xs, sign * rate, dps) for sign in (1, -1))
        comparisons.append(Comparison(
            f"double root at `alpha lambda = {mp.nstr(target, 3)}`", worst >= dps - 8, worst,
            "`x^(k+2) - 2 sigma x^(k+1) + sigma^2 x^k = 0` with `|sigma|` the derived rate and "
            "`beta` the derived critical momentum"))
    return WitnessReport(f"{method.title} at critical damping", tuple(comparisons))
