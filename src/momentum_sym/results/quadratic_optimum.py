"""The optimum of the convex quadratic.

Problem.  f(w) = 1/2 w^T A w - b^T w on R^n, with A symmetric positive definite,
A = Q Lambda Q^T.

Derivation.  Differentiate (SymPy's matrix calculus), use the symmetry
A^T = A, and set the gradient, an affine function of w, to zero.

Results.  ``gradient`` = A w - b;  ``w_star`` = A^{-1} b.  The error in f is
the quadratic form f(w) - f(w*) = 1/2 (w - w*)^T A (w - w*), so w* is the
unique minimiser.

Source.  Goh, "Why Momentum Really Works", section "First Steps: Gradient Descent".
"""

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.matrices import evaluate_numeric
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import instance_domain, quadratic_model
from momentum_sym.witness.checks import compare_vectors
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum

ID = "quadratic-optimum"


def objective(w: sp.MatrixExpr) -> sp.MatrixExpr:
    """f(w) = 1/2 w^T A w - b^T w (a 1x1 matrix expression)."""
    return sp.Rational(1, 2) * w.T * S.A * w - S.b.T * w


def derive():
    model = quadratic_model(vectors=(S.w, S.b, S.v), definitions=(
        (S.w_star, S.A.inv() * S.b),))
    d = DerivationBuilder(
        ID, "The optimum of a convex quadratic",
        source="Goh (2017), First Steps: Gradient Descent",
        summary=("The gradient of the quadratic is `A w - b`, so the only stationary point is `"
                 "w* = A^{-1} b`; the error `f(w) - f(w*)` is the quadratic form of `A` in `w - "
                 "w*`, "
                 "which is positive when `A` is positive definite, so `w*` is the minimiser."),
        domain=instance_domain(), model=model)
    f = objective(S.w)
    d.equation("objective", Kind.DEFINITION, sp.Symbol("f(w)"), f,
               "The model problem: a convex quadratic with `A` symmetric and positive definite.")
    raw = f.diff(S.w)
    d.equation("differentiate", Kind.MATRIX, sp.Derivative(f, S.w), raw,
               "Differentiate term by term: the gradient of `w^T A w` is `(A + A^T) w` and that "
               "of `b^T w` is `b`.")
    gradient = raw.xreplace({S.A.T: S.A}).doit()
    d.equation("symmetric", Kind.MATRIX, raw, gradient,
               "`A` is symmetric, so `A^T = A` and the two halves combine.",
               uses=("differentiate",))
    d.result("gradient", gradient, step="symmetric")
    jacobian = gradient.diff(S.w).T
    offset = gradient.xreplace({S.w: sp.ZeroMatrix(S.n, 1)}).doit()
    optimum = (jacobian.inv() * (-offset)).doit()
    d.equation("solve", Kind.MATRIX, S.w_star, optimum,
               "The gradient is affine in `w`, `grad f(w) = A w - b`, with Jacobian `A`, which is "
               "invertible: setting it to zero gives the one stationary point `"
               "w* = A^{-1} b`.", uses=("symmetric",))
    d.equation("stationary", Kind.MATRIX, gradient.xreplace({S.w: optimum}),
               sp.ZeroMatrix(S.n, 1),
               "Check: the gradient vanishes there.", uses=("solve",))
    d.result("w_star", optimum, step="solve")
    error = objective(S.w) - objective(S.w_star)
    displacement = S.w - S.w_star
    d.equation("error-form", Kind.MATRIX, error,
               sp.Rational(1, 2) * displacement.T * S.A * displacement,
               "Complete the square: with `b = A w*`, the error is the quadratic form of `A` in `"
               "w - w*`, which is positive for `w != w*` because `A` is positive definite.",
               uses=("stationary",))
    return d.build(Witness(
        "Solve `A w = b` by LU decomposition for a random quadratic `(n = 6)` and compare with `"
        "A^{-1} b` from the result, and the gradient with a central difference.", _witness))


def _witness(derivation, dps, rng):
    problem = random_quadratic(rng, random_spectrum(rng, 6, 0.5, 20))
    w = mp.matrix([mp.mpf(rng.uniform(-1, 1)) for _ in range(problem.n)])
    values = {S.A: problem.A, S.b: problem.b, S.w: w}
    derived_optimum = evaluate_numeric(derivation.results["w_star"], values)
    derived_gradient = evaluate_numeric(derivation.results["gradient"], values)
    h = mp.mpf(10) ** (-(dps // 2))
    central = mp.matrix([
        (problem.value(w + h * _unit(problem.n, j)) - problem.value(w - h * _unit(problem.n, j)))
        / (2 * h) for j in range(problem.n)])
    return WitnessReport(
        "LU solve of `A w = b` against the derived `w^*`; central differences of `f` against the "
        "derived gradient",
        (compare_vectors("`w^*`", problem.w_star, derived_optimum, dps - 5),
         compare_vectors("gradient", central, derived_gradient, dps // 2 - 2,
                         detail="central difference, step 1e-" + str(dps // 2))))


def _unit(n, j):
    return mp.matrix([1 if r == j else 0 for r in range(n)])
