"""The textbook printers: each rule as a case."""

import html
import re

import pytest
import sympy as sp
from sympy.printing.pretty.pretty import PrettyPrinter

from momentum_sym.render.printers import (
    TextbookPrettyPrinter,
    inline_text,
    latex,
    pretty,
    sum_terms,
)

n = sp.Symbol("n", integer=True, positive=True)
A = sp.MatrixSymbol("A", n, n)
Q = sp.MatrixSymbol("Q", n, n)
w = sp.MatrixSymbol("w", n, 1)
b = sp.MatrixSymbol("b", n, 1)
w_star = sp.MatrixSymbol(r"w^{\star}", n, 1)
x = sp.MatrixSymbol("x^k", n, 1)
alpha = sp.Symbol("alpha", positive=True)
lam = sp.Symbol("lambda", positive=True)
i = sp.Symbol("i", integer=True)
k = sp.Symbol("k", integer=True)
lambdas = sp.IndexedBase("lambda")

LATEX = [
    # rule, expression, LaTeX
    ("rational coefficient unbracketed", sp.Rational(1, 2) * w.T * A * w - b.T * w,
     r"\frac{1}{2} w^{T} A w - b^{T} w"),
    ("matrix sum: longer products first", -b + A * w, "A w - b"),
    ("sum starts positive", 1 - alpha * lam, r"1 - \alpha \lambda"),
    ("power of a sum", (1 - alpha * lam) ** k, r"\left(1 - \alpha \lambda\right)^{k}"),
    ("column component", x[i, 0], "x_{i}^{k}"),
    ("indexed eigenvalue", lambdas[i], r"\lambda_{i}"),
    ("power of a scripted component", x[i, 0] ** 2, r"\left(x_{i}^{k}\right)^{2}"),
    ("transpose of a starred vector", w_star.T * w, r"(w^{\star})^{T} w"),
    ("negative scalar coefficient", w - alpha * (A * w - b),
     r"w - \alpha \left(A w - b\right)"),
    ("gradient", sp.Derivative(w.T * A * w, w), r"\nabla_{w} w^{T} A w"),
    ("zero matrix", sp.ZeroMatrix(n, 1), "0"),
    ("1x1 matrix", sp.Matrix([[alpha + 1]]), r"\alpha + 1"),
    ("chained inequality", sp.And(sp.Lt(0, k), sp.Lt(k, 2), evaluate=False),
     r"0 < k < 2"),
    ("pi stays pi", sp.pi * alpha, r"\pi \alpha"),
    ("undefined function", sp.Function("x_i")(k), r"x_{i}\left(k\right)"),
    ("orthogonal", sp.Eq(Q.T * Q, sp.Identity(n), evaluate=False), "Q^{T} Q = I"),
]


@pytest.mark.parametrize(("rule", "expr", "expected"), LATEX, ids=[c[0] for c in LATEX])
def test_latex(rule, expr, expected):
    assert latex(expr) == expected


PRETTY = [
    ("names", alpha * lambdas[i] + x[i, 0], "α⋅λᵢ + xᵢᵏ"),
    ("transpose", w.T * A * w, "wᵀ⋅A⋅w"),
    ("inverse", A.inv() * b, "A⁻¹⋅b"),
    ("matrix sum order", -b + A * w, "A⋅w - b"),
    ("nested product keeps parentheses", sp.MatMul(A, sp.MatMul(A.inv(), b, evaluate=False),
                                                   evaluate=False), "A⋅(A⁻¹⋅b)"),
    ("star", w_star, "w⋆"),
    # numbers multiplied as substituted: a fraction is bracketed, never 1/10⋅2 (= 1/20?)
    ("a fraction times a number", sp.Mul(sp.Rational(1, 10), 2, evaluate=False),
     "(1/10)⋅2"),
    ("a number times a fraction", sp.Mul(2, sp.Rational(1, 10), evaluate=False),
     "2⋅(1/10)"),
    ("a coefficient of a symbol as SymPy writes it", alpha / 2, "α\n─\n2"),
    ("a negative fractional base in brackets", sp.Rational(-1, 2) ** k, "      k\n(-1/2) "),
]


@pytest.mark.parametrize(("rule", "expr", "expected"), PRETTY, ids=[c[0] for c in PRETTY])
def test_pretty(rule, expr, expected):
    assert pretty(expr) == expected


def test_inline_text_is_one_line():
    assert "\n" not in inline_text(alpha / (1 + lam))


