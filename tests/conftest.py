"""Shared fixtures: mpmath precision is restored after every test; the cache of
finished work is off and points into a temporary folder.

The cache is off for the suite because many tests corrupt a derivation in the
process (monkeypatched ``get``), which the cache's key (the package's files) cannot
see; ``tests/test_cache.py`` turns it on in folders of its own.  It points into a
temporary folder so that nothing the suite starts (subprocesses included) reads or
writes the user's own cache.
"""

import atexit
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
