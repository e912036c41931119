"""SymPy's order of the terms of a sum, found once per sum.

Printing a build asks for the order of the same sum about twelve times (each printer,
each measure of a display's width, each reading form), and SymPy computes it anew each
time, turning every coefficient into a Python complex number through ``evalf`` to sort
it: a quarter of rendering.  The order depends only on the sum and the order's name,
and SymPy's equality is structural (``x + 2.0`` is not ``x + 2``), so a sum is a
sound key.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

#: Orders that are not computed by ``Expr.as_ordered_terms`` (SymPy's printers handle
#: them themselves).
_PRINTER_ORDERS = frozenset({"old", "none"})


@lru_cache(maxsize=8192)
def _ordered(expr: sp.Expr, order: str | None) -> tuple[sp.Basic, ...]:
    return tuple(expr.as_ordered_terms(order=order))


def ordered_terms(expr: sp.Expr, order: str | None = None) -> list[sp.Basic]:
    """``expr.as_ordered_terms(order)``, computed once per sum and order."""
    return list(_ordered(expr, order))


class CachedTermOrder:
    """A printer mixin: SymPy's term order of a sum from :func:`ordered_terms`."""

    def _as_ordered_terms(self, expr, order=None):
        order = order or self.order
        if order in _PRINTER_ORDERS:
            return super()._as_ordered_terms(expr, order=order)
        return ordered_terms(expr, order)
