"""Comparisons between what the algorithm did and what was derived."""

from __future__ import annotations

import mpmath
from mpmath import mp

from momentum_sym.kernel.numeric import agreement_digits
from momentum_sym.kernel.outcome import Comparison


def compare_vectors(name: str, observed: mpmath.matrix, derived: mpmath.matrix,
                    required_digits: float, detail: str = "") -> Comparison:
    """Digits of agreement of two vectors (or matrices), relative to their size."""
    rows, cols = observed.rows, observed.cols
    error = max(abs(observed[r, c] - derived[r, c]) for r in range(rows) for c in range(cols))
    scale = max(max(abs(observed[r, c]), abs(derived[r, c]))
                for r in range(rows) for c in range(cols))
    digits = agreement_digits(error, scale, mp.dps)
    return Comparison(name, digits >= required_digits, digits, detail)


def compare_numbers(name: str, observed, derived, required_digits: float,
                    detail: str = "") -> Comparison:
    """Digits of agreement of two numbers."""
    digits = agreement_digits(observed - derived, max(abs(observed), abs(derived)), mp.dps)
    return Comparison(name, digits >= required_digits, digits, detail)
