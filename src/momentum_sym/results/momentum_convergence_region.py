"""For which step sizes momentum converges: 0 < alpha lambda < 2 + 2 beta.

Problem.  Momentum converges on the eigencomponent lambda exactly when both
eigenvalues of its iteration matrix R lie strictly inside the unit circle,
max(|sigma_1|, |sigma_2|) < 1.  For which t = alpha lambda does that hold,
given 0 <= beta < 1?

Derivation.  The eigenvalues are the roots of the characteristic polynomial
z^2 + a_1 z + a_0 of R (``momentum-eigenvalues``).  The Schur-Cohn-Jury
criterion for a real quadratic, which covers real and complex roots alike,
says both roots lie in the open unit disc iff |a_0| < 1 and |a_1| < 1 + a_0
(stated as a given theorem, with its necessary pieces checked: a_0 is the
product of the roots, 1 + a_1 + a_0 = (1 - z_1)(1 - z_2) and
1 - a_1 + a_0 = (1 + z_1)(1 + z_2)).  Here a_0 = beta, so the first condition
holds on the whole domain, and a_1 = t - 1 - beta; SymPy solves
|t - 1 - beta| < 1 + beta for t with beta as a parameter.

The same region is then proved without the cited criterion (steps
``direct-*``): complex roots (between the zeros (1 -+ sqrt(beta))^2 of the
discriminant in t) have modulus sqrt(beta) < 1; for real roots,
(2 - tr)^2 - Delta = 4 t and (2 + tr)^2 - Delta = 4 (2 + 2 beta - t) place
sigma_1 below 1 exactly when t > 0 and sigma_2 above -1 exactly when
t < 2 + 2 beta (the square root being increasing).

Result.  ``upper`` = 2 + 2 beta: momentum converges iff 0 < alpha lambda < 2 + 2 beta.
At beta = 0 it is gradient descent's bound 2 (``gd-step-size-range``).

Source.  Goh, "Why Momentum Really Works", "The Dynamics of Momentum"
(0 < alpha lambda_i < 2 + 2 beta for 0 <= beta < 1); d2l.ai, "Momentum"
(0 < eta lambda < 2 + 2 beta).  Criterion: E. I. Jury, Theory and Application
of the z-Transform Method, Wiley, 1964 (the Schur-Cohn-Jury test for n = 2).
"""

import sympy as sp
from mpmath import mp
from sympy.solvers.inequalities import solve_univariate_inequality

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.momentum_eigenvalues import SIGMA, characteristic
from momentum_sym.witness.matrix_power import evaluate_matrix, spectral_radius
from momentum_sym.witness.momentum_coordinates import eigen_trajectory, state_norm

ID = "momentum-convergence-region"
MATRIX, EIGENVALUES = "momentum-iteration-matrix", "momentum-eigenvalues"
A1, A0 = sp.Symbol("a_1", real=True), sp.Symbol("a_0", real=True)
U = sp.Symbol("u", positive=True)  # beta = 1 - u on the domain beta < 1
POSITIVE = sp.Symbol("p", positive=True)  # a positive gap, in positivity certificates
NONNEGATIVE = sp.Symbol("z", nonnegative=True)  # sqrt(beta) = z/(1 + z) covers [0, 1)
RADICAND = sp.Symbol("D", nonnegative=True)
BOUND = sp.Symbol("a", positive=True)


def domain() -> Domain:
    return Domain(
        variables={S.alpha: interval("1/100", 2), S.beta: interval(0, "99/100"),
                   S.lam: interval("1/10", 10), S.t: interval(-1, 5), A1: interval("-5/2", "5/2"),
                   A0: interval("-3/2", "3/2"), SIGMA: interval(-2, 2)},
        constraints=(S.beta < 1,),
        reparametrisations=({S.beta: 1 - U},))


