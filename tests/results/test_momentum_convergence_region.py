"""momentum-convergence-region: 0 < alpha lambda < 2 + 2 beta for 0 <= beta < 1."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.parametric_regions import decide_equivalent_parametric
from momentum_sym.kernel.regions import decide_equivalent
from momentum_sym.kernel.text import as_text
from momentum_sym.results import symbols as S
from momentum_sym.results.momentum_convergence_region import A0, A1
from tests.corrupt import flip_sign, replace_step

ID = "momentum-convergence-region"


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


def test_named_result(derivation):
    assert sp.expand(derivation.results["upper"] - (2 + 2 * S.beta)) == 0  # hand-typed


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.GIVEN) == 2  # the cited criterion; sqrt is increasing
    # the criterion's two directions are proved by real algebra, like every other step
    assert report.count(Status.UNDECIDED) == 0
    for label in ("jury-necessary", "jury-sufficient"):
        step = next(s for s in report.steps if s.label == label)
        assert step.symbolic.status is Status.PROVED
    assert report.min_digits is not None and report.min_digits >= 45
    region = next(s for s in report.steps if s.label == "second-condition")
    assert region.symbolic.status is Status.PROVED
    assert "parameters " in as_text(region.symbolic.method).words()
    assert report.witness is not None and report.witness.passed
    assert len(report.witness.comparisons) == 12


def only(derivation, label, **changes):
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def region_with(step, upper, lower_strict=True):
    condition, _ = step.claim.args
    lower = (S.t > 0) if lower_strict else (S.t >= 0)
    return sp.Equivalent(condition, sp.And(lower, S.t < upper))


CORRUPTIONS = [
    # (label, corrupted claim builder, symbolic verdict expected or None: either
    # FAILED, or UNDECIDED with the numeric samples failing)
    ("second-condition", lambda s: region_with(s, 3 + 2 * S.beta), Status.FAILED),
    ("second-condition", lambda s: region_with(s, 2 + 2 * S.beta, lower_strict=False),
     Status.FAILED),
    # 2 + beta equals the bound at beta = 0 only: refuted by real algebra (z3)
    ("second-condition", lambda s: region_with(s, 2 + S.beta), Status.FAILED),
    ("first-condition", lambda s: sp.Abs(S.beta) > 1, Status.FAILED),
    ("coefficients", flip_sign, Status.FAILED),
    ("value-at-minus-1", lambda s: sp.Eq(s.claim.lhs, s.claim.rhs.xreplace({A1: -A1}),
                                         evaluate=False), None),
    ("gradient-descent", lambda s: sp.Eq(s.claim.lhs, 1, evaluate=False), Status.FAILED),
    # the direct proof: a dropped factor, a wrong bound, a flipped inequality
    ("direct-upper-gap", lambda s: sp.Eq(s.claim.lhs, 2 * S.t, evaluate=False), Status.FAILED),
    ("direct-lower-gap", lambda s: sp.Eq(s.claim.lhs, 4 * (2 + S.beta - S.t), evaluate=False),
     Status.FAILED),
    ("direct-upper-positive", lambda s: s.claim.lhs < 0, None),
]


@pytest.mark.parametrize(("label", "build", "verdict"), CORRUPTIONS)
def test_corrupted_step_is_caught(derivation, label, build, verdict):
    claim = build(derivation.step(label))
    assert claim != derivation.step(label).claim
    report = verify(only(derivation, label, claim=claim), samples=16)
    assert [s.label for s in report.failures] == [label]
    caught = report.steps[0]
    if verdict is not None:
        assert caught.symbolic.status is verdict
    assert caught.symbolic.status is Status.FAILED or not caught.numeric.passed


def test_parametric_regions_keep_univariate_behaviour():
    """The kernel addition only acts with several free symbols."""
    x = sp.Symbol("x", real=True)
    assert decide_equivalent(sp.Abs(x - 1) < 1, (x > 0) & (x < 2)).status is Status.PROVED
    assert decide_equivalent(sp.Abs(x - 1) < 1, (x > 0) & (x < 3)).status is Status.FAILED
    beta = S.beta
    t = S.t
    proved = decide_equivalent_parametric(sp.Abs(t - 1 - beta) < 1 + beta,
                                          (t > 0) & (t < 2 + 2 * beta), [beta < 1])
    assert proved.status is Status.PROVED


def test_a_wrong_criterion_fails_on_the_samples(derivation):
    """Dropping |a_0| < 1 from the criterion: its numeric evidence no longer holds."""
    step = derivation.step("jury-sufficient")
    weaker = sp.Abs(A1) < 1 + A0
    claim = sp.Implies(weaker, step.claim.args[1])
    report = verify(only(derivation, "jury-sufficient", claim=claim, assumptions=(weaker,)),
                    samples=16)
    assert [s.label for s in report.failures] == ["jury-sufficient"]
    assert not report.steps[0].numeric.passed


MODULI = [
    # (description, region in t and beta, the region it must equal, verdict)
    ("the heavy ball's eigenvalues", sp.And(*(sp.Abs(
        (1 + S.beta - S.t + sign * sp.sqrt((1 + S.beta - S.t) ** 2 - 4 * S.beta)) / 2) < 1
        for sign in (1, -1))), (S.t > 0) & (S.t < 2 + 2 * S.beta), Status.PROVED),
    ("the same against a wrong end", sp.And(*(sp.Abs(
        (1 + S.beta - S.t + sign * sp.sqrt((1 + S.beta - S.t) ** 2 - 4 * S.beta)) / 2) < 1
        for sign in (1, -1))), (S.t > 0) & (S.t < 2 + S.beta), Status.FAILED),
]


@pytest.mark.parametrize(("description", "moduli", "region", "verdict"), MODULI,
                         ids=[c[0] for c in MODULI])
def test_moduli_of_roots_are_not_solved_for_t_and_real_algebra_decides(
        description, moduli, region, verdict, derivation):
    """SymPy's univariate solver is not asked to solve |sigma(t)| < 1 with sigma a root
    of a discriminant in t (it gives up after seconds); z3 decides instead."""
    direct = decide_equivalent_parametric(moduli, region, [S.beta < 1])
    assert direct.status is Status.UNDECIDED
    assert any("modulus of a square root" in str(part) for part in direct.detail.segments)
    step = derivation.steps[0]
    claim = sp.Equivalent(region, moduli)
    report = verify(only(derivation, step.label, claim=claim, kind=Kind.INEQUALITY,
                         assumptions=(S.beta < 1,)), samples=8)
    assert report.steps[0].symbolic.status is verdict

