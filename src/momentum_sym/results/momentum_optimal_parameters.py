"""The optimal step size and momentum for a whole spectrum [lambda_1, lambda_n].

Problem.  Choose alpha > 0 and 0 <= beta < 1 to minimise the worst rate over the
spectrum, max over lambda_1 <= lambda <= lambda_n of the spectral radius of R.

Derivation.  Two facts bound the rate from below for every (alpha, beta): the
eigenvalues of R multiply to beta, so the radius is at least sqrt(beta); and the
characteristic polynomial at c = 1 - sqrt(alpha lambda) equals
sqrt(alpha lambda) (beta - c^2), so either beta >= c^2 or c lies between two real
roots: the radius is at least |1 - sqrt(alpha lambda)|.  Over the two extreme
eigenvalues this is at least max(1 - sqrt(alpha lambda_1), sqrt(alpha lambda_n) - 1),
smallest when the two are equal.  Equality is reached by putting both extremes at
critical damping (``critical-damping.beta``): SymPy ``solve`` of the two
equations gives alpha and beta; then lambda_1 sits on the lower and lambda_n on
the upper edge of the ripple band (``momentum-regimes``), the discriminant is
alpha^2 (lambda - lambda_1)(lambda - lambda_n) <= 0 in between, and every
eigenvalue converges at the same rate sqrt(beta), which meets the lower bound.

Results.  ``alpha`` = (2 / (sqrt(lambda_1) + sqrt(lambda_n)))^2,
``beta`` = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2,
``rate`` = (sqrt(kappa) - 1) / (sqrt(kappa) + 1) with kappa = lambda_n / lambda_1,
against (kappa - 1)/(kappa + 1) for gradient descent (``gd-optimal-step-size``):
about sqrt(kappa)/2 log(1/eps) iterations instead of kappa/2 log(1/eps).

Source.  Goh, "Why Momentum Really Works", section "Optimal parameters" (the rate
itself is missing from the scraped text).
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Solve, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.checks import compare_numbers
from momentum_sym.witness.matrix_power import evaluate_matrix
from momentum_sym.witness.minmax import minimax_parameters
from momentum_sym.witness.quadratic import random_spectrum

ID = "momentum-optimal-parameters"
MATRIX = "momentum-iteration-matrix"
EIGENVALUES = "momentum-eigenvalues"
REGIMES = "momentum-regimes"
CRITICAL = "critical-damping"
GD_OPTIMAL = "gd-optimal-step-size"
COMPLEX_RATE = "momentum-complex-rate"
SIGMA = sp.Symbol("sigma")
s_ = sp.Symbol("s", positive=True)  # sqrt(alpha)
u_ = sp.Symbol("u", positive=True)  # a positive parameter of a substitution
d_ = sp.Symbol("d", positive=True)  # sqrt(lambda_n) - sqrt(lambda_1) or sqrt(kappa) - 1
p_ = sp.Symbol("p", positive=True)  # sqrt(lambda_1)
e1 = sp.Symbol("e_1", nonnegative=True)  # lambda - lambda_1
e2 = sp.Symbol("e_2", nonnegative=True)  # lambda_n - lambda
epsilon = sp.Symbol("epsilon", positive=True)


def domain() -> Domain:
    """The spectrum lambda_1 < lambda_n (kappa their ratio), one eigenvalue lambda,
    any alpha and 0 <= beta < 1, sqrt(alpha) as s, and a tolerance epsilon."""
    return Domain(
        variables={S.lambda_1: interval("1/10", 2), S.lambda_n: interval("1/5", 40),
                   S.lam: interval("1/10", 40), S.alpha: interval("1/100", 2),
                   S.beta: interval(0, "99/100"), s_: interval("1/100", 2),
                   epsilon: interval("1/1000000000000", "1/2")},
        constraints=(S.lambda_1 < S.lambda_n,),
        derived={S.kappa: S.lambda_n / S.lambda_1},
        reparametrisations=(
            {S.lambda_1: p_**2, S.lambda_n: (p_ + d_) ** 2, S.kappa: (p_ + d_) ** 2 / p_**2},
            {S.lambda_n: S.lambda_1 * (1 + d_) ** 2, S.kappa: (1 + d_) ** 2}))


def tidy(expr: sp.Expr) -> sp.Expr:
    """Cancel and factor an expression in sqrt(lambda_1) and sqrt(lambda_n), by writing
    lambda_1 = p^2 and lambda_n = q^2 with p, q > 0 (SymPy's solve rationalises
    denominators: 2 (sqrt(l1) - sqrt(ln)) / (l1 - ln) becomes 2 / (sqrt(l1) + sqrt(ln)))."""
    p, q = sp.Symbol("p", positive=True), sp.Symbol("q", positive=True)
    factored = sp.factor(sp.cancel(expr.xreplace({S.lambda_1: p**2, S.lambda_n: q**2})))
    return factored.xreplace({p: sp.sqrt(S.lambda_1), q: sp.sqrt(S.lambda_n)})


def derive():
    r_matrix = momentum_sym.get(MATRIX).results["R"]
    eigen = momentum_sym.get(EIGENVALUES).results
    regimes = momentum_sym.get(REGIMES).results
    critical = momentum_sym.get(CRITICAL).results
    gd_rate = momentum_sym.get(GD_OPTIMAL).results["rate"]
    complex_rate = momentum_sym.get(COMPLEX_RATE).results["rate"]
    d = DerivationBuilder(
        ID, "Optimal step size and momentum",
        source="Goh (2017), Optimal parameters",
        summary=("No choice of `alpha` and `beta` makes every eigencomponent converge faster than "
                 "`(sqrt(kappa) - 1)/(sqrt(kappa) + 1)`, and putting both ends of the spectrum "
                 "at critical damping reaches that rate for all of them at once: "
                 "`alpha = (2/(sqrt(lambda_1) + sqrt(lambda_n)))^2`, `beta = rate^2`. Gradient "
                 "descent's best is `(kappa - 1)/(kappa + 1)`: the number of iterations drops "
                 "from about `kappa/2 log(1/eps)` to `sqrt(kappa)/2 log(1/eps)`."),
        domain=domain(), uses=(MATRIX, EIGENVALUES, COMPLEX_RATE, REGIMES, CRITICAL,
                                GD_OPTIMAL))
    d.name("s", "`sqrt(alpha)`")
    d.name("kappa", "the condition number `lambda_n / lambda_1`")
    d.name("epsilon", "the factor by which the error must shrink")
    # -- a lower bound on the rate, for every alpha and beta -----------------------
    product = sp.expand(r_matrix.det())
    d.equation("root-product", Kind.EXPANSION, eigen["sigma_1"] * eigen["sigma_2"], product,
               "The two eigenvalues of `R` multiply to `det R = beta`, so the larger modulus, the "
               "rate, is at least `sqrt(beta)`, whatever `alpha` and `lambda`.",
               uses=(f"{EIGENVALUES}.sigma_1", f"{EIGENVALUES}.sigma_2"))
    polynomial = r_matrix.charpoly(SIGMA).as_expr()
    c = 1 - sp.sqrt(S.alpha * S.lam)
    d.equation("value-at-c", Kind.EXPANSION, polynomial.xreplace({SIGMA: c}),
               sp.sqrt(S.alpha * S.lam) * (S.beta - c**2),
               "At `c = 1 - sqrt(alpha lambda)` the polynomial is `sqrt(alpha lambda) (beta - "
               "c^2)`, "
               "so either `beta >= c^2` (and the rate is at least `sqrt(beta) >= |c|`) or `c` lies "
               "strictly between two real roots, one of them farther from 0: either way the "
               "rate is at least `|1 - sqrt(alpha lambda)|`.",
               uses=(f"{MATRIX}.R", "root-product"))
    low_branch = 1 - s_ * sp.sqrt(S.lambda_1)
    high_branch = s_ * sp.sqrt(S.lambda_n) - 1
    balance = sp.Eq(low_branch, high_branch)
    (s_star,) = (tidy(r) for r in sp.solve(balance, s_))
    d.solve("balance", balance, s_, s_star,
            "With `s = sqrt(alpha)`, the bound at `lambda_1` is at least `1 - s sqrt(lambda_1)`, "
            "which "
            "falls as `s` grows, and at `lambda_n` at least `s sqrt(lambda_n) - 1`, which rises: "
            "the larger of the two is smallest where they meet.", uses=("value-at-c",))
    floor = tidy(low_branch.xreplace({s_: s_star}))
    for label, branch, sweep, side in (
            ("below-balance", low_branch, s_star / (1 + u_), s_ <= s_star),
            ("above-balance", high_branch, s_star * (1 + u_), s_ >= s_star)):
        d.add(label, Kind.INEQUALITY, sp.Ge(branch, floor, evaluate=False),
              "So for every `sqrt(alpha)` on this side of the meeting point the bound from the "
              "extreme eigenvalue on this side is at least `(sqrt(lambda_n) - sqrt(lambda_1)) / "
              "(sqrt(lambda_n) + sqrt(lambda_1))`: no `alpha` and `beta` do better.",
              uses=("balance",), assumptions=(side,), hint=({s_: sweep},))
    # -- reaching the bound: both extremes critically damped ----------------------
    beta_c = critical["beta"]
    at_1 = sp.Eq(S.beta, beta_c.xreplace({S.lam: S.lambda_1}))
    at_n = sp.Eq(S.beta, beta_c.xreplace({S.lam: S.lambda_n}))
    d.add("critical-extremes", Kind.DEFINITION, sp.And(at_1, at_n),
          "To reach the bound, damp both extremes critically: the critical `beta` for `lambda_1` "
          "and for `lambda_n` must be the same `beta`.", uses=(f"{CRITICAL}.beta",))
    in_s = {S.alpha: s_**2}
    eliminated = sp.Eq(at_1.rhs.xreplace(in_s), at_n.rhs.xreplace(in_s))
    roots = sp.solve(eliminated, s_)
    (nonzero,) = [tidy(r) for r in roots if r != 0]
    d.add("solve-alpha", Kind.SOLVE, sp.Eq(s_, nonzero, evaluate=False),
          "Equate the two and write `alpha = s^2`: `(1 - s sqrt(lambda_1))^2 = (1 - s "
          "sqrt(lambda_n))^2` has the roots `s = 0` (no step at all, and `beta = 1`) and `"
          "s = 2/(sqrt(lambda_1) + sqrt(lambda_n))`, the meeting point found above.",
          uses=("critical-extremes", "balance"), data=Solve(eliminated, s_))
    alpha_star = nonzero**2
    d.equation("alpha", Kind.SUBSTITUTION, s_**2, alpha_star,
               "The step size is `alpha = s^2` at this root.", uses=("solve-alpha",),
               assumptions=(sp.Eq(s_, nonzero),), hint=({s_: nonzero},))
    d.result("alpha", alpha_star, step="alpha")
    beta_lambdas = tidy(at_1.rhs.xreplace({S.alpha: alpha_star}))
    d.equation("beta-lambdas", Kind.SUBSTITUTION, at_1.rhs.xreplace({S.alpha: alpha_star}),
               beta_lambdas, "Put this `alpha` into the critical `beta` of `lambda_1`.",
               uses=("alpha", "critical-extremes"))
    d.equation("lambda-1-on-lower-edge", Kind.SUBSTITUTION, alpha_star * S.lambda_1,
               regimes["monotone_to_ripples"].xreplace({S.beta: beta_lambdas}),
               "Then `alpha lambda_1 = (1 - sqrt(beta))^2`: `lambda_1` sits on the lower edge of "
               "the ripple band ...", uses=("beta-lambdas", f"{REGIMES}.monotone_to_ripples"))
    d.equation("lambda-n-on-upper-edge", Kind.SUBSTITUTION, alpha_star * S.lambda_n,
               regimes["ripples_to_oscillation"].xreplace({S.beta: beta_lambdas}),
               "... and `alpha lambda_n = (1 + sqrt(beta))^2`: `lambda_n` sits on its upper edge.",
               uses=("beta-lambdas", f"{REGIMES}.ripples_to_oscillation"))
    discriminant = sp.discriminant(polynomial, SIGMA).xreplace({S.alpha: alpha_star,
                                                                S.beta: beta_lambdas})
    spread = alpha_star**2 * (S.lam - S.lambda_1) * (S.lam - S.lambda_n)
    d.equation("discriminant-inside", Kind.EXPANSION, discriminant, spread,
               "With these `alpha` and `beta` the discriminant of R's polynomial, as a function "
               "of `lambda`, has its zeros exactly at `lambda_1` and `lambda_n`.",
               uses=("lambda-1-on-lower-edge", "lambda-n-on-upper-edge"))
    inside = (S.lam >= S.lambda_1, S.lam <= S.lambda_n)
    d.add("complex-inside", Kind.INEQUALITY, sp.Le(spread, 0, evaluate=False),
          "So for every eigenvalue in between the discriminant is nonpositive: complex (or double) "
          "roots ...", uses=("discriminant-inside",), assumptions=inside,
          hint=({S.lam: S.lambda_1 + e1, S.lambda_n: S.lambda_1 + e1 + e2},))
    optimum = {S.alpha: alpha_star, S.beta: beta_lambdas}
    roots_at_optimum = sp.Mul(eigen["sigma_1"].xreplace(optimum),
                              eigen["sigma_2"].xreplace(optimum), evaluate=False)
    d.equation("same-rate", Kind.SUBSTITUTION, roots_at_optimum, floor**2,
               "... a complex-conjugate (or double) pair whose product is `beta` = (the lower "
               "bound)^2, so each has modulus `sqrt(beta)`: every eigenvalue of the spectrum "
               "converges at the same rate, which is the lower bound, so these parameters "
               "are optimal.", uses=("complex-inside", "root-product", "below-balance",
                                     "above-balance"))
    d.equation("inner-rate", Kind.SUBSTITUTION, complex_rate.xreplace({S.beta: beta_lambdas}),
               floor, "The same through the modulus of complex eigenvalues, `sqrt(beta)`: the "
               "common rate is `(sqrt(lambda_n) - sqrt(lambda_1))/(sqrt(lambda_n) + "
               "sqrt(lambda_1))`.", uses=("same-rate", f"{COMPLEX_RATE}.rate"))
    rate_lambdas = floor
    # -- in the condition number -----------------------------------------------
    in_kappa = {S.lambda_n: S.kappa * S.lambda_1}
    beta_kappa = sp.factor(sp.simplify(beta_lambdas.xreplace(in_kappa)))
    rate_kappa = sp.factor(sp.simplify(rate_lambdas.xreplace(in_kappa)))
    d.equation("beta-kappa", Kind.SUBSTITUTION, beta_lambdas, beta_kappa,
               "Divide numerator and denominator by `sqrt(lambda_1)`: `beta` depends on the "
               "spectrum only through `kappa = lambda_n / lambda_1`.", uses=("beta-lambdas",))
    d.equation("rate-kappa", Kind.SUBSTITUTION, rate_lambdas, rate_kappa,
               "And so does the rate.", uses=("same-rate",))
    d.result("beta", beta_kappa, step="beta-kappa")
    d.result("rate", rate_kappa, step="rate-kappa")
    d.add("beats-gd", Kind.INEQUALITY, sp.Lt(rate_kappa, gd_rate, evaluate=False),
          "For every `kappa > 1` the optimal momentum rate is below gradient descent's best, `"
          "(kappa - 1)/(kappa + 1)`.", uses=("rate-kappa", f"{GD_OPTIMAL}.rate"),
          assumptions=(S.kappa > 1,), hint=({S.kappa: (1 + u_) ** 2},))
    for label, name, rate, growth in (("gd-iterations", "Gradient descent", gd_rate, S.kappa),
                                      ("momentum-iterations", "Momentum", rate_kappa,
                                       sp.sqrt(S.kappa))):
        count = sp.log(epsilon) / sp.log(rate)
        limit = sp.Limit(count / growth, S.kappa, sp.oo)
        d.equation(label, Kind.LIMIT, limit, limit.doit(),
                   f"{name} needs `log(eps)/log(rate)` iterations to shrink the error by a "
                   f"factor `eps`; as `kappa` grows this is about "
                   f"`{sp.sstr(growth)}/2 log(1/eps)`.",
                   uses=("rate-kappa", f"{GD_OPTIMAL}.rate"))
    return d.build(Witness(
        "For the spectrum of a random quadratic (`n = 4`, `kappa = 40`), minimise over "
        "(`alpha`, `beta`) the largest spectral radius of `R` over the spectrum by nested "
        "golden-section searches (MPFR, at the working precision), and compare the minimiser "
        "and the minimum with `alpha`, `beta` and rate; check with mpmath's eig that every "
        "inner eigenvalue then has rate `sqrt(beta)`.",
        lambda derivation, dps, rng: _witness(
            r_matrix, tuple(derivation.results[n] for n in ("alpha", "beta", "rate")), dps,
            rng)))


def _witness(r_matrix, results, dps, rng) -> WitnessReport:
    with mp.workdps(dps):
        return _compare_with_search(r_matrix, results, dps, rng)


def _compare_with_search(r_matrix, results, dps, rng) -> WitnessReport:
    spectrum = random_spectrum(rng, 4, 0.5, 20)
    lambda_1, lambda_n = spectrum[0], spectrum[-1]
    point = {S.lambda_1: lambda_1, S.lambda_n: lambda_n, S.kappa: lambda_n / lambda_1}
    alpha, beta, rate = (mp.mpmathify(sp.lambdify(sorted(e.free_symbols, key=str), e, "mpmath")(
        *(point[x] for x in sorted(e.free_symbols, key=str)))) for e in results)
    found = minimax_parameters(spectrum, tolerance=mp.mpf(10) ** (-(dps - 14)))
    # the nested search costs the square of its steps, so its bracket stops 14 digits
    # short of the working precision; 30 digits are asked where that leaves room
    required = min(30, dps - 16)
    comparisons = [
        compare_numbers("`alpha`", found.alpha, alpha, required, "golden-section minimiser"),
        compare_numbers("`beta`", found.beta, beta, required, "golden-section minimiser"),
        compare_numbers("rate", found.value, rate, required, "the min-max value")]
    worst = float(dps)
    for lam in spectrum[1:-1]:
        matrix = evaluate_matrix(r_matrix, {S.alpha: alpha, S.beta: beta, S.lam: lam})
        eigenvalues, _ = mp.eig(matrix)
        for e in eigenvalues:
            worst = min(worst, compare_numbers("", abs(e), rate, 0).digits or 0.0)
    comparisons.append(Comparison("same rate inside", worst >= dps - 5, worst,
                                  "moduli of the eigenvalues of `R` for the inner "
                                  "eigenvalues, by mpmath's eig"))
    return WitnessReport("a numeric min-max search against the derived optimum",
                         tuple(comparisons))