def derive():
    r_matrix = momentum_sym.get(MATRIX).results["R"]
    polynomial, _ = characteristic(r_matrix)
    d = DerivationBuilder(
        ID, "The step sizes for which momentum converges",
        source="Goh (2017), The Dynamics of Momentum; d2l.ai, Momentum",
        summary=("Both eigenvalues of `R` lie inside the unit circle exactly when "
                 "`0 < alpha lambda < 2 + 2 beta` (for `0 <= beta < 1`), whether they are real "
                 "or complex. At `beta = 0` this is gradient descent's `0 < alpha lambda < 2`; "
                 "momentum allows step sizes up to twice as large before diverging."),
        domain=domain(), uses=(MATRIX, EIGENVALUES, "gd-step-size-range"))

    # the criterion for a real quadratic z^2 + a_1 z + a_0
    generic = SIGMA**2 + A1 * SIGMA + A0
    z1, z2 = sp.solve(generic, SIGMA)
    inside = sp.And(sp.Abs(z1) < 1, sp.Abs(z2) < 1)
    jury = sp.And(sp.Abs(A0) < 1, sp.Abs(A1) < 1 + A0)
    d.add("jury", Kind.DEFINITION, sp.Equivalent(inside, jury),
          "The Schur-Cohn-Jury criterion (Jury 1964), taken as a known theorem: both roots of "
          "a real quadratic `z^2 + a_1 z + a_0`, real or complex, lie strictly inside the unit "
          "circle iff `|a_0| < 1` and `|a_1| < 1 + a_0`.")
    d.add("jury-necessary", Kind.INEQUALITY, sp.Implies(inside, jury),
          "The cited theorem checked, one direction: wherever both roots are inside the "
          "circle the two conditions hold (a statement of real algebra about `a_0`, `a_1` and "
          "the square root of the discriminant, real or imaginary).",
          uses=("jury",), assumptions=(inside,))
    d.add("jury-sufficient", Kind.INEQUALITY, sp.Implies(jury, inside),
          "And the other direction: wherever the two conditions hold, both roots are "
          "inside.", uses=("jury",), assumptions=(jury,))
    d.equation("product-of-roots", Kind.SIMPLIFICATION, z1 * z2, A0,
               "Why `|a_0| < 1` is needed: `a_0` is the product of the roots, so `|a_0| = |z_1| "
               "|z_2| < 1` when both are inside.", uses=("jury",))
    d.equation("value-at-1", Kind.SIMPLIFICATION, (1 - z1) * (1 - z2),
               generic.xreplace({SIGMA: 1}),
               "Why `1 + a_1 + a_0 > 0` is needed: it is `(1 - z_1)(1 - z_2)`, positive when real "
               "roots are below 1 and equal to `|1 - z_1|^2` for complex conjugate roots.",
               uses=("jury",))
    d.equation("value-at-minus-1", Kind.SIMPLIFICATION, (1 + z1) * (1 + z2),
               generic.xreplace({SIGMA: -1}),
               "Likewise `1 - a_1 + a_0 = (1 + z_1)(1 + z_2) > 0`; together the two say `"
               "|a_1| < 1 + a_0`.", uses=("jury",))

    # apply it to the characteristic polynomial of R
    coefficients = sp.Poly(polynomial, SIGMA).all_coeffs()
    a1, a0 = coefficients[1], coefficients[2]
    shifted = SIGMA * sp.eye(2) - r_matrix
    determinant = sp.Add(sp.Mul(shifted[0, 0], shifted[1, 1], evaluate=False),
                         sp.Mul(-shifted[0, 1], shifted[1, 0], evaluate=False), evaluate=False)
    d.equation("coefficients", Kind.EXPANSION, determinant, SIGMA**2 + a1 * SIGMA + a0,
               "Expand `det(sigma I - R)` and read its coefficients in `sigma`: `a_1 = alpha "
               "lambda - 1 - beta` and `a_0 = beta`.", uses=(f"{MATRIX}.R",))
    a1_t = sp.expand(a1.subs(S.alpha, S.t / S.lam))
    d.equation("in-t", Kind.SUBSTITUTION, a1, a1_t,
               "`alpha` and `lambda` enter only through their product `t = alpha lambda`.",
               uses=("coefficients",), assumptions=(sp.Eq(S.t, S.alpha * S.lam),))
    d.add("first-condition", Kind.INEQUALITY, sp.Abs(a0) < 1,
          "`|a_0| = beta < 1` holds on the whole domain `0 <= beta < 1`, for every `t`.",
          uses=("jury", "coefficients"))
    # the criterion's second condition, with the coefficients of R put in
    condition = jury.args[1].xreplace({A1: a1_t, A0: a0})
    solved = solve_univariate_inequality(condition, S.t, relational=False)
    region = solve_univariate_inequality(condition, S.t)
    d.add("second-condition", Kind.INEQUALITY, sp.Equivalent(condition, region),
          "So convergence is `|t - 1 - beta| < 1 + beta`; solved for `t` (`beta` a parameter, "
          "`1 + beta > 0`) it is an open interval starting at 0.",
          uses=("jury", "in-t", "first-condition"))
    upper = sp.expand(solved.sup)
    _direct_proof(d, upper)
    d.result("upper", upper, step="second-condition", ends=("second-condition", region),
             variable=(S.t, S.alpha * S.lam))
    gd_upper = momentum_sym.get("gd-step-size-range").results["upper"]
    with sp.evaluate(False):  # show beta = 0 put in before the arithmetic
        at_zero = upper.xreplace({S.beta: 0})
    d.equation("gradient-descent", Kind.SUBSTITUTION, at_zero, gd_upper,
               "At `beta = 0` momentum is gradient descent, and the bound is its bound 2; every `"
               "beta > 0` allows larger steps, up to twice as large as `beta -> 1`.",
               uses=("second-condition", "gd-step-size-range.upper"))
    d.name("t", "the product `alpha lambda`")
    d.name("a_1, a_0", "the coefficients of a real quadratic `z^2 + a_1 z + a_0`")
    d.name("u", "`1 - beta`, positive on the domain")
    return d.build(Witness(
        "For `beta = 0`, 1/2, 9/10 take `t = alpha lambda` 2% inside and outside each end of "
        "(0, upper): compare the spectral radius of `R` (mpmath eig) with 1, and run momentum on "
        "a random quadratic (spectrum 1/2, 1; `alpha = t`, negative outside the lower end) for "
        "400 steps to see the iterates shrink or grow.",
        lambda derivation, dps, rng: _witness(r_matrix, derivation.results["upper"], dps,
                                              rng)))


