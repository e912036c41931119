"""Shared fixtures: mpmath precision is restored after every test; the cache of
finished work is off and points into a temporary folder.

The cache is off for the suite because many tests corrupt a derivation in the
process (monkeypatched ``get``), which the cache's key (the package's files) cannot
see; ``tests/test_cache.py`` turns it on in folders of its own.  It points into a
temporary folder so that nothing the suite starts (subprocesses included) reads or
writes the user's own cache.
"""

import atexit
import functools
import os
import shutil
import tempfile

import pytest
from mpmath import mp

_CACHE = tempfile.mkdtemp(prefix="momentum-sym-test-cache-")
atexit.register(shutil.rmtree, _CACHE, True)
os.environ["MOMENTUM_SYM_CACHE_DIR"] = _CACHE
os.environ["MOMENTUM_SYM_NO_CACHE"] = "1"


@pytest.fixture(autouse=True)
def _restore_mpmath_precision():
    saved = mp.dps
    yield
    mp.dps = saved


#: Low settings for tests of what is printed or linked, not of the mathematics (the
#: checks are tested in tests/kernel and tests/results, and the whole build verifies
#: every result at the default settings in tests/test_build.py).
QUICK = {"dps": 20, "samples": 2, "seed": 0}


@functools.cache
def quick_reports() -> dict:
    """Every registered result verified once for the whole session at :data:`QUICK`
    settings, in two processes: id -> report."""
    from momentum_sym import get, ids
    from momentum_sym.render.build import verify_all

    return {d.id: report for d, report in verify_all([get(i) for i in ids()], jobs=2, **QUICK)}


@pytest.fixture(scope="session")
def whole_build(tmp_path_factory):
    """``momentum-sym build`` of every result at the default settings, once for the
    session, with the cache on in a folder of its own: the tests of the whole build
    share it, and a second build there (``--check``, a warm build) is served from that
    cache.  Returns the output folder and the cache folder."""
    from momentum_sym import cache, cli

    root = tmp_path_factory.mktemp("whole-build")
    out, folder = root / "derivations", root / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache.ENV_FOLDER, str(folder))
        patch.delenv(cache.ENV_OFF, raising=False)
        assert cli.main(["build", "--out", str(out), "--quiet"]) == 0
    return out, folder


@pytest.fixture
def whole_build_cache(whole_build, monkeypatch):
    """The cache the whole build filled, on for this test."""
    from momentum_sym import cache

    monkeypatch.setenv(cache.ENV_FOLDER, str(whole_build[1]))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return whole_build[1]
