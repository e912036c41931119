"""How large an expression grows when SymPy expands it, told before it is expanded.

Expanding ``lambda (a + b + c + d + e)^300`` writes out hundreds of millions of terms:
what reads a formula someone typed outside a bounded worker must not start that.
"""

from __future__ import annotations

from math import comb

import sympy as sp


def expanded_terms(expr: sp.Basic, most: int) -> int:
    """An upper estimate of the number of terms of ``sp.expand(expr)``, or ``most + 1``
    when it is more than ``most``: a sum adds its terms' counts, a product multiplies its
    factors', and a power ``(m terms)^n`` has at most ``C(m + n - 1, n)`` monomials.  The
    arguments of functions and the bases of other powers are expanded too, and counted
    as the work they take."""
    over = most + 1
    if isinstance(expr, sp.Add):
        return min(over, sum(expanded_terms(t, most) for t in expr.args))
    if isinstance(expr, sp.Mul):
        count = 1
        for factor in expr.args:
            count = min(over, count * expanded_terms(factor, most))
        return count
    if isinstance(expr, sp.Pow):
        base = expanded_terms(expr.base, most)
        n = expr.exp
        if n.is_Integer and n > 1 and base > 1:
            return min(over, comb(min(base, over) + int(n) - 1, int(n)) if int(n) < over
                       else over)
        return base
    if expr.args:
        return min(over, max(expanded_terms(a, most) for a in expr.args))
    return 1


def small_enough_to_expand(expr: sp.Basic, most: int = 5000) -> bool:
    """Whether ``sp.expand(expr)`` writes at most ``most`` terms (by the estimate)."""
    return expanded_terms(expr, most) <= most