def _direct_proof(d: DerivationBuilder, upper: sp.Expr) -> None:
    """The same region without the cited criterion: complex roots have modulus
    sqrt(beta); real roots are compared with 1 and -1 through the square root of the
    discriminant."""
    trace = 1 + S.beta - S.t  # sigma_1 + sigma_2, with alpha lambda = t
    discriminant = sp.expand(trace**2 - 4 * S.beta)
    low, high = sp.solve(discriminant, S.t)
    d.equation("direct-discriminant", Kind.SIMPLIFICATION, discriminant,
               (S.t - low) * (S.t - high),
               "A proof that needs no cited theorem. The discriminant `(1 + beta - t)^2 - "
               "4 beta`, a quadratic in `t`, vanishes at `t = (1 - sqrt(beta))^2` and `"
               "(1 + sqrt(beta))^2`: the roots are complex strictly between, real outside.",
               uses=(f"{EIGENVALUES}.sigma_1",))
    rate = momentum_sym.get("momentum-complex-rate").results["rate"]
    d.add("direct-complex", Kind.INEQUALITY, sp.Equivalent(rate < 1, S.beta < 1),
          "Complex case: both roots have modulus `sqrt(beta)` (momentum-complex-rate), below "
          "1 exactly when `beta < 1`, so for every `t` in that case both are inside.",
          uses=("momentum-complex-rate.rate", "direct-discriminant"))
    d.add("direct-complex-in-region", Kind.INEQUALITY, sp.And(low >= 0, high < upper),
          "And the complex case lies in `0 <= t < 2 + 2 beta`: `2 + 2 beta - (1 + sqrt(beta))^2 "
          "= (1 - sqrt(beta))^2 > 0`.", uses=("direct-discriminant",),
          hint=({S.beta: (NONNEGATIVE / (1 + NONNEGATIVE)) ** 2},))
    d.add("direct-sqrt", Kind.DEFINITION, sp.Equivalent(sp.sqrt(RADICAND) < BOUND,
                                                       RADICAND < BOUND**2),
          "The square root is increasing: for `a > 0` and `D >= 0`, `sqrt(D) < a` exactly when "
          "`D < a^2`.")
    plus = (trace + sp.sqrt(discriminant)) / 2
    minus = (trace - sp.sqrt(discriminant)) / 2
    d.equation("direct-upper-gap", Kind.SIMPLIFICATION, (2 - trace) ** 2 - discriminant,
               4 * S.t,
               "Real case, larger root `sigma_1 = (tr + sqrt(Delta))/2`: `1 - sigma_1 = ((2 - tr) "
               "- sqrt(Delta))/2` with `2 - tr = 1 - beta + t > 0`, and `(2 - tr)^2 - Delta = 4 "
               "t`; "
               "so `sigma_1 < 1` exactly when `t > 0`.", uses=("direct-sqrt",))
    d.add("direct-upper-positive", Kind.INEQUALITY, 2 - trace > 0,
          "`2 - tr = 1 - beta + t` is positive for `beta < 1` and `t > 0`.",
          assumptions=(S.t > 0,), hint=({S.beta: 1 - U, S.t: POSITIVE},))
    d.equation("direct-lower-gap", Kind.SIMPLIFICATION, (2 + trace) ** 2 - discriminant,
               4 * (upper - S.t),
               "Smaller root `sigma_2 = (tr - sqrt(Delta))/2`: `1 + sigma_2 = ((2 + tr) - "
               "sqrt(Delta))/2` and `(2 + tr)^2 - Delta = 4 (2 + 2 beta - t)`; so `sigma_2 > -1` "
               "exactly when `t < 2 + 2 beta` (where `2 + tr > 0`, next step).",
               uses=("direct-sqrt",))
    d.add("direct-lower-positive", Kind.INEQUALITY, 2 + trace > 0,
          "`2 + tr = 3 + beta - t` is positive when `t < 2 + 2 beta` (as `2 + 2 beta <= 3 + "
          "beta`), "
          "where the previous step decides; for `t >= 2 + 2 beta` either `2 + tr <= 0` or `"
          "(2 + tr)^2 <= Delta`, and either way `1 + sigma_2 <= 0`: outside.",
          assumptions=(S.t < upper,),
          hint=({S.beta: 1 - U, S.t: upper.xreplace({S.beta: 1 - U}) - POSITIVE},))
    # the two gaps as the last steps compare them, (2 -+ tr - sqrt(Delta))/2, unevaluated
    gaps = sp.Matrix([sp.Mul(sp.Add(side, -sp.sqrt(discriminant), evaluate=False),
                             sp.Pow(2, -1, evaluate=False), evaluate=False)
                      for side in (2 - trace, 2 + trace)])
    d.equation("direct-roots", Kind.SIMPLIFICATION,
               sp.Matrix([sp.Add(1, -plus, evaluate=False), sp.Add(1, minus, evaluate=False)]),
               gaps,
               "The two gaps, `1 - sigma_1` and `1 + sigma_2`, in the forms the last steps "
               "compare. So with real roots both are positive exactly when `0 < t < 2 + 2 "
               "beta`, and with complex roots the roots are always inside: the region holds "
               "for real and complex roots.",
               uses=("direct-upper-gap", "direct-lower-gap", "direct-complex"))


