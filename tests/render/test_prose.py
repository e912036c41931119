"""Words around the mathematics: kind phrases, check outcomes, notation in prose."""

import pytest

from momentum_sym.kernel.inline_math import NotationError
from momentum_sym.kernel.kinds import Kind
from momentum_sym.render import prose

PROSE = [
    # reason as written (mathematics between backticks), LaTeX, Unicode
    ("the gradient of `w^T A w` is `(A + A^T) w`",
     r"the gradient of $w^{T} A w$ is $(A + A^{T}) w$",
     "the gradient of wᵀ A w is (A + Aᵀ) w"),
    ("so that `w* = A^{-1} b`", r"so that $w^{\star} = A^{-1} b$", "so that w⋆ = A⁻¹ b"),
    ("for `w != w*`", r"for $w \neq w^{\star}$", "for w ≠ w⋆"),
    ("take `1 - alpha*lambda`", r"take $1 - \alpha \lambda$", "take 1 - α λ"),
    # words are words: no letter of English is ever read as a symbol
    ("A path of `n` pixels", "A path of $n$ pixels", "A path of n pixels"),
    ("Taylor's theorem (SymPy's series)", "Taylor's theorem (SymPy's series)",
     "Taylor's theorem (SymPy's series)"),
    ("a plain sentence, e.g. this", "a plain sentence, e.g. this", "a plain sentence, e.g. this"),
    ("`(sqrt kappa)^2`", r"$\kappa$", "κ"),
    # a modulus keeps its terms as written (SymPy would write |alpha lambda - 1|)
    ("`|1 - alpha lambda| < 1`", r"$|{1 - \alpha \lambda}| < 1$", "|1 - α λ| < 1"),
    ("`|alpha lambda - 1|`", r"$|{\alpha \lambda - 1}|$", "|α λ - 1|"),
    ("`|t + 1|`", r"$|{t + 1}|$", "|t + 1|"),
    ("`|alpha - beta|`", r"$|{\alpha - \beta}|$", "|α - β|"),
    ("`x_i^k = (1 - alpha lambda)^k x_i^0`",
     r"$x_{i}^{k} = x_{i}^{0} (1 - \alpha \lambda)^{k}$", "xᵢᵏ = xᵢ⁰ (1 - α λ)ᵏ"),
    ("`0 < alpha lambda < 2 + 2 beta`", r"$0 < \alpha \lambda < 2 + 2 \beta$",
     "0 < α λ < 2 + 2 β"),
    ("50% of cases", r"50\% of cases", "50% of cases"),
    ("the result ``exact``", "the result exact", "the result exact"),
    # numbers as written: a power of ten, a scaled float, a float's own digits
    ("below `1e-12` of it", r"below $10^{-12}$ of it", "below 10⁻¹² of it"),
    ("a ratio `1.5e-9`", r"a ratio $1.5 \cdot 10^{-9}$", "a ratio 1.5e-9"),
    ("`t = 0.5`, `n = 3e2`", r"$t = 0.5$, $n = 300$", "t = 0.5, n = 300"),
    # plus-minus: both signs, as an operator between its two sides
    ("between `t` and `t +- h`", r"between $t$ and $t \pm h$", "between t and t ± h"),
    ("`sigma = (1 + beta +- sqrt(D))/2`", r"$\sigma = (1 + \beta \pm \sqrt{D}) / 2$",
     "σ = (1 + β ± √D)/2"),
    ("`2 (a +- (b + c))`", r"$2 (a \pm (b + c))$", "2 (a ± (b + c))"),
    ("`a - (b +- c)`", r"$a - (b \pm c)$", "a - (b ± c)"),
    ("`-(t +- h)`", r"$- (t \pm h)$", "-(t ± h)"),
    ("`beta = (1 +- sqrt(alpha lambda))^2`", r"$\beta = (1 \pm \sqrt{\alpha \lambda})^{2}$",
     "β = (1 ± √(α λ))²"),
    # a matrix times a vector in parentheses keeps its order (not (w - w*) Q^T)
    ("`x = Q^T (w - w*)`", r"$x = Q^{T} (w - w^{\star})$", "x = Qᵀ (w - w⋆)"),
    ("`M (I - alpha A) M^T`", r"$M (I - \alpha A) M^{T}$", "M (I - α A) Mᵀ"),
    ("`(w - w*)^T Q`", r"$(w - w^{\star})^{T} Q$", "(w - w⋆)ᵀ Q"),
    ("`Q (2 x - y)`", r"$Q (2 x - y)$", "Q (2 x - y)"),
    ("`A^k x`", r"$A^{k} x$", "Aᵏ x"),
    ("`(1 - alpha lambda) Q x`", r"$(1 - \alpha \lambda) Q x$", "(1 - α λ) Q x"),
    ("`Q^T grad f(u)`", r"$Q^{T} \nabla f(u)$", "Qᵀ ∇f(u)"),
    ("`x c^T`", r"$x c^{T}$", "x cᵀ"),  # an outer product, not the inner c^T x
    # e with the iteration index is the error vector at step k (in its place, after
    # Q^T); with anything else it is the exponential
    ("`Q^T e^k`", r"$Q^{T} e^{k}$", "Qᵀ eᵏ"),
    ("`Q^T e^{k+1}`", r"$Q^{T} e^{k+1}$", "Qᵀ eᵏ⁺¹"),
    ("`x = e^{r t}`", r"$x = e^{r t}$", "x = exp(r t)"),
    ("`e^{-k}`", r"$e^{- k}$", "exp(-k)"),
    ("`A (x +- y)`", r"$A (x \pm y)$", "A (x ± y)"),
    # a sum keeps the order its author wrote (SymPy would sort the terms), and a sum in
    # parentheses stays one
    ("`x'' + c x' + lambda x = 0`", r"$x'' + c x' + \lambda x = 0$", "x'' + c x' + λ x = 0"),
    ("`sigma^2 - (1 + beta) sigma + beta`", r"$\sigma^{2} - \sigma (1 + \beta) + \beta$",
     "σ² - σ (1 + β) + β"),
    ("`x + A^{-1} c`", r"$x + A^{-1} c$", "x + A⁻¹ c"),
    ("`a - (b - c)`", r"$a - (b - c)$", "a - (b - c)"),
    ("`-(a + b)`", r"$- (a + b)$", "-(a + b)"),
    ("`1 - 1 = 0`", r"$1 - 1 = 0$", "1 - 1 = 0"),
    # a number times a written sum is not multiplied out
    ("`a - 2 (b + c)`", r"$a - 2 (b + c)$", "a - 2 (b + c)"),
    ("`(a + b)/2 + c`", r"$(a + b) / 2 + c$", "(a + b)/2 + c"),
    ("`-(a + b)/2`", r"$- (a + b) / 2$", "-(a + b)/2"),
    # the vector of ones by its name; a matrix inverse as a power, a scalar one as 1/x
    ("so `L_G ones = 0`", r"so $L_{G} \mathbf{1} = 0$", "so L_G 𝟏 = 0"),
    ("`w* = (L_G + P_D)^{-1} e_D`", r"$w^{\star} = (L_{G} + P_{D})^{-1} e_{D}$",
     "w⋆ = (L_G + P_D)⁻¹ e_D"),
    # a chain of relations is one formula, never relations in text type between formulas
    ("so `p(1) = alpha lambda > 0` is", r"so $p(1) = \alpha \lambda > 0$ is",
     "so p(1) = α λ > 0 is"),
    ("`|p(0)| = beta < 1`", r"$|{p(0)}| = \beta < 1$", "|p(0)| = β < 1"),
    ("`a` and `b`", r"$a$ and $b$", "a and b"),
    # a Greek name with a script in LaTeX (sigma*): the letter, not the word
    ("`|sigma*|`", r"$|{\sigma^{\star}}|$", "|σ⋆|"),
]


