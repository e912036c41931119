"""Progress of long commands (``build``, ``verify``, ``audit``) on standard error.

A person at a terminal sees one status line rewritten in place as each piece of
work finishes ("verify 12/27 critical-damping"), so that a long run is visibly alive;
a pipe, a file or CI sees nothing, so that logs and outputs stay byte-identical.
``--quiet`` turns it off at a terminal too.  The line is cleared when the work ends,
before the command prints its own result.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import TextIO


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


class Progress:
    """A callable: ``progress(name)`` records one finished item (the protocol of the
    ``progress`` parameters of :mod:`momentum_sym.pipeline` and
    :func:`momentum_sym.render.build.verify_all`)."""

    def __init__(self, what: str, total: int | None = None, *, quiet: bool = False,
                 stream: TextIO | None = None):
        self.what = what
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.on = not quiet and is_terminal(self.stream) and os.environ.get("TERM") != "dumb"
        self.count = 0

    def __call__(self, name: str) -> None:
        self.count += 1
        if not self.on:
            return
        of = f"/{self.total}" if self.total else ""
        line = f"{self.what} {self.count}{of} {name}"
        columns = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r\x1b[K" + line[:max(columns - 1, 10)])
        self.stream.flush()

    def stage(self, text: str) -> None:
        """A step that is not counted (``rendering``)."""
        if self.on:
            self.stream.write("\r\x1b[K" + f"{self.what}: {text}")
            self.stream.flush()

    def close(self) -> None:
        if self.on:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def expect(progress: object, total: int) -> None:
    """Tell a :class:`Progress` (not a plain callable) how many items will finish."""
    if isinstance(progress, Progress):
        progress.total = total


def stage(progress: object, text: str) -> None:
    """Tell a :class:`Progress` (not a plain callable) of a step that is not counted."""
    if isinstance(progress, Progress):
        progress.stage(text)
