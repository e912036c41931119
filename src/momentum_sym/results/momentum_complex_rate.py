"""The convergence rate of momentum when the eigenvalues of R are complex.

Problem.  For the iteration matrix R of one eigencomponent, with eigenvalues
sigma_1, sigma_2 (``momentum-eigenvalues``), find max(|sigma_1|, |sigma_2|)
when the discriminant Delta = tr(R)^2 - 4 det(R) is negative.

Derivation.  Write sigma_{1,2} = (tau +- sqrt(Delta))/2 with tau = tr R real.
For Delta < 0, sqrt(Delta) = i sqrt(-Delta), so the roots are complex
conjugates and |sigma_1| = |sigma_2|; then
|sigma_1|^2 = sigma_1 conj(sigma_1) = sigma_1 sigma_2 = det R = beta, and the
positive solution of rho^2 = beta is the rate.

Result.  ``rate`` = sqrt(beta): on the whole complex region the rate does not
depend on alpha or lambda.

Source.  Goh, "Why Momentum Really Works", "The Dynamics of Momentum" (the
convergence-rate figure: the complex region has rate sqrt(beta)).
"""

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.momentum_eigenvalues import characteristic
from momentum_sym.witness.checks import compare_numbers
from momentum_sym.witness.matrix_power import evaluate_matrix
from momentum_sym.witness.momentum_coordinates import eigen_trajectory

ID = "momentum-complex-rate"
MATRIX, EIGENVALUES = "momentum-iteration-matrix", "momentum-eigenvalues"
TAU = sp.Symbol("tau", real=True)  # the trace of R
DELTA = sp.Symbol("Delta", negative=True)  # the discriminant, on the complex region
RHO = sp.Symbol("rho", positive=True)  # the common modulus


def domain() -> Domain:
    return Domain(variables={
        S.alpha: interval("1/100", 2), S.beta: interval(0, "99/100"),
        S.lam: interval("1/10", 10), TAU: interval(-2, 2), DELTA: interval(-4, "-1/1000")})


def derive():
    r_matrix = momentum_sym.get(MATRIX).results["R"]
    roots = momentum_sym.get(EIGENVALUES).results
    sigma_1, sigma_2 = roots["sigma_1"], roots["sigma_2"]
    _, discriminant = characteristic(r_matrix)
    trace = r_matrix.trace()
    plus, minus = (TAU + sp.sqrt(DELTA)) / 2, (TAU - sp.sqrt(DELTA)) / 2
    d = DerivationBuilder(
        ID, "The rate of momentum with complex eigenvalues",
        source="Goh (2017), The Dynamics of Momentum (convergence-rate figure)",
        summary=("When `(1 + beta - alpha lambda)^2 < 4 beta` the two eigenvalues of `R` are "
                 "complex conjugates of equal modulus, and the product of the eigenvalues, `"
                 "det R = beta`, is that modulus squared: every such eigencomponent converges "
                 "at the rate `sqrt(beta)`, whatever `alpha` and `lambda`."),
        domain=domain(), uses=(MATRIX, EIGENVALUES))
    general = {TAU: trace, DELTA: discriminant}
    d.equation("trace-form", Kind.SUBSTITUTION, sp.Matrix([sigma_1, sigma_2]),
               sp.Matrix([plus, minus]),
               "Both eigenvalues are `tau/2 +- sqrt(Delta)/2` with `tau = tr R` (real) and `Delta` "
               "the discriminant of the characteristic polynomial.",
               uses=(f"{EIGENVALUES}.sigma_1", f"{EIGENVALUES}.sigma_2"),
               assumptions=(sp.Eq(TAU, trace), sp.Eq(DELTA, discriminant)))
    imaginary = sp.I * sp.sqrt(-DELTA)
    d.equation("imaginary", Kind.SIMPLIFICATION, sp.sqrt(DELTA), imaginary,
               "On the complex region `Delta < 0`, so its square root is `i sqrt(-Delta)`, "
               "purely imaginary.")
    plus_c, minus_c = plus.xreplace({sp.sqrt(DELTA): imaginary}), \
        minus.xreplace({sp.sqrt(DELTA): imaginary})
    d.equation("conjugates", Kind.SIMPLIFICATION, sp.conjugate(plus_c, evaluate=False),
               minus_c,
               "`tau` is real and `sqrt(Delta)` imaginary, so the two roots are complex "
               "conjugates.", uses=("trace-form", "imaginary"))
    d.equation("equal-moduli", Kind.SIMPLIFICATION, sp.Abs(minus_c, evaluate=False),
               sp.Abs(plus_c),
               "Conjugate numbers have the same modulus: `|sigma_2| = |sigma_1|`.",
               uses=("conjugates",))
    modulus_squared = sp.expand(plus_c * minus_c)
    d.equation("modulus-squared", Kind.SIMPLIFICATION,
               sp.Abs(plus_c, evaluate=False) ** 2, modulus_squared,
               "`|sigma_1|^2` is `sigma_1` times its conjugate `sigma_2`: the product of the "
               "roots, `(tau^2 - Delta)/4`.", uses=("conjugates",))
    determinant = sp.expand(modulus_squared.xreplace(general))
    d.equation("determinant", Kind.SUBSTITUTION, modulus_squared.xreplace(general),
               determinant,
               "Put back `tau = tr R` and `Delta = tr(R)^2 - 4 det R`: the product is `det R = "
               "beta`.", uses=("modulus-squared", f"{MATRIX}.R"))
    d.equation("product", Kind.SIMPLIFICATION, sigma_1 * sigma_2, determinant,
               "The same from the roots themselves: `sigma_1 sigma_2 = det R = beta` "
               "(Vieta).", uses=(f"{EIGENVALUES}.sigma_1", f"{EIGENVALUES}.sigma_2"))
    (rate,) = sp.solve(sp.Eq(RHO**2, determinant), RHO)
    d.solve("rate", sp.Eq(RHO**2, determinant), RHO, rate,
            "The common modulus `rho` is positive and `rho^2 = beta`: `rho = sqrt(beta)`, wherever "
            "the eigenvalues are complex.",
            uses=("determinant", "equal-moduli"), assumptions=(discriminant < 0,))
    d.result("rate", rate, step="rate")
    d.name("tau, Delta", "the trace of `R` and the discriminant of its characteristic "
           "polynomial (`Delta < 0`: complex roots)")
    d.name("rho", "the common modulus `|sigma_1| = |sigma_2|`")
    return d.build(Witness(
        "At points with complex roots compute both eigenvalues of `R` with mpmath's eig and "
        "compare their moduli with the rate; run momentum (`n = 3`, every eigenvalue in the "
        "complex region) and compare the area spanned by consecutive eigencomponent states "
        "`v^k` and `v^{k+1}` (the determinant of the matrix with these columns) with `beta^k` "
        "times the first area, `beta^k = (|sigma_1| |sigma_2|)^k`.",
        lambda derivation, dps, rng: _witness(r_matrix, discriminant,
                                              derivation.results["rate"], dps, rng)))


