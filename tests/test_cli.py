"""The command line, in process (``momentum_sym.cli.main``) and as a process."""

import gc
import json
import subprocess
import sys

import pytest
import sympy as sp
from sympy.core.parameters import evaluate

import momentum_sym
from momentum_sym import cli
from tests.corrupt import flip_sign, replace_step

QUICK = ["--dps", "20", "--samples", "2"]
FIRST = "quadratic-optimum"

BAD_INPUT = [
    # argv, what the message says
    (["frobnicate"], "invalid choice"),
    (["show", "nope"], "unknown result id 'nope'"),
    (["show", "quadratic-optimun"], "did you mean 'quadratic-optimum'"),
    (["explain", "nope"], "unknown result id"),
    (["show", FIRST, "--format", "html5"], "--format"),
    (["verify", "--dps", "0"], "--dps"),
    (["verify", "--dps", "-3"], "--dps"),
    (["verify", "--dps", "14"], "between 15 and 1000"),
    (["verify", "--dps", "1001"], "between 15 and 1000"),
    (["verify", "--dps", "fifty"], "integer"),
    (["verify", "--samples", "0"], "--samples"),
    (["verify", "--seed", "-1"], "--seed"),
    (["verify", "nope", FIRST], "unknown result id 'nope'"),
    (["build", "--bogus"], "unrecognized arguments"),
    (["build", "--out", "pyproject.toml"], "is not a folder"),
    (["explain", FIRST, "--format", "html"], "--format"),
    (["build", "--out", "src"], "holds no earlier build"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_INPUT, ids=[" ".join(a) or "none"
                                                            for a, _ in BAD_INPUT])
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("momentum-sym: error:")
    assert message in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [["show", "nope"], ["verify", "--dps", "0"]])
