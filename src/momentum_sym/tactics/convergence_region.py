"""The convergence region of a method: for which alpha lambda every eigencomponent dies out.

Problem.  A method converges on the eigencomponent lambda exactly when every root of
its characteristic polynomial (``<method>-characteristic-polynomial``) lies strictly
inside the unit circle.  For which t = alpha lambda does that hold, given the other
parameters?

Method.  The Schur-Cohn-Jury criterion turns "all roots inside" into polynomial
inequalities in the coefficients: for a real monic quadratic z^2 + a_1 z + a_0,
|a_0| < 1, p(1) > 0 and p(-1) > 0 (stated as a theorem, and both directions checked
by real algebra); for a cubic, Jury's four conditions; for a linear polynomial the
root itself.  Each condition is a polynomial in t; SymPy solves each for its edges,
the edge that bounds the region at every sampled parameter is chosen, recorded as a
solve, and the region 0 < t < upper is proved equivalent to the criterion (regions
solved exactly with the parameters as parameters, or real algebra).  For a quadratic
the same region is proved again directly from the eigenvalues (``<method>-eigenvalues``):
both moduli below 1 exactly when 0 < t < upper, by real algebra, without the cited
criterion.

Result.  ``upper``: the method converges on lambda iff 0 < alpha lambda < upper.
For the heavy ball 2 + 2 beta; for Nesterov's method (2 + 2 beta)/(1 + 2 beta).

Source.  Goh (2017), "The Dynamics of Momentum" (the heavy ball's region); E. I. Jury,
Theory and Application of the z-Transform Method (1964), for the criterion.
"""

from __future__ import annotations

import random

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.exact import exact_value
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.methods.run import one_step_matrix, run, spectral_radius
from momentum_sym.results import symbols as S
from momentum_sym.tactics import decoupling
from momentum_sym.tactics.common import (
    SIGMA,
    Analysis,
    NotApplicable,
    T,
    in_t,
    parameter_domain,
    proved,
    readable,
    title,
)
from momentum_sym.tactics.witnesses import draw_parameters, error_state, evaluate, multiples
from momentum_sym.witness.checks import equals
from momentum_sym.witness.quadratic import random_quadratic, random_vector

FAMILY = "convergence-region"
REQUIRES = "an iteration matrix of size at most 3"
A2, A1, A0 = (sp.Symbol(f"a_{j}", real=True) for j in (2, 1, 0))
t = S.t


def applies(analysis: Analysis) -> bool:
    return analysis.get("iteration-matrix").results["R"].rows <= 3


def polynomial_in_t(analysis: Analysis) -> sp.Expr:
    p = analysis.get("characteristic-polynomial").results["polynomial"]
    try:
        return sp.expand(in_t(p, analysis.method.step_size).xreplace({T: t}))
    except ValueError as error:
        raise NotApplicable(str(error)) from None


def conditions(p_t: sp.Expr) -> list[sp.Expr]:
    """Quantities that must all be positive for every root to lie inside the unit
    circle (Jury), for a monic polynomial in SIGMA of degree 1, 2 or 3."""
    poly = sp.Poly(p_t, SIGMA)
    coefficients = [c / poly.LC() for c in poly.all_coeffs()]
    at_one, at_minus_one = p_t.xreplace({SIGMA: 1}), p_t.xreplace({SIGMA: -1})
    if poly.degree() == 1:
        root = -coefficients[1]
        return [sp.expand(1 - root), sp.expand(1 + root)]
    if poly.degree() == 2:
        a0 = coefficients[2]
        return [sp.expand(at_one), sp.expand(at_minus_one), sp.expand(1 - a0),
                sp.expand(1 + a0)]
    if poly.degree() == 3:
        _, a2, a1, a0 = coefficients
        return [sp.expand(at_one), sp.expand(-at_minus_one), sp.expand(1 - a0),
                sp.expand(1 + a0), sp.expand(1 - a0**2 - (a0 * a2 - a1)),
                sp.expand(1 - a0**2 + (a0 * a2 - a1))]
    raise NotApplicable("the convergence region is derived for degrees 1 to 3")


def _edges(quantities: list[sp.Expr]) -> list[sp.Expr]:
    found = []
    for q in quantities:
        if t not in q.free_symbols:
            continue
        for root in sp.solve(q, t, simplify=False):
            if root not in found:
                found.append(sp.factor(root))
    return found


