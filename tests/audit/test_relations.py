"""What relations a formula states: chains, aligned rows, cases, side-by-side
statements, conditions and the +- of a pair of roots."""

import pytest

from momentum_sym.audit.relations import normalise, split

CASES = [
    # (formula, [(subject, relation, value, condition), ...])
    (r"w^\star = A^{-1}b.", [("w^\\star", "=", "A^{-1}b", "")]),
    (r"x^{k+1} = x^k - \alpha\lambda x^k = (1-\alpha\lambda)x^k",
     [("x^{k+1}", "=", "x^k - \\alpha\\lambda x^k", ""),
      ("x^{k+1}", "=", "(1-\\alpha\\lambda)x^k", "")]),
    ("\\begin{aligned} x &= a \\\\[0.4em] &= b \\\\ y &= c \\end{aligned}",
     [("x", "=", "a", ""), ("x", "=", "b", ""), ("y", "=", "c", "")]),
    (r"0<\alpha\lambda_{i}<2+2\beta \qquad \text{for} \qquad 0 \leq \beta < 1",
     [("0", "range", "2+2\\beta", "for 0 \\leq \\beta < 1")]),
    (r"\alpha = \left(\frac{2}{a}\right)^{2} \quad \beta = b",
     [("\\alpha", "=", "\\left(\\frac{2}{a}\\right)^{2}", ""), ("\\beta", "=", "b", "")]),
    (r"\nabla f(x)_{i}=2w_{i}-w_{i-1}, \qquad i \neq 1.",
     [("\\nabla f(x)_{i}", "=", "2w_{i}-w_{i-1}", "i \\neq 1")]),
    ("R^k = \\begin{cases} a & \\sigma_1 \\neq \\sigma_2 \\\\ b & \\sigma_1 = \\sigma_2"
     "\\end{cases}",
     [("R^k", "=", "{a}", "\\sigma_1 \\neq \\sigma_2"),
      ("R^k", "=", "{b}", "\\sigma_1 = \\sigma_2")]),
    (r"\sigma_{1,2} = \frac{a \pm \sqrt{d}}{2}",
     [("\\sigma_{1}", "=", "\\frac{a + \\sqrt{d}}{2}", ""),
      ("\\sigma_{2}", "=", "\\frac{a - \\sqrt{d}}{2}", "")]),
    (r"\|e\| \geq m \\ ", [("\\|e\\|", ">=", "m", "")]),
    ("\\begin{aligned}\\|e\\| &\\geq m\\\\ &= r \\end{aligned}",
     [("\\|e\\|", ">=", "m", ""), ("\\|e\\|", ">=", "r", "")]),
    (r"\frac{1}{1-\beta}", [("", "", "\\frac{1}{1-\\beta}", "")]),
    (r"\mathbf{z} \stackrel{\textrm{def}}{=} \mathbf{O}\mathbf{x}",
     [("\\mathbf{z}", ":=", "\\mathbf{O}\\mathbf{x}", "")]),
    ("\\begin{array}{lll} w^{1} & = & a \\\\ & \\vdots \\\\ w^{2} & = & b \\end{array}",
     [("w^{1}", "=", "a", ""), ("w^{2}", "=", "b", "")]),
    (r"A = Q \text{diag}(\lambda_1, \ldots, \lambda_n) Q^T, \qquad Q = [q_1, \ldots, q_n]",
     [("A", "=", "Q \\text{diag}(\\lambda_1, \\ldots, \\lambda_n) Q^T", ""),
      ("Q", "=", "[q_1, \\ldots, q_n]", "")]),
    (r"x \in \mathbb{R}^n", [("x", "in", "\\mathbb{R}^n", "")]),
    # an update as pseudo-code writes it: an assignment
    (r"v \leftarrow \beta v + g, \qquad w \gets w - \alpha v",
     [("v", "<-", "\\beta v + g", ""), ("w", "<-", "w - \\alpha v", "")]),
    # an alignment inside an alignment (as Markdown pages write it): its rows count
    ("\\begin{align}\\begin{split} v_t &= b v_{t-1} + g \\\\ w_t &= w_{t-1} - v_t "
     "\\end{split}\\end{align}",
     [("v_t", "=", "b v_{t-1} + g", ""), ("w_t", "=", "w_{t-1} - v_t", "")]),
]


@pytest.mark.parametrize(("latex", "expected"), CASES, ids=range(len(CASES)))
def test_relations(latex, expected):
    found = [(r.subject, r.relation, r.value, r.condition) for r in split(latex)]
    assert found == expected


@pytest.mark.parametrize(("latex", "expected"), [
    (r"\color{black}{R^k} = x \label{e}", "{R^k} = x"),
    (r"a = \underbrace{Q^TQ}_{I} x \underbrace{+ b - b}_{0}", "a = {Q^TQ} x + b - b"),
    (r"w \overbrace{x}^{note}.", "w {x}"),
    (r"\displaystyle a \,=\, b~.", "a = b"),
])
def test_normalise_keeps_only_what_states_something(latex, expected):
    assert normalise(latex) == expected


def test_a_range_keeps_its_members():
    (r,) = split(r"0 < \eta\lambda < 2 + 2\beta")
    assert r.members == ("0", "\\eta\\lambda", "2 + 2\\beta") and r.relations == ("<", "<")
    assert r.latex() == "0 < \\eta\\lambda < 2 + 2\\beta"
