"""decide_zero and decide_sign: proved, failed and undecided, by strategy."""

import pytest
import sympy as sp

from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.realsolver import decide_relation
from momentum_sym.kernel.symbolic import (
    _is_rational,
    _radicals_vanish,
    decide_sign,
    decide_zero,
)

a, lam, beta = sp.symbols("a lam beta", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
u = sp.Symbol("u", positive=True)
x = sp.Symbol("x", real=True)

ZERO_CASES = [
    # (expression, expected status, words in the method)
    (a * (1 - lam) - a + a * lam, Status.PROVED, "rational"),
    ((1 - a * lam) ** (k + 1) - (1 - a * lam) * (1 - a * lam) ** k, Status.PROVED, "rational"),
    (sp.sqrt(1 + a) ** 2 - 1 - a, Status.PROVED, ""),
    ((x + sp.sqrt(a)) * (x - sp.sqrt(a)) - x**2 + a, Status.PROVED, ""),
    (1 / (1 - lam) + 1 / (lam - 1), Status.PROVED, "rational"),
    (a * (1 - lam) - a - a * lam, Status.FAILED, "rational"),  # flipped sign
    ((1 - a * lam) ** k - (1 - a * lam) ** (k + 1), Status.UNDECIDED, ""),  # off by one
    (sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1, Status.PROVED, "simplify"),
]


@pytest.mark.parametrize(("expression", "status", "method"), ZERO_CASES)
def test_decide_zero(expression, status, method):
    outcome = decide_zero(expression)
    assert outcome.status is status
    assert method in outcome.method


def test_reparametrisation_decides_what_symbols_alone_cannot():
    # sqrt((1 - beta)^2) = 1 - beta needs beta < 1, which a substitution beta = 1 - u supplies.
    expression = sp.sqrt((1 - beta) ** 2) - (1 - beta)
    assert decide_zero(expression).status is Status.UNDECIDED
    outcome = decide_zero(expression, substitutions=[{beta: 1 - u}])
    assert outcome.status is Status.PROVED


SIGN_CASES = [
    (a * lam, True, [], Status.PROVED),
    (-a * lam, True, [], Status.FAILED),
    (a - lam, True, [], Status.UNDECIDED),
    (a - lam, True, [{a: lam + u}], Status.PROVED),
]


@pytest.mark.parametrize(("expression", "strict", "hints", "status"), SIGN_CASES)
def test_decide_sign(expression, strict, hints, status):
    assert decide_sign(expression, strict, substitutions=hints).status is status


RATIONAL_CASES = [
    # (expression, a quotient of polynomials with rational coefficients?)
    (a / (a + 1), True),
    ((a - lam) ** -2 + sp.Rational(1, 3), True),
    (sp.sqrt(2) * a, False),  # an irrational coefficient
    (sp.sqrt(a), False),
    (sp.pi * a, False),
    (sp.Abs(x), False),
    (sp.Integer(3), False),  # a number: the assumptions decide it
]


@pytest.mark.parametrize(("expression", "rational"), RATIONAL_CASES)
def test_rational_functions_are_told_apart(expression, rational):
    assert _is_rational(expression) is rational


def test_the_sign_of_a_rational_function_left_to_real_algebra_is_decided_there():
    # a^2 - a lam + lam^2 > 0 (irreducible, positive definite) is beyond the
    # assumptions and factor; decide_sign leaves it, without simplify, and z3 decides
    # it, as check_relation asks
    claim = sp.StrictGreaterThan(a**2 - a * lam + lam**2, 0)
    assert decide_sign(claim.lhs, True).status is Status.UNDECIDED
    assert decide_relation(claim)[0].status is Status.PROVED
    corrupted = sp.StrictGreaterThan(a**2 - 3 * a * lam + lam**2, 0)
    assert decide_relation(corrupted)[0].status is Status.FAILED


_d = a**2 - 4 * lam  # a discriminant: its root is no symbol's own
_n = sp.Symbol("n", integer=True, nonnegative=True)
RADICAL_CASES = [
    # (expression, radical elimination proves it zero?): each root sqrt(D) a symbol r,
    # the numerator reduced modulo r^2 - D; each corrupted row differs from its true one
    # in one sign, factor or power
    # a root of z^2 - a z + lam
    (((a + sp.sqrt(_d)) / 2) ** 2 - a * (a + sp.sqrt(_d)) / 2 + lam, True),
    (((a + sp.sqrt(_d)) / 2) ** 2 - a * (a + sp.sqrt(_d)) / 2 - lam, False),
    ((a + sp.sqrt(_d)) / 2 * (a - sp.sqrt(_d)) / 2 - lam, True),  # Vieta: the product
    ((a + sp.sqrt(_d)) / 2 * (a - sp.sqrt(_d)) / 2 - 2 * lam, False),
    (1 / (sp.sqrt(a) + sp.sqrt(lam)) - (sp.sqrt(a) - sp.sqrt(lam)) / (a - lam), True),
    (1 / (sp.sqrt(a) + sp.sqrt(lam)) - (sp.sqrt(a) + sp.sqrt(lam)) / (a - lam), False),
    (sp.sqrt(_d) ** 3 - a**2 * sp.sqrt(_d) + 4 * lam * sp.sqrt(_d), True),  # an odd power
    (sp.sqrt(_d) ** 3 - a**2 * sp.sqrt(_d) - 4 * lam * sp.sqrt(_d), False),
    # a part that is no rational function (a symbolic power, |.|) stays a free symbol
    (beta**_n * (sp.sqrt(_d) + a) * (sp.sqrt(_d) - a) + 4 * lam * beta**_n, True),
    (beta**_n * (sp.sqrt(_d) + a) * (sp.sqrt(_d) - a) + 4 * lam * beta ** (_n + 1), False),
    (sp.Abs(x) * (sp.sqrt(_d) + a) * (sp.sqrt(_d) - a) + 4 * lam * sp.Abs(x), True),
    (sp.Abs(x) * (sp.sqrt(_d) + a) * (sp.sqrt(_d) - a) + 4 * lam * x, False),
    # the imaginary unit is a root of -1
    ((a + sp.I * sp.sqrt(lam)) * (a - sp.I * sp.sqrt(lam)) - a**2 - lam, True),
    ((a + sp.I * sp.sqrt(lam)) * (a - sp.I * sp.sqrt(lam)) - a**2 + lam, False),
]


@pytest.mark.parametrize(("expression", "vanishes"), RADICAL_CASES)
def test_radical_elimination(expression, vanishes):
    assert _radicals_vanish(expression) is vanishes


_radicand = 1 - a * lam + a  # nonnegative only by a condition of the domain
_h = x * sp.sqrt(a) * sp.sqrt(_radicand) - 1
REAL_ROOT_CASES = [
    # (expression, assumptions, expected status): sqrt(h^2) is |h| once h is known real
    (sp.sqrt(_h**2 / (1 + lam) ** 4) - sp.Abs(-_h) / (1 + lam) ** 2,
     [_radicand >= 0], Status.PROVED),
    # corrupted: |h| without the bars is not sqrt(h^2)
    (sp.sqrt(_h**2 / (1 + lam) ** 4) - _h / (1 + lam) ** 2, [_radicand >= 0],
     Status.UNDECIDED),
    # without the condition the radicand may be negative, h complex: nothing proved
    (sp.sqrt(_h**2 / (1 + lam) ** 4) - sp.Abs(-_h) / (1 + lam) ** 2, [], Status.UNDECIDED),
]


@pytest.mark.parametrize(("expression", "assumptions", "status"), REAL_ROOT_CASES)
def test_square_roots_of_nonnegative_quantities(expression, assumptions, status):
    outcome = decide_zero(expression, assumptions, allow_simplify=False)
    assert outcome.status is status
    if status is Status.PROVED:
        assert "square roots and absolute values as symbols" in outcome.method


_j = sp.Symbol("j", integer=True, nonnegative=True)
_FORWARD = sp.Sum(beta**_j * (1 + _j), (_j, 0, k))
SUMS_READ_BACKWARDS = [
    # (the other sum, proved, words in the method): equal to sum_j beta^j (1 + j) only
    # when read backwards, which the cheap strategies try before simplify
    (sp.Sum(beta ** (k - _j) * (1 + k - _j), (_j, 0, k)), True, "same sum read backwards"),
    (sp.Sum((beta ** (k - _j + 1) - beta ** (k - _j)) * (1 + k - _j) / (beta - 1),
            (_j, 0, k)), True, "term by term, one read backwards: rational"),
    (sp.Sum(beta ** (k - _j) * (2 + k - _j), (_j, 0, k)), False, ""),  # corrupted
]


@pytest.mark.parametrize(("other", "proved", "method"), SUMS_READ_BACKWARDS)
def test_a_sum_read_backwards(other, proved, method):
    outcome = decide_zero(_FORWARD - other)
    assert (outcome.status is Status.PROVED) is proved
    if proved:
        assert method in str(outcome.method) and "simplify" not in str(outcome.method)
