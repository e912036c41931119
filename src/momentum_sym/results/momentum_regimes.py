"""The regimes of momentum: how one eigencomponent behaves over (alpha lambda, beta).

Problem.  Momentum on one eigencomponent, (y_i, x_i)^{k+1} = R (y_i, x_i)^k with
R from ``momentum-iteration-matrix``, 0 <= beta < 1.  The article's
convergence-rate figure shows regions of the (alpha lambda, beta) plane where the
iterates ripple, decrease monotonically, flip sign at every step, converge in one
step, or diverge.  Where exactly are the boundaries?

Derivation.  Write the characteristic polynomial of R in t = alpha lambda:
sigma^2 - (1 + beta - t) sigma + beta.  Its discriminant, a quadratic in t, vanishes
at t = (1 -+ sqrt(beta))^2 (``solve``): between these the roots are complex
(ripples, modulus sqrt(beta)), below both real and positive (monotone), above
both real and negative (sign flips).  The value of the polynomial at -1 vanishes
at t = 2 + 2 beta (``solve``): beyond it a root is below -1 (divergence).  Each
regime's sign conditions are proved under a reparametrisation that covers it
exactly (beta = 1/(1 + w)^2, t between the derived boundaries).  One-step
convergence from z^0 = 0: x^1 = 0 and x^2 = 0 are solved for alpha and beta.

Results (boundaries, as values of alpha lambda, named by the regimes they separate).
``monotone_to_ripples`` = (1 - sqrt(beta))^2, ``ripples_to_oscillation`` =
(1 + sqrt(beta))^2, ``oscillation_to_divergence`` = 2 + 2 beta, and the point
``one_step``: alpha lambda = 1, beta = 0, where R is nilpotent (R^2 = 0): the error
vanishes after one step and the whole state after two.

Source.  Goh, "Why Momentum Really Works", section "The Dynamics of Momentum"
(the convergence-rate figure and its taxonomy of behaviours).
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.iterations import momentum
from momentum_sym.witness.quadratic import random_quadratic

ID = "momentum-regimes"
MATRIX = "momentum-iteration-matrix"
EIGENVALUES = "momentum-eigenvalues"
REGION = "momentum-convergence-region"
SIGMA = sp.Symbol("sigma")  # the variable of the characteristic polynomial
_t = sp.Symbol("t", positive=True)  # alpha*lambda while rewriting; replaced by S.t
# Parameters of the substitutions that cover each regime exactly (all positive).
w_ = sp.Symbol("w", positive=True)
v_ = sp.Symbol("v", positive=True)


def domain() -> Domain:
    """t = alpha lambda and lambda (alpha = t / lambda), 0 <= beta < 1, sigma, and the
    start x_i^0.  t is drawn directly so that every regime is sampled evenly."""
    return Domain(
        variables={S.t: interval("1/1000", 5), S.lam: interval("1/10", 10),
                   S.beta: interval(0, "99/100"), SIGMA: interval(-2, 2),
                   S.x_0: interval(-2, 2)},
        constraints=(S.beta < 1,),
        derived={S.alpha: S.t / S.lam})


def _square_root_form(root: sp.Expr) -> sp.Expr:
    """(1 -+ sqrt(beta))^2 from beta -+ 2 sqrt(beta) + 1: factor with beta = b^2."""
    b = sp.Symbol("b", positive=True)
    return sp.factor(root.xreplace({S.beta: b**2})).xreplace({b: sp.sqrt(S.beta)})


def derive():
    r_matrix = momentum_sym.get(MATRIX).results["R"]
    eigenvalues = momentum_sym.get(EIGENVALUES).results
    sigma_1, sigma_2 = eigenvalues["sigma_1"], eigenvalues["sigma_2"]
    d = DerivationBuilder(
        ID, "The regimes of momentum",
        source="Goh (2017), The Dynamics of Momentum (the convergence-rate figure)",
        summary=("Measured in `t = alpha lambda`, an eigencomponent under momentum ripples "
                 "(complex eigenvalues of modulus `sqrt(beta)`) for `(1 - sqrt(beta))^2 < t < "
                 "(1 + sqrt(beta))^2`, decreases without changing sign below that band, flips "
                 "sign at every step above it, and diverges beyond `t = 2 + 2 beta`. At the "
                 "single point `t = 1`, `beta = 0` the iteration matrix is nilpotent and gradient "
                 "descent lands on the minimum in one step."),
        domain=domain(), uses=(MATRIX, EIGENVALUES, REGION))
    d.name("t", "`alpha lambda`, the step size measured in units of `1/lambda`")
    d.name("sigma", "the variable of the characteristic polynomial of `R`")
    d.name("v, w", "positive parameters that sweep one regime: `beta = 1/(1 + w)^2`, and `t` "
                   "runs between the regime's boundaries as `v` runs over all positive numbers")
    d.equation("iteration-matrix", Kind.DEFINITION, sp.Symbol("R"), r_matrix,
               "The matrix that advances (`y_i^k`, `x_i^k`) by one momentum step.",
               uses=(f"{MATRIX}.R",))
    shifted = SIGMA * sp.eye(2) - r_matrix
    polynomial = sp.collect(sp.simplify(
        r_matrix.charpoly(SIGMA).as_expr().subs(S.alpha, _t / S.lam)), SIGMA).xreplace(
        {_t: S.t})
    d.equation("characteristic", Kind.EXPANSION,
               shifted[0, 0] * shifted[1, 1] - shifted[0, 1] * shifted[1, 0], polynomial,
               "Expand `det(sigma I - R)`: `alpha` and `lambda` enter only through their product `"
               "t = alpha lambda`.", uses=("iteration-matrix",),
               hint=({S.t: S.alpha * S.lam},), written_in=(SIGMA,))
    trace = -polynomial.coeff(SIGMA, 1)
    product = polynomial.coeff(SIGMA, 0)
    d.equation("root-sum", Kind.SUBSTITUTION, sigma_1 + sigma_2, trace,
               "The eigenvalues `sigma_1`, `sigma_2` add up to `1 + beta - t` ...",
               uses=(f"{EIGENVALUES}.sigma_1", f"{EIGENVALUES}.sigma_2"),
               hint=({S.t: S.alpha * S.lam},))
    d.equation("root-product", Kind.SUBSTITUTION, sigma_1 * sigma_2, product,
               "... and multiply to `beta`, which is nonnegative: real roots have the same "
               "sign, and complex roots have modulus `sqrt(beta)`.",
               uses=(f"{EIGENVALUES}.sigma_1", f"{EIGENVALUES}.sigma_2"))
    discriminant = sp.discriminant(polynomial, SIGMA)
    d.equation("discriminant", Kind.EXPANSION, discriminant,
               trace**2 - 4 * product,
               "The roots are real when the discriminant `(1 + beta - t)^2 - 4 beta` is "
               "nonnegative and complex when it is negative.", uses=("characteristic",))
    edge = sp.Eq(discriminant, 0)
    lower, upper = sorted((_square_root_form(r) for r in sp.solve(edge, S.t)),
                          key=lambda r: r.xreplace({S.beta: sp.Rational(1, 4)}))
    d.solve("lower-edge", edge, S.t, lower,
            "The discriminant is a quadratic in `t`; its smaller zero is `(1 - sqrt(beta))^2`.",
            uses=("discriminant",))
    d.solve("upper-edge", edge, S.t, upper,
            "Its larger zero is `(1 + sqrt(beta))^2`.", uses=("discriminant",))
    d.equation("discriminant-factored", Kind.EXPANSION, discriminant,
               (S.t - lower) * (S.t - upper),
               "So the discriminant is `(t - (1 - sqrt(beta))^2)(t - (1 + sqrt(beta))^2)`: "
               "negative strictly between the two edges, positive outside.",
               uses=("lower-edge", "upper-edge"))
    at_minus_one = polynomial.xreplace({SIGMA: -1})
    divergence_edge = sp.Eq(at_minus_one, 0)
    (divergence,) = sp.solve(divergence_edge, S.t)
    d.solve("divergence-edge", divergence_edge, S.t, divergence,
            "The polynomial at `sigma = -1` is `2 + 2 beta - t`; it changes sign at `"
            "t = 2 + 2 beta`, where a root crosses -1.", uses=("characteristic",))
    region_upper = momentum_sym.get(REGION).results["upper"]
    with sp.evaluate(False):  # the region's end put into p(-1), before the arithmetic
        at_region_end = at_minus_one.xreplace({S.t: region_upper})
    d.equation("same-as-region", Kind.SUBSTITUTION, at_region_end, 0,
               "This is the upper end of the convergence region `0 < alpha lambda < 2 + 2 beta`: `"
               "p(-1)` vanishes there.", uses=("divergence-edge", f"{REGION}.upper"))
    b_ = 1 / (1 + w_)
    on_beta = {S.beta: b_**2}
    low, up, div = (e.xreplace(on_beta) for e in (lower, upper, divergence))
    positive_beta = (S.beta > 0, S.beta < 1)
    d.add("edges-ordered", Kind.INEQUALITY,
          sp.And(sp.Lt(lower, upper, evaluate=False), sp.Le(upper, divergence, evaluate=False)),
          "For `0 < beta < 1` the edges come in this order: `(1 - sqrt(beta))^2 < "
          "(1 + sqrt(beta))^2 <= 2 + 2 beta`, the last gap being `(1 - sqrt(beta))^2`.",
          uses=("lower-edge", "upper-edge", "divergence-edge"), assumptions=positive_beta,
          hint=(on_beta,))
    regimes = (
        ("monotone", (S.t < lower,), {S.t: low * v_ / (1 + v_)},
         (discriminant > 0, trace > 0),
         "Below the lower edge the discriminant is positive and the roots have a positive "
         "sum and product: two distinct positive roots; as `p(1) = t > 0` they are on the "
         "same side of 1, and their product `beta < 1` puts them in (0, 1): the component "
         "decreases without changing sign."),
        ("ripples", (S.t > lower, S.t < upper), {S.t: low + (up - low) * v_ / (1 + v_)},
         (discriminant < 0,),
         "Between the edges the discriminant is negative: a complex pair of modulus `"
         "sqrt(beta)`, and the component oscillates (ripples) inside an envelope `"
         "beta^(k/2)`."),
        ("oscillation", (S.t > upper, S.t < divergence),
         {S.t: up + (div - up) * v_ / (1 + v_)},
         (discriminant > 0, trace < 0, at_minus_one > 0),
         "Between the upper edge and `2 + 2 beta` the roots are real with a negative sum: "
         "both negative; `p(-1) > 0` puts them on the same side of -1, and their product `"
         "beta < 1` puts them in (-1, 0): the component converges while flipping sign at "
         "every step."),
        ("divergence", (S.t > divergence,), {S.t: div + v_},
         (at_minus_one < 0,),
         "Beyond `2 + 2 beta` the polynomial is negative at -1 and positive far to the left: "
         "a real root lies below -1 and the component grows in modulus."),
    )
    for label, region, sweep, claims, reason in regimes:
        d.add(label, Kind.INEQUALITY, sp.And(*claims), reason,
              uses=("discriminant-factored", "divergence-edge", "root-sum", "root-product"),
              assumptions=(*positive_beta, S.t > 0, *region), hint=({**on_beta, **sweep},))
    d.result("monotone_to_ripples", lower, step="lower-edge")
    d.result("ripples_to_oscillation", upper, step="upper-edge")
    d.result("oscillation_to_divergence", divergence, step="divergence-edge")
    with sp.evaluate(False):
        at_one = polynomial.xreplace({SIGMA: 1})
    d.equation("at-one", Kind.EXPANSION, at_one, S.t,
               "And `p(1) = t > 0`, so no real root reaches +1: momentum never diverges "
               "through a root above 1 for `t > 0`.", uses=("characteristic",))
    start = sp.Matrix([0, S.x_0])
    first, second = r_matrix * start, r_matrix * r_matrix * start
    step_one = sp.Eq(sp.expand(first[1]), 0)
    (alpha_one,) = sp.solve(step_one, S.alpha)
    d.solve("one-step-alpha", step_one, S.alpha, alpha_one,
            "From `z^0 = 0` the first step gives `x^1 = (1 - alpha lambda) x^0`, which vanishes "
            "for every `x^0` only when `alpha lambda = 1`.", uses=("iteration-matrix",))
    step_two = sp.Eq(sp.expand(second[1].xreplace({S.alpha: alpha_one})), 0)
    (beta_one,) = sp.solve(step_two, S.beta)
    d.solve("one-step-beta", step_two, S.beta, beta_one,
            "Then `x^2 = -beta x^0`, which stays zero only for `beta = 0`: the error stays at "
            "zero after one step exactly at `alpha lambda = 1`, `beta = 0`.",
            uses=("one-step-alpha",))
    one_step = {S.alpha: alpha_one, S.beta: beta_one}
    r_one = r_matrix.xreplace(one_step)
    d.equation("nilpotent", Kind.EXPANSION, sp.MatMul(r_one, r_one, evaluate=False),
               sp.zeros(2, 2),
               "There `R` is nilpotent, `R^2 = 0` (both eigenvalues are 0): the whole state "
               "(`y`, `x`) vanishes after two steps, from any start.", uses=("one-step-beta",),
               assumptions=(sp.Eq(S.alpha, alpha_one), sp.Eq(S.beta, beta_one)))
    d.result("one_step", sp.And(sp.Eq(S.alpha * S.lam, sp.expand(alpha_one * S.lam)),
                                sp.Eq(S.beta, beta_one)), step="nilpotent")
    return d.build(Witness(
        "Run momentum from `z^0 = 0` on a random one-dimensional quadratic at a point inside "
        "each regime (`t` midway between the derived edges, `beta` random) and at the one-step "
        "point, and watch the iterates: sign changes, monotone decrease, alternation, growth.",
        _witness))


def _solve_point(point: sp.Basic) -> tuple:
    """(t, beta) of the published one-step point: solve its equations for alpha lambda
    and beta (t = alpha lambda with lambda = 1)."""
    equations = point.args if isinstance(point, sp.And) else (point,)
    solution = sp.solve([e.xreplace({S.lam: 1}) for e in equations], [S.alpha, S.beta],
                        dict=True)
    if len(solution) != 1:
        return mp.nan, mp.nan
    (found,) = solution
    return tuple(mp.mpf(sp.Rational(found.get(s, sp.nan)).p) / sp.Rational(found.get(s, 1)).q
                 for s in (S.alpha, S.beta))


def _trajectory(rng, t, beta, steps: int):
    lam = mp.mpf(rng.uniform(0.5, 5))
    problem = random_quadratic(rng, [lam])
    w0 = problem.w_star + mp.matrix([mp.mpf(rng.choice((-1, 1)))])
    return [problem.eigencoordinates(w)[0] for _, w in momentum(
        problem.gradient, w0, mp.matrix(1, 1), t / lam, beta, steps)]


def _sign_changes(xs) -> list[int]:
    return [k for k in range(1, len(xs)) if xs[k] * xs[k - 1] < 0]


def _witness(derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps):
        return _run(derivation.results, dps, rng)


def _run(results, dps, rng) -> WitnessReport:
    lower, upper, divergence = (sp.lambdify(S.beta, results[name], "mpmath") for name in (
        "monotone_to_ripples", "ripples_to_oscillation", "oscillation_to_divergence"))
    one_step = _solve_point(results["one_step"])
    steps, comparisons = 80, []
    beta = mp.mpf(rng.uniform(0.2, 0.8))
    where = f"`beta = {mp.nstr(beta, 6)}`"
    xs = _trajectory(rng, lower(beta) / 2, beta, steps)
    decreasing = all(abs(xs[k]) < abs(xs[k - 1]) for k in range(1, steps + 1))
    comparisons.append(Comparison(
        "monotone", not _sign_changes(xs) and decreasing, None,
        f"`t` half the lower edge, {where}: no sign change, `|x^k|` decreasing, {steps} "
        "steps"))
    xs = _trajectory(rng, (lower(beta) + upper(beta)) / 2, beta, steps)
    flips = _sign_changes(xs)
    ripples = 2 <= len(flips) < steps - 1
    envelope = all(abs(xs[k]) <= 4 * beta ** (mp.mpf(k) / 2) / mp.sqrt(1 - beta) for k in
                   range(steps + 1))
    comparisons.append(Comparison(
        "ripples", ripples and envelope, None,
        f"`t` midway between the edges, {where}: {len(flips)} sign changes in {steps} steps, "
        "not at every step, inside an envelope of a constant times `beta^(k/2)`"))
    xs = _trajectory(rng, (upper(beta) + divergence(beta)) / 2, beta, steps)
    alternating = all(k in set(_sign_changes(xs)) for k in range(5, steps + 1))
    comparisons.append(Comparison(
        "oscillation", alternating and abs(xs[-1]) < abs(xs[0]), None,
        f"`t` midway between the upper edge and `2 + 2 beta`, {where}: the sign flips at "
        "every step from `k = 5` on, and the iterates shrink"))
    xs = _trajectory(rng, divergence(beta) + Fraction(1, 2), beta, steps)
    comparisons.append(Comparison(
        "divergence", abs(xs[-1]) > 10**6 * abs(xs[0]), None,
        f"`t = 2 + 2 beta + 1/2`, {where}: `|x^{steps}| / |x^0|` = "
        f"{mp.nstr(abs(xs[-1] / xs[0]), 3)}"))
    t_one, beta_one = one_step
    xs = _trajectory(rng, t_one, beta_one, 5)
    residual = max(abs(x) for x in xs[1:]) / abs(xs[0])
    digits = float(dps) if residual == 0 else min(float(dps), float(-mp.log10(residual)))
    comparisons.append(Comparison(
        "one step", digits >= dps - 5, digits,
        f"`t = {mp.nstr(t_one, 6)}`, `beta = {mp.nstr(beta_one, 6)}` (the derived one-step "
        "point): `x^k = 0` for `1 <= k <= 5` (relative to `x^0`)"))
    return WitnessReport("the behaviour of the momentum iterates in each regime",
                         tuple(comparisons))
