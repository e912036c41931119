"""Terminal text (Unicode): the reference view (``show``) and the teaching view
(``explain``)."""

from __future__ import annotations

import shutil
import textwrap

import sympy as sp
from sympy.printing.pretty.stringpict import prettyForm, stringPict

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport
from momentum_sym.kernel.worked import work
from momentum_sym.render import prose
from momentum_sym.render.document import DerivationView, StepView, holds_where, view
from momentum_sym.render.layout import RELATIONS, Display, Row, layout, layout_named
from momentum_sym.render.names import result_unicode
from momentum_sym.render.printers import inline_text, pretty, pretty_form, width

#: Columns for pictures of claims (the terminal is assumed 80 wide).
LIMIT = 72
INLINE_LIMIT = 40
def _terminal_width() -> int:
    """The terminal's width (60 to 120 columns); 78 when the output is not a terminal, so
    that piped and saved text does not depend on the window it was made in."""
    columns = shutil.get_terminal_size((78, 24)).columns
    return max(60, min(120, columns))


WIDTH = _terminal_width()
INDENT = "    "


def _join(*parts: prettyForm | str) -> prettyForm:
    form = None
    for part in parts:
        piece = prettyForm(part) if isinstance(part, str) else part
        form = piece if form is None else prettyForm(*stringPict.next(form, piece))
    return form


def _row_form(row: Row, lead_width: int, has_lead: bool) -> prettyForm:
    parts: list[prettyForm | str] = []
    if row.lead is not None:
        parts.append(result_unicode(row.lead) if isinstance(row.lead, str)
                     else pretty_form(row.lead))
    if row.relation is not None:
        parts.append(f" {RELATIONS[row.relation][1]} " if row.lead is not None
                     else f"{RELATIONS[row.relation][1]} ")
    elif has_lead:
        parts.append(" " * lead_width)
    else:
        parts.append("  " if row.opens_side else "      ")
    for j, term in enumerate(row.terms):
        form = pretty_form(term.magnitude)
        if term.grouped:
            form = prettyForm(*form.parens())
        if term.factor:
            parts += ["⋅" if j else "⋅ ", form]
            continue
        if j == 0 and row.opens_side:
            parts.append("-" if term.negative else "")
        elif j == 0:
            parts.append("- " if term.negative else "+ ")
        else:
            parts.append(" - " if term.negative else " + ")
        parts.append(form)
    return _join(*[p for p in parts if p != ""])


def picture(d: Display) -> str:
    """The Unicode picture of a laid-out claim (several rows if it was broken)."""
    if d.single:
        return pretty(d.claim)
    lead = next((r.lead for r in d.rows if r.lead is not None), None)
    lead_width = 0
    if lead is not None:
        lead_width = (len(result_unicode(lead)) if isinstance(lead, str)
                      else pretty_form(lead).width()) + 3
    rows = [("\n" if r.spaced else "") + _row_form(r, lead_width, lead is not None).render(
        wrap_line=False) for r in d.rows]
    return "\n".join(rows)


def claim_picture(expr: sp.Basic, indent: str = INDENT) -> str:
    return textwrap.indent(picture(layout(expr, LIMIT)), indent, lambda line: True)


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    filled = textwrap.fill(prose.prose_unicode(text, keep_together=True), WIDTH,
                           initial_indent=first or indent, subsequent_indent=indent,
                           break_on_hyphens=False)
    return filled.replace("\u00a0", " ")


def _wrap_plain(text: str, indent: str = "", first: str | None = None) -> str:
    """Wrap text that is already typeset (nothing is guessed)."""
    return textwrap.fill(text, WIDTH, initial_indent=first or indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)


def _phrase(s: StepView) -> str:
    return "".join(inline_text(s.fields[t]) if is_field and t in s.fields else t
                   for is_field, t in prose.phrase_parts(s.phrase))


def _header(v: DerivationView) -> list[str]:
    d = v.derivation
    out = [f"{d.title}  [{d.id}]", _wrap(d.source, "  ", "Source: ")]
    if d.uses:
        out.append("Builds on: " + ", ".join(d.uses))
    out.append("Checks: " + v.status)
    if v.assumptions:
        out.append(textwrap.fill("Assumptions: " + ", ".join(inline_text(a)
                                                                 for a in v.assumptions),
                                 WIDTH, subsequent_indent="  "))
    if v.setting:
        parts, wide = [], []
        for f in v.setting:
            short = [inline_text(e) for e in f.exprs if width(e) <= INLINE_LIMIT]
            wide += [e for e in f.exprs if width(e) > INLINE_LIMIT]
            if short:
                parts.append(f.label + " " + ", ".join(short))
        if parts:
            out.append(textwrap.fill("Setting: " + "; ".join(parts) + (", and" if wide else ""),
                                     WIDTH, subsequent_indent="  "))
        out += [claim_picture(e) for e in wide]
    if v.notation:
        out.append("Notation:")
    for name, meaning in v.notation:
        out.append(_wrap(meaning, "    ", f"  {inline_text(sp.Symbol(name))}: "))
    return out


