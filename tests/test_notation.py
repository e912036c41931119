"""One notation: the printers, the prose reader and the audit's reader know the same
Greek letters."""

import pytest

from momentum_sym.audit import latex as audit_latex
from momentum_sym.kernel import inline_math
from momentum_sym.notation import GREEK_LETTERS
from momentum_sym.render import names


@pytest.mark.parametrize("letter", sorted(GREEK_LETTERS))
def test_every_letter_is_known_everywhere(letter):
    unicode, latex = GREEK_LETTERS[letter]
    assert names.unicode_name(letter) == unicode
    assert names.latex_name(letter) == latex
    assert letter in inline_math.GREEK and letter in audit_latex.GREEK
