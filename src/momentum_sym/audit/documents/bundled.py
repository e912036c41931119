"""The texts bundled with the engine (the article, its opening, the question-and-answer
thread and the d2l chapter) and where they live.

:func:`bundled_dir` is the one place that knows the folder: when the texts move, only
:data:`BUNDLED_DIR` changes.
"""

from __future__ import annotations

from pathlib import Path

#: The folder of the bundled texts.
BUNDLED_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "seeds"
_SUFFIXES = (".txt", ".md", ".tex", ".html")


def bundled_dir() -> Path:
    """The folder of the bundled texts (it may be missing on a bare install)."""
    return BUNDLED_DIR


def bundled_paths() -> list[Path]:
    """The bundled texts, sorted by file name (their reading order)."""
    folder = bundled_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in _SUFFIXES and p.name.lower() != "readme.md")
