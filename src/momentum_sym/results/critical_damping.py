"""Critical damping: the momentum beta that makes the two eigenvalues of R meet.

Problem.  Momentum on one eigencomponent, (y_i, x_i)^{k+1} = R (y_i, x_i)^k with
R from ``momentum-iteration-matrix``, a fixed step size alpha and eigenvalue
lambda.  Which beta in [0, 1) damps the component critically, and how fast does
it then converge?

Derivation.  Expand det(sigma I - R), take its discriminant (SymPy
``discriminant``), set it to zero and ``solve`` for beta.  Of the two roots,
(1 + sqrt(alpha lambda))^2 always exceeds 1 and is rejected; (1 - sqrt(alpha
lambda))^2 lies in [0, 1) exactly when alpha lambda < 4 (a univariate region
solved exactly).  With that beta the polynomial is the square
(sigma - (1 - sqrt(alpha lambda)))^2: a double root, whose modulus is the rate
and whose square is beta.  Gradient descent's factor 1 - alpha lambda (from
``gd-closed-form``) is the double root times 1 + sqrt(alpha lambda), and the
iteration counts to reach a tolerance are compared in the limit alpha lambda -> 0.

Results.  ``beta`` = (1 - sqrt(alpha lambda))^2 (for 0 < alpha lambda < 4) and
``rate`` = |1 - sqrt(alpha lambda)| = sqrt(beta), against gradient descent's
|1 - alpha lambda|: about log(1/eps)/sqrt(alpha lambda) iterations instead of
log(1/eps)/(alpha lambda).

Source.  Goh, "Why Momentum Really Works", section "The Critical Damping
Coefficient".  The article gives the rate as 1 - sqrt(alpha lambda_i); that is
the rate only for alpha lambda_i <= 1, for 1 < alpha lambda_i < 4 the double root is
negative and the rate is sqrt(alpha lambda_i) - 1.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import CaseSplit, DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import IntegerRange, interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.iterations import gradient_descent, momentum
from momentum_sym.witness.quadratic import random_quadratic, random_vector

ID = "critical-damping"
MATRIX = "momentum-iteration-matrix"
GD = "gd-closed-form"
SIGMA = sp.Symbol("sigma")  # the variable of the characteristic polynomial
epsilon = sp.Symbol("epsilon", positive=True)  # the tolerance: shrink the error by epsilon
_t = sp.Symbol("t", positive=True)  # alpha*lambda while rewriting; replaced by S.t


def in_t(expr: sp.Expr) -> sp.Expr:
    """Rewrite an expression in alpha and lambda that depends on alpha*lambda only in
    t = alpha*lambda (alpha = t/lambda, with t > 0, then the canonical S.t)."""
    rewritten = sp.simplify(expr.subs(S.alpha, _t / S.lam))
    if S.lam in rewritten.free_symbols:
        raise ValueError(f"{expr} is not a function of alpha*lambda")
    return rewritten.xreplace({_t: S.t})


def as_square(expr: sp.Expr) -> sp.Expr:
    """Factor an expression in sqrt(alpha) and sqrt(lambda) (here a perfect square),
    by writing alpha = a^2 and lambda = l^2 with a, l > 0."""
    a, ell = sp.Symbol("a", positive=True), sp.Symbol("l", positive=True)
    factored = sp.factor(expr.xreplace({S.alpha: a**2, S.lam: ell**2}))
    return factored.xreplace({a: sp.sqrt(S.alpha), ell: sp.sqrt(S.lam)})


def domain() -> Domain:
    """alpha and lambda with alpha*lambda < 4 (t is their product), beta, sigma for
    polynomial identities, x_i^0 and k for gradient descent, a tolerance epsilon."""
    return Domain(
        variables={S.alpha: interval("1/100", 2), S.lam: interval("1/10", 10),
                   S.beta: interval(0, "99/100"), SIGMA: interval(-2, 2),
                   S.x_0: interval(-2, 2), S.k: IntegerRange(0, 30),
                   epsilon: interval("1/1000000000000", "1/2")},
        constraints=(S.alpha * S.lam < 4,),
        derived={S.t: S.alpha * S.lam})


def derive():
    r_matrix = momentum_sym.get(MATRIX).results["R"]
    d = DerivationBuilder(
        ID, "The critical damping coefficient",
        source="Goh (2017), The Critical Damping Coefficient",
        summary=("For a fixed step size, the best momentum for one eigencomponent is the one "
                 "at which the two eigenvalues of `R` coincide, `beta = (1 - sqrt(alpha "
                 "lambda))^2`. The component then converges at the rate `|1 - sqrt(alpha "
                 "lambda)| = sqrt(beta)`, while gradient descent converges at `|1 - alpha "
                 "lambda| = |1 - sqrt(alpha lambda)| (1 + sqrt(alpha lambda))`: for small `"
                 "alpha lambda` momentum needs about the square root of gradient descent's "
                 "number of iterations (times `log(1/eps)`)."),
        domain=domain(), uses=(MATRIX, GD))
    d.name("sigma", "the variable of the characteristic polynomial of `R`")
    d.name("t", "`alpha lambda`, the step size measured in units of `1/lambda`")
    d.name("epsilon", "the factor by which the error must shrink")
    d.equation("iteration-matrix", Kind.DEFINITION, sp.Symbol("R"), r_matrix,
               "The matrix that advances (`y_i^k`, `x_i^k`) by one momentum step.",
               uses=(f"{MATRIX}.R",))
    shifted = SIGMA * sp.eye(2) - r_matrix
    polynomial = r_matrix.charpoly(SIGMA).as_expr()
    d.equation("characteristic", Kind.EXPANSION,
               shifted[0, 0] * shifted[1, 1] - shifted[0, 1] * shifted[1, 0], polynomial,
               "The eigenvalues of `R` are the zeros of `det(sigma I - R)`; expand the 2x2 "
               "determinant.", uses=("iteration-matrix",), written_in=(SIGMA,))
    trace, determinant = r_matrix.trace(), sp.expand(r_matrix.det())
    discriminant = sp.discriminant(polynomial, SIGMA)
    d.equation("discriminant", Kind.EXPANSION, discriminant, trace**2 - 4 * determinant,
               "The two eigenvalues coincide exactly when the discriminant `tr(R)^2 - 4 det(R) "
               "= (1 + beta - alpha lambda)^2 - 4 beta` vanishes.", uses=("characteristic",))
    critical = sp.Eq(discriminant, 0)
    roots = sorted(sp.solve(critical, S.beta),
                   key=lambda r: r.xreplace({S.alpha: sp.Rational(1, 2), S.lam: 1}))
    beta_minus, beta_plus = (as_square(r) for r in roots)
    d.solve("beta-minus", critical, S.beta, beta_minus,
            "The discriminant is a quadratic in `beta`; its smaller root is `"
            "(1 - sqrt(alpha lambda))^2`.", uses=("discriminant",))
    d.solve("beta-plus", critical, S.beta, beta_plus,
            "Its larger root is `(1 + sqrt(alpha lambda))^2`.", uses=("discriminant",))
    d.add("reject-plus", Kind.INEQUALITY, sp.Gt(beta_plus, 1, evaluate=False),
          "The larger root exceeds 1 for every `alpha lambda > 0`, outside the momentum range `"
          "0 <= beta < 1`, so it is rejected.", uses=("beta-plus",))
    minus_t = in_t(beta_minus)
    d.add("admissible", Kind.INEQUALITY,
          sp.Equivalent(sp.And(minus_t >= 0, minus_t < 1), S.t < 4),
          "The smaller root, a square, is never negative, and it is below 1 exactly when `"
          "alpha lambda < 4`: there it is the critical damping coefficient.",
          uses=("beta-minus",), assumptions=(S.t > 0,))
    d.result("beta", beta_minus, step="beta-minus")
    double_root = sp.simplify((trace / 2).xreplace({S.beta: beta_minus}))
    d.equation("double-root", Kind.EXPANSION, polynomial.xreplace({S.beta: beta_minus}),
               (SIGMA - double_root) ** 2,
               "With this `beta` the characteristic polynomial is a perfect square: `R` has the "
               "double eigenvalue `1 - sqrt(alpha lambda)`.", uses=("characteristic", "admissible"))
    d.equation("rate-squared", Kind.EXPANSION, double_root**2, beta_minus,
               "The product of the two equal roots is `det R = beta`, so the rate, the modulus "
               "of the double root, is `sqrt(beta)`.", uses=("double-root",))
    root_t = in_t(double_root)
    d.add("rate-cases", Kind.CASE_SPLIT,
          sp.And(sp.Implies(S.t <= 1, root_t >= 0), sp.Implies(S.t > 1, root_t < 0)),
          "The rate is `|1 - sqrt(alpha lambda)|`: for `alpha lambda <= 1` the double root is "
          "nonnegative and the rate is `1 - sqrt(alpha lambda)`, as the article says, but for `"
          "1 < alpha lambda < 4` it is negative and the rate is `sqrt(alpha lambda) - 1`.",
          uses=("double-root",), assumptions=(S.t > 0,),
          data=CaseSplit(((S.t <= 1, sp.Equivalent(root_t >= 0, S.t > 0)),
                          (S.t > 1, sp.Equivalent(root_t < 0, S.t > 0)))))
    rate = sp.Abs(double_root)
    d.equation("rate", Kind.SIMPLIFICATION, sp.sqrt(beta_minus, evaluate=False), rate,
               "So the rate is `sqrt(beta) = |1 - sqrt(alpha lambda)|`: the square root of a "
               "square is the modulus of what is squared.", uses=("rate-squared", "rate-cases"))
    d.result("rate", rate, step="rate")
    x_k = momentum_sym.get(GD).results["x_k"]
    gd_factor = sp.expand(sp.powsimp(x_k.xreplace({S.k: S.k + 1}) / x_k))
    d.equation("gd-factor", Kind.SIMPLIFICATION, x_k.xreplace({S.k: S.k + 1}) / x_k, gd_factor,
               "Gradient descent multiplies the component by `1 - alpha lambda` at each step, so "
               "its rate is `|1 - alpha lambda|`.", uses=(f"{GD}.x_k",))
    d.equation("square-root", Kind.EXPANSION, gd_factor,
               double_root * sp.factor(gd_factor / double_root),
               "A difference of squares: gradient descent's factor is the critical double "
               "root times `1 + sqrt(alpha lambda)`, a factor above 1.",
               uses=("gd-factor", "double-root"))
    gd_t = in_t(sp.Abs(gd_factor))
    rate_t = in_t(rate)
    d.add("faster", Kind.INEQUALITY,
          sp.Equivalent(rate_t < gd_t, sp.Or(S.t < 1, S.t > 1)),
          "So the critically damped component converges strictly faster than gradient "
          "descent with the same step size, except at `alpha lambda = 1` where both are exact "
          "in one step.", uses=("square-root", "rate-cases"), assumptions=(S.t > 0,))
    for label, name, factor, power, scale in (
            ("gd-iterations", "gradient descent", gd_t, 1, "`log(1/eps)/(alpha lambda)`"),
            ("momentum-iterations", "critical damping", rate_t, sp.Rational(1, 2),
             "`log(1/eps)/sqrt(alpha lambda)`")):
        count = sp.log(epsilon) / sp.log(factor)
        limit = sp.Limit(S.t**power * count, S.t, 0, "+")
        value = limit.doit()
        d.equation(label, Kind.LIMIT, limit, value,
                   f"{name.capitalize()} needs `log(eps)/log(rate)` iterations to shrink the "
                   f"error by a factor `eps`; for small `alpha lambda` this is about {scale}.",
                   uses=("rate-cases", "gd-factor"),
                   assumptions=(S.t < 1,))
    return d.build(Witness(
        "Run momentum from `z^0 = 0` with the critical `beta` on a random quadratic `(n = 4)` "
        "whose "
        "largest eigenvalue has `alpha lambda = t`, for several `t`: the eigencomponent is "
        "exactly `"
        "(a + b k) sigma^k` with `sigma` the derived double root; and momentum beats gradient "
        "descent with the same step size at `t = 1/100`.", _witness))


def _witness(derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps):
        return _run(derivation.results["beta"], derivation.results["rate"], dps, rng)


def _double_root_digits(xs, sigma, dps) -> float:
    """Digits to which the iterates obey the recurrence of a double root sigma."""
    worst, floor = float(dps), abs(xs[0]) * mp.mpf(10) ** (-(dps // 4))
    for k in range(len(xs) - 2):
        if abs(xs[k + 2]) < floor:
            break  # the component is exhausted; its rounding would dominate
        residual = xs[k + 2] - 2 * sigma * xs[k + 1] + sigma**2 * xs[k]
        scale = max(abs(xs[k + 2]), abs(2 * sigma * xs[k + 1]), abs(sigma**2 * xs[k]))
        if residual:
            worst = min(worst, float(-mp.log10(abs(residual) / scale)))
    return max(worst, 0.0)


def _run(beta_expr, rate_expr, dps, rng) -> WitnessReport:
    symbols = (S.alpha, S.lam)
    beta_at = sp.lambdify(symbols, beta_expr, "mpmath")
    rate_at = sp.lambdify(symbols, rate_expr, "mpmath")
    comparisons = []
    for t in (Fraction(1, 100), Fraction(1, 2), Fraction(2), Fraction(7, 2)):
        # the other components are larger and the recurrence is followed down to
        # 10^(-dps/4) of the start: carry that many guard digits more, so that their
        # rounding stays below the dps digits asked of this one
        with mp.workdps(dps + 20 + dps // 4):
            spectrum = [*sorted(mp.mpf(rng.uniform(0.5, 1)) for _ in range(3)), mp.mpf(1)]
            problem = random_quadratic(rng, spectrum)
            lam = problem.spectrum[-1]
            alpha = mp.mpf(t.numerator) / t.denominator / lam
            beta, rate = mp.mpf(beta_at(alpha, lam)), mp.mpf(rate_at(alpha, lam))
            w0 = random_vector(rng, problem.n)
            xs = [problem.eigencoordinates(w)[problem.n - 1] for _, w in momentum(
                problem.gradient, w0, mp.matrix(problem.n, 1), alpha, beta, 60)]
            # the double root is +rate or -rate: the iterates say which
            worst = max(_double_root_digits(xs, sign * rate, dps) for sign in (1, -1))
        comparisons.append(Comparison(
            "double root", worst >= dps - 5, worst,
            f"`x^(k+2) - 2 sigma x^(k+1) + sigma^2 x^k = 0` with `|sigma|` the derived rate, "
            f"while `|x^k| / |x^0| > 10^(-{dps // 4})`, at `alpha lambda = {t}`"))
    slow = Fraction(1, 100)
    problem = random_quadratic(rng, [mp.mpf(1)] * 2)
    alpha = mp.mpf(slow.numerator) / slow.denominator
    beta = mp.mpf(beta_at(alpha, 1))
    w0 = random_vector(rng, 2)
    steps = 300
    *_, (_, w_momentum) = momentum(problem.gradient, w0, mp.matrix(2, 1), alpha, beta, steps)
    *_, w_gd = gradient_descent(problem.gradient, w0, alpha, steps)
    e_momentum, e_gd = (mp.norm(w - problem.w_star) for w in (w_momentum, w_gd))
    comparisons.append(Comparison(
        "faster than gradient descent", e_momentum < e_gd, None,
        f"error after {steps} steps at `alpha lambda = 1/100`: momentum "
        f"{mp.nstr(e_momentum, 3)}, gradient descent {mp.nstr(e_gd, 3)}"))
    return WitnessReport("momentum at critical damping, and against gradient descent",
                         tuple(comparisons))
