"""JSON: the schema of DESIGN.md, sorted keys, and srepr that rebuilds the expression."""

import json

import pytest
import sympy as sp
from sympy.core.parameters import evaluate
from sympy.core.symbol import Str
from sympy.matrices.expressions.matexpr import MatrixElement

import momentum_sym
from momentum_sym.render import render

IDS = momentum_sym.ids()
STEP_KEYS = {"kind", "claim_latex", "claim_srepr", "reason", "symbolic", "numeric", "label",
             "uses", "method", "digits"}
NUMERIC_KEYS = {"dps", "samples", "max_error"}


def rebuild(srepr: str, evaluated: bool) -> sp.Basic:
    """Rebuild an expression from its srepr (tests only: this evaluates the text)."""
    with evaluate(evaluated):
        # Str and MatrixElement are not in sympy's top-level namespace.
        return sp.sympify(srepr, locals={"Str": Str, "MatrixElement": MatrixElement})


def rebuilds(srepr: str, original: sp.Basic) -> bool:
    """The srepr text rebuilds ``original``: exactly (same srepr), or equal to it
    (SymPy's constructors may canonicalise an unevaluated expression)."""
    if isinstance(original, sp.MatrixBase):
        original = sp.ImmutableMatrix(original)
    for evaluated in (False, True):
        rebuilt = rebuild(srepr, evaluated)
        if sp.srepr(rebuilt) == srepr or rebuilt == original:
            return True
    if isinstance(original, sp.MatrixBase):  # an unevaluated entry: entry by entry
        return all(sp.srepr(e) in srepr and rebuilds(sp.srepr(e), e) for e in original)
    if original.args:
        # Evaluating a relation decides it (Eq(1x1 matrix, scalar) gives false, a
        # numeric inequality true), unevaluated constructors differ in detail (Sum
        # wraps its summand in Mul(1, ...)) and srepr orders the factors of an
        # unevaluated product: then every argument must rebuild.
        return all(sp.srepr(arg) in srepr and rebuilds(sp.srepr(arg), arg)
                   for arg in original.args)
    return False


@pytest.mark.parametrize("derivation_and_report", IDS, indirect=True)
def test_schema(derivation_and_report):
    d, report = derivation_and_report
    text = render(d, report, "json")
    data = json.loads(text)
    assert {"id", "title", "assumptions", "steps", "results", "witness"} <= set(data)
    assert data["id"] == d.id and data["title"] == d.title
    assert len(data["steps"]) == len(d.steps)
    for step in data["steps"]:
        assert set(step) >= STEP_KEYS
        assert step["symbolic"] in {"proved", "undecided", "failed", "given"}
        if step["numeric"] is not None:
            assert set(step["numeric"]) >= NUMERIC_KEYS
    assert set(data["results"]) == set(d.results)
    for result in data["results"].values():
        assert set(result) == {"latex", "srepr"}
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("derivation_and_report", IDS, indirect=True)
def test_srepr_rebuilds_every_claim_and_result(derivation_and_report):
    d, report = derivation_and_report
    data = json.loads(render(d, report, "json"))
    for step, original in zip(data["steps"], d.steps, strict=True):
        assert step["claim_srepr"] == sp.srepr(sp.sympify(original.claim))
        assert rebuilds(step["claim_srepr"], original.claim), step["label"]
    for name, result in data["results"].items():
        assert rebuilds(result["srepr"], d.results[name]), name
