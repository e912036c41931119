"""The catalogue: complete, verbatim, readable."""

import re

import pytest

from momentum_sym.audit.catalogue import entries, load
from momentum_sym.audit.latex import parse
from tests.audit.conftest import SEEDS, needs_parser, needs_seeds

KINDS = {"claim", "definition", "notation", "exercise", "out-of-scope", "missing"}
#: The result ids of DESIGN.md (stable; more may be added).
DESIGN_IDS = (
    "quadratic-optimum", "gd-eigen-decoupling", "gd-closed-form", "gd-loss-decomposition",
    "gd-step-size-range", "gd-optimal-step-size", "eigenbasis-step-by-step",
    "momentum-eigen-decoupling", "momentum-iteration-matrix", "momentum-eigenvalues",
    "matrix-power-2x2", "momentum-complex-rate", "momentum-convergence-region",
    "momentum-regimes", "critical-damping", "momentum-optimal-parameters", "unrolled-gd",
    "unrolled-momentum", "polynomial-eigenfeatures", "early-stopping-vs-tikhonov",
    "colorization", "rosenbrock-optimum", "rosenbrock-lower-bound", "stochastic-decomposition",
    "damped-oscillator", "d2l-velocity-form", "effective-gradient-count",
)

ALL = entries()
CLAIMS = [e for e in ALL if e["kind"] == "claim"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_shape():
    ids = [e["id"] for e in ALL]
    assert len(ids) == len(set(ids))
    assert {e["source"] for e in ALL} == set(load()["sources"])
    for e in ALL:
        assert e["kind"] in KINDS, e["id"]
        assert e["section"] and e["quote"], e["id"]
        if e["kind"] == "claim":
            assert e["latex"] and e["target"], e["id"]
        else:
            assert e.get("reason"), e["id"]
        if e.get("target"):
            ident = e["target"].split(".")[0]
            assert ident in DESIGN_IDS, e["id"]


def test_every_source_has_claims():
    assert {e["source"] for e in CLAIMS} == set(load()["sources"])
    assert len(CLAIMS) >= 50


@needs_seeds
@pytest.mark.parametrize("entry", ALL, ids=[e["id"] for e in ALL])
def test_transcribed_as_printed(entry):
    text = _squash((SEEDS / entry["source"]).read_text("utf-8"))
    assert _squash(entry["quote"]) in text
    if entry["latex"]:
        assert _squash(entry["latex"]) in text
    if "compare" in entry and "reading" not in entry:
        assert _squash(entry["compare"]) in _squash(entry["latex"])


@needs_parser
@pytest.mark.parametrize("entry", CLAIMS, ids=[e["id"] for e in CLAIMS])
def test_compared_piece_parses(entry):
    formula = parse(entry.get("compare", entry["latex"]), known=lambda key: True)
    assert formula.compared.tree is not None
