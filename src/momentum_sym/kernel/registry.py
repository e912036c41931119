"""An explicit registry: result ids mapped to the functions that derive them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from momentum_sym.kernel.derivation import Derivation


class UnknownResult(KeyError):
    """An id (or id.name) that no derivation has."""


class Registry:
    """Ordered result ids with their ``derive`` functions; derivations are made once."""

    def __init__(self, entries: Iterable[tuple[str, Callable[[], Derivation]]],
                 titles: dict[str, str] | None = None):
        self._derive = dict(entries)
        self._cache: dict[str, Derivation] = {}
        self._titles = dict(titles or {})

    @classmethod
    def from_modules(cls, package: str, modules: Iterable[tuple[str, str]]) -> Registry:
        """Entries ``(id, module)``: ``package.module`` defines ``derive()``, imported
        when the id is first asked for."""
        return cls(cls.entries_from_modules(package, modules))

    @staticmethod
    def entries_from_modules(package: str, modules: Iterable[tuple[str, str]]
                             ) -> list[tuple[str, Callable[[], Derivation]]]:
        """``(id, derive)`` for entries ``(id, module)`` (see :meth:`from_modules`)."""

        def loader(module: str) -> Callable[[], Derivation]:
            return lambda: importlib.import_module(f"{package}.{module}").derive()

        return [(id, loader(module)) for id, module in modules]

    def ids(self) -> tuple[str, ...]:
        return tuple(self._derive)

    def get(self, id: str) -> Derivation:
        if id not in self._derive:
            raise UnknownResult(id)
        if id not in self._cache:
            derivation = self._derive[id]()
            if derivation.id != id:
                raise ValueError(f"registry id {id!r} derives {derivation.id!r}")
            self._cache[id] = derivation
        return self._cache[id]

    def title(self, id: str) -> str:
        """The title of a derivation: the one given with the entries (known without
        deriving), else the derivation's own."""
        if id not in self._derive:
            raise UnknownResult(id)
        if id in self._titles and id not in self._cache:
            return self._titles[id]
        return self.get(id).title

    def __iter__(self):
        return iter(self.ids())
