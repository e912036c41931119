"""rosenbrock-lower-bound: the bound against a hand-typed expectation, full
verification, and corrupted steps that verification must catch."""

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.results import symbols as S
from momentum_sym.results.rosenbrock_lower_bound import WEIGHTS
from tests.corrupt import flip_sign, replace_step

ID = "rosenbrock-lower-bound"
R = (sp.sqrt(S.kappa) - 1) / (sp.sqrt(S.kappa) + 1)

EXPECTED = [
    ("bound", R**S.k),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_result(name, expected):
    assert sp.simplify(get(ID).results[name] - expected) == 0


@pytest.mark.parametrize(("n", "k"), [(3, 0), (3, 2), (6, 1), (6, 5)])
def test_finite_n_bound_holds_exactly(n, k):
    """w*_{k+1} >= r^k w*_1 for k < n, from the exact finite optimum, at kappa = 9 (r = 1/2)."""
    exact = get("rosenbrock-optimum").results["exact"].subs({S.kappa: 9, S.n: n})
    bound = get(ID).results["bound"].subs({S.kappa: 9, S.k: k})
    assert sp.nsimplify(exact.subs(S.i, k + 1) - bound * exact.subs(S.i, 1)) >= 0


def test_verification_passes():
    report = verify(get(ID))
    assert report.passed, [(s.label, s.symbolic, s.numeric) for s in report.failures]
    assert report.witness is not None and report.witness.passed
    assert report.min_digits is None or report.min_digits >= 45


def _swap_hessian(step):
    rhs = sp.Matrix(step.claim.rhs)
    rhs[0, 2] = rhs[2, 0] = -1  # a long-range coupling the function does not have
    return sp.Eq(step.claim.lhs, rhs, evaluate=False)


CORRUPTIONS = [
    ("hessian", _swap_hessian),
    ("gradient-affine", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace(
        {WEIGHTS[0]: WEIGHTS[1], WEIGHTS[1]: WEIGHTS[0]}), evaluate=False)),
    ("ratio-at-least-one", lambda s: sp.StrictLessThan(s.claim.lhs, 0)),
    ("decrease", flip_sign),
    ("bound", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({S.k: S.k + 1}),
                              evaluate=False)),  # r^(k+1) instead of r^k
]


@pytest.mark.parametrize(("label", "corrupt"), CORRUPTIONS)
def test_corrupted_step_is_caught(label, corrupt):
    derivation = get(ID)
    claim = corrupt(derivation.step(label))
    assert claim != derivation.step(label).claim
    report = verify(replace_step(derivation, label, claim=claim), samples=4)
    assert not report.passed
    assert [s.label for s in report.failures] == [label]
