"""Momentum run on a random quadratic, read in the eigenbasis of A.

The iterates come from :func:`momentum_sym.witness.iterations.momentum` (the
algorithm itself); only afterwards are they rotated into eigencoordinates
x^k = Q^T (w^k - w*), y^k = Q^T z^k, with w* from an LU solve.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import mpmath
from mpmath import mp

from momentum_sym.witness.iterations import momentum_on_entries
from momentum_sym.witness.quadratic import Quadratic, random_quadratic, random_vector


@dataclass(frozen=True)
class EigenTrajectory:
    """The quadratic and the momentum iterates in its eigencoordinates:
    ``y[k][i]`` and ``x[k][i]`` for k = 0..steps."""

    problem: Quadratic
    alpha: mpmath.mpf
    beta: mpmath.mpf
    y: tuple[tuple[mpmath.mpf, ...], ...]
    x: tuple[tuple[mpmath.mpf, ...], ...]


def eigen_trajectory(rng: random.Random, spectrum: Sequence, alpha, beta, steps: int
                     ) -> EigenTrajectory:
    """Run ``steps`` steps of momentum from random (z^0, w^0) and rotate the iterates
    (the run on entries: the same numbers as on ``mpmath.matrix``, sooner)."""
    problem = random_quadratic(rng, spectrum)
    n = problem.n
    w0, z0 = random_vector(rng, n), random_vector(rng, n)
    alpha, beta = mp.mpf(alpha), mp.mpf(beta)
    # rows of Q^T: y = Q^T z and x = Q^T (w - w*) entry by entry, each a dot product
    rotation = tuple(tuple(problem.Q[j, i] for j in range(n)) for i in range(n))
    w_star = tuple(problem.w_star[i] for i in range(n))
    ys, xs = [], []
    for z, w in momentum_on_entries(problem.gradient_entries, tuple(w0[i] for i in range(n)),
                                    tuple(z0[i] for i in range(n)), alpha, beta, steps):
        ys.append(tuple(mp.fdot(row, z) for row in rotation))
        # as mpmath.matrix subtracts: the negated entry is rounded first (w* comes from
        # an LU solve carried at more than the working precision)
        displacement = tuple(wi + si * -1 for wi, si in zip(w, w_star, strict=True))
        xs.append(tuple(mp.fdot(row, displacement) for row in rotation))
    return EigenTrajectory(problem, alpha, beta, tuple(ys), tuple(xs))


def state_norm(trajectory: EigenTrajectory, k: int) -> mpmath.mpf:
    """The Euclidean norm of (y^k, x^k), that is of (z^k, w^k - w*)."""
    return mp.sqrt(sum(v**2 for v in (*trajectory.y[k], *trajectory.x[k])))
