"""Certified evaluation: is an expression zero at a point, provably?

A numeric disagreement is evidence only when it cannot be rounding.  At an exact
point (rationals, or exact SymPy numbers such as ``sqrt(2)``) an expression is
evaluated

1. *exactly* when it is rational there (a rational function at a rational point):
   the value is a fraction, and zero or not is decided;
2. otherwise in *ball arithmetic* (Arb, through python-flint): every operation
   returns a midpoint and a radius that provably contains the true value.  The
   precision is doubled until the ball excludes zero (certified nonzero, with its
   sign and a lower bound on its size) or a cap is reached (then the value is only
   known to be smaller than the radius: agreement to so many digits, not a proof).

So a difference of 10^-100 is certified nonzero, and a cancellation of 10^300
against 10^300 is never mistaken for one.  Only the operations that Arb encloses
rigorously are read (+, *, /, powers, roots, exp, log, trigonometric functions,
|.|, max, min); anything else is "not evaluable" and decides nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from functools import lru_cache

import sympy as sp
from flint import acb, arb, ctx, fmpq

from momentum_sym.kernel import exact
from momentum_sym.kernel.evaluable import evaluable

START_BITS = 128
MAX_BITS = 8192
MAX_TERMS = 10_000  # terms of a sum evaluated one by one


class Zero(Enum):
    """What certified evaluation found out about a value."""

    ZERO = "zero"  # exactly zero
    NONZERO = "nonzero"  # certified nonzero
    UNKNOWN = "unknown"  # smaller than the enclosure's radius: not decided


@dataclass(frozen=True)
class Certified:
    """The verdict on one value: zero, nonzero or unknown, with what supports it.

    ``log10`` bounds the size of the value: a certified lower bound on log10 |value|
    when nonzero, an upper bound (the enclosure's radius) when unknown, and -inf
    when zero.  ``bits`` is the working precision that decided it (0: exactly).
    """

    zero: Zero
    log10: float
    bits: int

    @property
    def exact(self) -> bool:
        return self.bits == 0

    def digits_below(self, scale_log10: float) -> float:
        """How many digits below 10^scale_log10 the value lies (agreement digits)."""
        if self.zero is Zero.ZERO or self.log10 == -math.inf:
            return math.inf
        return max(0.0, scale_log10 - self.log10)


class NotEvaluable(ValueError):
    """The expression has a part that ball arithmetic cannot enclose."""


Evaluator = Callable[[Mapping[sp.Basic, acb]], acb]


def _number(value: sp.Basic) -> acb:
    if value.is_Integer:
        return acb(int(value))
    if value.is_Rational:
        return acb(arb(fmpq(int(value.p), int(value.q))))
    if value is sp.pi:
        return acb(arb.pi())
    if value is sp.E:
        return acb(arb(1).exp())
    if value is sp.I:
        return acb(0, 1)
    if value is sp.S.Half:
        return acb(arb(fmpq(1, 2)))
    raise NotEvaluable(f"the number {type(value).__name__}")


def _real(value: acb) -> arb:
    """The real part of a value known to be real (SymPy compares only reals); a value
    whose imaginary part is certainly nonzero cannot be compared."""
    if not value.imag.contains(0):
        raise NotEvaluable("a comparison of complex numbers")
    return value.real


def _pow(base: acb, exponent: sp.Basic, compiled_exponent: Evaluator | None,
         values: Mapping[sp.Basic, acb]) -> acb:
    if exponent.is_Integer:
        n = int(exponent)
        if abs(n) > 10**6:
            raise NotEvaluable("a power too large to enclose")
        return base**n if n >= 0 else 1 / base ** (-n)
    if exponent.is_Rational and exponent.q == 2:
        root = base.sqrt()
        n = int(exponent.p)
        return root**n if n >= 0 else 1 / root ** (-n)
    assert compiled_exponent is not None
    return base ** compiled_exponent(values)


def _compile(expr: sp.Basic) -> Evaluator:
    """A closure evaluating ``expr`` in ball arithmetic at the current precision."""
    if expr.is_Number or expr in (sp.pi, sp.E, sp.I):
        if isinstance(expr, sp.Float):
            raise NotEvaluable("a floating-point number")
        constant = expr

        return lambda values: _number(constant)
    if isinstance(expr, sp.Symbol):
        symbol = expr

        def lookup(values):
            if symbol not in values:
                raise NotEvaluable(f"no value for {symbol}")
            return values[symbol]

        return lookup
    if isinstance(expr, sp.Add):
        parts = [_compile(a) for a in expr.args]

        def add(values):
            total = acb(0)
            for part in parts:
                total += part(values)
            return total

        return add
    if isinstance(expr, sp.Mul):
        parts = [_compile(a) for a in expr.args]

        def mul(values):
            product = acb(1)
            for part in parts:
                product *= part(values)
            return product

        return mul
    if isinstance(expr, sp.Pow):
        base = _compile(expr.base)
        exponent = expr.exp
        simple = exponent.is_Integer or (exponent.is_Rational and exponent.q == 2)
        compiled = None if simple else _compile(exponent)
        return lambda values: _pow(base(values), exponent, compiled, values)
    if isinstance(expr, sp.Abs):
        inner = _compile(expr.args[0])
        return lambda values: acb(abs(inner(values)))
    unary = {sp.exp: acb.exp, sp.log: acb.log, sp.sin: acb.sin, sp.cos: acb.cos,
             sp.tan: acb.tan, sp.atan: acb.atan, sp.sinh: acb.sinh, sp.cosh: acb.cosh,
             sp.tanh: acb.tanh, sp.conjugate: acb.conjugate,
             sp.re: lambda z: acb(z.real), sp.im: lambda z: acb(z.imag)}
    for function, method in unary.items():
        if isinstance(expr, function):
            inner = _compile(expr.args[0])
            return lambda values, method=method, inner=inner: method(inner(values))
    if isinstance(expr, (sp.Max, sp.Min)):
        parts = [_compile(a) for a in expr.args]
        pick = arb.max if isinstance(expr, sp.Max) else arb.min

        def extreme(values):
            result = _real(parts[0](values))
            for part in parts[1:]:
                result = pick(result, _real(part(values)))
            return acb(result)

        return extreme
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        return _compile_sum(expr)
    raise NotEvaluable(f"{type(expr).__name__}")


def _compile_sum(total: sp.Sum) -> Evaluator:
    (index, low, high), = total.limits
    term, first, last = _compile(total.function), _compile(low), _compile(high)

    def add(values):
        bounds = [_real(first(values)), _real(last(values))]
        ends = [b.unique_fmpz() for b in bounds]
        if any(e is None for e in ends):
            raise NotEvaluable("a sum whose bounds are not integers")
        start, stop = int(ends[0]), int(ends[1])
        if stop - start + 1 > MAX_TERMS:
            raise NotEvaluable("a sum with too many terms")
        result = acb(0)
        for j in range(start, stop + 1):
            result += term({**values, index: acb(j)})
        return result

    return add


@lru_cache(maxsize=4096)
def compiled(expr: sp.Basic) -> Evaluator:
    """``expr`` compiled once for ball evaluation (limits and derivatives carried out)."""
    return _compile(evaluable(expr))


def _exact(value: object) -> sp.Basic:
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, int):
        return sp.Integer(value)
    return sp.sympify(value)


def _rational_value(expr: sp.Basic, point: Mapping[sp.Symbol, sp.Basic]) -> sp.Rational | None:
    """The exact value when it is rational: a rational point put into an expression that
    SymPy then evaluates exactly (integer powers, |.|, max and min of rationals)."""
    plan = _rational_plan(expr)
    if plan is None:
        return None
    symbols, exponent_symbols, function = plan
    if any(s not in point or not point[s].is_Rational for s in symbols):
        return None
    if any(abs(point[s]) > 10**4 for s in exponent_symbols):
        return None  # a huge power: leave it to the balls
    if function is not None:  # the fast path: FLINT's rationals, same value
        try:
            value = exact.value_at(function, {s: point[s] for s in symbols})
        except exact.NotRational:
            return None
        return sp.Rational(int(value.p), int(value.q))
    try:
        value = expr.xreplace(dict(point))
    except (ZeroDivisionError, TypeError, ValueError):
        return None
    return value if value.is_Rational else None


@lru_cache(maxsize=4096)
def _rational_plan(expr: sp.Basic) -> tuple[frozenset, frozenset, object] | None:
    """What :func:`_rational_value` needs of ``expr`` whatever the point, found once:
    its symbols, the symbols in its exponents and its compiled exact form; None when
    an exact value is not to be sought."""
    if expr.has(sp.Sum, sp.Limit, sp.Derivative, sp.Integral):
        return None  # evaluating these exactly may take long: they go to the balls
    exponent_symbols: set[sp.Symbol] = set()
    for power in expr.atoms(sp.Pow):
        exponent = power.exp
        if exponent.free_symbols:
            if not all(s.is_integer for s in exponent.free_symbols):
                return None  # a non-integer power: leave it to the balls
            exponent_symbols |= exponent.free_symbols
        elif not (exponent.is_Integer or (exponent.is_Rational and exponent.q == 2)):
            return None  # SymPy would look for exact roots of any order: slow
    return frozenset(expr.free_symbols), frozenset(exponent_symbols), exact.compiled(expr)


def certify(expr: sp.Basic, point: Mapping[sp.Symbol, object],
            max_bits: int = MAX_BITS) -> Certified:
    """Decide whether ``expr`` is zero at ``point`` (exact values), provably.

    Raises :class:`NotEvaluable` when a part of ``expr`` cannot be enclosed."""
    exact_point = {s: _exact(v) for s, v in point.items()}
    expr = sp.sympify(expr)
    rational = _rational_value(expr, exact_point)
    if rational is not None:
        if rational == 0:
            return Certified(Zero.ZERO, -math.inf, 0)
        return Certified(Zero.NONZERO, _log10_rational(abs(rational)), 0)
    evaluator = compiled(expr)
    point_evaluators = {s: compiled(v) for s, v in exact_point.items()}
    bits = START_BITS
    saved = ctx.prec
    try:
        while True:
            ctx.prec = bits
            values = {s: f({}) for s, f in point_evaluators.items()}
            value = evaluator(values)
            if not value.is_finite():
                raise NotEvaluable("the value is not finite at this point")
            size = abs(value)
            if not size.contains(0):
                return Certified(Zero.NONZERO, _lower(size), bits)
            if bits >= max_bits:
                return Certified(Zero.UNKNOWN, _upper(size), bits)
            bits *= 2
    except ZeroDivisionError:
        raise NotEvaluable("a division by zero at this point") from None
    finally:
        ctx.prec = saved


def _log10_rational(value: sp.Rational) -> float:
    return math.log10(int(value.p)) - math.log10(int(value.q))


def _log10(bound: arb) -> float:
    """log10 of a positive exact bound (an endpoint of a ball)."""
    if bound <= 0:
        return -math.inf
    return float((bound.log() / arb(10).log()).mid())


def _lower(size: arb) -> float:
    return _log10(arb(size.lower()))


def _upper(size: arb) -> float:
    return _log10(arb(size.upper()))


def log10_magnitude(expr: sp.Basic, point: Mapping[sp.Symbol, object]) -> float:
    """An estimate of log10 |expr| at the point (for scales in digit counts); -inf at 0."""
    exact_point = {s: _exact(v) for s, v in point.items()}
    saved = ctx.prec
    try:
        ctx.prec = START_BITS
        values = {s: compiled(v)({}) for s, v in exact_point.items()}
        return _log10(arb(abs(compiled(sp.sympify(expr))(values)).mid()))
    finally:
        ctx.prec = saved


#: the relations whose truth is the sign of (greater side - lesser side)
_STRICT = (sp.StrictGreaterThan, sp.StrictLessThan)
_ORDERS = (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)


def sign_at(expr: sp.Basic, point: Mapping[sp.Symbol, sp.Basic],
            max_bits: int = 1024) -> int | None:
    """The sign (-1, 0 or 1) of a real ``expr`` at an exact point, proved: exactly when
    it is rational there, else by a real ball that excludes zero; None when neither
    decides (a value zero but not rational, a complex value, a part not evaluable)."""
    rational = _rational_value(expr, point)
    if rational is not None:
        return int(bool(rational > 0)) - int(bool(rational < 0))
    if expr.has(sp.Max, sp.Min):
        return None  # the balls take the real part of their arguments: SymPy decides
    try:
        evaluator = compiled(expr)
        point_evaluators = {s: compiled(v) for s, v in point.items()}
    except NotEvaluable:
        return None
    bits, saved = START_BITS, ctx.prec
    try:
        while bits <= max_bits:
            ctx.prec = bits
            value = evaluator({s: f({}) for s, f in point_evaluators.items()})
            # a real value has an imaginary part exactly zero; anything else is left
            # to SymPy, which refuses to order complex numbers
            if not value.is_finite() or not value.imag.is_zero():
                return None
            if value.real > 0:
                return 1
            if value.real < 0:
                return -1
            bits *= 2
    except (NotEvaluable, ZeroDivisionError):
        return None
    finally:
        ctx.prec = saved
    return None


def holds(relation: sp.Basic, point: Mapping[sp.Symbol, sp.Basic]) -> bool | None:
    """Whether an order relation (or an and/or/not of them) holds at an exact point,
    proved by :func:`sign_at`; None when some part is not decided that way."""
    if isinstance(relation, (sp.And, sp.Or)):
        parts = [holds(a, point) for a in relation.args]
        if None in parts:
            return None
        return all(parts) if isinstance(relation, sp.And) else any(parts)
    if isinstance(relation, sp.Not):
        inner = holds(relation.args[0], point)
        return None if inner is None else not inner
    if isinstance(relation, _ORDERS):
        # each side real, not only their difference: SymPy refuses to order s + 1 and s
        # for a complex s, and so must this
        if not all(_certainly_real(side, point) for side in relation.args):
            return None
        sign = sign_at(relation.gts - relation.lts, point)
        if sign is None:
            return None
        return sign > 0 if isinstance(relation, _STRICT) else sign >= 0
    return None


def _certainly_real(expr: sp.Basic, point: Mapping[sp.Symbol, sp.Basic]) -> bool:
    """``expr`` is real at the point, provably: rational there, or a ball whose imaginary
    part is exactly zero (only real operations on real values give that)."""
    if _rational_value(expr, point) is not None:
        return True
    if expr.has(sp.Max, sp.Min):
        return False
    saved = ctx.prec
    try:
        ctx.prec = START_BITS
        value = compiled(expr)({s: compiled(v)({}) for s, v in point.items()})
        return bool(value.is_finite() and value.imag.is_zero())
    except (NotEvaluable, ZeroDivisionError):
        return False
    finally:
        ctx.prec = saved