INLINE = [
    # rule, expression, one line of Unicode
    ("power as superscript", (1 - alpha * lam) ** (2 * k), "(1 - α λ)²ᵏ"),
    ("subscripted name squared", sp.Symbol("lambda_i") ** 2, "λᵢ²"),
    ("superscripted name squared", sp.Symbol("w^k") ** 2, "(wᵏ)²"),
    ("sub- and superscripted name squared", sp.Symbol("x_{i}^{0}") ** 2, "(xᵢ⁰)²"),
    ("component of a superscripted vector squared", x[i, 0] ** 2, "(xᵢᵏ)²"),
    ("root", sp.sqrt(alpha * lam), "√(α λ)"),
    ("a negative base in brackets", (-1) ** k, "(-1)ᵏ"),
    ("a fractional base in brackets", sp.Rational(1, 2) ** k, "(1/2)ᵏ"),
    ("a negative fractional base in brackets", sp.Rational(-1, 2) ** k, "(-1/2)ᵏ"),
    ("a positive integer base as it is", 2 ** k, "2ᵏ"),
    # an indexed name is subscripted, never SymPy's lambda[i]
    ("indexed name", lambdas[i], "λᵢ"),
    ("indexed name in a function", sp.Function("diag")(lambdas[i]), "diag(λᵢ)"),
    ("indexed superscripted name", sp.IndexedBase("x^0")[i], "xᵢ⁰"),
    ("two single-letter indices", sp.IndexedBase("a")[i, k], "aᵢₖ"),
    ("an index that is a sum", sp.IndexedBase("x")[k + 1], "xₖ₊₁"),
]


@pytest.mark.parametrize(("rule", "expr", "expected"), INLINE, ids=[c[0] for c in INLINE])
def test_inline_text(rule, expr, expected):
    assert inline_text(expr) == expected


def test_sum_terms_order_matches_printing():
    terms = sum_terms(1 - alpha * lam)
    assert terms[0] == 1


z = sp.Symbol("z")
SHARED_PARTS = [
    # an expression whose printing adjusts the form of a part in place (SymPy sets the
    # baseline of a product's body and of a determinant's matrix), and another that
    # contains the same part
    ("body of a product", sp.Product(alpha / (1 + lam), (k, 1, n)), alpha / (1 + lam) + z),
    ("matrix of a determinant", sp.Determinant(sp.ImmutableMatrix([[alpha, 1], [lam, 2]])),
     sp.ImmutableMatrix([[alpha, 1], [lam, 2]]) * z),
    ("root inside a power", (sp.sqrt(alpha + lam) + 1) ** k, sp.sqrt(alpha + lam) + z),
]


@pytest.mark.parametrize(("rule", "first", "then"), SHARED_PARTS,
                         ids=[c[0] for c in SHARED_PARTS])
def test_shared_pretty_forms_are_not_changed_by_their_users(rule, first, then):
    """Forms are made once per subexpression and shared: an expression printed after
    another that adjusted a part they share looks as a printer sharing nothing
    prints it."""
    from momentum_sym.render import printers

    expected = Unshared()._print(printers.printable(then)).render(wrap_line=False)
    printers._FORMS.clear()
    printers._pretty.cache_clear()
    pretty(first)
    assert pretty(then) == expected


class Unshared(TextbookPrettyPrinter):
    """The textbook printer making every form afresh."""

    def _print(self, expr, **kwargs):
        return PrettyPrinter._print(self, expr, **kwargs)


M = sp.MatrixSymbol("A", n, n)
c = sp.MatrixSymbol("c", n, 1)
R = sp.MatrixSymbol("R", 2, 2)
sigma = sp.Symbol("sigma_2")
NAMED = [
    # rule, expression, a document's own spelling of some names, LaTeX
    ("a matrix renamed, inverted", -M.inv() * c, {M: "Q"}, "- Q^{-1} c"),
    ("a matrix renamed, transposed", M.T * c, {M: r"\mathbf{Q}"}, r"\mathbf{Q}^{T} c"),
    ("a scalar renamed", 1 - alpha * lam, {alpha: r"\eta"}, r"1 - \eta \lambda"),
    ("the book's term order", R - sigma * sp.Identity(2), {}, r"R - \sigma_{2} I"),
]


@pytest.mark.parametrize(("rule", "expr", "spelled", "expected"), NAMED,
                         ids=[c[0] for c in NAMED])
