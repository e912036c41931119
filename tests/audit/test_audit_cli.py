"""``momentum-sym audit FILE...``: any document, standard input, bad input refused in one
line with exit 2, an erratum gives exit 1 like a linter, output deterministic."""

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

from momentum_sym import cli
from tests.audit.conftest import DOCUMENTS, needs_parser

CLEAN = """# Notes

Gradient descent $w^{k+1} = w^k - \\alpha\\nabla f(w^k)$ on $f(w) = \\tfrac12 w^TAw - b^Tw$
has $\\nabla f(w) = Aw - b$ and optimum $w^\\star = A^{-1}b$.
The best step is $\\alpha = \\frac{2}{\\lambda_1 + \\lambda_n}$.
"""

CANARY = Path("/tmp/momentum-sym-audit-document-canary")
HOSTILE = f"""# Hostile

$\\input{{/etc/passwd}}$ and $\\immediate\\write18{{touch {CANARY}}}$ and
$__import__('os').system('touch {CANARY}')$ and $x^{{10^{{10^{{10}}}}}} = 1$ and
$\\def\\a{{\\a}}\\a$ and ${"x+" * 1500}x$ and $\\frac{{1}}{{$ and the optimum
$w^\\star = A^{{-1}}b + 2^{{100000000}}$.
"""


def _run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@needs_parser
def test_a_clean_document_exits_0(tmp_path, capsys):
    path = tmp_path / "clean.md"
    path.write_text(CLEAN, encoding="utf-8")
    code, out, _ = _run(["audit", str(path)], capsys)
    assert code == 0
    assert "errata: 0" in out and "equivalent 3" in out


@needs_parser
def test_errata_exit_1_in_every_format(capsys):
    path = str(DOCUMENTS / "blog.md")
    code, text, _ = _run(["audit", path], capsys)
    assert code == 1 and "errata: 3" in text
    code, markdown, _ = _run(["audit", path, "--format", "markdown"], capsys)
    assert code == 1 and "## Errata" in markdown and "| Momentum, explained" in markdown
    code, data, _ = _run(["audit", path, "--format", "json"], capsys)
    report = json.loads(data)
    assert code == 1 and report["errata"] == 3
    (document,) = report["documents"]
    assert document["title"] == "Momentum, explained with one eigenvalue"
    assert document["readings"] and len(document["rows"]) == document["relations"]
    _, again, _ = _run(["audit", path, "--format", "json"], capsys)
    assert again == data  # deterministic


@needs_parser
def test_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.encode())))
    code, out, _ = _run(["audit", "-"], capsys)
    assert code == 0 and out.startswith("Notes (standard input)\n")


@pytest.mark.parametrize(("setup", "says"), [
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "not a text file"),
    (lambda p: p.write_bytes(b"caf\xe9"), "not UTF-8"),
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "a folder; give the files in it"),
    (lambda p: os.mkfifo(p), "not a regular file"),  # never waits for a writer
])
def test_what_is_not_text_exits_2_in_one_line(tmp_path, capsys, setup, says):
    path = tmp_path / "input.md"
    setup(path)
    code, out, err = _run(["audit", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("momentum-sym: error:") and says in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_files_and_source_together_are_refused(capsys):
    code, _, err = _run(["audit", "x.md", "--source", "001"], capsys)
    assert code == 2 and "not both" in err


@needs_parser
def test_hostile_formulas_in_a_document_are_never_run(tmp_path, capsys):
    CANARY.unlink(missing_ok=True)
    path = tmp_path / "hostile.md"
    path.write_text(HOSTILE, encoding="utf-8")
    start = time.monotonic()
    code, out, err = _run(["audit", str(path), "--format", "json"], capsys)
    assert time.monotonic() - start < 120
    assert code in (0, 1) and "Traceback" not in out + err
    rows = json.loads(out)["documents"][0]["rows"]
    assert len(rows) >= 8 and all(r["verdict"] for r in rows)
    assert not CANARY.exists()
    optimum = [r for r in rows if r["relation"].startswith("w^\\star")]
    assert optimum and optimum[0]["verdict"] == "unreadable"


@needs_parser
def test_time_bounds_per_file_and_per_comparison(tmp_path):
    from momentum_sym.audit.documents import read_path
    from momentum_sym.audit.review import audit_document

    path = tmp_path / "clean.md"
    path.write_text(CLEAN, encoding="utf-8")
    document = read_path(str(path))
    out_of_time = audit_document(document, budget=0)
    assert {r.verdict for r in out_of_time.rows} == {"unreadable"}
    assert all("time budget" in r.message for r in out_of_time.rows)
    hurried = audit_document(document, timeout=1e-6)
    checked = [r for r in hurried.rows if r.target]
    # read, but neither proved nor refuted in time: undecided, never "unreadable"
    assert checked and all(r.verdict == "undecided" and "gave up" in r.message
                           for r in checked)


@pytest.mark.parametrize(("format", "expected", "absent"), [
    ("text", ["0 formulas, 0 relations\n", "totals: 0 relations; errata 0"], ["relations: "]),
    ("markdown", ["0 formulas, 0 relations.", "No erratum found."], ["| # | line"]),
])
def test_a_document_without_formulas_says_so(tmp_path, capsys, format, expected, absent):
    """No relations: the counts say 0, with no empty tally and no table without rows."""
    path = tmp_path / "prose.md"
    path.write_text("Only words here.\n", encoding="utf-8")
    code, out, _ = _run(["audit", str(path), "--format", format], capsys)
    assert code == 0
    assert all(e in out for e in expected) and not any(a in out for a in absent)
