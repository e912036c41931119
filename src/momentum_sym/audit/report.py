"""The audit as text, Markdown and JSON: a summary per document (counts, the errata with
their corrections), then every relation with its verdict.

Rendering only: the verdicts come from :mod:`momentum_sym.audit.review`.  The output
depends on nothing but the rows (no times, no paths beyond the file names), so the same
audit prints the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from momentum_sym.audit.review import VERDICTS, DocumentAudit, Row, counts

INTRO = (
    "Every formula of the source texts, found in the text, read and compared with the "
    "derived results (`momentum-sym audit`). Each relation a formula states gets a verdict: "
    "*equivalent* (proved equal on the result's domain), *different* (a point where the two "
    "differ is given, with the derived formula), *conditional* (holds on a stated part of the "
    "domain), *limit* (holds only in a limit), *undecided* (numeric agreement only), "
    "*definition* (notation: nothing to check), *not-a-claim*, or *unreadable* (the message "
    "says what could not be read). How the notation was read is stated.")


@dataclass(frozen=True)
class Summary:
    """The rows of one document with what the reading found."""

    name: str
    title: str
    rows: tuple[Row, ...]
    readings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def formulas(self) -> int:
        return len({r.number.rstrip("abcdefghijklmnopqrstuvwxyz") for r in self.rows})


def summaries(audits: Iterable[DocumentAudit | Row]) -> list[Summary]:
    """Document audits (or flat rows, grouped by their source in order) as summaries."""
    out: list[Summary] = []
    loose: dict[str, list[Row]] = {}
    for item in audits:
        if isinstance(item, DocumentAudit):
            out.append(Summary(item.name, item.title, item.rows, item.readings, item.notes))
        else:
            loose.setdefault(item.source, []).append(item)
    for name, rows in loose.items():
        out.append(Summary(name, rows[0].title, tuple(rows)))
    return out


def _point(row: Row) -> str:
    c = row.counterexample
    if c is None:
        return ""
    point = ", ".join(f"{k} = {v}" for k, v in c.point.items())
    return f"at {point}: printed {c.formula_value}, derived {c.derived_value}"


#: Messages that say no more than the verdict and its counterexample.
_PLAIN = ("differs at a point of the domain", "fails on a generic instance")


def _why(row: Row) -> str:
    parts = [row.slip] if row.slip and row.slip not in row.message else []
    if row.message and (not row.counterexample or row.message not in _PLAIN):
        parts.append(row.message)
    parts.append(_point(row))
    if row.condition and row.condition not in row.message:
        parts.append(f"holds where {row.condition}")
    return "; ".join(p for p in parts if p)


def _tally(rows: Sequence[Row]) -> str:
    return ", ".join(f"{v} {n}" for v, n in counts(rows).items())


# -- text -----------------------------------------------------------------------------


def text(audits: Iterable[DocumentAudit | Row]) -> str:
    """The terminal report."""
    lines: list[str] = []
    everything: list[Row] = []
    for s in summaries(audits):
        everything += s.rows
        lines.append(f"{s.title} ({s.name})")
        lines.append(f"  {s.formulas} formulas, {len(s.rows)} relations: {_tally(s.rows)}")
        for reading in s.readings:
            lines.append(f"  reading: {reading}")
        for note in s.notes:
            lines.append(f"  note: {note}")
        errata = [r for r in s.rows if r.erratum]
        lines.append(f"  errata: {len(errata)}")
        for r in errata:
            lines.append(f"  ! {r.number} {r.location}")
            lines.append(f"      as printed: {' '.join(r.relation.split())}")
            lines.append(f"      {r.verdict} ({r.target or '-'}): {_why(r)}")
            if r.correction_latex:
                lines.append(f"      derived: {r.correction_latex}")
        for r in s.rows:
            target = r.target or "-"
            lines.append(f"  {r.number:>5} l.{r.line:<4} {r.verdict:11} {target:34} "
                         f"{' '.join(r.relation.split())[:70]}")
            lines.append(f"{'':19}{r.message}")
            for reading in r.reading:
                lines.append(f"{'':19}reading: {reading}")
        lines.append("")
    lines.append(f"totals: {_tally(everything)}; errata {sum(r.erratum for r in everything)}")
    return "\n".join(lines)


# -- Markdown --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _code(latex: str | None) -> str:
    latex = " ".join(str(latex or "").split())
    return "`" + latex.replace("`", "'").replace("|", "\\|") + "`" if latex else ""


def markdown(audits: Iterable[DocumentAudit | Row], title: str = "Audit of the source texts",
             intro: str = INTRO) -> str:
    """The Markdown report (``derivations/audit.md`` for the bundled texts)."""
    parts = summaries(audits)
    everything = [r for s in parts for r in s.rows]
    lines = [f"# {title}", "", intro, "",
             "| document | formulas | relations | " + " | ".join(VERDICTS) + " | errata |",
             "|---|---|---|" + "---|" * len(VERDICTS) + "---|"]
    for s in parts:
        tally = counts(s.rows)
        lines.append(f"| {_cell(s.title)} | {s.formulas} | {len(s.rows)} | "
                     + " | ".join(str(tally.get(v, 0)) for v in VERDICTS)
                     + f" | {sum(r.erratum for r in s.rows)} |")
    lines += ["", "## Errata", ""]
    errata = [r for r in everything if r.erratum]
    if errata:
        lines += ["| where | as printed | verdict | why | derived (correction) |",
                  "|---|---|---|---|---|"]
        for r in errata:
            lines.append(f"| {_cell(r.title)}, {_cell(r.location)} | {_code(r.relation)} | "
                         f"{r.verdict} | {_cell(_why(r))} | {_code(r.correction_latex)} |")
    else:
        lines.append("No erratum found.")
    for s in parts:
        lines += ["", f"## {s.title}", "", f"File `{s.name}`: {s.formulas} formulas, "
                  f"{len(s.rows)} relations ({_tally(s.rows)}).", ""]
        if s.readings:
            lines += ["Readings of the notation:", ""]
            lines += [f"- {reading}" for reading in s.readings]
            lines.append("")
        if s.notes:
            lines += [f"- {note}" for note in s.notes]
            lines.append("")
        lines += ["| # | line | section | relation | verdict | compared with | why |",
                  "|---|---|---|---|---|---|---|"]
        for r in s.rows:
            why = _why(r) if r.erratum else r.message
            if r.reading:
                why += " (read: " + "; ".join(r.reading) + ")"
            lines.append(f"| {r.number} | {r.line} | {_cell(r.section)} | {_code(r.relation)} | "
                         f"{r.verdict} | {r.target or ''} | {_cell(why)} |")
    return "\n".join(lines) + "\n"


# -- JSON -------------------------------------------------------------------------------


def as_json(audits: Iterable[DocumentAudit | Row]) -> dict[str, Any]:
    """The report as data: documents with their counts, readings, notes and rows."""
    parts = summaries(audits)
    everything = [r for s in parts for r in s.rows]
    return {
        "documents": [{"name": s.name, "title": s.title, "formulas": s.formulas,
                       "relations": len(s.rows), "counts": counts(s.rows),
                       "errata": sum(r.erratum for r in s.rows),
                       "readings": list(s.readings), "notes": list(s.notes),
                       "rows": [r.as_json() for r in s.rows]} for s in parts],
        "counts": counts(everything),
        "errata": sum(r.erratum for r in everything),
    }


def json_text(audits: Iterable[DocumentAudit | Row]) -> str:
    return json.dumps(as_json(audits), indent=1, sort_keys=False, ensure_ascii=False)
