"""Sampling a domain: points drawn exactly as the definition says, derived symbols
computed exactly, and the same points whichever way they are computed."""

import random
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from momentum_sym.kernel.domain import _RESOLUTION, Domain, interval

x, y = sp.symbols("x y", positive=True)
s = sp.Symbol("s")


@pytest.mark.parametrize(("low", "high"), [("1/10", 2), (-2, 2), ("1/1000", 5), ("3/7", "22/7")])
@given(seed=st.integers(0, 2**32))
def test_a_draw_is_low_plus_a_random_fraction_of_the_width(low, high, seed):
    """low + (high - low) r / R for 0 < r < R, with the generator's r."""
    sampler = interval(low, high)
    drawn, replay = random.Random(seed), random.Random(seed)
    r = Fraction(replay.randrange(1, _RESOLUTION), _RESOLUTION)
    assert sampler.draw(drawn) == sampler.low + (sampler.high - sampler.low) * r


@pytest.mark.parametrize(("definition", "rational"), [
    (x / (1 + y), True),          # exact rational arithmetic
    (x**2 - 3 * y, True),
    (sp.sqrt(x), False),          # irrational at a random point: an exact SymPy number
    (sp.Max(x, y) - 1, True),
])
def test_a_derived_symbol_has_its_exact_value(definition, rational):
    domain = Domain({x: interval("1/2", 2), y: interval(1, 3)}).with_constraints(
        [sp.Eq(s, definition)])
    rng = random.Random(7)
    for _ in range(20):
        point = domain.sample(rng, [x, y, s])
        exact = definition.xreplace({v: sp.Rational(point[v].numerator, point[v].denominator)
                                     for v in (x, y)})
        value = point[s]
        assert isinstance(value, Fraction) is rational
        assert (sp.Rational(value.numerator, value.denominator) if rational else value) == exact


_T = sp.Symbol("t")
_COMPLETING = Domain({x: interval("1/2", 2), y: interval(-1, 3)},
                     constraints=(x < 3 * y,)).with_constraints(
    [sp.Eq(s, x / y), sp.Eq(_T, sp.sqrt(x))])

COMPLETIONS = [
    # (given point, expected completion or None)
    ({x: Fraction(1), y: Fraction(2)},
     {x: Fraction(1), y: Fraction(2), s: Fraction(1, 2), _T: Fraction(1)}),
    ({x: Fraction(2), y: Fraction(1)},  # sqrt(2): an exact SymPy number
     {x: Fraction(2), y: Fraction(1), s: Fraction(2), _T: sp.sqrt(2)}),
    ({x: Fraction(1), y: Fraction(0)}, None),   # s = x/0 is undefined there
    ({x: Fraction(2), y: Fraction(1, 2)}, None),  # x < 3 y fails
    ({x: Fraction(9, 4)}, {x: Fraction(9, 4), _T: Fraction(3, 2)}),  # s and x < 3 y need y
]


@pytest.mark.parametrize(("point", "completed"), COMPLETIONS)
def test_a_point_is_completed_with_what_its_symbols_determine(point, completed):
    assert _COMPLETING.complete(dict(point)) == completed
