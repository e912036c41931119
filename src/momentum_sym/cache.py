"""A cache of finished work on disk, so that a second ``show``, ``verify`` or ``build``
answers in a fraction of a second instead of deriving and checking again.

Why it can be trusted:

- **Keyed by everything the output depends on.**  An entry's key hashes the
  package's own files (every source and data file under ``momentum_sym/``), the
  versions of Python and of the libraries that compute or draw (SymPy, mpmath,
  python-flint, z3, matplotlib...), and the request itself (command, ids, format,
  dps, samples, seed).  Change any of them and the entry is simply not found.
- **Checked when read.**  Each entry carries the SHA-256 of its payload; an entry
  whose payload does not match (a torn write, a flipped bit, a hand edit) is removed
  and treated as missing, so the work is done again: never trusted.
- **Safe under concurrent runs.**  Entries are written to a temporary file in the
  same folder and moved into place with :func:`os.replace` (atomic on POSIX and
  Windows); two runs writing the same key write the same bytes.
- **Never in the way.**  Any error reading or writing the cache (a read-only home,
  a full disk) is a miss, not a failure.  ``--no-cache`` or
  ``MOMENTUM_SYM_NO_CACHE=1`` bypasses it; outputs are byte-identical either way
  (``tests/test_cache.py``).

Where: ``$MOMENTUM_SYM_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/momentum-sym``,
else ``~/.cache/momentum-sym`` (the XDG convention, from the standard library:
platformdirs is not a dependency).  Entries of other fingerprints (older versions
of the package) are pruned when they have not been used for :data:`KEEP_DAYS`.

This module imports no mathematics: a warm ``show`` never imports SymPy.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

ENV_FOLDER = "MOMENTUM_SYM_CACHE_DIR"
ENV_OFF = "MOMENTUM_SYM_NO_CACHE"
FORMAT = "momentum-sym-cache 1"
KEEP_DAYS = 14

#: The distributions whose versions the outputs depend on (computing, reading, drawing).
LIBRARIES = ("sympy", "mpmath", "gmpy2", "python-flint", "z3-solver", "antlr4-python3-runtime",
             "pylatexenc", "markdown-it-py", "mdit-py-plugins", "beautifulsoup4",
             "matplotlib", "fonttools")

PACKAGE = Path(__file__).resolve().parent


def off_by_environment() -> bool:
    """``MOMENTUM_SYM_NO_CACHE`` set to anything but empty, ``0``, ``false`` or ``no``."""
    return os.environ.get(ENV_OFF, "").strip().lower() not in ("", "0", "false", "no")


def folder() -> Path:
    """The cache folder (see the module's docstring)."""
    explicit = os.environ.get(ENV_FOLDER)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "momentum-sym"


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def installed_versions() -> dict[str, str]:
    """Each distribution installed on ``sys.path`` (normalised name -> version), read
    from the names of its ``.dist-info`` folders: importing :mod:`importlib.metadata`
    costs more than a warm ``show`` may take."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix in ("dist-info", "egg-info") and "-" in stem:
                project, _, release = stem.partition("-")
                found.setdefault(_normal(project), release.split("-")[0])
    return found


@cache
def fingerprint() -> str:
    """The hash of what every output depends on besides the request: the package's
    files and the versions of Python and the libraries."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\x1f{sys.version}\x1f{sys.platform}".encode())
    versions = installed_versions()
    for name in LIBRARIES:
        digest.update(f"\x1f{name}={versions.get(_normal(name), '-')}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(b"\x1e" + path.relative_to(PACKAGE).as_posix().encode() + b"\x1f")
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Cache:
    """Entries of one fingerprint, under ``root/<fingerprint[:20]>/``."""

    def __init__(self, root: Path, salt: str):
        self.root = root
        self.salt = salt
        self.here = root / salt[:20]

    def _path(self, parts: Sequence[str]) -> Path:
        key = hashlib.sha256("\x1f".join((self.salt, *parts)).encode()).hexdigest()
        return self.here / key[:2] / f"{key}.entry"

    def load(self, *parts: str) -> bytes | None:
        """The payload stored under ``parts``, or None (missing, or corrupted: then
        it is removed)."""
        path = self._path(parts)
        try:
            content = path.read_bytes()
        except OSError:
            return None
        header, _, rest = content.partition(b"\n")
        checksum, _, payload = rest.partition(b"\n")
        if (header.decode("ascii", "replace") != FORMAT
                or hashlib.sha256(payload).hexdigest().encode() != checksum):
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return payload

    def store(self, payload: bytes, *parts: str) -> None:
        """Store ``payload`` under ``parts`` atomically; errors are ignored (a miss
        next time)."""
        path = self._path(parts)
        checksum = hashlib.sha256(payload).hexdigest().encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(FORMAT.encode() + b"\n" + checksum + b"\n" + payload)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            self._touch_and_prune()
        except OSError:
            return

    def _touch_and_prune(self) -> None:
        """Mark this fingerprint's folder used; remove others unused for KEEP_DAYS."""
        now = time.time()
        os.utime(self.here, (now, now))
        for other in self.root.iterdir():
            if other != self.here and other.is_dir() and len(other.name) == 20:
                with contextlib.suppress(OSError):
                    if now - other.stat().st_mtime > KEEP_DAYS * 86400:
                        shutil.rmtree(other)

    # -- payloads ---------------------------------------------------------------------

    def load_text(self, *parts: str) -> str | None:
        payload = self.load(*parts)
        return None if payload is None else payload.decode("utf-8")

    def store_text(self, text: str, *parts: str) -> None:
        self.store(text.encode("utf-8"), *parts)

    def load_json(self, *parts: str) -> object | None:
        payload = self.load(*parts)
        return None if payload is None else json.loads(payload)

    def store_json(self, value: object, *parts: str) -> None:
        self.store(json.dumps(value, sort_keys=True).encode("utf-8"), *parts)

    def load_files(self, *parts: str) -> dict[str, bytes] | None:
        """A folder's files (name -> bytes) stored by :meth:`store_files`."""
        payload = self.load(*parts)
        if payload is None:
            return None
        index, _, blob = payload.partition(b"\n")
        files, at = {}, 0
        for name, size in json.loads(index):
            files[name] = blob[at:at + size]
            at += size
        return files

    def store_files(self, files: Mapping[str, bytes], *parts: str) -> None:
        index = json.dumps([[name, len(content)] for name, content in files.items()])
        self.store(index.encode("utf-8") + b"\n" + b"".join(files.values()), *parts)


def open_cache(disabled: bool = False) -> Cache | None:
    """The cache, or None when it is bypassed (``--no-cache``, ``MOMENTUM_SYM_NO_CACHE``)."""
    if disabled or off_by_environment():
        return None
    return Cache(folder(), fingerprint())
