"""The eigenvalues sigma_1, sigma_2 of the momentum iteration matrix R.

Problem.  R = [[beta, lambda], [-alpha beta, 1 - alpha lambda]]
(``momentum-iteration-matrix``); its eigenvalues decide how fast the
eigencomponent (y_i, x_i) converges.

Derivation.  The characteristic polynomial det(sigma I - R) (SymPy
``charpoly``) is sigma^2 - (1 + beta - alpha lambda) sigma + beta, of the form
sigma^2 - tr(R) sigma + det(R); SymPy ``solve`` gives its two roots, and the
one with +sqrt(discriminant) is sigma_1.  Vieta's formulas are checked:
sigma_1 + sigma_2 = tr R and sigma_1 sigma_2 = det R = beta.

Results.  ``sigma_1`` = (1 + beta - alpha lambda + sqrt(Delta)) / 2 and
``sigma_2`` = (1 + beta - alpha lambda - sqrt(Delta)) / 2 with
Delta = (1 + beta - alpha lambda)^2 - 4 beta.  When Delta < 0 the square root
is i sqrt(-Delta) and the roots are complex conjugates.

Source.  Goh, "Why Momentum Really Works", "The Dynamics of Momentum" (the
eigenvalues of R); d2l.ai, "Momentum".
"""

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.checks import compare_numbers
from momentum_sym.witness.matrix_power import evaluate_matrix

ID = "momentum-eigenvalues"
MATRIX = "momentum-iteration-matrix"
SIGMA = sp.Symbol("sigma")  # the variable of the characteristic polynomial


def domain() -> Domain:
    """alpha, beta, lambda, and sigma for polynomial identities."""
    return Domain(variables={
        S.alpha: interval("1/100", 2), S.beta: interval(0, "99/100"),
        S.lam: interval("1/10", 10), SIGMA: interval(-2, 2)})


def characteristic(r_matrix: sp.Matrix) -> tuple[sp.Expr, sp.Expr]:
    """The characteristic polynomial of R in SIGMA and its discriminant."""
    polynomial = r_matrix.charpoly(SIGMA)
    return polynomial.as_expr(), sp.discriminant(polynomial.as_expr(), SIGMA)


