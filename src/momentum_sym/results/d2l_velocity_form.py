"""d2l's velocity form of momentum, its matrix R(beta, eta, lambda) and its step-size range.

Problem.  d2l writes momentum as v_{t+1} = beta v_t + g_t, x_{t+1} = x_t - eta v_{t+1}
on f(x) = lambda/2 x^2 (one eigencomponent of a quadratic), and the quadratic
as h(x) = 1/2 x^T Q x + x^T c + b.  Here d2l's eta is our alpha and d2l's Q our A.

Derivation.  Differentiate f, substitute the gradient and the new velocity into
the position update, and read the 2x2 matrix off the linear map (v_t, x_t) ->
(v_{t+1}, x_{t+1}) with SymPy's ``jacobian``; compare it with the article's R
(``momentum-iteration-matrix``).  For beta = 0 the recurrence is scalar:
``rsolve`` gives x_t = (1 - alpha lambda)^t x_0 (proved by induction) and the
univariate region |1 - alpha lambda| < 1 is solved exactly.  For momentum, the
characteristic polynomial of R and the Schur-Cohn (Jury) test give the region;
``solve`` gives its upper end, equal to ``momentum-convergence-region``'s.  For
d2l's h: differentiate, solve for the stationary point, substitute it back,
complete the square and take a gradient step in the eigenbasis (matrix steps on
generic instances).

Results.  ``R`` = [[beta, lambda], [-alpha beta, 1 - alpha lambda]] (d2l's
display, with eta = alpha, is right and equals the article's R with z = v);
``upper`` = 2 + 2 beta: momentum converges iff 0 < alpha lambda < 2 + 2 beta,
provided 0 <= beta < 1.

Source.  d2l.ai, "Momentum", sections "Quadratic Convex Functions" and "Scalar
Functions".  Errata found by the derivation:
* d2l's claim 0 < eta lambda < 2 + 2 beta omits the condition beta < 1: det R =
  beta, so for beta >= 1 no step size converges (at beta = 1, eta lambda = 1 the
  eigenvalues of R have modulus exactly 1).
* "Beyond that [eta lambda = 1] things diverge": gradient descent still converges
  (oscillating, 1 - eta lambda < 0) for 1 < eta lambda < 2; it diverges only for
  eta lambda > 2 (and does not converge at eta lambda = 2).
* z = O(x - Q^{-1} c) has the wrong sign: the minimiser is -Q^{-1} c, so
  z = O(x + Q^{-1} c) (with Q = O^T Lambda O).
* The gradient-descent display z_t = z_{t-1} - Lambda z_{t-1} drops the step size:
  z_t = (I - eta Lambda) z_{t-1}.
The minimiser -Q^{-1} c and the minimum b - 1/2 c^T Q^{-1} c are right.
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Solve, Witness
from momentum_sym.kernel.domain import Domain, IntegerRange, interval
from momentum_sym.kernel.matrices import evaluate_numeric
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import quadratic_model
from momentum_sym.witness.checks import compare_numbers, compare_vectors
from momentum_sym.witness.quadratic import random_orthogonal, random_spectrum, random_vector

ID = "d2l-velocity-form"
ITERATION_MATRIX = "momentum-iteration-matrix"
REGION = "momentum-convergence-region"

t = sp.Symbol("t", integer=True, nonnegative=True)  # d2l's step counter
v_t = sp.Symbol("v_t", real=True)
x_t = sp.Symbol("x_t", real=True)
v_next = sp.Symbol("v_{t+1}", real=True)
x_next = sp.Symbol("x_{t+1}", real=True)
x_0 = sp.Symbol("x_0", real=True)
g_t = sp.Symbol("g_t", real=True)
z = sp.Symbol("z")  # the variable of the characteristic polynomial
# alpha * lambda: not the article's t, which d2l's step counter holds here (two symbols
# printed alike would make a formula in t mean either)
s = sp.Symbol("s", real=True)
q = sp.Symbol("q", positive=True)  # 1 < alpha lambda < 2 written as (2 + q)/(1 + q)
sequence = sp.Function("x")  # x(t): gradient descent on the scalar function

# d2l's quadratic h(x) = 1/2 x^T Q x + x^T c + b, with d2l's Q our A.
xv = sp.MatrixSymbol("x", S.n, 1)
cv = sp.MatrixSymbol("c", S.n, 1)
xv_next = sp.MatrixSymbol("x^+", S.n, 1)


def domain() -> Domain:
    return Domain(variables={
        S.alpha: interval("1/100", 2), S.beta: interval(0, "99/100"),
        S.lam: interval("1/10", 10), v_t: interval(-2, 2), x_t: interval(-2, 2),
        x_0: interval(-2, 2), g_t: interval(-2, 2), z: interval(-2, 2), s: interval(-1, 5),
        q: interval("1/100", 100), t: IntegerRange(0, 40), S.k: IntegerRange(0, 30)})


def h_part(x: sp.MatrixExpr) -> sp.MatrixExpr:
    """h(x) - b = 1/2 x^T A x + x^T c (a 1x1 matrix expression; b only shifts h)."""
    return sp.Rational(1, 2) * x.T * S.A * x + x.T * cv


def derive():
    alpha, beta, lam = S.alpha, S.beta, S.lam
    model = quadratic_model(vectors=(xv, cv), definitions=(
        (xv_next, xv - alpha * (S.A * xv + cv)),))
    d = DerivationBuilder(
        ID, "d2l's velocity form and its matrix",
        source="d2l.ai, Momentum: Quadratic Convex Functions; Scalar Functions",
        summary=("d2l's velocity `v` is the article's z: one step maps (`v_t`, `x_t`) linearly to "
                 "(`v_{t+1}`, `x_{t+1}`) by the same matrix `R` as in the article. Without "
                 "momentum "
                 "the scalar iteration `x_t = (1 - eta lambda)^t x_0` converges iff `"
                 "0 < eta lambda < 2`; with momentum `0 <= beta < 1` the range widens to `"
                 "0 < eta lambda < 2 + 2 beta`, and for `beta >= 1` nothing converges."),
        domain=domain(), model=model, uses=(ITERATION_MATRIX, REGION))
    d.name("alpha", "the step size, d2l's `eta`")
    d.name("v_t", "d2l's velocity, the article's z")
    d.name("s", "`alpha lambda`")
    d.name("t", "d2l's step counter")

    f = lam / 2 * x_t**2
    d.equation("objective", Kind.DEFINITION, sp.Symbol(r"f(x_{t})"), f,
               "d2l's scalar model: one eigencomponent of a convex quadratic, curvature `lambda`.")
    gradient = sp.diff(f, x_t)
    d.equation("gradient", Kind.DIFFERENTIATION, sp.Derivative(f, x_t), gradient,
               "The gradient of `lambda/2 x^2` is `lambda x`.", uses=("objective",))
    d.add("update", Kind.DEFINITION, sp.And(
        sp.Eq(v_next, beta * v_t + g_t), sp.Eq(x_next, x_t - alpha * v_next)),
        "d2l's momentum in velocity form (`eta` written `alpha`): the velocity leaks by `beta` and "
        "takes in the gradient `g_t`, then the position steps against the new velocity.")
    velocity = (beta * v_t + g_t).xreplace({g_t: gradient})
    d.equation("velocity", Kind.SUBSTITUTION, beta * v_t + g_t, velocity,
               "Put the gradient `g_t = lambda x_t` into the velocity update: `v_{t+1} = "
               "beta v_t + lambda x_t`.", uses=("update", "gradient"),
               assumptions=(sp.Eq(g_t, gradient),))
    position_raw = x_t - alpha * v_next
    position = sp.collect(sp.expand(position_raw.xreplace({v_next: velocity})), [v_t, x_t])
    d.equation("position", Kind.EXPANSION, position_raw, position,
               "Put the new velocity into the position update and multiply out.",
               uses=("update", "velocity"), assumptions=(sp.Eq(v_next, velocity),))
    state = sp.Matrix([v_t, x_t])
    new = sp.Matrix([velocity, position])
    r_matrix = new.jacobian(state)
    d.equation("jacobian", Kind.DIFFERENTIATION,
               sp.Matrix(2, 2, lambda i, j: sp.Derivative(new[i], state[j])), r_matrix,
               "Both new values are linear in (`v_t`, `x_t`); their coefficients (the Jacobian) "
               "form d2l's matrix `R(beta, eta, lambda)`.", uses=("velocity", "position"))
    d.equation("matrix", Kind.EXPANSION, new, sp.MatMul(r_matrix, state),
               "So one step is `(v_{t+1}, x_{t+1}) = R (v_t, x_t)`.", uses=("jacobian",))
    d.result("R", r_matrix, step="jacobian")
    article = momentum_sym.get(ITERATION_MATRIX).results["R"]
    d.equation("article-R", Kind.SIMPLIFICATION, sp.MatMul(article, state), new,
               "The article's momentum is the same algorithm with `z` for `v`: its iteration "
               "matrix `R` advances (`v_t`, `x_t`) exactly as d2l's update does.",
               uses=("matrix", f"{ITERATION_MATRIX}.R"))

    # gradient descent (beta = 0): the scalar case
    gd_factor = r_matrix[1, 1]
    recurrence = sp.Eq(sequence(t + 1), gd_factor * sequence(t))
    with sp.evaluate(False):  # beta = 0 put in, before the arithmetic
        without_momentum = position.xreplace({beta: 0})
    d.equation("gd-step", Kind.SUBSTITUTION, without_momentum, gd_factor * x_t,
               "Without momentum (`beta = 0`, `v_0 = 0`) the position update is `x_{t+1} = "
               "(1 - alpha lambda) x_t`.", uses=("position",))
    closed = sp.rsolve(recurrence.lhs - recurrence.rhs, sequence(t), {sequence(0): x_0})
    d.add("gd-closed-form", Kind.INDUCTION, sp.Eq(sequence(t), closed, evaluate=False),
          "rsolve solves the geometric recurrence; by induction on `t` each step multiplies by `"
          "1 - alpha lambda`, so `x_t = (1 - alpha lambda)^t x_0`.", uses=("gd-step",),
          data=Induction(t, 0, x_0, lambda value: gd_factor * value, recurrence))
    factor_in_s = gd_factor.xreplace({alpha: s / lam})
    d.add("gd-range", Kind.INEQUALITY, sp.Equivalent(sp.Abs(factor_in_s) < 1,
                                                     sp.And(s > 0, s < 2)),
          "The powers `(1 - alpha lambda)^t` tend to 0 exactly when `|1 - alpha lambda| < 1`, "
          "that is `0 < alpha lambda < 2`.", uses=("gd-closed-form",))
    d.add("gd-oscillating", Kind.INEQUALITY, sp.And(factor_in_s > -1, factor_in_s < 0),
          "Between `alpha lambda = 1` and 2 the factor is negative but of modulus below 1: the "
          "iterates change sign at each step and still converge (d2l says they diverge).",
          uses=("gd-closed-form",), assumptions=(s > 1, s < 2),
          hint=({s: (2 + q) / (1 + q)},))

    # momentum: the characteristic polynomial of R and the Schur-Cohn test
    determinant = (z - r_matrix[0, 0]) * (z - r_matrix[1, 1]) - r_matrix[0, 1] * r_matrix[1, 0]
    charpoly = sp.collect(sp.expand(determinant), z)
    d.equation("charpoly", Kind.EXPANSION, determinant, charpoly,
               "The eigenvalues of `R` are the roots of `det(z I - R)`, a quadratic in `z`.",
               uses=("matrix",), written_in=(z,))
    cofactors = sp.Add(sp.Mul(r_matrix[0, 0], r_matrix[1, 1], evaluate=False),
                       sp.Mul(-r_matrix[0, 1], r_matrix[1, 0], evaluate=False), evaluate=False)
    d.equation("determinant", Kind.SIMPLIFICATION, cofactors, beta,
               "The constant term: the product of the two eigenvalues is `det R = beta`.",
               uses=("charpoly",))
    at_one, at_minus_one = charpoly.xreplace({z: 1}), sp.expand(charpoly.xreplace({z: -1}))
    d.add("schur-cohn", Kind.DEFINITION, sp.And(beta < 1, at_one > 0, at_minus_one > 0),
          "The Schur-Cohn (Jury) test: both roots of a real monic quadratic `p` lie inside the "
          "unit circle iff `|p(0)| < 1`, `p(1) > 0` and `p(-1) > 0`; here `p(0) = beta`, `"
          "p(1) = alpha lambda` and `p(-1) = 2 + 2 beta - alpha lambda`.", uses=("charpoly",))
    edge = sp.Eq(at_minus_one.xreplace({alpha: s / lam}), 0)
    (upper,) = sp.solve(edge, s)
    d.add("upper", Kind.SOLVE, sp.Eq(s, upper, evaluate=False),
          "`p(1) = alpha lambda > 0` is the lower end; `p(-1) > 0` holds up to the root of `"
          "p(-1) = 0` in `alpha lambda`, `2 + 2 beta`. With `|p(0)| = beta < 1` this is the whole "
          "region: `0 < alpha lambda < 2 + 2 beta` for `0 <= beta < 1`.",
          uses=("schur-cohn",), data=Solve(edge, s))
    d.result("upper", upper, step="upper")
    region = momentum_sym.get(REGION).results["upper"]
    with sp.evaluate(False):  # the article's end put into p(-1), before the arithmetic
        at_article_end = edge.lhs.xreplace({s: region})
    d.equation("article-region", Kind.SUBSTITUTION, at_article_end, 0,
               "The same upper end as the article's convergence region, derived there from "
               "the eigenvalues of `R`: `p(-1)` vanishes there.", uses=("upper", f"{REGION}.upper"))
    at_edge = charpoly.xreplace({beta: 1, alpha: 1 / lam})
    roots = sorted(sp.roots(sp.Poly(at_edge, z)), key=sp.default_sort_key)
    d.equation("beta-one", Kind.SIMPLIFICATION,
               sp.Matrix([sp.Mul(r, sp.conjugate(r), evaluate=False) for r in roots]),
               sp.Matrix([sp.expand(r * sp.conjugate(r)) for r in roots]),
               "d2l's range without `beta < 1` is too wide: at `beta = 1` and `alpha lambda = 1` "
               "(inside `0 < alpha lambda < 4`) both eigenvalues `(1 +- i sqrt 3)/2` have squared "
               "modulus 1 (a root times its conjugate is 1), so momentum does not converge.",
               uses=("determinant",))

    # d2l's quadratic h(x) = 1/2 x^T Q x + x^T c + b (Q is our A)
    h = h_part(xv)
    d.equation("h", Kind.DEFINITION, sp.Symbol("h(x) - b"), h,
               "d2l's quadratic with its matrix (d2l's Q) written `A = Q Lambda Q^T`, symmetric "
               "positive definite; the constant `b` only shifts `h`.")
    raw = h.diff(xv)
    grad = raw.xreplace({S.A.T: S.A}).doit()
    d.equation("h-gradient", Kind.MATRIX, raw, grad,
               "Differentiate; `A` is symmetric, so the gradient is `A x + c`.", uses=("h",))
    offset = grad.xreplace({xv: sp.ZeroMatrix(S.n, 1)}).doit()
    minimiser = (grad.diff(xv).T.inv() * (-offset)).doit()
    d.solve("h-minimiser", sp.Eq(grad, sp.ZeroMatrix(S.n, 1)), xv, minimiser,
            "Setting the affine gradient to zero gives the minimiser `x* = -A^{-1} c`, as "
            "d2l's exercise asks (the Jacobian `A` is invertible).", uses=("h-gradient",))
    d.result("minimiser", minimiser, step="h-minimiser")
    value = h.xreplace({xv: minimiser})
    minimum = sp.expand(value).xreplace({S.A.inv().T: S.A.inv(), S.A.T: S.A}).doit()
    d.equation("h-minimum", Kind.MATRIX, value, minimum,
               "Substitute `x*`: the minimum of `h` is `b - 1/2 c^T A^{-1} c`, d2l's `b'`.",
               uses=("h-minimiser",))
    d.result("minimum_shift", minimum, step="h-minimum")
    shifted = xv - minimiser
    d.equation("h-square", Kind.MATRIX, h,
               sp.Rational(1, 2) * shifted.T * S.A * shifted + minimum,
               "Completing the square: `h(x) - b' = 1/2 (x + A^{-1} c)^T A (x + A^{-1} c)`, so "
               "the "
               "centred coordinates are `z = Q^T (x + A^{-1} c)`: a plus sign, where d2l "
               "prints `x - Q^{-1} c`.", uses=("h-minimum",))
    centred = lambda x: S.Q.T * (x - minimiser)  # noqa: E731
    d.equation("h-gd-step", Kind.MATRIX, centred(xv_next),
               (sp.Identity(S.n) - alpha * S.Lambda) * centred(xv),
               "A gradient step `x^+ = x - alpha (A x + c)` in the centred eigencoordinates: "
               "`z^+ = (I - alpha Lambda) z`. The step size multiplies `Lambda` (d2l's display "
               "drops it).", uses=("h-square",))
    return d.build(Witness(
        "Run d2l's velocity form on `lambda/2 x^2` in mpmath and compare with `R^t (v_0, x_0)`; "
        "run momentum just inside and outside `0 < alpha lambda < 2 + 2 beta` and at `beta = 1`; "
        "solve a random `h` by LU and compare with `-A^{-1} c` and its minimum.",
        lambda derivation, dps, rng: _witness(derivation.results, dps, rng)))


def _velocity_form(alpha, beta, lam, v, x, steps):
    for _ in range(steps):
        v = beta * v + lam * x
        x = x - alpha * v
    return v, x


def _witness(results, dps, rng) -> WitnessReport:
    alpha, beta, lam = (mp.mpf(rng.uniform(0.05, 0.5)), mp.mpf(rng.uniform(0.3, 0.95)),
                        mp.mpf(rng.uniform(0.5, 3)))
    v0, x0 = mp.mpf(rng.uniform(-1, 1)), mp.mpf(rng.uniform(-1, 1))
    r = sp.lambdify((S.alpha, S.beta, S.lam), results["R"], "mpmath")(alpha, beta, lam)
    r = mp.matrix(r.tolist()) if hasattr(r, "tolist") else mp.matrix(r)
    comparisons = []
    for steps in (1, 5, 30):
        v, x = _velocity_form(alpha, beta, lam, v0, x0, steps)
        comparisons.append(compare_vectors(f"`R^{steps}`", mp.matrix([v, x]),
                                           r**steps * mp.matrix([v0, x0]), dps - 5))
    upper = sp.lambdify(S.beta, results["upper"], "mpmath")
    steps = 3000
    for beta_case in (mp.mpf("0.5"), mp.mpf("0.9")):
        edge = upper(beta_case)
        inside = _velocity_form(edge * mp.mpf("0.98") / lam, beta_case, lam, 0, 1, steps)[1]
        outside = _velocity_form(edge * mp.mpf("1.02") / lam, beta_case, lam, 0, 1, steps)[1]
        comparisons.append(Comparison(
            f"region at `beta = {mp.nstr(beta_case, 2)}`",
            abs(inside) < 1e-6 and abs(outside) > 1e6,
            None, f"`|x_{steps}|` = {mp.nstr(abs(inside), 3)} at 0.98 times upper, "
                  f"{mp.nstr(abs(outside), 3)} at 1.02 times upper"))
    stuck = _velocity_form(1 / lam, mp.one, lam, 0, 1, steps)[1]
    comparisons.append(Comparison("`beta = 1` does not converge", abs(stuck) > mp.mpf("0.1"),
                                  None, f"`|x_{steps}|` = {mp.nstr(abs(stuck), 3)} at "
                                  "`alpha lambda = 1`"))
    n = 5
    q_matrix = random_orthogonal(rng, n)
    spectrum = random_spectrum(rng, n, 0.5, 10)
    a = q_matrix * mp.diag(spectrum) * q_matrix.T
    a = (a + a.T) / 2
    c = random_vector(rng, n)
    solved = mp.lu_solve(a, -c)
    values = {S.A: a, cv: c}
    comparisons.append(compare_vectors("minimiser", solved,
                                       evaluate_numeric(results["minimiser"], values), dps - 5))
    h_at = (solved.T * a * solved)[0] / 2 + (solved.T * c)[0]
    derived_minimum = evaluate_numeric(results["minimum_shift"], values)
    if isinstance(derived_minimum, mp.matrix):
        derived_minimum = derived_minimum[0]
    comparisons.append(compare_numbers("minimum", h_at, derived_minimum, dps - 5))
    return WitnessReport("d2l's velocity form, its range, and the minimiser of `h`",
                         tuple(comparisons))
