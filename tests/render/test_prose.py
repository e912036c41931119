"""Words around the mathematics: kind phrases, check outcomes, notation in prose."""

import pytest

from momentum_sym.kernel.kinds import Kind
from momentum_sym.render import prose

PROSE = [
    # reason as written, LaTeX, Unicode
    ("the gradient of w^T A w is (A + A^T) w", r"the gradient of $w^{T} A w$ is $(A + A^{T}) w$",
     "the gradient of wᵀ A w is (A + Aᵀ) w"),
    ("so that w* = A^{-1} b", r"so that $w^{\star} = A^{-1} b$", "so that w⋆ = A⁻¹ b"),
    ("for w != w*", r"for $w \neq w^{\star}$", "for w ≠ w⋆"),
    ("take 1 - alpha*lambda", r"take $1 - \alpha\,\lambda$", "take 1 - αλ"),
    ("A path of n pixels", "A path of $n$ pixels", "A path of n pixels"),
    ("A is symmetric", "$A$ is symmetric", "A is symmetric"),
    ("a plain sentence, e.g. this", "a plain sentence, e.g. this", "a plain sentence, e.g. this"),
    ("(sqrt kappa)^2", r"$(\sqrt{\kappa})^{2}$", "(√ κ)²"),
    ("50% of cases", r"50\% of cases", "50% of cases"),
]


@pytest.mark.parametrize(("text", "latex", "unicode"), PROSE)
def test_prose(text, latex, unicode):
    assert prose.prose_latex(text) == latex
    assert prose.prose_unicode(text) == unicode


def test_every_kind_has_a_phrase():
    assert set(prose.KIND_PHRASES) == set(Kind)


@pytest.mark.parametrize(("digits", "text"), [(49.99, "49"), (50.0, "50"), (None, "-")])
def test_digits_round_down(digits, text):
    assert prose.digits_text(digits) == text


def test_markdown_escapes_emphasis():
    assert prose.prose_markdown("plain * and _ text") == r"plain \* and \_ text"