def _data(s: StepView) -> list[str]:
    out = []
    for line in s.data:
        words = line.label + (f" (when {inline_text(line.condition)})"
                              if line.condition is not None else "")
        out += [INDENT + words + ":", claim_picture(line.expr, INDENT + "  ")]
    return out


def _results(v: DerivationView) -> list[str]:
    if not v.results:
        return []
    out = ["", "Results"]
    for name, value in v.results:
        out.append(textwrap.indent(picture(layout_named(name, value, LIMIT)), "  ",
                                   lambda line: True))
    for names, conditions in v.conditions:
        out.append(_wrap_plain(holds_where(names, len(names) == len(v.results),
                                           [inline_text(c) for c in conditions],
                                           result_unicode), "  "))
    return out


def _witness(v: DerivationView, heading: str) -> list[str]:
    d, report = v.derivation, v.report
    if d.witness is None:
        return []
    out = ["", heading, _wrap(d.witness.description, "  ", "  ")]
    if report is not None and report.witness is not None:
        for c in report.witness.comparisons:
            detail = f" ({prose.prose_unicode(c.detail)})" if c.detail else ""
            verdict = "passed" if c.passed else "FAILED"
            digits = "" if c.digits is None else f"{prose.digits_text(c.digits)} digits, "
            out.append(f"  {prose.prose_unicode(c.name)}: {digits}{verdict}{detail}")
    return out


def show(derivation: Derivation, report: DerivationReport | None = None) -> str:
    """The reference view: every step with its label, kind, claim and check."""
    v = view(derivation, report)
    out = [*_header(v), ""]
    for s in v.steps:
        out.append(f"{s.number:>2}. {s.step.label} ({s.step.kind.value}): {s.status}")
        out.append(claim_picture(s.claim))
        out += _data(s)
        if s.uses:
            out.append(INDENT + "uses " + ", ".join(s.uses))
        out.append(_wrap(prose.text_unicode(s.check), INDENT + "  ", INDENT))
    out += _results(v) + _witness(v, "Witness")
    return "\n".join(out) + "\n"


def explain(derivation: Derivation, report: DerivationReport | None = None,
            numbers: bool = False) -> str:
    """The teaching view: numbered steps, each with its reason, the claim, the check;
    then the results, the algorithm run as a witness, and what this shows.  With
    ``numbers``, each step is also evaluated at one simple point (a hand calculation)."""
    v = view(derivation, report)
    d = derivation
    out = [*_header(v), ""]
    worked = None
    if numbers:
        point, worked_steps = work(derivation)
        worked = {w.label: w for w in worked_steps}
        out += [_wrap("Worked instance: every step below is also evaluated at "
                      + point_text(point) + ".", "  ", ""), ""]
    for s in v.steps:
        out.append(f"Step {s.number}. {_phrase(s)}.  ({s.step.label})")
        out.append(_wrap(s.step.reason, "  ", "  "))
        out.append("")
        out.append(claim_picture(s.claim))
        out += _data(s)
        out.append("")
        if worked is not None:
            out += _numbers(worked[s.step.label])
        if s.uses:
            out.append("  Uses " + ", ".join(s.uses) + ".")
        out.append(_wrap("Check: " + prose.text_unicode(s.check) + ".", "    ", "  "))
        out.append("")
    out += _results(v)[1:]
    out += _witness(v, "The algorithm itself, run in mpmath")
    out += ["", "What this shows", _wrap(d.summary, "  ", "  ")]
    return "\n".join(out) + "\n"


def point_text(point) -> str:
    """``α = 1/10, λ = 2`` for a teaching point."""
    return ", ".join(f"{inline_text(s)} = {inline_text(v)}"
                     for s, v in sorted(point.items(), key=lambda item: item[0].name))


def _numbers(w) -> list[str]:
    """The worked numbers of one step: the substitution, the claim with the numbers put
    in (when it fits on the screen), and what the numbers show."""
    heading = prose.worked_heading(w)
    if heading is None:
        return []
    lines = [_wrap_plain(prose.text_unicode(heading) + ":", "  ", "  ")]
    if w.left is not None and width(w.claim) <= WIDTH - 6:
        lines.append(claim_picture(w.claim, "    "))
    if w.outcome:
        lines.append(_wrap_plain("→ " + prose.text_unicode(w.outcome) + ".", "      ", "    "))
    return [*lines, ""]