def test_latex_in_a_documents_names(rule, expr, spelled, expected):
    from momentum_sym.render.printers import latex_named

    assert latex_named(expr, spelled) == expected


beta = sp.Symbol("beta", positive=True)
g = sp.Symbol("g")
w0, wk = sp.Symbol("w^{0}"), sp.Symbol("w^{k}")
gradient = sp.Symbol(r"\nabla f(w^{0})")

SIGNS = [
    # rule, a sum with a term that reads negative only inside, LaTeX, one line, pretty
    ("a product built with a negative number",
     sp.Add(w0, sp.Mul(-alpha, g, evaluate=False), evaluate=False),
     r"w^{0} - \alpha g", "w⁰ - α g", "w⁰ - α⋅g"),
    ("two negative factors cancel",
     sp.Add(sp.Mul(beta, 1 - alpha * lam, evaluate=False),
            sp.Mul(-lam, -alpha * beta, evaluate=False), evaluate=False),
     r"\beta \left(1 - \alpha \lambda\right) + \alpha \beta \lambda",
     "β (1 - α λ) + α β λ", "β⋅(1 - α⋅λ) + α⋅β⋅λ"),
    ("two negative factors cancel, whatever order the printer sets them in",
     sp.Add(w0, sp.Mul(-lam, -alpha, evaluate=False), evaluate=False),
     r"\alpha \lambda + w^{0}", "α λ + w⁰", "α⋅λ + w⁰"),
    ("a negative number inside an inner product goes in front",
     sp.Add(w0, sp.Mul(lam, sp.Mul(-2, g, evaluate=False), evaluate=False), evaluate=False),
     r"w^{0} - 2 g \lambda", "w⁰ - 2 g λ", "w⁰ - 2⋅g⋅λ"),
    ("a number after a symbol",
     sp.Add(w0, sp.Mul(alpha, -2, evaluate=False), evaluate=False),
     r"w^{0} - 2 \alpha", "w⁰ - 2 α", "w⁰ - 2⋅α"),
    ("a sum of products negative only inside",
     sp.Add(w0, sp.Mul(beta, sp.Add(sp.Mul(lam, sp.Mul(-2, g, evaluate=False),
                                            evaluate=False),
                                     sp.Mul(alpha, sp.Mul(-3, wk, evaluate=False),
                                            evaluate=False), evaluate=False),
                       evaluate=False), evaluate=False),
     r"w^{0} - \beta \left(3 \alpha w^{k} + 2 g \lambda\right)",
     "w⁰ - β (3 α wᵏ + 2 g λ)", "w⁰ - β⋅(3⋅α⋅wᵏ + 2⋅g⋅λ)"),
    ("a factor that is a sum of negative terms",
     sp.Add(w0, sp.Mul(alpha * (-beta - 1), gradient, evaluate=False), evaluate=False),
     r"w^{0} - \alpha \left(\beta + 1\right) \nabla f(w^{0})", "w⁰ - α (β + 1) ∇f(w⁰)",
     "w⁰ - ∇f(w⁰)⋅α⋅(β + 1)"),
    ("a 1x1 matrix with a negative entry",
     sp.MatAdd(sp.MatMul(sp.Matrix([[1]]), sp.Matrix([[wk]])),
               sp.MatMul(sp.Matrix([[-alpha]]), sp.Matrix([[g]]))),
     r"1 w^{k} - \alpha g", "[1] [wᵏ] - [α] [g]", "1⋅wᵏ - α⋅g"),
]


@pytest.mark.parametrize(("rule", "expr", "tex", "line", "picture"), SIGNS,
                         ids=[c[0] for c in SIGNS])
def test_a_negative_term_is_subtracted_never_added(rule, expr, tex, line, picture):
    from momentum_sym.html.mathml import mathml_body

    assert (latex(expr), inline_text(expr), pretty(expr)) == (tex, line, picture)
    markup = mathml_body(expr)
    assert ("<mo>&#8722;</mo>" in markup) == (" - " in tex)
    assert re.search(r"<mo>\+</mo>(<mrow>)*<mo>&#8722;</mo>", markup) is None


@pytest.mark.parametrize("rule", [c[0] for c in SIGNS])
def test_the_sign_and_magnitude_have_the_terms_value(rule):
    from momentum_sym.render.printers import split_sign

    (expr,) = [c[1] for c in SIGNS if c[0] == rule]
    for term in sp.Add.make_args(expr):
        negative, magnitude = split_sign(term)
        difference = sp.simplify(((-magnitude if negative else magnitude) - term).doit())
        assert difference == 0 or difference == sp.zeros(*difference.shape)
        assert not split_sign(magnitude)[0]  # never "- -"


