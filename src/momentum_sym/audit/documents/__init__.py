"""Finding the formulas of a document: ``.tex``, ``.md``, ``.html`` or plain text.

    >>> doc = read_bytes(b"The optimum is $w^\\\\star = A^{-1}b$.", "note.md")
    >>> [f.latex for f in doc.formulas]
    ['w^\\\\star = A^{-1}b']

:func:`read_path` reads a file (or ``-``, standard input), refusing anything that is
not UTF-8 text or is larger than :data:`MAX_BYTES`; the format comes from the suffix,
or from the content when the suffix says nothing.  Each reader returns a
:class:`Document`: the formulas in reading order, each with its line, section and the
words around it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from momentum_sym.audit.documents.model import Document, Found

__all__ = ["MAX_BYTES", "Document", "Found", "NotText", "format_of", "read_bytes",
           "read_path"]

MAX_BYTES = 4_000_000
MAX_FORMULAS = 5000
_SUFFIXES = {".tex": "tex", ".latex": "tex", ".ltx": "tex", ".md": "markdown",
             ".markdown": "markdown", ".mdown": "markdown", ".html": "html", ".htm": "html",
             ".xhtml": "html", ".txt": "text", ".text": "text"}


class NotText(ValueError):
    """The input is not a text document the audit reads (one line says why)."""


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or :class:`NotText`."""
    if len(data) > MAX_BYTES:
        raise NotText(f"{name}: too large ({len(data)} bytes, at most {MAX_BYTES})")
    if b"\x00" in data:
        raise NotText(f"{name}: not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotText(f"{name}: not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise NotText(f"{name}: the document is empty")  # a wrong file, most likely
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 8:
        raise NotText(f"{name}: not a text file ({controls} control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def format_of(name: str, text: str) -> str:
    """``tex``, ``markdown``, ``html`` or ``text``: by suffix, else by content."""
    suffix = Path(name).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = text[:4000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if "\\documentclass" in head or "\\begin{document}" in text[:20000]:
        return "tex"
    return "text"


def read_bytes(data: bytes, name: str, format: str | None = None) -> Document:
    """The document ``name`` whose content is ``data``."""
    text = decode(data, name)
    kind = format or format_of(name, text)
    if kind == "tex":
        from momentum_sym.audit.documents import tex as reader
    elif kind == "markdown":
        from momentum_sym.audit.documents import markdown as reader
    elif kind == "html":
        from momentum_sym.audit.documents import html as reader
    else:
        from momentum_sym.audit.documents import text as reader
    document = reader.read(text, name)
    if len(document.formulas) > MAX_FORMULAS:
        raise NotText(f"{name}: too many formulas ({len(document.formulas)}, at most "
                      f"{MAX_FORMULAS})")
    return document


def read_path(path: str) -> Document:
    """The document at ``path`` (``-`` for standard input), or :class:`NotText`."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return read_bytes(data, "standard input")
    file = Path(path)
    if file.is_dir():
        raise NotText(f"{path}: a folder; give the files in it to audit")
    if not file.exists():
        raise NotText(f"{path}: no such file")
    if not file.is_file():  # a device or a pipe: what it gives is not a document
        raise NotText(f"{path}: not a regular file; give a file, or - for standard input")
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise NotText(f"{path}: cannot read it ({error.strerror or error})") from None
    return read_bytes(data, file.name)