def branches(polynomial: sp.Expr, trace: sp.Expr, discriminant: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """The roots of the quadratic as (+ branch, - branch): each root is
    trace/2 +- sqrt(discriminant)/2; the sign is read off by SymPy."""
    roots = sp.solve(sp.Eq(polynomial, 0), SIGMA)
    signs = {sp.simplify((root - trace / 2) / sp.sqrt(discriminant)): root for root in roots}
    return signs[sp.Rational(1, 2)], signs[sp.Rational(-1, 2)]


def derive():
    r_matrix = momentum_sym.get(MATRIX).results["R"]
    d = DerivationBuilder(
        ID, "The eigenvalues of the momentum iteration matrix",
        source="Goh (2017), The Dynamics of Momentum",
        summary=("The eigenvalues of `R` are the roots of `sigma^2 - (1 + beta - alpha lambda) "
                 "sigma + beta`: their sum is the trace `1 + beta - alpha lambda` and their "
                 "product is `beta`. They are real when the discriminant `"
                 "(1 + beta - alpha lambda)^2 - 4 beta` is nonnegative and complex conjugates "
                 "otherwise."),
        domain=domain(), uses=(MATRIX,))
    shifted = SIGMA * sp.eye(2) - r_matrix
    polynomial, discriminant = characteristic(r_matrix)
    d.equation("characteristic", Kind.EXPANSION,
               shifted[0, 0] * shifted[1, 1] - shifted[0, 1] * shifted[1, 0], polynomial,
               "The eigenvalues are the zeros of `det(sigma I - R)`; expand the 2x2 determinant.",
               uses=(f"{MATRIX}.R",), written_in=(SIGMA,))
    trace, determinant = r_matrix.trace(), r_matrix.det()
    d.equation("trace-determinant", Kind.SIMPLIFICATION, polynomial,
               SIGMA**2 - trace * SIGMA + determinant,
               "As for every 2x2 matrix, the coefficients are the trace and the determinant.",
               uses=("characteristic",))
    cofactors = r_matrix[0, 0] * r_matrix[1, 1] - r_matrix[0, 1] * r_matrix[1, 0]
    d.equation("determinant", Kind.EXPANSION, cofactors, sp.expand(cofactors),
               "The determinant of `R` is `beta`: the `alpha beta lambda` terms cancel.",
               uses=(f"{MATRIX}.R",))
    d.equation("discriminant", Kind.EXPANSION, discriminant, trace**2 - 4 * determinant,
               "The discriminant of the quadratic is `tr(R)^2 - 4 det(R)`.",
               uses=("trace-determinant",))
    plus, minus = branches(polynomial, trace, discriminant)
    d.solve("sigma_1", sp.Eq(polynomial.xreplace({SIGMA: S.sigma_1}), 0), S.sigma_1, plus,
            "The quadratic formula with the positive square root of the discriminant: the first "
            "root `sigma_1`.",
            uses=("characteristic",), written_in=(S.sigma_1,))
    d.solve("sigma_2", sp.Eq(polynomial.xreplace({SIGMA: S.sigma_2}), 0), S.sigma_2, minus,
            "The same formula with the negative square root gives the second root `sigma_2`.",
            uses=("characteristic",), written_in=(S.sigma_2,))
    difference = sp.Add(plus, sp.Mul(-1, minus, evaluate=False), evaluate=False)
    d.equation("branch", Kind.SIMPLIFICATION, difference, sp.sqrt(discriminant),
               "The roots differ by the square root of the discriminant, `sigma_1` being the "
               "+ branch: when the roots are real, `sigma_1` is the larger.",
               uses=("sigma_1", "sigma_2", "discriminant"))
    d.equation("vieta-sum", Kind.SIMPLIFICATION, sp.Add(plus, minus, evaluate=False), trace,
               "Check: the roots add up to the trace of `R` (the square roots cancel).",
               uses=("sigma_1", "sigma_2"))
    d.equation("vieta-product", Kind.SIMPLIFICATION, plus * minus, sp.expand(determinant),
               "Check: their product is the determinant of `R`, `beta` (difference of squares "
               "leaves `trace^2/4` - discriminant/4).", uses=("sigma_1", "sigma_2", "determinant"))
    d.result("sigma_1", plus, step="sigma_1")
    d.result("sigma_2", minus, step="sigma_2")
    d.name("sigma", "the variable of the characteristic polynomial")
    return d.build(Witness(
        "Compute the eigenvalues of `R` with mpmath's eig at random (`alpha`, `beta`, `lambda`), "
        "with "
        "real and with complex roots, and compare with `sigma_1` and `sigma_2`.",
        lambda derivation, dps, rng: _witness(r_matrix, derivation.results, dps, rng)))


def _witness(r_matrix, results, dps, rng):
    symbols = (S.alpha, S.beta, S.lam)
    plus = sp.lambdify(symbols, results["sigma_1"], "mpmath")
    minus = sp.lambdify(symbols, results["sigma_2"], "mpmath")
    comparisons = []
    # (alpha, beta, lambda): real distinct roots, complex roots, negative real roots
    points = [(mp.mpf(rng.uniform(0.01, 0.05)), mp.mpf(rng.uniform(0.1, 0.3)), mp.mpf(1)),
              (mp.mpf(rng.uniform(0.5, 1)), mp.mpf(rng.uniform(0.6, 0.9)), mp.mpf(1)),
              (mp.mpf(rng.uniform(1.8, 2.2)), mp.mpf(rng.uniform(0.01, 0.1)), mp.mpf(1))]
    for alpha, beta, lam in points:
        matrix = evaluate_matrix(r_matrix, {S.alpha: alpha, S.beta: beta, S.lam: lam})
        observed, _ = mp.eig(matrix)
        derived = (mp.mpmathify(plus(alpha, beta, lam)), mp.mpmathify(minus(alpha, beta, lam)))
        where = f"`alpha = {mp.nstr(alpha, 6)}`, `beta = {mp.nstr(beta, 6)}`, `lambda = 1`"
        for name, value in zip(("sigma_1", "sigma_2"), derived, strict=True):
            nearest = min(observed, key=lambda e, value=value: abs(e - value))
            kind = "complex" if abs(mp.im(value)) > 0 else "real"
            comparisons.append(compare_numbers(f"`{name}` ({kind} roots)", nearest, value,
                                               dps - 5,
                                               f"{kind} roots at {where}"))
    return WitnessReport("mpmath eig of `R` against the derived roots", tuple(comparisons))
