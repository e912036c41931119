"""Numeric evaluation by closures over the tree gives lambdify's value, and steps
aside to lambdify for what it has no rule for."""

from fractions import Fraction

import pytest
import sympy as sp
from mpmath import mp

from momentum_sym.kernel.numeric import _closure, _NoRule, evaluate
from tests.kernel.points import POINT, k, x, y

EXPRESSIONS = [
    # (description, expression): each part has a closure rule
    ("a polynomial", 3 * x**2 - x * y + 1),
    ("a quotient", (x + y) / (x - y) ** 3),
    ("a negative power of a constant", 2 ** (-k) * y),
    ("square roots, also of a negative number", sp.sqrt(y) + 1 / sp.sqrt(y) + sp.sqrt(x)),
    ("a rational power", y ** sp.Rational(2, 3)),
    ("a symbolic power", (1 - x * y) ** (k + 1) + y**x),
    ("functions", sp.exp(x) * sp.cos(y) + sp.log(y) - sp.atan(x) + sp.tanh(y)),
    ("modulus and parts of a complex value", sp.Abs(x + sp.I * y) + sp.re(sp.sqrt(x))),
    ("constants", sp.pi * x + sp.E - sp.Float("0.125") * y),
    ("max and min", sp.Max(x, y, x * y) - sp.Min(x, -y)),
    ("floats not exact in binary, at their own precision",
     sp.Float("0.1", 3) * x + sp.Float(2.7) * y + sp.Float(1) / 3),
]


@pytest.mark.parametrize(("description", "expr"), EXPRESSIONS,
                         ids=[c[0] for c in EXPRESSIONS])
def test_closures_agree_with_lambdify(description, expr):
    symbols = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
    _closure(expr, {s: j for j, s in enumerate(symbols)})  # has a rule: no _NoRule
    with mp.workdps(50):
        found = evaluate(expr, POINT)
        printed = sp.lambdify(symbols, expr, "mpmath")(
            *(mp.mpf(POINT[s].numerator) / POINT[s].denominator
              if isinstance(POINT[s], Fraction) else POINT[s] for s in symbols))
        # the same value as lambdify's, to the working precision
        assert abs(found - printed) <= mp.mpf(10) ** -45 * max(1, abs(printed))


STEPPED_ASIDE = [
    # (description, expression): evaluated by lambdify instead
    ("a piecewise function", sp.Piecewise((x, x < 0), (y, True))),
    ("a sign", sp.sign(x) * y),
]


@pytest.mark.parametrize(("description", "expr"), STEPPED_ASIDE,
                         ids=[c[0] for c in STEPPED_ASIDE])
def test_without_a_rule_lambdify_evaluates(description, expr):
    with pytest.raises(_NoRule):
        _closure(expr, {s: j for j, s in enumerate(sorted(expr.free_symbols, key=str))})
    with mp.workdps(30):
        expected = expr.xreplace({s: sp.Rational(v.numerator, v.denominator)
                                  if isinstance(v, Fraction) else v for s, v in POINT.items()})
        assert abs(evaluate(expr, POINT) - mp.mpf(sp.N(expected, 40))) < mp.mpf(10) ** -25


def test_precision_is_that_in_force_when_called():
    third = sp.Rational(1, 3) * y
    with mp.workdps(15):
        low = evaluate(third, POINT)
    with mp.workdps(60):
        high = evaluate(third, POINT)
        assert abs(high - mp.mpf(4) / 27) < mp.mpf(10) ** -58
        assert abs(low - mp.mpf(4) / 27) > mp.mpf(10) ** -30
