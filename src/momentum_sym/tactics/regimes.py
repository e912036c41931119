"""The regimes of a method: how one eigencomponent behaves over alpha lambda.

Problem.  A method with a 2x2 iteration matrix, at fixed other parameters: for which
t = alpha lambda do the iterates of one eigencomponent decrease monotonically, ripple
(complex eigenvalues), flip sign at every step, or diverge?

Method.  The discriminant of the characteristic polynomial
(``<method>-characteristic-polynomial``), written in t, is a quadratic in t; SymPy
``solve`` gives its two zeros, ordered at sampled parameters (the choice) and proved
ordered.  Between them the discriminant is negative (complex eigenvalues: ripples),
proved by real algebra; outside them the eigenvalues are real.  Where p(-1) = 0
(``solve``) an eigenvalue crosses -1: the edge of the convergence region
(``<method>-convergence-region``).

Result.  ``complex_start`` and ``complex_end`` (the zeros of the discriminant in
alpha lambda: the eigenvalues are complex, the iterates ripple, strictly between them)
and ``divergence`` (where p(-1) = 0, the region's edge).  For the heavy ball
(1 -+ sqrt(beta))^2 and 2 + 2 beta (the article's monotone, ripple and oscillation
regimes); whether the real eigenvalues beyond ``complex_end`` are negative (sign
flips) depends on the method and is not claimed.

Source.  Goh (2017), "The Dynamics of Momentum" (the taxonomy of the convergence-rate
figure), for any method given as data.
"""

from __future__ import annotations

import random

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.methods.run import one_step_matrix
from momentum_sym.results import symbols as S
from momentum_sym.tactics.common import (
    SIGMA,
    Analysis,
    NotApplicable,
    T,
    in_t,
    parameter_domain,
    simplest,
    title,
)
from momentum_sym.tactics.witnesses import draw_parameters, evaluate
from momentum_sym.witness.checks import equals

FAMILY = "regimes"
REQUIRES = "an iteration matrix of size 2 with a discriminant quadratic in `alpha lambda`"


def applies(analysis: Analysis) -> bool:
    if analysis.get("iteration-matrix").results["R"].rows != 2:
        return False
    discriminant = analysis.get("characteristic-polynomial").results["discriminant"]
    try:
        d_t = in_t(discriminant, analysis.method.step_size)
    except ValueError:
        return False
    return sp.Poly(d_t, T).degree() == 2


