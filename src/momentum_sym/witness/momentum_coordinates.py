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

from momentum_sym.witness.iterations import momentum
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
    """Run ``steps`` steps of momentum from random (z^0, w^0) and rotate the iterates."""
    problem = random_quadratic(rng, spectrum)
    n = problem.n
    w0, z0 = random_vector(rng, n), random_vector(rng, n)
    ys, xs = [], []
    for z, w in momentum(problem.gradient, w0, z0, mp.mpf(alpha), mp.mpf(beta), steps):
        y, x = problem.Q.T * z, problem.eigencoordinates(w)
        ys.append(tuple(y[j] for j in range(n)))
        xs.append(tuple(x[j] for j in range(n)))
    return EigenTrajectory(problem, mp.mpf(alpha), mp.mpf(beta), tuple(ys), tuple(xs))


def state_norm(trajectory: EigenTrajectory, k: int) -> mpmath.mpf:
    """The Euclidean norm of (y^k, x^k), that is of (z^k, w^k - w*)."""
    return mp.sqrt(sum(v**2 for v in (*trajectory.y[k], *trajectory.x[k])))
