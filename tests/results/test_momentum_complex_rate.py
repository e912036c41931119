"""momentum-complex-rate: |sigma_1| = |sigma_2| = sqrt(beta) on the complex region."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import symbols as S
from momentum_sym.results.momentum_complex_rate import DELTA, TAU
from tests.corrupt import flip_sign, replace_step

ID = "momentum-complex-rate"


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


def test_named_result(derivation):
    assert derivation.results["rate"] == sp.sqrt(S.beta)  # hand-typed


def test_rate_is_the_modulus_at_a_complex_point(derivation):
    """Independent: exact eigenvalues of R at a rational point with complex roots."""
    point = {S.alpha: sp.Rational(1, 2), S.beta: sp.Rational(81, 100), S.lam: 1}
    r = sp.Matrix([[S.beta, S.lam], [-S.alpha * S.beta, 1 - S.alpha * S.lam]]).xreplace(point)
    for root in r.eigenvals():
        assert sp.im(root) != 0
        assert sp.simplify(sp.Abs(root) - derivation.results["rate"].xreplace(point)) == 0


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


def corrupt(derivation, label, how):
    step = derivation.step(label)
    if how == "flip":
        return flip_sign(step)
    if how == "swap":  # conj(sigma_1) = sigma_1 instead of sigma_2
        return sp.Eq(step.claim.lhs, sp.conjugate(step.claim.rhs), evaluate=False)
    if how == "rate-beta":  # the rate without the square root
        return sp.Eq(step.claim.lhs, S.beta, evaluate=False)
    if how == "drop-quarter":
        return sp.Eq(step.claim.lhs, sp.expand(4 * step.claim.rhs), evaluate=False)
    if how == "real-delta":  # forget that sqrt(Delta) is imaginary
        return sp.Eq(step.claim.lhs, sp.sqrt(-DELTA), evaluate=False)
    raise ValueError(how)


CORRUPTIONS = [("trace-form", "flip"), ("imaginary", "real-delta"), ("conjugates", "swap"),
               ("modulus-squared", "drop-quarter"), ("product", "flip"), ("rate", "rate-beta")]


@pytest.mark.parametrize(("label", "how"), CORRUPTIONS)
def test_corrupted_step_is_caught(derivation, label, how):
    claim = corrupt(derivation, label, how)
    assert claim != derivation.step(label).claim
    report = verify(only(derivation, label, claim=claim), samples=4)
    assert [s.label for s in report.failures] == [label]
    caught = report.steps[0]
    assert caught.symbolic.status is Status.FAILED or not caught.numeric.passed


def test_symbols_carry_the_region():
    assert TAU.is_real and DELTA.is_negative