STEPS = 400


def _witness(r_matrix, upper, dps, rng):
    comparisons = []
    for beta in (mp.mpf(0), mp.mpf(1) / 2, mp.mpf(9) / 10):
        top = mp.mpf(sp.lambdify(S.beta, upper, "mpmath")(beta))
        for label, t, inside in (("above 0", top / 50, True), ("below 0", -top / 50, False),
                                 ("below upper", top * 49 / 50, True),
                                 ("above upper", top * 51 / 50, False)):
            radius = spectral_radius(evaluate_matrix(
                r_matrix, {S.alpha: t, S.beta: beta, S.lam: mp.mpf(1)}))
            run = eigen_trajectory(rng, (mp.mpf(1) / 2, mp.mpf(1)), t, beta, STEPS)
            ratio = state_norm(run, STEPS) / state_norm(run, 0)
            expected = "converges" if inside else "diverges"
            agree = (radius < 1) == inside and ((ratio < mp.mpf(10) ** -2) if inside
                                                else ratio > 10)
            comparisons.append(Comparison(
                f"`beta = {mp.nstr(beta, 3)}`, `t` {label}", bool(agree), None,
                f"`t = {mp.nstr(t, 6)}`, upper = {mp.nstr(top, 6)}: the region says it "
                f"{expected}; spectral radius {mp.nstr(radius, 8)}; "
                f"`|(y^{STEPS}, x^{STEPS})| / |(y^0, x^0)|` = {mp.nstr(ratio, 4)}"))
    return WitnessReport("spectral radius and momentum iterates on both sides of each "
                         "boundary of the region", tuple(comparisons))
