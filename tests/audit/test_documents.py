"""Finding formulas in documents: every delimiter of every format, with its location,
and refusing what is not text."""

import pytest

from momentum_sym.audit.documents import NotText, format_of, read_bytes, read_path
from momentum_sym.audit.documents.scraped import scan as scraped
from tests.audit.conftest import DOCUMENTS, SEEDS

TEX = r"""\documentclass{article}
\newcommand{\x}{\mathbf{x}}
\title{Notes}
\begin{document}
\section{Intro}
Inline $a = 1$ and \(b = 2\); display \[c = 3\] and $$d = 4$$.
% $commented = out$
\begin{equation}
  e = 5 \label{eq:e}
\end{equation}
\begin{align*}
  f &= 6 \\ g &= 7
\end{align*}
\begin{verbatim}
$not = maths$
\end{verbatim}
\subsection{Macros}
The iterate $\x_k$.
\end{document}
"""

MARKDOWN = r"""---
title: Front matter title
---
# Heading

Prices $5 and $10 are not maths, but $a_1 = 2$ is, and so is \(b\).

$$
c = 3
$$

\begin{align}
d &= 4
\end{align}

A display in a paragraph \[ e = 5 \] and $$f = 6$$ inline.

```python
g = "$not maths$"
```

    $indented code$
"""

HTML = r"""<!doctype html><html><head><title>Page</title>
<script>var x = "$not$";</script><style>.a{}</style></head><body>
<h1>Top</h1>
<p>Distill <dt-math>a = 1</dt-math> and <d-math block>b = 2</d-math>.</p>
<h2>Rendered</h2>
<p><span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>c</mi></mrow>
<annotation encoding="application/x-tex">c = 3</annotation></semantics></math></span>
<span class="katex-html">c = 3</span></span> and
<script type="math/tex; mode=display">d = 4</script> and \(e = 5\) and $$f = 6$$.</p>
<pre><code>$g = 7$</code></pre>
</body></html>
"""

TEXT = """Plain notes

## First part

We have $a = 1$ and

$$b = 2$$

\\begin{align} c &= 3 \\end{align}

Scraped Section Title

fff, we make a step

wk+1=wk\u2212\u03b1\u2207f(wk).w^{k+1} = w^k-\\alpha\\nabla f(w^k).wk+1=wk\u2212\u03b1\u2207f(wk).
"""

