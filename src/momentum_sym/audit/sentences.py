"""Where sentences (and clauses) end in the words around a formula.

A full stop ends a sentence when whitespace or the end of the words follows it, unless
it ends an abbreviation ("e.g.", "i.e.", "cf."; "et al.", "Eq." and the like only
before a lower-case word or a number): "For Nesterov's method, i.e. the accelerated
gradient, the rate is ..." is one sentence, about Nesterov's method.  A blank line (a
new paragraph) ends a sentence too; a clause also ends at a semicolon.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")
_CLAUSE_END = re.compile(r"[.!?;](?=\s|$)|\n\s*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_NEXT_WORD = re.compile(r"\s*(\S)")
#: abbreviations that never end a sentence (lower case, without their last full stop)
NEVER_LAST = frozenset({"e.g", "i.e", "cf", "viz"})
#: abbreviations that end a sentence only before a capital ("et al. Step sizes ..."):
#: read so, a sentence about a method is at worst cut in two, and the second part is
#: judged by both readings (undecided where they disagree), never by the wrong one
ABBREVIATIONS = frozenset({
    "al", "eq", "eqs", "fig", "figs", "vs", "resp", "approx", "ref", "refs", "sec", "ch",
    "thm", "lem", "ca", "p", "pp", "no"})


def ends(text: str, clause: bool = False) -> list[tuple[int, int]]:
    """The spans of the marks that end a sentence (or a clause) in ``text``: a full
    stop, question or exclamation mark before whitespace, or a blank line."""
    found = []
    for mark in (_CLAUSE_END if clause else _END).finditer(text):
        if mark.group() == ".":
            word = _WORD_BEFORE.search(text, 0, mark.start())
            abbreviation = word.group(1).lower() if word is not None else ""
            following = _NEXT_WORD.match(text, mark.end())
            if abbreviation in NEVER_LAST or (abbreviation in ABBREVIATIONS and not (
                    following is not None and following.group(1).isupper())):
                continue
        found.append(mark.span())
    return found


def last(text: str, clause: bool = False) -> str:
    """The words of the last sentence (or clause) of ``text``: those after its last end."""
    spans = ends(text, clause)
    return text[spans[-1][1]:] if spans else text


def first(text: str, clause: bool = False) -> str:
    """The words of the first sentence (or clause) of ``text``: those before its first end."""
    spans = ends(text, clause)
    return text[:spans[0][0]] if spans else text


def has_end(text: str) -> bool:
    """Whether a sentence ends within ``text``."""
    return bool(ends(text))
