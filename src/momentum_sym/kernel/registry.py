"""An explicit registry: result ids mapped to the functions that derive them.

Each id may carry metadata declared beside it (a title, the section of the source
texts it belongs to), so that ``list``, ``--help`` and id checks answer without
importing SymPy or deriving anything: a derivation is made only when it is asked
for, once.  Declared titles are held to the derivations' own by a test
(``tests/test_registry.py``), so the two cannot drift; an id declared without a
title still works, its title is then found by deriving it.

This module imports no mathematics, so that importing it stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from momentum_sym.kernel.derivation import Derivation

Loader = Callable[[], "Derivation"]


class UnknownResult(KeyError):
    """An id (or id.name) that no derivation has."""


@dataclass(frozen=True)
class Entry:
    """One registered id: how to derive it, and what is known of it without deriving."""

    id: str
    load: Loader
    title: str | None = None  # None: known only by deriving
    section: str | None = None


def module_loader(package: str, module: str, function: str = "derive") -> Loader:
    """A loader that imports ``package.module`` when first called and calls ``function``."""

    def load() -> Derivation:
        return getattr(importlib.import_module(f"{package}.{module}"), function)()

    return load


class Registry:
    """Ordered result ids with their loaders; derivations are made once, on demand."""

    def __init__(self, entries: Iterable[tuple[str, Loader] | Entry] = (),
                 titles: Mapping[str, str] | None = None,
                 sections: Mapping[str, str] | None = None):
        self._entries: dict[str, Entry] = {}
        self._cache: dict[str, Derivation] = {}
        self._loading = 0  # how many derivations are being made (one may ask for another)
        for entry in entries:
            if not isinstance(entry, Entry):
                id, load = entry
                entry = Entry(id, load, (titles or {}).get(id), (sections or {}).get(id))
            self.add(entry)

    @classmethod
    def from_modules(cls, package: str, modules: Iterable[tuple[str, str]],
                     titles: Mapping[str, str] | None = None,
                     sections: Mapping[str, str] | None = None) -> Registry:
        """Entries ``(id, module)``: ``package.module`` defines ``derive()``, imported
        when the id is first asked for."""
        return cls(((id, module_loader(package, module)) for id, module in modules),
                   titles, sections)

    def add(self, entry: Entry) -> None:
        """Register one more id (a result module, or a tactic applied to a method)."""
        if entry.id in self._entries:
            raise ValueError(f"result id {entry.id!r} is registered twice")
        self._entries[entry.id] = entry

    def ids(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def entry(self, id: str) -> Entry:
        if id not in self._entries:
            raise UnknownResult(id)
        return self._entries[id]

    def title(self, id: str) -> str:
        """The declared title, or (for an id declared without one) the derivation's."""
        declared = self.entry(id).title
        return declared if declared is not None else self.get(id).title

    def section(self, id: str) -> str | None:
        return self.entry(id).section

    def get(self, id: str) -> Derivation:
        """The derivation of ``id``, made on first use.

        SymPy's cache returns an earlier, equal but differently written expression
        (``beta*beta**m`` for ``beta**(m + 1)``), so what a derivation prints would
        depend on what the process computed before it.  Each derivation is therefore
        made from an empty cache, and one that asks for another continues from an empty
        cache whether that other was made just now or earlier: the same code writes
        the same files in any process, in any order."""
        entry = self.entry(id)
        if id in self._cache:
            if self._loading:
                _forget_sympy_cache()
            return self._cache[id]
        _forget_sympy_cache()
        self._loading += 1
        try:
            derivation = entry.load()
        finally:
            self._loading -= 1
            _forget_sympy_cache()
        if derivation.id != id:
            raise ValueError(f"registry id {id!r} derives {derivation.id!r}")
        self._cache[id] = derivation
        return derivation

    def __iter__(self):
        return iter(self.ids())

    def __contains__(self, id: object) -> bool:
        return id in self._entries


def _forget_sympy_cache() -> None:
    """Empty SymPy's cache (imported here, so that the registry alone stays cheap)."""
    from sympy.core.cache import clear_cache

    clear_cache()
