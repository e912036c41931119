"""HTML pages: KaTeX, MathJax and Distill mathematics.

Read with Beautiful Soup.  Formulas are, in document order:

* ``<dt-math>`` (Distill v1) and ``<d-math>`` (Distill v2, ``block`` for display):
  the element's text is LaTeX;
* ``<script type="math/tex">`` (MathJax 2; ``mode=display`` for display);
* KaTeX or MathJax output carrying its source, ``<annotation
  encoding="application/x-tex">`` inside ``.katex`` or ``<math>`` (the rendered glyphs
  around it are skipped);
* delimiters in the text (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``), as MathJax
  and KaTeX's auto-render find them.

Headings ``h1``-``h6`` give the sections; ``<pre>``, ``<code>``, ``<script>`` and
``<style>`` are not prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from momentum_sym.audit.documents import delimiters
from momentum_sym.audit.documents.model import Document, Found, Heading, nested
from momentum_sym.audit.documents.prose import (
    first_words,
    last_words,
    shown,
    since_previous,
    squash,
)

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"pre", "code", "style", "noscript", "template", "svg", "head", "button"}
_BLOCKS = {"p", "div", "li", "ul", "ol", "section", "article", "td", "th", "tr", "table",
           "blockquote", "figure", "figcaption", "dd", "dt", "br", "hr", "body", "main",
           "d-article", "dt-article", "aside", "header", "footer", "nav"} | _HEADINGS
_TEX = ("application/x-tex", "tex", "latex", "text/latex", "application/x-latex")


@dataclass
class _Piece:
    """Linearised page: prose text, or a formula already delimited by markup."""

    text: str
    line: int
    formula: bool = False
    display: bool = False
    delimiter: str = ""


def _annotation(tag) -> str | None:
    for note in tag.find_all("annotation"):
        if str(note.get("encoding", "")).lower() in _TEX:
            return note.get_text()
    return None


def _unwrap_display(latex: str) -> str:
    """``{\\displaystyle x}`` (as Wikipedia writes alternative text) as ``x``."""
    m = re.fullmatch(r"\s*\{\s*\\(?:display|text)style\s*(.*)\}\s*", latex, re.S)
    return m.group(1) if m else latex


def _math_element(tag) -> tuple[str, bool, str] | None:
    """(LaTeX, display, delimiter) when ``tag`` is a formula element, else None."""
    name = tag.name
    classes = set(tag.get("class") or [])
    if name in ("dt-math", "d-math"):
        display = tag.has_attr("block") or "block" in classes
        return tag.get_text(), display, name
    if name == "script":
        kind = str(tag.get("type", "")).lower()
        if kind.startswith("math/tex"):
            return tag.get_text(), "mode=display" in kind, "script"
        return None
    if name == "math" and tag.get("alttext") and _annotation(tag) is None:
        return _unwrap_display(str(tag["alttext"])), tag.get("display") == "block", "math"
    if name == "img" and "mwe-math-fallback" in " ".join(classes) and tag.get("alt"):
        return _unwrap_display(str(tag["alt"])), "display" in " ".join(classes), "img"
    if "katex-display" in classes or "katex" in classes or name == "math" or (
            name == "mjx-container"):
        latex = _annotation(tag)
        if latex is not None:
            display = ("katex-display" in classes or tag.get("display") == "block"
                       or tag.get("display") == "true")
            return latex, display, "katex" if "katex" in " ".join(classes) else name
    return None


def _walk(node, pieces: list[_Piece], state: dict) -> None:
    from bs4 import Comment, NavigableString, Tag

    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            pieces.append(_Piece(str(child), state["line"]))
            state["line"] += str(child).count("\n")  # the next text starts lower down
            continue
        if not isinstance(child, Tag):
            continue
        if child.sourceline is not None:
            state["line"] = child.sourceline
        found = _math_element(child)
        if found is not None:
            latex, display, delimiter = found
            pieces.append(_Piece(latex, state["line"], True, display, delimiter))
            continue
        if child.name in _SKIPPED or child.name == "script":
            continue
        if child.name in _HEADINGS:
            state["headings"].append((len(pieces), Heading(squash(child.get_text(" ")),
                                                           int(child.name[1:]))))
            pieces.append(_Piece("\n\n", state["line"]))
            continue
        if child.name in _BLOCKS:
            pieces.append(_Piece("\n\n", state["line"]))
        _walk(child, pieces, state)
        if child.name in _BLOCKS:
            pieces.append(_Piece("\n\n", state["line"]))


def read(text: str, name: str) -> Document:
    """An HTML document."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    title = ""
    for candidate in (soup.find("title"), soup.find("h1"), soup.find("d-title")):
        if candidate is not None and squash(candidate.get_text(" ")):
            title = squash(candidate.get_text(" "))
            break
    pieces: list[_Piece] = []
    state: dict = {"line": 1, "headings": []}
    root = soup.body or soup
    _walk(root, pieces, state)
    formulas, prose = _formulas(pieces, state["headings"])
    return Document(name=name, title=title or name, format="html", formulas=tuple(formulas),
                    prose=prose)


