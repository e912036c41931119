"""Random convex quadratics f(w) = 1/2 w^T A w - b^T w in mpmath.

``A = Q diag(lambda) Q^T`` with ``Q`` a random orthogonal matrix (QR of a
Gaussian matrix) and a chosen, ascending spectrum; ``b`` and ``w^0`` are
random, and ``w* = A^{-1} b`` is found by an LU solve, not from the
eigendecomposition, so that the witness does not assume what it tests.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import mpmath
from mpmath import mp


def random_orthogonal(rng: random.Random, n: int) -> mpmath.matrix:
    """A random orthogonal matrix at the current precision."""
    gaussian = mp.matrix([[mp.mpf(rng.gauss(0, 1)) for _ in range(n)] for _ in range(n)])
    q, _ = mp.qr(gaussian)
    return q


def random_vector(rng: random.Random, n: int, scale: float = 1.0) -> mpmath.matrix:
    return mp.matrix([mp.mpf(rng.uniform(-scale, scale)) for _ in range(n)])


@dataclass(frozen=True)
class Quadratic:
    """A convex quadratic with its eigendecomposition."""

    Q: mpmath.matrix
    spectrum: tuple[mpmath.mpf, ...]
    A: mpmath.matrix
    b: mpmath.matrix
    w_star: mpmath.matrix

    @property
    def n(self) -> int:
        return len(self.spectrum)

    def value(self, w: mpmath.matrix) -> mpmath.mpf:
        return (w.T * self.A * w)[0] / 2 - (self.b.T * w)[0]

    def gradient(self, w: mpmath.matrix) -> mpmath.matrix:
        return self.A * w - self.b

    @cached_property
    def _rows(self) -> tuple[tuple[mpmath.mpf, ...], ...]:
        return tuple(tuple(self.A[i, j] for j in range(self.n)) for i in range(self.n))

    def gradient_entries(self, w: tuple) -> tuple:
        """:meth:`gradient` on a vector's entries, with the same arithmetic (each
        entry a dot product, then b subtracted): what a run of many steps calls."""
        return tuple(mp.fdot(row, w) - b for row, b in zip(self._rows, self._b, strict=True))

    @cached_property
    def _b(self) -> tuple[mpmath.mpf, ...]:
        return tuple(self.b[i] for i in range(self.n))

    def eigencoordinates(self, w: mpmath.matrix) -> mpmath.matrix:
        """x = Q^T (w - w*)."""
        return self.Q.T * (w - self.w_star)


def random_quadratic(rng: random.Random, spectrum: Sequence[mpmath.mpf]) -> Quadratic:
    """A quadratic with the given eigenvalues (sorted ascending) and random eigenvectors."""
    values = tuple(sorted(mp.mpf(s) for s in spectrum))
    n = len(values)
    q = random_orthogonal(rng, n)
    a = q * mp.diag(values) * q.T
    a = (a + a.T) / 2  # exactly symmetric
    b = random_vector(rng, n)
    return Quadratic(q, values, a, b, mp.lu_solve(a, b))


def random_spectrum(rng: random.Random, n: int, low: float, high: float) -> tuple[mpmath.mpf, ...]:
    """n eigenvalues in [low, high], including both ends."""
    inner = [mp.mpf(low) + (mp.mpf(high) - low) * mp.mpf(rng.random()) for _ in range(n - 2)]
    return tuple(sorted([mp.mpf(low), *inner, mp.mpf(high)]))
