"""A sum printed in the order of its terms."""

from __future__ import annotations

import sympy as sp


class OrderedSum(sp.Add):
    """``a + b + c`` printed in the order of its arguments, never re-sorted.

    Two kinds of sums need it: a sum in a reason, as its author wrote it
    (``x'' + c x' + lambda x``, where SymPy's order reads ``c x' + lambda x + x''``),
    and a polynomial collected for its reader, highest power first
    (``sigma^2 + (alpha lambda - beta - 1) sigma + beta``).  It is always built
    unevaluated, also when an expression is rebuilt from its arguments, so that the
    order survives; its value is the sum's."""

    def __new__(cls, *args, evaluate=None, _sympify=True):
        return super().__new__(cls, *args, evaluate=False, _sympify=_sympify)
