"""Deciding that two regions (boolean combinations of relations) coincide.

For one free variable the regions are solved exactly into unions of intervals
(``solve_univariate_inequality``) and compared as sets, within the variable's
own range on the domain.  Regions in several variables are not decided here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp
from sympy.solvers.inequalities import solve_univariate_inequality

from momentum_sym.kernel.outcome import Status, SymbolicOutcome
from momentum_sym.kernel.text import say


def solution_set(region: sp.Basic, variable: sp.Symbol) -> sp.Set:
    """The set of real values of ``variable`` where ``region`` holds."""
    if region is sp.true:
        return sp.S.Reals
    if region is sp.false:
        return sp.S.EmptySet
    if isinstance(region, sp.And):
        result = sp.S.Reals
        for part in region.args:
            result = result.intersect(solution_set(part, variable))
        return result
    if isinstance(region, sp.Or):
        result = sp.S.EmptySet
        for part in region.args:
            result = result.union(solution_set(part, variable))
        return result
    if isinstance(region, sp.Not):
        return sp.S.Reals - solution_set(region.args[0], variable)
    if isinstance(region, sp.Rel):
        return solve_univariate_inequality(region, variable, relational=False)
    raise NotImplementedError(f"cannot solve {region} for {variable}")


def as_relation(region: sp.Set, variable: sp.Symbol) -> sp.Basic:
    """A solved set as the relation it is (0 < t <= 1), to be printed as mathematics."""
    try:
        return region.as_relational(variable)
    except (NotImplementedError, TypeError, AttributeError):
        return sp.Contains(variable, region, evaluate=False)


def decide_equivalent(left: sp.Basic, right: sp.Basic,
                      within: Sequence[sp.Basic] = ()) -> SymbolicOutcome:
    """Decide ``left <=> right`` when together they have one free variable;
    ``within`` are the domain's constraints on that variable."""
    variables = (left.free_symbols | right.free_symbols)
    if len(variables) != 1:
        from momentum_sym.kernel.parametric_regions import decide_equivalent_parametric
        return decide_equivalent_parametric(left, right, within)  # one variable, others parameters
    (variable,) = variables
    relevant = [c for c in within if c.free_symbols <= {variable}]
    try:
        universe = solution_set(sp.And(*relevant), variable) if relevant else sp.S.Reals
        if variable.is_positive:
            universe = universe.intersect(sp.Interval.open(0, sp.oo))
        a = solution_set(left, variable).intersect(universe)
        b = solution_set(right, variable).intersect(universe)
    except (NotImplementedError, ValueError, TypeError) as error:
        return SymbolicOutcome(Status.UNDECIDED, "univariate solve failed", type(error).__name__)
    difference = sp.Union(a - b, b - a)
    if difference.is_empty:
        return SymbolicOutcome(Status.PROVED, say("both regions solved exactly for {v}: {r}",
                                                  v=variable, r=as_relation(a, variable)))
    if difference.is_empty is False:
        return SymbolicOutcome(Status.FAILED, say("regions solved for {v}", v=variable),
                               say("they differ where {r}", r=as_relation(difference, variable)))
    return SymbolicOutcome(Status.UNDECIDED, "could not compare the solved regions")
