"""The eigencoordinate run on entries gives the same numbers as the algorithm on
mpmath matrices, rotated afterwards (x^k = Q^T (w^k - w*), y^k = Q^T z^k)."""

import random

import pytest
from mpmath import mp

from momentum_sym.witness.iterations import momentum
from momentum_sym.witness.momentum_coordinates import eigen_trajectory
from momentum_sym.witness.quadratic import random_quadratic, random_vector


def _on_matrices(seed, spectrum, alpha, beta, steps):
    """The reference: the same draws, the run on ``mpmath.matrix`` objects."""
    rng = random.Random(seed)
    problem = random_quadratic(rng, spectrum)
    w0, z0 = random_vector(rng, problem.n), random_vector(rng, problem.n)
    ys, xs = [], []
    for z, w in momentum(problem.gradient, w0, z0, mp.mpf(alpha), mp.mpf(beta), steps):
        y, x = problem.Q.T * z, problem.eigencoordinates(w)
        ys.append(tuple(y[j] for j in range(problem.n)))
        xs.append(tuple(x[j] for j in range(problem.n)))
    return tuple(ys), tuple(xs)


@pytest.mark.parametrize(("seed", "spectrum", "alpha", "beta", "steps", "dps"), [
    (0, ("0.5", "1"), "0.3", "0.9", 50, 50),
    (1, ("0.1", "0.4", "2"), "1.1", "0", 30, 30),
    (2, ("1", "3", "5", "8"), "0.05", "0.5", 20, 80),
    (3, ("0.5", "1"), "-0.02", "0.5", 10, 50),
])
def test_the_same_numbers_as_on_matrices(seed, spectrum, alpha, beta, steps, dps):
    with mp.workdps(dps):
        spectrum = tuple(mp.mpf(s) for s in spectrum)
        run = eigen_trajectory(random.Random(seed), spectrum, mp.mpf(alpha), mp.mpf(beta), steps)
        assert (run.y, run.x) == _on_matrices(seed, spectrum, alpha, beta, steps)
        assert len(run.y) == steps + 1
