"""The audit table: every formula of the source texts with its verdict.

Rows are produced by the audit (dicts with keys id, source, location, latex,
target, verdict, counterexample, correction_latex; the audit's own dataclass records
work too, and a ``message`` is shown where there is no counterexample); this
module only lays them out.  Formulas are typeset as MathML where :mod:`texmath` reads them and shown
as code otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from momentum_sym.html.markup import attr, esc
from momentum_sym.html.mathml import math_nodes
from momentum_sym.html.texmath import Unreadable, tex_to_mathml

COLUMNS = ("formula", "source", "location", "compared with", "verdict", "counterexample",
           "correction")
VERDICT_CLASSES = {"equivalent", "different", "limit", "unreadable"}


def formula(latex: object) -> str:
    """A LaTeX formula as display MathML, or as code when it cannot be read."""
    if latex is None or latex == "":
        return ""
    text = str(latex)
    try:
        return math_nodes(tex_to_mathml(text), display=True)
    except Unreadable:
        return f'<code class="latex">{esc(text)}</code>'


def _value(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _plain(value: object) -> object:
    """Dataclasses (the audit's own records) as dicts; anything else unchanged."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def counterexample(value: object) -> str:
    """``{"point": {...}, "formula_value", "derived_value"}`` as a few lines of text."""
    value = _plain(value)
    if value is None or value == {}:
        return ""
    if not isinstance(value, Mapping):
        return f"<code>{esc(value)}</code>"
    parts = []
    point = value.get("point")
    if isinstance(point, Mapping) and point:
        at = ", ".join(f"{esc(k)} = {esc(_value(point[k]))}" for k in sorted(point, key=str))
        parts.append(f"at <code>{at}</code>")
    for key in sorted(k for k in value if k != "point"):
        parts.append(f"{esc(str(key).replace('_', ' '))}: <code>{esc(_value(value[key]))}</code>")
    return "<br>".join(parts)


def _target(target: object, links, current: str) -> str:
    if not target:
        return ""
    return links.link(current, str(target), str(target))


def audit_page(rows: Sequence[Mapping], links, shell) -> str:
    """The audit page; rows keep the order given (the audit's catalogue order)."""
    body_rows = []
    counts: dict[str, int] = {}
    seen: dict[str, int] = {}
    for record in rows:
        row = _plain(record)
        verdict = str(row.get("verdict") or "")
        counts[verdict] = counts.get(verdict, 0) + 1
        cls = f"verdict-{verdict}" if verdict in VERDICT_CLASSES else "verdict-other"
        ident = str(row.get("id", ""))
        seen[ident] = seen.get(ident, 0) + 1
        row_id = "audit-" + ident + (f"-{seen[ident]}" if seen[ident] > 1 else "")
        body_rows.append(
            f'<tr id="{attr(row_id)}">'
            f"<td>{formula(row.get('latex'))}<br><code>{esc(ident)}</code></td>"
            f"<td>{esc(row.get('source') or '')}</td>"
            f"<td>{esc(row.get('location') or '')}</td>"
            f"<td>{_target(row.get('target'), links, 'audit')}</td>"
            f'<td class="{attr(cls)}">{esc(verdict)}</td>'
            f"<td>{counterexample(row.get('counterexample')) or esc(row.get('message') or '')}"
            "</td>"
            f"<td>{formula(row.get('correction_latex'))}</td></tr>")
    summary = ", ".join(f"{n} {esc(v or 'without verdict')}"
                        for v, n in sorted(counts.items()))
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    body = (
        "<h1>Audit of the source formulas</h1>"
        "<p>Each formula quoted from the source texts is compared with the derived result "
        "it claims to state, on that result's domain. A formula that differs is shown with "
        "a point where it disagrees and, where one is known, the corrected formula.</p>"
        f"<p class=\"meta\">{len(rows)} formulas: {summary or 'none'}.</p>"
        f"<div class=\"scroll\"><table class=\"audit\"><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body_rows)}</tbody></table></div>"
    )
    nav = '<a href="index.html">Index</a>'
    return shell("Audit of the source formulas", body, nav, wide=True)
