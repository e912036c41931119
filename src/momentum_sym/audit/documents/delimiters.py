"""Formulas delimited in running text, as MathJax and KaTeX find them.

``$$...$$`` and ``\\[...\\]`` (display), ``$...$`` and ``\\(...\\)`` (inline), and bare
display environments (``\\begin{align}...\\end{align}`` and the like, which MathJax
typesets wherever they stand).  A single ``$`` follows Pandoc's rule so that prices
are not read as mathematics: the opening one is followed by a non-space, the closing
one is preceded by a non-space and not followed by a digit.  ``\\$`` is a dollar sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Display environments MathJax typesets outside any delimiter.
DISPLAY_ENVIRONMENTS = frozenset(
    f"{name}{star}" for name in ("equation", "align", "gather", "multline", "eqnarray",
                                 "alignat", "flalign", "displaymath", "math")
    for star in ("", "*"))
MAX_FORMULA = 5000  # characters between delimiters; longer is not a formula
_BEGIN = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LATEX_MARKERS = re.compile(r"[\\^_{]")


@dataclass(frozen=True)
class Span:
    """A delimited formula: offsets of the whole (delimiters included) and its LaTeX."""

    start: int
    end: int
    latex: str
    display: bool
    delimiter: str


def escaped(text: str, i: int) -> bool:
    """Whether the character at ``i`` is preceded by an odd run of backslashes."""
    run = 0
    while i - run - 1 >= 0 and text[i - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _closing(text: str, start: int, token: str) -> int:
    """The offset of the unescaped ``token`` closing a formula opened before ``start``,
    or -1 (none within :data:`MAX_FORMULA` characters, or a blank line first)."""
    j = start
    limit = min(len(text), start + MAX_FORMULA)
    while True:
        j = text.find(token, j, limit + len(token))
        if j < 0:
            return -1
        if not escaped(text, j):
            return j if not _BLANK_LINE.search(text, start, j) else -1
        j += 1


def _inline_dollar(text: str, i: int) -> Span | None:
    if i + 1 >= len(text) or text[i + 1].isspace():
        return None
    j = i + 1
    limit = min(len(text), i + 1 + MAX_FORMULA)
    while j < limit:
        j = text.find("$", j, limit)
        if j < 0:
            return None
        if escaped(text, j):
            j += 1
            continue
        if text[j - 1].isspace() and not (
                _LATEX_MARKERS.search(text, i + 1, j)
                and (j + 1 >= len(text) or not text[j + 1].isalnum())):
            j += 1  # "$5 and $10": a space before a closing dollar, and no LaTeX
            continue
        if j + 1 < len(text) and text[j + 1].isdigit():
            return None
        body = text[i + 1:j]
        if _BLANK_LINE.search(body):
            return None
        return Span(i, j + 1, body, False, "$")
    return None


def scan(text: str) -> list[Span]:
    """Every delimited formula of ``text`` in order, without overlaps."""
    spans: list[Span] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c not in "$\\" or escaped(text, i):
            i += 1
            continue
        span = None
        if text.startswith("$$", i):
            j = _closing(text, i + 2, "$$")
            if j >= 0 and text[i + 2:j].strip():
                span = Span(i, j + 2, text[i + 2:j], True, "$$")
        elif c == "$":
            span = _inline_dollar(text, i)
        elif text.startswith("\\[", i) or text.startswith("\\(", i):
            close = "\\]" if text[i + 1] == "[" else "\\)"
            j = _closing(text, i + 2, close)
            if j >= 0 and text[i + 2:j].strip():
                span = Span(i, j + 2, text[i + 2:j], close == "\\]", "\\" + text[i + 1])
        elif text.startswith("\\begin{", i):
            m = _BEGIN.match(text, i)
            if m and m.group(1) in DISPLAY_ENVIRONMENTS:
                end = f"\\end{{{m.group(1)}}}"
                j = text.find(end, m.end(), m.end() + MAX_FORMULA)
                if j >= 0:
                    span = Span(i, j + len(end), text[i:j + len(end)], True, m.group(1))
        if span is None:
            i += 1
            continue
        spans.append(span)
        i = span.end
    return spans