def _witness(r_matrix, discriminant, rate, dps, rng):
    comparisons = []
    delta = sp.lambdify((S.alpha, S.beta, S.lam), discriminant, "mpmath")
    rate_at = sp.lambdify((S.beta,), rate, "mpmath")
    for _ in range(3):
        while True:  # a point with complex roots
            alpha, beta = mp.mpf(rng.uniform(0.05, 1.5)), mp.mpf(rng.uniform(0.2, 0.98))
            if delta(alpha, beta, 1) < 0:
                break
        matrix = evaluate_matrix(r_matrix, {S.alpha: alpha, S.beta: beta, S.lam: mp.mpf(1)})
        eigenvalues, _ = mp.eig(matrix)
        where = f"`alpha = {mp.nstr(alpha, 6)}`, `beta = {mp.nstr(beta, 6)}`, `lambda = 1`"
        for j, e in enumerate(eigenvalues):
            comparisons.append(compare_numbers(f"`|sigma_{j + 1}|` (eig)", abs(e),
                                               rate_at(beta), dps - 5, where))
    beta = mp.mpf(rng.uniform(0.7, 0.9))
    spectrum = [mp.mpf(s) for s in (0.5, 1, 2)]
    alpha = mp.mpf(1) / 2  # (1 + beta - alpha lambda)^2 < 4 beta for every lambda here
    assert all(delta(alpha, beta, lam) < 0 for lam in spectrum)
    run = eigen_trajectory(rng, spectrum, alpha, beta, 60)
    for j in range(3):
        def area(kk, j=j):
            return run.y[kk][j] * run.x[kk + 1][j] - run.x[kk][j] * run.y[kk + 1][j]
        kk = 59
        comparisons.append(compare_numbers(
            f"area ratio, eigencomponent {j + 1}", area(kk) / area(0), rate_at(beta) ** (2 * kk),
            dps - 5, f"`k = {kk}`, `beta = {mp.nstr(beta, 6)}`: the area spanned by `v^k`, "
            "`v^(k+1)` over the one spanned by `v^0`, `v^1`, against `rate^(2k)`"))
    return WitnessReport("moduli of the eigenvalues and areas of iterates against `sqrt beta`",
                         tuple(comparisons))
