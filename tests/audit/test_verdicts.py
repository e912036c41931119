"""The catalogue's verdicts: each erratum found, and the formulas that hold.

Entries whose target is not registered yet are skipped with the reason."""

import pytest

import momentum_sym
from momentum_sym.audit.catalogue import audit_entry, entries
from tests.audit.conftest import needs_parser

EXPECTED = {
    # the question-and-answer thread
    "000-04": "equivalent", "000-05": "equivalent", "000-09a": "equivalent",
    "000-09b": "equivalent", "000-09c": "equivalent", "000-10": "equivalent",
    "000-14a": "equivalent", "000-14b": "equivalent", "000-15": "equivalent",
    "000-16": "equivalent", "000-17": "equivalent",
    "000-18": "unreadable",  # x_{i} printed without its superscript k
    # the article
    "001-04": "equivalent", "001-05": "equivalent", "001-09a": "equivalent",
    "001-09b": "equivalent", "001-09c": "equivalent", "001-10": "equivalent",
    "001-11": "different",  # the loss decomposition misses the factor 1/2
    "001-12": "equivalent", "001-14a": "equivalent", "001-14b": "equivalent",
    "001-23a": "equivalent", "001-23b": "equivalent", "001-24": "equivalent",
    "001-25a": "different",  # R^k: sigma_1^k R_1 - sigma_2^k R_2 has R_1, R_2 swapped
    "001-25b": "equivalent", "001-27": "equivalent", "001-28": "equivalent",
    "001-29": "conditional",  # 1 - sqrt(alpha lambda): the rate only for alpha lambda <= 1
    "001-30a": "equivalent", "001-30b": "equivalent",
    "001-36": "equivalent",
    "001-37": "different",  # unrolled momentum: +alpha where -alpha
    "001-41": "limit",  # the Rosenbrock optimum only as n -> infinity
    "001-44a": "equivalent", "001-44b": "equivalent",
    # the clean opening
    "002-04": "equivalent", "002-05": "equivalent", "002-09a": "equivalent",
    "002-09b": "equivalent", "002-09c": "equivalent", "002-10": "equivalent",
    "002-11": "different",  # the same missing 1/2
    # d2l
    "003-01": "different",  # z centred at Q^{-1} c; the minimiser is -Q^{-1} c
    "003-03a": "different", "003-03b": "different",  # the step size eta is missing
    "003-04a": "equivalent", "003-04b": "equivalent", "003-04c": "equivalent",
    "003-06a": "equivalent", "003-06b": "equivalent", "003-08": "equivalent",
    "003-09": "equivalent", "003-10": "equivalent", "003-11": "equivalent",
    "003-12": "equivalent", "003-13": "equivalent",
}

BY_ID = {e["id"]: e for e in entries()}


def test_every_claim_has_an_expected_verdict():
    claims = {i for i, e in BY_ID.items() if e["kind"] == "claim"}
    assert claims == set(EXPECTED)


def _registered(entry) -> bool:
    refs = [entry["target"], *entry.get("where", {}).values()]
    return all(r.split(".")[0] in momentum_sym.ids() for r in refs
               if "." in r and r[0].isalpha() and "-" in r)


@needs_parser
@pytest.mark.parametrize(("entry_id", "verdict"), sorted(EXPECTED.items()))
def test_verdict(entry_id, verdict):
    entry = BY_ID[entry_id]
    if not _registered(entry):
        pytest.skip(f"{entry['target']} is not registered yet")
    result = audit_entry(entry)
    assert result.verdict == verdict, result.message
    if verdict in ("different", "limit"):
        c = result.counterexample
        assert c is not None and c.point and c.formula_value != c.derived_value
        assert result.correction_latex
