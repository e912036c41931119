"""Rich display in Jupyter: a derivation as typeset results and as the HTML book's
page (without checks: displaying must be instant), a report as a short line and an
HTML table.

The kernel's ``Derivation`` can delegate to these::

    def _repr_latex_(self):
        from momentum_sym.render.notebook import repr_latex
        return repr_latex(self)
"""

from __future__ import annotations

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport
from momentum_sym.render import prose
from momentum_sym.render.names import result_latex
from momentum_sym.render.printers import latex


def repr_latex(derivation: Derivation) -> str:
    """The named results as one LaTeX display (what Jupyter shows for ``d``)."""
    if not derivation.results:
        return r"$\text{" + derivation.id + "}$"
    rows = [result_latex(name) + r" &= " + latex(value)
            for name, value in derivation.results.items()]
    return "$$\\begin{aligned}" + r" \\ ".join(rows) + "\\end{aligned}$$"


def repr_markdown(derivation: Derivation) -> str:
    """The derivation as a Markdown page, without check outcomes."""
    from momentum_sym.render.markdown import page

    return page(derivation, None)


#: The few rules a page needs inside a notebook, scoped to it (the notebook keeps its own
#: fonts and colours).
NOTEBOOK_CSS = """
.momentum-sym .check, .momentum-sym .uses, .momentum-sym .meta { font-size: 0.9em; }
.momentum-sym .check.proved, .momentum-sym .status.proved { color: #1c6b33; }
.momentum-sym .check.undecided { color: #8a5a00; }
.momentum-sym .check.failed, .momentum-sym .status.failed { color: #a3162a; }
.momentum-sym .check.given { color: #5b5b66; }
.momentum-sym ol.steps > li { margin-bottom: 1em; }
.momentum-sym .step-head .kind, .momentum-sym .step-head .label { margin-right: 0.6em;
  color: #5b5b66; font-size: 0.85em; }
.momentum-sym dl.results dt { font-weight: bold; }
"""


def _notebook_shell(title: str, body: str, nav: str) -> str:
    """The book's page body in a notebook cell, with a scoped style and no navigation
    (links to other results point into the HTML book, not into the notebook)."""
    return f'<div class="momentum-sym"><style>{NOTEBOOK_CSS}</style>{body}</div>'


def repr_html(derivation: Derivation, report: DerivationReport | None = None) -> str:
    """The derivation as the HTML book's page (MathML; Jupyter renders it as is)."""
    from momentum_sym.html.page import Links, derivation_page

    return derivation_page(derivation, report, Links({derivation.id: derivation}),
                           (None, None), _notebook_shell)


def report_summary(report: DerivationReport) -> str:
    """One line for ``repr(verify(d))``."""
    return (f"<DerivationReport {report.derivation_id}: {prose.status_line(report)}; "
            f"dps {report.dps}, {report.samples} samples, seed {report.seed}>")


def report_html(report: DerivationReport) -> str:
    """A report as an HTML table: each step's status, digits and method; each
    published result's tie; the witness."""
    from momentum_sym.html.markup import esc, text_html

    rows = []
    for r in report.steps:
        status = "failed" if not r.passed else r.symbolic.status.value
        digits = ("-" if r.numeric is None else
                  f"held {r.numeric.held}/{r.numeric.samples}" if r.numeric.digits is None
                  else f"{prose.digits_text(r.numeric.digits)} digits")
        rows.append(f"<tr><td><code>{esc(r.label)}</code></td><td>{esc(status)}</td>"
                    f"<td>{esc(digits)}</td><td>{text_html(r.symbolic.method)}</td></tr>")
    for r in report.results:
        status = "failed" if not r.passed else r.symbolic.status.value
        rows.append(f"<tr><td>result <code>{esc(r.name)}</code></td><td>{esc(status)}</td>"
                    f"<td>-</td><td>from step <code>{esc(r.step)}</code>: "
                    f"{text_html(r.symbolic.method)}</td></tr>")
    if report.witness is not None:
        status = "passed" if report.witness.passed else "failed"
        parts = "; ".join(f"{prose.prose_unicode(c.name)}: {prose.digits_text(c.digits)} digits"
                          for c in report.witness.comparisons)
        rows.append(f"<tr><td>witness</td><td>{esc(status)}</td><td>-</td>"
                    f"<td>{esc(parts)}</td></tr>")
    head = (f"<p><strong>{esc(report.derivation_id)}</strong>: "
            f"{esc(prose.status_line(report))}</p>")
    return (head + "<table><thead><tr><th>step</th><th>symbolic</th><th>numeric</th>"
            "<th>how</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
