"""The HTML book without a browser: determinism, completeness, links, markup."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sympy as sp

from momentum_sym import get
from momentum_sym.html import render_book, write_book
from momentum_sym.html.audit import counterexample, formula
from momentum_sym.html.markup import prose_html, write_atomic
from momentum_sym.html.mathml import math, mathml_body
from momentum_sym.html.page import Links
from momentum_sym.html.texmath import Unreadable, tex_to_mathml
from tests.html.conftest import AUDIT_ROWS

VOID = {"meta", "link", "br", "img", "hr", "input", "col", "wbr", "source", "area", "base"}


class Page(HTMLParser):
    """Ids, links and tag balance of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag == "title":
            self._in_title = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(scope="module")
def book(registered, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book")
    write_book(out, registered, list(AUDIT_ROWS))
    return out / "html"


def test_two_builds_are_byte_identical(registered, book, tmp_path):
    write_book(tmp_path, registered, list(AUDIT_ROWS))
    again = tmp_path / "html"
    names = sorted(p.name for p in book.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (book / name).read_bytes() == (again / name).read_bytes(), name
    # a rebuild into the same folder leaves every file as it was and no temporaries
    before = {p.name: p.stat().st_mtime_ns for p in again.iterdir()}
    write_book(tmp_path, registered, list(AUDIT_ROWS))
    assert {p.name: p.stat().st_mtime_ns for p in again.iterdir()} == before


BUILD_UNCHECKED = """
import sys
from momentum_sym import get, ids
from momentum_sym.html import write_book
write_book(sys.argv[1], [(get(i), None) for i in ids()])
"""


def test_builds_in_fresh_processes_are_byte_identical(tmp_path):
    """No dependence on hash seeds, caches or the order things were first made."""
    folders = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", BUILD_UNCHECKED, str(out)], env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        folders.append(out / "html")
    first, second = folders
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_every_result_has_a_page_listed_in_registry_order(registered, book):
    index = (book / "index.html").read_text(encoding="utf-8")
    positions = []
    for d, _report in registered:
        page = book / f"{d.id}.html"
        assert page.is_file(), d.id
        text = page.read_text(encoding="utf-8")
        assert parse(text).title == d.title
        assert f'href="{d.id}.html"' in index
        positions.append(index.index(f'href="{d.id}.html"'))
        for step in d.steps:
            assert f'id="step-{step.label}"' in text, (d.id, step.label)
        for name in d.results:
            assert f'id="result-{name}"' in text, (d.id, name)
        assert re.search(r"What this shows", text)
    assert positions == sorted(positions)
    assert {p.name for p in book.glob("*.html")} == {
        "index.html", "audit.html", *(f"{d.id}.html" for d, _ in registered)}


def test_every_uses_entry_resolves(registered):
    links = Links({d.id: d for d, _ in registered})
    missing = [(d.id, s.label, use) for d, _ in registered for s in d.steps for use in s.uses
               if not links.resolve(d.id, use).found]
    missing += [(d.id, "-", use) for d, _ in registered for use in d.uses
                if not links.resolve(d.id, use).found]
    assert not missing


def test_links_from_uses_point_at_existing_elements(registered, book):
    pages = {p.name: parse(p.read_text(encoding="utf-8")) for p in book.glob("*.html")}
    for name, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, (name, link)  # relative only
            target = unquote(parts.path) or name
            assert target in pages, (name, link)
            if parts.fragment:
                assert unquote(parts.fragment) in pages[target].ids, (name, link)
    # the uses of each step appear as links to those targets
    for d, _ in registered:
        text = (book / f"{d.id}.html").read_text(encoding="utf-8")
        for step in d.steps:
            for use in step.uses:
                other, dot, _name = use.rpartition(".")
                if dot and other != d.id and other in {e.id for e, _ in registered}:
                    assert f'href="{other}.html#' in text, (d.id, use)


def test_pages_are_well_formed_html5(book):
    for path in sorted(book.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!doctype html>\n<html lang=\"en\">"), path.name
        assert '<meta charset="utf-8">' in text
        page = parse(text)
        assert page.title, path.name
        assert not page.errors, (path.name, page.errors[:5])
        assert not page.stack, (path.name, page.stack)
        assert ids_unique(page.ids), path.name
        assert "script" not in page.tags, path.name
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text), path.name
        assert "@import" not in text and "url(" not in text
    css = (book / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def ids_unique(ids: list[str]) -> bool:
    return len(ids) == len(set(ids))


def test_no_timestamps_or_paths_in_pages(book, tmp_path):
    for path in book.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"20\d\d-\d\d-\d\d", text), path.name
        assert str(book.parent) not in text and "/tmp" not in text, path.name


def test_stale_pages_are_removed_and_no_temporaries_left(registered, tmp_path):
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "retired-result.html").write_text("old", encoding="utf-8")
    (folder / "notes.txt").write_text("kept", encoding="utf-8")
    write_book(tmp_path, registered[:2])
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["index.html", "style.css", "notes.txt",
                            *(f"{d.id}.html" for d, _ in registered[:2])])
    assert not (folder / "audit.html").exists()


