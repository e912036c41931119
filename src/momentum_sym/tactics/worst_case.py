"""The error after k steps, per eigencomponent, and its worst case over the spectrum.

Problem.  From the method's start (velocities zero, every past iterate at w^0), how
large is the error of the iterate after exactly k steps on the eigencomponent lambda,
and how large at worst over lambda in [lambda_1, lambda_n]?  The asymptotic rate says
nothing about the first steps: momentum can make the error grow before it shrinks
(transient growth).

Method.  In error coordinates one step multiplies the state by the iteration matrix R
(``<method>-iteration-matrix``); the start is s^0 = (x^0 for each iterate entry, 0 for
each velocity).  So x^k = e^T R^k s^0, and by Cayley and Hamilton
(R^2 = tr(R) R - det(R) I) the ratio p_k = x^k / x^0 obeys p_{k+2} = tr(R) p_{k+1} -
det(R) p_k.  SymPy's ``rsolve`` solves it from the first two values (computed by
multiplying the start by R), and the closed form is checked against the recurrence for
symbolic k and against its first values (induction).  A method whose first step has
its own rule (PyTorch's buffer) starts the recurrence after that step.

Result.  ``error`` = p_k(alpha, beta, lambda): x^k = p_k x^0 per eigencomponent.  The
worst case after k steps is max over [lambda_1, lambda_n] of |p_k|; the witness
compares it, at a fine grid of eigenvalues, with the method's own run.

Source.  Goh (2017), "The Dynamics of Momentum" (R^k applied to the start), for any
method given as data.
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import Domain, IntegerRange, interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.methods.model import Method, at, split
from momentum_sym.methods.run import run
from momentum_sym.results import symbols as S
from momentum_sym.tactics import decoupling
from momentum_sym.tactics.common import Analysis, shifted, simplest, title
from momentum_sym.tactics.iteration_matrix import iteration_matrix
from momentum_sym.tactics.witnesses import draw_parameters, evaluate, multiples
from momentum_sym.witness.quadratic import random_quadratic

FAMILY = "worst-case"
REQUIRES = "an iteration matrix of size at most 2"
p = sp.Function("p")  # p(k) = x^k / x^0
X0 = sp.Symbol("x^0", real=True)


def applies(analysis: Analysis) -> bool:
    return analysis.get("iteration-matrix").results["R"].rows <= 2


def start(method: Method) -> sp.Matrix:
    """s^0 per eigencomponent, in units of x^0: 1 for an entry of the iterate; for
    another sequence, the multiple m of w^0 it starts at, which is its value at the
    optimum as a multiple of w* (0 for a velocity, 1 for a look-ahead point), so that
    its error coordinate starts at m x^0."""
    iterate = at(method.iterate)

    def entry(s: sp.Symbol) -> sp.Expr:
        if split(s)[0] == method.iterate:
            return sp.Integer(1)
        value = sp.sympify(method.initial.get(s, 0))
        return value.coeff(iterate) if value.free_symbols == {iterate} else sp.Integer(0)

    return sp.Matrix([entry(s) for s in method.state])


def first_matrix(method: Method) -> sp.Matrix | None:
    """The iteration matrix of the first step, when it has its own rule."""
    if not method.first_step:
        return None
    first = replace(method, update=method.rule(True), first_step={})
    return iteration_matrix(decoupling.error_system(first))


def domain(method: Method) -> Domain:
    variables = {q.symbol: q.sample for q in method.parameters}
    variables.update({S.lam: interval("1/10", 10), S.k: IntegerRange(0, 30),
                      S.sigma_1: interval("-9/10", "9/10"), S.sigma_2: interval("-9/10", "9/10"),
                      sp.Symbol("p_1", real=True): interval(-1, 1),
                      sp.Symbol("p_2", real=True): interval(-1, 1),
                      S.lambda_1: interval("1/10", 1), S.lambda_n: interval(1, 10)})
    return Domain(variables=variables, constraints=method.constraints)


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    r_matrix = analysis.get("iteration-matrix").results["R"]
    index = list(method.state).index(at(method.iterate))
    s0 = start(method)
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method),
        source=method.source,
        summary=(f"From its start, the error of {method.noun} on the eigencomponent `lambda` "
                 "after `k` steps is `p_k` times the starting error, a closed form in `k`; its "
                 "worst case over the spectrum after `k` steps is the largest `|p_k|` for "
                 "`lambda_1 <= lambda <= lambda_n`, which can exceed the `rate^k` the "
                 "asymptotics suggest."),
        domain=domain(method), uses=(analysis.id("iteration-matrix"),))
    d.name("p_k", "the error of the iterate after `k` steps divided by the starting error")
    d.equation("iteration-matrix", Kind.DEFINITION, sp.Symbol("R"), r_matrix,
               "One step in error coordinates.",
               uses=(analysis.ref("iteration-matrix", "R"),))
    r_first = first_matrix(method)
    offset = 0
    states = [s0]
    if r_first is not None:
        s1 = (r_first * s0).expand()
        d.equation("first-step", Kind.EXPANSION, sp.MatMul(r_first, s0), s1,
                   "The first step has its own rule (its own matrix): the state after it.",
                   uses=("iteration-matrix",))
        states.append(s1)
        offset = 1
    following = (r_matrix * states[-1]).expand()
    d.equation("next-step", Kind.EXPANSION, sp.MatMul(r_matrix, states[-1]), following,
               "One more step: `R` times the state.", uses=("iteration-matrix",))
    states.append(following)
    values = [sp.factor(states[offset][index]), sp.factor(states[offset + 1][index])]
    if r_matrix.rows == 1:
        closed = simplest(values[0] * r_matrix[0, 0] ** (S.k - offset))
        from momentum_sym.kernel import Induction

        factor = r_matrix[0, 0]
        d.add("closed", Kind.INDUCTION, sp.Eq(p(S.k), closed, evaluate=False),
              "One number per eigencomponent: each step multiplies the error by `R`, so by "
              "induction `p_k = R^k`.", uses=("next-step",),
              data=Induction(S.k, offset, values[0], lambda value: factor * value,
                             sp.Eq(p(S.k + 1), factor * p(S.k))))
        tied = "closed"
    else:
        trace, det = r_matrix.trace(), r_matrix.det()
        s1, s2 = S.sigma_1, S.sigma_2
        d.equation("cayley-hamilton", Kind.EXPANSION, r_matrix**2,
                   sp.MatAdd(sp.MatMul(trace, r_matrix),
                             sp.MatMul(-det, sp.Identity(2).as_explicit())),
                   "Cayley and Hamilton: `R^2 = tr(R) R - det(R) I`, so the errors obey `"
                   "p_{k+2} = tr(R) p_{k+1} - det(R) p_k`.", uses=("iteration-matrix",))
        d.add("vieta", Kind.DEFINITION, sp.And(sp.Eq(trace, s1 + s2), sp.Eq(det, s1 * s2)),
              "The trace and the determinant of `R` are the sum and the product of its "
              "eigenvalues `sigma_1`, `sigma_2`, so `p_{k+2} = (sigma_1 + sigma_2) p_{k+1} - "
              "sigma_1 sigma_2 p_k`.",
              uses=(analysis.ref("eigenvalues", "sigma_1"),
                    analysis.ref("eigenvalues", "sigma_2")))
        j = sp.Symbol("j", integer=True, nonnegative=True)
        q = sp.Function("q")
        first_value = sp.Symbol("p_1", real=True) if not offset else sp.Symbol("p_2",
                                                                                real=True)
        found = sp.rsolve(q(j + 2) - (s1 + s2) * q(j + 1) + s1 * s2 * q(j), q(j),
                          {q(0): 1 if not offset else values[0], q(1): first_value})
        closed_p = sp.factor(sp.powsimp(found.xreplace({j: S.k - offset})))
        terms = shifted(closed_p, S.k, (2, 1, 0))
        d.equation("closed-recurrence", Kind.EXPANSION, terms[0],
                   (s1 + s2) * terms[1] - s1 * s2 * terms[2],
                   "rsolve's solution obeys the recurrence for every `k` (when `sigma_1` and `"
                   "sigma_2` differ)...", uses=("cayley-hamilton", "vieta"))
        with sp.evaluate(False):
            starts = sp.Matrix([closed_p.xreplace({S.k: offset}),
                                closed_p.xreplace({S.k: offset + 1})])
        d.equation("closed-start", Kind.SUBSTITUTION, starts,
                   sp.Matrix([1 if not offset else values[0], first_value]),
                   "...and takes the first two values, so by induction it is `p_k` "
                   + ("for every `k >= 1` (after the first step)." if offset else
                      "for every `k`."), uses=("closed-recurrence",))
        closed = closed_p.xreplace({first_value: values[1]})
        d.equation("closed", Kind.SUBSTITUTION, closed_p, closed,
                   f"Put in the value `{first_value.name}` after "
                   + ("two steps" if offset else "one step") + " of the run.",
                   uses=("closed-start", "next-step"),
                   # at sigma_1 = sigma_2 (critical damping) the form is 0/0: its limit,
                   # not its value, is the error there
                   assumptions=(sp.Eq(first_value, values[1]), sp.Ne(s1, s2)))
        tied = "closed"
    d.result("error", closed, step=tied)
    return d.build(Witness(
        f"Run {method.noun} (its own rule) on one-dimensional quadratics for 25 eigenvalues "
        "in [1/10, 2] (`alpha`, `beta` drawn): the error ratio after `k = 1`..25 steps against `"
        "p_k`, and the worst case over the eigenvalues against `max |p_k|` on the same grid.",
        lambda derivation, dps, rng: _witness(method, derivation, dps, rng, analysis)))


def _witness(method: Method, derivation, dps, rng, analysis=None) -> WitnessReport:
    with mp.workdps(dps + 20):
        system = decoupling.error_system(method)
        values = draw_parameters(method, rng, {S.alpha: (0.1, 0.8)})
        c = multiples(system, values)[method.iterate]
        error = derivation.results["error"]
        sigmas = analysis.get("eigenvalues").results if analysis is not None else {}
        first = 1 if method.first_step else 0
        steps = 25
        worst_digits = float(dps)
        observed_worst = [mp.zero] * (steps + 1)
        derived_worst = [mp.zero] * (steps + 1)
        for j in range(25):
            lam = mp.mpf(1) / 10 + (mp.mpf(19) / 10) * j / 24
            problem = random_quadratic(rng, [lam])
            w0 = problem.w_star + mp.matrix([[mp.one]])
            trajectory = run(method, values, problem.gradient, w0, steps,
                             gradient_entries=problem.gradient_entries)
            x0 = (w0 - problem.w_star * c)[0]
            at_lam = {**values, S.lam: lam}
            for name, symbol in (("sigma_1", S.sigma_1), ("sigma_2", S.sigma_2)):
                if symbol in error.free_symbols:  # the eigenvalues do not depend on k
                    at_lam[symbol] = mp.mpc(evaluate(sigmas[name], at_lam))
            for k in range(max(first, 1), steps + 1):
                ratio = (trajectory(method.iterate, k) - problem.w_star * c)[0] / x0
                value = mp.re(mp.mpc(evaluate(error, {**at_lam, S.k: k})))
                difference = abs(ratio - value)
                scale = max(abs(ratio), mp.mpf(10) ** -30)
                if difference:
                    worst_digits = min(worst_digits, float(-mp.log10(difference / scale)))
                observed_worst[k] = max(observed_worst[k], abs(ratio))
                derived_worst[k] = max(derived_worst[k], abs(value))
        worst_digits = max(0.0, min(worst_digits, float(dps)))
        spread = max(abs(observed_worst[k] - derived_worst[k]) / observed_worst[k]
                     for k in range(max(first, 1), steps + 1))
        worst_spread = float(dps) if spread == 0 else min(float(dps),
                                                           float(-mp.log10(spread)))
    return WitnessReport(
        f"{method.title}: error ratios of the run against `p_k`",
        (Comparison("error", worst_digits >= dps - 10, worst_digits,
                    "25 eigenvalues, `1 <= k <= 25`: `x^k/x^0` of the run against `p_k`"),
         Comparison("worst case", worst_spread >= dps - 10, worst_spread,
                    "`max` over the 25 eigenvalues of `|x^k/x^0|` against `max |p_k|`")))
