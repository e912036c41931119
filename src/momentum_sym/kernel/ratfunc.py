"""Rational functions over the rationals, exact and canonical, in FLINT.

A rational function of the symbols x_1, ..., x_m is kept as p/q with p and q
polynomials with integer coefficients (FLINT's ``fmpz_mpoly``), no common factor
(their gcd divided out) and q's leading coefficient positive.  The representation
is canonical: two rational functions are equal exactly when their numerators and
denominators are, and a function is zero exactly when its numerator is.

This is SymPy's ``QQ.frac_field`` with the arithmetic in C.  The kernel decides
``expr == 0`` for rational functions, and evaluates matrix claims on generic
instances (entries rational functions of a dozen symbols): cancelling each result
is a multivariate gcd, which SymPy's field computes by a heuristic in Python, and
which took a quarter of a cold verification.

Only numbers, the given symbols, ``+``, ``*`` and integer powers are read
(:meth:`RationalFunctions.from_sympy`); anything else raises
:class:`NotRationalFunction`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy as sp
from flint import fmpz_mpoly, fmpz_mpoly_ctx

#: a larger exponent is refused rather than expanded
MAX_EXPONENT = 10**4
#: a power that could have more terms than this is refused rather than expanded: FLINT
#: cannot stop half-way, and a process out of memory in C aborts without a word
MAX_TERMS = 10**6


class NotRationalFunction(ValueError):
    """An expression that is not a rational function of the field's symbols."""


def _power_terms(polynomial: fmpz_mpoly, exponent: int) -> int:
    """An upper bound on the terms of ``polynomial ** exponent``: the products of
    ``exponent`` of its t terms, C(exponent + t - 1, t - 1), and the monomials of its
    degree in its variables, whichever is fewer."""
    terms = len(polynomial)
    if terms <= 1 or exponent <= 1:
        return terms
    variables = polynomial.context().nvars()
    degree = polynomial.total_degree() * exponent
    return min(math.comb(exponent + terms - 1, terms - 1),
               math.comb(degree + variables, variables))


class RationalFunction:
    """p/q in lowest terms, q with a positive leading coefficient (see the module)."""

    __slots__ = ("den", "field", "num")

    def __init__(self, field: RationalFunctions, num: fmpz_mpoly, den: fmpz_mpoly):
        self.field, self.num, self.den = field, num, den

    def _lift(self, other: object) -> RationalFunction:
        if isinstance(other, RationalFunction):
            if other.field is not self.field:  # FLINT shares contexts between fields
                raise TypeError("rational functions of two different fields")
            return other
        if isinstance(other, int):
            return self.field.constant(other)
        if isinstance(other, sp.Rational):
            return self.field.constant(int(other.p), int(other.q))
        return NotImplemented  # type: ignore[return-value]  # a dual number's own rule

    def __add__(self, other: object) -> RationalFunction:
        o = self._lift(other)
        if o is NotImplemented:
            return NotImplemented
        if self.den == o.den:
            return self.field.reduced(self.num + o.num, self.den)
        return self.field.reduced(self.num * o.den + o.num * self.den, self.den * o.den)

    __radd__ = __add__

    def __neg__(self) -> RationalFunction:
        return RationalFunction(self.field, -self.num, self.den)

    def __sub__(self, other: object) -> RationalFunction:
        o = self._lift(other)
        return NotImplemented if o is NotImplemented else self + (-o)

    def __rsub__(self, other: object) -> RationalFunction:
        o = self._lift(other)
        return NotImplemented if o is NotImplemented else o + (-self)

    def __mul__(self, other: object) -> RationalFunction:
        o = self._lift(other)
        if o is NotImplemented:
            return NotImplemented
        return self.field.reduced(self.num * o.num, self.den * o.den)

    __rmul__ = __mul__

    def inverse(self) -> RationalFunction:
        if self.num.is_zero():
            raise ZeroDivisionError("division by the zero rational function")
        return self.field.reduced(self.den, self.num)

    def __truediv__(self, other: object) -> RationalFunction:
        o = self._lift(other)
        return NotImplemented if o is NotImplemented else self * o.inverse()

    def __rtruediv__(self, other: object) -> RationalFunction:
        o = self._lift(other)
        return NotImplemented if o is NotImplemented else o * self.inverse()

    def __pow__(self, exponent: int) -> RationalFunction:
        if abs(exponent) > MAX_EXPONENT:
            raise NotRationalFunction("an exponent too large to expand")
        if exponent < 0:
            return self.inverse() ** -exponent
        for part in (self.num, self.den):
            if _power_terms(part, exponent) > MAX_TERMS:
                raise NotRationalFunction(f"a power with more than {MAX_TERMS} terms")
        # lowest terms stay lowest terms: no gcd needed
        return RationalFunction(self.field, self.num**exponent, self.den**exponent)

    def __eq__(self, other: object) -> bool:
        o = self._lift(other)
        if o is NotImplemented:
            return NotImplemented
        return self.num == o.num and self.den == o.den

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def is_zero(self) -> bool:
        return self.num.is_zero()

    def __bool__(self) -> bool:
        return not self.is_zero()


