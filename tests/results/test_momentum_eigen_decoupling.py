"""momentum-eigen-decoupling: per-eigenvalue recurrences from the momentum update."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import symbols as S
from tests.corrupt import flip_sign, replace_step, scale_rhs

ID = "momentum-eigen-decoupling"

# Hand-typed expectations (Goh 2017 with the state (y_i, x_i); d2l.ai's R rows).
EXPECTED = [
    ("y_next", S.beta * S.y_k + S.lam * S.x_k),
    ("x_next", -S.alpha * S.beta * S.y_k + (1 - S.alpha * S.lam) * S.x_k),
]


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_result(derivation, name, expected):
    assert sp.expand(derivation.results[name] - expected) == 0


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed
    assert all(c.digits >= 45 for c in report.witness.comparisons)


def only(derivation, label, **changes):
    """The derivation reduced to one (changed) step and no witness: fast to verify."""
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def corrupt(step, how):
    if how == "flip":
        return flip_sign(step)
    if how == "half":
        return scale_rhs(step, sp.Rational(1, 2))
    if how == "swap-index":
        return step.claim.xreplace({S.lambdas[S.i]: S.lambdas[1]})
    if how == "drop-beta":
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({S.beta: 1}), evaluate=False)
    if how == "lower-sign":
        return step.claim.xreplace({S.alpha: -S.alpha})
    if how == "transpose":
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({S.Q.T: S.Q}), evaluate=False)
    raise ValueError(how)


CORRUPTIONS = [
    ("y-substitute", "transpose"),
    ("y-orthogonal", "drop-beta"),
    ("x-orthogonal", "flip"),
    ("y-component", "swap-index"),
    ("system", "lower-sign"),
    ("multiply", "half"),
]


@pytest.mark.parametrize(("label", "how"), CORRUPTIONS)
def test_corrupted_step_is_caught(derivation, label, how):
    claim = corrupt(derivation.step(label), how)
    assert claim != derivation.step(label).claim
    report = verify(only(derivation, label, claim=claim), samples=4)
    assert [s.label for s in report.failures] == [label]
    assert report.steps[0].symbolic.status is Status.FAILED


def test_uncorrupted_steps_pass_alone(derivation):
    for label, _ in CORRUPTIONS:
        assert verify(only(derivation, label), samples=2).passed, label
