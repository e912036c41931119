"""SymPy's term order, found once per sum, is the order SymPy gives."""

import pytest
import sympy as sp

from momentum_sym.render.printers import TextbookLatexPrinter
from momentum_sym.render.term_order import ordered_terms

x, y = sp.symbols("x y", real=True)

SUMS = [
    # (description, sum)
    ("polynomial", x**2 - 3 * x + 1),
    ("two variables", x * y - y**2 + x),
    ("a float coefficient", x + sp.Float(2.0)),
    ("the same with an integer", x + 2),
    ("a square root", sp.sqrt(x) - x + sp.Rational(1, 2)),
]


@pytest.mark.parametrize(("description", "total"), SUMS, ids=[s[0] for s in SUMS])
@pytest.mark.parametrize("order", [None, "lex", "grlex"])
def test_same_as_sympy(description, total, order):
    assert ordered_terms(total, order) == total.as_ordered_terms(order=order)
    assert ordered_terms(total, order) == total.as_ordered_terms(order=order)  # cached


def test_equal_looking_sums_keep_their_own_terms():
    # SymPy's equality is structural: x + 2.0 is not x + 2, so neither is taken for the other
    assert ordered_terms(x + 2) != ordered_terms(x + sp.Float(2.0))


def test_printer_orders_that_sympy_handles_itself():
    latex = TextbookLatexPrinter({"order": "none"})
    assert latex._as_ordered_terms(x + 1) == list((x + 1).args)
