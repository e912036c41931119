"""SLL prediction gives SymPy's own tree (ANTLR's guarantee, checked here on the
shapes the audit's normaliser produces), and anything it cannot parse is left to
SymPy's parse_latex, whose answer stands."""

import pytest
from sympy.parsing.latex import parse_latex

from momentum_sym.audit import sll
from momentum_sym.audit.latex import Unreadable, _antlr_parse

SAME_TREE = [
    r"{Z_{0}}^{2}",
    r"{Z_{0}}^{2{Z_{1}}}",
    r"{Z_{0}}-{Z_{1}}{Z_{2}}{Z_{0}}",
    r"\frac {{Z_{0}}-2}{{Z_{0}}}",
    r"({Z_{0}}{Z_{0}}^T)^{-1}({Z_{0}}{Z_{0}}^T){Z_{1}}^{-1}{Z_{0}}",
    r"(1-{Z_{0}}{Z_{1}})^{{Z_{2}}+1}{Z_{3}}",
    r"{Z_{0}}\cdot (1-{Z_{1}}{Z_{2}})^{Z_{3}}{Z_{4}}",
    r"(\frac {2}{\sqrt {{Z_{0}}}+\sqrt {{Z_{1}}}})^{2}",
    r"\frac {1+{Z_{0}}-{Z_{1}}{Z_{2}}+\sqrt {(1+{Z_{0}}-{Z_{1}}{Z_{2}})^2-4{Z_{0}}}}{2}",
    r"\max _{{Z_{0}}}|1-{Z_{1}}{Z_{2}}|",
    r"\max (|1-{Z_{0}}{Z_{1}}|,|1-{Z_{0}}{Z_{2}}|)",
    r"\frac{a_1 + b^{2}}{\sqrt{c}} \le (x - 1)^{k+1}",
    r"x \le 2 + 2 y",
    r"|a|-|b|",
]


@pytest.mark.parametrize("text", SAME_TREE)
def test_the_tree_of_sympys_parser(text):
    fast = sll.fast_parse(text)
    slow = parse_latex(text, strict=True)
    assert fast == slow and str(fast) == str(slow)


NOT_PARSED = [
    r"({Z_{0}}",          # unbalanced
    r"\frac ++|2",        # no operand
    r"x + 1 )",           # a tree that does not span the text
    "",
]


@pytest.mark.parametrize("text", NOT_PARSED)
def test_what_sll_cannot_parse_is_left_to_sympy(text):
    with pytest.raises(sll.NotParsed):
        sll.fast_parse(text)
    with pytest.raises(Unreadable, match="cannot parse"):
        _antlr_parse.__wrapped__(text)


def test_without_the_generated_parser_sympys_parser_decides(monkeypatch):
    monkeypatch.setattr(sll, "_parts", lambda: None)
    with pytest.raises(sll.NotParsed):
        sll.fast_parse("x + 1")
    assert str(_antlr_parse.__wrapped__("x + 1")) == str(parse_latex("x + 1", strict=True))
