"""Bounded worker processes: a time limit, a memory limit, and no life after the parent.

A check of a formula someone typed may take any time and any memory (a power of a
sum expanded term by term), so ``check`` and ``audit`` run each one in a forked
worker (:func:`run`) that

- may use at most :func:`memory_limit` bytes of address space (``RLIMIT_AS``;
  1 GiB unless ``MOMENTUM_SYM_WORKER_MEMORY`` says otherwise, such as ``2G``),
- is killed when its time is up,
- dies when the process that started it dies, by any signal, SIGKILL included
  (:func:`die_with_parent`: Linux's parent-death signal, and a thread that
  watches the parent for the platforms without one),

and every way it can end is reported in one sentence of this project's own, never
Python's text for an error deep inside SymPy.  The build's worker pools use
:func:`die_with_parent` too, so that killing a build leaves no process behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import gc
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

MEMORY_ENV = "MOMENTUM_SYM_WORKER_MEMORY"
DEFAULT_MEMORY = 1 << 30
#: A worker forked from a process that is already large (a long test session) gets at
#: least this much beyond what it inherits, so that the limit never starves it at birth.
MIN_HEADROOM = 256 << 20
#: How often the fallback watcher looks at the parent.
POLL_SECONDS = 0.5

_PR_SET_PDEATHSIG = 1
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.IGNORECASE)


class TimedOut(Exception):
    """A bounded computation ran out of time.  The message reads after "the check"."""


class WorkerFailed(RuntimeError):
    """The worker ended without a usable answer; the message is one sentence."""


class OutOfMemory(WorkerFailed):
    """The worker needed more memory than its limit."""


class BadSetting(ValueError):
    """An environment setting that cannot be read."""


# -- settings ------------------------------------------------------------------------


def parse_size(text: str) -> int:
    """``"1G"``, ``"512M"``, ``"1.5GiB"`` or a number of bytes."""
    match = _SIZE.match(text)
    if match is None:
        raise BadSetting(f"{MEMORY_ENV} must be a size such as 1G or 512M, got {text!r}")
    number, unit = match.groups()
    size = int(float(number) * _UNITS[unit.upper()])
    if size <= 0:
        raise BadSetting(f"{MEMORY_ENV} must be more than zero, got {text!r}")
    return size


def memory_limit() -> int:
    """The address-space limit of a worker, in bytes (``MOMENTUM_SYM_WORKER_MEMORY``)."""
    text = os.environ.get(MEMORY_ENV, "").strip()
    return parse_size(text) if text else DEFAULT_MEMORY


def size_text(size: int) -> str:
    """``1 GiB``, ``512 MiB``: sizes as the limits are set."""
    for unit, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if size >= unit:
            value = size / unit
            return f"{value:.0f} {name}" if value == int(value) else f"{value:.1f} {name}"
    return f"{size} bytes"


# -- inside the worker ----------------------------------------------------------------


def _set_parent_death_signal() -> bool:
    """Linux only: the kernel sends SIGKILL to this process when its parent ends."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:  # pragma: no cover - runs in a worker thread
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os.kill(os.getpid(), signal.SIGKILL)


def die_with_parent(parent: int) -> None:
    """Make this (child) process end when ``parent`` ends, however it ends.

    The parent-death signal is tied to the thread that forked: callers fork from
    their main thread (or from a thread that outlives the child).  A parent that
    died before this call is caught by the ``getppid`` test.  Where the signal
    cannot be armed, a thread watches the parent instead (only there: a process
    with a second thread should not fork, and the build's pool workers do)."""
    armed = _set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os.kill(os.getpid(), signal.SIGKILL)
    if not armed:
        threading.Thread(target=_watch, args=(parent,), name="watch-parent",
                         daemon=True).start()