@pytest.mark.parametrize(("text", "latex", "unicode"), PROSE)
def test_prose(text, latex, unicode):
    assert prose.prose_latex(text) == latex
    assert prose.prose_unicode(text) == unicode


@pytest.mark.parametrize("text", [
    "an unmatched `alpha",
    "an unknown name `foo + 1`",
    "an unclosed `(1 - alpha`",
    "a stray `alpha )`",
    "a relation without a side `alpha <`",
    # a quote after a span: a prime left outside, or a possessive read as a product
    "leaving x'' + `c x`' + `lambda x`",
    "as `d2l`'s exercise asks",
    # a number after a factor would be multiplied in and lost: L_G 1 read as L_G
    "so `L_G 1 = 0`",
    "take `t = alpha lambda 2`% inside",
])
def test_unreadable_mathematics_is_refused(text):
    with pytest.raises(NotationError):
        prose.prose_unicode(text)


def test_every_kind_has_a_phrase():
    assert set(prose.KIND_PHRASES) == set(Kind)


@pytest.mark.parametrize(("digits", "text"), [(49.99, "49"), (50.0, "50"), (None, "-")])
def test_digits_round_down(digits, text):
    assert prose.digits_text(digits) == text


def test_markdown_escapes_emphasis():
    assert prose.prose_markdown("plain * and _ text") == r"plain \* and \_ text"


@pytest.mark.parametrize(("span", "mathml"), [
    # the minus before a written sum keeps its brackets (it read -a + b)
    ("-(a + b)", '<mrow><mo>&#8722;</mo><mrow><mo stretchy="false">(</mo><mrow><mi>a</mi>'
                 '<mo>+</mo><mi>b</mi></mrow><mo stretchy="false">)</mo></mrow></mrow>'),
    ("a - (b - c)", '<mrow><mi>a</mi><mo>&#8722;</mo><mrow><mo stretchy="false">(</mo><mrow>'
                    '<mi>b</mi><mo>&#8722;</mo><mi>c</mi></mrow><mo stretchy="false">)</mo>'
                    '</mrow></mrow>'),
])
def test_a_written_sum_in_mathml(span, mathml):
    from momentum_sym.html.mathml import mathml_body
    from momentum_sym.kernel.inline_math import read

    assert mathml_body(read(span)[0]) == mathml
