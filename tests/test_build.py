"""``build``: deterministic, atomic, checkable; the committed folder is current; the
LaTeX compiles."""

import shutil
import subprocess
from pathlib import Path

import pytest

import momentum_sym
from momentum_sym import cli
from momentum_sym.render import build as b
from tests.corrupt import flip_sign, replace_step

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "derivations"
QUICK = {"dps": 20, "samples": 2}
SOME = ["quadratic-optimum", "gd-optimal-step-size"]


@pytest.fixture(scope="module")
def some():
    return [momentum_sym.get(i) for i in SOME if i in momentum_sym.ids()]


def test_render_all_is_deterministic(some):
    first = b.render_all(b.verify_all(some, **QUICK))
    second = b.render_all(b.verify_all(some, **QUICK))
    assert first == second
    assert {"index.md", "main.tex", *(f"{d.id}.tex" for d in some)} <= set(first)
    for content in first.values():
        assert b"\r" not in content and content.endswith(b"\n")


def test_write_twice_changes_nothing(some, tmp_path):
    result = b.build(some, tmp_path, **QUICK)
    assert result.failures == [] and sorted(result.changed) == sorted(result.files)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    again = b.build(some, tmp_path, **QUICK)
    assert again.changed == []
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_check_lists_what_differs_and_writes_nothing(some, tmp_path):
    b.build(some, tmp_path, **QUICK)
    (tmp_path / "index.md").write_text("edited\n")
    (tmp_path / "main.tex").unlink()
    (tmp_path / "old-result.md").write_text(b.markdown.GENERATED + "\nold\n")
    (tmp_path / "notes.md").write_text("mine, not generated\n")
    result = b.build(some, tmp_path, check=True, **QUICK)
    assert result.differences == [f"differs: {tmp_path / 'index.md'}",
                                  f"missing: {tmp_path / 'main.tex'}",
                                  f"stale: {tmp_path / 'old-result.md'}"]
    assert (tmp_path / "index.md").read_text() == "edited\n"
    b.build(some, tmp_path, **QUICK)
    assert not (tmp_path / "old-result.md").exists()
    assert (tmp_path / "notes.md").exists()


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


# -- the whole build (slow: every check of every result) ----------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("derivations")
    assert cli.main(["build", "--out", str(out)]) == 0
    return out


def _files(folder: Path) -> dict[str, bytes]:
    """Every generated file under ``folder`` by relative path (figures only where they
    were drawn by the same matplotlib, whose bytes they depend on)."""
    by_products = {"main.aux", "main.log", "main.out", "main.pdf", "main.toc"}
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in sorted(folder.rglob("*"))
             if p.is_file() and not p.name.startswith(".") and p.name not in by_products}
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
def test_build_check_passes_on_the_committed_folder(capsys):
    assert cli.main(["build", "--check", "--out", str(COMMITTED)]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_main_tex_compiles(built, tmp_path):
    copy = tmp_path / "derivations"
    shutil.copytree(built, copy)
    for _ in range(2):  # twice, as for the references
        done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                               "main.tex"], cwd=copy, capture_output=True, timeout=300)
        log = (copy / "main.log").read_text(errors="replace")
        assert done.returncode == 0, log[-3000:]
    assert (copy / "main.pdf").stat().st_size > 10_000
    assert "Overfull \\hbox" not in log, [line for line in log.splitlines() if "Overfull" in line]
    for figure in (copy / "figures").glob("*.pdf"):
        assert f"figures/{figure.name}" in log or figure.stem in (copy / "main.tex").read_text()