CASES = [
    # (file name, content, the formulas in order)
    ("notes.tex", TEX, ["a = 1", "b = 2", "c = 3", "d = 4",
                        "\\begin{equation}\n  e = 5 \\label{eq:e}\n\\end{equation}",
                        "\\begin{align*}\n  f &= 6 \\\\ g &= 7\n\\end{align*}",
                        "\\mathbf{x} _k"]),
    ("page.md", MARKDOWN, ["a_1 = 2", "b", "c = 3", "\\begin{align}\nd &= 4\n\\end{align}",
                           "e = 5", "f = 6"]),
    ("page.html", HTML, ["a = 1", "b = 2", "c = 3", "d = 4", "e = 5", "f = 6"]),
    ("notes.txt", TEXT, ["a = 1", "b = 2", "\\begin{align} c &= 3 \\end{align}", "f",
                         "w^{k+1} = w^k-\\alpha\\nabla f(w^k)."]),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_formula_is_found(name, content, expected):
    document = read_bytes(content.encode("utf-8"), name)
    assert [f.latex for f in document.formulas] == expected


SECTIONS = [
    ("notes.tex", TEX, {"a = 1": "Intro", "\\mathbf{x} _k": "Macros"}),
    ("page.md", MARKDOWN, {"a_1 = 2": "Heading"}),
    ("page.html", HTML, {"a = 1": "Top", "c = 3": "Rendered"}),
    ("notes.txt", TEXT, {"a = 1": "First part", "f": "Scraped Section Title"}),
]


@pytest.mark.parametrize(("name", "content", "sections"), SECTIONS, ids=[c[0] for c in SECTIONS])
def test_sections_lines_and_words_around(name, content, sections):
    document = read_bytes(content.encode("utf-8"), name)
    by_latex = {f.latex: f for f in document.formulas}
    for latex, section in sections.items():
        assert by_latex[latex].section == section
    lines = [f.line for f in document.formulas]
    assert lines == sorted(lines) and lines[0] > 1


def test_location_words_and_lines():
    document = read_bytes(b"# Notes\n\nThe optimum is $w^\\star = A^{-1}b$ here, as said.",
                          "a.md")
    found = document.formulas[0]
    assert (found.line, found.before, found.after) == (3, "The optimum is", "here, as said.")
    assert found.location() == "line 3, Notes: \u201cThe optimum is\u201d"


def test_titles():
    assert read_bytes(TEX.encode(), "a.tex").title == "Notes"
    assert read_bytes(MARKDOWN.encode(), "a.md").title == "Front matter title"
    assert read_bytes(HTML.encode(), "a.html").title == "Page"
    assert read_bytes(b"no title here $x$", "plain.txt").title == "plain.txt"


@pytest.mark.parametrize(("name", "text", "kind"), [
    ("a.tex", "", "tex"), ("a.markdown", "", "markdown"), ("a.htm", "", "html"),
    ("-", "<!DOCTYPE html><html>", "html"), ("-", "\\documentclass{article}", "tex"),
    ("notes", "just $x$", "text"),
])
def test_format_by_suffix_or_content(name, text, kind):
    assert format_of(name, text) == kind


@pytest.mark.parametrize(("data", "says"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    (b"caf\xe9 au lait", "not UTF-8"),
    (b"x" * 4_000_001, "too large"),
    (b"".join(bytes([c]) for c in range(1, 20)) * 3, "control characters"),
])
def test_what_is_not_text_is_refused(data, says):
    with pytest.raises(NotText, match=says):
        read_bytes(data, "file.bin")


def test_missing_file(tmp_path):
    with pytest.raises(NotText, match="no such file"):
        read_path(str(tmp_path / "absent.md"))


def test_a_byte_order_mark_and_windows_lines_are_text():
    document = read_bytes("\ufeffline\r\n$a = 1$\r\n".encode(), "a.md")
    assert [(f.latex, f.line) for f in document.formulas] == [("a = 1", 2)]


@pytest.mark.parametrize(("text", "latex"), [
    # glyphs, LaTeX source, glyphs again: only the source is kept
    ("fff, we make", ["f"]),
    ("150150150 iterates", ["150"]),
    ("\u03bbixik\\lambda_ix^k_i\u03bbixik, and", ["\\lambda_ix^k_i"]),
    ("xk=Q(wk\u2212w\u22c6)\n x^{k} = Q(w^{k} - w^\\star)xk=Q(wk\u2212w\u22c6) and",
     ["x^{k} = Q(w^{k} - w^\\star)"]),
    ("An ordinary line of prose.", []),
    ("aa is not a triple", []),
])
def test_scraped_triples(text, latex):
    assert [s.latex for s in scraped(text)] == latex


def test_the_scraped_article_gives_its_displays():
    document = read_path(str(SEEDS / "001_dca7dfbbfee52c11.txt"))
    displays = [f.latex for f in document.formulas if "\\begin{aligned}" in f.latex]
    assert len(displays) >= 7
    assert document.title == "Why Momentum Really Works"
    assert any(f.section == "The Critical Damping Coefficient" for f in document.formulas)


@pytest.mark.parametrize("name", ["lecture_notes.tex", "blog.md", "distill.html"])
def test_held_out_style_documents_are_read(name):
    document = read_path(str(DOCUMENTS / name))
    assert len(document.formulas) >= 15
    assert all(f.latex and f.line > 0 for f in document.formulas)


BRACES = [
    # (LaTeX source, what the reader of a .tex walks: the same length, braces blanked)
    (r"a $\frac{1}{1-\beta$ b $x=1$", r"a $\frac{1} 1-\beta$ b $x=1$"),
    (r"$x$ and $$\frac{1}{2$$ and $y$", r"$x$ and $$\frac{1} 2$$ and $y$"),
    ("p $\\frac{a\n\nq $z=1$", "p  \\frac a\n\nq $z=1$"),  # no closing dollar in it
    (r"cost \$5 and $\{x\}$", r"cost \$5 and $\{x\}$"),
    ("% $ a comment\n$\\frac{1{2}$ ok", "% $ a comment\n$\\frac 1{2}$ ok"),
    (r"$a$$b$ and $\frac{1}{2}$", r"$a$$b$ and $\frac{1}{2}$"),
]


@pytest.mark.parametrize(("source", "walked"), BRACES)
def test_an_unclosed_brace_ends_with_its_formula(source, walked):
    from momentum_sym.audit.documents.tex import math_braces_closed

    assert math_braces_closed(source) == walked


UNCLOSED = "The rate is $\\frac{1}{1-\\beta$ for small steps.\n\nThen $a = 1$ and $b = 2$.\n"


@pytest.mark.parametrize(("name", "content"), [
    ("notes.tex", "\\section{Rates}\n" + UNCLOSED),
    ("notes.md", "# Rates\n\n" + UNCLOSED),
    ("notes.html", "<h1>Rates</h1><p>" + UNCLOSED.replace("\n\n", "</p><p>") + "</p>"),
])
def test_a_formula_with_an_unclosed_brace_does_not_take_in_the_rest(name, content):
    document = read_bytes(content.encode(), name)
    assert [f.latex for f in document.formulas] == ["\\frac{1}{1-\\beta", "a = 1", "b = 2"]
