"""HTML text helpers: escaping, anchors, prose with typeset notation, atomic writes."""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

import sympy as sp

from momentum_sym.html.mathml import TextbookMathMLPrinter, math, math_nodes, mathml_body
from momentum_sym.kernel.text import Text, as_text
from momentum_sym.render import prose


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


# -- prose with notation ------------------------------------------------------------

_OPERATOR_MO = {text: unicode for text, (unicode, _latex) in prose.OPERATORS.items()}


#: Words in notation that name functions (set upright; sqrt as a radical).
_FUNCTION_WORDS = {"sqrt", "det", "tr", "diag", "max", "min", "log", "exp", "sin", "cos"}


def _name_of(kind: str, text: str) -> str:
    return text[:-1] + r"^{\star}" if kind == "starred" else text


def _segment_mathml(segment: prose.Segment) -> str:
    """The tokens of one notation span (``w* = A^{-1} b``) as inline MathML."""
    printer = TextbookMathMLPrinter()
    # a new row opens at each "(" (a fence needs a row of its own); a row opened
    # right after "sqrt" becomes the radicand of an msqrt, without the brackets
    rows: list[list[str]] = [[]]
    radicands: list[bool] = [False]
    root_next = False
    for kind, text in segment.tokens:
        if kind == "space":
            continue
        if root_next and text != "(":
            rows[-1].append("<mo>\u221a</mo>")  # "sqrt" without a bracket after it
        if kind == "op":
            symbol = _OPERATOR_MO[text] or "\u2062"  # "*" is an invisible product
            symbol = "\u2212" if symbol == "-" else symbol
            if text == "(":
                rows.append([])
                radicands.append(root_next)
            if text in "()" and radicands[-1]:
                pass  # the radical sign replaces the brackets
            else:
                fence = ' stretchy="false"' if text in "()" else ""
                rows[-1].append(f"<mo{fence}>{esc(symbol)}</mo>")
            if text == ")" and len(rows) > 1:
                closed, root = rows.pop(), radicands.pop()
                tag = "msqrt" if root else "mrow"
                rows[-1].append(f"<{tag}>" + "".join(closed) + f"</{tag}>")
        elif kind == "power" and rows[-1]:
            # a script after a closing bracket (tr(R)^2, (1 - a)^k): raise the last element
            exponent = text[1:].strip("{}()")
            raised = (f"<mn>{esc(exponent)}</mn>" if exponent.isdigit()
                      else printer._named(exponent).toxml())
            rows[-1].append(f"<msup>{rows[-1].pop()}{raised}</msup>")
        elif kind == "number":
            rows[-1].append(f"<mn>{esc(text)}</mn>")
        elif text in _FUNCTION_WORDS:
            if text != "sqrt":
                rows[-1].append(f'<mi mathvariant="normal">{esc(text)}</mi>')
        else:
            rows[-1].append(printer._named(_name_of(kind, text)).toxml())
        root_next = text == "sqrt"
    if root_next:
        rows[-1].append("<mo>\u221a</mo>")
    while len(rows) > 1:  # an unclosed "(": keep its row
        closed, root = rows.pop(), radicands.pop()
        tag = "msqrt" if root else "mrow"
        rows[-1].append(f"<{tag}>" + "".join(closed) + f"</{tag}>")
    return math_nodes("<mrow>" + "".join(rows[0]) + "</mrow>")


def text_html(text: Text | str) -> str:
    """Words escaped, mathematics as inline MathML (prose as data: nothing guessed)."""
    return "".join(esc(s) if isinstance(s, str) else math(s, display=False)
                   for s in as_text(text).segments)


def prose_html(text: str) -> str:
    """A sentence with its ASCII notation (``x_i^k``, ``A^{-1}``) as inline MathML."""
    out = []
    for segment in prose.segments(text):
        if segment.kind == "math":
            out.append(_segment_mathml(segment))
        else:
            out.append(esc(segment.text))
    return "".join(out)


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