class RationalFunctions:
    """The field Q(x_1, ..., x_m) of the given SymPy symbols."""

    def __init__(self, symbols: Sequence[sp.Symbol]):
        self.symbols = tuple(symbols)
        # FLINT names its variables itself; a field of no symbol still needs one
        names = tuple(f"x{j}" for j in range(max(1, len(self.symbols))))
        self.context = fmpz_mpoly_ctx.get(names, "lex")
        self._one = self.context.constant(1)
        self.generators = {s: RationalFunction(self, g, self._one)
                           for s, g in zip(self.symbols, self.context.gens(), strict=False)}
        self.zero = self.constant(0)
        self.one = self.constant(1)

    def constant(self, numerator: int, denominator: int = 1) -> RationalFunction:
        return self.reduced(self.context.constant(numerator),
                            self.context.constant(denominator))

    def reduced(self, num: fmpz_mpoly, den: fmpz_mpoly) -> RationalFunction:
        """num/den in lowest terms with a positive leading coefficient below."""
        if den.is_zero():
            raise ZeroDivisionError("a rational function with denominator 0")
        if num.is_zero():
            return RationalFunction(self, num, self._one)
        if not den.is_one():
            common = num.gcd(den)
            if not common.is_one():
                num, den = num / common, den / common
            if den.leading_coefficient() < 0:
                num, den = -num, -den
        return RationalFunction(self, num, den)

    def from_sympy(self, expr: sp.Basic) -> RationalFunction:
        """``expr`` as an element; raises :class:`NotRationalFunction` for anything but
        numbers, the field's symbols, sums, products and integer powers."""
        known: dict[sp.Basic, RationalFunction] = {}

        def convert(e: sp.Basic) -> RationalFunction:
            found = known.get(e)
            if found is None:
                found = known[e] = build(e)
            return found

        def build(e: sp.Basic) -> RationalFunction:
            if e.is_Rational:
                return self.constant(int(e.p), int(e.q))
            if e in self.generators:
                return self.generators[e]
            if e.is_Add or e.is_Mul:
                parts = [convert(a) for a in e.args]
                value = parts[0]
                for part in parts[1:]:
                    value = value + part if e.is_Add else value * part
                return value
            if e.is_Pow and e.exp.is_Integer and abs(int(e.exp)) <= MAX_EXPONENT:
                return convert(e.base) ** int(e.exp)
            raise NotRationalFunction(f"not a rational function of the symbols: {e}")

        return convert(sp.sympify(expr))

    def inverse_matrix(self, rows: Sequence[Sequence[RationalFunction]]
                       ) -> list[list[RationalFunction]]:
        """The inverse of a square matrix by Gauss-Jordan elimination; raises
        ValueError when it is singular."""
        n = len(rows)
        work = [[*row, *(self.one if i == j else self.zero for j in range(n))]
                for i, row in enumerate(rows)]
        for column in range(n):
            pivot = next((r for r in range(column, n) if not work[r][column].is_zero()), None)
            if pivot is None:
                raise ValueError("the matrix is not invertible")
            work[column], work[pivot] = work[pivot], work[column]
            scale = work[column][column].inverse()
            work[column] = [x * scale for x in work[column]]
            for r in range(n):
                factor = work[r][column]
                if r != column and not factor.is_zero():
                    work[r] = [x - factor * y for x, y in zip(work[r], work[column], strict=True)]
        return [row[n:] for row in work]
