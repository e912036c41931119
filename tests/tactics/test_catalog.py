"""The method catalogue (ids, titles, chapters known without importing SymPy) is what
the methods and the tactics' registry decide."""

from momentum_sym.results import method_catalog
from momentum_sym.tactics import registry
from momentum_sym.tactics.equivalence import PAIRS


def test_entries_are_the_families_that_apply():
    names = tuple(method_catalog.METHODS)
    computed = registry.registered(names)
    titles = registry.titles(names)
    expected = tuple((ident, name, family, titles[ident])
                     for name, families in computed.items()
                     for family, ident in families.items())
    assert expected == method_catalog.ENTRIES


def test_chapters_and_equivalences():
    names = tuple(method_catalog.METHODS)
    assert method_catalog.sections()[:-1] == registry.sections(names)
    assert tuple((p.id, p.title) for p in PAIRS) == method_catalog.EQUIVALENCES
