"""momentum-eigenvalues: the roots of the characteristic polynomial of R."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import symbols as S
from tests.corrupt import flip_sign, replace_step

ID = "momentum-eigenvalues"
_DISCRIMINANT = sp.expand((1 + S.beta - S.alpha * S.lam) ** 2 - 4 * S.beta)
# Hand-typed: the quadratic formula for sigma^2 - (1 + beta - alpha lambda) sigma + beta.
EXPECTED = [
    ("sigma_1", (1 + S.beta - S.alpha * S.lam + sp.sqrt(_DISCRIMINANT)) / 2),
    ("sigma_2", (1 + S.beta - S.alpha * S.lam - sp.sqrt(_DISCRIMINANT)) / 2),
]


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_result(derivation, name, expected):
    assert sp.expand(derivation.results[name] - expected) == 0


def test_sigma_1_is_the_larger_real_root(derivation):
    point = {S.alpha: sp.Rational(1, 10), S.beta: sp.Rational(1, 4), S.lam: 1}
    assert derivation.results["sigma_1"].xreplace(point) > \
        derivation.results["sigma_2"].xreplace(point)


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed
    assert {c.detail.split(" ")[0] for c in report.witness.comparisons} == {"real", "complex"}


def only(derivation, label, **changes):
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def corrupt(derivation, label, how):
    step = derivation.step(label)
    s1, s2 = derivation.results["sigma_1"], derivation.results["sigma_2"]
    if how == "flip":
        return flip_sign(step)
    if how == "swap":  # sigma_1 and sigma_2 exchanged
        return step.claim.xreplace({s1: s2, s2: s1})
    if how == "drop-half":  # the 1/2 in front of the square root dropped
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace(
            {sp.sqrt(_DISCRIMINANT) / 2: sp.sqrt(_DISCRIMINANT)}), evaluate=False)
    if how == "trace-sign":
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({S.alpha: -S.alpha}),
                     evaluate=False)
    raise ValueError(how)


CORRUPTIONS = [("characteristic", "trace-sign"), ("sigma_1", "drop-half"),
               ("branch", "swap"), ("vieta-product", "flip"), ("determinant", "flip")]


@pytest.mark.parametrize(("label", "how"), CORRUPTIONS)
def test_corrupted_step_is_caught(derivation, label, how):
    claim = corrupt(derivation, label, how)
    assert claim != derivation.step(label).claim
    report = verify(only(derivation, label, claim=claim), samples=4)
    assert [s.label for s in report.failures] == [label]
    caught = report.steps[0]
    assert caught.symbolic.status is Status.FAILED or not caught.numeric.passed
