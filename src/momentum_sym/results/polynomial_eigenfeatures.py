"""Polynomial regression in the eigenbasis: eigenfeatures.

Problem.  Fit model(xi) = w_1 p_1(xi) + ... + w_n p_n(xi), p_j(xi) = xi^(j-1), to
data (xi_r, d_r), r = 1..m, by least squares: minimise 1/2 ||Z w - d||^2 with
Z_{rj} = xi_r^(j-1).

Derivation.  Expand the loss into the quadratic of ``quadratic-optimum`` with
A = Z^T Z (a Hankel matrix of power sums, positive semidefinite because
w^T Z^T Z w = ||Z w||^2) and b = Z^T d.  Write Z^T Z = Q Lambda Q^T and change
coordinates x = Q^T w, c = Q^T b: the loss becomes sum_i (1/2 lambda_i x_i^2 -
c_i x_i) plus a constant, n one-dimensional problems.  Each is solved alone
(x_i = c_i / lambda_i) and Q x reassembles A^{-1} b.  The eigenfeatures
pbar = Q^T p, pbar_i = sum_j q_{ji} p_j, with weights x give the same predictions.

Result.  ``x_star`` = c_i / lambda_i (the i-th decoupled optimum).  The article
writes x = Q w and pbar_i = sum_j q_{ij} p_j, which is right only if the rows
of Q are the eigenvectors (Z^T Z = Q^T Lambda Q); with its own convention
A = Q Lambda Q^T (columns are eigenvectors) the rotation is x = Q^T w and
pbar_i = sum_j q_{ji} p_j.  Predictions agree under both conventions.

Source.  Goh (2017), "Example: Polynomial Regression".
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import instance_domain, quadratic_model
from momentum_sym.results.quadratic_optimum import objective
from momentum_sym.witness.checks import compare_vectors

ID = "polynomial-eigenfeatures"

M_POINTS, N_FEATURES = 4, 3  # the concrete instance for the entrywise steps
XI = sp.symbols(f"xi_1:{M_POINTS + 1}", real=True)
DATA = sp.symbols(f"d_1:{M_POINTS + 1}", real=True)
WEIGHTS = sp.symbols(f"omega_1:{N_FEATURES + 1}", real=True)

x_vec = sp.MatrixSymbol("x", S.n, 1)  # x = Q^T w
c_vec = sp.MatrixSymbol("c", S.n, 1)  # c = Q^T b, b = Z^T d
p_vec = sp.MatrixSymbol("p", S.n, 1)  # the features p_j(xi) at one input
x_comp = sp.IndexedBase("x")
c_comp = sp.IndexedBase("c")
x_i = sp.Symbol("x_i", real=True)
c_i = sp.Symbol("c_i", real=True)


def monomial_matrix() -> sp.Matrix:
    """Z_{rj} = xi_r^(j-1) on the concrete instance."""
    return sp.Matrix(M_POINTS, N_FEATURES, lambda r, j: XI[r] ** j)


def derive():
    extra = {s: interval(-1, 1) for s in XI}
    extra.update({s: interval(-2, 2) for s in (*DATA, *WEIGHTS, x_i, c_i)})
    extra[S.lam] = interval("1/10", 10)
    model = quadratic_model(vectors=(S.w, S.b, p_vec),
                            definitions=((x_vec, S.Q.T * S.w), (c_vec, S.Q.T * S.b)),
                            components={x_vec: x_comp, c_vec: c_comp})
    d = DerivationBuilder(
        ID, "Polynomial regression and eigenfeatures",
        source="Goh (2017), Example: Polynomial Regression",
        summary=("Least-squares regression on monomials is the quadratic problem with `"
                 "A = Z^T Z` and `b = Z^T d`.  In the eigenbasis of `Z^T Z` it splits into `n` "
                 "independent one-dimensional problems, `x_i = c_i / lambda_i`, and the "
                 "eigenfeatures `Q^T p` with weights `x` make exactly the same predictions."),
        domain=instance_domain(extra), model=model, uses=("quadratic-optimum",))
    d.name("Z", f"the {M_POINTS}x{N_FEATURES} monomial matrix, `Z_(rj) = xi_r^(j-1)` "
           "(entrywise steps)")
    d.name("x", "`Q^T w`, the weights in the eigenbasis of `Z^T Z`")
    d.name("c", "`Q^T Z^T d`")
    j = sp.Symbol("j", integer=True, positive=True)
    xi = sp.Symbol("xi", real=True)
    omega = sp.IndexedBase("w")
    d.equation("model", Kind.DEFINITION, sp.Symbol("model(xi)"),
               sp.Sum(omega[j] * xi ** (j - 1), (j, 1, S.n)),
               "The model is a weighted sum of monomials: nonlinear in xi, linear in `w`.")
    z = monomial_matrix()
    w = sp.Matrix(WEIGHTS)
    data = sp.Matrix(DATA)
    residuals = [sum(WEIGHTS[c] * XI[r] ** c for c in range(N_FEATURES)) - DATA[r]
                 for r in range(M_POINTS)]
    pointwise = sp.Matrix([[sp.Rational(1, 2) * sum(e ** 2 for e in residuals)]])
    residual = z * w - data
    matrix_form = sp.Rational(1, 2) * residual.T * residual
    d.equation("least-squares", Kind.EXPANSION, pointwise, matrix_form,
               "Stacking the model's values at the data points gives `Z w`, so half the sum of "
               "squared mismatches is `1/2 ||Z w - d||^2`.", uses=("model",))
    gram = z.T * z
    quadratic = (sp.Rational(1, 2) * w.T * gram * w - (z.T * data).T * w
                 + sp.Rational(1, 2) * data.T * data)
    d.equation("as-quadratic", Kind.EXPANSION, matrix_form, quadratic.applyfunc(sp.expand),
               "Multiplying out, the loss is `1/2 w^T (Z^T Z) w - (Z^T d)^T w + 1/2 d^T d`: the "
               "quadratic of the first section with `A = Z^T Z` and `b = Z^T d`.",
               uses=("least-squares", "quadratic-optimum"))
    power_sums = sp.Matrix(N_FEATURES, N_FEATURES,
                           lambda a, c: sum(XI[r] ** (a + c) for r in range(M_POINTS)))
    d.equation("gram-hankel", Kind.EXPANSION, sp.MatMul(z.T, z, evaluate=False), power_sums,
               "Entry (`j`, `l`) of `Z^T Z` is the power sum of the data points `xi_r^(j+l-2)`: "
               "the "
               "matrix depends on the inputs only, not on the observations `d`.")
    norm = sum(e ** 2 for e in (z * w))
    d.equation("gram-norm", Kind.EXPANSION, (w.T * gram * w)[0, 0], norm,
               "The quadratic form of `Z^T Z` is the squared length of `Z w`.",
               uses=("gram-hankel",))
    d.add("gram-psd", Kind.INEQUALITY, sp.GreaterThan(norm, 0, evaluate=False),
          "A sum of squares is never negative, so `Z^T Z` is positive semidefinite and its "
          "eigenvalues are nonnegative (positive when at least `n` of the inputs are distinct).",
          uses=("gram-norm",))
    # matrix level: Z^T Z = Q Lambda Q^T, b = Z^T d
    f = objective(S.w)
    eigen = f.xreplace({S.A: S.Q * S.Lambda * S.Q.T})
    d.equation("eigendecomposition", Kind.SUBSTITUTION, f, eigen,
               "Write `Z^T Z = Q Lambda Q^T` with `Q` orthogonal (its columns are eigenvectors) "
               "and `Lambda` diagonal.", uses=("as-quadratic",))
    rotated = eigen.xreplace({S.w: S.Q * x_vec}).expand()
    rotated = rotated.subs(S.Q.T * S.Q, S.I_n).subs(S.b.T * S.Q, c_vec.T).doit()
    d.equation("rotate", Kind.MATRIX, eigen, rotated,
               "Put `w = Q x` (so `x = Q^T w`) and `c = Q^T b`; `Q^T Q = I` removes `Q` from the "
               "quadratic term.", uses=("eigendecomposition",))
    decoupled = sp.Matrix([[sp.Sum(sp.Rational(1, 2) * S.lambdas[S.i] * x_comp[S.i] ** 2
                                   - c_comp[S.i] * x_comp[S.i], (S.i, 1, S.n))]])
    d.equation("decouple", Kind.MATRIX, rotated, decoupled,
               "`Lambda` is diagonal, so the loss is a sum of `n` terms, the `i`-th depending on `"
               "x_i` alone: `n` independent one-dimensional problems.", uses=("rotate",))
    one_d = sp.Rational(1, 2) * S.lam * x_i ** 2 - c_i * x_i
    slope = sp.diff(one_d, x_i)
    d.equation("one-d-gradient", Kind.DIFFERENTIATION, sp.Derivative(one_d, x_i), slope,
               "Each one-dimensional problem is a parabola in `x_i` with curvature `lambda_i`.",
               uses=("decouple",))
    (x_star,) = sp.solve(sp.Eq(slope, 0), x_i)
    d.solve("one-d-optimum", sp.Eq(slope, 0), x_i, x_star,
            "Set its derivative to zero: the `i`-th coordinate can be optimised on its own, in "
            "any order.", uses=("one-d-gradient",))
    d.result("x_star", x_star, step="one-d-optimum")
    lam_inv = S.Lambda.inv()
    assembled = S.Q * lam_inv * c_vec
    w_star = get("quadratic-optimum").results["w_star"]
    d.equation("reassemble", Kind.MATRIX, assembled, w_star,
               "Collect the coordinates `x_i = c_i / lambda_i` into `x* = Lambda^{-1} c` and map "
               "back "
               "with `w = Q x*`: this is `A^{-1} b`, the optimum of the whole problem.",
               uses=("one-d-optimum", "quadratic-optimum.w_star"))
    features = (S.Q.T * p_vec).T * (S.Q.T * S.w)
    d.equation("same-model", Kind.MATRIX, features, p_vec.T * S.w,
               "The eigenfeatures pbar = `Q^T p (pbar_i = sum_j q_ji p_j)` with weights `x = Q^T "
               "w` "
               "predict `pbar^T x = p^T Q Q^T w = p^T w` at every input: the same model.",
               uses=("rotate",))
    return d.build(Witness(
        "For `m = 9` random data points and `n = 4` monomials, solve the least-squares problem "
        "directly (QR, mpmath) and by the decoupled solve `x_i = c_i / lambda_i` in the "
        "eigenbasis of `Z^T Z`; compare the weights and the predictions of the two models.",
        _witness))


def _witness(derivation, dps, rng):
    m, n = 9, 4
    xi = [mp.mpf(rng.uniform(-1, 1)) for _ in range(m)]
    data = mp.matrix([mp.mpf(rng.uniform(-1, 1)) for _ in range(m)])
    z = mp.matrix([[x ** j for j in range(n)] for x in xi])
    direct, _ = mp.qr_solve(z, data)
    gram = z.T * z
    spectrum, q = mp.eigsy(gram)
    c = q.T * (z.T * data)
    solve = sp.lambdify((S.lam, c_i), derivation.results["x_star"], "mpmath")
    x = mp.matrix([solve(spectrum[i], c[i]) for i in range(n)])
    decoupled = q * x
    probe = [mp.mpf(rng.uniform(-1, 1)) for _ in range(5)]
    p = [mp.matrix([t ** j for j in range(n)]) for t in probe]
    old = mp.matrix([(pt.T * direct)[0] for pt in p])
    new = mp.matrix([((q.T * pt).T * x)[0] for pt in p])
    condition = max(spectrum) / min(spectrum)
    lost = int(mp.log10(condition)) + 3
    return WitnessReport(
        "least squares by QR against the decoupled eigenbasis solve; predictions of the "
        "eigenfeature model against the monomial model",
        (compare_vectors("weights", direct, decoupled, dps - lost,
                         detail=f"`Z^T Z` has condition number {mp.nstr(condition, 5)}"),
         compare_vectors("predictions", old, new, dps - lost),
         Comparison("`Z^T Z` positive definite", bool(min(spectrum) > 0),
                    detail=f"smallest eigenvalue {mp.nstr(min(spectrum), 5)}")))
