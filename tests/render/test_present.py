"""Reading forms: a polynomial in the variable a reader follows is printed collected
in it, highest power first; the printed form always has the same value."""

import pytest
import sympy as sp

from momentum_sym.render import printers
from momentum_sym.render.present import (
    _reads_negative,
    by_falling_powers,
    by_rising_powers,
    readable,
)

alpha, beta, lam = sp.symbols("alpha beta lambda", positive=True)
sigma, x = sp.symbols("sigma x")

CASES = [
    # (expression, variables, printed on one line)
    (sp.expand((sigma - beta) * (alpha * lam + sigma - 1) + alpha * beta * lam), (sigma,),
     "σ² + σ (α λ - β - 1) + β"),
    (sp.expand((sigma - alpha) * (sigma - beta) - 1), (sigma,), "σ² - σ (α + β) + α β - 1"),
    (sp.expand(beta * (sigma - alpha) ** 3 - sigma), (sigma,),
     "β σ³ - 3 α β σ² + σ (3 α² β - 1) - α³ β"),
    (sigma**2 - 2 * sigma + 1, (sigma,), "σ² - 2 σ + 1"),
    # left as SymPy writes it: a product still to expand, a linear sum, no variable
    ((sigma - beta) * (sigma - 1) + alpha, (sigma,), "α + (σ - β) (σ - 1)"),
    (alpha * lam + sigma - 1, (sigma,), "α λ + σ - 1"),
    (alpha**2 + beta, (sigma,), "α² + β"),
    (x**2 + alpha * x, (), "α x + x²"),
]


@pytest.mark.parametrize(("expr", "variables", "printed"), CASES)
def test_printed_by_falling_powers(expr, variables, printed):
    shown = by_falling_powers(expr, variables)
    assert printers.inline_text(shown) == printed
    assert sp.expand(shown - expr) == 0


def test_both_sides_of_a_claim_and_matrix_entries():
    poly = sp.expand((sigma - alpha) * (sigma - beta))
    claim = sp.Eq(sp.Matrix([[poly]]), sp.Matrix([[0]]), evaluate=False)
    shown = by_falling_powers(claim, (sigma,))
    assert printers.inline_text(shown.lhs[0, 0]) == "σ² - σ (α + β) + α β"
    assert printers.latex(by_falling_powers(sp.Eq(poly, 0), (sigma,))) == (
        r"\sigma^{2} - \sigma \left(\alpha + \beta\right) + \alpha \beta = 0")


def test_every_printer_keeps_the_order():
    from momentum_sym.html.mathml import mathml_body

    shown = by_falling_powers(sp.expand((sigma - alpha) * (sigma - beta)), (sigma,))
    assert printers.pretty(shown).splitlines()[-1].startswith("σ  - σ⋅(α + β)")
    assert mathml_body(shown).startswith("<mrow><msup><mi>&#963;</mi><mn>2</mn></msup>")


@pytest.mark.parametrize(("expr", "latex"), [
    (sp.Mul(sp.Abs(alpha * lam - 1) ** (-x), sp.Abs(alpha * lam - 1) ** (x + 1),
            evaluate=False),
     r"\frac{\left|{1 - \alpha \lambda}\right|^{x + 1}}{\left|{1 - \alpha \lambda}\right|^{x}}"),
    (3 * beta ** (-x), r"\frac{3}{\beta^{x}}"),
    (beta ** (-x), r"\beta^{- x}"),  # alone, a power stays a power
    (beta ** -2 * alpha, r"\frac{\alpha}{\beta^{2}}"),  # SymPy's own quotient
])
def test_a_negative_symbolic_power_goes_below_the_line(expr, latex):
    assert printers.latex(expr) == latex


h, c, t = sp.symbols("h c t", positive=True)
curve = sp.Function("x")
X0, X1, X2 = (sp.Symbol(name, real=True) for name in ("x(t)", "x'(t)", "x''(t)"))
X3 = sp.Symbol(r"x'''(\xi_{+})", real=True)