def test_write_atomic_replaces_and_reports_unchanged(tmp_path):
    path = tmp_path / "a.html"
    assert write_atomic(path, "one")
    assert not write_atomic(path, "one")
    assert write_atomic(path, "two")
    assert path.read_text(encoding="utf-8") == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_unverified_derivations_render_as_not_checked():
    d = get("quadratic-optimum")
    files = render_book([(d, None)])
    assert "not checked" in files["quadratic-optimum.html"]
    assert "Not run for this build" in files["quadratic-optimum.html"]


def test_pairs_must_match_and_ids_be_unique(registered):
    (a, report_a), (b, _) = registered[0], registered[1]
    with pytest.raises(ValueError):
        render_book([(b, report_a)])
    with pytest.raises(ValueError):
        render_book([(a, None), (a, None)])


def test_dangling_uses_are_marked_not_linked(registered):
    links = Links({d.id: d for d, _ in registered})
    assert links.resolve("quadratic-optimum", "no-such-result.x").found is False
    assert 'class="missing"' in links.link("quadratic-optimum", "no-such-result.x")
    target = links.resolve("gd-eigen-decoupling", "quadratic-optimum.w_star")
    assert (target.page, target.fragment) == ("quadratic-optimum.html", "result-w_star")


# -- MathML ----------------------------------------------------------------------------

W_NEXT = sp.MatrixSymbol("w^{k+1}", 3, 1)
W_STAR = sp.MatrixSymbol(r"w^{\star}", 3, 1)


def test_scripted_names():
    assert mathml_body(W_NEXT) == "<msup><mi>w</mi><mrow><mi>k</mi><mo>+</mo><mn>1</mn>" \
                                  "</mrow></msup>"
    assert mathml_body(W_STAR) == "<msup><mi>w</mi><mo>&#8902;</mo></msup>"
    assert mathml_body(sp.Symbol("lambda_1")) == "<msub><mi>&#955;</mi><mn>1</mn></msub>"
    assert mathml_body(sp.Symbol("x_i^k")) == ("<msubsup><mi>x</mi><mi>i</mi><mi>k</mi>"
                                               "</msubsup>")


@pytest.mark.parametrize(("name", "operator"), [
    ("\\sum_{i}", "<msub><mo>&#8721;</mo><mi>i</mi></msub>"),
    ("\\prod_{j}^{k}", "<msubsup><mo>&#8719;</mo><mi>j</mi><mi>k</mi></msubsup>"),
])
def test_a_large_operator_in_prose_is_typeset_with_its_scripts(name, operator):
    # prose's "sum_i (...)" is read as a function named \sum_{i}: never its raw LaTeX
    printed = mathml_body(sp.Function(name)(sp.Symbol("x")))
    assert printed.startswith("<mrow>" + operator) and "\\" not in printed


def test_indexed_and_components():
    i = sp.Symbol("i", integer=True)
    assert mathml_body(sp.IndexedBase("x^k")[i]) == ("<msubsup><mi>x</mi><mi>i</mi><mi>k</mi>"
                                                     "</msubsup>")
    assert mathml_body(sp.IndexedBase("lambda")[i]) == "<msub><mi>&#955;</mi><mi>i</mi></msub>"
    assert mathml_body(sp.MatrixSymbol("x^k", 3, 1)[i, 0]) == mathml_body(
        sp.IndexedBase("x^k")[i])
    squared = mathml_body(sp.IndexedBase("x^k")[i] ** 2)
    assert squared.startswith('<msup><mrow><mo stretchy="false">(</mo><msubsup>')


def test_matrices_sums_and_operators():
    a, b = sp.symbols("alpha beta")
    matrix = mathml_body(sp.Matrix([[b, 1], [-a * b, 1 - a]]))
    assert matrix.count("<mtr>") == 2 and matrix.count("<mtd>") == 4
    assert "<mo>[</mo><mtable>" in matrix
    assert mathml_body(sp.Matrix([[a]])) == mathml_body(a)
    k, n = sp.symbols("k n", integer=True)
    total = mathml_body(sp.Sum(sp.Indexed("lambda", k), (k, 1, n)))
    assert "<munderover><mo>&#x2211;</mo>" in total
    q = sp.MatrixSymbol("Q", 3, 3)
    assert mathml_body(q.T) == '<msup><mi>Q</mi><mi mathvariant="normal">T</mi></msup>'
    assert mathml_body((W_STAR).T).startswith('<msup><mrow><mo stretchy="false">(</mo>')
    assert mathml_body(sp.Identity(3)) == "<mi>I</mi>"
    assert mathml_body(1 - a * b) == ("<mrow><mn>1</mn><mo>&#8722;</mo><mrow><mi>&#945;</mi>"
                                      "<mo>&InvisibleTimes;</mo><mi>&#946;</mi></mrow></mrow>")
    less = mathml_body(sp.And(sp.Lt(0, a), sp.Lt(a, 2)))
    assert "<mo>&lt;</mo>" in less and "<" not in less.replace("<m", "").replace("</m", "")