def _ordered(analysis: Analysis, roots: list[sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
    rng = random.Random(11)
    method = analysis.method
    first = None
    real_at = complex_at = 0
    for _ in range(10):
        values = draw_parameters(method, rng)
        point = {s: sp.Rational(str(mp.nstr(v, 10))) for s, v in values.items()}
        a, b = (sp.N(r.xreplace(point), 30) for r in roots)
        if not (a.is_real and b.is_real):
            complex_at += 1
            continue
        real_at += 1
        order = bool(a <= b)
        if first is None:
            first = order
        elif first != order:
            raise NotApplicable("the zeros of the discriminant cross")
    if not real_at:
        raise NotApplicable("the zeros of the discriminant in alpha lambda are complex at "
                            "every parameter value drawn: its sign does not change with the "
                            "step size, so there is no band of ripples between two zeros")
    if complex_at:
        raise NotApplicable("the zeros of the discriminant are real at some parameter values "
                            "and complex at others (drawn at random)")
    return (roots[0], roots[1]) if first else (roots[1], roots[0])


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    step = method.step_size
    discriminant = analysis.get("characteristic-polynomial").results["discriminant"]
    d_t = sp.expand(in_t(discriminant, step).xreplace({T: S.t}))
    roots = [simplest(r) for r in sp.solve(d_t, S.t, simplify=False)]
    if not roots:
        raise NotApplicable("the discriminant has no zero at a positive alpha lambda: the "
                            "eigenvalues are of one kind for every step size, with no band "
                            "of ripples")
    if len(roots) != 2:
        raise NotApplicable("the discriminant has a double zero in alpha lambda")
    lower, upper = _ordered(analysis, roots)
    edge = analysis.get("convergence-region").results["upper"]
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method), source=method.source,
        summary=(f"Over `alpha lambda`, one eigencomponent of {method.noun} has real "
                 "eigenvalues, then complex ones (ripples) between the two zeros of the "
                 "discriminant, then real ones again, and diverges beyond the region's "
                 "edge."),
        domain=parameter_domain(method, {S.t: interval("1/1000", 8)}),
        uses=(analysis.id("characteristic-polynomial"), analysis.id("convergence-region")))
    d.name("t", "`alpha lambda`")
    d.equation("discriminant", Kind.SUBSTITUTION, discriminant, d_t,
               "The discriminant of the characteristic polynomial, in `t = alpha lambda`: a "
               "quadratic in `t`.",
               uses=(analysis.ref("characteristic-polynomial", "discriminant"),),
               assumptions=(sp.Eq(S.t, step * S.lam),))
    d.solve("lower-edge", sp.Eq(d_t, 0), S.t, lower,
            "Its smaller zero: below it the eigenvalues are real.", uses=("discriminant",))
    d.solve("upper-edge", sp.Eq(d_t, 0), S.t, upper,
            "Its larger zero: above it the eigenvalues are real again.",
            uses=("discriminant",))
    a2, a1, a0 = (sp.factor(c) for c in sp.Poly(d_t, S.t).all_coeffs())
    width = sp.sqrt(sp.factor(a1**2 - 4 * a2 * a0)) / a2
    d.equation("width", Kind.SIMPLIFICATION, sp.Add(upper, -lower, evaluate=False), width,
               "The two zeros differ by `sqrt(b^2 - 4 a c)/a` for the quadratic `a t^2 + b t + c`.",
               uses=("lower-edge", "upper-edge"))
    d.add("ordered", Kind.INEQUALITY, sp.Ge(width, 0, evaluate=False),
          "A square root over a positive leading coefficient: the zeros are in this order "
          "for every value of the parameters.", uses=("width",))
    d.add("ripples", Kind.INEQUALITY, sp.Lt(d_t, 0, evaluate=False),
          "Between the zeros the discriminant is negative: complex eigenvalues, so the "
          "iterates ripple.", uses=("ordered",),
          assumptions=(S.t > lower, S.t < upper))
    p_t = in_t(analysis.get("characteristic-polynomial").results["polynomial"], step)
    at_minus_one = sp.expand(p_t.xreplace({SIGMA: -1, T: S.t}))
    solutions = [simplest(r) for r in sp.solve(at_minus_one, S.t)]
    if len(solutions) != 1:
        raise NotApplicable("p(-1) = 0 has no single solution in alpha lambda")
    (divergence,) = solutions
    d.solve("divergence-edge", sp.Eq(at_minus_one, 0), S.t, divergence,
            "Where `p(-1) = 0` an eigenvalue passes through -1: beyond it the sign flips grow "
            "and the iterates diverge.",
            uses=(analysis.ref("characteristic-polynomial", "polynomial"),))
    if divergence != edge:  # the same expression needs no step
        d.equation("region-edge", Kind.SIMPLIFICATION, divergence, edge,
                   "It is the edge of the convergence region.",
                   uses=("divergence-edge", analysis.ref("convergence-region", "upper")))
    d.result("complex_start", lower, step="lower-edge")
    d.result("complex_end", upper, step="upper-edge")
    d.result("divergence", divergence, step="divergence-edge")
    return d.build(Witness(
        f"At random parameters, take `alpha lambda` just inside each regime and compute the "
        f"eigenvalues of one step of {method.noun} (its own rule, applied to unit "
        "states): real below the first edge, complex between the edges, real after, and "
        "one of modulus above 1 beyond the last edge.",
        lambda derivation, dps, rng: _witness(analysis, derivation, dps, rng)))


def _witness(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    method = analysis.method
    comparisons = []
    with mp.workdps(dps):
        for _ in range(3):
            values = draw_parameters(method, rng)
            a = evaluate(derivation.results["complex_start"], values)
            b = evaluate(derivation.results["complex_end"], values)
            c = evaluate(derivation.results["divergence"], values)
            checks = (("real below", a / 2), ("complex", (a + b) / 2),
                      ("real above", (b + min(c, 2 * b)) / 2 if b < c else None),
                      ("divergence", c * mp.mpf(21) / 20))
            for name, t in checks:
                if t is None or t <= 0:
                    continue
                point = {**values, method.step_size: t}
                eigenvalues, _ = mp.eig(one_step_matrix(method, point, mp.one))
                dominant = max(eigenvalues, key=abs)
                complex_ = any(abs(mp.im(e)) > mp.mpf(10) ** (-dps // 2) for e in eigenvalues)
                ok = {"real below": not complex_, "complex": complex_,
                      "real above": not complex_,
                      "divergence": abs(dominant) > 1}[name]
                comparisons.append(Comparison(
                    f"{name} at {equals('t', mp.nstr(t, 4))}", bool(ok), None,
                    "eigenvalues " + ", ".join(mp.nstr(e, 6) for e in eigenvalues)))
    return WitnessReport(f"{method.title}: the eigenvalues of one step in each regime",
                         tuple(comparisons))
