"""Limits and derivatives carried out once per expression.

A step's claim may hold ``Limit`` and ``Derivative`` objects.  Its numeric check, its
certification in ball arithmetic and its symbolic decision each need them carried
out; SymPy does not keep the value of ``Limit.doit``, so without a shared record the
same limit was found again for each of them (and twice for the numeric check).
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp


@lru_cache(maxsize=4096)
def carried_out(node: sp.Basic) -> sp.Basic:
    """``node.doit()``, found once per process for each limit or derivative."""
    return node.doit()


def _is_calculus(e: sp.Basic) -> bool:
    return isinstance(e, (sp.Limit, sp.Derivative))


@lru_cache(maxsize=4096)
def evaluable(expr: sp.Basic) -> sp.Basic:
    """``expr`` with every limit and derivative carried out (innermost first); sums
    and other unevaluated objects are kept."""
    return expr.replace(_is_calculus, carried_out)