def test_math_is_wrapped_for_browsers():
    assert math(sp.Symbol("alpha")) == '<math display="block"><mi>&#945;</mi></math>'


def test_prose_notation_is_typeset_and_text_escaped():
    out = prose_html("so `w* = A^{-1} b` & the rest <here>")
    assert "<math display=\"inline\">" in out
    assert "&amp; the rest &lt;here&gt;" in out


# -- audit -----------------------------------------------------------------------------


def test_tex_formulas_translate_or_refuse():
    body = tex_to_mathml(r"\beta = \left(1 - \sqrt{\alpha\lambda}\right)^2")
    assert "<msqrt>" in body and "<mi>β</mi>" in body
    assert "<mfrac>" in tex_to_mathml(r"$\frac{2}{\lambda_1+\lambda_n}$")
    for bad in (r"\begin{tabular} a \end{tabular}", r"a & b", r"\frac{1}{", r"x^2^3",
                r"\unknowncommand x", "}", "x" * 3000):
        with pytest.raises(Unreadable):
            tex_to_mathml(bad)
    assert "&lt;" in tex_to_mathml(r"a < b")


def test_audit_cells():
    assert formula(r"\alpha").startswith('<math display="block">')
    assert formula(r"\begin{x}<y>") == r'<code class="latex">\begin{x}&lt;y&gt;</code>'
    assert formula(None) == "" and formula("") == ""
    cell = counterexample({"point": {"beta": "0.5", "alpha": "1/10", "x_{i}^{0}": "-1"},
                           "formula_value": "0.3", "derived_value": "0.4"})
    # sorted by name, each name as one line of mathematics (α, not alpha; xᵢ⁰, not x_{i}^{0})
    assert cell.index("α") < cell.index("β") < cell.index("xᵢ⁰") and "formula value" in cell
    assert "alpha" not in cell and "x_{i}" not in cell
    assert counterexample(None) == ""


def test_audit_page_links_targets(registered, book):
    text = (book / "audit.html").read_text(encoding="utf-8")
    assert 'href="gd-optimal-step-size.html#result-alpha"' in text
    assert 'class="verdict-different"' in text
    assert "<code class=\"latex\">" in text  # the bmatrix row falls back to code
    assert text.count("<tr id=") == len(AUDIT_ROWS)


def test_tex_environments_fonts_and_limits():
    rows = tex_to_mathml(r"\begin{aligned} a &= b \\ &= c \end{aligned}")
    assert rows.count("<mtr>") == 2 and '<mtd class="r">' in rows and '<mtd class="l">' in rows
    matrix = tex_to_mathml(r"\begin{bmatrix} 1 & -\beta \\ \alpha & 1 \end{bmatrix}")
    assert matrix.startswith("<mrow><mrow><mo>[</mo><mtable>") and matrix.count("<mtd") == 4
    cases = tex_to_mathml(r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert "<mo>{</mo>" in cases and "<mtext>otherwise</mtext>" in cases
    assert tex_to_mathml(r"\frac12") == "<mrow><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow>"
    assert "<mi>ℝ</mi>" in tex_to_mathml(r"\mathbb{R}^n")
    assert "<mi>𝐳</mi>" in tex_to_mathml(r"\mathbf{z}")
    assert "<munderover><mo>∑</mo>" in tex_to_mathml(r"\sum\limits_{i=1}^n x_i")
    assert "<msubsup><mo>∑</mo>" in tex_to_mathml(r"\sum\nolimits_{i=1}^n x_i")
    assert "<mo>−</mo>" in tex_to_mathml("a - b")
    for bad in (r"\begin{tabular} a \end{tabular}", r"\begin{aligned} a \end{cases}"):
        with pytest.raises(Unreadable):
            tex_to_mathml(bad)


def test_source_catalogue_formulas_translate_or_are_refused():
    catalogue = pytest.importorskip("momentum_sym.audit.catalogue")
    formulas = [f.latex for d in catalogue.bundled_documents() for f in d.formulas
                if f.latex.strip()]
    read = 0
    for latex in formulas:
        try:
            body = tex_to_mathml(latex)
        except Unreadable:
            continue
        read += 1
        assert parse(f"<math>{body}</math>").errors == [], latex
    assert read >= 0.9 * len(formulas), (read, len(formulas))


def test_prose_roots_functions_and_brackets():
    out = prose_html("`s = sqrt(alpha)` and `det(R) = beta`, `sqrt kappa`")
    assert "<msqrt><mi>&#945;</mi></msqrt>" in out
    assert "det" in out
    assert "<msqrt><mi>&#954;</mi></msqrt>" in out
    assert "sqrt" not in prose_html("the word sqrt in a sentence stays a word").replace(
        "the word sqrt", "")
