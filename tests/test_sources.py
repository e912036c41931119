"""The source texts ship in the package, with their provenance and licences: the tests
and an installed momentum-sym read them there, with nothing beside the repository."""

import pytest

from momentum_sym import sources
from momentum_sym.audit.catalogue import load
from momentum_sym.audit.documents.bundled import bundled_dir, bundled_paths

LICENCES = [
    # file, licence named for it in sources/README.md
    ("000_c710c2a94ef97968.txt", "CC BY-SA"),
    ("001_dca7dfbbfee52c11.txt", "CC BY 4.0"),
    ("002_697f4176ad0e955e.txt", "CC BY 4.0"),
    ("003_a40a09eae58b7942.txt", "CC BY-SA 4.0"),
]


def test_every_text_the_catalogue_names_is_in_the_package():
    assert set(sources.names()) == set(load()["sources"]) == {n for n, _ in LICENCES}


def test_the_audit_reads_the_package():
    assert bundled_dir() == sources.folder()
    assert [p.name for p in bundled_paths()] == list(sources.names())


@pytest.mark.parametrize(("name", "licence"), LICENCES, ids=[n for n, _ in LICENCES])
def test_provenance_and_licence(name, licence):
    readme = (sources.folder() / "README.md").read_text("utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}`"))
    assert licence in row and "http" in row + readme
    assert sources.read_text(name).strip()


def test_an_unknown_name_is_refused():
    with pytest.raises(KeyError, match="no source text"):
        sources.path("../../pyproject.toml")
