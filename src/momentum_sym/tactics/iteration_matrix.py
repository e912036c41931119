"""The iteration matrix R of a method on one eigencomponent.

Problem.  A linear method on a quadratic, per eigenvalue lambda: find the matrix R
with (state at k+1) = R (state at k) in error coordinates, so that the state after k
steps is R^k times the start.

Method.  Decouple the rule (:mod:`momentum_sym.tactics.decoupling`), then put each
equation's solution into the later ones (an intermediate such as Nesterov's look-ahead
point, a new velocity used by the new iterate): every entry of the next state is an
explicit linear combination of the current state.  R is its Jacobian (SymPy
``jacobian``), and R times the state gives the next state back.

Result.  ``R``: for the heavy ball [[beta, lambda], [-alpha beta, 1 - alpha lambda]]
in (y, x) = (Q^T z, Q^T (w - w*)); for Nesterov, in (x^k, x^{k-1}),
[[(1 + beta)(1 - alpha lambda), -beta (1 - alpha lambda)], [1, 0]].

Source.  Goh (2017), "The Dynamics of Momentum" (R for the heavy ball), for any
method given as data.
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.tactics import decoupling
from momentum_sym.tactics.common import COORDINATE, Analysis, parameter_domain, title
from momentum_sym.tactics.decoupling import ErrorSystem
from momentum_sym.tactics.witnesses import (
    digits,
    draw_parameters,
    error_state,
    evaluate,
    run_on_quadratic,
)
from momentum_sym.witness.matrix_power import power
from momentum_sym.witness.quadratic import random_spectrum

FAMILY = "iteration-matrix"


def next_state(system: ErrorSystem) -> tuple[dict[sp.Symbol, sp.Expr], list[sp.Expr]]:
    """Each equation solved in order (earlier solutions put into later equations), and
    the next state as explicit combinations of the current state."""
    solutions: dict[sp.Symbol, sp.Expr] = {}
    for e in system.equations:
        solutions[e.lhs] = sp.expand(e.rhs.xreplace(solutions))
    return solutions, [solutions.get(s, s) for s in system.next_state]


def iteration_matrix(system: ErrorSystem) -> sp.Matrix:
    _, explicit = next_state(system)
    return sp.Matrix(explicit).jacobian(sp.Matrix(system.state))


def domain(analysis: Analysis, system: ErrorSystem):
    """The parameters, lambda, and every error coordinate (a state of any size)."""
    return parameter_domain(analysis.method, {
        decoupling.OPTIMUM: COORDINATE, **{s: COORDINATE for s in system.coordinates.values()}},
        bounded=False)


def _labels(method) -> tuple[str, ...]:
    return tuple(f"error-{e.lhs.name.split('^')[0]}" for e in method.update)


def record(d: DerivationBuilder, analysis: Analysis) -> tuple[ErrorSystem, sp.Matrix]:
    """Decouple, eliminate, and read R off (steps recorded in ``d``)."""
    method = analysis.method
    system = decoupling.record(d, method)
    solutions, explicit = next_state(system)
    stated = {e.lhs: e.rhs for e in system.equations}
    computed = [s for s in system.next_state if s in solutions]
    earlier = tuple(sp.Eq(s, solutions[s], evaluate=False) for s in solutions
                    if s not in system.next_state or any(
                        s in stated[t].free_symbols for t in computed))
    eliminated = any(stated[s] != solutions[s] for s in computed)
    if eliminated:
        d.equation("eliminate", Kind.SUBSTITUTION, sp.Matrix([stated[s] for s in computed]),
                   sp.Matrix([solutions[s] for s in computed]),
                   "Put each equation's solution into the ones after it (the look-ahead "
                   "point, the new velocity): every entry of the next state is an explicit "
                   "combination of the current state.", uses=_labels(method),
                   assumptions=earlier)
    state, new = sp.Matrix(system.state), sp.Matrix(explicit)
    r_matrix = new.jacobian(state)
    d.equation("jacobian", Kind.DIFFERENTIATION,
               sp.Matrix(len(explicit), len(system.state),
                         lambda i, j: sp.Derivative(explicit[i], system.state[j])),
               r_matrix,
               "Each entry of the next state is linear in the current state; the matrix of "
               "its coefficients (the Jacobian) is the iteration matrix `R`.",
               uses=("eliminate",) if eliminated else _labels(method))
    d.equation("one-step", Kind.EXPANSION, new, sp.MatMul(r_matrix, state),
               "So one step multiplies the state by `R`, and `k` steps by `R^k`.",
               uses=("jacobian",))
    d.result("R", r_matrix, step="jacobian")
    for s in system.state:
        d.name(s.name, "an error coordinate (component `i` of the sequence minus its value "
                       "at the optimum)")
    return system, r_matrix


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    system = decoupling.error_system(method)
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method),
        source=method.source,
        summary=(f"On a quadratic, {method.noun} acts on each eigencomponent separately; in "
                 "error coordinates one step is a multiplication by the matrix `R`, so "
                 "everything about its convergence is in the powers of `R`."),
        domain=domain(analysis, system), model=decoupling.gradient_model(),
        uses=("quadratic-optimum",))
    record(d, analysis)
    return d.build(Witness(
        f"Run {method.noun} (its own update rule) on a random quadratic `(n = 4)` for 40 "
        "steps, rotate the iterates into error coordinates and compare the state at `"
        "k = 2`, 7, 20, 40 with `R^k` times the state at the start (after the first step when "
        "the method has a first-step rule).",
        lambda derivation, dps, rng: _witness(method, system, derivation, dps, rng)))


def _witness(method, system, derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps + 20):  # the optimum's rounding stays far below the compared digits
        return _run(method, system, derivation, dps, rng)


def _run(method, system, derivation, dps, rng) -> WitnessReport:
    r_matrix = derivation.results["R"]
    values = draw_parameters(method, rng, {S.alpha: (0.05, 0.3)})
    spectrum = random_spectrum(rng, 4, 0.2, 3)
    problem, trajectory = run_on_quadratic(method, values, rng, spectrum, 40)
    first = 1 if method.first_step else 0
    begin = error_state(method, system, trajectory, problem, first, values)
    worst = float(dps)
    states = {k: error_state(method, system, trajectory, problem, k, values)
              for k in (2, 7, 20, 40)}
    for j, lam in enumerate(problem.spectrum):
        r = evaluate(r_matrix, {**values, S.lam: lam})
        for k, state in states.items():
            observed = state[j]
            predicted = power(r, k - first) * begin[j]
            # relative to the start, or to the whole state where it has grown: a rule that
            # diverges spreads the rounding of its largest component over the others
            scale = max(*(abs(begin[j][m]) for m in range(begin[j].rows)),
                        *(abs(x[m]) for x in state for m in range(x.rows)))
            error = max(abs(observed[m] - predicted[m]) for m in range(observed.rows))
            worst = min(worst, float(dps) if error == 0 else float(-mp.log10(error / scale)))
    worst = max(0.0, min(worst, float(dps)))
    return WitnessReport(
        f"{method.title}: iterates in error coordinates against `R^k` applied to the start",
        (Comparison("`R`", worst >= dps - 8, worst, "4 eigencomponents, `k = 2`, 7, 20, 40; error "
                    "relative to the starting state, or to the whole state where it has grown"),))


__all__ = ["FAMILY", "derive", "digits", "iteration_matrix", "next_state", "record"]
