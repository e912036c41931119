"""effective-gradient-count: the leaky average's weights add up to 1/(1 - beta)."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import effective_gradient_count as module
from momentum_sym.results import symbols as S
from tests.corrupt import replace_step

ID = "effective-gradient-count"
beta, t, tau, u = S.beta, module.t, module.tau, module.u


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


# Hand-typed expectations, independent of the derivation.
EXPECTED = [
    ("count", 1 / (1 - beta)),
    ("finite", (1 - beta**t) / (1 - beta)),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    assert sp.simplify(derivation.results[name] - expected) == 0


@pytest.mark.parametrize(("beta_value", "count"), [(0, 1), (sp.Rational(1, 2), 2),
                                                   (sp.Rational(9, 10), 10),
                                                   (sp.Rational(99, 100), 100)])
def test_d2l_numbers(derivation, beta_value, count):
    """d2l's reading: beta = 0.9 averages about 10 gradients, 0.99 about 100."""
    assert derivation.results["count"].xreplace({beta: beta_value}) == count


def test_finite_sum_stays_below_the_count(derivation):
    finite, count = derivation.results["finite"], derivation.results["count"]
    for steps in (1, 5, 50):
        assert finite.xreplace({t: steps, beta: sp.Rational(9, 10)}) < count.xreplace(
            {beta: sp.Rational(9, 10)})


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed


def only(derivation, label, rhs):
    step = derivation.step(label)
    changed = replace_step(derivation, label, claim=sp.Eq(step.claim.lhs, rhs, evaluate=False))
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def first_steps(weight):
    return sp.Matrix([sp.expand(module.leaky_sum(weight, last))
                      for last in range(1, module.FINITE + 1)])


CORRUPTIONS = [
    ("weight sign flipped", "weight-induction", -beta**tau),
    ("weight exponent off by one", "weight-induction", beta ** (tau + 1)),
    ("first steps with the newest gradient leaked too", "first-steps",
     first_steps(beta ** (tau + 1))),
    ("finite sum index off by one", "finite-sum", (1 - beta ** (t + 1)) / (1 - beta)),
    ("finite sum drops 1/(1 - beta)", "finite-sum", 1 - beta**t),
    ("induction with a flipped sign", "finite-induction", (1 - beta**t) / (1 + beta)),
    ("limit inverted", "limit", u / (1 + u)),
    ("count with a flipped sign", "count", 1 / (1 + beta)),
]


@pytest.mark.parametrize(("what", "label", "rhs"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, rhs):
    report = verify(only(derivation, label, rhs), samples=4)
    assert [s.label for s in report.failures] == [label], what
