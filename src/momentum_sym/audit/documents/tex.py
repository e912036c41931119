"""LaTeX documents (lecture notes, papers), read with ``pylatexenc``.

Formulas: ``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]`` and the display
environments (``equation``, ``align``, ``gather``, ``multline``, ``eqnarray``, starred
or not).  Sections come from ``\\section`` and its relatives, the title from
``\\title``.  Macros the document defines with ``\\newcommand``, ``\\renewcommand``,
``\\def`` or ``\\DeclareMathOperator`` are expanded in its formulas by substitution
only (nothing is executed), with a bound on depth and length, so that notes written
with ``\\newcommand{\\x}{\\mathbf{x}}`` read as the same mathematics.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from momentum_sym.audit.documents.delimiters import DISPLAY_ENVIRONMENTS, escaped
from momentum_sym.audit.documents.model import Document, Found, Heading, nested
from momentum_sym.audit.documents.prose import (
    Lines,
    first_words,
    last_words,
    shown,
    since_previous,
    squash,
)

_SECTIONS = ("part", "chapter", "section", "subsection", "subsubsection", "paragraph")
_VERBATIM = {"verbatim", "lstlisting", "minted", "comment", "Verbatim"}
_DEFINITION = re.compile(
    r"\\(?:re)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?\s*(?:\[[^\]]*\])?\s*\{"
    r"|\\def\s*\\([A-Za-z]+)\s*((?:#\d)*)\s*\{"
    r"|\\DeclareMathOperator\*?\s*\{\s*\\([A-Za-z]+)\s*\}\s*\{")
MAX_EXPANSION = 20000
MAX_DEPTH = 8


@dataclass(frozen=True)
class Macro:
    """A macro the document defines: its number of arguments and its body."""

    arguments: int
    body: str


def _braces(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Each brace of ``text`` from ``start`` on, as ``(offset, "{" or "}")``; ``\\{``
    and every other escaped character are skipped."""
    j = start
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c in "{}":
            yield j, c
        j += 1


def _group_end(text: str, open_at: int) -> int:
    """The offset after the brace group opened at ``open_at`` (-1 if unbalanced)."""
    depth = 0
    for j, c in _braces(text, open_at):
        depth += 1 if c == "{" else -1
        if depth == 0:
            return j + 1
    return -1


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _without_comments(text: str) -> str:
    """``text`` with each comment (``%`` to the end of its line) blanked, same length."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), text)


def _unbalanced_braces(body: str) -> list[int]:
    """The offsets in ``body`` of the braces without a partner (``\\{`` is no brace)."""
    opened: list[int] = []
    lone: list[int] = []
    for j, c in _braces(body):
        if c == "{":
            opened.append(j)
        elif opened:
            opened.pop()
        else:
            lone.append(j)
    return sorted(lone + opened)


def math_braces_closed(text: str) -> str:
    """``text`` with the braces of each ``$...$`` or ``$$...$$`` formula that have no
    partner blanked (same length, so every position stays).  TeX ends
    ``$\\frac{1}{1-\\beta$`` at its closing dollar (or at the paragraph's end, where
    it reports the missing one), but a reader that matches braces first would read the
    rest of the document as that formula.  A dollar not closed in its paragraph opens
    nothing (TeX stops with an error there).  Formulas whose braces match are
    untouched."""
    scan = _without_comments(text)
    out = list(text)
    j = 0
    while (j := scan.find("$", j)) >= 0:
        if escaped(scan, j):
            j += 1
            continue
        token = "$$" if scan.startswith("$$", j) else "$"
        start = j + len(token)
        end = start
        while (end := scan.find(token, end)) >= 0 and escaped(scan, end):
            end += 1
        paragraph = _PARAGRAPH_BREAK.search(scan, start)
        stop = len(scan) if end < 0 else end
        if paragraph is not None and paragraph.start() < stop:
            stop = paragraph.start()  # no closing one in this paragraph: TeX stops here
        for k in _unbalanced_braces(scan[start:stop]):
            out[start + k] = " "
        if stop != end:  # and no formula opens here: the next dollar opens the next one
            out[j:start] = " " * len(token)
        j = stop + len(token) if stop == end else stop
    return "".join(out)


def macros_of(text: str) -> dict[str, Macro]:
    """The document's own macro definitions (the last one of a name wins)."""
    found: dict[str, Macro] = {}
    for m in _DEFINITION.finditer(text):
        end = _group_end(text, m.end() - 1)
        if end < 0:
            continue
        body = text[m.end():end - 1]
        if m.group(1):
            found[m.group(1)] = Macro(int(m.group(2) or 0), body)
        elif m.group(3):
            found[m.group(3)] = Macro(len(m.group(4) or "") // 2, body)
        elif m.group(5):
            found[m.group(5)] = Macro(0, f"\\operatorname{{{body}}}")
    return found


def expand(latex: str, macros: dict[str, Macro]) -> str:
    """``latex`` with the document's macros substituted (bounded; unchanged on excess)."""
    if not macros:
        return latex
    pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros), key=len,
                                                    reverse=True)) + r")(?![A-Za-z])")
    out = latex
    for _ in range(MAX_DEPTH):
        changed = False
        pieces = []
        j = 0
        for m in pattern.finditer(out):
            if m.start() < j:
                continue
            macro = macros[m.group(1)]
            k = m.end()
            args = []
            for _ in range(macro.arguments):
                while k < len(out) and out[k] == " ":
                    k += 1
                if k < len(out) and out[k] == "{":
                    end = _group_end(out, k)
                    if end < 0:
                        break
                    args.append(out[k + 1:end - 1])
                    k = end
                elif k < len(out):
                    args.append(out[k])
                    k += 1
            if len(args) != macro.arguments:
                continue
            body = macro.body
            for n, arg in enumerate(args, start=1):
                body = body.replace(f"#{n}", arg)
            pieces.append(out[j:m.start()])
            pieces.append("{" + body + "}" if macro.arguments else body + " ")
            j = k
            changed = True
        pieces.append(out[j:])
        out = "".join(pieces)
        if len(out) > MAX_EXPANSION:
            return latex
        if not changed:
            break
    return out


