"""Comparisons between what the algorithm did and what was derived."""

from __future__ import annotations

import re

import mpmath
from mpmath import mp

from momentum_sym.kernel.inline_math import NotationError, read
from momentum_sym.kernel.numeric import agreement_digits
from momentum_sym.kernel.outcome import Comparison

_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?")


def equals(name: str, value: str) -> str:
    """``name = value`` as prose for a comparison: one maths span (`` `beta = 0.5` ``),
    except that a value not written as a plain decimal or fraction (``1.2e-5``, which the
    maths reader would take for a product with ``e``; ``+inf``) stays in words after the
    span, and a name the reader cannot read (a user's parameter) stays in words too."""
    try:
        read(name)
    except NotationError:
        return f"{name} = {value}"
    if _PLAIN_NUMBER.fullmatch(value):
        return f"`{name} = {value}`"
    return f"`{name}` = {value}"


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
