"""Replacing a whole output folder at once.

``build`` fills a staging folder beside the target (``.NAME.build-PID-XXXXXXXX``)
and swaps it in at the end with one atomic exchange of the two folders (Linux's
``renameat2(RENAME_EXCHANGE)``), then removes the previous folder, which the
exchange left under the staging name.  A build killed at any point therefore
leaves the target as it was or as the new build made it, complete, and at most
a staging folder beside it, which the next build removes (only once the process
that made it is gone, so that two builds never remove each other's work).

Where the exchange is not available, the previous folder is first renamed to
``.NAME.old-PID-XXXXXXXX`` and the staging folder renamed into place; a build
killed between the two renames leaves no target but a complete previous folder,
which the next build puts back before anything else.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

STAGING = "build"
PREVIOUS = "old"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class Refused(ValueError):
    """The folder is not one that a build may replace; the message says why."""


def _prefix(out: Path, kind: str) -> str:
    return f".{out.name}.{kind}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def leftovers(out: Path) -> list[Path]:
    """Staging and previous folders beside ``out`` left by builds that have ended."""
    if not out.parent.is_dir():
        return []
    found = []
    for entry in out.parent.iterdir():
        for kind in (STAGING, PREVIOUS):
            prefix = _prefix(out, kind)
            if entry.name.startswith(prefix):
                pid = entry.name[len(prefix):].split("-", 1)[0]
                if pid.isdigit() and not _alive(int(pid)):
                    found.append(entry)
    return sorted(found)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def clean_leftovers(out: Path) -> list[Path]:
    """Put back a previous folder when a build died between its two renames; remove
    every other leftover.  Returns what was removed."""
    removed = []
    for entry in leftovers(out):
        if (entry.name.startswith(_prefix(out, PREVIOUS)) and entry.is_dir()
                and not os.path.lexists(out)):
            os.rename(entry, out)
            continue
        _remove(entry)
        removed.append(entry)
    return removed


def refuse_unless_replaceable(out: Path, built: Callable[[Path], bool]) -> None:
    """A build replaces ``out`` as a whole: refuse a folder that holds something
    other than an earlier build (``built(out)``), and the folder this process
    stands in."""
    if not out.exists():
        return
    here = Path.cwd().resolve()
    target = out.resolve()
    if here == target or target in here.parents:
        raise Refused(f"cannot replace {out}: it holds the current folder; build from "
                      "outside it")
    if any(out.iterdir()) and not built(out):
        raise Refused(f"{out} is not empty and holds no earlier build; choose a new or "
                      "empty folder")


def _fsync(path: Path) -> None:
    """Flush a file or folder to disk (where the platform allows folders to be opened)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        handle = os.open(path, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


def _sync_tree(root: Path) -> None:
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if not path.is_symlink():
                _fsync(path)
        _fsync(Path(folder))


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                     _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), os.fspath(second))


def _swap(staging: Path, out: Path, token: str) -> None:
    """Put ``staging`` in the place of ``out``; the previous ``out`` is removed."""
    if not os.path.lexists(out):
        os.rename(staging, out)
    elif exchange(staging, out):
        _remove(staging)  # the previous folder, under the staging name now
    else:
        previous = out.parent / f"{_prefix(out, PREVIOUS)}{os.getpid()}-{token}"
        os.rename(out, previous)
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(previous, out)
            raise
        _remove(previous)
    _fsync(out.parent)


def replace(out: Path, fill: Callable[[Path], None]) -> None:
    """Make a staging folder beside ``out``, let ``fill`` write into it, then swap it
    in as a whole.  When ``fill`` fails, the staging folder is removed and ``out`` is
    untouched."""
    out.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    staging = out.parent / f"{_prefix(out, STAGING)}{os.getpid()}-{token}"
    os.mkdir(staging)  # the umask's permissions, not mkdtemp's private ones
    try:
        if out.is_dir():
            os.chmod(staging, out.stat().st_mode & 0o7777)
        fill(staging)
        _sync_tree(staging)
        _swap(staging, out, token)
    except BaseException:
        _remove(staging)  # a partial new folder, or the previous one once swapped out
        raise
