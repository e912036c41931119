"""Real algebra with z3: a proof, a confirmed counterexample, or undecided."""

import pytest
import sympy as sp

from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.realsolver import decide_relation

a = sp.Symbol("a", positive=True)
b = sp.Symbol("b", nonnegative=True)
t = sp.Symbol("t", real=True)
u = sp.Symbol("u", real=True)
k = sp.Symbol("k", integer=True, nonnegative=True)

CASES = [
    # (description, claim, constraints, status)
    ("AM-GM", (a + b) / 2 >= sp.sqrt(a * b), (), Status.PROVED),
    ("AM-GM reversed", (a + b) / 2 < sp.sqrt(a * b), (), Status.FAILED),
    ("a region solved", sp.Equivalent(sp.Abs(1 - t) < 1, sp.And(t > 0, t < 2)), (),
     Status.PROVED),
    ("a region with a wrong end", sp.Equivalent(sp.Abs(1 - t) < 1, sp.And(t > 0, t < 3)), (),
     Status.FAILED),
    # an equivalence is decided as its two implications: each half's failure is caught
    ("a region too large", sp.Equivalent(sp.Abs(1 - t) < 1, sp.And(t > -1, t < 2)), (),
     Status.FAILED),
    ("a region too small", sp.Equivalent(sp.Abs(1 - t) < 1, sp.And(t > 1, t < 2)), (),
     Status.FAILED),
    ("an equivalence undecided in one half", sp.Equivalent(t**k >= 0, t > 0), (t > 0,),
     Status.UNDECIDED),
    # the first half's only counterexample is irrational (t = sqrt 2), the second's is 6
    ("an equivalence refuted by its second half",
     sp.Equivalent(sp.And(t**2 <= 2, t >= 0), sp.Or(sp.And(t**2 < 2, t >= 0), t > 5)), (),
     Status.FAILED),
    ("complex roots inside the circle",
     sp.Implies(sp.And(t**2 < 4 * b, b < 1), sp.Abs(t / 2 + sp.sqrt(t**2 - 4 * b) / 2) < 1),
     (), Status.PROVED),
    ("a bound that needs the constraint", t < 5, (t < 4,), Status.PROVED),
    ("the same without it", t < 5, (), Status.FAILED),
    ("max of two moduli", sp.Abs(u) <= sp.Max(sp.Abs(u), sp.Abs(t)), (), Status.PROVED),
    ("a symbolic exponent is not real algebra", t**k >= 0, (t > 0,), Status.UNDECIDED),
]


@pytest.mark.parametrize(("description", "claim", "constraints", "status"), CASES,
                         ids=[c[0] for c in CASES])
def test_decide_relation(description, claim, constraints, status):
    outcome, point = decide_relation(claim, constraints)
    assert outcome.status is status
    if status is Status.FAILED:  # a counterexample, confirmed by exact evaluation
        exact = {s: sp.Rational(v.numerator, v.denominator) for s, v in point.items()}
        assert sp.simplify(claim.xreplace(exact)) is sp.false


def test_the_limit_is_a_count_of_work_not_seconds(monkeypatch):
    """The same claim, the same answer, whatever the load: with almost no work allowed
    a proof that needs some is undecided (and says why), never a wall-clock accident."""
    from momentum_sym.kernel import realsolver

    claim = sp.Implies(sp.And(t**2 < 4 * b, b < 1), sp.Abs(t / 2 + sp.sqrt(t**2 - 4 * b) / 2) < 1)
    assert decide_relation(claim)[0].status is Status.PROVED
    monkeypatch.setattr(realsolver, "RESOURCE_LIMIT", 1)
    outcome, point = decide_relation(claim)
    assert outcome.status is Status.UNDECIDED and point is None
    assert "resource limit" in outcome.method


@pytest.mark.parametrize(("claim", "constraints"), [
    ((a + b) / 2 < sp.sqrt(a * b), ()),
    (t < 5, ()),
])
def test_a_problem_asked_again_gets_the_same_answer_and_its_own_point(claim, constraints):
    first, point = decide_relation(claim, constraints)
    assert first.status is Status.FAILED and point
    point.clear()  # what a caller does with its point is not seen by the next caller
    again, second_point = decide_relation(claim, constraints)
    assert again == first and second_point
