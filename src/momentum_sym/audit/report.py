"""The audit as text, Markdown and JSON: a summary per document (counts, the errata with
their corrections), then every relation with its verdict.

Rendering only: the verdicts come from :mod:`momentum_sym.audit.review`.  The output
depends on nothing but the rows (no times, no paths beyond the file names), so the same
audit prints the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from momentum_sym.audit.review import VERDICTS, DocumentAudit, Row, counts
from momentum_sym.render.names import latex_name, unicode_name

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
    point = ", ".join(f"{unicode_name(k)} = {v}" for k, v in c.point.items())
    return f"at {point}: printed {c.formula_value}, derived {c.derived_value}"


#: Messages that say no more than the verdict and its counterexample.
_PLAIN = ("differs at a point of the domain", "fails on a generic instance")


def _why(row: Row) -> str:
    # the condition is LaTeX, for the typeset chapter; the message already says it in words
    return "; ".join(text for kind, text in _why_parts(row) if kind != "condition")


def _why_parts(row: Row) -> list[tuple[str, str]]:
    """Why a row is an erratum, as (kind, text) parts: "words", "point" (where the
    printed and derived values differ) and "condition" (where it holds)."""
    parts = [("words", row.slip)] if row.slip and row.slip not in row.message else []
    if row.message and (not row.counterexample or row.message not in _PLAIN):
        parts.append(("words", row.message))
    parts.append(("point", _point(row)))
    if row.condition and row.condition not in row.message:
        parts.append(("condition", f"holds where {row.condition}"))
    return [(kind, text) for kind, text in parts if text]


def _relations(rows: Sequence[Row], before: str = ": ", after: str = "") -> str:
    """"3 relations" and, when there are any, how many got each verdict, between
    ``before`` and ``after``: "3 relations: 2 equivalent, 1 different"."""
    tally = ", ".join(f"{v} {n}" for v, n in counts(rows).items())
    return f"{len(rows)} relations" + (f"{before}{tally}{after}" if tally else "")


# -- text -----------------------------------------------------------------------------


def text(audits: Iterable[DocumentAudit | Row]) -> str:
    """The terminal report."""
    lines: list[str] = []
    everything: list[Row] = []
    for s in summaries(audits):
        everything += s.rows
        lines.append(s.name if s.title in ("", s.name) else f"{s.title} ({s.name})")
        lines.append(f"  {s.formulas} formulas, {_relations(s.rows)}")
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
            if r.correction_text:  # as check prints it: Unicode, then the LaTeX to paste
                lines.append(f"      derived: {r.correction_text}")
                lines.append(f"        as LaTeX: {' '.join((r.correction_latex or '').split())}")
            elif r.correction_latex:
                lines.append(f"      derived: {' '.join(r.correction_latex.split())}")
        for r in s.rows:
            target = r.target or "-"
            lines.append(f"  {r.number:>5} l.{r.line:<4} {r.verdict:11} {target:34} "
                         f"{' '.join(r.relation.split())[:70]}")
            lines.append(f"{'':19}{r.message}")
            for reading in r.reading:
                lines.append(f"{'':19}reading: {reading}")
        lines.append("")
    lines.append(f"totals: {_relations(everything)}; errata "
                 f"{sum(r.erratum for r in everything)}")
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
                  f"{_relations(s.rows, ' (', ')')}.", ""]
        if s.readings:
            lines += ["Readings of the notation:", ""]
            lines += [f"- {reading}" for reading in s.readings]
            lines.append("")
        if s.notes:
            lines += [f"- {note}" for note in s.notes]
            lines.append("")
        if s.rows:  # a header with no rows would print as an empty table
            lines += ["| # | line | section | relation | verdict | compared with | why |",
                      "|---|---|---|---|---|---|---|"]
        for r in s.rows:
            why = _why(r) if r.erratum else r.message
            if r.reading:
                why += " (read: " + "; ".join(r.reading) + ")"
            lines.append(f"| {r.number} | {r.line} | {_cell(r.section)} | {_code(r.relation)} | "
                         f"{r.verdict} | {r.target or ''} | {_cell(why)} |")
    return "\n".join(lines) + "\n"


# -- LaTeX (a chapter of main.tex) ------------------------------------------------------

#: Commands a formula printed in a source text may use to be typeset as it is printed:
#: those of LaTeX and amsmath that the book's preamble has.  Anything else is shown as
#: its source in typewriter, so that a text's own macro never breaks the book.
_TYPESET = frozenset((
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
    "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "frac", "dfrac", "tfrac", "sqrt",
    "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "cdot", "cdots", "ldots",
    "dots", "times", "sum", "prod", "nabla", "partial", "star", "ast", "top", "mathbf",
    "boldsymbol", "mathrm", "mathcal", "text", "operatorname", "max", "min", "sup", "inf",
    "lim", "log", "exp", "le", "leq", "ge", "geq", "ne", "neq", "approx", "sim", "in", "to",
    "infty", "pm", "mp", "quad", "qquad", "langle", "rangle", "vert", "Vert", "mid"))
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_OTHER_ESCAPES = re.compile(r"\\[^A-Za-z{}|,;! ]")


def _formula_latex(source: str, escape: Callable[[str], str]) -> str:
    """A formula as the text prints it: displayed when every command is one the book
    knows and its braces balance, else its source in typewriter."""
    source = " ".join(source.split())
    safe = (source.count("{") == source.count("}") and "$" not in source
            and not _OTHER_ESCAPES.search(source)
            and all(c in _TYPESET for c in _COMMAND.findall(source)))
    return r"\[" + source + r"\]" if safe else r"\texttt{" + escape(source) + "}"


_CHAPTER_INTRO = (
    r"Every formula of the source texts was found in the text, read, and compared with "
    r"the derived results (\texttt{momentum-sym audit}). A relation is "
    r"\emph{equivalent} when it is proved equal to a derived result on its domain, "
    r"\emph{different} when a point is found where the two certainly differ, "
    r"\emph{conditional} when it holds on a stated part of the domain only, "
    r"\emph{limit} when it holds only in a limit, and \emph{undecided} when only numbers "
    r"agree. Definitions, symbols named in passing and unreadable formulas are counted as "
    r"\emph{other}; \texttt{audit.md} and the HTML book list every relation with its "
    r"verdict and how its notation was read.")
_COLUMNS = ("equivalent", "different", "conditional", "limit", "undecided")


def _why_latex(row: Row, escape: Callable[[str], str]) -> str:
    """:func:`_why` for LaTeX: words escaped; the point's names and numbers and the
    condition (printed by the engine's own LaTeX printer) typeset."""
    out = []
    for kind, text in _why_parts(row):
        if kind == "point":
            out.append(_point_latex(row, escape))
        elif kind == "condition":
            out.append("holds where $" + str(row.condition) + "$")
        else:
            out.append(escape(text))
    return "; ".join(out)


_NUMBER = re.compile(r"^-?\d+(?:/\d+|\.\d+)?$")


def _point_latex(row: Row, escape: Callable[[str], str]) -> str:
    """:func:`_point` with each name typeset ($\\lambda_{i}$ for lambda_{i}) and each
    plain number too; a matrix or an expression stays as the words it is."""
    c = row.counterexample
    if c is None:
        return ""

    typeset = getattr(c, "latex", None) or {}

    def value(key: str, text: str) -> str:
        if key in typeset:
            return f"${typeset[key]}$"
        return f"${text}$" if _NUMBER.match(text) else escape(text)

    point = ", ".join(f"${latex_name(k)} = {v}$" if _NUMBER.match(v) else
                      f"${latex_name(k)} = {typeset[k]}$" if k in typeset else
                      f"${latex_name(k)}$ = {escape(v)}" for k, v in c.point.items())
    return (f"at {point}: printed {value('formula', c.formula_value)}, "
            f"derived {value('derived', c.derived_value)}")


def latex_chapter(audits: Iterable[DocumentAudit | Row],
                  escape: Callable[[str], str]) -> list[str]:
    """The audit of the bundled texts as an appendix chapter of ``main.tex``: the counts
    per document, then each erratum with where it is, what it claims, why it is wrong
    and what was derived.  ``escape`` makes words safe for LaTeX's text mode."""
    parts = summaries(audits)
    out = [r"\chapter{Audit of the source texts}", _CHAPTER_INTRO, "",
           r"{\footnotesize\setlength{\tabcolsep}{2.5pt}",
           r"\begin{longtable}{@{}>{\raggedright\arraybackslash}p{0.18\linewidth}rr"
           + "r" * len(_COLUMNS) + "rr@{}}",
           r"\toprule",
           "document & formulas & relations & " + " & ".join(_COLUMNS)
           + r" & other & errata \\", r"\midrule", r"\endhead"]
    for summary in parts:
        tally = counts(summary.rows)
        other = len(summary.rows) - sum(tally.get(c, 0) for c in _COLUMNS)
        cells = (escape(summary.title), str(summary.formulas), str(len(summary.rows)),
                 *(str(tally.get(c, 0)) for c in _COLUMNS), str(other),
                 str(sum(r.erratum for r in summary.rows)))
        out.append(" & ".join(cells) + r" \\")
    out += [r"\bottomrule", r"\end{longtable}}", "", r"\section*{Errata}"]
    errata = [r for s in parts for r in s.rows if r.erratum]
    if not errata:
        return [*out, "No erratum was found.", ""]
    out.append(r"\begin{enumerate}")
    for r in errata:
        where = f"{r.title}, line {r.line}" + (f", {r.section}" if r.section else "")
        out += [r"\item " + escape(where) + f" (\\emph{{{escape(r.verdict)}}}).", "",
                r"\noindent As printed: " + _formula_latex(r.relation, escape), "",
                r"\noindent Why: " + _why_latex(r, escape) + "."]
        if r.correction_latex:
            out += ["", r"\noindent Derived: \[" + " ".join(r.correction_latex.split()) + r"\]"]
        out.append("")
    return [*out, r"\end{enumerate}", ""]


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
