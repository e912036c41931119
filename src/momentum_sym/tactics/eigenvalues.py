"""The eigenvalues of a method's iteration matrix.

Problem.  The roots sigma_1, sigma_2 of the characteristic polynomial
(``<method>-characteristic-polynomial``), on which the error of each eigencomponent
depends as c_1 sigma_1^k + c_2 sigma_2^k.

Method.  SymPy ``solve`` of p(sigma) = 0; for a quadratic the root with
+sqrt(discriminant) is sigma_1.  Each root is checked by substitution, and Vieta's
formulas by expansion: the roots add up to the trace and multiply to the
determinant.

Result.  ``sigma_1`` and ``sigma_2`` (a polynomial of degree 1 has ``sigma_1`` only).
For the heavy ball (1 + beta - alpha lambda +- sqrt(Delta))/2.

Source.  Goh (2017), "The Dynamics of Momentum", for any method given as data.
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.methods.run import run
from momentum_sym.results import symbols as S
from momentum_sym.tactics import decoupling
from momentum_sym.tactics.common import SIGMA, Analysis, parameter_domain, title
from momentum_sym.tactics.witnesses import digits, draw_parameters, evaluate, multiples
from momentum_sym.witness.quadratic import random_quadratic, random_vector

FAMILY = "eigenvalues"
REQUIRES = "an iteration matrix of size at most 2 (roots in radicals of a quadratic)"


def applies(analysis: Analysis) -> bool:
    r_matrix = analysis.get("iteration-matrix").results["R"]
    return r_matrix.rows <= 2


def branches(polynomial: sp.Expr) -> tuple[sp.Expr, ...]:
    """The roots: for a quadratic (+ branch, - branch) of -b/2 +- sqrt(discriminant)/2."""
    poly = sp.Poly(polynomial, SIGMA)
    roots = sp.solve(sp.Eq(polynomial, 0), SIGMA, simplify=False)
    if poly.degree() == 1:
        return tuple(roots)
    centre = -poly.coeff_monomial(SIGMA) / (2 * poly.coeff_monomial(SIGMA**2))
    root = sp.sqrt(sp.discriminant(polynomial, SIGMA))
    signs = {sp.simplify((r - centre) / root): r for r in roots}
    half = sp.Rational(1, 2)
    if half in signs and -half in signs:
        return signs[half], signs[-half]
    # SymPy wrote the roots in another form (a discriminant that is a square, whose
    # root it took with a sign): the two branches themselves
    return centre + root / 2, centre - root / 2


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    source = analysis.get("characteristic-polynomial")
    p = source.results["polynomial"]
    poly = sp.Poly(p, SIGMA)
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method),
        source=method.source,
        summary=("The eigenvalues are the roots of the characteristic polynomial: real "
                 "where its discriminant is nonnegative, complex conjugates where it is "
                 "negative; the error of each eigencomponent is a combination of their `k`-th "
                 "powers."),
        domain=parameter_domain(method, bounded=False),
        uses=(analysis.id("characteristic-polynomial"),))
    d.equation("characteristic", Kind.DEFINITION, sp.Symbol("p(sigma)"), p,
               "The characteristic polynomial of the iteration matrix.",
               uses=(analysis.ref("characteristic-polynomial", "polynomial"),),
               written_in=(SIGMA,))
    roots = branches(p)
    names = ("sigma_1", "sigma_2")
    symbols = (S.sigma_1, S.sigma_2)
    reasons = ("The quadratic formula with the positive square root of the discriminant: "
               "the first root `sigma_1`.",
               "The same formula with the negative square root: the second root `sigma_2`.")
    if poly.degree() == 1:
        reasons = ("The polynomial is linear: its one root is the single eigenvalue.",)
    for name, symbol, root, reason in zip(names, symbols, roots, reasons, strict=False):
        d.solve(name, sp.Eq(p.xreplace({SIGMA: symbol}), 0), symbol, root, reason,
                uses=("characteristic",))
        d.result(name, root, step=name)
    if poly.degree() == 2:
        a2, a1, a0 = poly.all_coeffs()
        d.equation("vieta-sum", Kind.SIMPLIFICATION, sp.Add(*roots, evaluate=False),
                   sp.factor(-a1 / a2),
                   "Check: the roots add up to the trace of `R` (the square roots cancel).",
                   uses=names)
        d.equation("vieta-product", Kind.SIMPLIFICATION, sp.Mul(*roots, evaluate=False),
                   sp.factor(a0 / a2),
                   "Check: they multiply to the determinant of `R` (a difference of squares).",
                   uses=names)
    d.name("sigma", "the variable of the characteristic polynomial")
    return d.build(Witness(
        f"Run {method.noun} (its own rule) on one-dimensional quadratics at random "
        "parameters with real and with complex eigenvalues; fit `c_1`, `c_2` to the first two "
        "errors and compare the next 30 errors with `c_1 sigma_1^k + c_2 sigma_2^k`.",
        lambda derivation, dps, rng: _witness(analysis, derivation, dps, rng)))


def _witness(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps + 20):
        return _run(analysis, derivation, dps, rng)


def _run(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    method = analysis.method
    system = decoupling.error_system(method)
    roots = [derivation.results[n] for n in ("sigma_1", "sigma_2") if n in derivation.results]
    comparisons, wanted = [], {"real", "complex"} if len(roots) == 2 else {"real"}
    met = set()  # the kinds of eigenvalues met at any draw, inside the disc or not
    # inside the unit disc first (32 steps); a kind met only outside it (a rule that never
    # converges) is then tested over 8 steps, which its growth keeps within the digits
    for largest, steps in ((mp.mpf("1.2"), 32), (mp.inf, 8)):
        for _ in range(DRAWS):
            if not wanted:
                break
            values = draw_parameters(method, rng, {S.alpha: (0.05, 1.5)})
            lam = mp.mpf(rng.uniform(0.5, 2))
            sigmas = [mp.mpc(evaluate(r, {**values, S.lam: lam})) for r in roots]
            kind = "complex" if len(sigmas) == 2 and abs(sigmas[0].imag) > 0 else "real"
            met.add(kind)
            if kind not in wanted or (len(sigmas) == 2 and abs(sigmas[0] - sigmas[1]) < 0.01):
                continue
            if max(abs(s) for s in sigmas) > largest:
                continue
            wanted.discard(kind)
            comparisons.append(_compared(method, system, values, lam, sigmas, kind, steps,
                                         dps, rng))
        if largest < mp.inf:
            never = wanted - met  # the kinds no draw met (said in the title)
        wanted &= met  # a kind never met (a negative momentum: real ones only) is not tested
    # a kind met but never tested is a failure to test it
    missed = wanted & met
    if missed or not comparisons:
        comparisons.append(Comparison("sample points", False, None,
                                      f"found no parameters with {', '.join(sorted(missed))} "
                                      "eigenvalues apart enough to test"))
    unmet = "" if not never else (
        f" ({' and '.join(sorted(never))} eigenvalues at none of {DRAWS} draws)")
    return WitnessReport(f"{method.title}: iterates against the derived eigenvalues{unmet}",
                         tuple(comparisons))


def _compared(method, system, values, lam, sigmas, kind: str, steps: int, dps: int,
              rng) -> Comparison:
    """The iterates of one eigencomponent against c_1 sigma_1^k + c_2 sigma_2^k."""
    problem = random_quadratic(rng, [lam])
    trajectory = run(method, values, problem.gradient, random_vector(rng, 1), steps,
                     gradient_entries=problem.gradient_entries)
    c = multiples(system, values)[method.iterate]
    xs = [(trajectory(method.iterate, k) - problem.w_star * c)[0] for k in range(steps + 1)]
    first = 1 if method.first_step else 0
    x0, x1 = xs[first], xs[first + 1]
    if len(sigmas) == 1:
        predicted = [x0 * sigmas[0] ** m for m in range(steps + 1 - first)]
    else:
        s1, s2 = sigmas
        c1, c2 = (x1 - s2 * x0) / (s1 - s2), (s1 * x0 - x1) / (s1 - s2)
        predicted = [c1 * s1**m + c2 * s2**m for m in range(steps + 1 - first)]
    worst = float(dps)
    for m in range(2, steps + 1 - first):
        if abs(xs[first + m]) < mp.mpf(10) ** -15 * abs(x0):
            break
        worst = min(worst, digits(mp.mpc(xs[first + m]), predicted[m], dps))
    return Comparison(
        f"{kind} eigenvalues", worst >= dps - 8, worst,
        "errors of the iterate against `c_1 sigma_1^k + c_2 sigma_2^k`, `c` fitted to the "
        "first two")


#: parameter draws the witness makes to meet real and complex eigenvalues
DRAWS = 200