def test_a_terms_sign_does_not_depend_on_what_was_printed_before():
    from sympy.core.cache import clear_cache

    from momentum_sym.render.printers import _split_sign, split_sign

    def term():  # a fresh object each time, equal to the last
        inner = sp.Mul(lam, sp.Add(w0, -wk, evaluate=False), evaluate=False)
        return inner, sp.Mul(-1, alpha, inner, evaluate=False)

    _split_sign.cache_clear()
    alone = split_sign(term()[1])
    _split_sign.cache_clear()
    split_sign(term()[0])  # an equal inner product printed before, then SymPy's cache
    clear_cache()  # cleared (as entering evaluate(False) does): the next is a new object
    whole = term()[1]
    assert sp.srepr(split_sign(whole)[1]) == sp.srepr(alone[1])


#: (rule, expression, LaTeX, one line): where a sum's constant is written
CONSTANTS = [
    ("a difference with a constant: the constant first", beta - alpha * lam + 1,
     r"1 + \beta - \alpha \lambda", "1 + β - α λ"),
    ("products of several symbols", alpha * lam * beta - alpha * lam + 1,
     r"1 + \alpha \beta \lambda - \alpha \lambda", "1 + α β λ - α λ"),
    ("inside a root", sp.sqrt(beta - alpha * lam + 1),
     r"\sqrt{1 + \beta - \alpha \lambda}", "√(1 + β - α λ)"),
    ("two terms: already first by its sign", 1 - alpha * lam,
     r"1 - \alpha \lambda", "1 - α λ"),
    ("nothing subtracted: as SymPy writes it", alpha + beta + 1,
     r"\alpha + \beta + 1", "α + β + 1"),
    ("a negative constant stays last", beta - alpha * lam - 1,
     r"\beta - \alpha \lambda - 1", "β - α λ - 1"),
    ("a polynomial keeps its falling powers", beta**2 - 2 * beta + 1,
     r"\beta^{2} - 2 \beta + 1", "β² - 2 β + 1"),
    ("an index stays as it is counted",
     sp.Symbol("k", integer=True) - sp.Symbol("i", integer=True) + 1, "k - i + 1", "k - i + 1"),
    ("a recurrence's values are not moved", sp.Symbol("x^{k+1}") - beta + 1,
     r"x^{k+1} - \beta + 1", "xᵏ⁺¹ - β + 1"),
]


@pytest.mark.parametrize(("rule", "expr", "tex", "line"), CONSTANTS,
                         ids=[c[0] for c in CONSTANTS])
def test_a_sums_constant_is_written_where_a_textbook_writes_it(rule, expr, tex, line):
    from momentum_sym.html.mathml import mathml_body

    assert (latex(expr), inline_text(expr)) == (tex, line)
    first = re.search(r"<m[ni]>([^<]+)</m[ni]>", mathml_body(expr))[1]
    assert html.unescape(first) == line.lstrip("√(")[0]  # the same term first in MathML


_b = sp.Symbol("beta", nonnegative=True)
_t = sp.Symbol("t", real=True)
_u = sp.Symbol("u", real=True)

DISJUNCTS = [
    # (an "or", printed as text)
    (sp.Union(sp.Interval.Lopen(0, sp.Rational(1, 3)),
              sp.Interval.Ropen(sp.Rational(2, 3), 1)).as_relational(_b),
     "0 < β ≤ 1/3 or 2/3 ≤ β < 1"),
    (sp.Or(_t > 1, _t < 1), "t < 1 or t > 1"),
    (sp.Or(_t > 2, sp.Eq(_t, 1), _t < 0), "t < 0 or t = 1 or t > 2"),
    (sp.Or(_t > sp.sqrt(2), _t < -sp.sqrt(3)), "t < -√3 or t > √2"),
    # not intervals of one symbol: SymPy's order
    (sp.Or(_t > 2, _u < 0), "u < 0 or t > 2"),
    (sp.Or(_t > 2, _u < 0, _t < -1), "t < -1 or u < 0 or t > 2"),
]


@pytest.mark.parametrize(("expr", "printed"), DISJUNCTS, ids=[d[1] for d in DISJUNCTS])
def test_an_or_of_intervals_reads_left_to_right(expr, printed):
    assert inline_text(expr) == printed
