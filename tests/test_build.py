"""``build``: deterministic, checkable, replaced as a whole; an interrupted build leaves
the previous folder complete; the committed folder is current; ``main.tex`` compiles
with and without the figures."""

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import momentum_sym
from momentum_sym import cli, pipeline
from momentum_sym.render import build as b
from momentum_sym.render import folder
from tests.corrupt import flip_sign, replace_step

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "derivations"
QUICK = {"dps": 20, "samples": 2}
SOME = ["quadratic-optimum", "gd-optimal-step-size"]
DEAD_PID = 999_999_999  # above any pid_max: never a running process


@pytest.fixture(scope="module")
def some():
    return [momentum_sym.get(i) for i in SOME if i in momentum_sym.ids()]


@pytest.fixture(scope="module")
def old_and_new(some):
    """Two different builds of the same results (another precision), with a figure."""
    old = b.render_all(b.verify_all(some, dps=20, samples=2))
    new = b.render_all(b.verify_all(some, dps=25, samples=2))
    assert old.keys() == new.keys() and old != new
    old["figures/one.pdf"] = b"%PDF old\n"
    new["figures/one.pdf"] = b"%PDF new\n"
    return old, new


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (dot-files too), by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def beside(out: Path) -> list[str]:
    """What else is in the folder that holds ``out``."""
    return sorted(p.name for p in out.parent.iterdir() if p != out)


def test_render_all_is_deterministic(some):
    first = b.render_all(b.verify_all(some, **QUICK))
    second = b.render_all(b.verify_all(some, **QUICK))
    assert first == second
    assert {"index.md", "main.tex", *(f"{d.id}.tex" for d in some)} <= set(first)
    for content in first.values():
        assert b"\r" not in content and content.endswith(b"\n")


def test_write_twice_changes_nothing(some, tmp_path):
    out = tmp_path / "out"
    result = b.build(some, out, **QUICK)
    assert result.failures == [] and sorted(result.changed) == sorted(result.files)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    again = b.build(some, out, **QUICK)
    assert again.changed == []
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == before
    assert beside(out) == []


def test_unchanged_files_keep_their_dates(old_and_new, tmp_path):
    old, _ = old_and_new
    out = tmp_path / "out"
    b.write(out, old, managed=("figures",))
    dates = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    edited = dict(old, **{"index.md": b"edited\n"})
    assert b.write(out, edited, managed=("figures",)) == ["index.md"]
    for p in out.iterdir():
        if p.is_file() and p.name != "index.md":
            assert p.stat().st_mtime_ns == dates[p.name], p.name


# -- what --check reports, and what a build does with it -----------------------------

OTHER_FILES = [
    # path in the folder, content, what --check says (None: nothing), kept by a build
    ("index.md", "edited\n", "differs", True),
    ("old-result.md", "{generated}\nold\n", "stale", False),
    ("figures/gone.svg", "<svg/>\n", "stale", False),
    ("notes.md", "mine, not generated\n", "not part of the build", True),
    (".hidden", "a dot-file\n", "not part of the build", True),
    ("html/.page.html.3f2a.tmp", "half a page", "not part of the build", False),
    (".main.tex.ab12cd.tmp", "half a file", "not part of the build", False),
    ("mine/draft.tex", "\\section{mine}\n", "not part of the build", True),
]


def test_check_names_every_file_that_is_not_part_of_the_build(old_and_new, tmp_path):
    old, _ = old_and_new
    out = tmp_path / "out"
    b.write(out, old, managed=("figures",))
    (out / "main.tex").unlink()
    for name, content, _, _ in OTHER_FILES:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content.replace("{generated}", b.markdown.GENERATED))
    leftover = tmp_path / f".out.build-{DEAD_PID}-0a0b0c0d"
    leftover.mkdir()
    report = b.differences(out, old, managed=("figures",))
    expected = {f"missing: {out / 'main.tex'}",
                *(f"{said}: {out / name}" for name, _, said, _ in OTHER_FILES),
                f"left by an interrupted build: {leftover}"}
    assert {line.split(" (")[0] for line in report} == expected

    b.write(out, old, managed=("figures",))
    for name, _, said, kept in OTHER_FILES:
        if said == "differs":
            assert (out / name).read_bytes() == old[name]
        else:
            assert (out / name).exists() == kept, name
    assert (out / "main.tex").read_bytes() == old["main.tex"]
    assert beside(out) == []
    foreign = {f"not part of the build: {out / n}" for n, _, s, k in OTHER_FILES
               if k and s != "differs"}
    assert set(b.differences(out, old, managed=("figures",))) == foreign