RISING = [
    # (expression, small quantities, printed on one line): a series, lowest power first
    (h**3 * X3 / 6 + h**2 * X2 / 2 + h * X1 + X0, (h,),
     "x(t) + h x'(t) + h² x''(t)/2 + h³ x'''(ξ₊)/6"),
    (sp.expand(1 + 2 * h + 3 * h**2 - alpha), (h,), "1 - α + 2 h + 3 h²"),
    (h**2 * (alpha + beta) + h**3, (h,), "h² (α + β) + h³"),
    (alpha * h + 1, (h,), "α h + 1"),  # linear: as SymPy writes it
]


@pytest.mark.parametrize(("expr", "variables", "printed"), RISING)
def test_printed_by_rising_powers(expr, variables, printed):
    shown = by_rising_powers(expr, variables)
    assert printers.inline_text(shown) == printed
    assert sp.expand(shown - expr) == 0


DIFFERENTIAL = [
    # (expression, printed on one line): derivatives primed, the highest one first
    (c * curve(t).diff(t) + lam * curve(t) + curve(t).diff(t, 2),
     "x''(t) + c x'(t) + λ x(t)"),
    (c * X1 + lam * X0 + X2, "x''(t) + c x'(t) + λ x(t)"),
    (X3 / 6 - c * X2 / 2, "x'''(ξ₊)/6 - c x''(t)/2"),
    (curve(t).diff(t, 5) + curve(t), "x⁽⁵⁾(t) + x(t)"),
    # no derivative, or values of the function only: as SymPy writes them
    (alpha + X0 + beta * X0**2, "α + β x(t)² + x(t)"),
    (alpha + beta, "α + β"),
]


@pytest.mark.parametrize(("expr", "printed"), DIFFERENTIAL)
def test_highest_derivative_first(expr, printed):
    assert printers.inline_text(expr) == printed


X_NEXT, X_NOW, X_LAST = sp.symbols("x^{k+1} x^{k} x^{k-1}")
Y_NOW, XI_NOW, XI_LAST = sp.symbols("y^{k} x_{i}^{k} x_{i}^{k-1}")

RECURRENCES = [
    # (expression, LaTeX): one sequence's values, the latest step first
    (beta * X_LAST + X_NEXT - X_NOW * (beta - alpha * lam + 1),
     r"x^{k+1} - x^{k} \left(1 + \beta - \alpha \lambda\right) + \beta x^{k-1}"),
    (sigma**2 * X_NOW + X_NEXT + alpha, r"x^{k+1} + \sigma^{2} x^{k} + \alpha"),
    (XI_LAST * beta + XI_NOW, r"x_{i}^{k} + \beta x_{i}^{k-1}"),
    # as SymPy writes them: a difference that would start with a minus, two sequences,
    # a step twice, a single value
    (X_LAST - X_NOW, "x^{k-1} - x^{k}"),
    (beta * Y_NOW + lam * X_NOW, r"\beta y^{k} + \lambda x^{k}"),
    (beta * X_NOW - beta * X_LAST + X_NOW * alpha,
     r"\alpha x^{k} - \beta x^{k-1} + \beta x^{k}"),
    (alpha + X_NOW, r"\alpha + x^{k}"),
]


@pytest.mark.parametrize(("expr", "printed"), RECURRENCES)
def test_a_recurrence_latest_step_first(expr, printed):
    assert printers.latex(expr) == printed
    assert printers.sum_terms(expr) == [  # a display broken over rows agrees
        sp.sympify(t) for t in printers.sum_terms(printers.printable(expr))]


