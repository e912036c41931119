"""Reading forms: how an expression is printed when SymPy's own form reads worse.

SymPy keeps sqrt(alpha lambda) as sqrt(alpha) sqrt(lambda) when both are positive;
a textbook writes one root.  A quotient whose numerator is a long sum is written
1/d (a + b + ...), which a line can be broken in.  These rewrites change only how
an expression is printed (the printed form is the same number), never what is
checked.
"""

from __future__ import annotations

import sympy as sp

_HALF = sp.Rational(1, 2)
LONG_SUM = 6  # terms in a numerator from which it is set after 1/d

def _is_root_of_positive(factor: sp.Basic) -> bool:
    return (isinstance(factor, sp.Pow) and factor.exp == _HALF
            and bool(factor.base.is_positive))


def _one_root(product: sp.Mul) -> sp.Basic:
    """sqrt(a) sqrt(b) c -> sqrt(a b) c (a, b > 0), unevaluated so that it stays so."""
    roots = [f for f in product.args if _is_root_of_positive(f)]
    if len(roots) < 2:
        return product
    others = [f for f in product.args if f not in roots]
    radicand = sp.Mul(*(r.base for r in roots), evaluate=False)
    merged = sp.Pow(radicand, _HALF, evaluate=False)
    return sp.Mul(*others, merged, evaluate=False) if others else merged


def readable(expr: sp.Basic) -> sp.Basic:
    """``expr`` in its reading form (see the module docstring)."""
    if not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(readable)
    if not expr.has(sp.Pow):
        return expr
    args = tuple(readable(a) for a in expr.args)
    rebuilt = expr
    if args != expr.args:
        # only when a part changed: entering evaluate(False) clears SymPy's whole cache
        # (twice), which cost more than the rest of the rendering together
        with sp.evaluate(False):
            rebuilt = expr.func(*args)
    if isinstance(rebuilt, sp.Mul):
        return _long_quotient(_one_root(rebuilt))
    return rebuilt


def _long_quotient(product: sp.Basic) -> sp.Basic:
    """(a + b + ... ) / d as 1/d (a + b + ...) when the sum is long."""
    if not isinstance(product, sp.Mul):
        return product
    numerator, denominator = product.as_numer_denom()
    if denominator == 1 or not isinstance(numerator, sp.Add) or len(numerator.args) < LONG_SUM:
        return product
    return sp.Mul(sp.UnevaluatedExpr(1 / denominator), numerator, evaluate=False)
