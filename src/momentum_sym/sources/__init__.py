"""The source texts the audit reads, shipped with the package.

``README.md`` in this folder gives each text's author, original and licence.  The
files are kept byte for byte as collected; the audit catalogue quotes them by name.

    >>> from momentum_sym import sources
    >>> sources.names()[0]
    '000_c710c2a94ef97968.txt'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SUFFIX = ".txt"


def folder() -> Path:
    """The folder that holds the texts (a real folder: the package is installed
    unzipped, as pip does)."""
    return Path(str(resources.files(__name__)))


def names() -> tuple[str, ...]:
    """The file names of the texts, in order."""
    return tuple(sorted(p.name for p in folder().iterdir() if p.name.endswith(SUFFIX)))


def path(name: str) -> Path:
    """The path of one text, by its file name; ``KeyError`` for any other name."""
    if name not in names():
        raise KeyError(f"no source text {name!r}; the texts are {', '.join(names())}")
    return folder() / name


def read_text(name: str) -> str:
    return path(name).read_text("utf-8")


__all__ = ["folder", "names", "path", "read_text"]