def _address_space() -> int:
    """The bytes of address space this process uses now (0 when unknown)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def effective_limit(limit: int, inherited: int) -> int:
    """The limit applied: ``limit``, or more when the process it is forked from
    already takes most of it (the worker starts with its parent's address space)."""
    return max(limit, inherited + MIN_HEADROOM)


def _peak_address_space() -> int:
    """The most address space this process has held (``VmPeak``; 0 when unknown)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def near_limit(applied: int, peak: int) -> bool:
    """Whether a process that held ``peak`` bytes at most was stopped by its limit: a
    failed allocation does not always surface as ``MemoryError`` (C code may report
    it as a ``SystemError``, or a library may turn it into another error)."""
    return applied > 0 and peak >= applied * 0.9


def limit_memory(limit: int) -> int:
    """Cap this process's address space (and forbid core files: an allocation that
    fails inside a C library may abort, and a core of the whole heap helps nobody).
    Returns the limit applied."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this platform
        return 0
    applied = effective_limit(limit, _address_space())
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        applied = min(applied, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (applied, hard))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    return applied


def _where(error: BaseException) -> str:
    last = traceback.extract_tb(error.__traceback__)[-1:]
    return f" in {last[0].name}" if last else ""


def _failure(error: BaseException) -> str:
    """A project sentence for an error raised inside the worker's function."""
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        return "a number in the computation has too many digits to be written out"
    if isinstance(error, RecursionError):
        return "the computation is nested too deeply"
    return (f"the computation stopped on an internal error ({type(error).__name__}"
            f"{_where(error)}); please report it with the input")


def _become_worker(parent: int, limit: int) -> int:  # pragma: no cover - in the worker
    """Bound this (forked) process; return the memory limit applied."""
    die_with_parent(parent)
    applied = limit_memory(limit)
    faulthandler.disable()  # a crash is reported by the parent, in one sentence
    # so is a C library's last word before it aborts (GMP: "Cannot reallocate memory"):
    # the worker answers through its connection, never on the terminal
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    return applied


def _child(connection: Any, parent: int, limit: int, function: Callable[..., Any],
           args: tuple, passthrough: tuple[type[BaseException], ...]
           ) -> None:  # pragma: no cover - runs in the worker
    applied = _become_worker(parent, limit)
    try:
        _answer(connection, applied, function, args, passthrough)
    finally:
        connection.close()


def _serve(tasks: Any, answers: Any, parent: int, limit: int,
           parents_ends: tuple[Any, ...]) -> None:  # pragma: no cover - in the worker
    """A :class:`Worker`'s loop: answer each task sent, until the pipe closes or a task
    ran out of memory (what it leaves behind is not to be trusted)."""
    for end in parents_ends:  # inherited: holding the sending end, it would never see EOF
        end.close()
    applied = _become_worker(parent, limit)
    while True:
        try:
            function, args, passthrough = tasks.recv()
        except (EOFError, OSError):
            return
        if _answer(answers, applied, function, args, passthrough) == "memory":
            return


def _answer(connection: Any, applied: int, function: Callable[..., Any], args: tuple,
            passthrough: tuple[type[BaseException], ...]
            ) -> str:  # pragma: no cover - runs in the worker
    """Run ``function(*args)`` and send how it ended; return the status sent."""
    message: tuple[str, Any]
    out_of_memory = False
    try:
        message = ("ok", function(*args))
    except passthrough as error:
        message = ("raise", error)
    except MemoryError:
        out_of_memory = True  # the frames holding the memory are released below
    except BaseException as error:
        out_of_memory = near_limit(applied, _peak_address_space())
        message = ("failed", _failure(error))
    if out_of_memory:
        message = ("memory", None)
    try:
        connection.send(message)
    except MemoryError:
        message = ("memory", None)
        with contextlib.suppress(BaseException):
            connection.send(message)
    except BaseException as error:  # an answer that cannot be sent back
        message = ("failed", _failure(error))
        with contextlib.suppress(BaseException):
            connection.send(message)
    return message[0]


# -- in the parent ---------------------------------------------------------------------


@contextlib.contextmanager
def heap_shared_with_children() -> Iterator[None]:
    """Around a fork: the objects that exist now are kept out of the garbage collector's
    reach (``gc.freeze``) in the child.  A child that collects its own garbage would
    otherwise walk the whole inherited heap, writing to every object it visits, and so
    copy page after page of memory it only reads (a seventh of an audit's work).  The
    parent's collector gets them back as soon as the child exists."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _memory_words(limit: int) -> str:
    return f"its memory limit of {size_text(limit)} (set {MEMORY_ENV} to change it)"


def _stopped(exitcode: int | None, limit: int) -> WorkerFailed:
    """Why a worker ended without an answer, in one sentence."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL):
            # a C library that cannot allocate aborts; the kernel's OOM killer uses SIGKILL
            return OutOfMemory(f"the worker stopped ({name}), most likely at "
                               f"{_memory_words(limit)}")
        return WorkerFailed(f"the worker was stopped by {name}")
    return WorkerFailed(f"the worker stopped without an answer (exit code {exitcode})")


