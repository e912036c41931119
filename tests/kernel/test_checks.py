"""Each kind of check passes a true step and catches a corrupted one."""

import pytest
import sympy as sp

from momentum_sym.kernel import (
    CaseSplit,
    DerivationBuilder,
    Domain,
    Induction,
    IntegerRange,
    Interval,
    Kind,
)
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.verify import verify

a = sp.Symbol("a", positive=True)
lam = sp.Symbol("lam", positive=True)
t = sp.Symbol("t", real=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
x0 = sp.Symbol("x0", real=True)
seq = sp.Function("x")

DOMAIN = Domain(variables={a: interval("1/10", 2), lam: interval("1/10", 3), t: interval(-3, 5),
                           k: IntegerRange(0, 20), x0: interval(-2, 2)})
factor = 1 - a * lam
#: zero, but not as SymPy writes it, and out of reach of the certified evaluation
_HIDDEN_ZERO = sp.acos(a / 3) + sp.asin(a / 3) - sp.pi / 2


def one_step(label, kind, claim, **options):
    d = DerivationBuilder("toy", "toy", source="", summary="", domain=DOMAIN)
    d.add(label, kind, claim, "because", **options)
    return verify(d.build(), samples=6).steps[0]


def induction(closed):
    recurrence = sp.Eq(seq(k + 1), factor * seq(k))
    return dict(data=Induction(k, 0, x0, lambda value: factor * value, recurrence)), sp.Eq(
        seq(k), closed, evaluate=False)


CASES = [
    # (description, kind, claim, options, holds)
    ("expansion", Kind.EXPANSION, sp.Eq(a * (1 - lam), a - a * lam, evaluate=False), {}, True),
    ("expansion, flipped sign", Kind.EXPANSION,
     sp.Eq(a * (1 - lam), a + a * lam, evaluate=False), {}, False),
    ("sum", Kind.SUM, sp.Eq(sp.Sum(factor**t.subs(t, k), (k, 0, 5)).doit().subs(k, k),
                            sp.Sum(factor**k, (k, 0, 5)), evaluate=False), {}, True),
    ("sum, dropped term", Kind.SUM, sp.Eq(sp.Sum(factor**k, (k, 1, 5)),
                                          sp.Sum(factor**k, (k, 0, 5)), evaluate=False), {}, False),
    ("case split", Kind.CASE_SPLIT, sp.Eq(sp.Abs(1 - t), sp.Piecewise((1 - t, t <= 1),
                                                                      (t - 1, True))),
     {"data": CaseSplit(((t <= 1, sp.Eq(sp.Abs(1 - t), 1 - t, evaluate=False)),
                         (t > 1, sp.Eq(sp.Abs(1 - t), t - 1, evaluate=False))))}, True),
    ("case split, swapped cases", Kind.CASE_SPLIT, sp.true,
     {"data": CaseSplit(((t <= 1, sp.Eq(sp.Abs(1 - t), t - 1, evaluate=False)),
                         (t > 1, sp.Eq(sp.Abs(1 - t), 1 - t, evaluate=False))))}, False),
    ("inequality", Kind.INEQUALITY, a * lam > 0, {}, True),
    ("inequality, wrong direction", Kind.INEQUALITY, a * lam < 0, {}, False),
    # a product of explicit matrices is multiplied out before its entries are compared
    ("matrix product", Kind.EXPANSION, sp.Eq(
        sp.MatMul(sp.ImmutableMatrix([[1, a], [0, 1]]), sp.ImmutableMatrix([[lam], [1]])),
        sp.ImmutableMatrix([[lam + a], [1]]), evaluate=False), {}, True),
    ("matrix product, wrong entry", Kind.EXPANSION, sp.Eq(
        sp.MatMul(sp.ImmutableMatrix([[1, a], [0, 1]]), sp.ImmutableMatrix([[lam], [1]])),
        sp.ImmutableMatrix([[lam - a], [1]]), evaluate=False), {}, False),
    ("matrix sum, wrong shape", Kind.EXPANSION, sp.Eq(
        sp.MatAdd(sp.ImmutableMatrix([[1, a]]), sp.ImmutableMatrix([[lam, 1]])),
        sp.ImmutableMatrix([[1 + lam], [a + 1]]), evaluate=False), {}, False),
    # a value that cancels to nearly zero is rounded at the size of its parts: proved,
    # and numerically held at them (it once counted 0 digits against its own size)
    ("cancels to zero", Kind.SIMPLIFICATION, sp.Eq(
        (sp.sqrt(a + 2 * sp.sqrt(a) + 1) - sp.sqrt(a) - 1) / (1 + lam), 0), {}, True),
    ("cancels to nearly zero, wrongly", Kind.SIMPLIFICATION, sp.Eq(
        (sp.sqrt(a + 2 * sp.sqrt(a) + 1) - sp.sqrt(a) - 1 + sp.Rational(1, 10**40)) / (1 + lam),
        0), {}, False),
    # ... but a power of a small number is no cancellation: with D = 0 not proved (acos +
    # asin - pi/2), (D + 1e-12)^4 = (D + 2e-12)^4 claims 1e-48 = 1.6e-47
    ("powers of small numbers", Kind.SIMPLIFICATION, sp.Eq(
        (_HIDDEN_ZERO + sp.Rational(1, 10**12)) ** 4,
        (_HIDDEN_ZERO + sp.Rational(2, 10**12)) ** 4, evaluate=False), {}, False),
    ("a small power said zero", Kind.SIMPLIFICATION,
     sp.Eq(lam * (_HIDDEN_ZERO + sp.Rational(1, 10**24)) ** 2, 0), {}, False),
    ("region", Kind.INEQUALITY, sp.Equivalent(sp.Abs(1 - t) < 1, sp.And(t > 0, t < 2)), {},
     True),
    ("region, wrong bound", Kind.INEQUALITY,
     sp.Equivalent(sp.Abs(1 - t) < 1, sp.And(t > 0, t < 3)), {}, False),
]


@pytest.mark.parametrize(("description", "kind", "claim", "options", "holds"), CASES,
                         ids=[c[0] for c in CASES])
def test_check_kind(description, kind, claim, options, holds):
    report = one_step("s", kind, claim, **options)
    assert report.passed is holds
    if not holds:
        assert report.symbolic.status is Status.FAILED or not report.numeric.passed


INDUCTION_CASES = [
    ("closed form", x0 * factor**k, True),
    ("shifted exponent (swapped index)", x0 * factor ** (k + 1), False),
    ("dropped factor x0", factor**k, False),
    ("flipped sign", x0 * (1 + a * lam) ** k, False),
]


@pytest.mark.parametrize(("description", "closed", "holds"), INDUCTION_CASES,
                         ids=[c[0] for c in INDUCTION_CASES])
def test_induction(description, closed, holds):
    options, claim = induction(closed)
    report = one_step("s", Kind.INDUCTION, claim, **options)
    assert report.passed is holds
    if holds:
        assert report.symbolic.status is Status.PROVED


SOLVE_CASES = [
    ("root", 2 / (1 + lam), True),
    ("wrong root", 2 / (1 - lam), False),
]


@pytest.mark.parametrize(("description", "value", "holds"), SOLVE_CASES,
                         ids=[c[0] for c in SOLVE_CASES])
def test_solve(description, value, holds):
    equation = sp.Eq(1 - a, -(1 - a * lam))
    d = DerivationBuilder("toy", "toy", source="", summary="", domain=DOMAIN)
    d.solve("s", equation, a, value, "because")
    assert verify(d.build(), samples=6).steps[0].passed is holds


def test_definition_may_not_use_its_own_name():
    assert one_step("s", Kind.DEFINITION, sp.Eq(a, a * lam + 1)).passed is False
    assert one_step("s", Kind.DEFINITION, sp.Eq(t, a * lam)).passed is True


def test_undecided_needs_numeric_evidence_and_is_not_proved():
    claim = sp.sin(a) + sp.cos(a) <= sp.Rational(3, 2)  # max sqrt(2): neither SymPy nor z3
    report = one_step("s", Kind.INEQUALITY, claim)
    assert report.symbolic.status is Status.UNDECIDED
    assert report.numeric is not None and report.numeric.held == report.numeric.samples
    assert report.passed


def test_sampling_is_deterministic():
    first = one_step("s", Kind.EXPANSION, sp.Eq(a * (1 - lam), a - a * lam, evaluate=False))
    second = one_step("s", Kind.EXPANSION, sp.Eq(a * (1 - lam), a - a * lam, evaluate=False))
    assert first == second


def test_interval_bounds_are_respected():
    import random

    rng = random.Random(1)
    values = [Interval(sp.Rational(1, 2), 3).draw(rng) for _ in range(200)]
    assert all(sp.Rational(1, 2) <= v <= 3 for v in values)


REGIONS = [
    # (the step the bound names, the region given, accepted): the region must be a side
    # of a recorded step's checked claim condition <=> region, in the given variable
    ("region", sp.And(t > 0, t < 2), True),
    ("region", sp.And(t > 0, t < 3), False),  # not what the step claims
    ("plain", sp.And(t > 0, t < 2), False),  # a step that claims no region
    ("missing", sp.And(t > 0, t < 2), False),
]


@pytest.mark.parametrize(("label", "region", "accepted"), REGIONS)
def test_a_bound_names_the_region_a_step_claims(label, region, accepted):
    d = DerivationBuilder("toy", "toy", source="", summary="", domain=DOMAIN)
    d.add("region", Kind.INEQUALITY, sp.Equivalent(sp.Abs(1 - t) < 1, sp.And(t > 0, t < 2)),
          "because")
    d.add("plain", Kind.EXPANSION, sp.Eq(2 * t, t + t, evaluate=False), "because")
    publish = lambda: d.result("upper", sp.Integer(2), step="plain",  # noqa: E731
                               ends=(label, region), variable=(t, a * lam))
    if not accepted:
        with pytest.raises(ValueError, match="claiming condition <=> region"):
            publish()
        return
    publish()
    assert d.build().bounds["upper"].in_original() == sp.And(a * lam > 0, a * lam < 2)


_K = sp.Symbol("kappa", positive=True)
#: equal sides, (sqrt(kappa) - 1)^2 and kappa (1 - 1/sqrt(kappa))^2 over (sqrt(kappa) + 1)^2,
#: that 50 digits round apart at kappa = 8/3 (the first side larger by 1.7e-52)
_ROUNDED_LEFT = (sp.sqrt(_K) - 1) ** 2 / (sp.sqrt(_K) + 1) ** 2
_ROUNDED_RIGHT = _K * (1 - 1 / sp.sqrt(_K)) ** 2 / (sp.sqrt(_K) + 1) ** 2


@pytest.mark.parametrize(("relation", "holds"), [
    (sp.Le(_ROUNDED_LEFT, _ROUNDED_RIGHT, evaluate=False), True),
    (sp.Ge(_ROUNDED_RIGHT, _ROUNDED_LEFT, evaluate=False), True),
    (sp.Eq(_ROUNDED_LEFT, _ROUNDED_RIGHT, evaluate=False), True),
    # a strict relation between equal sides is false, rounding or not
    (sp.Lt(_ROUNDED_LEFT, _ROUNDED_RIGHT, evaluate=False), False),
    # a true difference, however small against the sides, does not fall with the digits
    (sp.Le(_ROUNDED_LEFT, _ROUNDED_RIGHT - sp.Rational(1, 10**45), evaluate=False), False),
])
def test_equal_sides_rounded_apart_satisfy_a_relation_that_admits_equality(relation, holds):
    from fractions import Fraction

    from mpmath import mp

    from momentum_sym.kernel.checks import _relation_holds
    from momentum_sym.kernel.numeric import evaluate

    point = {_K: Fraction(8, 3)}
    with mp.workdps(50):
        assert evaluate(_ROUNDED_LEFT, point) > evaluate(_ROUNDED_RIGHT, point)  # the premise
        assert _relation_holds(relation, point) is holds