def test_check_writes_nothing(some, tmp_path):
    b.build(some, tmp_path, **QUICK)
    (tmp_path / "index.md").write_text("edited\n")
    result = b.build(some, tmp_path, check=True, **QUICK)
    assert result.differences == [f"differs: {tmp_path / 'index.md'}"]
    assert (tmp_path / "index.md").read_text() == "edited\n"


def test_figures_not_drawn_are_kept(old_and_new, tmp_path):
    """Without the plots extra a build leaves the figures an earlier build drew."""
    old, new = old_and_new
    out = tmp_path / "out"
    b.write(out, old, managed=("figures",))
    without = {n: c for n, c in new.items() if not n.startswith("figures/")}
    b.write(out, without, managed=("html",), kept=("figures",))
    assert (out / "figures/one.pdf").read_bytes() == old["figures/one.pdf"]
    assert b.differences(out, without, managed=("html",), kept=("figures",)) == []


REFUSED = [
    # what is in the folder already, words of the refusal (None: accepted)
    ({}, None),
    ({"index.md": "{generated}\n"}, None),
    ({"thesis.tex": "\\documentclass{book}\n", "data/x.csv": "1,2\n"}, "holds no earlier build"),
]


@pytest.mark.parametrize(("present", "words"), REFUSED, ids=["empty", "built", "someone's"])
def test_only_a_build_folder_is_replaced(old_and_new, tmp_path, present, words):
    out = tmp_path / "out"
    out.mkdir()
    for name, content in present.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content.replace("{generated}", b.markdown.GENERATED))
    if words is None:
        b.write(out, old_and_new[0])
        assert (out / "main.tex").exists()
    else:
        before = tree(out)
        with pytest.raises(folder.Refused, match=words):
            b.write(out, old_and_new[0])
        assert tree(out) == before and beside(out) == []


def test_the_current_folder_is_not_replaced(old_and_new, tmp_path, monkeypatch):
    out = tmp_path / "out"
    b.write(out, old_and_new[0])
    monkeypatch.chdir(out)
    with pytest.raises(folder.Refused, match="current folder"):
        b.write(Path("."), old_and_new[1])


def test_failed_check_writes_nothing(some, tmp_path):
    d = some[0]
    label = next(s.label for s in d.steps if not s.kind.is_given and s.data is None
                 and not getattr(s.claim.rhs, "is_zero", False)
                 and type(s.claim.rhs).__name__ != "ZeroMatrix")
    bad = replace_step(d, label, claim=flip_sign(d.step(label)))
    result = b.build([bad], tmp_path, **QUICK)
    assert any(f"{d.id}: step '{label}' failed" in line for line in result.failures)
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_replaces(tmp_path):
    path = tmp_path / "a.txt"
    b.write_atomic(path, b"one\n")
    b.write_atomic(path, b"two\n")
    assert path.read_bytes() == b"two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


# -- interrupted builds ----------------------------------------------------------------


def _after(calls: int, action):
    """A stand-in that does ``action`` at its ``calls``-th call, else the original."""
    count = {"n": 0}

    def wrap(original):
        def replacement(*args, **kwargs):
            count["n"] += 1
            if count["n"] == calls:
                action()
            return original(*args, **kwargs)
        return replacement
    return wrap


def _fail():
    raise OSError(28, "No space left on device")


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


INTERRUPTIONS = [
    # where, (module, attribute) interrupted, at which call
    ("the first file", (b, "_write_file"), 1),
    ("a file halfway", (b, "_write_file"), 5),
    ("a file carried over", (b, "_copy"), 1),
    ("flushing, before the swap", (folder, "_sync_tree"), 1),
    ("the swap", (folder, "exchange"), 1),
]


def _interrupt(monkeypatch, target, calls, action):
    module, name = target
    monkeypatch.setattr(module, name, _after(calls, action)(getattr(module, name)))


@pytest.mark.parametrize(("where", "target", "calls"), INTERRUPTIONS,
                         ids=[w for w, _, _ in INTERRUPTIONS])
