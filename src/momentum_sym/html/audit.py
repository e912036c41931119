"""The audit page of the book: a summary per document (counts, the errata with their
corrections), then every formula of every document with its verdict.

Rows are the audit's (dicts from ``Row.as_json()``: source, title, number, line,
section, relation, verdict, target, message, reading, counterexample,
correction_latex, ...; the audit's own dataclass records work too; rows of an older
shape, with ``latex`` and ``location`` only, are laid out the same way).  This module
only lays them out.  Formulas are typeset as MathML where :mod:`texmath` reads them and
shown as code otherwise.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from momentum_sym.html.markup import attr, esc
from momentum_sym.html.mathml import math_nodes
from momentum_sym.html.texmath import Unreadable, tex_to_mathml
from momentum_sym.render.names import unicode_name

COLUMNS = ("formula", "where", "compared with", "verdict", "why", "correction")
VERDICT_CLASSES = {"equivalent", "different", "conditional", "limit", "undecided",
                   "definition", "not-a-claim", "unreadable"}
VERDICT_ORDER = ("equivalent", "different", "conditional", "limit", "undecided", "definition",
                 "not-a-claim", "unreadable")
ERRATA = ("different", "conditional", "limit")


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
        data = dataclasses.asdict(value)
        for name in ("id", "erratum", "location"):
            if hasattr(value, name):
                data[name] = getattr(value, name)
        return data
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
        at = ", ".join(f"{esc(unicode_name(str(k)))} = {esc(_value(point[k]))}"
                       for k in sorted(point, key=str))
        parts.append(f"at <code>{at}</code>")
    for key in sorted(k for k in value if k != "point"):
        parts.append(f"{esc(str(key).replace('_', ' '))}: <code>{esc(_value(value[key]))}</code>")
    return "<br>".join(parts)


def _target(target: object, links, current: str) -> str:
    if not target:
        return ""
    text = str(target)
    if not re.fullmatch(r"[a-z0-9-]+\.[A-Za-z_0-9]+", text):
        ident = text.split(" ")[0]
        return links.link(current, ident, text) if re.fullmatch(r"[a-z0-9-]+", ident) else \
            esc(text)
    return links.link(current, text, text)


def _erratum(row: Mapping) -> bool:
    if "erratum" in row:
        return bool(row["erratum"])
    return str(row.get("verdict") or "") in ERRATA


#: Messages that say no more than the verdict and its counterexample.
_PLAIN = ("differs at a point of the domain", "fails on a generic instance")


def _why(row: Mapping) -> str:
    message = str(row.get("message") or "")
    parts = []
    if row.get("slip") and str(row["slip"]) not in message:
        parts.append(esc(row["slip"]))
    if message and (not row.get("counterexample") or message not in _PLAIN):
        parts.append(esc(message))
    if row.get("counterexample"):
        parts.append(counterexample(row["counterexample"]))
    if row.get("reading"):
        parts.append("read: " + esc("; ".join(row["reading"])))
    return "<br>".join(parts)


def _where(row: Mapping) -> str:
    location = row.get("location") or ""
    return esc(location)


def _groups(rows: Sequence[Mapping]) -> list[tuple[str, str, list[Mapping]]]:
    """(source, title, rows) in order of first appearance."""
    out: dict[str, tuple[str, list[Mapping]]] = {}
    for row in rows:
        source = str(row.get("source") or "")
        title = str(row.get("title") or source)
        out.setdefault(source, (title, []))[1].append(row)
    return [(source, title, group) for source, (title, group) in out.items()]


def _count_cells(group: Sequence[Mapping]) -> str:
    tally = {v: 0 for v in VERDICT_ORDER}
    for row in group:
        verdict = str(row.get("verdict") or "")
        tally[verdict] = tally.get(verdict, 0) + 1
    return "".join(f"<td>{tally.get(v, 0)}</td>" for v in VERDICT_ORDER)


def audit_page(rows: Sequence[Mapping], links, shell) -> str:
    """The audit page; rows keep the order given (each document's reading order)."""
    rows = [_plain(r) for r in rows]
    groups = _groups(rows)
    summary = ["<table class=\"audit-summary\"><thead><tr><th>document</th><th>relations</th>"
               + "".join(f"<th>{v}</th>" for v in VERDICT_ORDER)
               + "<th>errata</th></tr></thead><tbody>"]
    for source, title, group in groups:
        summary.append(f"<tr><td><a href=\"#{attr(_anchor(source))}\">{esc(title)}</a></td>"
                       f"<td>{len(group)}</td>{_count_cells(group)}"
                       f"<td>{sum(_erratum(r) for r in group)}</td></tr>")
    summary.append("</tbody></table>")

    errata = [r for r in rows if _erratum(r)]
    errata_html = ["<h2 id=\"errata\">Errata</h2>"]
    if errata:
        errata_html.append("<ol class=\"errata\">")
        for r in errata:
            errata_html.append(
                f"<li><p>{esc(r.get('title') or r.get('source') or '')}, {_where(r)}: "
                f"<span class=\"verdict-{attr(r.get('verdict') or 'other')}\">"
                f"{esc(r.get('verdict') or '')}</span></p>"
                f"{formula(r.get('relation') or r.get('latex'))}"
                f"<p>{_why(r)}</p>"
                + (f"<p>Derived ({_target(r.get('target'), links, 'audit')}):</p>"
                   f"{formula(r.get('correction_latex'))}" if r.get("correction_latex") else "")
                + "</li>")
        errata_html.append("</ol>")
    else:
        errata_html.append("<p>No erratum found.</p>")

    sections = []
    seen: dict[str, int] = {}
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    for source, title, group in groups:
        body_rows = []
        for row in group:
            verdict = str(row.get("verdict") or "")
            cls = f"verdict-{verdict}" if verdict in VERDICT_CLASSES else "verdict-other"
            ident = str(row.get("id") or f"{source}#{row.get('number', '')}")
            seen[ident] = seen.get(ident, 0) + 1
            row_id = "audit-" + re.sub(r"[^A-Za-z0-9_.-]", "-", ident) + (
                f"-{seen[ident]}" if seen[ident] > 1 else "")
            body_rows.append(
                f'<tr id="{attr(row_id)}">'
                f"<td>{formula(row.get('relation') or row.get('latex'))}"
                f"<br><code>{esc(row.get('number') or ident)}</code></td>"
                f"<td>{_where(row)}</td>"
                f"<td>{_target(row.get('target'), links, 'audit')}</td>"
                f'<td class="{attr(cls)}">{esc(verdict)}</td>'
                f"<td>{_why(row)}</td>"
                f"<td>{formula(row.get('correction_latex'))}</td></tr>")
        sections.append(
            f"<h2 id=\"{attr(_anchor(source))}\">{esc(title)}</h2>"
            + (f"<p class=\"meta\">File <code>{esc(source)}</code>.</p>" if source else "")
            + f"<div class=\"scroll\"><table class=\"audit\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body_rows)}</tbody></table></div>")
    body = (
        "<h1>Audit of the source texts</h1>"
        "<p>Every formula of the source texts is found in the text, read (the page says how "
        "the notation was read) and compared with the derived result or the fact about the "
        "method it states, on that result's domain. A formula that differs is shown with a "
        "point where it disagrees and the derived formula.</p>"
        f"<p class=\"meta\">{len(rows)} relations in {len(groups)} documents, "
        f"{len(errata)} errata.</p>"
        + "".join(summary) + "".join(errata_html) + "".join(sections))
    nav = '<a href="index.html">Index</a>'
    return shell("Audit of the source texts", body, nav, wide=True)


def _anchor(source: str) -> str:
    return "doc-" + re.sub(r"[^A-Za-z0-9_-]", "-", source or "document")