def test_bad_input_as_a_process(argv):
    done = subprocess.run([sys.executable, "-m", "momentum_sym", *argv], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("momentum-sym: error:")
    assert "Traceback" not in done.stderr


COMMAND_NAMES = ("list", "show", "explain", "verify", "build", "audit", "check")


def test_help_explains_each_command(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMAND_NAMES:
        assert any(line.split()[:1] == [name] and len(line.split()) > 3
                   for line in out.splitlines()), name
    assert "exit codes" in out and "MOMENTUM_SYM_WORKER_MEMORY" in out


def _bare_usage(code: int, out: str, err: str) -> None:
    """Usage and every command on stderr, then one line of error; exit 2."""
    assert code == 2 and out == ""
    *usage, last = err.strip().splitlines()
    assert usage[0].startswith("usage: momentum-sym")
    assert all(any(name in line for line in usage) for name in COMMAND_NAMES)
    assert last.startswith("momentum-sym: error: a command is required")
    assert "Traceback" not in err


def test_bare_command_prints_the_usage(capsys):
    code = cli.main([])
    _bare_usage(code, *capsys.readouterr())


def test_bare_command_as_a_process():
    done = subprocess.run([sys.executable, "-m", "momentum_sym"], capture_output=True,
                          text=True, timeout=120)
    _bare_usage(done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("value", ["lots", "0", "-1G"])
def test_a_bad_memory_setting_is_bad_input(monkeypatch, capsys, value):
    monkeypatch.setenv("MOMENTUM_SYM_WORKER_MEMORY", value)
    assert cli.main(["list"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("momentum-sym: error: MOMENTUM_SYM_WORKER_MEMORY")


def test_list(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    for id in momentum_sym.ids():
        assert id in out


@pytest.mark.parametrize("format", ["text", "latex", "markdown", "json"])
def test_show_without_checks(capsys, format):
    assert cli.main(["show", FIRST, "--format", format, "--no-check"]) == 0
    assert FIRST in capsys.readouterr().out or format == "text"


def test_explain(capsys):
    assert cli.main(["explain", FIRST, "--no-check"]) == 0
    out = capsys.readouterr().out
    assert "Step 1." in out and "What this shows" in out


def test_verify_passes(capsys):
    assert cli.main(["verify", FIRST, *QUICK]) == 0
    out = capsys.readouterr().out
    for step in momentum_sym.get(FIRST).steps:
        assert step.label in out
    assert "witness" in out and "all checks passed" in out


def corrupted(monkeypatch, id: str, label: str):
    original = momentum_sym.get(id)
    bad = replace_step(original, label, claim=flip_sign(original.step(label)))
    real_get = momentum_sym.get
    monkeypatch.setattr(momentum_sym, "get", lambda i: bad if i == id else real_get(i))
    return bad


def _corruptible(id: str) -> str:
    """The first checked equality of a derivation whose right side is not zero."""
    for step in momentum_sym.get(id).steps:
        claim = step.claim
        if (not step.kind.is_given and isinstance(claim, sp.Eq) and step.data is None
                and not (claim.rhs.is_zero or isinstance(claim.rhs, sp.ZeroMatrix))):
            return step.label
    pytest.skip(f"{id} has no step to corrupt by a sign flip")


@pytest.mark.parametrize("id", [FIRST, "gd-optimal-step-size", "gd-closed-form"])
def test_verify_names_a_corrupted_step(monkeypatch, capsys, id):
    if id not in momentum_sym.ids():
        pytest.skip(f"{id} is not registered")
    label = _corruptible(id)
    corrupted(monkeypatch, id, label)
    assert cli.main(["verify", id, *QUICK]) == 1
    out, err = capsys.readouterr()
    assert f"{id}: step '{label}' failed" in err
    assert "FAILED" in out
    assert "Traceback" not in err


def test_show_json_results_rebuild(capsys):
    """The acceptance check: alpha and rate of gd-optimal-step-size, from srepr."""
    if "gd-optimal-step-size" not in momentum_sym.ids():
        pytest.skip("gd-optimal-step-size is not registered")
    assert cli.main(["show", "gd-optimal-step-size", "--format", "json", "--no-check"]) == 0
    data = json.loads(capsys.readouterr().out)
    lambda_1 = sp.Symbol("lambda_1", positive=True)
    lambda_n = sp.Symbol("lambda_n", positive=True)
    kappa = sp.Symbol("kappa", positive=True)
    with evaluate(False):
        alpha = sp.sympify(data["results"]["alpha"]["srepr"])
        rate = sp.sympify(data["results"]["rate"]["srepr"])
    assert sp.simplify(alpha - 2 / (lambda_1 + lambda_n)) == 0
    assert sp.simplify(rate - (kappa - 1) / (kappa + 1)) == 0


def test_optional_command_missing_is_skipped(monkeypatch):
    monkeypatch.setattr(cli, "OPTIONAL_COMMANDS", ("momentum_sym.no_such_module.cli",))
    assert cli.commands() == cli.COMMANDS


def test_optional_command_is_registered(monkeypatch, tmp_path, capsys):
    package = tmp_path / "fake_audit_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "cli.py").write_text(
        "def register(subparsers):\n"
        "    parser = subparsers.add_parser('audit')\n"
        "    parser.set_defaults(handler=lambda args: 0)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "OPTIONAL_COMMANDS", ("fake_audit_pkg.cli",))
    assert cli.main(["audit"]) == 0


def test_optional_command_with_a_broken_import_raises(monkeypatch, tmp_path):
    package = tmp_path / "broken_audit_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "cli.py").write_text("import a_dependency_that_is_missing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "OPTIONAL_COMMANDS", ("broken_audit_pkg.cli",))
    with pytest.raises(ModuleNotFoundError):
        cli.commands()


def test_an_internal_error_is_one_line_and_exit_2(monkeypatch, capsys):
    # a defect of the engine's own reaches the user as one line, never a traceback
    import momentum_sym.kernel.verify as verify_module

    def broken(*args, **kwargs):
        raise KeyError(("w", -4))

    monkeypatch.setattr(verify_module, "verify", broken)
    monkeypatch.delenv("MOMENTUM_SYM_TRACEBACK", raising=False)
    code = cli.main(["analyze", "--update", r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k})"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "internal error (KeyError in broken)" in err and "Traceback" not in err


def test_a_command_collects_garbage_less_often_than_pythons_default(capsys):
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        assert cli.main(["list"]) == 0
        assert gc.get_threshold() == cli.COLLECTION_THRESHOLDS
    finally:
        gc.set_threshold(*before)
    capsys.readouterr()
