"""The algorithms themselves, iterated in mpmath.

Gradient descent:  w^{k+1} = w^k - alpha grad f(w^k).
Momentum:          z^{k+1} = beta z^k + grad f(w^k),  w^{k+1} = w^k - alpha z^{k+1}.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import mpmath

Gradient = Callable[[mpmath.matrix], mpmath.matrix]


def gradient_descent(gradient: Gradient, w0: mpmath.matrix, alpha, steps: int
                     ) -> Iterator[mpmath.matrix]:
    """Yield w^0, w^1, ..., w^steps."""
    w = w0
    yield w
    for _ in range(steps):
        w = w - gradient(w) * alpha
        yield w


def momentum(gradient: Gradient, w0: mpmath.matrix, z0: mpmath.matrix, alpha, beta, steps: int,
             noise: Callable[[int], mpmath.matrix] | None = None
             ) -> Iterator[tuple[mpmath.matrix, mpmath.matrix]]:
    """Yield (z^k, w^k) for k = 0..steps; ``noise(k)`` is added to the gradient at step k."""
    z, w = z0, w0
    yield z, w
    for k in range(steps):
        g = gradient(w)
        if noise is not None:
            g = g + noise(k)
        z = z * beta + g
        w = w - z * alpha
        yield z, w


def momentum_on_entries(gradient: Callable[[tuple], tuple], w0: tuple, z0: tuple, alpha, beta,
                        steps: int) -> Iterator[tuple[tuple, tuple]]:
    """:func:`momentum` on the vectors' entries: yield (z^k, w^k) for k = 0..steps.

    The same correctly rounded operations in the same order as on ``mpmath.matrix``
    (beta z + g, then w plus the rounded -alpha z), whose bookkeeping costs ten times
    the arithmetic for short vectors: the iterates are the same numbers
    (``tests/witness/test_momentum_coordinates.py``)."""
    z, w = z0, w0
    yield z, w
    for _ in range(steps):
        g = gradient(w)
        z = tuple(beta * zi + gi for zi, gi in zip(z, g, strict=True))
        w = tuple(wi + alpha * zi * -1 for wi, zi in zip(w, z, strict=True))
        yield z, w

