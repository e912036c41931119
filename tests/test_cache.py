"""The cache of finished work: found only under the same key, checked when read
(a corrupted entry is removed and the work done again), written atomically, never
in the way; and every output byte-identical with and without it."""

from pathlib import Path

import pytest

import momentum_sym
from momentum_sym import cache, cli, pipeline
from momentum_sym.cache import Cache

FIRST = "quadratic-optimum"
QUICK = ["--dps", "20", "--samples", "2"]


@pytest.fixture
def on(monkeypatch, tmp_path) -> Path:
    """The cache on, in a folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_FOLDER, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.entry"))


# -- the store ------------------------------------------------------------------------

ROUND_TRIPS = [
    # store, load, value
    ("store", "load", b"\x00bytes\nwith\nnewlines\xff"),
    ("store_text", "load_text", "text with unicode: \u03b1 \u03bb\n"),
    ("store_json", "load_json", {"lines": ["a", "b"], "failures": []}),
    ("store_files", "load_files", {"a.tex": b"x\n", "figures/b.pdf": b"%PDF\x00\xff",
                                   "empty": b""}),
]


@pytest.mark.parametrize(("store", "load", "value"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_round_trip(tmp_path, store, load, value):
    box = Cache(tmp_path, "f" * 64)
    assert getattr(box, load)("kind", "id") is None
    getattr(box, store)(value, "kind", "id")
    assert getattr(box, load)("kind", "id") == value
    assert getattr(box, load)("kind", "other id") is None  # another key
    assert Cache(tmp_path, "e" * 64).load("kind", "id") is None  # another fingerprint
    assert not list(tmp_path.rglob("*.tmp"))  # written by a rename, nothing left over


def _truncate(content: bytes) -> bytes:
    return content[:-3]


def _flip_payload(content: bytes) -> bytes:
    return content[:-1] + bytes([content[-1] ^ 1])


def _bad_header(content: bytes) -> bytes:
    return b"not-a-cache 9" + content[content.index(b"\n"):]


def _wrong_checksum(content: bytes) -> bytes:
    header, checksum, payload = content.split(b"\n", 2)
    return b"\n".join((header, b"0" * len(checksum), payload))


CORRUPTIONS = [_truncate, _flip_payload, _bad_header, _wrong_checksum, lambda c: b"",
               lambda c: c + b"extra"]


@pytest.mark.parametrize("corrupt", CORRUPTIONS)
def test_a_corrupted_entry_is_removed_not_trusted(tmp_path, corrupt):
    box = Cache(tmp_path, "f" * 64)
    box.store_text("the payload", "kind", "id")
    (path,) = entries(tmp_path)
    path.write_bytes(corrupt(path.read_bytes()))
    assert box.load_text("kind", "id") is None
    assert not path.exists()
    box.store_text("the payload", "kind", "id")  # and it is rebuilt
    assert box.load_text("kind", "id") == "the payload"


def test_a_cache_that_cannot_be_written_is_a_miss(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    box = Cache(blocker / "cache", "f" * 64)
    box.store_text("lost", "kind", "id")  # no error
    assert box.load_text("kind", "id") is None


def test_other_fingerprints_are_pruned_when_unused(tmp_path):
    old = Cache(tmp_path, "a" * 64)
    old.store_text("old", "k")
    stale = (cache.KEEP_DAYS + 1) * 86400
    import os
    import time

    os.utime(old.here, (time.time() - stale, time.time() - stale))
    recent = Cache(tmp_path, "b" * 64)
    recent.store_text("recent", "k")
    Cache(tmp_path, "c" * 64).store_text("new", "k")
    assert not old.here.exists()
    assert recent.load_text("k") == "recent"


FOLDERS = [
    # environment, expected folder (HOME is tmp/home)
    ({"MOMENTUM_SYM_CACHE_DIR": "/x/cache"}, "/x/cache"),
    ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/momentum-sym"),
    ({"XDG_CACHE_HOME": "relative/ignored"}, "HOME/.cache/momentum-sym"),
    ({}, "HOME/.cache/momentum-sym"),
]


@pytest.mark.parametrize(("environment", "expected"), FOLDERS)
def test_folder(monkeypatch, tmp_path, environment, expected):
    for name in ("MOMENTUM_SYM_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == Path(expected.replace("HOME", str(tmp_path / "home")))


@pytest.mark.parametrize(("value", "off"), [("1", True), ("yes", True), ("true", True),
                                            ("", False), ("0", False), ("false", False),
                                            ("no", False), (None, False)])
def test_off_by_environment(monkeypatch, value, off):
    if value is None:
        monkeypatch.delenv(cache.ENV_OFF, raising=False)
    else:
        monkeypatch.setenv(cache.ENV_OFF, value)
    assert cache.off_by_environment() is off
    assert (cache.open_cache() is None) is off
    assert cache.open_cache(disabled=True) is None


def test_the_fingerprint_follows_the_package_files(monkeypatch, tmp_path):
    package = tmp_path / "pkg"
    (package / "__pycache__").mkdir(parents=True)
    (package / "a.py").write_text("A = 1\n")
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.fingerprint.cache_clear()
    try:
        first = cache.fingerprint()
        (package / "__pycache__" / "a.cpython.pyc").write_bytes(b"compiled")
        cache.fingerprint.cache_clear()
        assert cache.fingerprint() == first  # compiled files do not count
        (package / "a.py").write_text("A = 2\n")
        cache.fingerprint.cache_clear()
        assert cache.fingerprint() != first
    finally:
        cache.fingerprint.cache_clear()


def test_library_versions_are_found():
    versions = cache.installed_versions()
    import sympy

    assert versions["sympy"] == sympy.__version__


# -- the command line: byte-identical with and without the cache --------------------

COMMANDS = [
    ["show", FIRST, "--no-check"],
    ["show", FIRST, "--format", "json", "--no-check"],
    ["show", FIRST, "--format", "markdown"],
    ["explain", FIRST, "--numbers", "--no-check"],
    ["verify", FIRST, "gd-optimal-step-size", *QUICK],
]


def _run(capsys, argv) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _derive_nothing(monkeypatch):
    def refuse(id):
        raise AssertionError(f"derived {id} although it was cached")

    monkeypatch.setattr(momentum_sym, "get", refuse)


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_outputs_are_the_same_with_and_without_the_cache(on, monkeypatch, capsys, argv):
    cold = _run(capsys, argv)
    assert cold[0] == 0 and entries(on)
    bypassed = _run(capsys, [*argv, "--no-cache"])
    monkeypatch.setenv(cache.ENV_OFF, "1")
    by_environment = _run(capsys, argv)
    monkeypatch.delenv(cache.ENV_OFF)
    with monkeypatch.context() as patch:
        _derive_nothing(patch)
        warm = _run(capsys, argv)
    assert cold == warm == bypassed == by_environment


def test_a_corrupted_entry_is_rebuilt_by_the_command(on, capsys):
    argv = ["show", FIRST, "--no-check"]
    cold = _run(capsys, argv)
    for path in entries(on):
        path.write_bytes(_flip_payload(path.read_bytes()))
    assert _run(capsys, argv) == cold
    key = cli._view_key(cli.build_parser("show").parse_args(argv))
    assert Cache(on, cache.fingerprint()).load_text(*key) == cold[1]


@pytest.mark.parametrize("argv", [["verify", FIRST, *QUICK, "--jobs", "1"],
                                  ["show", FIRST], ["explain", FIRST]], ids=" ".join)
def test_a_failed_check_is_not_cached(on, monkeypatch, capsys, argv):
    from tests.corrupt import flip_sign, replace_step
    from tests.test_cli import _corruptible

    original = momentum_sym.get(FIRST)
    label = _corruptible(FIRST)
    bad = replace_step(original, label, claim=flip_sign(original.step(label)))
    with monkeypatch.context() as patch:
        patch.setattr(momentum_sym, "get", lambda i: bad)
        _run(capsys, argv)
    assert not entries(on)


def test_build_files_come_from_the_cache(on, monkeypatch, tmp_path):
    """The build's own test: the whole build is slow, so its work is stood in for."""
    made = {"a.tex": b"% generated\n", "figures/f.pdf": b"%PDF\x00"}
    calls = []

    def produce(ids, settings, draw, jobs, progress):
        calls.append(ids)
        return dict(made), []

    monkeypatch.setattr(pipeline, "_produce", produce)
    monkeypatch.setattr(pipeline.files_of, "write", lambda out, files, managed, kept: [])
    store = cache.open_cache()
    first = pipeline.run([FIRST], tmp_path / "out", cache=store)
    second = pipeline.run([FIRST], tmp_path / "out", cache=store)
    other = pipeline.run([FIRST], tmp_path / "out", settings=pipeline.Settings(dps=60),
                         cache=store)
    assert first.files == second.files == other.files == made
    assert len(calls) == 2  # the second run was served; other settings are another key