def test_a_failed_write_leaves_the_old_folder(old_and_new, tmp_path, monkeypatch,
                                              where, target, calls):
    old, new = old_and_new
    out = tmp_path / "out"
    b.write(out, old)
    (out / "notes.md").write_text("mine\n")
    before = tree(out)
    _interrupt(monkeypatch, target, calls, _fail)
    with pytest.raises(OSError, match="No space"):
        b.write(out, new)
    assert tree(out) == before
    assert beside(out) == []  # the staging folder is removed on the way out


KILLS = [
    *INTERRUPTIONS,
    ("removing the previous folder", (folder, "_remove"), 1),
]


def _killed_child(out: Path, files: dict, target, calls, exchange: bool) -> int:
    """Write ``files`` in a forked process that SIGKILLs itself at the given point;
    returns its exit code."""
    def child():
        patch = pytest.MonkeyPatch()
        if not exchange:  # as on a system without an atomic exchange of folders
            patch.setattr(folder, "exchange", lambda first, second: False)
        _interrupt(patch, target, calls, _die)
        b.write(out, files)
        os._exit(0)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(60)
    return process.exitcode


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
@pytest.mark.parametrize(("where", "target", "calls"),
                         [*KILLS, ("between the two renames", (os, "rename"), 2)],
                         ids=[*(w for w, _, _ in KILLS), "between the two renames"])
def test_a_killed_build_leaves_the_old_or_the_new_folder(old_and_new, tmp_path, where,
                                                         target, calls, exchange):
    old, new = old_and_new
    out = tmp_path / "out"
    b.write(out, old)
    (out / "notes.md").write_text("mine\n")
    with_notes = {"old": {**old, "notes.md": b"mine\n"}, "new": {**new, "notes.md": b"mine\n"}}
    code = _killed_child(out, new, target, calls, exchange)
    if code == 0:  # that point is not on this path: the exchange has no second rename
        assert (where, exchange) == ("between the two renames", True)
        assert tree(out) == with_notes["new"]
        return
    assert code == -signal.SIGKILL
    # the next build first puts back a previous folder left between two renames
    folder.clean_leftovers(out)
    assert tree(out) in (with_notes["old"], with_notes["new"])
    assert beside(out) == []
    b.write(out, new)
    assert tree(out) == with_notes["new"] and beside(out) == []


# -- the whole build (slow: every check of every result) ----------------------------

@pytest.fixture(scope="module")
def built(whole_build):
    """The whole build, with the figures when matplotlib is installed."""
    return whole_build[0]


@pytest.fixture(scope="module")
def built_without_plots(built, tmp_path_factory):
    """As after the README's first command (no matplotlib): the whole build without its
    figures, which is what a build without plots writes
    (``test_without_plots_only_the_figures_are_missing``; ``.ci/run`` builds and
    compiles one for real)."""
    copy = tmp_path_factory.mktemp("without-plots") / "derivations"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("figures"))
    return copy


def _files(folder: Path) -> dict[str, bytes]:
    """Every generated file under ``folder`` by relative path (figures only where they
    were drawn by the same matplotlib, whose bytes they depend on)."""
    by_products = {"main.aux", "main.log", "main.out", "main.pdf", "main.toc"}
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in sorted(folder.rglob("*"))
             if p.is_file() and p.name not in by_products}
    return files


@pytest.mark.slow
def test_committed_derivations_are_current(built):
    """Like scikit-hep/particle: regenerate into a temporary folder and compare with
    what is committed, byte for byte.  The committed files were made by another
    process, so this also shows the build is deterministic."""
    assert COMMITTED.is_dir(), "run 'momentum-sym build' and commit derivations/"
    expected, committed = _files(built), _files(COMMITTED)
    version = "figures/matplotlib-version.txt"
    if expected.get(version) != committed.get(version):  # figures drawn by another version
        expected = {n: c for n, c in expected.items() if not n.startswith("figures/")}
        committed = {n: c for n, c in committed.items() if not n.startswith("figures/")}
    stale = sorted(set(committed) - set(expected))
    differing = sorted(n for n in expected if committed.get(n) != expected[n])
    assert not differing and not stale, (
        f"derivations/ is out of date (differs: {differing}, stale: {stale}); "
        "run 'momentum-sym build'")