def test_every_printer_primes_a_derivative():
    from momentum_sym.html.mathml import mathml_body

    ode = sp.Eq(c * curve(t).diff(t) + lam * curve(t) + curve(t).diff(t, 2), 0)
    assert printers.latex(ode) == (
        r"x''\left(t\right) + c x'\left(t\right) + \lambda x\left(t\right) = 0")
    assert printers.pretty(ode) == "x''(t) + c⋅x'(t) + λ⋅x(t) = 0"
    # the letter in italics, its primes as one operator (an <mi>x''</mi> sets upright)
    assert mathml_body(ode).startswith("<mrow><mrow><mrow><mrow><mi>x</mi><mo>&#8243;</mo>")
    assert mathml_body(X3).startswith("<mrow><mrow><mi>x</mi><mo>&#8244;</mo></mrow>")
    # a derivative of any expression counts by its order
    trial = (sp.Derivative(sp.exp(t), t) * c + lam * sp.exp(t)
             + sp.Derivative(sp.exp(t), (t, 2)))
    assert printers.latex(trial) == (r"\frac{d^{2}}{d t^{2}} e^{t} + c \frac{d}{d t} e^{t} "
                                     r"+ \lambda e^{t}")
    assert [printers.inline_text(term) for term in printers.sum_terms(ode.lhs)] == [
        "x''(t)", "c x'(t)", "λ x(t)"]


STEP = sp.Symbol("m", integer=True, nonnegative=True)
SOME = sp.Symbol("y")

JOINED = [
    # (expression, LaTeX): powers of one base joined where that holds for every value
    (beta * beta ** (STEP + 2), r"\beta^{m + 3}"),
    (alpha * (beta * beta**STEP - 1) / (1 - beta),
     r"\frac{\alpha \left(\beta^{m + 1} - 1\right)}{1 - \beta}"),
    (alpha * alpha**SOME, r"\alpha^{y + 1}"),  # a positive base: any exponent
    # left apart: a base of any sign with an exponent that may be negative or not whole
    (x * x**SOME, r"x x^{y}"),
]


@pytest.mark.parametrize(("expr", "printed"), JOINED)
def test_powers_of_one_base_joined(expr, printed):
    assert printers.latex(expr) == printed


TAU, KAPPA, LAMBDA_1 = sp.symbols("tau kappa lambda_1", positive=True)

ABSORBED = [
    # (expression, LaTeX): a negative product takes its minus into a sum that reads
    # better negated, as a textbook writes it
    (sp.factor(2 - 2 * beta), r"2 \left(1 - \beta\right)"),  # SymPy: -2 (beta - 1)
    (sp.factor(-4 / (LAMBDA_1 * (sp.sqrt(KAPPA) + 1) ** 2 * (TAU - 1))),
     r"\frac{4}{\lambda_{1} \left(1 - \tau\right) \left(\sqrt{\kappa} + 1\right)^{2}}"),
    (-SOME * (alpha * lam - beta - 1), r"y \left(1 + \beta - \alpha \lambda\right)"),
    # kept: a sum of added terms, a positive product, numbers as substituted
    (-alpha * (beta + 1), r"- \alpha \left(\beta + 1\right)"),
    (SOME * (alpha * lam - beta - 1), r"y \left(\alpha \lambda - \beta - 1\right)"),
    (sp.Mul(-1, SOME, sp.Add(-1, 0, evaluate=False), evaluate=False),
     r"- y \left(0 - 1\right)"),
]


@pytest.mark.parametrize(("expr", "printed"), ABSORBED)
def test_a_minus_is_taken_into_a_sum(expr, printed):
    assert printers.latex(expr) == printed
    assert sp.simplify(readable(expr) - expr) == 0


def test_powers_are_not_joined_in_a_product_that_does_not_commute():
    a, b = sp.MatrixSymbol("A", 2, 2), sp.MatrixSymbol("B", 2, 2)
    assert printers.latex(sp.sqrt(beta) * a * b * a) == r"\sqrt{\beta} A B A"
    p, q = sp.symbols("p q", commutative=False)
    assert printers.latex(p * q * p) == "p q p"


_A, _B = sp.MatrixSymbol("A", 2, 2), sp.MatrixSymbol("B", 2, 2)
_x, _y = sp.symbols("x y")


@pytest.mark.parametrize("product", [
    sp.MatMul(-2, _A, _B), sp.MatMul(2, _A, _B), sp.MatMul(-1, _A), sp.MatMul(_x, _A),
    sp.MatMul(-3, _x, _A, _B), -_x * _y, 2 * _x * _y, -sp.Rational(1, 2) * (_x - 1),
])
def test_a_product_reads_negative_as_sympy_says_without_negating_it(product):
    assert _reads_negative(product) == bool(product.could_extract_minus_sign())
