"""The effective number of gradients in momentum's leaky average.

Problem.  d2l's velocity is a leaky average of the gradients,
v_t = beta v_{t-1} + g_t from v_0 = 0, with 0 <= beta < 1.  How many gradients
does it hold?

Derivation.  Read the weight c(tau) of the gradient g_{t-tau} in v_t off the
update: 1 when it arrives, multiplied by beta at every later step; ``rsolve``
gives beta^tau (proved by induction), and unrolling the first steps with
symbolic gradients checks v_t = sum_{tau=0}^{t-1} beta^tau g_{t-tau}.  The total
weight after t steps is a geometric sum, evaluated by ``summation``
(1 - beta^t)/(1 - beta) and proved again by induction on t.  Writing
beta = 1/(1 + u) with u > 0, ``limit`` sends t to infinity.

Result.  ``count`` = 1/(1 - beta): the weights of the leaky average add up to
1/(1 - beta) as t grows (after t steps they add up to (1 - beta^t)/(1 - beta)).
Dividing by it turns v_t into a weighted mean of about 1/(1 - beta) recent
gradients: 10 for beta = 0.9, 100 for beta = 0.99.

Source.  d2l.ai, "Momentum", section "Leaky Averages" and the summary ("the
effective number of gradients is given by 1/(1 - beta)").  The summary's
formula is right for 0 <= beta < 1 and in the limit t -> infinity; for finite t
the weights add up to (1 - beta^t)/(1 - beta) < 1/(1 - beta).
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.domain import Domain, IntegerRange, interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.checks import compare_numbers

ID = "effective-gradient-count"

t = sp.Symbol("t", integer=True, nonnegative=True)  # the step of d2l's leaky average
tau = sp.Symbol("tau", integer=True, nonnegative=True)  # how many steps ago
u = sp.Symbol("u", positive=True)  # beta = 1/(1 + u)
gap = sp.Symbol("g", positive=True)  # 1 - beta, positive on the domain
weight = sp.Function("c")  # c(tau): the weight of g_{t-tau} in v_t
total = sp.Function("s")  # s(t): the sum of the weights in v_t
FINITE = 5  # steps unrolled with symbolic gradients


def gradient_symbol(j: sp.Basic) -> sp.Symbol:
    return sp.Symbol(f"g_{{{sp.latex(j)}}}", real=True)


def velocity_symbol(j: sp.Basic) -> sp.Symbol:
    return sp.Symbol(f"v_{{{sp.latex(j)}}}", real=True)


def leaky_sum(closed_weight: sp.Expr, last: int) -> sp.Expr:
    """sum_{tau=0}^{last-1} c(tau) g_{last-tau} for a concrete ``last``, as written (the
    weights evaluated, the sum not multiplied out)."""
    return sp.Add(*(sp.Mul(closed_weight.xreplace({tau: j}), gradient_symbol(last - j),
                           evaluate=False) for j in range(last)), evaluate=False)


def domain() -> Domain:
    gradients = {gradient_symbol(j): interval(-2, 2) for j in range(1, FINITE + 1)}
    return Domain(
        variables={S.beta: interval(0, "99/100"), t: IntegerRange(0, 60),
                   tau: IntegerRange(0, 60), u: interval("1/100", 100), **gradients},
        constraints=(S.beta < 1,))


def derive():
    d = DerivationBuilder(
        ID, "The effective number of gradients",
        source="d2l.ai, Momentum: Leaky Averages; Summary",
        summary=("The leaky average gives the gradient taken `tau` steps ago the weight `"
                 "beta^tau`; the weights add up to `(1 - beta^t)/(1 - beta)` after `t` steps and "
                 "to `"
                 "1/(1 - beta)` in the limit, so `v_t (1 - beta)` is a weighted mean of roughly "
                 "the last `1/(1 - beta)` gradients."),
        domain=domain())
    d.name("tau", "how many steps ago a gradient was taken: `g_{t-tau}` enters `v_t`")
    d.name("c(tau)", "the weight of the gradient `g_{t-tau}` in the velocity `v_t`")
    d.name("s(t)", "the sum of all weights in `v_t`")
    beta = S.beta
    d.add("leaky-average", Kind.DEFINITION, sp.And(
        sp.Eq(velocity_symbol(t), beta * velocity_symbol(t - 1) + gradient_symbol(t)),
        sp.Eq(velocity_symbol(0), 0)),
        "d2l's velocity: at each step the old velocity leaks by the factor `beta` and the new "
        "gradient is added; nothing is stored before the first step.")
    c = weight
    recurrence = sp.Eq(c(tau + 1), beta * c(tau))
    d.add("weight-recurrence", Kind.DEFINITION, sp.And(sp.Eq(c(0), 1), recurrence),
          "Follow one gradient: it enters the velocity with weight 1, and each later step "
          "multiplies the whole velocity, this gradient included, by `beta`.",
          uses=("leaky-average",))
    closed_weight = sp.rsolve(recurrence.lhs - recurrence.rhs, c(tau), {c(0): 1})
    d.add("weight-induction", Kind.INDUCTION, sp.Eq(c(tau), closed_weight, evaluate=False),
          "rsolve solves the recurrence; by induction on `tau`, the weight starts at 1 and is "
          "multiplied by `beta` at each step.",
          uses=("weight-recurrence",),
          data=Induction(tau, 0, sp.Integer(1), lambda value: beta * value, recurrence))
    velocities, v = [], sp.Integer(0)
    for j in range(1, FINITE + 1):
        v = beta * v + gradient_symbol(j)
        velocities.append(sp.expand(v))
    d.equation("first-steps", Kind.EXPANSION, sp.Matrix(velocities),
               sp.Matrix([leaky_sum(closed_weight, last) for last in range(1, FINITE + 1)]),
               f"A check by hand: {FINITE} steps of the update with symbolic gradients give "
               "exactly `v_t = sum_tau beta^tau g_{t-tau}`.",
               uses=("leaky-average", "weight-induction"))
    summed = sp.Sum(closed_weight, (tau, 0, t - 1))
    finite = sp.refine(summed.doit(), sp.Q.lt(beta, 1))
    d.equation("finite-sum", Kind.SUM, summed, finite,
               "The weights form a geometric series with ratio `beta`; since `beta < 1` the ratio "
               "is not 1 and the first `t` terms add up to `(1 - beta^t)/(1 - beta)`.",
               uses=("weight-induction",), hint=({beta: 1 - gap},))
    s = total
    sum_recurrence = sp.Eq(s(t + 1), s(t) + beta**t)
    d.add("finite-induction", Kind.INDUCTION, sp.Eq(s(t), finite, evaluate=False),
          "By induction on `t`: no weight at `t = 0`, and the step from `t` to `t + 1` adds the "
          "weight `beta^t` of the oldest gradient.",
          uses=("finite-sum",),
          data=Induction(t, 0, sp.Integer(0), lambda value: value + beta**t, sum_recurrence))
    in_u = finite.xreplace({beta: 1 / (1 + u)})
    limit = sp.limit(in_u, t, sp.oo)
    d.equation("limit", Kind.LIMIT, sp.Limit(in_u, t, sp.oo), limit,
               "Write `beta = 1/(1 + u)` with `u > 0` (every `0 < beta < 1` is of this form): `"
               "beta^t = (1 + u)^{-t}` tends to 0, so only `1/(1 - beta)` survives.",
               uses=("finite-induction",))
    count = sp.factor(limit.xreplace({u: 1 / beta - 1}))
    d.equation("count", Kind.SUBSTITUTION, limit, count,
               "Go back to `beta` with `u = 1/beta - 1`: the total weight is `1/(1 - beta)` "
               "(at `beta = 0` it is 1, the plain gradient).",
               uses=("limit",), assumptions=(sp.Eq(beta, 1 / (1 + u)),))
    d.result("count", count, step="count")
    d.result("finite", finite, step="finite-sum")
    return d.build(Witness(
        "Feed the leaky average `v_t = beta v_{t-1} + g_t` with `g = 1` (the sum of the weights) "
        "and with one unit gradient `tau` steps back (one weight), in mpmath.",
        lambda derivation, dps, rng: _witness(derivation.results["count"],
                                              derivation.results["finite"], closed_weight,
                                              dps, rng)))


def _witness(count, finite, closed_weight, dps, rng) -> WitnessReport:
    beta_value = mp.mpf(rng.randint(50, 95)) / 100
    steps = int(mp.ceil((dps + 10) / -mp.log10(beta_value)))  # beta^t below 10^-(dps+10)
    at = lambda expr, **values: sp.lambdify(  # noqa: E731
        (S.beta, t, tau), expr, "mpmath")(beta_value, values.get("t", 0), values.get("tau", 0))
    v, comparisons = mp.zero, []
    for step in range(1, steps + 1):
        v = beta_value * v + 1
        if step in (1, 7, 30):
            comparisons.append(compare_numbers(f"finite at `t = {step}`", v, at(finite, t=step),
                                               dps - 5))
    comparisons.append(compare_numbers(f"count (`t = {steps}`)", v, at(count), dps - 5,
                                       "`beta^t` below the working precision"))
    lag = rng.randint(3, 20)
    v = mp.zero
    for step in range(1, lag + 2):
        v = beta_value * v + (1 if step == 1 else 0)
    comparisons.append(compare_numbers(f"weight at `tau = {lag}`", v, at(closed_weight, tau=lag),
                                       dps - 5, "one unit gradient, then zeros"))
    return WitnessReport(f"leaky average with `beta = {mp.nstr(beta_value, 3)}`",
                         tuple(comparisons))
