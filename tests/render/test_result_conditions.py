"""Where results hold beyond the assumptions: said under the results, in every format."""

import pytest
import sympy as sp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Kind
from momentum_sym.kernel.domain import interval
from momentum_sym.render import markdown, text
from momentum_sym.render.document import holds_where, result_conditions

t = sp.Symbol("t", positive=True)
k = sp.Symbol("k", integer=True)


def _toy(*assumptions):
    d = DerivationBuilder("toy", "toy", source="", summary="",
                          domain=Domain(variables={t: interval("1/10", 3)}, constraints=(t < 3,)))
    d.equation("root", Kind.SIMPLIFICATION, sp.sqrt((1 - t) ** 2), 1 - t, "because",
               assumptions=assumptions)
    d.result("rate", 1 - t, step="root")
    return d.build()


CONDITIONS = [
    # (the step's assumptions, the conditions said)
    ((t < 1,), (t < 1,)),
    ((sp.true, sp.true, t < 1), (t < 1,)),  # what came out True says nothing
    ((t <= 1, t <= 1), (t <= 1,)),  # said once
    ((sp.Eq(k, 2),), ()),  # an equation names a quantity: no condition
    ((sp.Ne(t, 2),), (sp.Ne(t, 2),)),  # a form that is 0/0 somewhere: said where not
    ((t < 3,), ()),  # the domain says it already
    ((), ()),
]


@pytest.mark.parametrize(("assumptions", "said"), CONDITIONS, ids=[str(c[0]) for c in CONDITIONS])
def test_result_conditions(assumptions, said):
    found = result_conditions(_toy(*assumptions))
    assert found == ((("rate",), said),) if said else found == ()


SENTENCES = [
    # (names, every result, conditions, sentence)
    (("beta", "rate"), True, ["t < 1"], "They hold where t < 1."),
    (("rate",), True, ["t < 1", "t > 0"], "It holds where t < 1 and t > 0."),
    (("beta", "rate"), False, ["κ > 1"], "beta and rate hold where κ > 1."),
    (("alpha", "beta", "rate"), False, ["κ > 1"], "alpha, beta and rate hold where κ > 1."),
    (("rate",), False, ["κ > 1"], "rate holds where κ > 1."),
]


@pytest.mark.parametrize(("names", "every", "conditions", "sentence"), SENTENCES,
                         ids=[s[3] for s in SENTENCES])
def test_holds_where(names, every, conditions, sentence):
    assert holds_where(names, every, conditions, str) == sentence


def test_a_result_real_only_on_part_of_the_domain_says_where():
    derivation = momentum_sym.get("nesterov-critical-damping")
    assert "They hold where α λ < 1." in text.show(derivation)
    assert "They hold where $\\alpha \\lambda < 1$." in markdown.page(derivation)


def test_a_closed_form_that_is_zero_over_zero_where_the_roots_meet_says_so():
    derivation = momentum_sym.get("heavy-ball-worst-case")
    assert "It holds where σ₁ ≠ σ₂." in text.show(derivation)
