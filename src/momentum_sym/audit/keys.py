"""The symbols of a formula as *keys*: a letter with its subscript and superscript
(``x_i^k+1`` for ``x_{i}^{k+1}``, ``w^star`` for ``w^\\star``), as the safe reader
sees them, and what their scripts say (an iteration ``k+1``, a component ``i``, the
start ``0``, a decoration ``star``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from momentum_sym.audit.latex import Tok, Unreadable, _atoms, clean, tokenize
from momentum_sym.render.names import unicode_name

ITERATION_LETTERS = ("k", "t")
_ITERATION = re.compile(r"^\(?([kt])([+-]\d+)?\)?$")


@dataclass(frozen=True)
class Key:
    """A decorated symbol of a formula."""

    text: str  # the normal key, e.g. ``x_i^k+1``
    base: str
    sub: str | None
    sup: str | None

    def iteration(self, letter: str) -> tuple[int, str] | None:
        """(offset, "sub" or "sup") when a script is the iteration ``letter`` shifted,
        e.g. ``x_{t-1}`` -> (-1, "sub"); the start ``x^0`` is (None-like) handled apart."""
        for where, script in (("sup", self.sup), ("sub", self.sub)):
            if script is None:
                continue
            m = _ITERATION.match(script.replace(" ", ""))
            if m and m.group(1) == letter:
                return int(m.group(2) or 0), where
        return None

    def is_start(self) -> bool:
        """``x^0``, ``x_0``, ``x_i^0``: the starting point."""
        return self.sup == "0" or (self.sub == "0" and self.sup is None)

    @property
    def component(self) -> str | None:
        """The component index (``i`` of ``x_i^k``, ``lambda_i``), if any."""
        if self.sub is not None and re.fullmatch(r"[ij]", self.sub):
            return self.sub
        return None


def parse_key(text: str) -> Key:
    """A normal key (``x_i^k+1``) as a :class:`Key`."""
    m = re.fullmatch(r"([A-Za-z]+)(?:_([^^]+))?(?:\^(.+))?", text)
    if not m:
        return Key(text, text, None, None)
    return Key(text, m.group(1), m.group(2), m.group(3))


@lru_cache(maxsize=4096)
def keys_of(latex: str) -> tuple[Key, ...]:
    """The keys of ``latex`` in order of first appearance (empty when it cannot be
    tokenised: the safe reader will say why)."""
    try:
        tokens = [t for t in clean(tokenize(latex)) if t.kind != "space"]
        tokens = [Tok("char", "0") if t.kind == "unknown" else t for t in tokens]
        placeholders, _ = _atoms(tokens, known=lambda key: True)
    except (Unreadable, ValueError, IndexError):
        return ()
    order = sorted(placeholders, key=lambda name: int(re.sub(r"\D", "", name) or 0))
    return tuple(parse_key(placeholders[name]) for name in order)


def key_unicode(key: str) -> str:
    """A normal key as one line of Unicode mathematics (``v_k+1`` -> ``vₖ₊₁``): through
    :func:`key_latex`, whose braces keep a script together."""
    return unicode_name(key_latex(key))


def key_latex(key: str) -> str:
    """A normal key as LaTeX the reader maps back to the same key
    (``x_t-1`` -> ``x_{t-1}``, ``w^star`` -> ``w^{\\star}``, ``lambda_min`` ->
    ``\\lambda_{min}``)."""
    k = parse_key(key)
    out = ("\\" + k.base) if len(k.base) > 1 else k.base
    if k.sub:
        out += "_{" + k.sub + "}"
    if k.sup:
        out += "^{" + ("\\star" if k.sup == "star" else k.sup) + "}"
    return out
