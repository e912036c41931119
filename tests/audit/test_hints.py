"""``catalogue.json``: optional hints (titles, displays the scrapes lost), nothing more."""

import re

import pytest

import momentum_sym
from momentum_sym.audit.catalogue import load, missing_notes, source_names, title_of
from tests.audit.conftest import SEEDS

HINTS = load()


def test_hints_are_titles_and_missing_displays_only():
    assert set(HINTS) == {"about", "sources"}
    for name, hint in HINTS["sources"].items():
        assert set(hint) <= {"title", "missing"}, name
        assert hint["title"] and not re.search(r"[0-9a-f]{16}", hint["title"])
        for missing in hint.get("missing", []):
            assert set(missing) == {"section", "after", "what", "result"}
            assert missing["result"].split(".")[0] in momentum_sym.ids()


def test_every_bundled_text_is_named_by_title():
    assert set(source_names()) == set(HINTS["sources"])
    for name in source_names():
        assert title_of(name, name) != name


@pytest.mark.parametrize("name", sorted(HINTS["sources"]))
def test_missing_displays_are_placed_by_words_of_the_text(name):
    text = " ".join((SEEDS / name).read_text("utf-8").split())
    for missing in HINTS["sources"][name].get("missing", []):
        assert " ".join(missing["after"].split()) in text
    assert len(missing_notes(name)) == len(HINTS["sources"][name].get("missing", []))
