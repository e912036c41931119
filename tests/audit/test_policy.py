"""The verdict policy on formulas built to fool it: near misses at many magnitudes,
identities with large cancellations, results that hold on a region, formulas that
begin with a minus sign.  Numeric agreement alone is never "equivalent"."""

import json

import pytest

from momentum_sym import cli
from momentum_sym.audit.compare import check
from tests.audit.conftest import needs_parser

ALPHA = "gd-optimal-step-size.alpha"
RATE = "critical-damping.rate"
COUNT = "effective-gradient-count.count"

CASES = [
    # (description, formula, target, verdict)
    ("exact", r"\frac{2}{\lambda_1+\lambda_n}", ALPHA, "equivalent"),
    ("near miss 1e-100 added", r"\frac{2}{\lambda_1+\lambda_n}+10^{-100}", ALPHA, "different"),
    ("near miss 1e-12 added", r"\frac{2}{\lambda_1+\lambda_n}+10^{-12}", ALPHA, "different"),
    ("near miss times (1 + 1e-35)", r"\frac{1}{1-\beta}(1+10^{-35})", COUNT, "different"),
    ("near miss times (1 - 1e-80)", r"\frac{1}{1-\beta}(1-10^{-80})", COUNT, "different"),
    ("near miss in a power", r"\frac{2}{(\lambda_1+\lambda_n)^{1+10^{-9}}}", ALPHA,
     "different"),
    ("near miss on a radical", r"|1-\sqrt{\alpha\lambda}|+10^{-60}", RATE, "different"),
    ("near miss scaling a radical", r"|1-\sqrt{\alpha\lambda}|(1+10^{-70})", RATE,
     "different"),
    ("cancellation of 10^600", r"\frac{2}{\lambda_1+\lambda_n}+(\lambda_1^2+2\lambda_1"
     r"\lambda_n+\lambda_n^2)^{150}-(\lambda_1+\lambda_n)^{300}", ALPHA, "equivalent"),
    ("cancellation in a square", r"\frac{2}{\lambda_1+\lambda_n}+(\lambda_1-\lambda_n)^{2}"
     r"-\lambda_1^2+2\lambda_1\lambda_n-\lambda_n^2", ALPHA, "equivalent"),
    ("holds for alpha lambda <= 1", r"1 - \sqrt{\alpha\lambda}", RATE, "conditional"),
    ("holds for alpha lambda >= 1", r"\sqrt{\alpha\lambda} - 1", RATE, "conditional"),
    ("minus sign first", r"-1+\sqrt{\alpha\lambda}", RATE, "conditional"),
    ("minus sign first, different", r"-\alpha", ALPHA, "different"),
    ("minus sign first, equivalent", r"-\frac{1}{\beta-1}", COUNT, "equivalent"),
    ("on the result's own domain", r"\frac{1}{2}\sqrt{(1-\alpha\lambda+\beta)^2+|(1-\alpha"
     r"\lambda+\beta)^2-4\beta|}", "momentum-complex-rate.rate", "equivalent"),
]


@needs_parser
@pytest.mark.parametrize(("description", "formula", "target", "verdict"), CASES,
                         ids=[c[0] for c in CASES])
def test_verdict(description, formula, target, verdict):
    result = check(formula, target)
    assert result.verdict == verdict, result.message
    if verdict in ("different", "conditional"):
        assert result.counterexample is not None
        assert result.counterexample.difference  # certified, with its size


@needs_parser
def test_conditional_names_the_part():
    result = check(r"1 - \sqrt{\alpha\lambda}", RATE)
    assert result.condition_latex == r"\alpha \lambda \leq 1"


@needs_parser
def test_a_near_miss_counterexample_states_its_size():
    result = check(r"\frac{2}{\lambda_1+\lambda_n}+10^{-100}", ALPHA)
    assert "1.0e-100 (exact)" in result.counterexample.difference


@needs_parser
@pytest.mark.parametrize(("argv", "code"), [
    (["check", r"-\alpha", "--against", ALPHA], 1),
    (["check", "--against", ALPHA, r"-\alpha"], 1),
    (["check", r"-\frac{1}{\beta-1}", "--against", COUNT, "--format", "json"], 0),
    (["check", r"1 - \sqrt{\alpha\lambda}", "--against", RATE], 1),
])
def test_cli_reads_formulas_that_begin_with_a_minus(argv, code, capsys):
    assert cli.main(argv) == code
    out, err = capsys.readouterr()
    assert "required" not in err and "unrecognized" not in err
    if "json" in argv:
        assert json.loads(out)["verdict"] == "equivalent"
