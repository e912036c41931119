"""The catalogue of source formulas (``catalogue.json``) and the audit that runs it.

The catalogue is data: each entry is a formula as printed in a seed text, where
it stands, what it claims and how to read it (see the file's ``about``).  The
audit compares each claim with the derived result, each in a worker process
with a time limit, and returns one :class:`AuditEntry` per catalogue entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import momentum_sym
from momentum_sym.audit.compare import Counterexample, UnknownTarget, Verdict, check, split_target
from momentum_sym.audit.latex import TimedOut, Unreadable, run_bounded, warm_up

CHECK_SECONDS = 90.0
VERDICTS = ("equivalent", "different", "conditional", "limit", "undecided", "unreadable")


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The catalogue as shipped in the package."""
    text = resources.files("momentum_sym.audit").joinpath("catalogue.json").read_text("utf-8")
    return json.loads(text)


def entries(sources: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Catalogue entries, optionally only those of some seed files (a file name, or
    a prefix such as ``001``)."""
    wanted = list(sources or [])
    found = load()["entries"]
    if not wanted:
        return list(found)
    return [e for e in found if any(e["source"] == w or e["source"].startswith(w)
                                    or w.endswith(e["source"]) for w in wanted)]


def source_names() -> list[str]:
    return sorted(load()["sources"])


@dataclass(frozen=True)
class AuditEntry:
    id: str
    source: str
    location: str
    latex: str
    kind: str
    target: str | None
    verdict: str | None
    message: str
    counterexample: Counterexample | None = None
    correction_latex: str | None = None
    compared_latex: str | None = None
    note: str | None = None
    condition_latex: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _options(entry: Mapping[str, Any]) -> dict[str, Any]:
    source = load()["sources"].get(entry["source"], {})
    notation = {**source.get("notation", {}), **entry.get("notation", {})}
    where = {**source.get("where", {}), **entry.get("where", {})}
    return {"notation": notation, "where": where, "at": entry.get("at"),
            "derived_latex": entry.get("derived"), "limit_target": entry.get("limit_target")}


def _preload(entry: Mapping[str, Any]) -> None:
    """Derive every result the entry needs here, and warm the LaTeX parser, so that
    forked workers find them ready."""
    warm_up()
    refs = [entry["target"], entry.get("limit_target")]
    refs += [v for v in entry.get("where", {}).values() if isinstance(v, str)]
    for ref in refs:
        if not ref or "." not in ref:
            continue
        try:
            ident, _ = split_target(ref)
            momentum_sym.get(ident)
        except UnknownTarget:
            continue


def audit_entry(entry: Mapping[str, Any], timeout: float = CHECK_SECONDS) -> AuditEntry:
    location = f"{entry['section']}: \u201c{entry['quote']}\u201d"
    common = {"id": entry["id"], "source": entry["source"], "location": location,
              "latex": entry["latex"], "kind": entry["kind"], "target": entry.get("target"),
              "note": entry.get("note")}
    if entry["kind"] != "claim":
        return AuditEntry(**common, verdict=None, message=entry.get("reason", entry["kind"]))
    compared = entry.get("compare", entry["latex"])
    try:
        split_target(entry["target"])
    except UnknownTarget as error:
        return AuditEntry(**common, verdict=None, compared_latex=compared,
                          message=f"not compared: {error}")
    _preload(entry)
    try:
        verdict: Verdict = run_bounded(check, compared, entry["target"], *_positional(entry),
                                       timeout=timeout)
    except TimedOut as error:
        return AuditEntry(**common, verdict="unreadable", compared_latex=compared,
                          message=f"the check {error}")
    except (Unreadable, UnknownTarget, RuntimeError) as error:
        return AuditEntry(**common, verdict="unreadable", compared_latex=compared,
                          message=str(error))
    message = verdict.message
    if entry.get("reading"):
        message += f" (read as {entry['reading']})"
    return AuditEntry(**common, verdict=verdict.verdict, message=message,
                      counterexample=verdict.counterexample,
                      correction_latex=verdict.correction_latex, compared_latex=compared,
                      condition_latex=verdict.condition_latex)


def _positional(entry: Mapping[str, Any]) -> tuple:
    o = _options(entry)
    return (o["notation"], o["where"], o["at"], o["derived_latex"], o["limit_target"])


def audit(sources: Iterable[str] | None = None, timeout: float = CHECK_SECONDS
          ) -> list[AuditEntry]:
    """Every catalogue entry (of the chosen sources) with its verdict, in order."""
    return [audit_entry(e, timeout) for e in entries(sources)]


def counts(results: Iterable[AuditEntry]) -> dict[str, int]:
    """How many entries got each verdict (non-claims counted by kind)."""
    tally: dict[str, int] = {}
    for r in results:
        key = r.verdict or (r.kind if r.kind != "claim" else "not compared")
        tally[key] = tally.get(key, 0) + 1
    return dict(sorted(tally.items()))
