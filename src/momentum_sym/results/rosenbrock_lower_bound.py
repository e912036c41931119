"""The lower bound for linear first-order methods on the convex Rosenbrock function.

Problem.  The convex Rosenbrock function f^n of ``rosenbrock-optimum`` and any
linear first-order method started at w^0 = 0: w^{k+1} = w^0 + sum_{i<=k}
Gamma_i^k grad f(w^i) with diagonal matrices Gamma_i^k (gradient descent,
momentum, Adam-like diagonal scalings, ...).

Derivation.  The gradient is affine, grad f(w) = H w - e_1, with H tridiagonal
(the Hessian's entries vanish two or more places off the diagonal), so a vector
supported on the indices 1..s has a gradient supported on 1..s+1.  By induction
on k, w^k is supported on 1..k: its entries k+1, k+2, ... are exactly 0, and

    ||w^k - w*||_inf >= max_{i >= k+1} |w*_i| = w*_{k+1}.

With w*_i = (r^i + r^(2n+1-i))/(1 + r^(2n+1)), positive and decreasing in i,
||w^0 - w*||_inf = w*_1, and, writing a = r^k, b = r^(n-k),
w*_{k+1} / (r^k w*_1) = (r + b^2)/(r + a^2 b^2) >= 1.

Result.  ``bound`` = ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^k:
||w^k - w*||_inf >= bound * ||w^0 - w*||_inf for every k < n and every n (and
every k for the infinite problem).  The article's chain is right in the limit
n -> infinity, where w*_i = r^i and max_{i>=k+1} |w*_i| = r^(k+1) = r^k r; for
finite n its middle equality is a strict inequality (w*_{k+1} > r^(k+1)) and
its last step needs the ratio inequality above.  The article's gradient formula
(written grad f(x)_i in terms of w) holds for 1 < i < n only.

Source.  Goh (2017), "The Limits of Descent" (Adventures in Algorithmic Space,
The Resisting Oracle), after Nesterov's Assumption 2.1.4 and lower bound.
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import Derivation, DerivationBuilder, Domain, Induction, Kind, Witness
from momentum_sym.kernel.domain import IntegerRange, interval
from momentum_sym.kernel.numeric import agreement_digits
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.rosenbrock_optimum import WEIGHTS, gradient_rows, objective, r

ID = "rosenbrock-lower-bound"

a = sp.Symbol("a", positive=True)  # r^k
b = sp.Symbol("b", positive=True)  # r^(n - k)
m = sp.Symbol("m", integer=True, positive=True)  # n - k
u = sp.Symbol("u", nonnegative=True)  # positivity certificates: a = 1/(1 + u)
v = sp.Symbol("v", nonnegative=True)  # r = 1/(1 + v)
support = sp.Function("s")  # s(k): the last index where w^k may be nonzero


def _in_powers(expr: sp.Expr, powers: dict[sp.Symbol, sp.Symbol]) -> sp.Expr:
    """Rewrite r^(p k + q m + c) as a^p b^q r^c (a = r^k, b = r^m)."""

    def rewrite(power: sp.Pow) -> sp.Expr:
        exponent = sp.expand(power.exp)
        result = power.base ** exponent.as_independent(*powers, as_Add=True)[0]
        for symbol, name in powers.items():
            result *= name ** exponent.coeff(symbol)
        return result

    return expr.replace(lambda e: isinstance(e, sp.Pow) and e.base == r
                        and not e.exp.is_number, rewrite)


def derive() -> Derivation:
    domain = Domain(variables={
        S.kappa: interval(2, 400), r: interval("1/100", "99/100"), S.k: IntegerRange(0, 20),
        m: IntegerRange(1, 20), S.i: IntegerRange(1, 20), S.n: IntegerRange(1, 40),
        a: interval("1/100", 1), b: interval("1/100", 1),
        **{x: interval(-2, 2) for x in WEIGHTS}})
    d = DerivationBuilder(
        ID, "No linear first-order method beats the momentum rate on the convex Rosenbrock",
        source="Goh (2017), The Limits of Descent: The Resisting Oracle",
        summary=("Because the gradient couples only neighbours and the method starts at 0, "
                 "after `k` steps every coordinate beyond `k` is still 0 - information travels one "
                 "index per step - so the error in the max norm is at least "
                 "`w*_{k+1} >= ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^k ||w*||_inf`, the rate "
                 "that momentum "
                 "achieves: on this problem no linear first-order method can do better."),
        domain=domain, uses=("rosenbrock-optimum",))
    d.name("r", "`(sqrt(kappa) - 1)/(sqrt(kappa) + 1)`")
    _sparsity(d)
    _bound(d)
    return d.build(Witness(
        "On the truncated problem (`n = 30`, random `kappa`), run gradient descent, momentum with "
        "the optimal parameters, and a linear first-order method with random diagonal "
        "coefficients on all past gradients, from 0, for `k < n` steps: entries beyond `k` stay "
        "exactly 0 and `||w^k - w*||_inf` never falls below the bound times `||w*||_inf`.",
        _witness))


def _sparsity(d: DerivationBuilder) -> None:
    rows = [sp.diff(objective(WEIGHTS), x) for x in WEIGHTS]
    size = len(WEIGHTS)
    c = 4 / (S.kappa - 1)
    banded = sp.Matrix(size, size, lambda p, q: (2 + c if p == q else -1 if abs(p - q) == 1
                                                 else 0))
    banded[size - 1, size - 1] = 1 + c
    d.equation("hessian", Kind.DIFFERENTIATION,
               sp.Matrix(size, size, lambda p, q: sp.Derivative(rows[p], WEIGHTS[q])),
               banded,
               f"The Hessian, the Jacobian of the gradient (here `n = {size}`), is tridiagonal: "
               "entries two or more places off the diagonal vanish.",
               uses=("rosenbrock-optimum",))
    w = sp.Matrix(WEIGHTS)
    e_1 = sp.Matrix(size, 1, lambda p, _q: 1 if p == 0 else 0)
    d.equation("gradient-affine", Kind.SUBSTITUTION, gradient_rows(WEIGHTS), banded * w - e_1,
               "The gradient is affine, `H w - e_1`, so component `i` depends only on `w_{i-1}`, `"
               "w_i`, `w_{i+1}` (and on the anchor for `i = 1`).", uses=("hessian",))
    d.equation("gradient-at-zero", Kind.SUBSTITUTION, gradient_rows(WEIGHTS), -e_1,
               "At the starting point `w = 0` only the first component of the gradient is "
               "nonzero.", uses=("gradient-affine",),
               assumptions=tuple(sp.Eq(x, 0) for x in WEIGHTS))
    d.add("support-induction", Kind.INDUCTION, sp.Eq(support(S.k), S.k, evaluate=False),
          "Induction on `k`: `w^0 = 0` has no nonzero entry (`s(0) = 0`); if `w^0`, ..., `w^k` "
          "are supported on 1..`k`, their gradients are supported on 1..`k+1` (tridiagonal "
          "`H`, the anchor at 1), "
          "and `w^{k+1} = w^0 + sum_i Gamma_i^k grad f(w^i)` with diagonal `Gamma`, a combination "
          "of them, is supported on 1..`k+1`: `s(k+1) = s(k) + 1`.",
          uses=("gradient-affine", "gradient-at-zero"),
          data=Induction(S.k, 0, sp.Integer(0), lambda value: value + 1,
                         sp.Eq(support(S.k + 1), support(S.k) + 1)))


def _bound(d: DerivationBuilder) -> None:
    exact = get("rosenbrock-optimum").results["exact"]
    nice = (sp.sqrt(S.kappa) - 1) / (sp.sqrt(S.kappa) + 1)
    exact_r = exact.xreplace({nice: r})
    d.equation("optimum", Kind.DEFINITION, r, nice,
               "Write `r` for `(sqrt(kappa) - 1)/(sqrt(kappa) + 1)`, so that `0 < r < 1` and the "
               "finite-`n` optimum is `w*_i = (r^(2i) + r^(2n+1))/(r^i (1 + r^(2n+1)))`.",
               uses=("rosenbrock-optimum.exact",))
    d.add("optimum-positive", Kind.INEQUALITY,
          sp.StrictGreaterThan(exact_r, 0, evaluate=False),
          "Every `w*_i` is positive (powers of `r > 0`), so `|w*_i| = w*_i`.",
          uses=("optimum",))
    step = exact_r - exact_r.xreplace({S.i: S.i + 1})
    rewritten = sp.factor(_in_powers(sp.expand(sp.powsimp(sp.expand_power_exp(step.xreplace(
        {S.n: S.i + m})))), {S.i: a, m: b}))
    d.equation("decrease", Kind.SUBSTITUTION, step.xreplace({S.n: S.i + m}), rewritten,
               "The difference of consecutive entries, with `n = i + m` and `a = r^i`, `b = r^m`.",
               uses=("optimum",), assumptions=(sp.Eq(a, r ** S.i), sp.Eq(b, r ** m)))
    d.add("decreasing", Kind.INEQUALITY, sp.GreaterThan(rewritten, 0, evaluate=False),
          "Since `0 < r < 1` and `b = r^m <= 1`, the difference is nonnegative: `w*_i` decreases "
          "in `i`, so `||w^0 - w*||_inf = w*_1` and the largest `w*_i` with `i >= k+1` is "
          "`w*_{k+1}`.", uses=("decrease",),
          hint=({r: 1 / (1 + v), b: 1 / (1 + u)},))
    first = exact_r.xreplace({S.i: 1})
    after = exact_r.xreplace({S.i: S.k + 1})
    ratio = after / (r ** S.k * first)
    in_ab = sp.factor(_in_powers(sp.expand(sp.powsimp(sp.expand_power_exp(
        sp.expand(ratio.xreplace({S.n: S.k + m}))))), {S.k: a, m: b}))
    d.equation("ratio", Kind.SUBSTITUTION, ratio.xreplace({S.n: S.k + m}), in_ab,
               "Compare the first entry that `w^k` cannot have touched, `w*_{k+1}`, with `r^k` "
               "times the initial error `w*_1`; put `n = k + m` (`m >= 1`: `k < n`), `a = r^k`, "
               "`b = r^m`.",
               uses=("optimum", "support-induction"),
               assumptions=(sp.Eq(a, r ** S.k), sp.Eq(b, r ** m)))
    excess = sp.factor(in_ab - 1)
    d.equation("ratio-excess", Kind.SIMPLIFICATION, in_ab - 1, excess,
               "Subtract 1 and factor.", uses=("ratio",))
    d.add("ratio-at-least-one", Kind.INEQUALITY, sp.GreaterThan(excess, 0, evaluate=False),
          "`a = r^k <= 1`, so the excess is nonnegative: `w*_{k+1} >= r^k w*_1`.",
          uses=("ratio-excess",), hint=({a: 1 / (1 + u)},))
    # the infinite problem: w*_i = r^i, and the bound in kappa
    limit = get("rosenbrock-optimum").results["limit"]
    untouched = limit.xreplace({S.i: S.k + 1})
    initial = limit.xreplace({S.i: 1})
    nice = initial  # the root r in kappa: w*_1 = r in the limit
    bound = sp.powsimp(untouched.xreplace({nice: r}) / initial.xreplace({nice: r})).xreplace(
        {r: nice})
    d.equation("bound", Kind.SIMPLIFICATION,
               sp.Mul(untouched, sp.Pow(initial, -1, evaluate=False), evaluate=False), bound,
               "In the limit as `n` grows, `w*_i = r^i`, so the untouched entry `r^(k+1)` over the "
               "initial error `r` is exactly `r^k` (the article's chain), while for finite `n` "
               "and `k < n` the ratio steps give "
               "`||w^k - w*||_inf >= w*_{k+1} >= r^k ||w^0 - w*||_inf`.",
               uses=("rosenbrock-optimum.limit", "ratio-at-least-one", "decreasing"))
    d.result("bound", bound, step="bound")


def _witness(derivation, dps, rng):
    n = 30
    kappa = mp.mpf(rng.uniform(10, 1000))
    c = 4 / (kappa - 1)
    diagonal = [2 + c] * (n - 1) + [1 + c]

    def gradient(w):
        out = []
        for p in range(n):
            left = w[p - 1] if p > 0 else 1
            value = -left + diagonal[p] * w[p]
            if p + 1 < n:
                value -= w[p + 1]
            out.append(value)
        return out

    hessian = mp.matrix(n, n)
    for p in range(n):
        hessian[p, p] = diagonal[p]
        if p + 1 < n:
            hessian[p, p + 1] = hessian[p + 1, p] = -1
    optimum = mp.lu_solve(hessian, mp.matrix([1] + [0] * (n - 1)))
    start_error = max(abs(x) for x in optimum)
    bound = sp.lambdify((S.kappa, S.k), derivation.results["bound"], "mpmath")
    low, high = c, c + 4
    root = mp.sqrt(kappa)
    methods = {
        "gradient descent": ("gd", 2 / (low + high), mp.zero),
        "momentum": ("momentum", (2 / (mp.sqrt(low) + mp.sqrt(high))) ** 2,
                     ((root - 1) / (root + 1)) ** 2),
        "random linear first-order": ("random", None, None)}
    comparisons = []
    for name, (kind, alpha, beta) in methods.items():
        w, z = [mp.zero] * n, [mp.zero] * n
        gradients = []
        worst, later, zeros_ok, holds = mp.inf, mp.inf, True, True
        for k in range(n):
            error = max(abs(w[p] - optimum[p]) for p in range(n))
            margin = error / (bound(kappa, k) * start_error)
            worst = min(worst, margin)
            later = min(later, margin) if k else later
            holds = holds and margin >= 1
            zeros_ok = zeros_ok and all(w[p] == 0 for p in range(k, n))
            g = gradient(w)
            if kind == "random":
                gradients.append(g)
                coefficients = [[mp.mpf(rng.uniform(-0.6, 0.1)) for _ in range(n)]
                                for _ in gradients]
                w = [sum((coefficients[i][p] * gradients[i][p] for i in range(len(gradients))),
                         mp.zero) for p in range(n)]
            else:
                z = [beta * z[p] + g[p] for p in range(n)]
                w = [w[p] - alpha * z[p] for p in range(n)]
        comparisons.append(Comparison(
            f"{name}: never beats the bound", bool(holds and zeros_ok), None,
            f"`kappa = {mp.nstr(kappa, 6)}`, `0 <= k <= {n - 1}`: smallest "
            f"`||w^k - w*||_inf / (r^k ||w^0 - w*||_inf)`: {mp.nstr(worst, 6)} (equality at "
            f"`k = 0`), {mp.nstr(later, 6)} for `k >= 1`; entries beyond `k` exactly 0: "
            f"{zeros_ok}"))
    # the bound is the untouched entry of the optimum (long path: r^(2n) negligible)
    long_optimum = _tridiagonal_optimum(2000, c)
    worst = float(dps)
    for k in range(1, 6):
        ratio = long_optimum[k] / long_optimum[0]
        worst = min(worst, float(agreement_digits(ratio - bound(kappa, k), ratio, dps)))
    comparisons.append(Comparison(
        "the bound equals `w*_{k+1} / w*_1`", worst >= 20, worst,
        f"`n = 2000`, `1 <= k <= 5`, `kappa = {mp.nstr(kappa, 6)}`: the untouched entry of the "
        "optimum over the initial error (tight up to `r^(2n)`)"))
    return WitnessReport("three linear first-order methods on the truncated convex Rosenbrock "
                         "against the lower bound, and its tightness", tuple(comparisons))


def _tridiagonal_optimum(n: int, c) -> list:
    """The optimum of the truncated convex Rosenbrock with n entries: the tridiagonal
    system (2 + c) w_i - w_{i-1} - w_{i+1} = 0, w_0 = 1, w_{n+1} = w_n, by elimination."""
    diagonal = [2 + c] * (n - 1) + [1 + c]
    rhs = [mp.one] + [mp.zero] * (n - 1)
    for p in range(1, n):  # forward elimination of the sub-diagonal -1
        factor = -1 / diagonal[p - 1]
        diagonal[p] = diagonal[p] + factor
        rhs[p] = rhs[p] - factor * rhs[p - 1]
    w = [mp.zero] * n
    w[n - 1] = rhs[n - 1] / diagonal[n - 1]
    for p in range(n - 2, -1, -1):
        w[p] = (rhs[p] + w[p + 1]) / diagonal[p]
    return w
