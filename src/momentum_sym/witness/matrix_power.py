"""Small matrices in mpmath: powers by repeated squaring, spectra, and derived
2x2 formulas evaluated with enough working precision.

Near a repeated eigenvalue the distinct-root formula
(sigma_1^k (R - sigma_2 I) - sigma_2^k (R - sigma_1 I)) / (sigma_1 - sigma_2)
subtracts nearly equal numbers and divides by a tiny one: about
log10(max|sigma| / |sigma_1 - sigma_2|) significant digits are lost.
:func:`guarded_precision` estimates that loss so a caller can raise the
working precision by it (locally, with ``mp.workdps``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import mpmath
import sympy as sp
from mpmath import mp


def power(matrix: mpmath.matrix, k: int) -> mpmath.matrix:
    """matrix**k for an integer k >= 0, by repeated squaring (about 2 log2 k products)."""
    if k < 0:
        raise ValueError("negative power")
    result = mp.eye(matrix.rows)
    square = matrix.copy()
    while k:
        if k & 1:
            result = result * square
        k >>= 1
        if k:
            square = square * square
    return result


def evaluate_matrix(matrix: sp.Matrix, values: Mapping[sp.Symbol, object]) -> mpmath.matrix:
    """A SymPy matrix at a point, as an mpmath matrix at the current precision."""
    symbols = sorted(matrix.free_symbols, key=lambda s: s.name)
    function = sp.lambdify(symbols, matrix, "mpmath")
    return mp.matrix(function(*(values[s] for s in symbols)))


def spectral_radius(matrix: mpmath.matrix) -> mpmath.mpf:
    """max |eigenvalue|, eigenvalues by mpmath's eig."""
    eigenvalues, _ = mp.eig(matrix)
    return max(abs(e) for e in eigenvalues)


def lost_digits(sigma_1, sigma_2) -> int | None:
    """Significant digits the distinct-root formula loses to cancellation:
    ceil(log10(max(|sigma_1|, |sigma_2|) / |sigma_1 - sigma_2|)), at least 0;
    None when the two roots are equal at the current precision."""
    gap = abs(sigma_1 - sigma_2)
    if gap == 0:
        return None
    size = max(abs(sigma_1), abs(sigma_2))
    return max(0, math.ceil(float(mp.log10(size / gap))))


def guarded_precision(dps: int, sigma_1, sigma_2, guard: int = 10) -> int | None:
    """The working precision at which the distinct-root formula keeps ``dps``
    digits: dps + lost digits + a guard; None when the roots coincide."""
    lost = lost_digits(sigma_1, sigma_2)
    return None if lost is None else dps + lost + guard


def relative_difference_digits(observed: mpmath.matrix, derived: mpmath.matrix, dps: int
                               ) -> float:
    """Digits of agreement of two matrices relative to the larger entry, capped at dps."""
    error = max(abs(observed[r, c] - derived[r, c])
                for r in range(observed.rows) for c in range(observed.cols))
    scale = max(max(abs(observed[r, c]), abs(derived[r, c]))
                for r in range(observed.rows) for c in range(observed.cols))
    if error == 0:
        return float(dps)
    if scale == 0:
        return 0.0
    return min(float(dps), max(0.0, float(-mp.log10(error / scale))))
