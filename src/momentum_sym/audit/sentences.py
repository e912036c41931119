"""Where sentences (and clauses) end in the words around a formula.

A full stop ends a sentence when whitespace or the end of the words follows it, unless
it ends an abbreviation ("e.g.", "i.e.", "et al.", "cf.", "Eq."): "For Nesterov's
method, i.e. the accelerated gradient, the rate is ..." is one sentence, about
Nesterov's method.  A clause also ends at a semicolon or a blank line.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?](?=\s|$)")
_CLAUSE_END = re.compile(r"[.!?;](?=\s|$)|\n\s*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
#: words that a full stop abbreviates rather than ends a sentence with (lower case,
#: without their last full stop)
ABBREVIATIONS = frozenset({
    "e.g", "i.e", "al", "cf", "eq", "eqs", "fig", "figs", "vs", "resp", "approx", "ref",
    "refs", "sec", "ch", "thm", "lem", "viz", "ca", "p", "pp", "no"})


def ends(text: str, clause: bool = False) -> list[tuple[int, int]]:
    """The spans of the marks that end a sentence (or a clause) in ``text``."""
    found = []
    for mark in (_CLAUSE_END if clause else _END).finditer(text):
        if mark.group() == ".":
            word = _WORD_BEFORE.search(text, 0, mark.start())
            if word is not None and word.group(1).lower() in ABBREVIATIONS:
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