@pytest.mark.slow
def test_build_check_passes_on_the_committed_folder(whole_build_cache, capsys):
    """The command itself (its work served by the cache the whole build filled)."""
    assert cli.main(["build", "--check", "--out", str(COMMITTED)]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(not pipeline.plots_available(), reason="needs matplotlib (the plots extra)")
def test_without_plots_only_the_figures_are_missing(monkeypatch):
    """The same work with and without matplotlib: only the figures differ.  On a few
    results, the audit stood in for (it does not depend on the figures either)."""
    monkeypatch.setattr(pipeline, "AUDIT_CHUNKS", 1)
    real_task = pipeline._run_task
    monkeypatch.setattr(pipeline, "_run_task", lambda task: [] if task[0] == "audit"
                        else real_task(task))
    made = {}
    for draw in (True, False):
        made[draw], failures = pipeline._produce(SOME, pipeline.Settings(**QUICK), draw, 1, None)
        assert not failures
    figures = {n for n in made[True] if n.startswith("figures/")}
    assert figures and not any(n.startswith("figures/") for n in made[False])
    assert made[False] == {n: c for n, c in made[True].items() if n not in figures}


def _compile(folder: Path, into: Path) -> tuple[str, str]:
    """pdflatex three times in a copy, after which the references have settled; the log
    and the main.tex."""
    copy = into / "derivations"
    shutil.copytree(folder, copy)
    for _ in range(3):
        done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                               "main.tex"], cwd=copy, capture_output=True, timeout=300)
        log = (copy / "main.log").read_text(errors="replace")
        assert done.returncode == 0, log[-3000:]
    assert (copy / "main.pdf").stat().st_size > 10_000
    assert "Overfull \\hbox" not in log, [line for line in log.splitlines() if "Overfull" in line]
    # a label whose title reads back differently asks for a rerun on every run; mathematics
    # in a bookmark, or two pages named page.1, are dropped with a warning
    for warning in ("Rerun to get cross-references right", "Token not allowed in a PDF string",
                    "destination with the same identifier"):
        assert warning not in log, warning
    return log, (copy / "main.tex").read_text()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="pdflatex is not installed (Debian: texlive-latex-recommended)")
@pytest.mark.parametrize("plots", [True, False], ids=["with-plots", "without-plots"])
def test_main_tex_compiles(request, tmp_path, plots):
    from momentum_sym.figures import names

    built = request.getfixturevalue("built" if plots else "built_without_plots")
    drawn = plots and pipeline.plots_available()
    log, main = _compile(built, tmp_path)
    for name in names():
        assert (f"figures/{name}.pdf" in log) == drawn, name
    assert ("is not drawn" in main) and ("momentum-sym[plots]" in main)


BUILD = """
import sys
from pathlib import Path
from momentum_sym import pipeline
pipeline.run(sys.argv[2:], Path(sys.argv[1]), settings=pipeline.Settings(dps=20, samples=2),
             jobs=2)
"""


def _writing(tmp_path: Path, out: Path, build: subprocess.Popen) -> bool:
    prefix = f".{out.name}.{folder.STAGING}-{build.pid}-"
    return any(p.name.startswith(prefix) for p in tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("when", ["working", "writing"])
def test_a_killed_build_leaves_the_old_folder_and_no_process(old_and_new, tmp_path, when):
    """A build (its worker pools, the audit's workers) killed with SIGKILL while its
    workers run, or the moment it starts writing."""
    out = tmp_path / "derivations"
    b.write(out, old_and_new[0])
    before = tree(out)
    build = subprocess.Popen([sys.executable, "-c", BUILD, str(out), *SOME],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        ready = ((lambda: len(_descendants(build.pid)) >= 3) if when == "working" else
                 (lambda: _writing(tmp_path, out, build)))
        deadline = time.monotonic() + 600
        while not ready() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)  # the build writes its folder in about 10 ms
        workers = _descendants(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait(30)
        assert build.returncode == -signal.SIGKILL, build.stderr.read()
        assert tree(out) == before
        assert all(p.name.startswith(f".{out.name}.{folder.STAGING}-{build.pid}-")
                   for p in tmp_path.iterdir() if p != out)
        deadline = time.monotonic() + 5
        while [w for w in workers if _running(w)] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [w for w in workers if _running(w)] == []
        assert when == "writing" or workers
    finally:
        build.kill()
        build.wait()


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children")
            if children.exists():
                kids = [int(c) for c in children.read_text().split()]
                found += kids
                todo += kids
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")
