"""The gradient-descent results: named results against independent expectations,
full verification, and corrupted steps that verification must catch."""

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.results import symbols as S
from tests.corrupt import flip_sign, replace_step, scale_rhs

GD_IDS = ["quadratic-optimum", "gd-eigen-decoupling", "gd-closed-form", "gd-loss-decomposition",
          "gd-step-size-range", "gd-optimal-step-size", "eigenbasis-step-by-step"]

EXPECTED = [
    # (id, name, hand-typed expectation)
    ("quadratic-optimum", "gradient", S.A * S.w - S.b),
    ("quadratic-optimum", "w_star", S.A.inv() * S.b),
    ("gd-eigen-decoupling", "x_next", (1 - S.alpha * S.lam) * S.x_k),
    ("gd-closed-form", "x_k", (1 - S.alpha * S.lam) ** S.k * S.x_0),
    ("gd-loss-decomposition", "term",
     sp.Rational(1, 2) * S.lam * (1 - S.alpha * S.lam) ** (2 * S.k) * S.x_0**2),
    ("gd-step-size-range", "upper", sp.Integer(2)),
    ("gd-optimal-step-size", "alpha", 2 / (S.lambda_1 + S.lambda_n)),
    ("gd-optimal-step-size", "rate", (S.kappa - 1) / (S.kappa + 1)),
    ("eigenbasis-step-by-step", "x_next", (1 - S.alpha * S.lam) * S.x_k),
]


@pytest.mark.parametrize(("id", "name", "expected"), EXPECTED)
def test_named_result(id, name, expected):
    derived = get(id).results[name]
    if isinstance(derived, sp.MatrixExpr):
        assert derived.doit() == expected.doit()
    else:
        assert sp.simplify(derived - expected) == 0


@pytest.mark.parametrize("id", GD_IDS)
def test_verification_passes(id):
    report = verify(get(id))
    assert report.passed, [(s.label, s.symbolic, s.numeric) for s in report.failures]
    assert report.witness is not None and report.witness.passed
    digits = report.min_digits
    assert digits is None or digits >= 45


CORRUPTIONS = [
    # (id, step label, how the claim is corrupted)
    ("quadratic-optimum", "symmetric", "flip"),
    ("quadratic-optimum", "error-form", "half"),
    ("gd-eigen-decoupling", "cancel-b", "flip"),
    ("gd-eigen-decoupling", "component", "swap-index"),
    ("gd-closed-form", "solve-recurrence", "shift"),
    ("gd-loss-decomposition", "closed-form", "half"),
    ("gd-step-size-range", "solve", "widen"),
    ("gd-optimal-step-size", "balance", "flip"),
    ("gd-optimal-step-size", "in-kappa", "flip"),
    ("eigenbasis-step-by-step", "orthogonality", "transpose"),
]


def corrupted_claim(step, how):
    if how == "flip":
        return flip_sign(step)
    if how == "half":
        return scale_rhs(step, sp.Rational(1, 2))
    if how == "shift":
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({S.k: S.k + 1}), evaluate=False)
    if how == "swap-index":
        return step.claim.xreplace({S.lambdas[S.i]: S.lambdas[1]})
    if how == "widen":
        return step.claim.xreplace({sp.Integer(2): sp.Integer(3)})
    if how == "transpose":
        return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({S.Lambda: S.Q * S.Lambda}),
                     evaluate=False)
    raise ValueError(how)


@pytest.mark.parametrize(("id", "label", "how"), CORRUPTIONS)
def test_corrupted_step_is_caught(id, label, how):
    derivation = get(id)
    claim = corrupted_claim(derivation.step(label), how)
    assert claim != derivation.step(label).claim
    report = verify(replace_step(derivation, label, claim=claim), samples=4)
    assert not report.passed
    assert [s.label for s in report.failures] == [label]
