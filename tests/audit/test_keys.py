"""A document's symbols (normal keys) as LaTeX and as one line of Unicode: a script
with more than one character stays one script (vₖ₊₁, not vₖ+1)."""

import pytest

from momentum_sym.audit.keys import key_latex, key_unicode

KEYS = [
    # key, LaTeX, Unicode
    ("v_k+1", "v_{k+1}", "vₖ₊₁"),
    ("w_k", "w_{k}", "wₖ"),
    ("z^k+1", "z^{k+1}", "zᵏ⁺¹"),
    ("y_i^k+1", "y_{i}^{k+1}", "yᵢᵏ⁺¹"),
    ("x_t-1", "x_{t-1}", "xₜ₋₁"),
    ("w^star", r"w^{\star}", "w⋆"),
]


@pytest.mark.parametrize(("key", "latex", "text"), KEYS)
def test_a_key_keeps_its_scripts_whole(key, latex, text):
    assert key_latex(key) == latex
    assert key_unicode(key) == text
