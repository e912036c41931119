"""Breaking long claims into rows."""

import sympy as sp

from momentum_sym.render.latex import LIMIT, claim_display
from momentum_sym.render.layout import layout, layout_named
from momentum_sym.render.printers import width
from momentum_sym.render.text import claim_picture

xs = sp.symbols("x1:30", positive=True)
LONG_SUM = sp.Add(*(x**2 / (1 + x) for x in xs))


def test_short_claim_is_one_row():
    d = layout(sp.Eq(xs[0], xs[1] + 1, evaluate=False), LIMIT)
    assert d.single


def test_long_sum_is_broken_within_the_limit():
    d = layout(sp.Eq(xs[0], LONG_SUM, evaluate=False), LIMIT)
    assert not d.single and len(d.rows) > 2
    assert not d.overfull
    for row in d.rows:
        assert sum(width(t.magnitude) + 3 for t in row.terms) <= LIMIT


def test_long_left_side_gets_its_own_rows():
    d = layout(sp.Eq(LONG_SUM, xs[0], evaluate=False), LIMIT)
    assert d.rows[-1].relation == "=="
    assert all(r.lead is None for r in d.rows)


def test_long_product_is_broken_at_its_factors():
    product = sp.Mul(*(sp.Add(*xs[j:j + 8]) for j in (0, 8)), evaluate=False)
    d = layout(sp.Eq(product, xs[0], evaluate=False), 40)
    assert any(t.factor for r in d.rows for t in r.terms)


def test_latex_uses_align_for_broken_claims():
    text = claim_display(sp.Eq(xs[0], LONG_SUM, evaluate=False))
    assert text.startswith(r"\begin{align*}") and text.count(r"\\") >= 2


def test_text_picture_lines_fit_the_terminal():
    picture = claim_picture(sp.Eq(xs[0], LONG_SUM, evaluate=False))
    assert max(len(line) for line in picture.splitlines()) <= 80


def test_named_results_always_have_a_lead():
    d = layout_named("rate", xs[0], LIMIT)
    assert d.rows[0].lead == "rate"


def test_a_sum_inside_a_sum_keeps_its_signs():
    """An unevaluated cofactor expansion: the inner sum's terms are the outer sum's,
    never one term whose minus sign is taken out without brackets."""
    alpha, beta, lam, sigma = sp.symbols("alpha beta lambda sigma")
    inner = sp.Add(-alpha * beta * lam, beta, evaluate=False)
    side = sp.Add(sigma * (alpha + beta), inner, evaluate=False)
    claim = sp.Eq(side, sp.expand(side), evaluate=False)
    picture = claim_picture(claim)
    assert "- α⋅β⋅λ - β" not in picture and "β - α⋅β⋅λ" in picture
    assert r"\beta - \alpha \beta \lambda" in claim_display(claim)