def _positive(quantity: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> bool:
    """quantity > 0 at the point, in exact rationals when the point is rational (a
    tree of SymPy numbers built per point cost half a second a build), else by SymPy."""
    if all(v.is_Rational for v in point.values()):
        value = exact_value(quantity, point)
        if value is not None:
            return bool(value > 0)
    return bool(quantity.xreplace(point) > 0)


def choose_upper(analysis: Analysis, quantities: list[sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
    """The edge that ends the region 0 < t < upper at every sampled parameter value,
    with the quantity it is a zero of.  (Choosing the move: the proof is recorded.)"""
    rng = random.Random(1)
    method = analysis.method
    edges = _edges(quantities)
    points = []
    for _ in range(12):
        values = draw_parameters(method, rng)
        values = {s: sp.Rational(str(mp.nstr(v, 12))) for s, v in values.items()}
        points.append(values)
    for edge in edges:
        good = True
        for values in points:
            top = edge.xreplace(values)
            if not top.is_real or not top > 0:
                good = False
                break
            inside = [sp.Rational(j, 40) * top for j in range(1, 40)]
            beyond = top * sp.Rational(41, 40)
            if not all(_positive(q, {**values, t: x}) for q in quantities for x in inside):
                good = False
                break
            if all(_positive(q, {**values, t: beyond}) for q in quantities):
                good = False
                break
        if good:
            source = next(q for q in quantities if t in q.free_symbols
                          and sp.simplify(q.xreplace({t: edge})) == 0)
            return edge, source
    raise NotApplicable("no single edge bounds the convergence region for every parameter")


def domain(analysis: Analysis):
    return parameter_domain(analysis.method, {
        t: interval(-1, 8), A1: interval("-5/2", "5/2"), A0: interval("-3/2", "3/2"),
        A2: interval("-5/2", "5/2")})


def _criterion(d: DerivationBuilder, degree: int) -> None:
    """The Schur-Cohn-Jury criterion for the degree at hand."""
    if degree == 1:
        d.add("criterion", Kind.DEFINITION, sp.Equivalent(
            sp.Abs(-A0) < 1, sp.And(1 + A0 > 0, 1 - A0 > 0)),
            "A linear polynomial `sigma + a_0` has the one root `-a_0`; the iterates die out "
            "exactly when its modulus is below 1.")
        return
    if degree == 2:
        generic = SIGMA**2 + A1 * SIGMA + A0
        z1, z2 = sp.solve(generic, SIGMA, simplify=False)
        inside = sp.And(sp.Abs(z1) < 1, sp.Abs(z2) < 1)
        jury = sp.And(sp.Abs(A0) < 1, sp.Abs(A1) < 1 + A0)
        d.add("criterion", Kind.DEFINITION, sp.Equivalent(inside, jury),
              "The Schur-Cohn-Jury criterion (Jury 1964), taken as a known theorem: both "
              "roots of a real quadratic `z^2 + a_1 z + a_0`, real or complex, lie strictly "
              "inside the unit circle iff `|a_0| < 1` and `|a_1| < 1 + a_0`, that is `p(1) > 0`, `"
              "p(-1) > 0` and `|p(0)| < 1`.")
        d.add("criterion-necessary", Kind.INEQUALITY, sp.Implies(inside, jury),
              "The cited theorem checked, one direction: wherever both roots are inside the "
              "circle the conditions hold (real algebra on `a_0`, `a_1` and the square root of "
              "the discriminant, real or imaginary).", uses=("criterion",),
              assumptions=(inside,))
        d.add("criterion-sufficient", Kind.INEQUALITY, sp.Implies(jury, inside),
              "And the other direction: wherever the conditions hold, both roots are inside.",
              uses=("criterion",), assumptions=(jury,))
        return
    generic = SIGMA**3 + A2 * SIGMA**2 + A1 * SIGMA + A0
    d.add("criterion", Kind.DEFINITION, sp.And(
        generic.xreplace({SIGMA: 1}) > 0, -generic.xreplace({SIGMA: -1}) > 0,
        sp.Abs(A0) < 1, sp.Abs(A0**2 - 1) > sp.Abs(A0 * A2 - A1)),
        "Jury's test for a real cubic `z^3 + a_2 z^2 + a_1 z + a_0` (Jury 1964), taken as a "
        "known theorem: all roots lie strictly inside the unit circle iff `p(1) > 0`, `"
        "-p(-1) > 0`, `|a_0| < 1` and `|a_0^2 - 1| > |a_0 a_2 - a_1|`.")


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    p_t = polynomial_in_t(analysis)
    degree = sp.Poly(p_t, SIGMA).degree()
    quantities = conditions(p_t)
    upper, source = choose_upper(analysis, quantities)
    upper = readable(upper)
    # a condition free of t that can fail on the domain empties the region there (a
    # momentum (1 - beta)/(1 + beta) is 1 at beta = 0): the region is claimed where it
    # holds, unless it is proved to hold everywhere
    region_domain = domain(analysis)
    where = tuple(q > 0 for q in quantities if t not in q.free_symbols
                  and not proved(q > 0, region_domain.constraints))
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method),
        source=method.source,
        summary=(f"Every eigencomponent of {method.noun} dies out exactly when `alpha lambda` "
                 "lies strictly between 0 and the upper end derived here, whether the "
                 "eigenvalues of its iteration matrix are real or complex; beyond either end "
                 "some eigenvalue leaves the unit circle."),
        domain=region_domain, uses=(analysis.id("characteristic-polynomial"),))
    d.name("t", "`alpha lambda`, the step size in units of `1/lambda`")
    d.name("a_j", "the coefficients of a generic real polynomial")
    p = analysis.get("characteristic-polynomial").results["polynomial"]
    d.equation("in-t", Kind.SUBSTITUTION, p, sp.collect(p_t, SIGMA, sp.factor),
               "The characteristic polynomial, with `alpha` and `lambda` entering only through `"
               "t = alpha lambda`.", uses=(analysis.ref("characteristic-polynomial",
                                                        "polynomial"),),
               assumptions=(sp.Eq(t, method.step_size * S.lam),))
    _criterion(d, degree)
    poly = sp.Poly(p_t, SIGMA)
    with sp.evaluate(False):  # the values at 1 and -1 put in, before the arithmetic
        at = [p_t.xreplace({SIGMA: 1}), p_t.xreplace({SIGMA: -1})]
    shown = [*at, poly.all_coeffs()[-1] / poly.LC()]
    d.equation("conditions", Kind.EXPANSION, sp.Matrix(shown),
               sp.Matrix([sp.factor(x) for x in (sp.expand(at[0]), sp.expand(at[1]),
                                                 sp.expand(shown[2]))]),
               "The quantities of the criterion for this polynomial: its values at 1 and -1 "
               "and its constant term, each a polynomial in `t`.", uses=("in-t", "criterion"))
    d.solve("edge", sp.Eq(source, 0), t, upper,
            "Solved for `t`, this condition changes sign at its edge; at every parameter value "
            "it is the first of the edges above `t = 0`, so it ends the region.",
            uses=("conditions",), assumptions=where)
    criterion = sp.And(*(q > 0 for q in quantities))
    region = sp.And(t > 0, t < upper)
    d.add("region", Kind.INEQUALITY, sp.Equivalent(criterion, region),
          "So the criterion holds exactly for `t` strictly between 0 and that edge: every "
          "condition of the criterion is positive there, and some condition fails outside.",
          uses=("edge", "conditions"), assumptions=where)
    d.result("upper", upper, step="edge", ends=("region", region),
             variable=(t, method.step_size * S.lam))
    if degree == 2:
        roots = analysis.get("eigenvalues").results
        moduli = [sp.Abs(in_t(roots[n], method.step_size).xreplace({T: t}))
                  for n in ("sigma_1", "sigma_2")]
        d.add("direct", Kind.INEQUALITY,
              sp.Equivalent(sp.And(moduli[0] < 1, moduli[1] < 1), region),
              "The same region directly from the eigenvalues, without the cited criterion: "
              "both have modulus below 1 exactly when `t` lies strictly between 0 and the edge "
              "(real algebra on the square root of the discriminant, real or imaginary).",
              uses=(analysis.ref("eigenvalues", "sigma_1"), analysis.ref("eigenvalues",
                                                                         "sigma_2"), "region"),
              assumptions=where)
    return d.build(Witness(
        f"For random parameters take `t = alpha lambda` 2% inside and outside each end of "
        "the interval from 0 to the upper end: compute the spectral radius of one step of "
        f"{method.noun} (its own rule, applied to unit states) at each eigenvalue of a random "
        "quadratic, the largest of them, and run it 400 steps on that quadratic (more where "
        "the radius is near 1) to see the error shrink or grow, over the run and over its "
        "second half.",
        lambda derivation, dps, rng: _witness(analysis, derivation, dps, rng)))


STEPS = 400
#: the most steps a run takes to show a slow convergence or divergence
MOST_STEPS = 100_000
#: the factor by which a run shows the error change (its transient growth aside)
TOLD = 4


def steps_to_tell(radius: mp.mpf) -> int:
    """Steps enough for an error that shrinks or grows by the spectral radius each step
    to have changed by a factor 10^4: at least :data:`STEPS`, at most
    :data:`MOST_STEPS` (a radius of 0.988, as at 2% inside the region of a negative
    momentum, needs about 760)."""
    if radius == 1:
        return MOST_STEPS
    needed = mp.ceil(abs(TOLD * mp.log(10) / mp.log(radius)))
    return int(min(max(needed, STEPS), MOST_STEPS))


def _shown(ratio: mp.mpf, late: mp.mpf, radius: mp.mpf, steps: int, inside: bool) -> bool:
    """Whether a run of ``steps`` steps shows the error shrinking (``inside``) or
    growing as the spectral radius says.  ``ratio`` is the iterate's error change over
    the run, ``late`` the whole state's over its second half.

    The run is long enough for the radius to change the error by 10^4: the iterate's
    error must have changed by a factor 100 (inside) or 10 (outside) of it, which leaves
    room for a transient, or else the state's by a factor 10 of the 100 the radius
    predicts for the second half, when the slowest or fastest component leads (a start
    that held little of it, as near a double eigenvalue).  Where even :data:`MOST_STEPS`
    steps change the error by less than 10^4 (a radius within about 10^-4 of 1), each
    factor asked is at most the square root of the change predicted."""
    predicted = radius ** steps
    change = predicted if predicted > 1 else 1 / predicted
    inward, outward = min(mp.mpf(100), mp.sqrt(change)), min(mp.mpf(10), mp.sqrt(change))
    half = min(mp.mpf(10), mp.sqrt(mp.sqrt(change)))
    if inside:
        return ratio < 1 / inward or late < 1 / half
    return ratio > outward or late > half


def _change(before: mp.mpf, after: mp.mpf) -> mp.mpf:
    """after / before, for an error that may have reached exactly zero (a nilpotent
    step, as gradient descent's at t = 1)."""
    if before == 0:
        return mp.zero if after == 0 else mp.inf
    return after / before


def state_error(method, system, trajectory, problem, step: int, point) -> mp.mpf:
    """The size of the whole state's error at ``step``, over every eigencomponent."""
    return mp.sqrt(mp.fsum(mp.norm(v) ** 2 for v in
                           error_state(method, system, trajectory, problem, step, point)))


def _witness(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    method = analysis.method
    system = decoupling.error_system(method)
    upper = derivation.results["upper"]
    comparisons = []
    for _ in range(3):
        values = draw_parameters(method, rng)
        top = evaluate(upper, values)
        where = ", ".join(equals(str(s), mp.nstr(v, 4)) for s, v in values.items()
                          if s != method.step_size)
        for label, x, inside in (("above 0", top / 50, True), ("below 0", -top / 50, False),
                                 ("below upper", top * 49 / 50, True),
                                 ("above upper", top * 51 / 50, False)):
            point = {**values, method.step_size: x}
            problem = random_quadratic(rng, (mp.mpf(1) / 2, mp.one))
            w0 = random_vector(rng, 2)
            # the error is as slow (or as fast) as the slowest (fastest) eigencomponent
            # of the quadratic run on: the spectral radius is the largest over its
            # eigenvalues, where t = alpha lambda is on the same side of each end
            radius = max(spectral_radius(one_step_matrix(method, point, lam))
                         for lam in problem.spectrum)
            steps = steps_to_tell(radius)
            trajectory = run(method, point, problem.gradient, w0, steps,
                             gradient_entries=problem.gradient_entries)
            limit = problem.w_star * multiples(system, point)[method.iterate]
            ratio = mp.norm(trajectory(method.iterate, steps) - limit) / mp.norm(w0 - limit)
            # over the second half, the whole state: with complex eigenvalues the iterate's
            # error oscillates, and read at one step it may be near a zero of it
            late = _change(state_error(method, system, trajectory, problem, steps // 2, point),
                           state_error(method, system, trajectory, problem, steps, point))
            expected = "converge" if inside else "diverge"
            agree = (radius < 1) == inside and _shown(ratio, late, radius, steps, inside)
            comparisons.append(Comparison(
                f"{where + ', ' if where else ''}`t` {label}", bool(agree), None,
                f"{equals('t', mp.nstr(x, 6))}, upper {mp.nstr(top, 6)}: should {expected}; "
                f"radius {mp.nstr(radius, 8)}; error {mp.nstr(ratio, 4)} after {steps} steps, "
                f"{mp.nstr(late, 4)} over the last {steps - steps // 2}"))
    return WitnessReport(f"{method.title}: spectral radius and iterates on both sides of "
                         "each end of the region", tuple(comparisons))
