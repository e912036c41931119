"""rosenbrock-optimum: the exact and limiting optimum against hand-typed expectations,
full verification, and corrupted steps that verification must catch."""

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.results import symbols as S
from momentum_sym.results.rosenbrock_optimum import P, curvature, q
from tests.corrupt import flip_sign, replace_step, scale_rhs

ID = "rosenbrock-optimum"
R = (sp.sqrt(S.kappa) - 1) / (sp.sqrt(S.kappa) + 1)

EXPECTED = [
    ("exact", (R**S.i + R ** (2 * S.n + 1 - S.i)) / (1 + R ** (2 * S.n + 1))),
    ("limit", R**S.i),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
@pytest.mark.parametrize(("kappa", "n", "i"), [(4, 3, 1), (9, 5, 2), (sp.Rational(25, 3), 7, 7)])
def test_named_result(name, expected, kappa, n, i):
    point = {S.kappa: kappa, S.n: n, S.i: i}
    assert sp.simplify(get(ID).results[name].subs(point) - expected.subs(point)) == 0


def test_exact_solves_the_tridiagonal_system():
    n, kappa = 4, sp.Integer(9)
    c = 4 / (kappa - 1)
    h = sp.Matrix(n, n, lambda p, r: 2 + c if p == r else -1 if abs(p - r) == 1 else 0)
    h[n - 1, n - 1] = 1 + c
    solution = h.LUsolve(sp.Matrix([1, 0, 0, 0]))
    exact = get(ID).results["exact"]
    assert [sp.nsimplify(sp.simplify(exact.subs({S.kappa: kappa, S.n: n, S.i: p})))
            for p in range(1, n + 1)] == list(solution)


def test_condition_number_limit_is_kappa():
    assert get(ID).step("condition-is-kappa").claim.rhs == S.kappa


def test_verification_passes():
    report = verify(get(ID))
    assert report.passed, [(s.label, s.symbolic, s.numeric) for s in report.failures]
    assert report.witness is not None and report.witness.passed
    assert report.min_digits is None or report.min_digits >= 45


CORRUPTIONS = [
    ("root-factored", lambda s: sp.Eq(s.claim.lhs, 1 / s.claim.rhs, evaluate=False)),
    ("recurrence-holds", lambda s: scale_rhs(s, sp.Rational(1, 2))),
    ("boundary-free-end", lambda s: sp.Eq(s.claim.lhs, -s.claim.rhs, evaluate=False)),
    ("eigen-interior", flip_sign),
    ("eigen-last", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({curvature: curvature + 1}),
                                   evaluate=False)),  # the Toeplitz diagonal 2 + c in row n
    ("condition-limit", lambda s: sp.Eq(s.claim.lhs, (curvature + 2) / curvature,
                                        evaluate=False)),
    ("limit-in-r", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({S.i: S.i + 1}),
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


def test_wrong_boundary_assumption_is_caught():
    derivation = get(ID)
    step = derivation.step("eigen-last")
    corrupted = replace_step(derivation, "eigen-last", assumptions=(sp.Eq(q, 1 / P**2),))
    assert step.assumptions != (sp.Eq(q, 1 / P**2),)
    report = verify(corrupted, samples=4)
    assert [s.label for s in report.failures] == ["eigen-last"]
