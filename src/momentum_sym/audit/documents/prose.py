"""Small helpers shared by the readers: line numbers, the words around a formula,
headings in plain text."""

from __future__ import annotations

import bisect
import re

from momentum_sym.audit.documents.model import CONTEXT_WORDS

_SPACE = re.compile(r"\s+")


class Lines:
    """Offsets to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, max(offset, 0))


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return _SPACE.sub(" ", text).strip()


#: Formulas longer than this stand as FORMULA in the words around another formula.
SHORT_FORMULA = 40
FORMULA = "[formula]"


def shown(latex: str) -> str:
    """A formula as it stands in the words around another one: its LaTeX when short
    ("a rate (in eigenspace $i$) of"), a placeholder when long (so that the words are
    not crowded out)."""
    latex = squash(latex)
    return latex if len(latex) <= SHORT_FORMULA else FORMULA


def last_words(text: str, count: int = CONTEXT_WORDS) -> str:
    """The last ``count`` words of ``text`` (the prose just before a formula)."""
    words = squash(text).split(" ")
    return " ".join(w for w in words[-count:] if w)


def since_previous(text: str) -> str:
    """The prose since the formula before (``text``), at most the last characters kept."""
    from momentum_sym.audit.documents.model import SINCE_CHARACTERS

    return text[-SINCE_CHARACTERS:]


def first_words(text: str, count: int = CONTEXT_WORDS) -> str:
    """The first ``count`` words of ``text`` (the prose just after a formula)."""
    words = squash(text).split(" ")
    return " ".join(w for w in words[:count] if w)


#: Words a title does not end with (a line ending so is a sentence cut by a formula).
_OPEN_ENDS = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "is",
    "are", "was", "be", "as", "that", "from", "into", "than", "then"])
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


def heading_of(line: str, previous_blank: bool, next_blank: bool) -> str | None:
    """The heading a plain-text line stands for, or None.

    ``## Title`` is a heading; so is a short line in title case standing alone
    between blank lines (two to eight words, every word of four letters or more
    capitalised, no final punctuation), as scraped web pages set them."""
    m = _MARKDOWN_HEADING.match(line)
    if m:
        return squash(m.group(2))
    text = squash(line)
    if not (previous_blank and next_blank) or not text:
        return None
    words = text.split(" ")
    if not 2 <= len(words) <= 8 or len(text) > 70 or not text[0].isupper():
        return None
    if text[-1] in ".,;:!?)" or any(c in text for c in "=$\\{}<>|"):
        return None
    if any(len(w) >= 4 and w[0].isalpha() and not w[0].isupper() for w in words):
        return None
    if any(w.endswith((".", ":", ";")) for w in words[:-1]) or words[-1].lower() in _OPEN_ENDS:
        return None  # a sentence cut by a formula ("QQQ-basis. There are"), not a title
    return text
