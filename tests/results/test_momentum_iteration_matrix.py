"""momentum-iteration-matrix: R = L^{-1} U from the decoupled system."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import symbols as S
from tests.corrupt import flip_sign, replace_step

ID = "momentum-iteration-matrix"
# Hand-typed: Goh (2017), "The Dynamics of Momentum"; d2l.ai's R(beta, eta, lambda).
EXPECTED_R = sp.Matrix([[S.beta, S.lam], [-S.alpha * S.beta, 1 - S.alpha * S.lam]])


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


def test_named_result(derivation):
    assert (derivation.results["R"] - EXPECTED_R).applyfunc(sp.expand) == sp.zeros(2)


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed
    assert all(c.digits >= 45 for c in report.witness.comparisons)


def only(derivation, label, **changes):
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def corrupt(step, how):
    if how == "flip":
        return flip_sign(step)
    if how == "transpose":  # the claimed inverse transposed
        lower, inverse = step.claim.lhs.args
        return sp.Eq(sp.MatMul(lower, inverse.T), step.claim.rhs, evaluate=False)
    if how == "drop-alpha":
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({S.alpha: 1}), evaluate=False)
    if how == "swap":  # R applied to (x, y) instead of (y, x)
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({S.x_k: S.y_k, S.y_k: S.x_k}),
                     evaluate=False)
    raise ValueError(how)


CORRUPTIONS = [("inverse", "transpose"), ("product", "flip"), ("product", "drop-alpha"),
               ("one-step", "swap")]


@pytest.mark.parametrize(("label", "how"), CORRUPTIONS)
def test_corrupted_step_is_caught(derivation, label, how):
    claim = corrupt(derivation.step(label), how)
    assert claim != derivation.step(label).claim
    report = verify(only(derivation, label, claim=claim), samples=4)
    assert [s.label for s in report.failures] == [label]
    caught = report.steps[0]
    assert caught.symbolic.status is Status.FAILED or not caught.numeric.passed


def test_witness_catches_a_wrong_matrix(derivation):
    """The witness runs momentum itself: a transposed R disagrees with the iterates."""
    from tests.corrupt import run_witness, with_results

    assert not run_witness(with_results(derivation, R=EXPECTED_R.T)).passed
