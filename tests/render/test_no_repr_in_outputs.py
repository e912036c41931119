"""No SymPy syntax and no prose artefacts in any generated file.

Every file the build writes for a reader (LaTeX, Markdown, HTML, text) is scanned for
SymPy's own spellings (``Interval.open``, ``Union(``, ``**``, ``oo``, ``Symbol(``) and
for the artefacts of guessing which words are mathematics (``Taylor'$s$``).  The JSON
keeps ``srepr`` on purpose (it is the machine-readable form) and is not scanned.
"""

import re
from pathlib import Path

import pytest

from momentum_sym.render.build import DEFAULT_OUT

ROOT = Path(__file__).resolve().parents[2] / DEFAULT_OUT
READABLE = (".tex", ".md", ".html", ".txt")

#: (what it is, a pattern that finds it)
FORBIDDEN = [
    ("a SymPy set", re.compile(r"\b(Interval\.(open|Lopen|Ropen)|Union\(|FiniteSet\(|EmptySet)")),
    ("a SymPy constructor", re.compile(
        r"\b(Symbol|Eq|Rational|Integer|Piecewise|Abs|Matrix|ImmutableDenseMatrix)\(")),
    ("Python's power operator", re.compile(r"[\w)]\*\*[\w(]")),
    ("SymPy's infinity", re.compile(r"(?<![\w\\])oo\b")),
    ("a result label in typewriter", re.compile(r"\\mathtt\{(alpha|beta|w_star|rate)\}")),
    ("an apostrophe's s typeset as a symbol", re.compile(r"'(\$s\$|𝑠|<math[^>]*><mi>s</mi>)")),
    ("Python's boolean", re.compile(r"at this point: (True|False)")),
]


def _files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*") if p.suffix in READABLE
                  and "audit" not in p.name)  # the audit quotes its documents as written


@pytest.mark.parametrize(("what", "pattern"), FORBIDDEN, ids=[w for w, _ in FORBIDDEN])
def test_no_sympy_syntax_or_artefact(what, pattern):
    files = _files()
    assert files, f"no generated files under {ROOT}"
    found = [f"{path.relative_to(ROOT)}: {match.group(0)!r}"
             for path in files for match in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert not found, f"{what} in {len(found)} places, e.g. {found[:5]}"


@pytest.mark.parametrize(("what", "pattern", "sample"), [
    (w, p, s) for (w, p), s in zip(FORBIDDEN, [
        "Interval.open(0, 4)", "Eq(beta, 1)", "(w + 1)**(-2)", "over (0, oo)",
        r"$\mathtt{beta}$", "Taylor'$s$ theorem", "at this point: True"], strict=True)],
    ids=[w for w, _ in FORBIDDEN])
def test_each_pattern_finds_what_it_names(what, pattern, sample):
    assert pattern.search(sample), what
