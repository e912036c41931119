"""polynomial-eigenfeatures: the decoupled optimum against a hand-typed expectation,
full verification, and corrupted steps that verification must catch."""

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.results import symbols as S
from momentum_sym.results.polynomial_eigenfeatures import XI, c_i
from tests.corrupt import flip_sign, replace_step, scale_rhs

ID = "polynomial-eigenfeatures"

EXPECTED = [
    # (name, hand-typed expectation)
    ("x_star", c_i / S.lam),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_result(name, expected):
    assert sp.simplify(get(ID).results[name] - expected) == 0


def test_verification_passes():
    report = verify(get(ID))
    assert report.passed, [(s.label, s.symbolic, s.numeric) for s in report.failures]
    assert report.witness is not None and report.witness.passed
    assert report.min_digits is None or report.min_digits >= 45


def test_gram_matrix_is_hankel_of_power_sums():
    claim = get(ID).step("gram-hankel").claim
    assert claim.rhs[0, 2] == sum(x**2 for x in XI)
    assert claim.rhs[1, 2] == sum(x**3 for x in XI)


CORRUPTIONS = [
    # (step label, corrupted claim built from the step)
    ("one-d-optimum", flip_sign),
    ("least-squares", lambda s: scale_rhs(s, 2)),  # a dropped factor 1/2
    ("decouple", lambda s: s.claim.xreplace({S.lambdas[S.i]: S.lambdas[1]})),  # swapped index
    ("reassemble", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({S.A: S.A.T * S.A}),
                                   evaluate=False)),
    ("same-model", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({S.w: S.Q * S.w}),
                                   evaluate=False)),  # the article's x = Q w
    ("gram-psd", lambda s: sp.StrictLessThan(s.claim.lhs, -s.claim.lhs)),
]


@pytest.mark.parametrize(("label", "corrupt"), CORRUPTIONS)
def test_corrupted_step_is_caught(label, corrupt):
    derivation = get(ID)
    claim = corrupt(derivation.step(label))
    assert claim != derivation.step(label).claim
    report = verify(replace_step(derivation, label, claim=claim), samples=4)
    assert not report.passed
    assert [s.label for s in report.failures] == [label]
