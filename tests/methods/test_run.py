"""Running a method's own rule: on entries or on vectors, the same numbers."""

import random

import pytest
from mpmath import mp

from momentum_sym import methods
from momentum_sym.methods.run import one_step_matrix, run
from momentum_sym.tactics.witnesses import draw_parameters
from momentum_sym.witness.quadratic import random_quadratic, random_vector

METHODS = ["gd", "heavy-ball", "nesterov", "qhm", "pytorch-sgd", "sutskever"]


@pytest.mark.parametrize("name", METHODS)
def test_entries_and_vectors_give_the_same_iterates(name):
    method = methods.get(name)
    rng = random.Random(7)
    with mp.workdps(40):
        values = draw_parameters(method, rng)
        values[method.step_size] = mp.mpf(1) / 2
        problem = random_quadratic(rng, (mp.mpf(1) / 3, mp.one, mp.mpf(3) / 2))
        w0 = random_vector(rng, 3)
        on_vectors = run(method, values, problem.gradient, w0, 25)
        on_entries = run(method, values, problem.gradient, w0, 25,
                         gradient_entries=problem.gradient_entries)
        for k in range(26):
            assert on_entries(method.iterate, k) == on_vectors(method.iterate, k)
        assert on_entries.gradients == on_vectors.gradients
        # and the iterates are those of the rule: the error shrinks on this quadratic
        error = mp.norm(on_entries(method.iterate, 25) - problem.w_star)
        assert error < mp.norm(w0 - problem.w_star)


def test_one_step_matrix_of_the_heavy_ball():
    """One step on f = lambda/2 u^2 from the unit states: beta and the gradient step."""
    method = methods.get("heavy-ball")
    alpha, beta = method.step_size, method.momentum
    with mp.workdps(30):
        matrix = one_step_matrix(method, {alpha: mp.mpf("0.25"), beta: mp.mpf("0.5")},
                                 mp.mpf(2))
        trace = matrix[0, 0] + matrix[1, 1]
        determinant = matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
    # sigma^2 - (1 + beta - alpha lambda) sigma + beta, hand-typed for the test
    assert trace == 1 + mp.mpf("0.5") - mp.mpf("0.5") and determinant == mp.mpf("0.5")


def test_a_run_needs_a_gradient():
    method = methods.get("gd")
    with pytest.raises(ValueError, match="needs a gradient"):
        run(method, {method.step_size: mp.mpf(1)}, None, mp.matrix([1]), 1)


@pytest.mark.parametrize(("start", "gradients_per_step"), [
    ((mp.mpf(1), mp.mpf(2)), 1),  # QHM's two uses of grad f(w^k) share one evaluation
    ((mp.nan, mp.mpf(1)), 2),  # NaN equals nothing, so neither does a point holding it
])
def test_a_gradient_is_evaluated_once_per_point_and_step(start, gradients_per_step):
    method = methods.get("qhm")
    rng = random.Random(3)
    with mp.workdps(30):
        values = draw_parameters(method, rng)
        trajectory = run(method, values, lambda v: v * 2, mp.matrix(list(start)), 3)
    assert [len(step) for step in trajectory.gradient_entries] == [gradients_per_step] * 3
