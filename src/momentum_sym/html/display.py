"""Display mathematics: one row when a claim fits, aligned rows when it does not.

Long claims are broken at the terms of their sums by
:func:`momentum_sym.render.layout.layout` (the same breaks as the LaTeX output)
and set as a two-column ``mtable``: the left side and relation right-aligned, the
terms left-aligned, continuation rows opening with ``+`` or ``−``.  A row that
cannot be broken further scrolls sideways on screen (see ``style.css``).
"""

from __future__ import annotations

import sympy as sp

from momentum_sym.html.markup import esc
from momentum_sym.html.mathml import math_nodes, mathml_body
from momentum_sym.render.layout import Display, Row, layout
from momentum_sym.render.names import result_symbol_name

#: Columns of the Unicode picture that fit the page's text width.
LIMIT = 84

_RELATIONS = {"==": "=", "!=": "\u2260", "<": "&lt;", "<=": "\u2264", ">": "&gt;",
              ">=": "\u2265"}


def _terms(row: Row) -> str:
    parts = []
    for j, term in enumerate(row.terms):
        body = mathml_body(term.magnitude)
        if j == 0 and row.opens_side:
            parts.append(("<mo>\u2212</mo>" if term.negative else "") + body)
        else:
            sign = "\u2212" if term.negative else "+"
            parts.append(f'<mo form="infix">{sign}</mo>{body}')
    return "<mrow>" + "".join(parts) + "</mrow>"


def _lead(row: Row) -> str:
    parts = []
    if row.lead is not None:
        if isinstance(row.lead, str):  # a result's name: a symbol when it is one
            symbol = result_symbol_name(row.lead)
            parts.append(mathml_body(sp.Symbol(symbol)) if symbol is not None
                         else f"<mtext>{esc(row.lead.replace('_', ' '))}</mtext>")
        else:
            parts.append(mathml_body(row.lead))
    if row.relation is not None:
        parts.append(f"<mo>{_RELATIONS[row.relation]}</mo>")
    return "<mrow>" + "".join(parts) + "</mrow>"


def rows_mathml(d: Display) -> str:
    """The rows of a broken display as an ``mtable``."""
    rows = "".join(f'<mtr><mtd class="lead">{_lead(r)}</mtd>'
                   f'<mtd class="terms">{_terms(r)}</mtd></mtr>' for r in d.rows)
    return f'<mtable class="rows">{rows}</mtable>'


def display(expr: sp.Basic, limit: int = LIMIT) -> str:
    """``<math display="block">`` for a claim or a value, broken into rows if long."""
    laid = layout(expr, limit)
    if laid.single or not laid.rows:
        return math_nodes(mathml_body(expr), display=True)
    return math_nodes(rows_mathml(laid), display=True)
