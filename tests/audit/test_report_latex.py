"""The audit as a chapter of main.tex: counts per document and each erratum typeset,
a source's own macro shown as its source so that it never breaks the book."""

import pytest

from momentum_sym.audit.compare import Counterexample
from momentum_sym.audit.report import _formula_latex, latex_chapter, markdown, text
from momentum_sym.audit.review import Row
from momentum_sym.render.names import escape_text


def _row(number, verdict, relation, **more):
    return Row(source="001_notes.tex", title="Lecture notes", number=number, line=7,
               section="Momentum", before="", latex=relation, relation=relation,
               quantity="", verdict=verdict, message=more.pop("message", ""), **more)


ROWS = [
    _row("1", "equivalent", r"\frac{2}{\lambda_1+\lambda_n}"),
    _row("2", "definition", r"w^{k+1} = w^k - \alpha \nabla f(w^k)"),
    _row("3", "different", r"1-\sqrt{\alpha\lambda}", correction_latex=r"\sqrt{\beta}",
         counterexample=Counterexample({"alpha": "1", "lambda": "4"}, "-1", "1")),
    _row("4", "conditional", r"\mytheorem{x}", condition=r"\alpha \lambda \leq 1",
         message="holds exactly where α λ ≤ 1"),
]


def test_counts_and_errata():
    text = "\n".join(latex_chapter(ROWS, escape_text))
    assert r"\chapter{Audit of the source texts}" in text
    assert r"Lecture notes & 4 & 4 & 1 & 1 & 1 & 0 & 0 & 1 & 2 \\" in text
    assert text.count(r"\item ") == 2
    assert r"As printed: \[1-\sqrt{\alpha\lambda}\]" in text
    assert r"at $\alpha = 1$, $\lambda = 4$: printed $-1$, derived $1$" in text
    assert r"Derived: \[\sqrt{\beta}\]" in text
    assert r"holds where $\alpha \lambda \leq 1$" in text
    assert "α" not in text  # words escaped for LaTeX's text mode


@pytest.mark.parametrize("report", [text, markdown])
def test_the_terminal_and_markdown_state_the_condition_once_in_words(report):
    """The condition's LaTeX is for the typeset chapter; a terminal shows the words."""
    out = report(ROWS)
    assert "holds exactly where α λ ≤ 1" in out
    assert r"holds where \alpha" not in out


@pytest.mark.parametrize(("source", "typeset"), [
    (r"\frac{2}{\mu + L}", True),
    (r"\mathbf{z}_t = (\mathbf{I} - \boldsymbol{\Lambda}) \mathbf{z}_{t-1}", True),
    (r"\mytheorem{x}", False),  # a macro of the text's own
    (r"\frac{1}{2", False),  # unbalanced
    (r"a $ b", False),
    (r"x \# y", False),
])
def test_a_formula_is_typeset_only_when_the_book_knows_its_commands(source, typeset):
    shown = _formula_latex(source, escape_text)
    assert shown.startswith(r"\[") is typeset
    if not typeset:
        assert shown.startswith(r"\texttt{")


def test_no_erratum():
    text = "\n".join(latex_chapter(ROWS[:2], escape_text))
    assert "No erratum was found." in text and r"\begin{enumerate}" not in text


POINTS = [
    # a counterexample's point and values, and how the chapter typesets them
    ("names and numbers", {"alpha": "1/10", "x_{i}^{0}": "-1"}, ("8/625", "4/625"),
     r"at $\alpha = 1/10$, $x_{i}^{0} = -1$: printed $8/625$, derived $4/625$"),
    ("a matrix stays words", {"Q": "[[3/5, -4/5], [4/5, 3/5]]"}, ("0.5", "[[1], [2]]"),
     r"at $Q$ = [[3/5, -4/5], [4/5, 3/5]]: printed $0.5$, derived [[1], [2]]"),
]


@pytest.mark.parametrize(("case", "point", "values", "typeset"), POINTS,
                         ids=[c[0] for c in POINTS])
def test_counterexample_points_typeset(case, point, values, typeset):
    row = _row("3", "different", "x", counterexample=Counterexample(point, *values))
    assert typeset in "\n".join(latex_chapter([row], escape_text))


TEXT_CORRECTIONS = [
    # how the terminal report shows a correction: Unicode first, the LaTeX to paste after
    ("Unicode and LaTeX", {"correction_latex": r"\sqrt{\beta}", "correction_text": "√β"},
     ["      derived: √β", r"        as LaTeX: \sqrt{\beta}"]),
    ("LaTeX only (a catalogue's correction)", {"correction_latex": r"Q^T x"},
     ["      derived: Q^T x"]),
]


@pytest.mark.parametrize(("case", "fields", "lines"), TEXT_CORRECTIONS,
                         ids=[c[0] for c in TEXT_CORRECTIONS])
def test_text_report_corrections(case, fields, lines):
    from momentum_sym.audit.report import text

    row = _row("3", "different", r"1-\sqrt{\alpha\lambda}", **fields)
    report = text([row]).splitlines()
    start = report.index(lines[0])
    assert report[start:start + len(lines)] == lines
    assert not report[start + len(lines)].lstrip().startswith("as LaTeX")
