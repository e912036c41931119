"""Safe LaTeX input: normalisation, atoms, canonical symbols, bounds."""


import pytest
import sympy as sp

from momentum_sym.audit.compare import check
from momentum_sym.audit.latex import MAX_CHARS, Unreadable, normal_key, parse, rebuild, tokenize
from momentum_sym.results import symbols as S
from tests.audit.conftest import needs_parser

KEYS = [
    # as written, normal key
    (r"x_{i}^{0}", "x_i^0"),
    (r"x^0_i", "x_i^0"),
    (r"x_i^{k+1}", "x_i^k+1"),
    (r"\lambda_i", "lambda_i"),
    (r"\lambda_{1}", "lambda_1"),
    (r"w^\star", "w^star"),
    (r"w^{\star}", "w^star"),
    (r"w^*", "w^star"),
    (r"\mathbf{z}_{t-1}", "z_t-1"),
    (r"\boldsymbol{\Lambda}", "Lambda"),
    (r"\sigma_1", "sigma_1"),
]


@pytest.mark.parametrize(("text", "key"), KEYS)
def test_normal_keys(text, key):
    assert normal_key(text) == key


PARSES = [
    # formula, the compared member (in canonical symbols)
    (r"\frac{2}{\lambda_{1}+\lambda_{n}}", 2 / (S.lambda_1 + S.lambda_n)),
    (r"\left(\frac{2}{\sqrt{\lambda_{1}}+\sqrt{\lambda_{n}}}\right)^{2}",
     4 / (sp.sqrt(S.lambda_1) + sp.sqrt(S.lambda_n)) ** 2),
    (r"x_{i}^{k+1} = (1-\alpha \lambda_i)^{k+1}x^0_i", (1 - S.alpha * S.lam) ** (S.k + 1) * S.x_0),
    (r"(1-\alpha\lambda_{i})^{2k}\lambda_{i}[x_{i}^{0}]^2",
     (1 - S.alpha * S.lam) ** (2 * S.k) * S.lam * S.x_0**2),
    (r"\tfrac{1}{2}\,\lambda\!\left(x_i^0\right)^2", S.lam * S.x_0**2 / 2),
    (r"0<\alpha\lambda_{i}<2+2\beta \qquad \text{for} \qquad 0 \leq \beta < 1", 2 + 2 * S.beta),
    (r"\beta = 0.99", sp.Rational(99, 100)),
    (r"\color{#AAA}{\color{black}{\sigma_{1}^{k}}}", S.sigma_1**S.k),
    (r"$\frac{1}{1-\beta}$", 1 / (1 - S.beta)),
    (r"\beta y_{i}^{k}+\lambda_{i}x_{i}^{k}", S.beta * S.y_k + S.lam * S.x_k),
]

TABLE = {"lambda_i": S.lam, "lambda_1": S.lambda_1, "lambda_n": S.lambda_n, "alpha": S.alpha,
         "beta": S.beta, "lambda": S.lam, "k": S.k, "x_i^0": S.x_0, "sigma_1": S.sigma_1,
         "y_i^k": S.y_k, "x_i^k": S.x_k}


@needs_parser
@pytest.mark.parametrize(("text", "expected"), PARSES)
def test_parse_to_canonical_symbols(text, expected):
    formula = parse(text, known=lambda key: key in TABLE)
    value = rebuild(formula.compared, lambda key: TABLE[key])
    assert sp.simplify(value - expected) == 0
    # the same objects, assumptions included: alpha is the positive alpha
    assert value.free_symbols <= set(TABLE.values())


@needs_parser
def test_parsed_alpha_is_the_positive_alpha():
    verdict = check(r"\alpha", "gd-eigen-decoupling.x_next")
    assert "Symbol('alpha', positive=True)" in (verdict.formula_srepr or "")


@needs_parser
def test_matrix_environments():
    table = {"alpha": S.alpha, "beta": S.beta, "lambda": S.lam}
    for env in ("pmatrix", "bmatrix"):
        formula = parse(rf"\begin{{{env}}} \beta & \lambda \\ -\alpha\beta & 1-\alpha\lambda "
                        rf"\end{{{env}}}")
        value = rebuild(formula.compared, lambda key: table[key])
        assert value == sp.Matrix([[S.beta, S.lam], [-S.alpha * S.beta, 1 - S.alpha * S.lam]])
    array = parse(r"\left(\!\!\begin{array}{cc} \beta & \lambda\\ 0 & 1 \end{array}\!\!\right)")
    assert rebuild(array.compared, lambda key: table[key]).shape == (2, 2)


REFUSED = [
    (r"\input{/etc/passwd}", "never read"),
    (r"\def\x{1}\x", "never read"),
    ("__import__('os').system('x')", ""),
    (r"\frac{1}{2", "unbalanced"),
    (r"\frac{1}{2}}", "unbalanced"),
    (r"10^{10^{10^{10}}}", "tower"),
    # deeper than the bound, whichever parser would have run out of stack first
    ("(" * 41 + "x" + ")" * 41, "nested too deeply"),
    (r"\frac{1}{" * 41 + "x" + "}" * 41, "nested too deeply"),
    ("[" * 20 + "{" * 21 + "x" + "}" * 21 + "]" * 20, "nested too deeply"),
    (r"2^{999999}", "too large"),
    ("1" * 40, "digits"),
    ("x" * (MAX_CHARS + 1), "too long"),
    (r"\begin{cases} 1 & x \\ 0 & y \end{cases}", "case split"),
    (r"\text{rate}(\alpha)", r"\text{rate}"),
    # a word in an upright font names an operator, never a product of its letters
    (r"\mathrm{sign}(\alpha)", r"\mathrm{sign}"),
    (r"\mathsf{tr}(\alpha)", r"\mathsf{tr}"),
    (r"\nabla f(w)", r"\nabla"),
    ("\u03b1 + 1", "character"),
]


@needs_parser
@pytest.mark.parametrize(("text", "says"), REFUSED)
def test_refused_with_its_reason(text, says):
    # the reason names the bound that refused it (a tower, a power too large, too deep),
    # so the refusal came before the work it bounds: no timing is asserted
    with pytest.raises(Unreadable, match=None) as info:
        formula = parse(text)
        rebuild(formula.compared, lambda key: sp.Symbol(key))
    assert says in str(info.value)


def test_tokenize_bounds_before_any_parsing():
    with pytest.raises(Unreadable, match="too long"):
        tokenize("x" * 1_000_000)


@needs_parser
@pytest.mark.parametrize("text", [
    "(" * 40 + "x" + ")" * 40,
    r"\frac{1}{" * 40 + "x" + "}" * 40,
])
def test_nested_up_to_the_bound_is_read(text):
    assert parse(text).compared is not None


def test_a_bracket_closed_by_another_kind_is_no_nesting():
    assert tokenize("(0, 1] \\cup [2, 3)" * 30)  # half-open intervals, 60 of them
