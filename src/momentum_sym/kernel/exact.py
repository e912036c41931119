"""Exact evaluation of rational expressions at rational points, compiled once.

A check samples a domain and evaluates the same constraints and the same
differences at many rational points.  Substituting the point into the SymPy tree
(``xreplace``) builds a new tree of SymPy numbers each time, which costs
milliseconds per point; here the tree is turned once into nested closures over
FLINT's exact rationals (``fmpq``), which costs microseconds per point and gives
the same value.

What is compiled: numbers, symbols, ``+``, ``*``, integer powers (also with a
symbolic integer exponent), square roots of perfect squares, ``|.|``, ``max``,
``min``, the six comparisons and ``and``/``or``/``not``.  Anything else raises
:class:`NotRational` when compiled; a value that is not rational at a point (the
square root of 2, a division by zero) raises it when evaluated.  Either way the
caller falls back to SymPy, so the answer is never different, only faster.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import lru_cache, reduce

import sympy as sp
from flint import fmpq

Point = Mapping[sp.Basic, fmpq]
Compiled = Callable[[Point], object]

MAX_EXPONENT = 10**4  # a larger symbolic exponent is left to SymPy


class NotRational(ValueError):
    """The expression (or its value at this point) is not a rational number."""


def to_fmpq(value: Fraction | int | sp.Basic) -> fmpq:
    """An exact rational sample value as FLINT's rational; anything else raises."""
    if isinstance(value, bool):
        raise NotRational("a truth value is not a number")
    if isinstance(value, int):
        return fmpq(value)
    if isinstance(value, Fraction):
        return fmpq(value.numerator, value.denominator)
    if isinstance(value, sp.Basic) and value.is_Rational:
        return fmpq(int(value.p), int(value.q))
    raise NotRational("not an exact rational")


def _integer(value: object) -> int:
    if not isinstance(value, fmpq) or value.q != 1:
        raise NotRational("an exponent that is not an integer at this point")
    exponent = int(value.p)
    if abs(exponent) > MAX_EXPONENT:
        raise NotRational("an exponent too large to raise to exactly")
    return exponent


def _exact_sqrt(value: fmpq) -> fmpq:
    if value < 0:
        raise NotRational("the square root of a negative number")
    p, q = int(value.p), int(value.q)
    root_p, root_q = math.isqrt(p), math.isqrt(q)
    if root_p * root_p != p or root_q * root_q != q:
        raise NotRational("the square root of a rational that is not a square")
    return fmpq(root_p, root_q)


def _power(base: Compiled, exponent: sp.Expr) -> Compiled:
    if exponent.is_Integer:
        n = int(exponent)
        return lambda point: _raise(base(point), n)
    if exponent.is_Rational and exponent.q == 2:
        n = int(exponent.p)
        return lambda point: _raise(_exact_sqrt(base(point)), n)
    if exponent.free_symbols and all(s.is_integer for s in exponent.free_symbols):
        power = _compile(exponent)
        return lambda point: _raise(base(point), _integer(power(point)))
    raise NotRational("a power that is not an integer power or a square root")


def _raise(base: fmpq, n: int) -> fmpq:
    try:
        return base**n
    except ZeroDivisionError:
        raise NotRational("a division by zero at this point") from None


_RELATIONS: dict[type, Callable[[fmpq, fmpq], bool]] = {
    sp.StrictLessThan: lambda a, b: a < b,
    sp.LessThan: lambda a, b: a <= b,
    sp.StrictGreaterThan: lambda a, b: a > b,
    sp.GreaterThan: lambda a, b: a >= b,
    sp.Equality: lambda a, b: a == b,
    sp.Unequality: lambda a, b: a != b,
}


def _compile(expr: sp.Basic) -> Compiled:
    if expr.is_Rational:
        constant = fmpq(int(expr.p), int(expr.q))
        return lambda point: constant
    if expr is sp.true or expr is sp.false:
        truth = bool(expr)
        return lambda point: truth
    if expr.is_Symbol:
        def value(point: Point, symbol=expr) -> fmpq:
            try:
                return point[symbol]
            except KeyError:
                raise NotRational(f"no value for {symbol.name}") from None
        return value
    parts = [_compile(a) for a in expr.args] if not expr.is_Pow else []
    if expr.is_Add:
        return lambda point: reduce(lambda a, b: a + b, (f(point) for f in parts))
    if expr.is_Mul:
        return lambda point: reduce(lambda a, b: a * b, (f(point) for f in parts))
    if expr.is_Pow:
        return _power(_compile(expr.base), expr.exp)
    if isinstance(expr, sp.Abs):
        (inner,) = parts
        return lambda point: abs(inner(point))
    if isinstance(expr, sp.Max):
        return lambda point: max(f(point) for f in parts)
    if isinstance(expr, sp.Min):
        return lambda point: min(f(point) for f in parts)
    if type(expr) in _RELATIONS:
        relation, (left, right) = _RELATIONS[type(expr)], parts
        return lambda point: relation(left(point), right(point))
    if isinstance(expr, sp.And):
        return lambda point: all(f(point) for f in parts)
    if isinstance(expr, sp.Or):
        return lambda point: any(f(point) for f in parts)
    if isinstance(expr, sp.Not):
        (inner,) = parts
        return lambda point: not inner(point)
    raise NotRational(f"no exact rule for {type(expr).__name__}")


@lru_cache(maxsize=4096)
def compiled(expr: sp.Basic) -> Compiled | None:
    """``expr`` as a function of a point (symbol -> ``fmpq``), built once per
    expression; None when some part has no exact rule (remembered too)."""
    try:
        return _compile(expr)
    except NotRational:
        return None


def value_at(function: Compiled, point: Mapping[sp.Basic, Fraction | int | sp.Basic]):
    """A compiled expression at a point of exact rationals (``fmpq``, or a bool for a
    relation); raises :class:`NotRational` when a value is not rational."""
    return function({s: to_fmpq(v) for s, v in point.items()})


def exact_value(expr: sp.Basic, point: Mapping[sp.Basic, Fraction | int | sp.Basic]):
    """``expr`` at ``point`` in exact rationals (``fmpq``, or a bool for a relation),
    compiled once per expression; None when it has no exact rule or is not rational
    there (the caller then asks SymPy)."""
    function = compiled(expr)
    if function is None:
        return None
    try:
        return value_at(function, point)
    except (NotRational, ZeroDivisionError):
        return None


def holds_at(relation: sp.Basic, point: Mapping[sp.Basic, Fraction | int | sp.Basic]
             ) -> bool | None:
    """Whether ``relation`` holds at ``point``, decided exactly; None when it cannot be
    decided this way (the caller then asks SymPy)."""
    value = exact_value(relation, point)
    return None if value is None else bool(value)