def _text_of(node) -> str:
    """Plain text of a node (arguments of sectioning commands)."""
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return squash(LatexNodes2Text(math_mode="verbatim").nodelist_to_text([node]))
    except Exception:  # pragma: no cover - pylatexenc on odd input
        return squash(node.latex_verbatim().strip("{}"))


class _Reader:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.lines = Lines(text)
        self.macros = macros_of(text)
        self.items: list[tuple[str, object]] = []
        self.title = ""

    def walk(self, nodes) -> None:
        from pylatexenc import latexwalker as lw

        for node in nodes or []:
            if node is None or isinstance(node, lw.LatexCommentNode):
                continue
            if isinstance(node, lw.LatexCharsNode):
                self.items.append(("text", node.chars))
            elif isinstance(node, lw.LatexMathNode):
                opening, closing = node.delimiters
                body = self.text[node.pos + len(opening):node.pos + node.len - len(closing)]
                self._formula(body, node.pos, node.displaytype == "display", opening)
            elif isinstance(node, lw.LatexEnvironmentNode):
                name = node.environmentname
                if name in DISPLAY_ENVIRONMENTS or name == "dmath":
                    self._formula(node.latex_verbatim(), node.pos, True, name)
                elif name not in _VERBATIM:
                    self.items.append(("text", "\n\n"))
                    self.walk(node.nodelist)
                    self.items.append(("text", "\n\n"))
            elif isinstance(node, lw.LatexGroupNode):
                self.walk(node.nodelist)
            elif isinstance(node, lw.LatexMacroNode):
                self._macro(node)

    def _macro(self, node) -> None:
        name = node.macroname
        args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
        if name in _SECTIONS and args:
            self.items.append(("heading", Heading(_text_of(args[-1]), _SECTIONS.index(name) + 1)))
        elif name == "title" and args and not self.title:
            self.title = _text_of(args[-1])
        elif name in ("newcommand", "renewcommand", "def", "DeclareMathOperator", "label",
                      "ref", "cite", "eqref", "usepackage", "documentclass", "input",
                      "include", "bibliography", "bibliographystyle"):
            return
        elif name in ("par", "\\", "item"):
            self.items.append(("text", "\n\n"))
        else:
            for arg in args:
                self.walk([arg])

    def _formula(self, body: str, position: int, display: bool, delimiter: str) -> None:
        self.items.append(("math", (expand(body, self.macros), display, delimiter, position)))

    def document(self) -> Document:
        formulas: list[Found] = []
        section = ""
        outline: tuple[str, ...] = ()
        prose: list[str] = []
        formula_end = 0  # where the prose after the last formula starts
        texts = [str(v) if k == "text" else f" {shown(v[0])} " if k == "math" else "\n\n"
                 for k, v in self.items]
        after: list[str] = []
        for j, (kind, value) in enumerate(self.items):
            if kind == "heading":
                section = str(value)
                outline = nested(outline, value)
                prose, formula_end = [], 0
            elif kind == "text":
                prose.append(str(value))
            else:
                latex, display, delimiter, position = value
                formulas.append(Found(latex=latex.strip(), line=self.lines.line(position),
                                      section=section, before=last_words("".join(prose)),
                                      display=display, delimiter=delimiter,
                                      since=since_previous("".join(prose[formula_end:])),
                                      outline=outline))
                prose.append(f" {shown(latex)} ")
                formula_end = len(prose)
                ends = [m for m, (kind, _) in enumerate(self.items[j + 1:j + 12])
                        if kind == "heading"]
                # the words after stop at the next heading: another section's are not these
                after.append(first_words("".join(texts[j + 1:j + 1 + min(ends, default=11)])))
        formulas = [dataclasses.replace(f, after=after[j]) for j, f in enumerate(formulas)]
        prose_text = " ".join(str(v) for kind, v in self.items if kind == "text")
        return Document(name=self.name, title=self.title or self.name, format="tex",
                        formulas=tuple(formulas), prose=prose_text)


def read(text: str, name: str) -> Document:
    """A LaTeX document."""
    from pylatexenc.latexwalker import LatexWalker

    reader = _Reader(text, name)
    # formulas are read from the text as written; the walker sees an unclosed brace of
    # an inline formula blanked, so that it cannot take in what follows
    walker = LatexWalker(math_braces_closed(text), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    reader.walk(nodes)
    return reader.document()
