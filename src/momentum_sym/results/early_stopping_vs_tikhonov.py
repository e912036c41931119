"""Early stopping and Tikhonov regularisation as spectral filters.

Problem.  The least-squares problem min 1/2 ||Z w - d||^2, i.e. the quadratic
with A = Z^T Z = Q Lambda Q^T and b = Z^T d (``polynomial-eigenfeatures``).
(a) Gradient descent from w^0 = 0, stopped after k steps.  (b) Tikhonov
regression, min 1/2 ||Z w - d||^2 + eta/2 ||w||^2.

Derivation.  In the coordinates y = Q^T w, c = Q^T b, gradient descent is the
affine recurrence y_i^{k+1} = (1 - alpha lambda_i) y_i^k + alpha c_i with
y_i^0 = 0; ``rsolve`` solves it and induction on k proves the solution.
Dividing by the i-th component c_i / lambda_i of the least-squares solution
gives the filter.  For Tikhonov the normal equations (A + eta I) w = b become
(lambda_i + eta) y_i = c_i per component.

Results.  ``gd_filter`` = 1 - (1 - alpha lambda)^k and ``tikhonov_filter`` =
lambda / (lambda + eta): the fraction of the i-th eigencomponent of the
least-squares solution that each method recovers.  In "regularised 1/lambda_i"
form, the component is c_i times (1/lambda_i)(1 - (1 - alpha lambda_i)^k) and
c_i times 1/(lambda_i + eta) = (1/lambda_i)(1 - (1 + lambda_i/eta)^{-1}).
Both filters vanish linearly in lambda: ~ k alpha lambda and ~ lambda / eta,
so stopping after k steps acts like the penalty eta = 1/(k alpha) on the small
eigenvalues; both suppress the components of the SMALLEST eigenvalues.

Source.  Goh (2017), "Example: Polynomial Regression" (early stopping and its
footnote on Tikhonov regression, which the scraped text omits).
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.matrices import read_component
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.polynomial_eigenfeatures import c_i
from momentum_sym.results.quadratic_model import instance_domain, quadratic_model
from momentum_sym.results.quadratic_optimum import objective
from momentum_sym.witness.checks import compare_vectors

ID = "early-stopping-vs-tikhonov"

c_vec = sp.MatrixSymbol("c", S.n, 1)  # Q^T b
c_comp = sp.IndexedBase("c")
y_i = sp.Symbol("y_i", real=True)


def derive():
    extra = {S.lam: interval("1/10", 10), S.eta: interval("1/100", 10), c_i: interval(-2, 2),
             y_i: interval(-2, 2)}
    model = quadratic_model(
        vectors=(S.w_k, S.b, S.w),
        definitions=((S.w_next, S.w_k - S.alpha * (S.A * S.w_k - S.b)),
                     (S.y_vec, S.Q.T * S.w_k), (S.y_vec_next, S.Q.T * S.w_next),
                     (c_vec, S.Q.T * S.b)),
        components={S.y_vec: S.y_comp, S.y_vec_next: S.y_comp_next, c_vec: c_comp})
    d = DerivationBuilder(
        ID, "Early stopping and Tikhonov regularisation as spectral filters",
        source="Goh (2017), Example: Polynomial Regression (early stopping)",
        summary=("Started at 0 and stopped after `k` steps, gradient descent recovers the "
                 "fraction `1 - (1 - alpha lambda_i)^k` of each eigencomponent of the "
                 "least-squares solution; Tikhonov regression recovers `lambda_i/(lambda_i + "
                 "eta)`.  Both are near 1 for large eigenvalues and vanish linearly for small "
                 "ones, so both damp the noise-sensitive directions; early stopping after `k` "
                 "steps behaves like the penalty `eta = 1/(k alpha)`."),
        domain=instance_domain(extra), model=model,
        uses=("quadratic-optimum", "polynomial-eigenfeatures"))
    d.name("y", "`Q^T w`, the iterate in the eigenbasis of `A = Z^T Z`")
    d.name("c", "`Q^T b = Q^T Z^T d`")
    gradient = get("quadratic-optimum").results["gradient"].xreplace({S.w: S.w_k})
    update = S.w_k - S.alpha * gradient
    d.equation("update", Kind.DEFINITION, S.w_next, update,
               "Gradient descent on the least-squares loss, whose gradient is `A w - b` with `"
               "A = Z^T Z` and `b = Z^T d`; it starts at `w^0 = 0`.",
               uses=("quadratic-optimum.gradient",))
    rotated = (S.Q.T * update).xreplace({S.A: S.Q * S.Lambda * S.Q.T}).expand()
    d.equation("rotate", Kind.MATRIX, S.y_vec_next, rotated,
               "Multiply by `Q^T` and write `A = Q Lambda Q^T`.", uses=("update",))
    simplified = rotated.subs(S.Q.T * S.Q, S.I_n).doit()
    in_y = simplified.subs({S.Q.T * S.w_k: S.y_vec, S.Q.T * S.b: c_vec}).doit()
    d.equation("in-eigenbasis", Kind.MATRIX, S.y_vec_next, in_y,
               "`Q^T Q = I`; with `y^k = Q^T w^k` and `c = Q^T b` the iterate (unlike the error `"
               "x^k`) keeps a constant term `alpha c`.", uses=("rotate",))
    component = sp.collect(sp.expand(read_component(
        in_y, {S.y_vec: S.y_comp[S.i], S.Lambda: S.lambdas[S.i], c_vec: c_comp[S.i]})),
        S.y_comp[S.i])
    d.equation("component", Kind.MATRIX, S.y_comp_next[S.i], component,
               "`Lambda` is diagonal, so each component follows its own affine recurrence.",
               uses=("in-eigenbasis",))
    y = sp.Function("y_i")
    step = component.xreplace({S.y_comp[S.i]: y(S.k), S.lambdas[S.i]: S.lam,
                               c_comp[S.i]: c_i})
    recurrence = sp.Eq(y(S.k + 1), step)
    d.add("recurrence", Kind.DEFINITION, recurrence,
          "The `i`-th component, with `lambda = lambda_i` and `c_i`, from `y_i^0 = 0`.",
          uses=("component",))
    closed = sp.rsolve(recurrence.lhs - recurrence.rhs, y(S.k), {y(0): 0})
    d.add("closed-form", Kind.INDUCTION, sp.Eq(y(S.k), closed, evaluate=False),
          "Solving the affine recurrence (a geometric sum of the constant term) gives a closed "
          "form; induction on `k` proves it: it is 0 at `k = 0` and one step of the recurrence "
          "maps it to its value at `k + 1`.", uses=("recurrence",),
          data=Induction(S.k, 0, sp.Integer(0),
                         lambda value: step.xreplace({y(S.k): value}), recurrence))
    optimum = get("polynomial-eigenfeatures").results["x_star"]
    d.equation("limit-component", Kind.DEFINITION, sp.Symbol("y_i^star"), optimum,
               "The least-squares solution has `i`-th eigencomponent `c_i / lambda_i` (the "
               "decoupled optimum).", uses=("polynomial-eigenfeatures.x_star",))
    gd_filter = sp.expand(sp.simplify(closed / optimum))
    d.equation("gd-filter", Kind.SIMPLIFICATION, closed / optimum, gd_filter,
               "Divide the `k`-th iterate's component by the solution's: the fraction recovered "
               "does not depend on the data, only on `alpha lambda` and `k`.",
               uses=("closed-form", "limit-component"))
    d.result("gd_filter", gd_filter, step="gd-filter")
    gd_regularised = sp.expand(closed / c_i)
    d.equation("gd-regularised", Kind.SIMPLIFICATION, gd_regularised,
               gd_filter / S.lam,
               "Per unit of `c_i`, gradient descent replaces `1/lambda_i` by the regularised `"
               "(1/lambda_i)(1 - (1 - alpha lambda_i)^k)`.", uses=("gd-filter",))
    # Tikhonov
    penalised = objective(S.w) + S.eta / 2 * S.w.T * S.w
    d.equation("tikhonov", Kind.DEFINITION, sp.Symbol("f_eta(w)"), penalised,
               "Tikhonov regression adds the penalty `eta/2 ||w||^2` to the least-squares "
               "quadratic.")
    raw = penalised.diff(S.w)
    d.equation("tikhonov-gradient", Kind.MATRIX, sp.Derivative(penalised, S.w), raw,
               "Differentiate term by term; the penalty contributes `eta w`.",
               uses=("tikhonov",))
    gradient_eta = raw.xreplace({S.A.T: S.A}).doit()
    d.equation("tikhonov-symmetric", Kind.MATRIX, raw, gradient_eta,
               "`A` is symmetric, so the quadratic term's gradient is `A w`.",
               uses=("tikhonov-gradient",))
    eigen = (S.Q.T * gradient_eta.xreplace({S.A: S.Q * S.Lambda * S.Q.T})).expand()
    eigen = eigen.subs(S.Q.T * S.Q, S.I_n).doit()
    in_y_eta = eigen.subs({S.Q.T * S.w: S.y_vec, S.Q.T * S.b: c_vec}).doit()
    d.equation("tikhonov-eigenbasis", Kind.MATRIX, S.Q.T * gradient_eta,
               in_y_eta.xreplace({S.y_vec: S.Q.T * S.w}),
               "In the eigenbasis the normal equations `(A + eta I) w = b` read `"
               "(Lambda + eta I) y = c`: `eta` shifts every eigenvalue.",
               uses=("tikhonov-symmetric",))
    per = sp.expand(read_component(in_y_eta, {S.y_vec: y_i, S.Lambda: S.lam, c_vec: c_i}))
    (y_eta,) = sp.solve(sp.Eq(per, 0), y_i)
    d.solve("tikhonov-component", sp.Eq(per, 0), y_i, y_eta,
            "Component by component, `(lambda_i + eta) y_i = c_i`.",
            uses=("tikhonov-eigenbasis",))
    tikhonov_filter = sp.factor(sp.simplify(y_eta / optimum))
    # the quotient as written: SymPy would cancel c_i at once
    quotient = sp.Mul(y_eta, sp.Pow(optimum, -1, evaluate=False), evaluate=False)
    d.equation("tikhonov-filter", Kind.SIMPLIFICATION, quotient, tikhonov_filter,
               "Divide by the least-squares component `c_i / lambda_i`.",
               uses=("tikhonov-component", "limit-component"))
    d.result("tikhonov_filter", tikhonov_filter, step="tikhonov-filter")
    complement = sp.apart(tikhonov_filter, S.lam)
    shrink = complement - 1
    regularised = 1 + 1 / sp.expand(1 / shrink)
    d.equation("tikhonov-regularised", Kind.SIMPLIFICATION, y_eta / c_i,
               regularised / S.lam,
               "In the form of a regularised `1/lambda`: `1/(lambda + eta) = (1/lambda)(1 - (1 + "
               "lambda/eta)^{-1})`, a decay of the components of small `lambda`.",
               uses=("tikhonov-filter",))
    slope_gd = sp.limit(gd_filter / S.lam, S.lam, 0)
    d.equation("gd-small-lambda", Kind.LIMIT, sp.Limit(gd_filter / S.lam, S.lam, 0), slope_gd,
               "For small eigenvalues the gradient-descent filter is about `k alpha lambda`: "
               "those components are barely recovered after `k` steps.", uses=("gd-filter",))
    slope_t = sp.limit(tikhonov_filter / S.lam, S.lam, 0)
    d.equation("tikhonov-small-lambda", Kind.LIMIT, sp.Limit(tikhonov_filter / S.lam, S.lam, 0),
               slope_t,
               "The Tikhonov filter is about `lambda/eta` for small eigenvalues: the same "
               "suppression as early stopping with `eta = 1/(k alpha)`.",
               uses=("tikhonov-filter",))
    return d.build(Witness(
        "On a random monomial least-squares problem (`m = 10`, `n = 4`), run gradient descent "
        "from 0 for `k = 3` and 25 steps and solve the Tikhonov system exactly `(eta = 1/20)`; "
        "compare their eigencomponents with the filters times the least-squares solution's.",
        _witness))


def _witness(derivation, dps, rng):
    m, n = 10, 4
    xi = [mp.mpf(rng.uniform(-1, 1)) for _ in range(m)]
    z = mp.matrix([[x ** j for j in range(n)] for x in xi])
    data = mp.matrix([mp.mpf(rng.uniform(-1, 1)) for _ in range(m)])
    a, b = z.T * z, z.T * data
    spectrum, q = mp.eigsy(a)
    solution = mp.lu_solve(a, b)
    star = q.T * solution
    alpha = 1 / max(spectrum)
    results = derivation.results
    gd = sp.lambdify((S.alpha, S.lam, S.k), results["gd_filter"], "mpmath")
    tik = sp.lambdify((S.lam, S.eta), results["tikhonov_filter"], "mpmath")
    comparisons = []
    w = mp.matrix(n, 1)
    for k in range(1, 26):
        w = w - alpha * (a * w - b)
        if k in (3, 25):
            observed = q.T * w
            predicted = mp.matrix([gd(alpha, spectrum[i], k) * star[i] for i in range(n)])
            comparisons.append(compare_vectors(f"gd filter at `k = {k}`", observed, predicted,
                                               dps - 8))
    eta = mp.mpf(1) / 20
    tikhonov = mp.lu_solve(a + eta * mp.eye(n), b)
    predicted = mp.matrix([tik(spectrum[i], eta) * star[i] for i in range(n)])
    comparisons.append(compare_vectors("tikhonov filter", q.T * tikhonov, predicted, dps - 8))
    return WitnessReport("eigencomponents of early-stopped and Tikhonov solutions against the "
                         "filters", tuple(comparisons))
