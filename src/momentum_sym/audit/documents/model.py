"""What a document reader returns: the formulas found, each with where it stands.

A :class:`Found` formula is the LaTeX as printed (delimiters removed), its line
(1-based, in the file), the nearest section heading before it, the words just
before it and just after it (the prose that says what the formula is), and how it
was delimited.  A :class:`Document` is the formulas of one file in reading order,
with the file's title and its prose (for the notation readings, which look at the
words around symbols).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Words of prose kept on each side of a formula.
CONTEXT_WORDS = 14


@dataclass(frozen=True)
class Found:
    """One formula of a document."""

    latex: str
    line: int
    section: str = ""
    before: str = ""
    after: str = ""
    display: bool = False
    delimiter: str = "$"
    #: the words of its sentence before it, from the sentence's start (``before`` keeps
    #: only the last few): "A common mistake is to claim that ..." holds for the sentence
    sentence: str = ""

    def location(self) -> str:
        """``line 12, Section: “words before”`` for tables and messages."""
        where = f"line {self.line}"
        if self.section:
            where += f", {self.section}"
        if self.before:
            where += f": \u201c{self.before}\u201d"
        return where


@dataclass(frozen=True)
class Document:
    """The formulas of one file, in reading order."""

    name: str
    title: str
    format: str  # tex | markdown | html | text
    formulas: tuple[Found, ...]
    prose: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
