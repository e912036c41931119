"""High-precision evaluation with mpmath, and digits of agreement.

Precision is always set locally (``mp.workdps``); nothing here changes the
global mpmath context.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import mp

Number = mpmath.mpf | mpmath.mpc


def to_mp(value: Fraction | int | sp.Basic) -> Number | int:
    """An exact sample value as an mpmath number at the current precision
    (integers stay Python integers: they index sums and powers)."""
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return mp.mpf(value.numerator) / value.denominator
    return mp.mpmathify(sp.N(value, mp.dps + 10))


@lru_cache(maxsize=4096)
def _compiled(expr: sp.Basic, symbols: tuple[sp.Symbol, ...]):
    # lambdify prints SymPy's own expression tree to mpmath code; no user text
    # ever reaches it.
    return sp.lambdify(symbols, expr, modules="mpmath")


def evaluate(expr: sp.Basic, point: Mapping[sp.Symbol, Fraction | int]) -> Number:
    """The value of ``expr`` at ``point`` at the current mpmath precision."""
    expr = sp.sympify(expr)
    if isinstance(expr, sp.MatrixBase):
        raise TypeError("evaluate a matrix entry by entry")
    symbols = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
    missing = [s for s in symbols if s not in point]
    if missing:
        raise ValueError("no value for " + ", ".join(s.name for s in missing))
    function = _compiled(expr, symbols)
    return mp.mpmathify(function(*(to_mp(point[s]) for s in symbols)))


def magnitude(expr: sp.Basic, point: Mapping[sp.Symbol, Fraction | int]) -> mpmath.mpf:
    """The size of the largest additive term of ``expr``: the scale against which
    a cancellation to zero is measured."""
    terms = sp.Add.make_args(sp.expand(expr, deep=False)) if expr.is_Add else (expr,)
    return max((abs(evaluate(t, point)) for t in terms), default=mp.zero)


def agreement_digits(difference: Number, scale: Number, dps: int) -> float:
    """Significant digits to which two quantities agree: ``-log10(|diff| / scale)``,
    capped at the working precision ``dps``."""
    difference = abs(difference)
    if difference == 0:
        return float(dps)
    if scale == 0:
        return 0.0
    digits = -float(mpmath.log10(difference / abs(scale)))
    return min(float(dps), max(0.0, digits)) if math.isfinite(digits) else 0.0


def compare(lhs: sp.Basic, rhs: sp.Basic, point: Mapping[sp.Symbol, Fraction | int],
            dps: int) -> float:
    """Digits of agreement of two scalar expressions at a point, evaluated at ``dps``."""
    with mp.workdps(dps):
        left, right = evaluate(lhs, point), evaluate(rhs, point)
        scale = max(magnitude(lhs, point), magnitude(rhs, point), abs(left), abs(right))
        return agreement_digits(left - right, scale, dps)
