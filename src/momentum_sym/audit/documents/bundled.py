"""The texts bundled with the engine (the article, its opening, the question-and-answer
thread and the d2l chapter) and where they live.

:func:`bundled_dir` is the one place that knows the folder: when the texts move, only
:data:`BUNDLED_DIR` changes.
"""

from __future__ import annotations

from pathlib import Path

from momentum_sym import sources

#: The folder of the bundled texts: in the package, so an installed momentum-sym has them.
BUNDLED_DIR = sources.folder()
_SUFFIXES = (".txt", ".md", ".tex", ".html")


def bundled_dir() -> Path:
    """The folder of the bundled texts (``momentum_sym/sources/``)."""
    return BUNDLED_DIR


def bundled_paths() -> list[Path]:
    """The bundled texts, sorted by file name (their reading order)."""
    folder = bundled_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in _SUFFIXES and p.name.lower() != "readme.md")
