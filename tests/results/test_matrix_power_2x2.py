"""matrix-power-2x2: R^k from the eigenvalues, proved for symbolic k."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.step import Induction
from momentum_sym.kernel.text import as_text
from momentum_sym.results import symbols as S
from tests.corrupt import flip_sign, replace_step, scale_rhs

ID = "matrix-power-2x2"
R = sp.MatrixSymbol("R", 2, 2)
I2 = sp.Identity(2)
s1, s2, k = S.sigma_1, S.sigma_2, S.k
# Hand-typed: Goh (2017), with R_j = (R - sigma_j I)/(sigma_1 - sigma_2), and the
# repeated case sigma^k (k R / sigma - (k - 1) I).
EXPECTED = [
    ("distinct", (s1**k * (R - s2 * I2) - s2**k * (R - s1 * I2)) / (s1 - s2)),
    ("repeated", s1**k * (k * R / s1 - (k - 1) * I2)),
]


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_result(derivation, name, expected):
    difference = sp.Matrix((derivation.results[name] - expected).as_explicit())
    assert difference.applyfunc(lambda e: sp.simplify(sp.powsimp(sp.expand(e)))) == sp.zeros(2)


@pytest.mark.parametrize("power", [0, 1, 2, 5])
def test_named_results_at_small_powers(derivation, power):
    """Independent check: the formulas against explicit powers of a concrete matrix."""
    m = sp.Matrix([[sp.Rational(1, 2), 1], [-sp.Rational(1, 64), sp.Rational(3, 4)]])
    roots = sorted(m.eigenvals(), key=sp.default_sort_key)
    assert len(roots) == 1  # a double eigenvalue 5/8: the repeated formula applies
    repeated = derivation.results["repeated"].subs({R: m, s1: roots[0], k: power})
    assert sp.Matrix(repeated.doit()) == m**power
    m2 = sp.Matrix([[sp.Rational(3, 4), 1], [sp.Rational(1, 16), sp.Rational(3, 4)]])
    a, b = list(m2.eigenvals())
    distinct = derivation.results["distinct"].subs({R: m2, s1: a, s2: b, k: power})
    assert sp.Matrix(distinct.doit()).applyfunc(sp.simplify) == m2**power


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    for label in ("coefficients", "distinct", "repeated"):
        outcome = next(s for s in report.steps if s.label == label).symbolic
        assert outcome.status is Status.PROVED
        assert as_text(outcome.method).words().startswith("induction on ")


def test_witness_near_repeated_roots(derivation):
    report = verify(dataclasses.replace(derivation, steps=()))
    comparisons = {c.name: c for c in report.witness.comparisons}
    assert report.witness.passed
    for name in ("distinct (nearly repeated, real)", "distinct (nearly repeated, complex)"):
        c = comparisons[name]
        assert c.digits >= 40
        assert "1e-30" in c.detail and "working precision 90" in c.detail
        assert "unguarded" in c.detail
    assert comparisons["repeated (repeated)"].digits >= 45
    assert sp.Pow(10, 6, evaluate=False) in derivation.witness.description.parts()


def only(derivation, label, **changes):
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def corrupted(derivation, label, how):
    step = derivation.step(label)
    if how == "flip":
        return {"claim": flip_sign(step)}
    if how == "half":
        return {"claim": scale_rhs(step, sp.Rational(1, 2))}
    if how == "swap-powers":  # sigma_1^k and sigma_2^k exchanged
        return {"claim": sp.Eq(step.claim.lhs, step.claim.rhs.xreplace(
            {s1**k: s2**k, s2**k: s1**k}), evaluate=False)}
    if how == "minus-term":  # the sign of the sigma_2^k term flipped
        return {"claim": sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({s2**k: -s2**k}),
                               evaluate=False)}
    if how == "drop-k":
        return {"claim": sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({k: 1}),
                               evaluate=False)}
    if how == "base":  # a wrong base case for the induction
        data = step.data
        return {"data": Induction(data.index, data.base, sp.Matrix([1, 0]), data.advance,
                                  data.recurrence)}
    if how == "advance":  # a wrong recurrence: multiply by the transpose
        data = step.data
        return {"data": Induction(data.index, data.base, data.base_value,
                                  lambda value: data.advance(value).T, data.recurrence)}
    raise ValueError(how)


CORRUPTIONS = [
    ("trace-determinant", "flip"),
    ("multiply", "flip"),
    ("coefficients", "base"),
    ("coefficients", "swap-powers"),
    ("distinct", "minus-term"),
    ("distinct", "swap-powers"),
    ("distinct", "advance"),
    ("repeated", "half"),
    ("limit", "drop-k"),
]


@pytest.mark.parametrize(("label", "how"), CORRUPTIONS)
def test_corrupted_step_is_caught(derivation, label, how):
    changes = corrupted(derivation, label, how)
    report = verify(only(derivation, label, **changes), samples=4)
    assert [s.label for s in report.failures] == [label]
    caught = report.steps[0]
    assert caught.symbolic.status is Status.FAILED or not caught.numeric.passed


def test_witness_catches_a_wrong_formula(derivation):
    from momentum_sym.results.matrix_power_2x2 import _witness

    wrong = dict(derivation.results)
    wrong["distinct"] = derivation.results["distinct"].xreplace({s2**k: s1**k})
    report = _witness(wrong, 50)
    assert not report.passed
