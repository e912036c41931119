"""early-stopping-vs-tikhonov: both spectral filters against hand-typed expectations,
full verification, and corrupted steps that verification must catch."""

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.results import symbols as S
from momentum_sym.results.early_stopping_vs_tikhonov import y_i
from tests.corrupt import flip_sign, replace_step, scale_rhs

ID = "early-stopping-vs-tikhonov"

EXPECTED = [
    ("gd_filter", 1 - (1 - S.alpha * S.lam) ** S.k),
    ("tikhonov_filter", S.lam / (S.lam + S.eta)),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_result(name, expected):
    assert sp.simplify(get(ID).results[name] - expected) == 0


@pytest.mark.parametrize(("name", "point", "value"), [
    ("gd_filter", {S.k: 0}, 0),  # nothing recovered before the first step
    ("gd_filter", {S.alpha: 1, S.lam: 1, S.k: 3}, 1),  # alpha = 1/lambda: exact at once
    ("tikhonov_filter", {S.lam: 3, S.eta: 1}, sp.Rational(3, 4)),
])
def test_filter_values(name, point, value):
    assert sp.simplify(get(ID).results[name].subs(point) - value) == 0


def test_small_eigenvalue_slopes_match_with_eta_one_over_k_alpha():
    d = get(ID)
    gd = d.step("gd-small-lambda").claim.rhs
    tikhonov = d.step("tikhonov-small-lambda").claim.rhs
    assert sp.simplify(gd - tikhonov.subs(S.eta, 1 / (S.k * S.alpha))) == 0


def test_verification_passes():
    report = verify(get(ID))
    assert report.passed, [(s.label, s.symbolic, s.numeric) for s in report.failures]
    assert report.witness is not None and report.witness.passed
    assert report.min_digits is None or report.min_digits >= 45


CORRUPTIONS = [
    ("closed-form", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({S.k: S.k + 1}),
                                    evaluate=False)),  # off by one step
    ("gd-filter", flip_sign),
    ("component", lambda s: s.claim.xreplace({S.lambdas[S.i]: S.lambdas[1]})),
    ("tikhonov-component", lambda s: sp.Eq(y_i, s.claim.rhs.xreplace({S.eta: -S.eta}),
                                           evaluate=False)),
    ("tikhonov-filter", lambda s: scale_rhs(s, S.lam)),  # a stray factor
    ("tikhonov-symmetric", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({S.eta: 2 * S.eta}),
                                           evaluate=False)),
]


@pytest.mark.parametrize(("label", "corrupt"), CORRUPTIONS)
def test_corrupted_step_is_caught(label, corrupt):
    derivation = get(ID)
    claim = corrupt(derivation.step(label))
    assert claim != derivation.step(label).claim
    report = verify(replace_step(derivation, label, claim=claim), samples=4)
    assert not report.passed
    assert [s.label for s in report.failures] == [label]
