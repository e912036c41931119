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
#: Characters kept of the prose since the formula before (a long section's first one).
SINCE_CHARACTERS = 4000


class Heading(str):
    """A heading's words, with its level (1 for a title or a part, larger for deeper
    sections): the sections a section is nested in are those of smaller level above it."""

    level: int

    def __new__(cls, text: str, level: int) -> Heading:
        heading = super().__new__(cls, text)
        heading.level = level
        return heading

    def __getnewargs__(self) -> tuple[str, int]:  # copied and pickled with its level
        return str(self), self.level


def nested(outline: tuple[str, ...], heading: str) -> tuple[str, ...]:
    """The headings a new ``heading`` is nested in (those above it of smaller level),
    then itself; a heading of unknown level is nested in every one above it."""
    level = getattr(heading, "level", None)
    if level is None:
        return (*outline, heading)
    return (*(h for h in outline if getattr(h, "level", 0) < level), heading)


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
    #: the prose since the formula before it in its section (or since the section's
    #: start), paragraph breaks kept, at most :data:`SINCE_CHARACTERS` of it: whether a
    #: sentence ends in between, which method is spoken of last, and the formula's own
    #: sentence from its start ("A common mistake is to claim that ...")
    since: str = ""
    #: the headings the formula's section is nested in, outermost first, then its own:
    #: which method a section under a heading that names none is about
    outline: tuple[str, ...] = ()

    @property
    def sentence(self) -> str:
        """The words of the formula's sentence before it (since the formula before it,
        when that one is in the same sentence)."""
        from momentum_sym.audit import sentences
        from momentum_sym.audit.documents.prose import squash

        return squash(sentences.last(self.since))

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
