"""damped-oscillator: momentum is a discretised x'' + c x' + lambda x = 0."""

import dataclasses

import pytest
import sympy as sp
from mpmath import mp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.verify import seeded_rng
from momentum_sym.results import damped_oscillator as module
from momentum_sym.results import symbols as S
from tests.corrupt import replace_step

ID = "damped-oscillator"
alpha, beta, lam = S.alpha, S.beta, S.lam
h, c, time, x = module.h, module.c, module.time, module.curve


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


# Hand-typed expectations, independent of the derivation.
EXPECTED = [
    ("ode", x(time).diff(time, 2) + c * x(time).diff(time) + lam * x(time)),
    ("critical_friction", 2 * sp.sqrt(lam)),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    value = derivation.results[name]
    if isinstance(value, sp.Eq):
        assert value.rhs == 0
        value = value.lhs
    assert sp.simplify(value - expected) == 0


def test_critical_damping_matches_to_first_order(derivation):
    """(1 - sqrt(alpha lambda))^2 at alpha = h^2 against 1 - c h at c = 2 sqrt(lambda)."""
    article = (1 - sp.sqrt(alpha * lam)) ** 2  # the article's critical beta, hand-typed
    friction = 1 - derivation.results["critical_friction"] * h
    difference = sp.expand(article.xreplace({alpha: h**2}) - friction)
    assert difference == lam * h**2
    assert sp.limit(difference / h, h, 0) == 0
    assert derivation.step("critical-damping").rhs.equals(article)


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed


def only(derivation, label, rhs):
    step = derivation.step(label)
    changed = replace_step(derivation, label, claim=sp.Eq(step.claim.lhs, rhs, evaluate=False))
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def _rhs(derivation, label):
    return derivation.step(label).claim.rhs


X0, X1, X2 = module.X0, module.X1, module.X2
CORRUPTIONS = [
    ("momentum term with a flipped sign", "two-step",
     lambda d: (1 - beta - alpha * lam) * module.x_now + beta * module.x_prev),
    ("velocity with the indices swapped", "velocity",
     lambda d: (module.x_now - module.x_prev) / alpha),
    ("residual with friction doubled", "residual",
     lambda d: _rhs(d, "residual").xreplace({c: 2 * c})),
    ("limit with a flipped friction", "limit", lambda d: X2 - c * X1 + lam * X0),
    ("critical friction drops the 2", "critical-friction", lambda d: sp.sqrt(lam)),
    ("critical momentum drops the square root", "critical-damping",
     lambda d: (1 - alpha * lam) ** 2),
    ("difference doubled", "compare", lambda d: 2 * lam * h**2),
    ("the other root of the discriminant", "article-critical",
     lambda d: (1 + sp.sqrt(alpha * lam)) ** 2),
]


@pytest.mark.parametrize(("what", "label", "rhs"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, rhs):
    report = verify(only(derivation, label, rhs(derivation)), samples=4)
    assert [s.label for s in report.failures] == [label], what


def test_witness_rejects_a_wrong_friction(derivation):
    """Momentum with beta = 1 - c h does not follow an oscillator with friction 2c."""
    results = dict(derivation.results)
    results["ode"] = sp.Eq(results["ode"].lhs.xreplace({c: 2 * c}), 0)
    rng = seeded_rng(0, ID, "witness")
    with mp.workdps(50):
        honest = module._witness(dict(derivation.results), 50, seeded_rng(0, ID, "witness"))
        report = module._witness(results, 50, rng)
    assert honest.passed
    failed = [comparison.name for comparison in report.comparisons if not comparison.passed]
    assert failed == ["critical ODE at `t = 1`", "critical ODE at `t = 2`"]
