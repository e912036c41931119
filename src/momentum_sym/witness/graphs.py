"""Pixel grids and the colorization problem, run in mpmath.

The grid has ``rows * cols`` pixels numbered row by row from 0; its edges join
each pixel to its right and lower neighbours (4-neighbour grid).  The
colorization objective is 1/2 sum_{i in D} (w_i - 1)^2 + 1/2 sum_{(i,j) in E}
(w_i - w_j)^2, each edge counted once; its gradient at pixel i is
sum_{j in N(i)} (w_i - w_j) + [i in D] (w_i - 1).
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath
from mpmath import mp


def grid_edges(rows: int, cols: int) -> list[tuple[int, int]]:
    """The 4-neighbour edges (i, j), i < j, of a rows x cols grid."""
    edges = []
    for r in range(rows):
        for c in range(cols):
            here = r * cols + c
            if c + 1 < cols:
                edges.append((here, here + 1))
            if r + 1 < rows:
                edges.append((here, here + cols))
    return edges


def neighbours(size: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """N(i) for every pixel, in increasing order."""
    result: list[list[int]] = [[] for _ in range(size)]
    for i, j in edges:
        result[i].append(j)
        result[j].append(i)
    return [sorted(n) for n in result]


def pixel_gradient(w: Sequence, near: Sequence[Sequence[int]], fixed: frozenset[int]) -> list:
    """The colorization gradient, pixel by pixel (no matrices)."""
    return [sum((w[i] - w[j] for j in near[i]), mp.zero) + ((w[i] - 1) if i in fixed else 0)
            for i in range(len(w))]


def system_matrix(size: int, edges: Sequence[tuple[int, int]], fixed: frozenset[int]
                  ) -> mpmath.matrix:
    """L_G + sum_{i in D} e_i e_i^T in mpmath."""
    a = mp.matrix(size, size)
    for i, j in edges:
        a[i, i] += 1
        a[j, j] += 1
        a[i, j] -= 1
        a[j, i] -= 1
    for i in fixed:
        a[i, i] += 1
    return a


def iterations_to_tolerance(near: Sequence[Sequence[int]], fixed: frozenset[int], alpha,
                            beta, tolerance, limit: int) -> int:
    """Momentum (gradient descent when beta = 0) from w^0 = 0 on the colorization
    problem, pixel by pixel; the first k with max_i |w_i^k - 1| <= tolerance."""
    size = len(near)
    w = [mp.zero] * size
    z = [mp.zero] * size
    for k in range(1, limit + 1):
        g = pixel_gradient(w, near, fixed)
        z = [beta * zi + gi for zi, gi in zip(z, g, strict=True)]
        w = [wi - alpha * zi for wi, zi in zip(w, z, strict=True)]
        if all(abs(wi - 1) <= tolerance for wi in w):  # stops at the first pixel still off
            return k
    return limit + 1