def _outline(section_at: list[tuple[int, str]], position: int) -> tuple[str, ...]:
    """The headings the section at ``position`` is nested in, then its own."""
    outline: tuple[str, ...] = ()
    for offset, heading in section_at:
        if offset <= position:
            outline = nested(outline, heading)
    return outline


def _formulas(pieces: list[_Piece], headings: list[tuple[int, str]]
              ) -> tuple[list[Found], str]:
    """Formulas of the linearised page: marked-up ones, and delimited ones in the text."""
    # one string of prose, with each marked-up formula as a private-use placeholder
    text_parts: list[str] = []
    marks: list[tuple[int, _Piece]] = []
    section_at: list[tuple[int, str]] = []
    offset = 0
    heading_iter = iter(headings)
    pending = next(heading_iter, None)
    line_at: list[tuple[int, int]] = []
    for j, piece in enumerate(pieces):
        while pending is not None and pending[0] <= j:
            section_at.append((offset, pending[1]))
            pending = next(heading_iter, None)
        line_at.append((offset, piece.line))
        if piece.formula:
            marks.append((offset, piece))
            text_parts.append("\ue000")
            offset += 1
        else:
            text_parts.append(piece.text)
            offset += len(piece.text)
    text = "".join(text_parts)
    spans = [(s.start, s.end, s.latex, s.display, s.delimiter)
             for s in delimiters.scan(text) if "\ue000" not in text[s.start:s.end]]
    spans += [(o, o + 1, p.text, p.display, p.delimiter) for o, p in marks]
    spans.sort()

    def line_of(position: int) -> int:
        line, start = 1, 0
        for o, value in line_at:
            if o > position:
                break
            line, start = value, o
        return line + text[start:position].count("\n")

    def section_of(position: int) -> str:
        section = ""
        for o, heading in section_at:
            if o <= position:
                section = heading
        return section

    def words(a: int, b: int) -> str:
        """Prose between offsets, with the formulas in it as their LaTeX."""
        out, j = [], a
        for start, end, latex, _, _ in spans:
            if end <= a or start >= b:
                continue
            out += [text[j:max(j, start)], f" {shown(latex)} "]
            j = max(j, end)
        out.append(text[j:b] if j < b else "")
        return "".join(out).replace("\ue000", " ")

    found = []
    previous_end = 0
    for start, end, latex, display, delimiter in spans:
        heading_start = max((o for o, _ in section_at if o <= start), default=0)
        found.append(Found(latex=latex.strip(), line=line_of(start), section=section_of(start),
                           before=last_words(words(max(heading_start, start - 600), start)),
                           since=since_previous(words(max(heading_start, previous_end),
                                                      start)),
                           after=first_words(words(end, end + 300)),
                           display=display, delimiter=delimiter,
                           outline=_outline(section_at, start)))
        previous_end = end
    return found, text.replace("\ue000", " ")
