"""Progress on standard error: a status line at a terminal, nothing on a pipe or with
``--quiet``; bad option values bounded with a reason."""

import io
import os
import pty
import subprocess
import sys

import pytest

from momentum_sym import cli
from momentum_sym.progress import Progress, expect, stage

FIRST = "quadratic-optimum"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


PROGRESS_CASES = [
    # stream, quiet, TERM, shown
    (Terminal, False, "xterm", True),
    (Terminal, True, "xterm", False),
    (Terminal, False, "dumb", False),
    (io.StringIO, False, "xterm", False),
]


@pytest.mark.parametrize(("stream", "quiet", "term", "shown"), PROGRESS_CASES)
def test_progress_only_at_a_terminal(monkeypatch, stream, quiet, term, shown):
    monkeypatch.setenv("TERM", term)
    out = stream()
    with Progress("verify", quiet=quiet, stream=out) as progress:
        expect(progress, 2)
        stage(progress, "deriving")
        progress("a")
        progress("b")
    text = out.getvalue()
    assert bool(text) is shown
    if shown:
        assert "verify 1/2 a" in text and "verify 2/2 b" in text
        assert text.endswith("\r\x1b[K")  # the line is cleared at the end
    assert progress.count == 2


def test_helpers_ignore_plain_callables():
    seen = []
    expect(seen.append, 3)
    stage(seen.append, "rendering")
    assert seen == []


def _verify(stderr, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TERM": "xterm"}
    return subprocess.run([sys.executable, "-m", "momentum_sym", "verify", FIRST, "--dps", "20",
                           "--samples", "2", "--jobs", "1", *extra],
                          stdout=subprocess.PIPE, stderr=stderr, env=env, timeout=300)


def _through_a_terminal(*extra: str) -> str:
    leader, follower = pty.openpty()
    try:
        done = _verify(follower, *extra)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_verify_shows_progress_at_a_terminal():
    assert f"verify 1/1 {FIRST}" in _through_a_terminal()


def test_quiet_verify_shows_none():
    assert _through_a_terminal("--quiet") == ""


def test_piped_verify_prints_nothing_on_stderr():
    done = _verify(subprocess.PIPE)
    assert done.returncode == 0 and done.stderr == b""


BOUNDS = [
    (["verify", "--samples", "1001"], "between 1 and 1000, got 1001 (each check"),
    (["verify", "--samples", "1000000"], "got 1000000"),
    (["verify", "--dps", "100000"], "between 15 and 1000, got 100000 (the cost"),
    (["build", "--jobs", "65"], "between 1 and 64"),
]


@pytest.mark.parametrize(("argv", "message"), BOUNDS, ids=" ".join)
def test_bounds_are_one_line_exit_2(capsys, argv, message):
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err
