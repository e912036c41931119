"""Prose with mathematics in it: words, and SymPy objects where the maths goes.

A reason ("its smaller root is (1 - sqrt(alpha lambda))^2") or a check note ("both
regions solved exactly for t: 0 < t <= 1") is data, not a string to be re-read:
the words are kept as words and the mathematics as the SymPy objects themselves,
so that every renderer prints them with the same printers as the claims (LaTeX in
``.tex``, MathML in the HTML book, Unicode on a terminal).

    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> note = say("both regions solved exactly for {t}: {region}", t=t, region=t <= 1)
    >>> [type(s).__name__ for s in note.segments]
    ['str', 'Symbol', 'str', 'LessThan']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp

_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Text:
    """Words (``str``) and mathematics (SymPy objects), in reading order."""

    segments: tuple[str | sp.Basic, ...]

    def __add__(self, other: Text | str) -> Text:
        more = other.segments if isinstance(other, Text) else (other,)
        return Text(_merged((*self.segments, *more)))

    def __radd__(self, other: str) -> Text:
        return Text(_merged((other, *self.segments)))

    def words(self) -> str:
        """Only the words, mathematics left out (for matching and sorting)."""
        return "".join(s for s in self.segments if isinstance(s, str))

    def parts(self) -> tuple[sp.Basic, ...]:
        return tuple(s for s in self.segments if not isinstance(s, str))


def _merged(segments: Iterable[str | sp.Basic]) -> tuple[str | sp.Basic, ...]:
    out: list[str | sp.Basic] = []
    for s in segments:
        if isinstance(s, str):
            if not s:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + s
                continue
        out.append(s)
    return tuple(out)


def say(template: str, **parts: object) -> Text:
    """``say("the root {x} is below {bound}", x=root, bound=1)``: the template's words
    with each ``{name}`` replaced by that SymPy object (numbers become SymPy numbers;
    a string part stays a word)."""
    segments: list[str | sp.Basic] = []
    position = 0
    for match in _FIELD.finditer(template):
        segments.append(template[position:match.start()])
        value = parts[match.group(1)]
        segments.append(value if isinstance(value, (str, sp.Basic)) else sp.sympify(value))
        position = match.end()
    segments.append(template[position:])
    return Text(_merged(segments))


def join(texts: Iterable[Text | str], separator: str = "; ") -> Text:
    """Several texts one after the other (check notes of several parts)."""
    out: list[str | sp.Basic] = []
    for j, text in enumerate(texts):
        if j:
            out.append(separator)
        out.extend(text.segments if isinstance(text, Text) else (text,))
    return Text(_merged(out))


def distinct(texts: Iterable[Text | str]) -> list[Text | str]:
    """Each text once, in a stable order (the methods of several checked parts)."""
    unique = {(t.segments if isinstance(t, Text) else (t,)): t for t in texts}
    return [unique[key] for key in sorted(unique, key=lambda key: sp.default_sort_key(
        tuple(sp.Symbol(p) if isinstance(p, str) else p for p in key)))]


def as_text(value: Text | str) -> Text:
    return value if isinstance(value, Text) else Text(_merged((value,)))


def substitution(mapping) -> Text:
    """A substitution ``{beta: 1 - u}`` as the equations it states: beta = 1 - u, ..."""
    items = sorted(dict(mapping).items(), key=lambda kv: sp.default_sort_key(kv[0]))
    return join((Text((sp.Eq(k, v, evaluate=False),)) for k, v in items), ", ")
