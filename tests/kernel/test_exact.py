"""Exact evaluation in FLINT's rationals gives SymPy's own value, or steps aside."""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from momentum_sym.kernel.exact import compiled, holds_at, value_at
from tests.kernel.points import POINT, k, x, y

VALUES = [
    # (description, expression)
    ("a polynomial", 3 * x**2 - x * y + 1),
    ("a rational function", (x + y) / (x - y) ** 3),
    ("a symbolic integer power", (1 - x * y) ** (k + 1)),
    ("a square root of a square", sp.sqrt(y) * x),
    ("an odd power of a square root", y ** sp.Rational(3, 2)),
    ("absolute value, max and min", sp.Abs(x) + sp.Max(x, y) - sp.Min(x, -y)),
]


@pytest.mark.parametrize(("description", "expr"), VALUES, ids=[c[0] for c in VALUES])
def test_the_value_is_sympys(description, expr):
    exact = {s: sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction)
             else sp.Integer(v) for s, v in POINT.items()}
    expected = expr.xreplace(exact)
    found = value_at(compiled(expr), {s: POINT[s] for s in expr.free_symbols})
    assert sp.Rational(int(found.p), int(found.q)) == expected


STEPS_ASIDE = [
    # (description, expression, point): not rational there, or no exact rule
    ("the square root of a non-square", sp.sqrt(x + 1), POINT),
    ("a division by zero", 1 / (x + Fraction(3, 7)), POINT),
    ("a transcendental function", sp.exp(x), POINT),
    ("a symbol without a value", x + y, {x: Fraction(1, 2)}),
]


@pytest.mark.parametrize(("description", "expr", "point"), STEPS_ASIDE,
                         ids=[c[0] for c in STEPS_ASIDE])
def test_what_is_not_rational_is_left_to_sympy(description, expr, point):
    assert holds_at(sp.Lt(expr, 1, evaluate=False), point) is None


RELATIONS = [
    ("strict and true", x < y, True),
    ("strict and false", y < x, False),
    ("a conjunction", sp.And(x < 0, y > 0), True),
    ("a negation", sp.Not(x**2 >= y), True),
]


@pytest.mark.parametrize(("description", "relation", "expected"), RELATIONS,
                         ids=[c[0] for c in RELATIONS])
def test_relations(description, relation, expected):
    assert holds_at(relation, POINT) is expected


@given(st.fractions(max_denominator=10**6), st.fractions(min_value=Fraction(1, 10**6),
                                                          max_denominator=10**6))
def test_agrees_with_sympy_at_random_points(a, b):
    expr = (x**3 - 2 * x * y + sp.Rational(1, 3)) / (y**2 + 1) - sp.Abs(x - y)
    exact = expr.xreplace({x: sp.Rational(a.numerator, a.denominator),
                           y: sp.Rational(b.numerator, b.denominator)})
    found = value_at(compiled(expr), {x: a, y: b})
    assert sp.Rational(int(found.p), int(found.q)) == exact
