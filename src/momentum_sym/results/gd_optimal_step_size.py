"""The optimal step size of gradient descent.

Problem.  Choose alpha to minimise the worst rate max_i |1 - alpha lambda_i| over
a spectrum lambda_1 <= ... <= lambda_n.

Derivation.  1 - alpha lambda is affine in lambda, so over [lambda_1, lambda_n]
its modulus is largest at an end.  The end moduli |1 - alpha lambda_1| (falling
while alpha < 1/lambda_1) and |1 - alpha lambda_n| (rising once alpha > 1/lambda_n)
make the worst rate a V-shaped function of alpha; its minimum is where
1 - alpha lambda_1 = -(1 - alpha lambda_n).

Results.  ``alpha`` = 2 / (lambda_1 + lambda_n);  ``rate`` = (kappa - 1)/(kappa + 1)
with kappa = lambda_n / lambda_1.

Source.  Goh (2017), "Choosing a Step-size".
"""

import math

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import IntegerRange, interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.checks import compare_numbers
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum

ID = "gd-optimal-step-size"

theta = sp.Symbol("theta", real=True)
u = sp.Symbol("u", nonnegative=True)  # distance of alpha from the optimum
gap = sp.Symbol("delta", positive=True)  # lambda_n - lambda_1


def derive():
    domain = Domain(
        variables={S.alpha: interval("1/100", 2), S.lambda_1: interval("1/10", 2),
                   S.lambda_n: interval("1/10", 20), S.lam: interval("1/10", 20),
                   S.k: IntegerRange(0, 40), S.x_0: interval(-2, 2)},
        constraints=(S.lambda_1 < S.lambda_n, S.lambda_1 <= S.lam, S.lam <= S.lambda_n),
        derived={S.kappa: S.lambda_n / S.lambda_1},
        reparametrisations=({S.kappa: S.lambda_n / S.lambda_1},))
    d = DerivationBuilder(
        ID, "The optimal step size of gradient descent",
        source="Goh (2017), Choosing a Step-size",
        summary=("The best step size balances the slowest and the fastest eigen-directions: `"
                 "alpha = 2/(lambda_1 + lambda_n)` makes `1 - alpha lambda_1` and `1 - alpha "
                 "lambda_n` "
                 "equal and opposite, and the rate `(kappa - 1)/(kappa + 1)` depends only on the "
                 "condition number; for large `kappa` it is about `1 - 2/kappa`, so the number of "
                 "steps grows like `kappa`."),
        domain=domain, uses=("gd-closed-form",))
    closed = get("gd-closed-form").results["x_k"]
    rate = sp.Abs(sp.simplify(closed.xreplace({S.k: S.k + 1}) / closed))
    d.equation("rate", Kind.SIMPLIFICATION, sp.Abs(closed.xreplace({S.k: S.k + 1}) / closed),
               rate, "Per step, the component of eigenvalue `lambda` shrinks by `|1 - alpha "
                     "lambda|`.",
               uses=("gd-closed-form.x_k",))
    weight = sp.solve(sp.Eq(S.lam, theta * S.lambda_1 + (1 - theta) * S.lambda_n), theta)[0]
    d.solve("weight", sp.Eq(S.lam, theta * S.lambda_1 + (1 - theta) * S.lambda_n), theta,
            weight, "Write `lambda` as a weighted average of the two ends of the spectrum.")
    inner = rate.args[0]
    if inner.xreplace({S.alpha: 0}).is_negative:  # read the factor as 1 - alpha lambda
        inner = -inner
    ends = {end: inner.xreplace({S.lam: end}) for end in (S.lambda_1, S.lambda_n)}
    mixture = weight * ends[S.lambda_1] + (1 - weight) * ends[S.lambda_n]
    d.equation("affine", Kind.SIMPLIFICATION, inner, mixture,
               "`1 - alpha lambda` is affine in `lambda`, so it is the same weighted average of "
               "its values at the ends.", uses=("weight",))
    worst = sp.Max(sp.Abs(ends[S.lambda_1]), sp.Abs(ends[S.lambda_n]))
    d.add("worst-at-ends", Kind.INEQUALITY, sp.Abs(inner) <= worst,
          "A weighted average (weights between 0 and 1) is no larger in modulus than the "
          "larger of the two moduli, so the worst rate over the spectrum sits at an end.",
          uses=("affine",))
    balance = sp.Eq(ends[S.lambda_1], -ends[S.lambda_n])
    optimum = sp.solve(balance, S.alpha)[0]
    d.solve("balance", balance, S.alpha, optimum,
            "At the best `alpha` the two ends are equal and opposite: `1 - alpha lambda_1 = "
            "-(1 - alpha lambda_n)`.")
    best = sp.factor(ends[S.lambda_1].xreplace({S.alpha: optimum}))
    d.equation("optimal-rate", Kind.SIMPLIFICATION, ends[S.lambda_1].xreplace(
        {S.alpha: optimum}), best, "The rate at that `alpha`.", uses=("balance",))
    d.add("rate-positive", Kind.INEQUALITY, best > 0,
          "It is positive because `lambda_1 < lambda_n`, so it is the modulus `|1 - alpha "
          "lambda_1|` itself.", hint=({S.lambda_n: S.lambda_1 + gap},))
    d.add("smaller-alpha", Kind.INEQUALITY,
          ends[S.lambda_1] >= best, "A smaller `alpha` leaves more of the slowest component: `"
          "1 - alpha lambda_1` only grows as `alpha` decreases.",
          assumptions=(S.alpha <= optimum,), hint=({S.alpha: optimum - u},))
    d.add("larger-alpha", Kind.INEQUALITY,
          -ends[S.lambda_n] >= best, "A larger `alpha` overshoots the fastest component: `"
          "alpha lambda_n - 1` only grows as `alpha` increases.",
          assumptions=(S.alpha >= optimum,), hint=({S.alpha: optimum + u},))
    in_kappa = sp.simplify(best.xreplace({S.lambda_n: S.kappa * S.lambda_1}))
    d.equation("in-kappa", Kind.SUBSTITUTION, best, in_kappa,
               "Divide through by `lambda_1`: the rate depends only on "
               "`kappa = lambda_n/lambda_1`.",
               uses=("optimal-rate",))
    d.result("alpha", optimum, step="balance")
    d.result("rate", in_kappa, step="in-kappa")
    return d.build(Witness(
        "Minimise `max(|1 - alpha lambda_1|, |1 - alpha lambda_n|)` by a golden-section search "
        "at high precision, and compute the spectral radius of `I - alpha A` for a random "
        "quadratic by an eigenvalue solver.", _witness))


