"""The bundled texts: their optional hints (``catalogue.json``) and their audit.

The hints give each bundled text a title and list the displays the scraped copies lost;
nothing else.  Every verdict comes from reading the texts themselves
(:mod:`momentum_sym.audit.review`): the audit is the same for a bundled text as for a
reviewer's own file, and is reached with or without the hints.

:func:`entries` and :func:`audit_entry` split the audit of the bundled texts into items
(one per relation) that the whole build (``momentum_sym.pipeline``) runs over its
worker processes; :func:`audit` runs them all here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from momentum_sym.audit import review
from momentum_sym.audit.documents import Document, read_path
from momentum_sym.audit.documents.bundled import bundled_paths
from momentum_sym.audit.latex import one_worker
from momentum_sym.audit.review import DocumentAudit, Row, counts

__all__ = ["Entry", "audit", "audit_entry", "bundled_documents", "counts", "entries",
           "load", "missing_notes", "source_names", "title_of"]


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The hints as shipped in the package."""
    text = resources.files("momentum_sym.audit").joinpath("catalogue.json").read_text("utf-8")
    return json.loads(text)


def title_of(name: str, fallback: str) -> str:
    """The title the hints give a bundled text, else ``fallback`` (the text's own)."""
    return load()["sources"].get(name, {}).get("title", fallback)


def missing_notes(name: str) -> tuple[str, ...]:
    """Sentences on the displays a bundled text lost."""
    notes = []
    for m in load()["sources"].get(name, {}).get("missing", []):
        where = f" ({m['section']})" if m.get("section") else ""
        after = f" after \u201c{m['after']}\u201d" if m.get("after") else ""
        notes.append(f"missing from the text{where}{after}: {m['what']} ({m['result']})")
    return tuple(notes)


def source_names() -> list[str]:
    """The file names of the bundled texts."""
    return [p.name for p in bundled_paths()]


def _matches(path: Path, wanted: Sequence[str]) -> bool:
    return not wanted or any(path.name == w or path.name.startswith(w) or w.endswith(path.name)
                             for w in wanted)


@lru_cache(maxsize=8)
def _documents(wanted: tuple[str, ...]) -> tuple[Document, ...]:
    out = []
    for path in bundled_paths():
        if _matches(path, wanted):
            document = read_path(str(path))
            out.append(replace(document, title=title_of(path.name, document.title)))
    return tuple(out)


def bundled_documents(sources: Iterable[str] | None = None) -> list[Document]:
    """The bundled texts (optionally only those named: a file name or a prefix such as
    ``001``), read and titled."""
    return list(_documents(tuple(sources or ())))


@dataclass(frozen=True)
class Entry:
    """One relation of a bundled text, as a unit of work for the build."""

    id: str
    work: review.Work

    def __getitem__(self, key: str) -> Any:  # the build reads entry["id"]
        return getattr(self, key)


@lru_cache(maxsize=1)
def _entries() -> tuple[Entry, ...]:
    out = []
    for document in bundled_documents():
        for work in review.prepare(document):
            out.append(Entry(f"{document.name}#{work.number}", work))
    return tuple(out)


def entries(sources: Iterable[str] | None = None) -> list[Entry]:
    """Every relation of the bundled texts, in reading order."""
    wanted = list(sources or [])
    return [e for e in _entries() if _matches(Path(e.work.source), wanted)]


def audit_entry(entry: Entry, timeout: float = review.CHECK_SECONDS) -> Row:
    """The verdict on one relation of a bundled text."""
    review.preload([entry.work])
    return review.judge(entry.work, timeout)


def audit_entries(chosen: Sequence[Entry], timeout: float = review.CHECK_SECONDS
                  ) -> list[Row]:
    """The verdicts on some relations of the bundled texts, in their order: all that
    they compare with derived first, then judged in one kept worker."""
    review.preload([entry.work for entry in chosen])
    with one_worker():
        return [review.judge(entry.work, timeout) for entry in chosen]


def audit(sources: Iterable[str] | None = None,
          timeout: float = review.CHECK_SECONDS,
          progress: Callable[[str], None] | None = None) -> list[DocumentAudit]:
    """The audit of the bundled texts (all, or those named); ``progress`` is told each
    relation as it is judged."""
    return [review.audit_document(d, timeout, notes=missing_notes(d.name), progress=progress)
            for d in bundled_documents(sources)]
