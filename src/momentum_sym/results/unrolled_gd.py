"""Gradient descent unrolled: every iterate is w^0 plus a weighted sum of past gradients.

Problem.  Gradient descent w^{k+1} = w^k - alpha grad f(w^k) on any function f
(the quadratic is only needed for the witness), written in the article's class
of linear first-order methods w^{k+1} = w^0 + sum_{i=0}^{k} gamma_i^k grad f(w^i).

Derivation.  Read the coefficient of grad f(w^i) off the update: it enters
w^{i+1} with weight -alpha and no later step touches it again.  Solve that
recurrence in the lag m = k - i with ``rsolve``, prove the closed form by
induction on m, substitute m = k - i, and check the unrolled form against the
update itself for the first iterates with symbolic gradients.

Result.  ``gamma`` = -alpha: w^{k+1} = w^0 - alpha sum_{i=0}^{k} grad f(w^i), every
past gradient with the same weight.

Source.  Goh, "Why Momentum Really Works", section "The Limits of Descent",
"Adventures in Algorithmic Space" (the first unrolled display).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.domain import Domain, IntegerRange, Sampler, interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector
from momentum_sym.witness.unrolled import compare_unrolled, exact, momentum_with_gradients

ID = "unrolled-gd"

lag = sp.Symbol("m", integer=True, nonnegative=True)  # m = k - i
coefficient = sp.Function("gamma_i")  # gamma_i(m) = gamma_i^{i+m}
FINITE = 4  # iterates checked against the update with symbolic gradients


def gradient_symbol(j: int) -> sp.Symbol:
    """grad f(w^j), one coordinate of it (the update acts on each coordinate alike)."""
    return sp.Symbol(rf"\nabla f(w^{{{j}}})", real=True)


def iterate_symbol(j: sp.Basic) -> sp.Symbol:
    return sp.Symbol(f"w^{{{sp.latex(j)}}}", real=True)


def unrolled_sum(gamma: sp.Expr, last: int) -> sp.Expr:
    """w^0 + sum_{i=0}^{last} gamma(k=last, i) grad f(w^i), for a concrete ``last``, as
    written (each coefficient evaluated, the sum not multiplied out)."""
    terms = [sp.Mul(sp.simplify(gamma.xreplace({S.k: last, S.i: i})), gradient_symbol(i),
                    evaluate=False) for i in range(last + 1)]
    return sp.Add(iterate_symbol(0), *terms, evaluate=False)


def domain(extra: Mapping[sp.Symbol, Sampler] | None = None,
           constraints: tuple[sp.Basic, ...] = ()) -> Domain:
    """alpha, the indices, and one coordinate of w^0 and of the first gradients
    (``extra`` and ``constraints``: more, such as 0 <= beta < 1 for momentum)."""
    vectors = {s: interval(-2, 2) for s in (iterate_symbol(0),
                                            *(gradient_symbol(j) for j in range(FINITE)))}
    return Domain(
        variables={S.alpha: interval("1/100", "1/2"), S.k: IntegerRange(0, 40),
                   S.i: IntegerRange(0, 40), lag: IntegerRange(0, 40), **vectors,
                   **(extra or {})},
        constraints=(S.i <= S.k, *constraints))


def record_first_iterates(d: DerivationBuilder, iterates: list[sp.Expr], gamma: sp.Expr,
                          reason: str, uses: tuple[str, ...]) -> None:
    """The step comparing the first ``FINITE`` iterates, computed from the update with
    symbolic gradients, with the unrolled sums for the coefficients ``gamma``."""
    d.equation("first-iterates", Kind.EXPANSION, sp.Matrix(iterates),
               sp.Matrix([unrolled_sum(gamma, last) for last in range(FINITE)]),
               reason, uses=uses)


def derive():
    d = DerivationBuilder(
        ID, "Gradient descent unrolled",
        source="Goh (2017), The Limits of Descent: Adventures in Algorithmic Space",
        summary=("Each gradient descent step adds `-alpha` times one new gradient and never "
                 "revisits the old ones, so `w^{k+1} = w^0 - alpha (grad f(w^0) + ... + "
                 "grad f(w^k))`: every coefficient `gamma_i^k` equals `-alpha`."),
        domain=domain())
    d.name("m", "the lag `k - i`: how many steps ago the gradient `grad f(w^i)` was taken")
    d.name("gamma_i(m)", "the coefficient `gamma_i^{i+m}` of `grad f(w^i)` in `w^{i+m+1}`")
    k1 = S.k + 1
    d.equation("update", Kind.DEFINITION, iterate_symbol(k1),
               iterate_symbol(S.k) - S.alpha * sp.Symbol(r"\nabla f(w^{k})", real=True),
               "Gradient descent: step from `w^k` against the gradient, with step size `alpha`.")
    gamma_ik = sp.Symbol("gamma_i^k", real=True)
    d.equation("unrolled-form", Kind.DEFINITION, iterate_symbol(k1),
               iterate_symbol(0) + sp.Sum(
                   gamma_ik * sp.Symbol(r"\nabla f(w^{i})", real=True), (S.i, 0, S.k)),
               "Every iterate is `w^0` plus a combination of the gradients seen so far; `"
               "gamma_i^k` names the coefficient of `grad f(w^i)` in `w^{k+1}`.")
    g = coefficient
    first = sp.Eq(g(0), -S.alpha)
    recurrence = sp.Eq(g(lag + 1), g(lag))
    d.add("coefficient-recurrence", Kind.DEFINITION, sp.And(first, recurrence),
          "Take the coefficient of `grad f(w^i)` on both sides of the update: it enters `"
          "w^{i+1}` with coefficient `-alpha`, and each later step `w^{k+1} = w^k - alpha "
          "grad f(w^k)` adds a different gradient, so the coefficient stays as it was.",
          uses=("update", "unrolled-form"))
    closed = sp.rsolve(recurrence.lhs - recurrence.rhs, g(lag), {g(0): first.rhs})
    d.add("induction", Kind.INDUCTION, sp.Eq(g(lag), closed, evaluate=False),
          "rsolve gives the constant solution; by induction on `m`, it has the right start "
          "and survives each step of the recurrence.",
          uses=("coefficient-recurrence",),
          data=Induction(lag, 0, first.rhs, lambda value: value, recurrence))
    gamma = sp.sympify(closed).xreplace({lag: S.k - S.i})
    d.equation("name-lag", Kind.DEFINITION, gamma_ik, g(S.k - S.i),
               "The coefficient of `grad f(w^i)` in `w^{k+1}` is the coefficient at lag `m = k - "
               "i`; "
               "at every lag it is `-alpha`.", uses=("induction",))
    d.result("gamma", gamma, step="induction")
    iterates, w = [], iterate_symbol(0)
    for j in range(FINITE):
        w = w - S.alpha * gradient_symbol(j)
        iterates.append(w)
    record_first_iterates(d, iterates, gamma, f"A check by hand: applying the update {FINITE} "
                          "times with symbolic gradients gives exactly the unrolled sums with "
                          "these coefficients.", uses=("update", "name-lag"))
    return d.build(Witness(
        "Run gradient descent on a random quadratic `(n = 5)` for 40 steps in mpmath, keep "
        "every gradient, and rebuild each iterate from `w^0` and the unrolled sum.", _witness))


def _witness(derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps):
        return _run(derivation.results["gamma"], dps, rng)


def _run(gamma, dps, rng) -> WitnessReport:
    problem = random_quadratic(rng, random_spectrum(rng, 5, 0.5, 10))
    alpha = Fraction(1, 10)
    iterates, gradients = momentum_with_gradients(
        problem, random_vector(rng, problem.n), exact(alpha), mp.zero, 40)
    coefficient_at = sp.lambdify((S.alpha, S.k, S.i), gamma, modules="mpmath")
    return WitnessReport(
        "gradient descent iterates against `w^0 + sum_i gamma_i^k grad f(w^i)`",
        (compare_unrolled("`w^{k+1}`", iterates, gradients,
                          lambda k, i: mp.mpf(coefficient_at(exact(alpha), k, i)), dps - 5),))
