"""Deciding that two regions (boolean combinations of relations) coincide.

For one free variable the regions are solved exactly into unions of intervals
(``solve_univariate_inequality``) and compared as sets, within the variable's
own range on the domain.  Regions in several variables are not decided here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import sympy as sp
from sympy.solvers.inequalities import solve_univariate_inequality

from momentum_sym.kernel.outcome import Status, SymbolicOutcome
from momentum_sym.kernel.text import say


@lru_cache(maxsize=1024)
def _solved(relation: sp.Rel, variable: sp.Symbol) -> sp.Set:
    """One relation solved, once per process: the methods' regions repeat a fifth of
    them (the sets are immutable)."""
    return solve_univariate_inequality(relation, variable, relational=False)


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
        return _solved(region, variable)
    raise NotImplementedError(f"cannot solve {region} for {variable}")


def as_relation(region: sp.Set, variable: sp.Symbol) -> sp.Basic:
    """A solved set as the relation it is (0 < t <= 1), to be printed as mathematics."""
    try:
        return region.as_relational(variable)
    except (NotImplementedError, TypeError, AttributeError):
        return sp.Contains(variable, region, evaluate=False)


def _roots_of_unknown_sign(region: sp.Basic) -> list[sp.Expr]:
    """The quantities under a root in ``region`` not known to be nonnegative (-1 for i)."""
    bases = [p.base for p in region.atoms(sp.Pow)
             if not p.exp.is_integer and p.base.is_nonnegative is not True]
    return [*bases, sp.Integer(-1)] if region.has(sp.I) else bases


def _imaginary_somewhere(bases: Sequence[sp.Expr], variable: sp.Symbol,
                         universe: sp.Set) -> bool:
    """Whether some quantity under a root is negative somewhere in ``universe`` (or
    cannot be told): sets solved over the reals leave out the points where a side is
    imaginary, as if the relation failed there, where |(a + sqrt(D))/2| < 1 may well
    hold with D < 0."""
    for base in bases:
        try:
            negative = solution_set(base < 0, variable).intersect(universe)
        except (NotImplementedError, ValueError, TypeError):
            return True
        if negative.is_empty is not True:
            return True
    return False


def decide_equivalent(left: sp.Basic, right: sp.Basic,
                      within: Sequence[sp.Basic] = ()) -> SymbolicOutcome:
    """Decide ``left <=> right`` when together they have one free variable;
    ``within`` are the domain's constraints on that variable.  Regions with a root that
    may be imaginary on the domain are left undecided (to real algebra, which treats
    them)."""
    bases = _roots_of_unknown_sign(left) + _roots_of_unknown_sign(right)
    variables = (left.free_symbols | right.free_symbols)
    if len(variables) != 1:
        if bases:
            return SymbolicOutcome(Status.UNDECIDED, "a root in the regions may be imaginary")
        from momentum_sym.kernel.parametric_regions import decide_equivalent_parametric
        return decide_equivalent_parametric(left, right, within)  # one variable, others parameters
    (variable,) = variables
    relevant = [c for c in within if c.free_symbols <= {variable}]
    try:
        universe = solution_set(sp.And(*relevant), variable) if relevant else sp.S.Reals
        if variable.is_positive:
            universe = universe.intersect(sp.Interval.open(0, sp.oo))
        if _imaginary_somewhere(bases, variable, universe):
            return SymbolicOutcome(Status.UNDECIDED, "a root in the regions may be imaginary")
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
