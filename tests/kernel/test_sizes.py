"""The size of an expansion, told before it is made."""

import pytest
import sympy as sp

from momentum_sym.kernel.sizes import expanded_terms, small_enough_to_expand

a, b, c, d, e, lam = sp.symbols("a b c d e lambda")

SIZES = [
    # (expression, at least the terms sp.expand writes, small enough)
    (a + b, 2, True),
    (lam * (a + b) ** 2, 3, True),
    ((a + b) * (c + d), 4, True),
    ((a + b + c) ** 3, 10, True),
    (sp.sqrt((a + b) ** 2) + c, 2, True),
    (lam * (a + b + c + d + e) ** 300, 5001, False),
    ((a + b) ** 10000, 5001, False),
    (sp.exp((a + b + c) ** 200), 5001, False),  # the argument is expanded too
]


@pytest.mark.parametrize(("expr", "terms", "small"), SIZES, ids=[str(s[0])[:30] for s in SIZES])
def test_expanded_terms(expr, terms, small):
    assert small_enough_to_expand(expr) is small
    estimate = expanded_terms(expr, 5000)
    assert estimate >= min(terms, 5001)
    if small:  # an upper estimate of what SymPy writes
        assert len(sp.Add.make_args(sp.expand(expr))) <= estimate
