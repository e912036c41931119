"""Rational functions in FLINT: the same answers as SymPy's fraction field."""

import pytest
import sympy as sp

from momentum_sym.kernel.ratfunc import NotRationalFunction, RationalFunctions

a, b, c = sp.symbols("a b c")
FIELD = RationalFunctions((a, b, c))

ZERO_OR_NOT = [
    # (description, expression, zero?)
    ("a difference of squares", (a + b) * (a - b) - (a**2 - b**2), True),
    ("a near miss by a constant", (a + b) * (a - b) - (a**2 - b**2) + sp.Rational(1, 10**100),
     False),
    ("partial fractions", 1 / (a - 1) - 1 / (a + 1) - 2 / (a**2 - 1), True),
    ("a wrong partial fraction", 1 / (a - 1) - 1 / (a + 1) - 2 / (a**2 + 1), False),
    ("high powers", (a**2 + 2 * a * b + b**2) ** 150 - (a + b) ** 300, True),
    ("a high power off by one term", (a**2 + 2 * a * b + b**2) ** 150 - (a + b) ** 300 + c,
     False),
    ("nested quotients", (a / (b + c)) / (1 + a / (b + c)) - a / (a + b + c), True),
    ("rational coefficients", sp.Rational(2, 3) * a / sp.Rational(4, 9) - sp.Rational(3, 2) * a,
     True),
]


@pytest.mark.parametrize(("description", "expr", "zero"), ZERO_OR_NOT,
                         ids=[c[0] for c in ZERO_OR_NOT])
def test_zero_exactly_when_sympy_says_so(description, expr, zero):
    assert FIELD.from_sympy(expr).is_zero() is zero
    assert (sp.cancel(sp.together(expr)) == 0) is zero


CANONICAL = [
    # (description, one form, another form of the same function)
    ("signs of numerator and denominator", (a - b) / (c - a), (b - a) / (a - c)),
    ("a common factor", (a**2 - b**2) / (a + b), a - b),
    ("an integer content", (4 * a + 6) / (2 * b), (2 * a + 3) / b),
]


@pytest.mark.parametrize(("description", "left", "right"), CANONICAL,
                         ids=[c[0] for c in CANONICAL])
def test_equal_functions_have_one_representation(description, left, right):
    x, y = FIELD.from_sympy(left), FIELD.from_sympy(right)
    assert x == y
    assert (x != y) is False  # the matrix check asks "!= 0"
    assert (x.num, x.den) == (y.num, y.den)
    assert x.den.leading_coefficient() > 0


def test_arithmetic_with_integers_and_powers():
    x = FIELD.generators[a]
    assert x * 0 == FIELD.zero and 0 * x == 0
    assert x**0 == FIELD.one and (x + 1) ** -2 * (x + 1) ** 2 == 1
    assert 1 - x == -(x - 1) and 2 / x == FIELD.from_sympy(2 / a)
    with pytest.raises(ZeroDivisionError):
        (x - x).inverse()


def test_the_inverse_of_a_matrix_is_sympys():
    rows = [[a, b, 1], [c, a + b, 0], [1, 2, c]]
    inverse = FIELD.inverse_matrix([[FIELD.from_sympy(e) for e in row] for row in rows])
    expected = sp.Matrix(rows).inv()
    for i in range(3):
        for j in range(3):
            assert inverse[i][j] == FIELD.from_sympy(sp.cancel(expected[i, j]))
    with pytest.raises(ValueError, match="not invertible"):
        FIELD.inverse_matrix([[FIELD.from_sympy(e) for e in row]
                              for row in [[a, b], [2 * a, 2 * b]]])


@pytest.mark.parametrize("expr", [sp.sqrt(a), a**b, sp.exp(a), sp.Symbol("d") + a,
                                  sp.Float(0.5) * a, a ** (10**5)],
                         ids=["a root", "a symbolic power", "a function", "another symbol",
                              "a float", "a huge power"])
def test_what_is_not_a_rational_function_is_refused(expr):
    with pytest.raises(NotRationalFunction):
        FIELD.from_sympy(expr)


def test_elements_of_two_fields_are_not_mixed():
    other = RationalFunctions((b, c, a))  # FLINT shares one context between the two
    with pytest.raises(TypeError, match="two different fields"):
        _ = FIELD.generators[a] == other.generators[b]


def test_truth_and_sympy_numbers_as_in_sympys_field():
    assert not FIELD.zero and FIELD.one and FIELD.zero == sp.Integer(0)
    assert FIELD.generators[a] * sp.Rational(1, 2) == FIELD.from_sympy(a / 2)


def test_a_power_too_large_is_refused_before_it_is_expanded():
    with pytest.raises(NotRationalFunction, match="terms"):
        FIELD.from_sympy((a + b + c + 1) ** 1000)  # 1.7e8 terms
    with pytest.raises(NotRationalFunction, match="exponent"):
        _ = FIELD.generators[a] ** (10**5)
