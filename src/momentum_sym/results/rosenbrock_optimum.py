"""The convex Rosenbrock function: its optimum and its condition number.

Problem.  For kappa > 1 and n >= 1,

    f^n(w) = 1/2 (w_1 - 1)^2 + 1/2 sum_{i=1}^{n-1} (w_i - w_{i+1})^2 + 2/(kappa - 1) ||w||^2,

the colorization objective on a path of n pixels with the first one anchored,
plus a ridge term.  (The article's display of f^n is missing from the source
text; this is the function whose gradient it prints.)

Derivation.  The gradient is tridiagonal: row i is -w_{i-1} + (2 + c) w_i - w_{i+1}
with c = 4/(kappa - 1), where w_0 = 1 stands for the anchor and row n has 1 + c
on the diagonal (equivalently w_{n+1} = w_n) - the article's formula "for i != 1"
is wrong for i = n as well.  Setting it to zero is a linear recurrence with
characteristic roots r and 1/r, r = (sqrt(kappa) - 1)/(sqrt(kappa) + 1); ``rsolve``
gives its general solution and the two boundary conditions fix the constants.
The Hessian H = tridiag(-1, 2 + c, -1) with last diagonal entry 1 + c is not
Toeplitz, and the Toeplitz formula 2 - 2 cos(j pi/(n + 1)) does not apply; its
eigenvectors are v_i = sin(i theta_j) with theta_j = (2j - 1) pi/(2n + 1), proved
by substitution with q = exp(i theta_j), q^(2n+1) = -1.

Results.  ``exact`` = (r^(2i) + r^(2n+1)) / (r^i (1 + r^(2n+1))), i.e.
w*_i = (r^i + r^(2n+1-i))/(1 + r^(2n+1)), and ``limit`` = r^i as n -> infinity
(the article's w*_i, which is exact only in that limit).  The eigenvalues are
c + 2 - 2 cos theta_j, so kappa_n = (c + 2 - 2 cos((2n-1) pi/(2n+1))) /
(c + 2 - 2 cos(pi/(2n+1))) < kappa and kappa_n -> (c + 4)/c = kappa.

Source.  Goh (2017), "The Limits of Descent", "The Resisting Oracle".
"""

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import Derivation, DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import IntegerRange, interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.checks import compare_numbers, compare_vectors

ID = "rosenbrock-optimum"

N_INSTANCE = 5  # the concrete size on which the gradient is differentiated entry by entry
WEIGHTS = sp.symbols(f"w_1:{N_INSTANCE + 1}", real=True)
r = sp.Symbol("r", positive=True)  # the smaller characteristic root
s = sp.Symbol("s", positive=True)  # r = 1/(1 + s) for the limit
q = sp.Symbol("q", nonzero=True)  # exp(I theta_j)
P = sp.Symbol("P", nonzero=True)  # q^n
j = sp.Symbol("j", integer=True, positive=True)
theta = sp.Symbol("theta", positive=True)
t = sp.Symbol("t")
rho = sp.Symbol("rho", positive=True)  # sqrt(kappa)
c = 4 / (S.kappa - 1)
curvature = sp.Symbol("c", positive=True)  # c = 4/(kappa - 1) in the spectral steps


def objective_terms(weights) -> list[sp.Expr]:
    """The terms of f^n on a concrete vector of weights w_1..w_n: the anchor, one per
    edge of the path, one ridge term per weight."""
    n = len(weights)
    return ([sp.Rational(1, 2) * (weights[0] - 1) ** 2]
            + [sp.Rational(1, 2) * (weights[p] - weights[p + 1]) ** 2 for p in range(n - 1)]
            + [2 / (S.kappa - 1) * x ** 2 for x in weights])


def objective(weights) -> sp.Expr:
    """f^n on a concrete vector of weights w_1..w_n."""
    return sp.Add(*objective_terms(weights))


