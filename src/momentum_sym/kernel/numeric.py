"""High-precision evaluation with mpmath, and digits of agreement.

Precision is always set locally (``mp.workdps``); nothing here changes the
global mpmath context.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
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


class _NoRule(ValueError):
    """A part of an expression that the closure compiler leaves to lambdify."""


_FUNCTIONS: dict[type, Callable] = {
    sp.exp: lambda x: mp.exp(x), sp.log: lambda x: mp.log(x), sp.sin: lambda x: mp.sin(x),
    sp.cos: lambda x: mp.cos(x), sp.tan: lambda x: mp.tan(x), sp.atan: lambda x: mp.atan(x),
    sp.sinh: lambda x: mp.sinh(x), sp.cosh: lambda x: mp.cosh(x),
    sp.tanh: lambda x: mp.tanh(x), sp.Abs: abs, sp.re: lambda x: mp.re(x),
    sp.im: lambda x: mp.im(x), sp.conjugate: lambda x: mp.conj(x), sp.arg: lambda x: mp.arg(x),
}
_CONSTANTS: dict[sp.Basic, Callable[[], Number]] = {
    sp.pi: lambda: +mp.pi, sp.E: lambda: +mp.e, sp.I: lambda: mp.mpc(0, 1),
    sp.oo: lambda: mp.inf, -sp.oo: lambda: -mp.inf,
}


def _closure(expr: sp.Basic, index: Mapping[sp.Symbol, int]) -> Callable[[Sequence], Number]:
    """``expr`` as nested closures over a tuple of mpmath values (one per symbol, by
    ``index``), evaluated at the precision in force when called."""
    if expr.is_Integer:
        integer = int(expr)
        return lambda args: integer
    if expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        return lambda args: mp.mpf(p) / q
    if expr.is_Float:
        exact = expr._mpf_  # its binary value, as lambdify and SymPy's N use it
        return lambda args: mp.mpf(exact)
    if expr in _CONSTANTS:
        return lambda args, make=_CONSTANTS[expr]: make()
    if expr.is_Symbol:
        if expr not in index:
            raise _NoRule(f"no value for {expr}")
        j = index[expr]
        return lambda args: args[j]
    if expr.is_Add or expr.is_Mul:
        parts = tuple(_closure(a, index) for a in expr.args)
        if expr.is_Add:
            def total(args):
                value = parts[0](args)
                for part in parts[1:]:
                    value = value + part(args)
                return value
            return total

        def product(args):
            value = parts[0](args)
            for part in parts[1:]:
                value = value * part(args)
            return value
        return product
    if expr.is_Pow:
        base, exponent = _closure(expr.base, index), expr.exp
        if exponent.is_Integer:
            n = int(exponent)
            if n < 0:  # a Python integer base (a constant) needs a float division
                return lambda args: 1 / mp.mpmathify(base(args)) ** -n
            return lambda args: base(args) ** n
        if exponent == sp.S.Half:
            return lambda args: mp.sqrt(base(args))
        if exponent == -sp.S.Half:
            return lambda args: 1 / mp.sqrt(base(args))
        power = _closure(exponent, index)
        return lambda args: mp.power(base(args), power(args))
    function = _FUNCTIONS.get(type(expr))
    if function is not None and len(expr.args) == 1:
        inner = _closure(expr.args[0], index)
        return lambda args: function(inner(args))
    if isinstance(expr, (sp.atan2, sp.Max, sp.Min)):
        parts = tuple(_closure(a, index) for a in expr.args)
        combine = {sp.atan2: lambda y, x: mp.atan2(y, x), sp.Max: max, sp.Min: min}[
            type(expr)]
        return lambda args: combine(*(part(args) for part in parts))
    raise _NoRule(type(expr).__name__)


@lru_cache(maxsize=4096)
def _compiled(expr: sp.Basic, symbols: tuple[sp.Symbol, ...]) -> Callable[..., Number]:
    """``expr`` as a function of the values of ``symbols`` (positional) in mpmath:
    closures over the tree when every part has a rule (built in microseconds, where
    printing code and compiling it takes milliseconds; about as fast to call), SymPy's
    ``lambdify`` otherwise."""
    try:
        closure = _closure(expr, {s: j for j, s in enumerate(symbols)})
    except _NoRule:
        # lambdify prints SymPy's own expression tree to mpmath code; no user text
        # ever reaches it.
        return sp.lambdify(symbols, expr, modules="mpmath")
    return lambda *args: closure(args)


#: the public name of the compiler, for witnesses and runs outside the kernel
numeric_function = _compiled


@lru_cache(maxsize=8192)
def symbols_by_name(expr: sp.Basic) -> tuple[sp.Symbol, ...]:
    """The free symbols of ``expr`` sorted by name: the arguments of its compiled
    form, found once per expression (SymPy walks the whole tree for each request,
    and an expression is evaluated at every sample point)."""
    return tuple(sorted(expr.free_symbols, key=lambda s: s.name))


def evaluate(expr: sp.Basic, point: Mapping[sp.Symbol, Fraction | int]) -> Number:
    """The value of ``expr`` at ``point`` at the current mpmath precision."""
    return _value(expr, _MpPoint(point))


class _MpPoint(dict):
    """A sample point's values as mpmath numbers at the current precision, each
    converted when first looked up: the sides of a comparison and each of their terms
    are evaluated at one point, which is converted once rather than once for each."""

    def __init__(self, point: Mapping[sp.Symbol, Fraction | int]):
        super().__init__()
        self.point = point

    def __missing__(self, symbol: sp.Symbol) -> Number | int:
        value = self[symbol] = to_mp(self.point[symbol])
        return value

    def __contains__(self, symbol: object) -> bool:
        return symbol in self.point


def _value(expr: sp.Basic, values: _MpPoint) -> Number:
    expr = sp.sympify(expr)
    if isinstance(expr, sp.MatrixBase):
        raise TypeError("evaluate a matrix entry by entry")
    symbols = symbols_by_name(expr)
    missing = [s for s in symbols if s not in values]
    if missing:
        raise ValueError("no value for " + ", ".join(s.name for s in missing))
    function = _compiled(expr, symbols)
    return mp.mpmathify(function(*(values[s] for s in symbols)))


def magnitude(expr: sp.Basic, point: Mapping[sp.Symbol, Fraction | int]) -> mpmath.mpf:
    """The size of the largest additive term of ``expr``: the scale against which
    a cancellation to zero is measured."""
    return _magnitude(expr, _MpPoint(point))


def _magnitude(expr: sp.Basic, values: _MpPoint) -> mpmath.mpf:
    return max((abs(_value(t, values)) for t in _terms(expr)), default=mp.zero)


@lru_cache(maxsize=4096)
def _terms(expr: sp.Basic) -> tuple[sp.Basic, ...]:
    """The additive terms of ``expr`` (products expanded one level), once per
    expression rather than once per sample point."""
    return sp.Add.make_args(sp.expand(expr, deep=False)) if expr.is_Add else (expr,)


def difference_at(lhs: sp.Basic, rhs: sp.Basic, point: Mapping[sp.Symbol, Fraction | int],
                  dps: int) -> mpmath.mpf:
    """|lhs - rhs| at a point, evaluated at ``dps`` digits."""
    with mp.workdps(dps):
        values = _MpPoint(point)
        return abs(_value(lhs, values) - _value(rhs, values))


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
        values = _MpPoint(point)
        left, right = _value(lhs, values), _value(rhs, values)
        scale = max(_magnitude(lhs, values), _magnitude(rhs, values), abs(left), abs(right))
        return agreement_digits(left - right, scale, dps)
