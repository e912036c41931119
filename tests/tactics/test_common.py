"""The terms of a recurrence as a reader writes them: p_{k+2}, p_{k+1}, p_k."""

import pytest
import sympy as sp

from momentum_sym.render import printers
from momentum_sym.tactics.common import shifted

k = sp.Symbol("k", integer=True, nonnegative=True)
s = sp.Symbol("sigma_1")

CASES = [
    # (expression, offsets, printed)
    (s**k, (2, 1, 0), ["\\sigma_{1}^{k + 2}", "\\sigma_{1}^{k + 1}", "\\sigma_{1}^{k}"]),
    (s ** (k + 1), (1, 0), ["\\sigma_{1}^{k + 1 + 1}", "\\sigma_{1}^{k + 1}"]),
    (k * s, (0,), ["k \\sigma_{1}"]),
]


@pytest.mark.parametrize(("expr", "offsets", "printed"), CASES)
def test_shifted(expr, offsets, printed):
    terms = shifted(expr, k, offsets)
    assert [printers.latex(t) for t in terms] == printed
    assert [sp.simplify(t - expr.subs(k, k + m)) for t, m in zip(terms, offsets, strict=True)] \
        == [0] * len(offsets)
