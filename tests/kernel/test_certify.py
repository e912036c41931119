"""Certified evaluation: zero, certified nonzero or unknown, never a guess."""

from fractions import Fraction

import pytest
import sympy as sp

from momentum_sym.kernel.certify import NotEvaluable, Zero, certify, holds, sign_at

x = sp.Symbol("x", positive=True)
y = sp.Symbol("y", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
POINT = {x: Fraction(1, 3), y: Fraction(7, 5), k: 9}

CASES = [
    # (description, expression, expected, exact)
    ("exact zero of a rational function", (x + y) ** 2 - x**2 - 2 * x * y - y**2, Zero.ZERO,
     True),
    ("cancellation of 10^600", (x**2 + 2 * x * y + y**2) ** 150 - (x + y) ** 300, Zero.ZERO,
     True),
    ("near miss 1e-100", x / y + sp.Rational(1, 10**100) - x / y, Zero.NONZERO, True),
    ("near miss on a radical", sp.sqrt(x * y) * sp.Rational(1, 10**80), Zero.NONZERO, False),
    ("radicals that cancel", sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6), Zero.ZERO, True),
    ("an identity ball arithmetic cannot close", sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1,
     Zero.UNKNOWN, False),
    ("an integer power at an integer point", (1 - x * y) ** k - (1 - x * y) ** 9, Zero.ZERO,
     True),
    ("a complex value", sp.sqrt(x - 1) - sp.I * sp.sqrt(1 - x), Zero.ZERO, True),
    ("a complex near miss", sp.sqrt(x - 1) - sp.I * sp.sqrt(1 - x + sp.Rational(1, 10**40)),
     Zero.NONZERO, False),
]


@pytest.mark.parametrize(("description", "expr", "expected", "exact"), CASES,
                         ids=[c[0] for c in CASES])
def test_certify(description, expr, expected, exact):
    found = certify(expr, POINT)
    assert found.zero is expected
    assert found.exact is exact


def test_the_size_of_a_near_miss_is_certified():
    found = certify(x + sp.Rational(1, 10**100) - x, POINT)
    assert found.log10 == pytest.approx(-100)


@pytest.mark.parametrize("expr", [sp.gamma(x), sp.Function("f")(x), sp.Float(0.5) * x])
def test_what_cannot_be_enclosed_is_refused(expr):
    with pytest.raises(NotEvaluable):
        certify(expr, POINT)


# -- signs and relations at exact points (the domain's constraints) -------------

a, b = sp.symbols("a b", real=True)
AT = {a: sp.Rational(1, 3), b: sp.sqrt(2), sp.Symbol("s"): sp.Rational(1, 3) + sp.sqrt(2) * sp.I}

SIGNS = [
    # (description, expression, sign or None when not decided this way)
    ("a rational value, exactly", a - sp.Rational(1, 3), 0),
    ("an irrational value, by a ball", b - sp.Rational(141, 100), 1),
    ("a tiny negative irrational", b - sp.Rational(14142135623730951, 10**16), -1),
    ("an irrational zero is left to SymPy", b**2 - 2 + (b - sp.sqrt(2)), None),
    ("a complex value is left to SymPy", sp.sqrt(a - 1), None),
    ("the modulus of a complex value is real", sp.Abs(a + sp.I * b) - 1, 1),
    ("a division by zero is left to SymPy", 1 / (a - sp.Rational(1, 3)) + b, None),
]


@pytest.mark.parametrize(("description", "expr", "sign"), SIGNS, ids=[c[0] for c in SIGNS])
def test_sign_at_an_exact_point(description, expr, sign):
    assert sign_at(expr, AT) == sign


RELATIONS = [
    # (description, relation, holds or None)
    ("strict, true", b > sp.Rational(7, 5), True),
    ("strict, false", b < sp.Rational(7, 5), False),
    ("nonstrict at a rational equality", a >= sp.Rational(1, 3), True),
    ("a conjunction", sp.And(b > 1, a < b**2), True),
    ("a disjunction", sp.Or(b > 2, a > 1), False),
    ("a negation", sp.Not(b > 2), True),
    ("an irrational boundary is not decided", b**2 <= 2 + (b - sp.sqrt(2)), None),
    ("an equation is not an order", sp.Eq(b, 1), None),
    # complex sides are not ordered, even when their difference is real
    ("complex sides", sp.Symbol("s") + 1 > sp.Symbol("s"), None),
    ("a max of complex values", sp.Max(b + sp.I * a, 1) > 0, None),
]


@pytest.mark.parametrize(("description", "relation", "expected"), RELATIONS,
                         ids=[c[0] for c in RELATIONS])
def test_relations_are_decided_or_left_to_sympy(description, relation, expected):
    assert holds(relation, AT) is expected
    if expected is not None:  # what the balls decide is what SymPy says
        assert bool(relation.xreplace(AT)) is expected
