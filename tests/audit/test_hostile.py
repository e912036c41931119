"""Hostile and random input: refused quickly with exit code 2, never executed,
never a traceback, always within the time bound."""

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from momentum_sym import cli
from momentum_sym.audit.cli import check_bounded
from tests.audit.conftest import needs_parser

TARGET = "gd-optimal-step-size.rate"
CANARY = Path("/tmp/momentum-sym-audit-canary")

HOSTILE = [
    f"__import__('os').system('touch {CANARY}')",
    f"__import__(\"os\").system(\"touch {CANARY}\")",
    "exec('import os')",
    "lambda: 1",
    r"\input{/etc/passwd}",
    r"\include{/etc/passwd}",
    r"\def\a{\a}\a",
    r"\newcommand{\x}{\x}\x",
    r"\immediate\write18{touch " + str(CANARY) + "}",
    r"\catcode`\^=12 x",
    r"\frac{1}{2",
    r"\left( x",
    "}{",
    "{" * 500 + "}" * 500,
    "x" * 1_000_000,
    r"\alpha" * 100_000,
    r"10^{10^{10^{10}}}",
    r"9^{9^{9}}",
    r"(((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))",
    r"2^{100000000}",
    r"\sqrt{" * 300 + "x" + "}" * 300,
    "\x00\x01",
    "",
    "   ",
]


@needs_parser
@pytest.mark.parametrize("latex", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_refused(latex, capsys):
    CANARY.unlink(missing_ok=True)
    code = cli.main(["check", latex, "--against", TARGET])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("momentum-sym: error:") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err
    assert not CANARY.exists()


LATEX_BITS = st.sampled_from([
    r"\alpha", r"\beta", r"\lambda", r"\lambda_1", r"\lambda_n", r"\kappa", "x_i^0", "k", "i",
    r"\frac{", "}{", "}", "{", "(", ")", r"\left(", r"\right)", "^", "_", "+", "-", "*", "/",
    "=", "<", r"\sqrt{", r"\cdot", r"\!", r"\,", "&", r"\\", "0", "1", "2", "10", "0.5",
    r"\text{", r"\mathbf{", r"\begin{pmatrix}", r"\end{pmatrix}", r"\tfrac", "|", "[", "]",
    r"\star", "'", " ", r"\input", r"\nabla", "9^{9^{9^{9}}}",
])


@needs_parser
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LATEX_BITS, max_size=25).map("".join) | st.text(max_size=60))
def test_random_latex_never_crashes(latex):
    start = time.monotonic()
    verdict = check_bounded(latex, TARGET, timeout=20)
    assert verdict.verdict in ("equivalent", "different", "limit", "unreadable", "undecided")
    assert time.monotonic() - start < 30


@needs_parser
def test_as_a_process_no_traceback():
    import subprocess
    import sys

    CANARY.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "momentum_sym", "check",
         f"__import__('os').system('touch {CANARY}')", "--against", TARGET],
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("momentum-sym: error:")
    assert len(done.stderr.strip().splitlines()) == 1 and not done.stdout
    assert not CANARY.exists()


HEAVY_DOCUMENTS = [
    # a document whose formulas SymPy would spend minutes writing out: the audit reads
    # them outside its bounded workers only as far as that is cheap
    "We write $x = \\lambda (a+b+c+d+e)^{300}$ for the step.\n",
    "The critical momentum of the heavy ball is $\\beta = (1 - \\sqrt{\\alpha\\lambda})^2 + "
    "\\left((1+\\alpha\\lambda)^{2} - 1 - 2\\alpha\\lambda - \\alpha^2\\lambda^2\\right)^{400}$.\n",
]


@needs_parser
@pytest.mark.parametrize("text", HEAVY_DOCUMENTS, ids=range(len(HEAVY_DOCUMENTS)))
def test_an_audit_of_a_heavy_formula_ends_in_its_time(text, tmp_path, capsys):
    document = tmp_path / "notes.md"
    document.write_text("# Notes\n\n" + text)
    start = time.monotonic()
    code = cli.main(["audit", "-q", "--timeout", "2", str(document)])
    assert code in (0, 1)
    assert time.monotonic() - start < 30
    assert "Traceback" not in capsys.readouterr().err