def gradient_rows(weights) -> sp.Matrix:
    """Row i: -w_{i-1} + (2 + c) w_i - w_{i+1}, with w_0 = 1 and w_{n+1} = w_n."""
    padded = (sp.Integer(1), *weights, weights[-1])
    return sp.Matrix([-padded[m - 1] + (2 + c) * padded[m] - padded[m + 1]
                      for m in range(1, len(weights) + 1)])


def domain() -> Domain:
    variables = {S.kappa: interval(2, 400), r: interval("1/100", "99/100"),
                 s: interval("1/100", 10), S.i: IntegerRange(0, 25), S.n: IntegerRange(1, 25),
                 q: interval("1/5", "9/5"), P: interval("1/5", "9/5"), theta: interval(0, 3),
                 t: interval(-2, 2), rho: interval("11/10", 20), j: IntegerRange(1, 25),
                 curvature: interval("1/100", 4)}
    variables.update({x: interval(-2, 2) for x in WEIGHTS})
    return Domain(variables=variables)


def derive() -> Derivation:
    d = DerivationBuilder(
        ID, "The convex Rosenbrock function: optimum and conditioning",
        source="Goh (2017), The Limits of Descent: The Resisting Oracle",
        summary=("Setting the tridiagonal gradient to zero gives a linear recurrence whose "
                 "roots are `r = (sqrt(kappa) - 1)/(sqrt(kappa) + 1)` and `1/r`; with the anchor "
                 "`w_0 = 1` and the free end, `w*_i = (r^i + r^(2n+1-i))/(1 + r^(2n+1))`, which "
                 "tends to `r^i`.  The Hessian's eigenvalues are "
                 "`c + 2 - 2 cos((2j - 1) pi/(2n + 1))`, "
                 "so the condition number is below `kappa` for every `n` and tends to `kappa`."),
        domain=domain())
    d.name("c", "`4/(kappa - 1)`, the curvature added by the ridge term")
    d.name("r", "`(sqrt(kappa) - 1)/(sqrt(kappa) + 1)`")
    _gradient(d)
    _optimum(d)
    _conditioning(d)
    return d.build(Witness(
        "For `n = 12` and a random `kappa`, solve the tridiagonal system `H w = e_1` exactly "
        "(LU, mpmath) and compare with ``exact``; compute the eigenvalues of `H` (mpmath "
        "eigsy) and compare with `c + 2 - 2 cos((2j - 1) pi/(2n + 1))`; compare `kappa_n` for "
        "`n` = 12, 100 and `10^4` with `kappa`.", _witness))


def _gradient(d: DerivationBuilder) -> None:
    m = sp.IndexedBase("w")
    d.equation("objective", Kind.DEFINITION, sp.Symbol("f^n(w)"),
               sp.Rational(1, 2) * (m[1] - 1) ** 2
               + sp.Rational(1, 2) * sp.Sum((m[S.i] - m[S.i + 1]) ** 2, (S.i, 1, S.n - 1))
               + 2 / (S.kappa - 1) * sp.Sum(m[S.i] ** 2, (S.i, 1, S.n)),
               "A path of `n` pixels, the first pulled towards 1, plus a ridge term that makes "
               "the smallest curvature `4/(kappa - 1)`.")
    terms = objective_terms(WEIGHTS)
    parts = [sp.Add(*(term for term in terms if x in term.free_symbols)) for x in WEIGHTS]
    derivative = sp.Matrix([sp.diff(part, x) for part, x in zip(parts, WEIGHTS, strict=True)])
    d.equation("gradient", Kind.DIFFERENTIATION,
               sp.Matrix([sp.Derivative(part, x) for part, x in zip(parts, WEIGHTS, strict=True)]),
               derivative,
               f"Differentiate `f^n` by each `w_i` (here `n = {N_INSTANCE}`); only the terms "
               "that contain `w_i` contribute.", uses=("objective",))
    rows = gradient_rows(WEIGHTS)
    d.equation("tridiagonal", Kind.SIMPLIFICATION, derivative, rows,
               "Each component involves only its two neighbours: row `i` is `-w_{i-1} + (2 + c) "
               "w_i - w_{i+1}`, where `w_0 = 1` (the anchor) in row 1 and `w_{n+1} = w_n` (the "
               "free "
               "end: `1 + c` on the diagonal) in row `n`.", uses=("gradient",))


