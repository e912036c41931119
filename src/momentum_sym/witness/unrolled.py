"""Unrolling an iteration: run it, record every gradient, and rebuild the iterate.

For gradient descent and momentum, w^{k+1} = w^0 + sum_{i=0}^{k} gamma_i^k grad f(w^i).
The witness runs the algorithm on a random quadratic, keeps the gradients it
evaluated, and compares each iterate with the unrolled sum built from a derived
coefficient ``gamma(k, i)``.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import mpmath
from mpmath import mp

from momentum_sym.kernel.outcome import Comparison
from momentum_sym.witness.checks import compare_vectors
from momentum_sym.witness.quadratic import Quadratic

Coefficient = Callable[[int, int], mpmath.mpf]


def exact(value: Fraction):
    """A rational parameter as an mpmath number at the current precision."""
    return mp.mpf(value.numerator) / value.denominator


def momentum_with_gradients(problem: Quadratic, w0: mpmath.matrix, alpha, beta, steps: int
                            ) -> tuple[list[mpmath.matrix], list[mpmath.matrix]]:
    """Iterates w^0..w^steps of momentum from z^0 = 0 (beta = 0 is gradient descent),
    and the gradients grad f(w^0)..grad f(w^{steps-1}) it used."""
    w, z = w0, mp.matrix(problem.n, 1)
    iterates, gradients = [w], []
    for _ in range(steps):
        g = problem.gradient(w)
        gradients.append(g)
        z = z * beta + g
        w = w - z * alpha
        iterates.append(w)
    return iterates, gradients


def compare_unrolled(name: str, iterates: list[mpmath.matrix], gradients: list[mpmath.matrix],
                     gamma: Coefficient, required_digits: float) -> Comparison:
    """The worst agreement, over k, of w^{k+1} with w^0 + sum_i gamma(k, i) grad f(w^i)."""
    worst: Comparison | None = None
    for k in range(len(gradients)):
        unrolled = iterates[0]
        for i in range(k + 1):
            unrolled = unrolled + gradients[i] * gamma(k, i)
        comparison = compare_vectors(name, iterates[k + 1], unrolled, required_digits,
                                     detail=f"worst over `0 <= k <= {len(gradients) - 1}`")
        if worst is None or (comparison.digits or 0) < (worst.digits or 0):
            worst = comparison
    assert worst is not None
    return worst