def _golden_minimum(f, low, high, iterations):
    ratio = (mp.sqrt(5) - 1) / 2
    a, b = mp.mpf(low), mp.mpf(high)
    for _ in range(iterations):
        c, e = b - ratio * (b - a), a + ratio * (b - a)
        if f(c) < f(e):
            b = e
        else:
            a = c
    return (a + b) / 2


def _witness(derivation, dps, rng):
    derived = derivation.results
    lam1 = mp.mpf(1) / 2 + mp.mpf(rng.random())
    lamn = lam1 * (5 + 20 * mp.mpf(rng.random()))
    values = {S.lambda_1: lam1, S.lambda_n: lamn, S.kappa: lamn / lam1}
    alpha = sp.lambdify((S.lambda_1, S.lambda_n), derived["alpha"], "mpmath")(lam1, lamn)
    rate = sp.lambdify(S.kappa, derived["rate"], "mpmath")(values[S.kappa])
    with mp.workdps(dps + 20):
        # each golden-section step keeps 1/phi of the bracket, log10(phi) ~ 0.209 digits,
        # so the bracket reaches the working precision after (dps + 20) / log10(phi) steps
        steps = math.ceil((dps + 20) / math.log10((1 + math.sqrt(5)) / 2))
        found = _golden_minimum(lambda a: max(abs(1 - a * lam1), abs(1 - a * lamn)),
                                0, 2 / lam1, steps)
    problem = random_quadratic(rng, random_spectrum(rng, 5, lam1, lamn))
    eigenvalues = mp.eigsy(mp.eye(5) - alpha * problem.A)[0]
    radius = max(abs(eigenvalues[j]) for j in range(5))
    return WitnessReport("a numeric min-max search and a spectral radius", (
        compare_numbers("`alpha` by golden section", found, alpha, dps - 10),
        compare_numbers("worst rate at the numeric optimum",
                        max(abs(1 - found * lam1), abs(1 - found * lamn)), rate, dps - 10),
        compare_numbers("spectral radius of `I - alpha A`", radius, rate, dps - 10)))
