"""Deciding that two regions coincide when they have several free symbols.

One symbol is taken as the variable and the others as parameters (with their
SymPy assumptions, e.g. ``beta`` nonnegative): each region is solved for the
variable into a set whose endpoints may involve the parameters
(``solve_univariate_inequality`` with symbolic coefficients), and the two sets
are compared.  The comparison counts as a proof only when SymPy decides the
symmetric difference empty for all parameter values allowed by the
assumptions; a difference SymPy shows nonempty for all of them is a failure;
anything else (a difference that vanishes only for some parameter values, a
solve that needs case distinctions SymPy cannot make) stays undecided, and the
step then rests on its numeric evidence.

Called from :func:`momentum_sym.kernel.regions.decide_equivalent` when there is
more than one free symbol; with one free symbol nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from momentum_sym.kernel.outcome import Status, SymbolicOutcome
from momentum_sym.kernel.regions import as_relation
from momentum_sym.kernel.text import Text, join, say

_ERRORS = (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError)


def _same(x: sp.Expr, y: sp.Expr) -> bool:
    return x == y or sp.simplify(x - y) == 0


def _meet(x: sp.Set, y: sp.Set) -> sp.Set:
    """The intersection of two intervals whose endpoints involve parameters: the
    larger start and the smaller end, when the assumptions decide which is which."""
    if not (isinstance(x, sp.Interval) and isinstance(y, sp.Interval)):
        return x.intersect(y)
    start, end = sp.Max(x.start, y.start), sp.Min(x.end, y.end)
    if isinstance(start, sp.Max) or isinstance(end, sp.Min):
        return x.intersect(y)
    left_open = any(i.left_open for i in (x, y) if _same(i.start, start))
    right_open = any(i.right_open for i in (x, y) if _same(i.end, end))
    return sp.Interval(start, end, left_open, right_open)


def _solve(region: sp.Basic, variable: sp.Symbol) -> sp.Set:
    """The set of real values of ``variable`` where ``region`` holds, endpoints in
    the parameters."""
    from momentum_sym.kernel.regions import solution_set

    if isinstance(region, sp.And):
        result = sp.S.Reals
        for part in region.args:
            result = _meet(result, _solve(part, variable))
        return result
    if isinstance(region, sp.Or):
        return sp.Union(*(_solve(part, variable) for part in region.args))
    return solution_set(region, variable)


def _universe(variable: sp.Symbol, within: Sequence[sp.Basic]) -> sp.Set:
    relevant = [c for c in within if c.free_symbols <= {variable}]
    universe = _solve(sp.And(*relevant), variable) if relevant else sp.S.Reals
    if variable.is_positive:
        universe = _meet(universe, sp.Interval.open(0, sp.oo))
    elif variable.is_nonnegative:
        universe = _meet(universe, sp.Interval(0, sp.oo))
    return universe


def _equal_sets(a: sp.Set, b: sp.Set) -> bool:
    if a == b:
        return True
    if isinstance(a, sp.Interval) and isinstance(b, sp.Interval):
        return (a.left_open == b.left_open and a.right_open == b.right_open
                and _same(a.start, b.start) and _same(a.end, b.end))
    return False


def _surely_different(a: sp.Set, b: sp.Set) -> bool:
    """Two nonempty intervals whose starts or ends differ for every parameter value,
    or that agree on the endpoints but not on whether a finite one is included."""
    if not (isinstance(a, sp.Interval) and isinstance(b, sp.Interval)):
        return False
    if not all(sp.simplify(i.end - i.start).is_positive for i in (a, b)):
        return False
    for x, y in ((a.start, b.start), (a.end, b.end)):
        if sp.simplify(x - y).is_zero is False:
            return True
    return ((a.left_open != b.left_open and a.start.is_finite)
            or (a.right_open != b.right_open and a.end.is_finite))


def _decide_for(left: sp.Basic, right: sp.Basic, variable: sp.Symbol,
                within: Sequence[sp.Basic]) -> SymbolicOutcome:
    parameters = sorted((left.free_symbols | right.free_symbols) - {variable},
                        key=lambda s: s.name)
    names = join((Text((p,)) for p in parameters), ", ")
    try:
        universe = _universe(variable, within)
        a = _meet(_solve(left, variable), universe)
        b = _meet(_solve(right, variable), universe)
        solved = say("both regions solved exactly for {v} with parameters ", v=variable) + \
            names + say(": {r}", r=as_relation(a, variable))
        if _equal_sets(a, b):
            return SymbolicOutcome(Status.PROVED, solved)
        empty = False if _surely_different(a, b) else sp.Union(a - b, b - a).is_empty
    except _ERRORS as error:
        return SymbolicOutcome(Status.UNDECIDED, say("solve for {v} failed", v=variable),
                               type(error).__name__)
    if empty:
        return SymbolicOutcome(Status.PROVED, solved)
    pair = say("{a} against {b}", a=as_relation(a, variable), b=as_relation(b, variable))
    if empty is False:
        return SymbolicOutcome(Status.FAILED, say("regions solved for {v} with parameters ",
                                                  v=variable) + names, "they differ: " + pair)
    return SymbolicOutcome(Status.UNDECIDED, say("regions solved for {v}: could not compare ",
                                                 v=variable) + pair + " for all " + names)


def _modulus_of_root_in(region: sp.Basic, variable: sp.Symbol) -> bool:
    """|... sqrt(D) ...| with D depending on ``variable``: the modulus of an eigenvalue
    that is real or complex as D changes sign.  SymPy's univariate solver needs the
    sign of D for every parameter value and gives up, after seconds; real algebra
    (z3) decides these regions instead."""
    return any(power.exp.is_Rational and power.exp.q == 2
               and variable in power.base.free_symbols
               for modulus in region.atoms(sp.Abs) for power in modulus.atoms(sp.Pow))


def decide_equivalent_parametric(left: sp.Basic, right: sp.Basic,
                                 within: Sequence[sp.Basic] = ()) -> SymbolicOutcome:
    """Decide ``left <=> right`` in several free symbols: try each symbol (by name)
    as the variable with the others as parameters; the first proof or failure wins."""
    variables = sorted(left.free_symbols | right.free_symbols, key=lambda s: s.name)
    outcomes = []
    for variable in variables:
        if not variable.is_real:
            continue
        if _modulus_of_root_in(left, variable) or _modulus_of_root_in(right, variable):
            outcomes.append(SymbolicOutcome(
                Status.UNDECIDED, say("not solved for {v}: the modulus of a square root "
                                      "whose radicand involves it", v=variable)))
            continue
        outcome = _decide_for(left, right, variable, within)
        if outcome.status in (Status.PROVED, Status.FAILED):
            return outcome
        outcomes.append(outcome)
    return SymbolicOutcome(Status.UNDECIDED, "region in several variables",
                           join(o.method for o in outcomes))