def _optimum(d: DerivationBuilder) -> sp.Expr:
    char = t ** 2 - (2 + c) * t + 1
    d.equation("characteristic", Kind.DEFINITION, sp.Symbol("chi(t)"), char,
               "Setting row `i` to zero, `w_{i+1} - (2 + c) w_i + w_{i-1} = 0`, is a linear "
               "recurrence; geometric solutions `t^i` need `chi(t) = 0`.", uses=("tridiagonal",))
    roots = sp.solve(char, t)
    small = min(roots, key=lambda x: float(x.subs(S.kappa, 4)))
    d.solve("small-root", sp.Eq(char, 0), t, small,
            "The quadratic formula; the product of the two roots is 1, so the other is its "
            "reciprocal.", uses=("characteristic",))
    in_rho = sp.factor(small.xreplace({S.kappa: rho ** 2}))
    nice = in_rho.xreplace({rho: sp.sqrt(S.kappa)})
    d.equation("root-factored", Kind.SIMPLIFICATION, small, nice,
               "With `kappa = (sqrt kappa)^2` the numerator `kappa + 1 - 2 sqrt kappa` is `"
               "(sqrt kappa - 1)^2` and the denominator `(sqrt kappa - 1)(sqrt kappa + 1)`.",
               uses=("small-root",))
    d.equation("coefficient", Kind.SUBSTITUTION, 2 + c, (r + 1 / r).xreplace({r: nice}),
               "Since the roots are `r` and `1/r`, the middle coefficient `2 + c` is their sum.",
               uses=("root-factored",))
    w = sp.Function("w")
    recurrence = w(S.i + 1) - (r + 1 / r) * w(S.i) + w(S.i - 1)
    general = sp.rsolve(recurrence, w(S.i))
    constants = sorted(general.free_symbols - {r, S.i}, key=lambda x: x.name)
    d.add("general-solution", Kind.ANSATZ, sp.Eq(w(S.i), general),
          "rsolve: every solution of the recurrence is a combination of `r^i` and `r^(-i)`; the "
          "next steps fix the constants and check the result.", uses=("coefficient",))
    anchor = sp.Eq(general.xreplace({S.i: 0}), 1)
    first_constant, second_constant = constants
    (value_2,) = sp.solve(anchor, second_constant)
    d.solve("boundary-anchor", anchor, second_constant, value_2,
            "Row 1 is the recurrence with `w_0 = 1`: the constants add up to 1.",
            uses=("general-solution",))
    partial = general.xreplace({second_constant: value_2})
    free_end = sp.Eq(partial.xreplace({S.i: S.n + 1}), partial.xreplace({S.i: S.n}))
    (value_1,) = sp.solve(free_end, first_constant)
    d.solve("boundary-free-end", free_end, first_constant, value_1,
            "Row `n` is the recurrence with `w_{n+1} = w_n` (the free end).",
            uses=("boundary-anchor",))
    assembled = partial.xreplace({first_constant: value_1})
    exact_r = sp.simplify(assembled)
    d.equation("optimum-finite-n", Kind.SIMPLIFICATION, assembled, exact_r,
               "Put both constants back and simplify: the exact optimum for finite `n`.",
               uses=("boundary-free-end",))
    shifted = (exact_r.xreplace({S.i: S.i + 1}) + exact_r.xreplace({S.i: S.i - 1}))
    d.equation("recurrence-holds", Kind.SUBSTITUTION, shifted, (r + 1 / r) * exact_r,
               "The constants solved from the two boundary rows give a solution of every "
               "interior row: substitute it back.", uses=("general-solution",))
    exact = exact_r.xreplace({r: nice})
    d.equation("exact-in-kappa", Kind.SUBSTITUTION, exact_r, exact,
               "Written with the root `r = (sqrt kappa - 1)/(sqrt kappa + 1)`, the optimum is a "
               "function of `kappa`, `i` and `n`.", uses=("optimum-finite-n", "root-factored"),
               assumptions=(sp.Eq(r, nice),))
    d.result("exact", exact, step="exact-in-kappa")
    in_s = exact_r.xreplace({r: 1 / (1 + s)})
    limit_s = sp.limit(in_s, S.n, sp.oo)
    d.equation("limit-n", Kind.LIMIT, sp.Limit(in_s, S.n, sp.oo), limit_s,
               "Write `r = 1/(1 + s)` with `s > 0 (0 < r < 1)`: the terms in `r^(2n)` vanish as "
               "`n` "
               "grows.", uses=("recurrence-holds",))
    back = r ** S.i
    d.equation("limit-in-r", Kind.SUBSTITUTION, limit_s, back,
               "Back to `r`: `1 + s = 1/r`.", uses=("limit-n",), assumptions=(sp.Eq(s, 1 / r - 1),))
    limit = back.xreplace({r: nice})
    d.equation("limit-in-kappa", Kind.SUBSTITUTION, back, limit,
               "In `kappa`: `w*_i = ((sqrt kappa - 1)/(sqrt kappa + 1))^i` in the limit.",
               uses=("limit-in-r", "root-factored"), assumptions=(sp.Eq(r, nice),))
    d.result("limit", limit, step="limit-in-kappa")
    gap = sp.factor(sp.powsimp(sp.expand_power_exp(exact_r - back)))
    d.equation("finite-n-correction", Kind.SIMPLIFICATION, exact_r - back, gap,
               "The finite-`n` optimum exceeds `r^i` by a term of order `r^(2n+1-i)`: the "
               "article's `w*_i = r^i` holds only in the limit.", uses=("limit-in-r",))
    return exact_r


