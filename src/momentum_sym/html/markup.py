"""HTML text helpers: escaping, anchors, prose with typeset notation, atomic writes."""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

import sympy as sp

from momentum_sym.html.mathml import math, math_nodes, mathml_body
from momentum_sym.kernel.inline_math import prose
from momentum_sym.kernel.text import Text, as_text
from momentum_sym.render.prose import chains


def esc(text: object) -> str:
    """Text content, escaped."""
    return html.escape(str(text), quote=False)


def attr(text: object) -> str:
    """An attribute value, escaped (without the quotes)."""
    return html.escape(str(text), quote=True)


def anchor(prefix: str, name: str) -> str:
    """The element id of a step (``step-LABEL``) or a result (``result-NAME``)."""
    return f"{prefix}-{name}"


def href(page: str | None, fragment: str | None = None) -> str:
    """A relative link: ``other.html#result-x``, ``#step-y`` or ``other.html``."""
    target = quote(page, safe="-._~") if page else ""
    if fragment:
        target += "#" + quote(fragment, safe="-._~")
    return target


def page_name(id: str) -> str:
    return f"{id}.html"


# -- prose ---------------------------------------------------------------------------


#: The MathML operator of each relation joining a chain of formulas in prose.
_RELATIONS = {"=": "=", "<": "&lt;", ">": "&gt;", "<=": "≤", ">=": "≥", "≤": "≤", "≥": "≥",
              "!=": "≠", "≠": "≠"}


def _chain_html(pieces: list) -> str:
    """A chain of formulas joined by relations (p(1) = alpha lambda > 0) as one."""
    if len(pieces) == 1:
        return math(pieces[0], display=False)
    return math_nodes("".join(f"<mo>{_RELATIONS[p]}</mo>" if isinstance(p, str)
                              else mathml_body(p) for p in pieces))


def text_html(text: Text | str) -> str:
    """Words escaped, mathematics as inline MathML (prose as data: nothing guessed), a
    chain of relations as one formula."""
    return "".join(esc(s) if isinstance(s, str) else _chain_html(s)
                   for s in chains(as_text(text).segments))


def prose_html(text: Text | str) -> str:
    """Prose (``Text``, or a string with backticked mathematics) as HTML."""
    return text_html(prose(text))


def inline(expr: sp.Basic) -> str:
    """One expression as inline MathML."""
    return math_nodes(mathml_body(expr))


def block(expr: sp.Basic) -> str:
    """One expression as display MathML."""
    return math_nodes(mathml_body(expr), display=True)


# -- files ----------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` through a temporary file
    in the same folder and ``os.replace``; returns False when the file already held
    exactly these bytes (it is then left untouched)."""
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return True
