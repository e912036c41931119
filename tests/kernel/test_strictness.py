"""The kernel's checks are strict: each test here fails under a lenient variant of a
checker (see ``bench/mutants.py --lenient``), so a check that cannot fail is caught."""

import pytest
import sympy as sp

from momentum_sym.kernel import CaseSplit, DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import (
    Comparison,
    NumericOutcome,
    Status,
    StepReport,
    SymbolicOutcome,
    WitnessReport,
)
from momentum_sym.kernel.verify import verify

a = sp.Symbol("a", positive=True)
lam = sp.Symbol("lam", positive=True)
t = sp.Symbol("t", real=True)
DOMAIN = Domain(variables={a: interval("1/10", 2), lam: interval("1/10", 3),
                           t: interval(-3, 5)})


def builder() -> DerivationBuilder:
    return DerivationBuilder("toy", "toy", source="", summary="", domain=DOMAIN)


def only_step(kind, claim, **options):
    d = builder()
    d.add("s", kind, claim, "because", **options)
    return verify(d.build(), samples=6).steps[0]


# -- relations: the numeric evaluation of a relation must be able to fail -----------

def test_a_false_relation_fails_numerically():
    """SymPy cannot decide this bound; the samples must show that it is false."""
    claim = sp.sin(a * lam) ** 2 < sp.Rational(1, 10)
    report = only_step(Kind.INEQUALITY, claim)
    assert report.symbolic.status is Status.UNDECIDED
    assert report.numeric is not None and report.numeric.held < report.numeric.samples
    assert not report.passed


def test_a_false_equation_fails_numerically_when_undecided():
    claim = sp.Eq(sp.sin(a) ** 2 + sp.cos(a) ** 2 + sp.sin(a) ** 4 / 10**6, 1, evaluate=False)
    report = only_step(Kind.SIMPLIFICATION, claim)
    assert report.symbolic.status is not Status.PROVED
    assert not report.passed


# -- undecided needs evidence -------------------------------------------------------

UNDECIDED = SymbolicOutcome(Status.UNDECIDED, "no strategy")
FAILED_NUMBERS = NumericOutcome(50, 4, 4, 3.0, 45)
GOOD_NUMBERS = NumericOutcome(50, 4, 4, 50.0, 45)

STEP_REPORTS = [
    # (description, symbolic, numeric, passes)
    ("undecided without numeric evidence", UNDECIDED, None, False),
    ("undecided with agreement", UNDECIDED, GOOD_NUMBERS, True),
    ("undecided with disagreement", UNDECIDED, FAILED_NUMBERS, False),
    ("proved but numerically different", SymbolicOutcome(Status.PROVED, "x"), FAILED_NUMBERS,
     False),
    ("failed with agreement", SymbolicOutcome(Status.FAILED, "x"), GOOD_NUMBERS, False),
    ("trivial", SymbolicOutcome(Status.TRIVIAL, "x"), GOOD_NUMBERS, False),
]


@pytest.mark.parametrize(("description", "symbolic", "numeric", "passes"), STEP_REPORTS,
                         ids=[c[0] for c in STEP_REPORTS])
def test_step_report_policy(description, symbolic, numeric, passes):
    assert StepReport("s", symbolic, numeric).passed is passes


# -- witnesses ----------------------------------------------------------------------

def _witness_reporting(passed: bool) -> Witness:
    return Witness("a stub", lambda derivation, dps, rng: WitnessReport(
        "stub", (Comparison("c", passed, 50.0 if passed else 1.0),)))


@pytest.mark.parametrize("passed", [True, False])
def test_a_failing_witness_fails_verification(passed):
    d = builder()
    d.equation("s", Kind.EXPANSION, a * (1 - lam), a - a * lam, "because")
    report = verify(d.build(_witness_reporting(passed)), samples=3)
    assert report.passed is passed


def test_the_witness_is_handed_the_derivation_under_test():
    seen = []
    d = builder()
    step = d.equation("s", Kind.EXPANSION, a * (1 - lam), a - a * lam, "because")
    d.result("value", step.rhs, step=step)
    derivation = d.build(Witness("records", lambda derivation, dps, rng: (
        seen.append(derivation), WitnessReport("r", ()))[1]))
    verify(derivation, samples=2)
    assert seen == [derivation]


# -- case splits: every case is checked ---------------------------------------------

CASE_SPLITS = [
    # (description, first case claim, second case claim, passes)
    ("both right", sp.Eq(sp.Abs(1 - t), 1 - t, evaluate=False),
     sp.Eq(sp.Abs(1 - t), t - 1, evaluate=False), True),
    ("second wrong", sp.Eq(sp.Abs(1 - t), 1 - t, evaluate=False),
     sp.Eq(sp.Abs(1 - t), 1 - t, evaluate=False), False),
    ("first wrong", sp.Eq(sp.Abs(1 - t), t - 1, evaluate=False),
     sp.Eq(sp.Abs(1 - t), t - 1, evaluate=False), False),
]


