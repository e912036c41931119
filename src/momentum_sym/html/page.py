"""One HTML page per derivation: setting, numbered checked steps, results, witness."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from momentum_sym.html.display import display
from momentum_sym.html.markup import (
    anchor,
    attr,
    esc,
    href,
    inline,
    page_name,
    prose_html,
    text_html,
)
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport, WitnessReport
from momentum_sym.render import prose
from momentum_sym.render.document import DerivationView, StepView, holds_where, view


@dataclass(frozen=True)
class Target:
    """Where a ``uses`` entry points: a page and an element id (or nothing)."""

    text: str
    page: str | None  # None: the current page
    fragment: str | None
    found: bool


class Links:
    """Resolves ``uses`` entries against the derivations in the book.

    ``other-id.NAME`` names a result of ``other-id`` (``other-id.html#result-NAME``)
    or, failing that, one of its steps (``#step-NAME``); a bare id names a page;
    anything else is a step label of the current derivation (``#step-LABEL``).
    """

    def __init__(self, derivations: Mapping[str, Derivation]):
        self.results = {id: set(d.results) for id, d in derivations.items()}
        self.steps = {id: {s.label for s in d.steps} for id, d in derivations.items()}

    def resolve(self, current: str, use: str) -> Target:
        if use in self.steps.get(current, ()):
            return Target(use, None, anchor("step", use), True)
        if use in self.results:
            return Target(use, page_name(use), None, True)
        id, dot, name = use.rpartition(".")
        if dot and id in self.results:
            page = None if id == current else page_name(id)
            if name in self.results[id]:
                return Target(use, page, anchor("result", name), True)
            if name in self.steps[id]:
                return Target(use, page, anchor("step", name), True)
        return Target(use, None, None, False)

    def link(self, current: str, use: str, text: str | None = None) -> str:
        target = self.resolve(current, use)
        shown = esc(text if text is not None else use)
        if not target.found:
            return f'<span class="missing" title="not in this book">{shown}</span>'
        return f'<a href="{attr(href(target.page, target.fragment))}">{shown}</a>'


def _phrase(step: StepView) -> str:
    out = []
    for is_field, text in prose.phrase_parts(step.phrase):
        if is_field and text in step.fields:
            out.append(inline(step.fields[text]))
        else:
            out.append(esc(text))
    return "".join(out)


def _uses(step: StepView, current: str, links: Links, numbers: Mapping[str, int]) -> str:
    if not step.step.uses:
        return ""
    items = []
    for use in step.step.uses:
        text = f"step {numbers[use]} ({use})" if use in numbers else None
        items.append(links.link(current, use, text))
    return f'<p class="uses">Uses: {", ".join(items)}.</p>'


def _data(step: StepView) -> str:
    out = []
    for line in step.data:
        condition = f" when {inline(line.condition)}" if line.condition is not None else ""
        out.append(f'<div class="data">{esc(line.label)}{condition}: {display(line.expr)}</div>')
    return "".join(out)


def _step(step: StepView, current: str, links: Links, numbers: Mapping[str, int]) -> str:
    s = step.step
    status = step.status
    extra = ""
    if s.assumptions:
        extra = ('<p class="uses">Assuming here: '
                 + ", ".join(inline(a) for a in s.assumptions) + ".</p>")
    return (
        f'<li id="{attr(anchor("step", s.label))}" class="{attr(status)}">'
        f'<div class="step-head"><span class="step-number">Step {step.number}</span>'
        f'<span class="kind">{esc(s.kind.value)}</span>'
        f'<span class="label">{esc(s.label)}</span></div>'
        f'<p class="phrase">{_phrase(step)}:</p>'
        f"{display(step.claim)}"
        f"{_data(step)}"
        f"{extra}"
        f'<p class="reason">{prose_html(s.reason)}</p>'
        f"{_uses(step, current, links, numbers)}"
        f'<p class="check {attr(status)}">Check: {text_html(step.check)}.</p>'
        "</li>"
    )


def _results(v: DerivationView) -> str:
    if not v.results:
        return "<p>This derivation names no results; its steps are the point.</p>"
    rows = []
    for name, value in v.results:
        ident = anchor("result", name)
        rows.append(f'<dt id="{attr(ident)}"><code>{esc(v.derivation.id)}.{esc(name)}</code>'
                    f"</dt><dd>{display(value)}</dd>")
    where = "".join(
        "<p>" + holds_where(names, len(names) == len(v.results), [inline(c) for c in conditions],
                            lambda name: f"<code>{esc(name)}</code>") + "</p>"
        for names, conditions in v.conditions)
    return '<dl class="results">' + "".join(rows) + "</dl>" + where


def _witness(derivation: Derivation, witness: WitnessReport | None) -> str:
    if derivation.witness is None:
        return "<p>No witness: this result is not a statement about running the algorithm.</p>"
    description = witness.description if witness is not None else derivation.witness.description
    out = [f"<p>{prose_html(description)}</p>"]
    if witness is None:
        out.append("<p>Not run for this build.</p>")
        return "".join(out)
    rows = []
    for c in witness.comparisons:
        verdict = ('<span class="passed">agrees</span>' if c.passed
                   else '<span class="not-passed">DISAGREES</span>')
        digits = prose.digits_text(c.digits) if c.digits is not None else "-"
        rows.append(f"<tr><td>{prose_html(c.name)}</td><td>{verdict}</td>"
                    f"<td>{esc(digits)}</td><td>{prose_html(c.detail)}</td></tr>")
    out.append("<table><thead><tr><th>comparison</th><th>outcome</th><th>digits</th>"
               "<th>detail</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    return "".join(out)


def _setting(v: DerivationView) -> str:
    parts = []
    if v.setting:
        items = "".join(f"<li>{esc(f.label)}: {', '.join(inline(e) for e in f.exprs)}</li>"
                        for f in v.setting)
        parts.append(f'<p>Setting:</p><ul class="assumptions">{items}</ul>')
    if v.notation:
        items = "".join(f"<li>{inline(sp.Symbol(symbol))}: {prose_html(meaning)}</li>"
                        for symbol, meaning in v.notation)
        parts.append(f'<p>Notation:</p><ul class="assumptions">{items}</ul>')
    return "".join(parts)


def _status_class(report: DerivationReport | None) -> str:
    if report is None:
        return "unchecked"
    return "proved" if report.passed else "failed"


def derivation_page(derivation: Derivation, report: DerivationReport | None, links: Links,
                    neighbours: tuple[str | None, str | None], shell) -> str:
    """The page of one derivation; ``shell(title, body, nav)`` wraps it in the document."""
    v = view(derivation, report)
    numbers = {s.label: j for j, s in enumerate(derivation.steps, start=1)}
    current = derivation.id
    assumptions = "".join(f"<li>{inline(a)}</li>" for a in v.assumptions)
    uses = ""
    if derivation.uses:
        uses = ('<p class="meta">Builds on: '
                + ", ".join(links.link(current, u) for u in derivation.uses) + ".</p>")
    steps = "".join(_step(s, current, links, numbers) for s in v.steps)
    witness = _witness(derivation, report.witness if report is not None else None)
    body = (
        f"<h1>{esc(derivation.title)}</h1>"
        f'<p class="source">Source: {esc(derivation.source)}</p>'
        f'<p class="meta">Id: <code>{esc(derivation.id)}</code></p>'
        f'<p class="meta status {_status_class(report)}">{esc(v.status)}</p>'
        f"{uses}"
        "<h2>Assumptions</h2>"
        + (f'<ul class="assumptions">{assumptions}</ul>' if assumptions
           else "<p>None beyond the symbols' ranges.</p>")
        + _setting(v)
        + f'<h2>Steps</h2><ol class="steps">{steps}</ol>'
        + f"<h2>Results</h2>{_results(v)}"
        + f"<h2>Witness</h2>{witness}"
        + f'<h2>What this shows</h2><div class="summary"><p>{prose_html(derivation.summary)}'
        "</p></div>"
    )
    previous, following = neighbours
    nav = ['<a href="index.html">Index</a>', '<span class="spacer"></span>']
    if previous is not None:
        nav.append(f'<a href="{attr(href(page_name(previous)))}" rel="prev">'
                   f"&larr; {esc(previous)}</a>")
    if following is not None:
        nav.append(f'<a href="{attr(href(page_name(following)))}" rel="next">'
                   f"{esc(following)} &rarr;</a>")
    return shell(derivation.title, body, "".join(nav))