def _conditioning(d: DerivationBuilder) -> None:
    c = curvature
    vector = sp.Lambda(S.i, q ** S.i - q ** (-S.i))
    mu = 2 + c - q - 1 / q
    d.add("eigen-ansatz", Kind.ANSATZ,
          sp.Eq(sp.Symbol("v_i"), vector(S.i)),
          "Try `v_i = q^i - q^(-i)` (proportional to `sin(i theta)` when `q = e^(i theta)`) "
          "with eigenvalue `mu = 2 + c - q - 1/q`.", uses=("tridiagonal",))
    interior = -vector(S.i - 1) + (2 + c) * vector(S.i) - vector(S.i + 1)
    d.equation("eigen-interior", Kind.SUBSTITUTION, interior, mu * vector(S.i),
               "Every interior row of `H v = mu v` holds for any `q`.", uses=("eigen-ansatz",))
    first = (2 + c) * vector(1) - vector(2)
    d.equation("eigen-first", Kind.SUBSTITUTION, first, mu * vector(1),
               "Row 1 is the interior row with `v_0 = 0`, which the ansatz satisfies.",
               uses=("eigen-ansatz",))
    vn, vn1 = P - 1 / P, P / q - q / P
    last = -vn1 + (1 + c) * vn
    d.equation("eigen-last", Kind.SUBSTITUTION, last, mu * vn,
               "Row `n` (diagonal `1 + c`) holds exactly when `v_{n+1} = v_n`, i.e. "
               "`q^(2n+1) = -1`: with `P = q^n` that is `q = -1/P^2`.", uses=("eigen-ansatz",),
               assumptions=(sp.Eq(q, -1 / P ** 2),))
    angle = (2 * j - 1) * sp.pi / (2 * S.n + 1)
    root = sp.exp(sp.I * angle)
    d.equation("roots-of-minus-one", Kind.SIMPLIFICATION,
               sp.Pow(root, 2 * S.n + 1, evaluate=False), -1,
               "`q = exp(i theta_j)` with `theta_j = (2j - 1) pi/(2n + 1)` satisfies "
               "`q^(2n+1) = -1` for `j = 1`, ..., `n`: `n` distinct angles between 0 and `pi`.",
               uses=("eigen-last",))
    mu_theta = mu.xreplace({q: sp.exp(sp.I * theta)})
    cosine = sp.simplify(mu_theta.rewrite(sp.cos))
    d.equation("eigenvalue-cos", Kind.SIMPLIFICATION, mu_theta, cosine,
               "`e^(i theta) + e^(-i theta) = 2 cos(theta)`: the `n` eigenvalues are "
               "`c + 2 - 2 cos(theta_j)`, and `v_i = 2 i sin(i theta_j)` is not zero.",
               uses=("roots-of-minus-one",))
    smallest = cosine.xreplace({theta: angle.xreplace({j: 1})})
    largest = cosine.xreplace({theta: angle.xreplace({j: S.n})})
    d.add("angle-order", Kind.INEQUALITY,
          sp.And(sp.Lt(0, angle.xreplace({j: 1}), evaluate=False),
                 sp.Lt(angle.xreplace({j: S.n}), sp.pi, evaluate=False), evaluate=False),
          "The angles increase with `j` and stay in (0, pi), where the cosine decreases: `j = 1` "
          "gives the smallest eigenvalue and `j = n` the largest.", uses=("eigenvalue-cos",))
    ratio = largest / smallest
    kappa_limit = sp.limit(ratio, S.n, sp.oo)
    d.equation("condition-limit", Kind.LIMIT, sp.Limit(ratio, S.n, sp.oo), kappa_limit,
               "As `n` grows the extreme angles tend to 0 and pi, so the extreme eigenvalues "
               "tend to `c` and `c + 4`.", uses=("angle-order",))
    in_kappa = sp.factor(sp.simplify(kappa_limit.xreplace({c: 4 / (S.kappa - 1)})))
    d.equation("condition-is-kappa", Kind.SUBSTITUTION, kappa_limit, in_kappa,
               "With `c = 4/(kappa - 1)`, `(c + 4)/c = kappa`: the condition number of `f^n` "
               "tends to `"
               "kappa` (and is below it for every finite `n`).", uses=("condition-limit",),
               assumptions=(sp.Eq(c, 4 / (S.kappa - 1)),))