@pytest.mark.parametrize(("description", "first", "second", "passes"), CASE_SPLITS,
                         ids=[c[0] for c in CASE_SPLITS])
def test_case_split_checks_every_case(description, first, second, passes):
    report = only_step(Kind.CASE_SPLIT, sp.true,
                       data=CaseSplit(((t <= 1, first), (t > 1, second))))
    assert report.passed is passes


# -- vacuous steps ------------------------------------------------------------------

TRIVIAL = [
    ("same expression twice", Kind.SIMPLIFICATION, sp.Eq(a * lam, a * lam, evaluate=False)),
    ("same matrix twice", Kind.EXPANSION,
     sp.Eq(sp.Matrix([a, lam]), sp.Matrix([a, lam]), evaluate=False)),
]


@pytest.mark.parametrize(("description", "kind", "claim"), TRIVIAL, ids=[c[0] for c in TRIVIAL])
def test_a_step_stating_one_expression_twice_is_trivial(description, kind, claim):
    report = only_step(kind, claim)
    assert report.symbolic.status is Status.TRIVIAL
    assert not report.passed


def test_solving_an_already_solved_equation_is_trivial():
    d = builder()
    d.solve("s", sp.Eq(a, 2 / (1 + lam)), a, 2 / (1 + lam), "because")
    report = verify(d.build(), samples=3).steps[0]
    assert report.symbolic.status is Status.TRIVIAL and not report.passed


# -- published results are tied to the steps that derived them ----------------------

def _published(value, kind=Kind.EXPANSION):
    d = builder()
    step = d.add("s", kind, sp.Eq(a * (1 - lam), a - a * lam, evaluate=False), "because")
    d.result("value", value, step=step)
    return verify(d.build(), samples=3).results[0]


TIES = [
    # (description, published value, kind of the step, passes)
    ("the step's value", a - a * lam, Kind.EXPANSION, True),
    ("an equal form", a * (1 - lam), Kind.EXPANSION, True),
    ("sign flipped", a * lam - a, Kind.EXPANSION, False),
    ("squared", (a - a * lam) ** 2, Kind.EXPANSION, False),
    ("halved", (a - a * lam) / 2, Kind.EXPANSION, False),
    ("from a definition", a - a * lam, Kind.DEFINITION, False),
]


@pytest.mark.parametrize(("description", "value", "kind", "passes"), TIES,
                         ids=[c[0] for c in TIES])
def test_a_published_result_must_be_what_its_step_derived(description, value, kind, passes):
    assert _published(value, kind).passed is passes


def test_a_result_must_name_a_recorded_step():
    d = builder()
    with pytest.raises(ValueError, match="names no recorded step"):
        d.result("value", a, step="missing")


def test_a_near_miss_that_every_digit_hides_is_certified():
    """At 50 digits a difference of 1e-100 is invisible; certified evaluation sees it."""
    claim = sp.Eq(sp.sin(a) ** 2 + sp.cos(a) ** 2 + sp.Rational(1, 10**100), 1, evaluate=False)
    report = only_step(Kind.SIMPLIFICATION, claim)
    assert report.numeric is not None and report.numeric.digits >= 45
    assert report.numeric.held < report.numeric.samples and not report.passed


def test_a_region_with_a_wrong_end_is_refuted_by_real_algebra():
    claim = sp.Implies(sp.And(t > 0, t < 2), sp.Abs(1 - t) < sp.Rational(1, 2))
    report = only_step(Kind.INEQUALITY, claim)
    assert report.symbolic.status is Status.FAILED


def test_worst_at_the_ends_is_proved_by_real_algebra():
    claim = sp.Abs(1 - a * lam) <= sp.Max(sp.Abs(1 - a), sp.Abs(1 - 3 * a))
    report = only_step(Kind.INEQUALITY, claim, assumptions=(lam <= 3, lam >= 1))
    assert report.symbolic.status is Status.PROVED and report.passed


def test_matrix_identities_are_checked_on_instances():
    from momentum_sym.results import symbols as S
    from momentum_sym.results.quadratic_model import instance_domain, quadratic_model

    for claim, passes in ((sp.Eq(S.Q.T * S.Q * S.w, S.w), True),
                          (sp.Eq(S.Q * S.Q * S.w, S.w), False)):
        d = DerivationBuilder("toy", "toy", source="", summary="", domain=instance_domain(),
                              model=quadratic_model(vectors=(S.w,)))
        d.add("s", Kind.MATRIX, claim, "because")
        assert verify(d.build(), samples=2).steps[0].passed is passes
