"""Momentum unrolled: the weight of each past gradient in the current iterate.

Problem.  Momentum z^{k+1} = beta z^k + grad f(w^k), w^{k+1} = w^k - alpha z^{k+1}
from z^0 = 0, with 0 <= beta < 1, on any function f.

Derivation.  Write w^{k+1} = w^0 + sum_{i=0}^{k} gamma_i^k grad f(w^i), the article's
class of linear first-order methods.  Read two recurrences off the update in the
lag m = k - i: the weight c(m) of grad f(w^i) in the velocity z^{i+1+m} is
multiplied by beta at each step, and the coefficient gamma_i(m) in the iterate
changes by -alpha times the velocity's weight.  Solve the
first with ``rsolve`` (proved by induction), sum the geometric series with
``summation`` for the second (and check it against ``rsolve`` and by
induction), substitute m = k - i, and check the unrolled form against the update
itself for the first iterates with symbolic gradients.

Result.  ``gamma`` = -alpha (1 - beta^{k+1-i}) / (1 - beta): recent gradients enter
with about -alpha, old ones with up to -alpha/(1 - beta).

Source.  Goh, "Why Momentum Really Works", section "The Limits of Descent",
"Adventures in Algorithmic Space" (the second unrolled display).  The article
prints w^{k+1} = w^0 + alpha sum_i (1 - beta^{k+1-i})/(1 - beta) grad f(w^i): the
sign of the sum is wrong (each coefficient carries -alpha, as for gradient
descent).
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.unrolled_gd import (
    FINITE,
    domain,
    gradient_symbol,
    iterate_symbol,
    lag,
    record_first_iterates,
)
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector
from momentum_sym.witness.unrolled import compare_unrolled, exact, momentum_with_gradients

ID = "unrolled-momentum"

velocity_weight = sp.Function("c")  # c(m): weight of grad f(w^i) in z^{i+1+m}
weight = sp.Function("gamma_i")  # gamma_i(m) = gamma_i^{i+m}
term = sp.Symbol("l", integer=True, nonnegative=True)  # summation index
gap = sp.Symbol("u", positive=True)  # 1 - beta, positive on the domain


def velocity_symbol(j: sp.Basic) -> sp.Symbol:
    return sp.Symbol(f"z^{{{sp.latex(j)}}}", real=True)


def derive():
    d = DerivationBuilder(
        ID, "Momentum unrolled",
        source="Goh (2017), The Limits of Descent: Adventures in Algorithmic Space",
        summary=("The velocity keeps a geometrically fading memory of the gradients, `"
                 "z^{k+1} = sum_i beta^{k-i} grad f(w^i)`, and the iterate subtracts `alpha` "
                 "times the velocities, so `grad f(w^i)` enters `w^{k+1}` with coefficient `"
                 "-alpha (1 - beta^{k+1-i})/(1 - beta)`: `-alpha` for the newest gradient, "
                 "close to `-alpha/(1 - beta)` for old ones."),
        domain=domain({S.beta: interval(0, "99/100")}, (S.beta < 1,)))
    d.name("m", "the lag `k - i`: how many steps ago the gradient `grad f(w^i)` was taken")
    d.name("c(m)", "the weight of `grad f(w^i)` in the velocity `z^{i+1+m}`")
    d.name("gamma_i(m)", "the coefficient `gamma_i^{i+m}` of `grad f(w^i)` in `w^{i+m+1}`")
    k1 = S.k + 1
    gradient_k = sp.Symbol(r"\nabla f(w^{k})", real=True)
    d.add("update", Kind.DEFINITION, sp.And(
        sp.Eq(velocity_symbol(k1), S.beta * velocity_symbol(S.k) + gradient_k),
        sp.Eq(iterate_symbol(k1), iterate_symbol(S.k) - S.alpha * velocity_symbol(k1)),
        sp.Eq(velocity_symbol(0), 0)),
        "Momentum: the velocity `z` is a decaying sum of gradients (decay `beta`), the iterate "
        "steps against it with step size `alpha`, and the velocity starts at zero.")
    gamma_ik = sp.Symbol("gamma_i^k", real=True)
    d.equation("unrolled-form", Kind.DEFINITION, iterate_symbol(k1),
               iterate_symbol(0) + sp.Sum(
                   gamma_ik * sp.Symbol(r"\nabla f(w^{i})", real=True), (S.i, 0, S.k)),
               "Every iterate is `w^0` plus a combination of the gradients seen so far; `"
               "gamma_i^k` names the coefficient of `grad f(w^i)` in `w^{k+1}`.")
    c = velocity_weight
    velocity_recurrence = sp.Eq(c(lag + 1), S.beta * c(lag))
    d.add("velocity-recurrence", Kind.DEFINITION, sp.And(sp.Eq(c(0), 1), velocity_recurrence),
          "Take the coefficient of `grad f(w^i)` in the velocity update: it enters `z^{i+1}` "
          "with weight 1 (`z^i` holds only earlier gradients), and each later step multiplies "
          "the velocity by `beta` and adds a different gradient.", uses=("update",))
    velocity_closed = sp.rsolve(velocity_recurrence.lhs - velocity_recurrence.rhs, c(lag),
                                {c(0): 1})
    d.add("velocity-induction", Kind.INDUCTION, sp.Eq(c(lag), velocity_closed, evaluate=False),
          "rsolve solves the geometric recurrence; by induction on `m`, the solution starts at "
          "1 and is multiplied by `beta` at each step.",
          uses=("velocity-recurrence",),
          data=Induction(lag, 0, sp.Integer(1), lambda value: S.beta * value,
                         velocity_recurrence))
    g = weight
    d.add("weight-recurrence", Kind.DEFINITION,
          sp.And(sp.Eq(g(0), -S.alpha * c(0)),
                 sp.Eq(g(lag + 1), g(lag) - S.alpha * c(lag + 1))),
          "Take the coefficient of `grad f(w^i)` in `w^{k+1} = w^k - alpha z^{k+1}`: the iterate "
          "first receives the gradient through `z^{i+1}`, with coefficient `-alpha c(0)`, and "
          "afterwards each step adds `-alpha` times the velocity's weight.",
          uses=("update", "unrolled-form"))
    summed = -S.alpha * sp.Sum(velocity_closed.xreplace({lag: term}), (term, 0, lag))
    closed = sp.factor(sp.refine(summed.doit(), sp.Q.lt(S.beta, 1)))
    d.equation("weight-sum", Kind.SUM, summed, closed,
               "Unwinding the weight recurrence, `gamma_i(m) = -alpha (c(0) + c(1) + ... + "
               "c(m))`, a geometric sum; since `beta < 1` its ratio is not 1 and the sum is `"
               "-alpha (1 - beta^{m+1})/(1 - beta)`.",
               uses=("velocity-induction", "weight-recurrence"),
               hint=({S.beta: 1 - gap},))
    increment = -S.alpha * velocity_closed.xreplace({lag: lag + 1})
    weight_recurrence = sp.Eq(g(lag + 1), g(lag) + increment)
    start = -S.alpha * velocity_closed.xreplace({lag: 0})
    by_rsolve = sp.rsolve(weight_recurrence.lhs - weight_recurrence.rhs, g(lag), {g(0): start})
    d.equation("weight-rsolve", Kind.SIMPLIFICATION, by_rsolve, closed,
               "Solving the weight recurrence directly with rsolve gives the same function "
               "of `m`, written differently.", uses=("weight-recurrence", "weight-sum"))
    d.add("weight-induction", Kind.INDUCTION, sp.Eq(g(lag), closed, evaluate=False),
          "By induction on `m`: the closed form is `-alpha` at `m = 0`, and adding `-alpha` times "
          "the velocity's weight `beta^{m+1}` to it gives the closed form at `m + 1`.",
          uses=("weight-recurrence", "weight-sum"),
          data=Induction(lag, 0, start, lambda value: value + increment, weight_recurrence))
    d.equation("name-lag", Kind.DEFINITION, gamma_ik, g(S.k - S.i),
               "The coefficient of `grad f(w^i)` in `w^{k+1}` is the coefficient at lag `m = k - "
               "i`.",
               uses=("weight-induction",))
    gamma = sp.powsimp(closed.xreplace({lag: S.k - S.i}))
    d.equation("substitute-lag", Kind.SUBSTITUTION, closed, gamma,
               "Put `m = k - i` in the closed form.", uses=("name-lag",),
               assumptions=(sp.Eq(lag, S.k - S.i),), hint=({lag: S.k - S.i},))
    d.result("gamma", gamma, step="substitute-lag")
    iterates, z, w = [], sp.Integer(0), iterate_symbol(0)
    for j in range(FINITE):
        z = S.beta * z + gradient_symbol(j)
        w = w - S.alpha * z
        iterates.append(sp.expand(w))
    record_first_iterates(d, iterates, gamma, f"A check by hand: applying the update {FINITE} "
                          "times from `z^0 = 0` with symbolic gradients gives exactly the "
                          "unrolled sums with these coefficients.",
                          uses=("update", "substitute-lag"))
    return d.build(Witness(
        "Run momentum from `z^0 = 0` on a random quadratic `(n = 5)` for 40 steps in mpmath, "
        "keep every gradient, and rebuild each iterate from `w^0` and the unrolled sum.",
        _witness))


def _witness(derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps):
        return _run(derivation.results["gamma"], dps, rng)


def _run(gamma, dps, rng) -> WitnessReport:
    problem = random_quadratic(rng, random_spectrum(rng, 5, 0.5, 10))
    alpha, beta = Fraction(1, 20), Fraction(9, 10)
    iterates, gradients = momentum_with_gradients(
        problem, random_vector(rng, problem.n), exact(alpha), exact(beta), 40)
    coefficient_at = sp.lambdify((S.alpha, S.beta, S.k, S.i), gamma, modules="mpmath")
    return WitnessReport(
        "momentum iterates against `w^0 + sum_i gamma_i^k grad f(w^i)`, `beta = 9/10`",
        (compare_unrolled("`w^{k+1}`", iterates, gradients,
                          lambda k, i: coefficient_at(exact(alpha), exact(beta), k, i),
                          dps - 5),))
