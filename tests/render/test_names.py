"""Readable symbol names: one table of cases."""

import pytest

from momentum_sym.render.names import escape_text, latex_name, parse, unicode_name

NAMES = [
    # name, Unicode, LaTeX
    ("alpha", "α", r"\alpha"),
    ("lambda_1", "λ₁", r"\lambda_{1}"),
    ("lambda_n", "λₙ", r"\lambda_{n}"),
    ("Lambda", "Λ", r"\Lambda"),
    ("w^{k+1}", "wᵏ⁺¹", "w^{k+1}"),
    ("w^{\\star}", "w⋆", r"w^{\star}"),
    ("x_i^k", "xᵢᵏ", "x_{i}^{k}"),
    ("x_i^0", "xᵢ⁰", "x_{i}^{0}"),
    ("s1", "s₁", "s_{1}"),
    ("f(w)", "f(w)", "f(w)"),
    ("f^n(w)", "fⁿ(w)", "f^{n}(w)"),
    ("\\mathbf{1}", "𝟏", r"\mathbf{1}"),
    ("eps", "eps", r"\mathrm{eps}"),
    ("E[epsilon_i^j epsilon_i^l]", "E[εᵢʲ εᵢˡ]", r"E[\epsilon_{i}^{j}\,\epsilon_{i}^{l}]"),
    ("50%", "50%", r"\text{50\%}"),
    ("x_{max}", "xₘₐₓ", r"x_{\mathrm{max}}"),
    # primes follow the name in italics, not an upright \text{x'}
    ("b'", "b'", "b'"),
    ("x''", "x''", "x''"),
    ("lambda'", "λ'", r"\lambda'"),
    ("x_i'", "xᵢ'", "x_{i}'"),
]

#: LaTeX fragments spelled in Unicode only when every command has one character:
#: otherwise as written, never as another quantity (frac{b}{2}, or w for \tilde{w})
UNICODE_OF_LATEX = [
    (r"\nabla f(w^{k})", "∇f(wᵏ)"),
    (r"\alpha \cdot 2", "α⋅2"),
    (r"(\alpha + \eta)", "(α + η)"),  # the space before an operator stays
    (r"-(\alpha)", "-(α)"),
    (r"\mathbf{x}", "x"),
    (r"\mathbf{1}", "𝟏"),
    (r"\frac{b}{2}", r"\frac{b}{2}"),
    (r"(\frac{1}{1-\beta})", r"(\frac{1}{1-\beta})"),
    (r"\tilde{w}", r"\tilde{w}"),
    (r"\bar{w}", r"\bar{w}"),
    (r"\sqrt{\alpha}", r"\sqrt{\alpha}"),
]


@pytest.mark.parametrize(("latex", "text"), UNICODE_OF_LATEX)
def test_latex_is_spelled_in_unicode_only_when_nothing_is_lost(latex, text):
    assert unicode_name(latex) == text


@pytest.mark.parametrize(("name", "text", "latex"), NAMES)
def test_names(name, text, latex):
    assert unicode_name(name) == text
    assert latex_name(name) == latex


@pytest.mark.parametrize("name", ["w^{k+1}", "x_i^k", "lambda_1"])
def test_parse_keeps_base(name):
    parsed = parse(name)
    assert parsed is not None
    assert parsed.base == name.split("_")[0].split("^")[0]


@pytest.mark.parametrize(("text", "escaped"), [
    ("50% of A_1", r"50\% of A\_1"),
    ("{x} & #", r"\{x\} \& \#"),
    ("λ ≤ 2", r"$\lambda$ $\le$ 2"),
    ("unknown ☃", "unknown ?"),
    # scripts of one-line mathematics, a Greek subscript, a product's dot
    ("λᵢ xᵏ", r"$\lambda$\textsubscript{i} x\textsuperscript{k}"),
    ("wᵦ", r"w\textsubscript{$\beta$}"),
    ("2⋅α", r"2$\cdot$$\alpha$"),
])
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped


@pytest.mark.parametrize(("name", "value"), [
    # a value of a sequence: (its base, the script, the step letter, other scripts), offset
    ("x^{k+1}", (("x", "^", "k"), 1)),
    ("x^{k-1}", (("x", "^", "k"), -1)),
    ("x_{i}^{k}", (("x", "^", "k", "_i"), 0)),
    ("x_{t-1}", (("x", "_", "t"), -1)),
    ("y^{(k+2)}", (("y", "^", "k"), 2)),
    # not one: no step script, a dimension or an eigenvalue index, a word
    ("x^{0}", None), ("x_i", None), ("lambda_n", None), ("lambda_{n-1}", None),
    ("w^{\\star}", None), ("I_n", None), ("rate", None),
])
def test_sequence_values(name, value):
    from momentum_sym.render.names import sequence_value

    assert sequence_value(name) == value