def test_a_failed_build_is_not_cached(on, monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "_produce",
                        lambda *args: ({"a.tex": b"x"}, ["quadratic-optimum: failed"]))
    assert pipeline.run([FIRST], tmp_path / "out", cache=cache.open_cache()).failures
    assert not entries(on)


@pytest.mark.slow
def test_a_warm_build_writes_the_same_bytes(whole_build, whole_build_cache, monkeypatch,
                                            tmp_path, capsys):
    """The whole build made with the cache on, then a warm one that does no work: the
    same files, byte for byte, as the committed folder (built without the cache)."""
    from tests.test_build import COMMITTED, _files

    cold, warm = whole_build[0], tmp_path / "warm"
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "_produce", lambda *args: pytest.fail("not served"))
        assert cli.main(["build", "--out", str(warm)]) == 0
    capsys.readouterr()
    assert _files(cold) == _files(warm)
    committed = _files(COMMITTED)
    if committed.get("figures/matplotlib-version.txt") != _files(cold).get(
            "figures/matplotlib-version.txt"):
        committed = {n: c for n, c in committed.items() if not n.startswith("figures/")}
        cold_files = {n: c for n, c in _files(cold).items() if not n.startswith("figures/")}
        assert cold_files == committed
        return
    assert _files(cold) == committed
