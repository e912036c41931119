"""Certified evaluation: zero, certified nonzero or unknown, never a guess."""

from fractions import Fraction

import pytest
import sympy as sp

from momentum_sym.kernel.certify import NotEvaluable, Zero, certify

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
