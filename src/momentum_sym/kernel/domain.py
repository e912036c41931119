"""Domains: where a derivation's claims are meant to hold, and how to sample there.

A domain is a box of sampling ranges for its variables plus constraints
(SymPy relations) that cut the box down; points are drawn by rejection.  Points
are exact rationals, so that a counterexample can be re-evaluated by a reader
to any precision.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import sympy as sp

from momentum_sym.kernel import certify
from momentum_sym.kernel.exact import exact_value, holds_at

_RESOLUTION = 10**12  # sample points are multiples of 1/_RESOLUTION of their range
_MAX_REJECTIONS = 20_000


@dataclass(frozen=True)
class Interval:
    """A real sampling range ``[low, high]`` (bounds as exact rationals)."""

    low: Fraction
    high: Fraction

    def draw(self, rng: random.Random) -> Fraction:
        """low + (high - low) r / R for a random 0 < r < R, as one fraction reduced once
        (the same value as the Fraction arithmetic, in a third of the time)."""
        offset, step, denominator = self._scaled
        return Fraction(offset + step * rng.randrange(1, _RESOLUTION), denominator)

    @cached_property
    def _scaled(self) -> tuple[int, int, int]:
        """(a d R, b c, b d R) for low = a/b and high - low = c/d."""
        low = Fraction(self.low)  # the bounds are exact rationals (interval() makes them so)
        width = Fraction(self.high) - low
        a, b = low.numerator, low.denominator
        c, d = width.numerator, width.denominator
        return a * d * _RESOLUTION, b * c, b * d * _RESOLUTION


@dataclass(frozen=True)
class IntegerRange:
    """An integer sampling range ``low..high`` inclusive."""

    low: int
    high: int

    def draw(self, rng: random.Random) -> int:
        return rng.randint(self.low, self.high)


Sampler = Interval | IntegerRange


def interval(low: float | int | str | Fraction, high: float | int | str | Fraction) -> Interval:
    """An :class:`Interval` from readable bounds (strings such as ``"1/2"`` allowed)."""
    return Interval(Fraction(low), Fraction(high))


@dataclass(frozen=True)
class Domain:
    """Variables with sampling ranges, the constraints that define the domain,
    and optional reparametrisations that help symbolic checks.

    ``reparametrisations`` are substitutions such as ``beta -> 1 - u`` with
    ``u`` positive: each is valid on the whole domain, so an identity that
    simplifies to zero after one of them holds on the domain.
    """

    variables: Mapping[sp.Symbol, Sampler]
    constraints: tuple[sp.Basic, ...] = ()
    reparametrisations: tuple[Mapping[sp.Symbol, sp.Expr], ...] = ()
    derived: Mapping[sp.Symbol, sp.Expr] = field(default_factory=dict)

    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(sorted(self.variables, key=lambda s: s.name))

    def with_constraints(self, extra: Iterable[sp.Basic]) -> Domain:
        """The same domain cut down by more constraints (a case of a case split).

        An equation ``symbol = expression`` among them defines that symbol from
        the others instead of being sampled."""
        extra = tuple(extra)
        defined = {c.lhs: c.rhs for c in extra if isinstance(c, sp.Eq) and c.lhs.is_Symbol}
        return Domain(
            variables={s: r for s, r in self.variables.items() if s not in defined},
            constraints=(*self.constraints, *(c for c in extra if not (
                isinstance(c, sp.Eq) and c.lhs in defined))),
            reparametrisations=self.reparametrisations,
            derived={**self.derived, **defined},
        )

    def derived_in_order(self) -> list[tuple[sp.Symbol, sp.Expr]]:
        """Derived symbols, each after the derived symbols it depends on."""
        pending = dict(self.derived)
        ordered: list[tuple[sp.Symbol, sp.Expr]] = []
        while pending:
            ready = [s for s, e in pending.items()
                     if not (sp.sympify(e).free_symbols & set(pending))]
            if not ready:
                raise ValueError("derived symbols depend on each other in a cycle")
            for s in sorted(ready, key=lambda s: s.name):
                ordered.append((s, pending.pop(s)))
        return ordered

    @cached_property
    def _derived_plan(self) -> tuple[tuple[sp.Symbol, sp.Expr], ...]:
        """:meth:`derived_in_order`, once per domain rather than once per sample."""
        return tuple((s, sp.sympify(e)) for s, e in self.derived_in_order())

    def sample(self, rng: random.Random,
               needed: Sequence[sp.Symbol]) -> dict[sp.Symbol, Fraction | int]:
        """One point: every variable drawn, derived symbols computed, constraints met."""
        missing = [s for s in needed if s not in self.variables and s not in self.derived]
        if missing:
            names = ", ".join(sorted(s.name for s in missing))
            raise ValueError(f"domain has no sampling range for: {names}")
        for _ in range(_MAX_REJECTIONS):
            point = {s: sampler.draw(rng) for s, sampler in sorted(
                self.variables.items(), key=lambda item: item[0].name)}
            exact = _ExactPoint(point)
            for s, expr in self._derived_plan:
                _derive(s, expr, point, exact)
            if all(_holds(c, point, exact) for c in self.constraints):
                return point
        raise ValueError("could not draw a point satisfying the domain's constraints")

    def complete(self, point: dict[sp.Symbol, Fraction | int]
                 ) -> dict[sp.Symbol, Fraction | int | sp.Basic] | None:
        """``point`` (some of the variables) with every derived symbol its symbols
        determine added; None when one of those is undefined there (a division by
        zero) or a constraint on its symbols fails.  What involves a symbol the point
        lacks is left out."""
        exact = _ExactPoint(point)
        for s, expr in self._derived_plan:
            if s in point or not expr.free_symbols <= point.keys():
                continue
            if not _derive(s, expr, point, exact):
                return None
        for constraint in self.constraints:
            if not constraint.free_symbols <= point.keys():
                continue
            try:
                if not _holds(constraint, point, exact):
                    return None
            except TypeError:  # SymPy could not order the two sides there
                return None
        return point


def _derive(symbol: sp.Symbol, expr: sp.Expr, point: dict, exact: _ExactPoint) -> bool:
    """Put the derived ``symbol`` (``expr`` of the point's symbols) into ``point``; False
    when it is undefined there (a division by zero, an infinity)."""
    rational = _rational_value(expr, point)
    if rational is not None:  # the same value, without a SymPy tree per point
        point[symbol] = rational
        return True
    value = expr.xreplace(exact.restricted(expr.free_symbols))
    exact[symbol] = value
    # a rational stays exact; anything else (a square root, say) is kept as an exact
    # SymPy number and evaluated at the working precision
    point[symbol] = Fraction(int(value.p), int(value.q)) if value.is_Rational else value
    return bool(value.is_number) and not value.has(sp.nan, sp.zoo, sp.oo, -sp.oo)


class _ExactPoint(dict):
    """A sample point as exact SymPy numbers, each converted when first looked up: most
    constraints are decided on the rationals themselves and never look."""

    def __init__(self, point: Mapping[sp.Symbol, Fraction | int | sp.Basic]):
        super().__init__()
        self.point = point

    def __missing__(self, symbol: sp.Symbol) -> sp.Basic:
        value = self.point[symbol]
        exact = (sp.Rational(value.numerator, value.denominator) if isinstance(value, Fraction)
                 else sp.Integer(value) if isinstance(value, int) else value)
        self[symbol] = exact
        return exact

    def restricted(self, symbols: Iterable[sp.Symbol]) -> dict[sp.Symbol, sp.Basic]:
        """The exact values of those of ``symbols`` the point has."""
        return {s: self[s] for s in symbols if s in self.point or dict.__contains__(self, s)}


def _rational_value(expr: sp.Expr, point: Mapping[sp.Symbol, object]) -> Fraction | None:
    """``expr`` at ``point`` in exact rationals, or None when it is not rational there
    (a square root) or has no exact rule."""
    if not all(s in point for s in expr.free_symbols):
        return None
    value = exact_value(expr, {s: point[s] for s in expr.free_symbols})
    return None if value is None else Fraction(int(value.p), int(value.q))


def _holds(constraint: sp.Basic, point: Mapping[sp.Symbol, object],
           exact: _ExactPoint) -> bool:
    """A constraint at a sample point: in exact rationals when it is rational there
    (fast), else in certified ball arithmetic, else by SymPy on the exact point; the
    same answer whichever decides."""
    decided = holds_at(constraint, {s: point[s] for s in constraint.free_symbols
                                    if s in point})
    if decided is not None:
        return decided
    values = exact.restricted(constraint.free_symbols)
    decided = certify.holds(constraint, values)  # an irrational value: a ball decides
    return decided if decided is not None else bool(constraint.xreplace(values))


def as_sympy(point: Mapping[sp.Symbol, Fraction | int | sp.Expr]) -> dict[sp.Symbol, sp.Expr]:
    """A sample point as exact SymPy numbers."""
    return {s: sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction)
            else sp.sympify(v) for s, v in point.items()}


def describe_point(point: Mapping[sp.Symbol, Fraction | int]) -> dict[str, str]:
    """A sample point as readable text, sorted by name."""
    return {s.name: str(v) for s, v in sorted(point.items(), key=lambda item: item[0].name)}
