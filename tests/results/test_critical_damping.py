"""critical-damping: beta = (1 - sqrt(alpha lambda))^2, rate |1 - sqrt(alpha lambda)|."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import critical_damping
from momentum_sym.results import symbols as S
from tests.corrupt import flip_sign, replace_step, run_witness, scale_rhs, with_results

ID = "critical-damping"
alpha, lam = S.alpha, S.lam
x = sp.Symbol("x", positive=True)  # sqrt(alpha lambda), for comparing by hand


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


EXPECTED = [  # hand-typed, in x = sqrt(alpha lambda)
    ("beta", (1 - x) ** 2),
    ("rate", sp.Abs(1 - x)),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    derived = derivation.results[name].xreplace({alpha: x**2 / lam})
    assert sp.simplify(derived - expected) == 0


@pytest.mark.parametrize("value", [sp.Rational(1, 100), sp.Rational(1, 2), 1, 2, 3])
def test_rate_is_sqrt_beta_and_beats_gd(derivation, value):
    point = {alpha: value, lam: 1}
    beta, rate = (derivation.results[n].xreplace(point) for n in ("beta", "rate"))
    assert sp.simplify(rate - sp.sqrt(beta)) == 0
    assert 0 <= beta < 1
    assert rate <= abs(1 - value)


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed


def only(derivation, label, **changes):
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def with_rhs(step, rhs):
    return sp.Eq(step.claim.lhs, rhs, evaluate=False)


CORRUPTIONS = [
    ("characteristic polynomial sign flipped", "characteristic", flip_sign),
    ("discriminant with 2 beta (dropped factor)", "discriminant",
     lambda s: with_rhs(s, s.claim.rhs + 2 * S.beta)),
    ("the article's root with the plus sign", "beta-minus",
     lambda s: with_rhs(s, (1 + sp.sqrt(alpha * lam)) ** 2 + 1)),
    ("double root with the wrong sign", "double-root",
     lambda s: with_rhs(s, (critical_damping.SIGMA + 1 - sp.sqrt(alpha) * sp.sqrt(lam)) ** 2)),
    ("rate squared is 2 beta", "rate-squared", lambda s: scale_rhs(s, 2)),
    ("gradient descent factor 1 + alpha lambda", "gd-factor",
     lambda s: with_rhs(s, 1 + alpha * lam)),
    ("the limit without its log", "momentum-iterations", lambda s: with_rhs(s, sp.Integer(1))),
]


@pytest.mark.parametrize(("what", "label", "corrupt"), CORRUPTIONS,
                         ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, corrupt):
    report = verify(only(derivation, label, claim=corrupt(derivation.step(label))), samples=4)
    assert [s.label for s in report.failures] == [label], what


def test_wrong_case_of_the_sign_is_caught(derivation):
    """Claiming the double root is nonnegative for alpha lambda > 1 (the article's
    1 - sqrt(alpha lambda) read as the rate everywhere) fails."""
    root = critical_damping.in_t(1 - sp.sqrt(alpha) * sp.sqrt(lam))
    step = derivation.step("rate-cases")
    wrong = dataclasses.replace(step.data, cases=(
        (S.t <= 1, sp.Equivalent(root >= 0, S.t > 0)),
        (S.t > 1, sp.Equivalent(root >= 0, S.t > 0))))
    report = verify(only(derivation, "rate-cases", data=wrong), samples=4)
    assert report.failures and report.failures[0].symbolic.status is Status.FAILED


@pytest.mark.parametrize("corruption", [
    {"beta": (1 - sp.sqrt(alpha) * sp.sqrt(lam)) ** 2 * sp.Rational(101, 100)},
    {"rate": (1 - sp.sqrt(alpha) * sp.sqrt(lam)) ** 2},  # the rate squared
], ids=["beta off by 1%", "rate squared"])
def test_witness_catches_a_wrong_result(derivation, corruption):
    assert not run_witness(with_results(derivation, **corruption)).passed
