"""unrolled-momentum: grad f(w^i) enters w^{k+1} with weight (1 - beta^{k+1-i})/(1 - beta)."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import symbols as S
from momentum_sym.results import unrolled_gd, unrolled_momentum
from tests.corrupt import replace_step, run_witness, with_results

ID = "unrolled-momentum"
beta, k, i = S.beta, S.k, S.i
m = unrolled_momentum.lag


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


EXPECTED = [("gamma", -S.alpha * (1 - beta ** (k + 1 - i)) / (1 - beta))]  # hand-typed


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    assert sp.simplify(derivation.results[name] - expected) == 0


def test_gradient_descent_is_beta_zero(derivation):
    """At beta = 0 every coefficient is -alpha, as in unrolled-gd (k >= i)."""
    gamma = derivation.results["gamma"]
    for kk in range(4):
        for ii in range(kk + 1):
            value = gamma.xreplace({k: kk, i: ii}).xreplace({beta: 0})
            assert value == get("unrolled-gd").results["gamma"]


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed


def test_article_sign_is_wrong(derivation):
    """The article prints w^{k+1} = w^0 + alpha sum ...: with the derived weights the
    plus sign does not reproduce the iterates."""
    gamma = derivation.results["gamma"]
    printed = unrolled_gd.unrolled_sum(-gamma, 2)
    derived = unrolled_gd.unrolled_sum(gamma, 2)
    assert sp.expand(printed - derived) != 0
    assert not run_witness(with_results(derivation, gamma=-gamma)).passed


def only(derivation, label, rhs):
    step = derivation.step(label)
    changed = replace_step(derivation, label,
                           claim=sp.Eq(step.claim.lhs, rhs, evaluate=False))
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def unrolled(gamma):
    return sp.Matrix([sp.expand(unrolled_gd.unrolled_sum(gamma, j))
                      for j in range(unrolled_momentum.FINITE)])


CORRUPTIONS = [
    ("velocity sign flipped", "velocity-induction", -beta**m),
    ("sum drops the factor 1/(1 - beta)", "weight-sum", -S.alpha * (1 - beta ** (m + 1))),
    ("sum exponent off by one", "weight-induction", -S.alpha * (1 - beta**m) / (1 - beta)),
    ("rsolve form with a flipped sign", "weight-rsolve",
     -S.alpha * (1 + beta ** (m + 1)) / (1 - beta)),
    ("k and i swapped", "substitute-lag", -S.alpha * (1 - beta ** (i + 1 - k)) / (1 - beta)),
    ("first iterates with the article's sign", "first-iterates",
     unrolled(S.alpha * (1 - beta ** (k + 1 - i)) / (1 - beta))),
]


@pytest.mark.parametrize(("what", "label", "rhs"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, rhs):
    report = verify(only(derivation, label, rhs), samples=4)
    assert [s.label for s in report.failures] == [label], what
