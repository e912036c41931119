"""momentum-regimes: the boundaries of the (alpha lambda, beta) regimes."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import symbols as S
from tests.corrupt import flip_sign, replace_step, run_witness, with_results

ID = "momentum-regimes"
beta, t = S.beta, S.t


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


EXPECTED = [  # hand-typed
    ("monotone_to_ripples", 1 - 2 * sp.sqrt(beta) + beta),
    ("ripples_to_oscillation", 1 + 2 * sp.sqrt(beta) + beta),
    ("oscillation_to_divergence", 2 + 2 * beta),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    assert sp.expand(derivation.results[name] - expected) == 0


def test_one_step_point(derivation):
    point = derivation.results["one_step"]
    assert point.subs({S.alpha: 1 / S.lam, beta: 0}) is sp.true
    assert point.subs({S.alpha: 1 / S.lam, beta: sp.Rational(1, 2)}) is sp.false
    assert point.subs({S.alpha: 2 / S.lam, beta: 0}) is sp.false


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0  # every regime's signs proved
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed
    names = [c.name for c in report.witness.comparisons]
    assert names == ["monotone", "ripples", "oscillation", "divergence", "one step"]


def only(derivation, label, **changes):
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def with_rhs(step, rhs):
    return sp.Eq(step.claim.lhs, rhs, evaluate=False)


def regime(derivation, label, claim=None, **changes):
    """A regime step with a different claim or region."""
    return only(derivation, label, **({"claim": claim} if claim is not None else {}), **changes)


CORRUPTIONS = [
    ("discriminant sign flipped", "discriminant", lambda d, s: flip_sign(s)),
    ("lower edge with the wrong sign of sqrt(beta)", "lower-edge",
     lambda d, s: with_rhs(s, (1 + sp.sqrt(beta)) ** 2 + 1)),
    ("divergence edge 2 + beta (dropped factor)", "divergence-edge",
     lambda d, s: with_rhs(s, 2 + beta)),
    ("factored discriminant with a swapped edge", "discriminant-factored",
     lambda d, s: with_rhs(s, (t - (1 - sp.sqrt(beta)) ** 2) ** 2)),
    ("one step at beta = 1/2", "one-step-beta", lambda d, s: with_rhs(s, sp.Rational(1, 2))),
]


@pytest.mark.parametrize(("what", "label", "corrupt"), CORRUPTIONS,
                         ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, corrupt):
    step = derivation.step(label)
    report = verify(only(derivation, label, claim=corrupt(derivation, step)), samples=4)
    assert [s.label for s in report.failures] == [label], what


def test_regime_claimed_on_the_wrong_region_is_caught(derivation):
    """The ripple claim (negative discriminant) moved to the monotone region fails."""
    ripples = derivation.step("ripples")
    monotone = derivation.step("monotone")
    moved = only(derivation, "ripples", assumptions=monotone.assumptions, hint=monotone.hint)
    report = verify(moved, samples=4)
    failure = report.failures[0]
    assert failure.label == "ripples"
    assert failure.symbolic.status is Status.FAILED or not failure.numeric.passed
    assert ripples.claim != monotone.claim


def test_witness_catches_swapped_edges():
    derivation = get(ID)
    results = derivation.results
    swapped = with_results(derivation, monotone_to_ripples=results["ripples_to_oscillation"],
                           ripples_to_oscillation=results["monotone_to_ripples"])
    assert not run_witness(swapped).passed
