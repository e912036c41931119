"""unrolled-gd: every past gradient enters w^{k+1} with weight 1."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import symbols as S
from momentum_sym.results import unrolled_gd
from tests.corrupt import replace_step, run_witness, with_results

ID = "unrolled-gd"


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


EXPECTED = [("gamma", -S.alpha)]  # hand-typed: w^{k+1} = w^0 + sum gamma_i^k grad f(w^i)


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    assert sp.simplify(derivation.results[name] - expected) == 0


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed


def only(derivation, label, rhs):
    step = derivation.step(label)
    changed = replace_step(derivation, label,
                           claim=sp.Eq(step.claim.lhs, rhs, evaluate=False))
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def unrolled(gamma):
    return sp.Matrix([unrolled_gd.unrolled_sum(gamma, j) for j in range(unrolled_gd.FINITE)])


CORRUPTIONS = [
    ("weight doubled (dropped factor 1/2)", "induction", sp.Integer(2)),
    ("weight flipped", "induction", sp.Integer(-1)),
    ("weights k - i + 1 (index mix-up)", "first-iterates", unrolled(S.k - S.i + 1)),
    ("the article's generic sign: w^0 + alpha sum", "first-iterates", unrolled(sp.Integer(-1))),
]


@pytest.mark.parametrize(("what", "label", "rhs"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, rhs):
    report = verify(only(derivation, label, rhs), samples=4)
    assert [s.label for s in report.failures] == [label], what


@pytest.mark.parametrize("wrong", [S.k - S.i + 1, sp.Integer(1), S.alpha, -2 * S.alpha],
                         ids=["lag + 1", "without -alpha", "sign flipped", "doubled"])
def test_witness_catches_a_wrong_gamma(derivation, wrong):
    assert not run_witness(with_results(derivation, gamma=wrong)).passed
