"""The colorization problem: a quadratic on a pixel grid with its graph Laplacian.

Problem.  On a grid of pixels G with its 4-neighbour edges E (each edge counted
once) and a set D of distinguished pixels, minimise

    f(w) = 1/2 sum_{i in D} (w_i - 1)^2 + 1/2 sum_{(i,j) in E} (w_i - w_j)^2.

(The article's display of f is missing from the source text; this is the
objective whose gradient is the per-pixel step it prints.  Counting every edge
in both directions would double the neighbour sum.)

Derivation.  One edge term 1/2 (w_i - w_j)^2 has Hessian (e_i - e_j)(e_i - e_j)^T,
which kills the vector of ones and has quadratic form (w_i - w_j)^2 >= 0; so
L_G = sum_E (e_i - e_j)(e_i - e_j)^T satisfies L_G 1 = 0 and is positive
semidefinite, for any graph.  On the 3x3 grid with D = {centre} (checked exactly,
every pixel symbolic): the per-pixel gradient is sum_{j in N(i)} (w_i - w_j) +
[i in D] (w_i - 1); the vectorised objective is 1/2 w^T (L_G + P_D) w - e_D^T w +
|D|/2 with P_D = sum_{i in D} e_i e_i^T, e_D = sum_{i in D} e_i; the optimum
(L_G + P_D)^{-1} e_D is the vector of ones because (L_G + P_D) 1 = e_D.
Conditioning, exactly: on the 2x2 grid with D = two opposite corners the system
matrix has eigenvalues (5 -+ sqrt 17)/2, 2, 3 and kappa = (21 + 5 sqrt 17)/4;
on the 3x3 grid with D = {centre}, kappa = 72.0438... is the ratio of the extreme
roots of mu^3 - 10 mu^2 + 23 mu - 2 (isolated by exact sign changes), exactly
the root in (72.04, 72.05) of 4t^6 - 448t^5 + 11891t^4 - 27298t^3 + 11891t^2 -
448t + 4 (a resultant); the 3x3 grid Laplacian itself has spectrum 0, 1, 1, 2,
3, 3, 4, 4, 6.

Results.  ``gradient_step`` = w - alpha ((L_G + P_D) w - e_D), which is, pixel by
pixel, w_i - alpha sum_{j in N(i)} (w_i - w_j) - alpha [i in D] (w_i - 1);
``w_star`` = 1 (the vector of ones; unique when the grid is connected and D is
not empty).  The article calls the conditioning "the ratio of the second
eigenvector to the last"; it means eigenvalues (lambda_n / lambda_2), and the
null vector of L_G is the vector (not matrix) of all ones.

Source.  Goh (2017), "Example: The Colorization Problem".
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import Derivation, DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.matrices import MatrixModel
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.checks import compare_vectors
from momentum_sym.witness.graphs import (
    grid_edges,
    iterations_to_tolerance,
    neighbours,
    pixel_gradient,
    system_matrix,
)

ID = "colorization"

ROWS = COLS = 3  # the instance on which the grid-level steps are checked exactly
FIXED = (4,)  # D = {the centre pixel}
SIZE = ROWS * COLS

L_G = sp.MatrixSymbol("L_G", S.n, S.n)
P_D = sp.MatrixSymbol("P_D", S.n, S.n)
e_D = sp.MatrixSymbol("e_D", S.n, 1)
ones = sp.MatrixSymbol(r"\mathbf{1}", S.n, 1)
a, b = sp.symbols("w_i w_j", real=True)  # the two ends of one edge
mu = sp.Symbol("mu", real=True)
ratio = sp.Symbol("t", positive=True)  # a ratio of two eigenvalues


def basis(size: int, i: int) -> sp.Matrix:
    return sp.Matrix(size, 1, lambda r, _c: 1 if r == i else 0)


def laplacian(size: int, edges) -> sp.Matrix:
    """L_G = sum over edges of (e_i - e_j)(e_i - e_j)^T."""
    total = sp.zeros(size, size)
    for i, j in edges:
        difference = basis(size, i) - basis(size, j)
        total += difference * difference.T
    return total


def anchors(size: int, fixed) -> tuple[sp.Matrix, sp.Matrix]:
    """P_D = sum_{i in D} e_i e_i^T and e_D = sum_{i in D} e_i."""
    p, e = sp.zeros(size, size), sp.zeros(size, 1)
    for i in fixed:
        p += basis(size, i) * basis(size, i).T
        e += basis(size, i)
    return p, e


def _grid_model() -> MatrixModel:
    edges = grid_edges(ROWS, COLS)
    p, e = anchors(SIZE, FIXED)
    return MatrixModel(
        size=S.n, vectors=(S.w,),
        definitions=((L_G, sp.ImmutableMatrix(laplacian(SIZE, edges))),
                     (P_D, sp.ImmutableMatrix(p)), (e_D, sp.ImmutableMatrix(e)),
                     (ones, sp.ImmutableMatrix(sp.ones(SIZE, 1)))),
        symbolic_sizes=(SIZE,), numeric_sizes=(SIZE,))


def derive() -> Derivation:
    domain = Domain(variables={S.alpha: interval("1/100", "1/5"), a: interval(-2, 2),
                               b: interval(-2, 2), mu: interval(-1, 8),
                               ratio: interval("1/100", 100)})
    d = DerivationBuilder(
        ID, "The colorization problem and the graph Laplacian",
        source="Goh (2017), Example: The Colorization Problem",
        summary=("Colorization is a convex quadratic whose matrix is the graph Laplacian plus "
                 "the fixed pixels.  Its gradient step averages each pixel with its "
                 "neighbours, its optimum is the vector of ones, and its condition number "
                 "grows quickly with the grid (about 10 for 2x2, 72 for 3x3), which is why "
                 "plain gradient descent diffuses slowly and momentum, with rate `"
                 "(sqrt(kappa) - 1)/(sqrt(kappa) + 1)`, needs about `sqrt(kappa)` times fewer "
                 "steps."),
        domain=domain, model=_grid_model(), uses=("quadratic-optimum",))
    d.name("L_G", "the graph Laplacian, sum over edges of `(e_i - e_j)(e_i - e_j)^T`")
    d.name("P_D", "sum over `i` in `D` of `e_i e_i^T`")
    d.name("e_D", "sum over `i` in `D` of `e_i`")
    d.name(r"\mathbf{1}", "the vector of all ones")
    _one_edge(d)
    _grid(d)
    _conditioning(d)
    return d.build(Witness(
        "On a 4x4 grid with one fixed interior pixel: the per-pixel gradient against `"
        "(L_G + P_D) w - e_D`, an exact solve against `w* = 1`, and gradient descent and momentum "
        "(optimal parameters from the exact extreme eigenvalues) run from 0 to a tolerance of `"
        "1e-12`: the ratio of their iteration counts against `log(rate_momentum)/log(rate_gd)` "
        "~ `sqrt(kappa)`.", _witness))


def _one_edge(d: DerivationBuilder) -> None:
    edge = sp.Rational(1, 2) * (a - b) ** 2
    d.equation("edge-term", Kind.DEFINITION, sp.Symbol("phi_ij"), edge,
               "Each edge (`i`, `j`) of the grid contributes `1/2 (w_i - w_j)^2`: neighbouring "
               "pixels "
               "should have the same value.")
    pull = sp.Matrix([sp.diff(edge, a), sp.diff(edge, b)])
    d.equation("edge-gradient", Kind.DIFFERENTIATION,
               sp.Matrix([sp.Derivative(edge, a), sp.Derivative(edge, b)]), pull,
               "The edge pulls its two ends towards each other with equal and opposite forces.",
               uses=("edge-term",))
    hessian = sp.hessian(edge, (a, b))
    difference = sp.Matrix([1, -1])
    d.equation("edge-hessian", Kind.DIFFERENTIATION,
               sp.Matrix(2, 2, lambda p, q: sp.Derivative(edge, (a, b)[p], (a, b)[q])),
               difference * difference.T,
               "The Hessian of the edge term is `(e_i - e_j)(e_i - e_j)^T` on the coordinates `i` "
               "and `j` (zero elsewhere): summing over edges defines `L_G`.", uses=("edge-term",))
    row_sums = sp.Matrix([sp.Add(*hessian.row(p), evaluate=False) for p in range(2)])
    d.equation("edge-kills-ones", Kind.SIMPLIFICATION, row_sums,
               sp.zeros(2, 1),
               "`(e_i - e_j)^T ones = 1 - 1 = 0`, so every edge term, and hence `L_G`, sends the "
               "vector "
               "of ones to 0: `L_G ones = 0` for any graph.", uses=("edge-hessian",))
    ends = sp.Matrix([a, b])
    form = (ends.T * hessian * ends)[0, 0]
    square = sp.factor(form)
    d.equation("edge-form", Kind.EXPANSION, form, square,
               "The quadratic form of one edge matrix is `(w_i - w_j)^2`.", uses=("edge-hessian",))
    d.add("edge-psd", Kind.INEQUALITY, sp.GreaterThan(square, 0, evaluate=False),
          "A square is nonnegative, so `w^T L_G w` = sum over edges of `(w_i - w_j)^2 >= 0`: `L_G` "
          "is positive semidefinite for any graph.", uses=("edge-form",))


def _grid(d: DerivationBuilder) -> None:
    edges = grid_edges(ROWS, COLS)
    near = neighbours(SIZE, edges)
    w = S.w
    objective = (sp.Rational(1, 2) * sum((w[i, 0] - 1) ** 2 for i in FIXED)
                 + sp.Rational(1, 2) * sum((w[i, 0] - w[j, 0]) ** 2 for i, j in edges))
    d.equation("grid-objective", Kind.DEFINITION, sp.Symbol("f(w)"), objective,
               f"On the {ROWS}x{COLS} grid (pixels numbered row by row from 0) with `D` the "
               "centre pixel: the anchor term plus one term per edge.")
    per_pixel = sp.Matrix([sum((w[i, 0] - w[j, 0] for j in near[i]), sp.Integer(0))
                           + ((w[i, 0] - 1) if i in FIXED else 0) for i in range(SIZE)])
    d.equation("pixel-gradient", Kind.MATRIX, sp.Derivative(objective, w), per_pixel,
               "Differentiating by `w_i` collects one term `w_i - w_j` from each edge at `i`, and `"
               "w_i - 1` if `i` is fixed.", uses=("grid-objective", "edge-gradient"))
    system = L_G + P_D
    vectorised = sp.Rational(1, 2) * w.T * system * w - e_D.T * w
    d.equation("vectorised", Kind.MATRIX,
               sp.Matrix([[objective - sp.Rational(len(FIXED), 2)]]), vectorised,
               "Summing the edge matrices gives `L_G` and the anchors give `P_D` and `e_D`: `"
               "f(w) = 1/2 w^T (L_G + P_D) w - e_D^T w + |D|/2`.",
               uses=("grid-objective", "edge-hessian"))
    raw = vectorised.diff(w)
    d.equation("gradient", Kind.MATRIX, sp.Derivative(vectorised, w), raw,
               "Differentiate the quadratic as in the first section.", uses=("vectorised",))
    gradient = raw.xreplace({L_G.T: L_G, P_D.T: P_D}).doit().expand()
    d.equation("symmetric", Kind.MATRIX, raw, gradient,
               "`L_G` and `P_D` are symmetric (sums of matrices `v v^T`).", uses=("gradient",))
    step = w - S.alpha * gradient
    d.equation("gradient-step", Kind.MATRIX, step,
               sp.Matrix([w[i, 0] - S.alpha * per_pixel[i] for i in range(SIZE)]),
               "One gradient step, pixel by pixel: each pixel moves towards its neighbours "
               "(a local average) and, if fixed, towards 1.",
               uses=("symmetric", "pixel-gradient"))
    d.result("gradient_step", step, step="gradient-step")
    d.equation("laplacian-ones", Kind.MATRIX, L_G * ones, sp.ZeroMatrix(S.n, 1),
               "Every edge matrix kills the vector of ones, so `L_G ones = 0`.",
               uses=("edge-kills-ones",))
    d.equation("anchors-ones", Kind.MATRIX, P_D * ones, e_D,
               "`P_D` picks the entries of `D`, so `P_D ones = e_D`.")
    optimum = get("quadratic-optimum").results["w_star"].xreplace({S.A: system, S.b: e_D})
    rewritten = optimum.xreplace({e_D: system * ones})
    d.equation("optimum", Kind.MATRIX, optimum, rewritten,
               "Set the gradient to zero: `w* = (L_G + P_D)^{-1} e_D`, and "
               "`e_D = (L_G + P_D) ones` by the two previous steps.",
               uses=("quadratic-optimum.w_star", "laplacian-ones", "anchors-ones"))
    w_star = sp.simplify(rewritten.doit())
    d.equation("optimum-ones", Kind.MATRIX, rewritten, w_star,
               "A matrix times its inverse is the identity: the optimum is the vector of all "
               "ones (unique: the grid is connected and `D` is not empty, so `L_G + P_D` is "
               "positive definite).", uses=("optimum",))
    d.result("w_star", w_star, step="optimum-ones")


def _charpoly_steps(d, label, matrix, reason, uses=()):
    polynomial = matrix.charpoly(mu).as_expr(mu)  # det(mu I - matrix), by Berkowitz
    factored = sp.factor(polynomial)
    d.equation(label, Kind.EXPANSION, polynomial, factored, reason, uses=uses)
    return factored


def _conditioning(d: DerivationBuilder) -> None:
    # 2x2 grid, D = two opposite corners: a closed form
    edges = grid_edges(2, 2)
    p, _ = anchors(4, (0, 3))
    system = laplacian(4, edges) + p
    factored = _charpoly_steps(
        d, "charpoly-2x2", system,
        "The characteristic polynomial of `L_G + P_D` on the 2x2 grid with `D` = two opposite "
        "corners factors over the rationals.")
    quadratic = next(f for f in sp.Mul.make_args(factored)
                     if sp.Poly(f, mu).degree() == 2)
    roots = sorted(sp.solve(quadratic, mu), key=lambda r: float(r))
    linear = sorted(sp.solve(sp.Mul(*(f for f in sp.Mul.make_args(factored)
                                      if sp.Poly(f, mu).degree() == 1)), mu))
    for name, root in (("smallest", roots[0]), ("largest", roots[-1])):
        d.solve(f"eigenvalue-2x2-{name}", sp.Eq(quadratic, 0), mu, root,
                f"The {name} eigenvalue is a root of the quadratic factor.",
                uses=("charpoly-2x2",))
    d.add("order-2x2", Kind.INEQUALITY,
          sp.And(sp.Lt(roots[0], linear[0], evaluate=False),
                 sp.Lt(linear[-1], roots[-1], evaluate=False), evaluate=False),
          "The roots of the linear factors, " + ", ".join(map(str, linear)) + ", lie between "
          "the two roots of the quadratic factor, which are therefore the extreme eigenvalues.",
          uses=("eigenvalue-2x2-smallest", "eigenvalue-2x2-largest"))
    kappa = sp.expand(sp.radsimp(roots[-1] / roots[0]))
    d.equation("kappa-2x2", Kind.SIMPLIFICATION, roots[-1] / roots[0], kappa,
               "The condition number is the ratio of the extreme eigenvalues; rationalise the "
               "denominator.", uses=("order-2x2",))
    # 3x3 grid, D = centre: isolate the extreme roots exactly
    p, _ = anchors(SIZE, FIXED)
    system = laplacian(SIZE, grid_edges(ROWS, COLS)) + p
    factored = _charpoly_steps(
        d, "charpoly-3x3", system,
        "On the 3x3 grid with the centre fixed, the characteristic polynomial splits into "
        "linear factors and one irreducible cubic.", uses=("vectorised",))
    cubic = next(f for f in sp.Mul.make_args(factored) if sp.Poly(f, mu).degree() == 3)
    brackets = sp.Poly(cubic, mu).intervals(eps=sp.Rational(1, 10**9))
    values = [(lo, hi) for (lo, hi), _ in brackets]
    signs = sp.And(*(sp.Lt(sp.Mul(cubic.xreplace({mu: lo}), cubic.xreplace({mu: hi}),
                                  evaluate=False), 0, evaluate=False)
                     for lo, hi in values), evaluate=False)
    d.add("isolate-3x3", Kind.INEQUALITY, signs,
          "The cubic changes sign across each of three exact rational intervals, so each "
          "holds one of its three roots (the other eigenvalues are the linear factors' "
          "1, 2, 3, 4, all inside the outer intervals).", uses=("charpoly-3x3",))
    (low_min, high_min), (low_max, high_max) = values[0], values[-1]
    lower, upper = low_max / high_min, high_max / low_min
    floor, ceiling = sp.floor(100 * lower) / 100, sp.ceiling(100 * upper) / 100
    d.add("kappa-3x3", Kind.INEQUALITY,
          sp.And(sp.Lt(floor, lower, evaluate=False), sp.Lt(lower, upper, evaluate=False),
                 sp.Lt(upper, ceiling, evaluate=False), evaluate=False),
          "So `kappa = lambda_9 / lambda_1` lies between the ratios of the brackets' ends, "
          f"`{floor}` and `{ceiling}` (`{sp.N(floor, 4)}` and `{sp.N(ceiling, 4)}`): already about "
          "72 on a 3x3 grid with one fixed pixel.", uses=("isolate-3x3",))
    y = sp.Symbol("y")
    resultant = sp.expand(sp.resultant(cubic.xreplace({mu: ratio * y}), cubic.xreplace({mu: y}), y))
    split = sp.factor(resultant)
    d.equation("kappa-3x3-resultant", Kind.EXPANSION, resultant, split,
               "Every ratio `t = x/y` of two roots of the cubic makes `q(t y)` and `q(y)` share "
               "the root `"
               "y`, so it is a root of their resultant in `y`, which factors into `(t - 1)^3` and "
               "a "
               "palindromic sextic.", uses=("isolate-3x3",))
    sextic = next(f for f in sp.Mul.make_args(split) if sp.Poly(f, ratio).degree() == 6)
    d.add("kappa-3x3-exact", Kind.INEQUALITY,
          sp.Lt(sp.Mul(sextic.xreplace({ratio: floor}), sextic.xreplace({ratio: ceiling}),
                       evaluate=False), 0, evaluate=False),
          "The sextic changes sign on the enclosure of `kappa`: `kappa` on the 3x3 grid is "
          "exactly its root there, an algebraic number of degree 6.",
          uses=("kappa-3x3-resultant", "kappa-3x3"))
    _charpoly_steps(
        d, "laplacian-spectrum-3x3", laplacian(SIZE, grid_edges(ROWS, COLS)),
        "The Laplacian of the 3x3 grid alone has the integer spectrum 0, 1, 1, 2, 3, 3, 4, "
        "4, 6: its first eigenvalue is 0 (eigenvector 1) and the article's ratio `"
        "lambda_n / lambda_2` is 6.", uses=("laplacian-ones",))


def _witness(derivation, dps, rng):
    rows = cols = 4
    fixed = frozenset({5})
    size = rows * cols
    edges = grid_edges(rows, cols)
    near = neighbours(size, edges)
    system = system_matrix(size, edges, fixed)
    exact_w = [sp.Rational(rng.randrange(-10**6, 10**6), 10**6) for _ in range(size)]
    alpha = sp.Rational(1, 10)
    p, e = anchors(size, fixed)
    step = derivation.results["gradient_step"].xreplace({
        L_G: sp.ImmutableMatrix(laplacian(size, edges)), P_D: sp.ImmutableMatrix(p),
        e_D: sp.ImmutableMatrix(e), S.w: sp.ImmutableMatrix(exact_w), S.alpha: alpha})
    step = sp.Matrix(step.doit()).applyfunc(sp.expand)
    vectorised = mp.matrix([mp.mpf(x.p) / x.q for x in step])
    w = [mp.mpf(x.p) / x.q for x in exact_w]
    stepped = mp.matrix([wi - mp.mpf(alpha.p) / alpha.q * gi for wi, gi in
                         zip(w, pixel_gradient(w, near, fixed), strict=True)])
    anchor = mp.matrix([1 if i in fixed else 0 for i in range(size)])
    spectrum, _ = mp.eigsy(system)
    lam_1, lam_n = min(spectrum), max(spectrum)
    kappa = lam_n / lam_1
    tolerance = mp.mpf(10) ** -12
    gd_steps = iterations_to_tolerance(near, fixed, 2 / (lam_1 + lam_n), 0, tolerance, 20000)
    root = mp.sqrt(kappa)
    mom_alpha = (2 / (mp.sqrt(lam_1) + mp.sqrt(lam_n))) ** 2
    mom_beta = ((root - 1) / (root + 1)) ** 2
    mom_steps = iterations_to_tolerance(near, fixed, mom_alpha, mom_beta, tolerance, 20000)
    predicted = mp.log((root - 1) / (root + 1)) / mp.log((kappa - 1) / (kappa + 1))
    observed = mp.mpf(gd_steps) / mom_steps
    within = abs(observed / predicted - 1) < mp.mpf("0.25")
    return WitnessReport(
        "per-pixel step against the vectorised step; exact solve against `w^* = 1`; iteration "
        "counts of gradient descent and momentum",
        (compare_vectors("gradient step", stepped, vectorised, dps - 5,
                         detail="the named result on the 4x4 grid against the per-pixel step"),
         compare_vectors("`w^*`", mp.lu_solve(system, anchor), mp.matrix([1] * size), dps - 5),
         Comparison("`L_G + P_D` positive definite", bool(lam_1 > 0), None,
                    f"smallest eigenvalue {mp.nstr(lam_1, 6)}"),
         Comparison("momentum speed-up", bool(within), None,
                    f"`kappa = {mp.nstr(kappa, 6)}`; gradient descent {gd_steps} steps, "
                    f"momentum {mom_steps} steps, ratio {mp.nstr(observed, 4)}; predicted "
                    f"`log(rate_momentum) / log(rate_gd) = {mp.nstr(predicted, 4)}`, "
                    f"`sqrt(kappa) = {mp.nstr(root, 4)}`")))