def run(function: Callable[..., Any], *args: Any, timeout: float, memory: int | None = None,
        passthrough: tuple[type[BaseException], ...] = ()) -> Any:
    """``function(*args)`` in a forked worker bounded in time and memory.

    Exceptions of the ``passthrough`` types are raised again here as they were
    raised there.  Otherwise raises :class:`TimedOut`, :class:`OutOfMemory` or
    :class:`WorkerFailed`, each with one sentence."""
    limit = memory_limit() if memory is None else memory
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, daemon=True,
                              args=(send, os.getpid(), limit, function, args, passthrough))
    with heap_shared_with_children():
        process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise TimedOut(f"gave up after {timeout:g} s (its time limit)")
        try:
            status, value = receive.recv()
        except (EOFError, OSError):
            process.join(5)
            raise _stopped(process.exitcode, limit) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receive.close()
    return _returned(status, value, limit)


def _returned(status: str, value: Any, limit: int) -> Any:
    """A worker's answer, returned or raised here."""
    if status == "ok":
        return value
    if status == "raise":
        raise value
    if status == "memory":
        raise OutOfMemory(f"the computation needed more than {_memory_words(limit)}")
    raise WorkerFailed(value)


class Worker:
    """One bounded worker process kept for many calls, with the bounds of :func:`run`
    on each: a call that runs out of time kills it, and the next call forks a new one.

    A worker forked per call (:func:`run`) starts from what this process holds, and
    what it derives on the way (a result the formula is compared with, SymPy's
    caches) is lost when it ends: an audit's eighty comparisons derived the same
    results again and again.  A kept worker keeps them.  A call that runs out of
    memory in a worker that has answered before is tried once more in a fresh one, so
    that what earlier calls left behind never decides a verdict.  The functions and
    arguments are sent to the worker by ``pickle``."""

    def __init__(self, memory: int | None = None) -> None:
        self.limit = memory_limit() if memory is None else memory
        self._process: Any = None
        self._tasks: Any = None
        self._answers: Any = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        receive_task, self._tasks = context.Pipe(duplex=False)
        self._answers, send_answer = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, daemon=True, args=(
            receive_task, send_answer, os.getpid(), self.limit,
            (self._tasks, self._answers)))
        with heap_shared_with_children():
            self._process.start()
        receive_task.close()
        send_answer.close()

    def close(self, *, kill: bool = False) -> None:
        """End the worker (it is forked again at the next call); ``kill`` it at once
        when it is busy."""
        if self._process is None:
            return
        with contextlib.suppress(OSError):
            self._tasks.close()
        if not kill:
            self._process.join(1)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        self._answers.close()
        self._process = None

    def run(self, function: Callable[..., Any], *args: Any, timeout: float,
            passthrough: tuple[type[BaseException], ...] = ()) -> Any:
        """``function(*args)`` in the worker, as :func:`run` does it in a new one."""
        fresh = self._process is None
        try:
            return self._call(function, args, timeout, passthrough)
        except OutOfMemory:
            if fresh:
                raise
            return self._call(function, args, timeout, passthrough)

    def _call(self, function: Callable[..., Any], args: tuple, timeout: float,
              passthrough: tuple[type[BaseException], ...]) -> Any:
        if self._process is None:
            self._start()
        try:
            self._tasks.send((function, args, passthrough))
            if not self._answers.poll(timeout):
                self.close(kill=True)
                raise TimedOut(f"gave up after {timeout:g} s (its time limit)")
            status, value = self._answers.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._process.join(5)
            stopped = _stopped(self._process.exitcode, self.limit)
            self.close()
            raise stopped from None
        if status == "memory":
            self.close()
        return _returned(status, value, self.limit)


def pool_initializer(parent: int) -> None:
    """For ``ProcessPoolExecutor(initializer=..., initargs=(os.getpid(),))``: the pool's
    workers end with the process that made them."""
    die_with_parent(parent)
