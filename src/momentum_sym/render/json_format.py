"""JSON for tools (schema in DESIGN.md), with ``srepr`` so the exact expression can
be rebuilt.  Keys are sorted; output is deterministic."""

from __future__ import annotations

import json
from typing import Any

import sympy as sp

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport, NumericOutcome
from momentum_sym.render.document import assumptions
from momentum_sym.render.printers import freeze, latex
from momentum_sym.render.prose import prose_unicode, text_unicode

SCHEMA_VERSION = 1


def expression(expr: sp.Basic) -> dict[str, str]:
    """``{"latex", "srepr"}`` for one expression."""
    expr = freeze(expr)
    return {"latex": latex(expr), "srepr": sp.srepr(expr)}


def _digits(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _max_error(numeric: NumericOutcome) -> float | None:
    """The worst relative difference, ``10**-digits`` to three significant figures
    (None for relations, whose numeric check counts samples instead)."""
    if numeric.digits is None:
        return None
    return float(f"{10.0 ** -numeric.digits:.3g}")


def _numeric(numeric: NumericOutcome | None) -> dict[str, Any] | None:
    if numeric is None:
        return None
    return {"dps": numeric.dps, "samples": numeric.samples, "held": numeric.held,
            "max_error": _max_error(numeric), "digits": _digits(numeric.digits),
            "required_digits": numeric.required_digits, "passed": numeric.passed,
            "worst_point": dict(sorted(numeric.worst_point.items())), "note": numeric.note}


def data(derivation: Derivation, report: DerivationReport | None = None) -> dict[str, Any]:
    """The JSON document as Python data."""
    reports = {r.label: r for r in report.steps} if report is not None else {}
    steps = []
    for step in derivation.steps:
        r = reports.get(step.label)
        claim = expression(step.claim)
        steps.append({
            "label": step.label, "kind": step.kind.value,
            "claim_latex": claim["latex"], "claim_srepr": claim["srepr"],
            "reason": text_unicode(step.reason), "uses": list(step.uses),
            "symbolic": None if r is None else r.symbolic.status.value,
            "method": None if r is None else text_unicode(r.symbolic.method),
            "detail": None if r is None else text_unicode(r.symbolic.detail),
            "digits": None if r is None or r.numeric is None else _digits(r.numeric.digits),
            "numeric": None if r is None else _numeric(r.numeric),
            "passed": None if r is None else r.passed,
        })
    witness = None
    if derivation.witness is not None:
        witness = {"description": text_unicode(derivation.witness.description), "report": None,
                   "passed": None, "comparisons": []}
        if report is not None and report.witness is not None:
            witness.update({
                "report": text_unicode(report.witness.description), "passed": report.witness.passed,
                "comparisons": [{"name": prose_unicode(c.name), "passed": c.passed,
                                 "digits": _digits(c.digits),
                                 "detail": prose_unicode(c.detail)}
                                for c in report.witness.comparisons]})
    out: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": derivation.id, "title": derivation.title, "source": derivation.source,
        "summary": text_unicode(derivation.summary), "uses": list(derivation.uses),
        "assumptions": [expression(a) for a in assumptions(derivation)],
        "steps": steps,
        "results": {name: expression(value) for name, value in derivation.results.items()},
        "witness": witness,
        "verification": None if report is None else {
            "dps": report.dps, "samples": report.samples, "seed": report.seed,
            "passed": report.passed},
    }
    return out


def dumps(derivation: Derivation, report: DerivationReport | None = None) -> str:
    return json.dumps(data(derivation, report), sort_keys=True, indent=2,
                      ensure_ascii=False) + "\n"