def _witness(derivation, dps, rng):
    n = 12
    kappa = mp.mpf(rng.uniform(10, 1000))
    c_value = 4 / (kappa - 1)
    hessian = mp.matrix(n, n)
    for m in range(n):
        hessian[m, m] = 2 + c_value
        if m + 1 < n:
            hessian[m, m + 1] = hessian[m + 1, m] = -1
    hessian[n - 1, n - 1] = 1 + c_value
    rhs = mp.matrix([1] + [0] * (n - 1))
    solved = mp.lu_solve(hessian, rhs)
    exact = sp.lambdify((S.kappa, S.i, S.n), derivation.results["exact"], "mpmath")
    formula = mp.matrix([exact(kappa, m, n) for m in range(1, n + 1)])
    spectrum, _ = mp.eigsy(hessian)
    predicted = sorted(c_value + 2 - 2 * mp.cos((2 * m - 1) * mp.pi / (2 * n + 1))
                       for m in range(1, n + 1))
    observed = sorted(spectrum)
    comparisons = [
        compare_vectors("exact", solved, formula, dps - 5, detail=f"`n = {n}`, "
                        f"`kappa = {mp.nstr(kappa, 8)}`"),
        compare_vectors("eigenvalues", mp.matrix(observed), mp.matrix(predicted), dps - 8)]
    for size in (100, 10**4):
        low = c_value + 2 - 2 * mp.cos(mp.pi / (2 * size + 1))
        high = c_value + 2 - 2 * mp.cos((2 * size - 1) * mp.pi / (2 * size + 1))
        comparisons.append(compare_numbers(f"`kappa_n` at `n = {size}`", high / low, kappa,
                                           1 if size == 100 else 3,
                                           detail="`kappa_n < kappa`, tending to it"))
    return WitnessReport("LU solve and eigenvalues of the Rosenbrock Hessian against the "
                         "derived optimum and spectrum", tuple(comparisons))
