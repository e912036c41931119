"""Plain text (``.txt``, standard input): delimited formulas and scraped triples.

Fenced code blocks are skipped; headings are ``#`` lines or short title lines
standing alone (:func:`prose.heading_of`).  Delimited formulas (``$``, ``$$``,
``\\(``, ``\\[``, bare display environments) are found first, then the LaTeX copies
of scraped glyph/LaTeX/glyph triples in the rest (:mod:`scraped`).
"""

from __future__ import annotations

import re

from momentum_sym.audit.documents import delimiters, scraped
from momentum_sym.audit.documents.model import Document, Found, Heading, nested
from momentum_sym.audit.documents.prose import (
    Lines,
    first_words,
    heading_of,
    last_words,
    shown,
    since_previous,
    squash,
)

_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.S | re.M)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)


def _blank_code(text: str) -> str:
    """Fenced code replaced by spaces (offsets and line numbers kept)."""
    return _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _headings(text: str) -> list[tuple[int, str]]:
    """(offset, heading) for every heading line."""
    lines = text.split("\n")
    found = []
    offset = 0
    for j, line in enumerate(lines):
        previous_blank = j == 0 or not lines[j - 1].strip()
        next_blank = j + 1 >= len(lines) or not lines[j + 1].strip()
        heading = heading_of(line, previous_blank, next_blank)
        if heading:
            level = len(line) - len(line.lstrip("#"))  # a title-case line: a section
            found.append((offset, Heading(heading, level or 2)))
        offset += len(line) + 1
    return found


def title_of(text: str, fallback: str) -> str:
    """The front matter's ``title:``, else the first ``#`` heading, else ``fallback``."""
    front = _FRONT_MATTER.match(text)
    if front:
        m = _TITLE.search(front.group(1))
        if m:
            return m.group(1).strip("'\"")
    m = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
    return squash(m.group(1)) if m else fallback


def formulas_of(text: str, offset_lines: Lines | None = None) -> list[Found]:
    """The formulas of plain ``text`` with their locations."""
    clean = _blank_code(text)
    front = _FRONT_MATTER.match(clean)
    if front:  # front matter is metadata, not prose
        clean = re.sub(r"[^\n]", " ", front.group(0)) + clean[front.end():]
    spans = delimiters.scan(clean)
    spans += scraped.scan(clean, skip=spans)
    spans.sort(key=lambda s: s.start)
    lines = offset_lines or Lines(text)
    headings = _headings(clean)
    found = []
    previous_end = 0
    for span in spans:
        section = ""
        heading_end = 0
        outline: tuple[str, ...] = ()
        for offset, heading in headings:
            if offset <= span.start:
                section = heading
                heading_end = offset + len(heading)
                outline = nested(outline, heading)
        found.append(Found(
            latex=span.latex.strip(), line=lines.line(span.start), section=section,
            before=last_words(_around(clean, spans, max(heading_end, span.start - 600),
                                      span.start)),
            since=since_previous(_around(clean, spans, max(heading_end, previous_end),
                                         span.start)),
            after=first_words(_around(clean, spans, span.end, span.end + 300)),
            display=span.display, delimiter=span.delimiter, outline=outline))
        previous_end = span.end
    return found


def _around(text: str, spans: list, start: int, end: int) -> str:
    """The prose of ``text[start:end]`` with the formulas in it as their LaTeX (so that
    "a rate (in eigenspace $i$) of" keeps its words around a small formula)."""
    out = []
    j = start
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        out.append(text[j:max(j, span.start)])
        out.append(f" {shown(span.latex)} ")
        j = max(j, span.end)
    out.append(text[j:end] if j < end else "")
    return "".join(out)


def read(text: str, name: str) -> Document:
    """A plain-text document."""
    return Document(name=name, title=title_of(text, name), format="text",
                    formulas=tuple(formulas_of(text)), prose=text)
