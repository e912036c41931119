"""Limits and derivatives carried out (innermost first), sums kept, and each limit
found once however many checks ask for it."""

import pytest
import sympy as sp

from momentum_sym.kernel.evaluable import carried_out, evaluable

x, n = sp.symbols("x n", positive=True)
j = sp.Symbol("j", integer=True)

CASES = [
    # (expression, carried out)
    (sp.Limit(sp.sin(x) / x, x, 0), sp.Integer(1)),
    (sp.Derivative(x**3, x), 3 * x**2),
    (sp.Limit(sp.Derivative(x**2, x) / x, x, 1), sp.Integer(2)),
    (1 + sp.Limit((1 + 1 / x) ** x, x, sp.oo), 1 + sp.E),
    (sp.Sum(j, (j, 1, n)) + sp.Derivative(x * n, x), sp.Sum(j, (j, 1, n)) + n),
    (x**2 + 1, x**2 + 1),
]


@pytest.mark.parametrize(("expr", "expected"), CASES)
def test_carried_out(expr, expected):
    assert evaluable(expr) == expected


def test_a_limit_is_found_once_for_every_expression_holding_it():
    limit = sp.Limit(sp.atan(x) / x, x, 0)
    evaluable(limit + 7)
    before = carried_out.cache_info()
    assert evaluable(limit * x) == x
    after = carried_out.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
