"""Markdown pages: ``markdown-it-py`` with the ``mdit-py-plugins`` for mathematics.

``$...$``, ``$$...$$`` (``dollarmath``), ``\\(...\\)`` and ``\\[...\\]`` (``texmath``),
top-level ``\\begin{align}`` and friends (``amsmath``).  Headings give the sections;
code (fenced or indented) is not read.  A ``\\[...\\]`` inside a paragraph, which the
Markdown escapes would turn into brackets, is found in the paragraph's source.
"""

from __future__ import annotations

import dataclasses

from momentum_sym.audit.documents import delimiters
from momentum_sym.audit.documents.model import Document, Found, Heading, nested
from momentum_sym.audit.documents.prose import (
    Lines,
    first_words,
    last_words,
    shown,
    since_previous,
    squash,
)
from momentum_sym.audit.documents.text import title_of

_MATH = {"math_inline": (False, "$"), "math_inline_double": (True, "$$"),
         "math_block": (True, "$$"), "math_block_label": (True, "$$"),
         "amsmath": (True, "amsmath")}


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.texmath import texmath_plugin

    return (MarkdownIt("commonmark")
            .use(front_matter_plugin)
            .use(dollarmath_plugin, allow_space=False, double_inline=True)
            .use(amsmath_plugin)
            .use(texmath_plugin, delimiters="brackets"))


def read(text: str, name: str) -> Document:
    """A Markdown document."""
    tokens = _parser().parse(text)
    lines = Lines(text)
    items: list[tuple[str, object]] = []  # ("text", str) | ("heading", str) | ("math", ...)
    cursor = 0
    j = 0
    while j < len(tokens):
        token = tokens[j]
        if token.type == "heading_open":
            items.append(("heading", Heading(squash(tokens[j + 1].content),
                                             int(token.tag[1:] or 1))))
            j += 3
            continue
        if token.map is not None:
            cursor = max(cursor, _offset(lines, text, token.map[0]))
        if token.type in _MATH:
            display, delimiter = _MATH[token.type]
            at = text.find(token.content.strip()[:40], cursor)
            position = at if at >= 0 else cursor
            items.append(("math", (token.content, display, delimiter, position)))
            cursor = position
        elif token.type == "inline":
            cursor = _inline(token, text, cursor, items)
        elif token.type in ("paragraph_close", "bullet_list_close", "list_item_close"):
            items.append(("text", "\n\n"))
        j += 1
    formulas = _located(items, lines)
    prose = " ".join(str(v) for kind, v in items if kind == "text")
    return Document(name=name, title=title_of(text, name), format="markdown",
                    formulas=tuple(formulas), prose=prose)


def _offset(lines: Lines, text: str, line: int) -> int:
    """The offset of the start of 0-based ``line``."""
    return lines._starts[line] if line < len(lines._starts) else len(text)


def _inline(token, text: str, cursor: int, items: list) -> int:
    """Items of an inline token: text, math children, and ``\\[...\\]`` in the source."""
    raw = token.content
    displayed = [s for s in delimiters.scan(raw) if s.delimiter == "\\["]
    base = text.find(raw[:60], cursor) if raw else -1
    base = cursor if base < 0 else base
    spot = 0
    for child in token.children or []:
        if child.type in _MATH:
            display, delimiter = _MATH[child.type]
            at = raw.find(child.content, spot)
            at = spot if at < 0 else at
            for span in [s for s in displayed if spot <= s.start < at]:
                items.append(("math", (span.latex, True, "\\[", base + span.start)))
                displayed.remove(span)
            items.append(("math", (child.content, display, delimiter, base + at)))
            spot = at + len(child.content)
        elif child.type in ("text", "code_inline"):
            if child.type == "text":
                items.append(("text", child.content))
        elif child.type in ("softbreak", "hardbreak"):
            items.append(("text", " "))
    for span in displayed:
        items.append(("math", (span.latex, True, "\\[", base + span.start)))
    return base + len(raw)


def _since(stream: list[tuple[str, int]]) -> str:
    """The prose after the last formula of ``stream`` (text, formula index or -1)."""
    last = max((j for j, (_, index) in enumerate(stream) if index >= 0), default=-1)
    return since_previous("".join(t for t, _ in stream[last + 1:]))


def _located(items: list, lines: Lines) -> list[Found]:
    """Formulas with their section and the words around them (formulas in the prose
    around count as their LaTeX)."""
    formulas: list[Found] = []
    section = ""
    outline: tuple[str, ...] = ()
    stream: list[tuple[str, int]] = []  # (text, formula index or -1) since the heading
    for kind, value in items:
        if kind == "heading":
            section, stream = str(value), []
            outline = nested(outline, value)
            continue
        if kind == "text":
            stream.append((str(value), -1))
            continue
        latex, display, delimiter, position = value
        before = last_words("".join(t for t, _ in stream))
        stream.append((f" {shown(latex)} ", len(formulas)))
        formulas.append(Found(latex=latex.strip(), line=lines.line(position), section=section,
                              before=before, display=display, delimiter=delimiter,
                              since=_since(stream[:-1]), outline=outline))
    # the words after each formula
    flat_items = [(str(v), -1) if k == "text" else (f" {shown(v[0])} ", 0) if k == "math"
                  else ("\n\n", -1) for k, v in items]
    after: list[str] = []
    index = -1
    for j, (kind, _) in enumerate(items):
        if kind == "math":
            index += 1
            following = flat_items[j + 1:j + 12]
            ends = [m for m, (kind, _) in enumerate(items[j + 1:j + 12]) if kind == "heading"]
            # the words after stop at the next heading: another section's are not these
            after.append(first_words("".join(t for t, _ in following[:min(ends, default=11)])))
    return [dataclasses.replace(f, after=after[j] if j < len(after) else "")
            for j, f in enumerate(formulas)]
