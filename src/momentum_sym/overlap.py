"""Verification that starts while the rest is still being derived.

A cold run derives every result in this process and verifies them in forked worker
processes, which inherit the derivations instead of deriving again what they verify.
Deriving is a third of a cold ``verify`` and uses one core.  So that the other cores
do not wait for it, :class:`Overlap` forks a worker whenever a core is free, hands it
every task whose results are derived by then, and lets this process go on deriving.
What is left once everything is derived is shared among ``jobs`` workers.

A task's result does not depend on the process that runs it (each is seeded by its
own name), so the outputs are the same for any ``jobs`` and any timing.  The
``finished`` callback is told of each task once, and only after the derivation is
complete: what it renders may refer to every result (a page links to its neighbours).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from momentum_sym.bounded import heap_shared_with_children, pool_initializer

Task = Hashable
Finished = Callable[[Any, Any], None]


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers are forked (on Linux) from this process as it is when the
    first task is submitted, and end with it however it ends."""
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=pool_initializer, initargs=(os.getpid(),))


def terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: its running tasks are killed, its queued ones dropped."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


#: Tasks handed to a worker at a time: one running and two queued behind it, so that
#: it does not wait for this process (busy deriving) between two tasks.
DEPTH = 3


@dataclass
class _Worker:
    pool: ProcessPoolExecutor
    knows: int  # the tasks 0 .. knows - 1 were ready when it was forked
    running: set[Future] = field(default_factory=set)


class Overlap:
    """Tasks run in forked workers as soon as what they need is derived (see the module).

    ``run`` is a module-level function of one task (it is called in the workers);
    ``reserved()`` is the number of cores that other work of the caller's holds now.
    A worker is given only tasks that were ready when it was forked (it holds their
    derivations), a few at a time, so that the work stays spread over the cores."""

    def __init__(self, run: Callable[[Any], Any], jobs: int,
                 reserved: Callable[[], int] = lambda: 0):
        self._run, self._jobs, self._reserved = run, jobs, reserved
        self._tasks: list[Task] = []
        self._waiting: list[int] = []  # indices of tasks not yet handed to a worker
        self._workers: list[_Worker] = []
        self._running: dict[Future, int] = {}
        self._results: dict[int, Any] = {}

    def __enter__(self) -> Overlap:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for worker in self._workers:
            if kind is None:
                worker.pool.shutdown()
            else:  # a failed or interrupted run does not wait for its workers
                terminate(worker.pool)
        self._workers.clear()

    def ready(self, task: Task) -> None:
        """``task`` can run now: everything it needs is derived in this process.  A
        worker is forked for the tasks no worker can take while a core is free (this
        process, deriving, holds one)."""
        self._tasks.append(task)
        self._waiting.append(len(self._tasks) - 1)
        if self._jobs > 1:
            self._collect(block=False)
            self._supply(cores=self._jobs - 1, needed=False)

    def finish(self, later: Sequence[Task], finished: Finished | None = None) -> list[Any]:
        """Run what is left, with the tasks in ``later``, and give every result, in the
        order the tasks were given; ``finished(task, result)`` is called for each."""
        for task in later:
            self._tasks.append(task)
            self._waiting.append(len(self._tasks) - 1)
        if self._jobs <= 1:
            for j in self._waiting:
                self._results[j] = self._run(self._tasks[j])
                if finished is not None:
                    finished(self._tasks[j], self._results[j])
            self._waiting = []
            return [self._results[j] for j in range(len(self._tasks))]
        self._collect(block=False)
        for j in sorted(self._results):  # those done while this process derived
            if finished is not None:
                finished(self._tasks[j], self._results[j])
        # every core now; the workers forked while deriving go on with what they hold
        self._supply(cores=self._jobs, needed=True)
        while self._running:
            for j in self._collect(block=True):
                if finished is not None:
                    finished(self._tasks[j], self._results[j])
            self._supply(cores=self._jobs, needed=True)
        return [self._results[j] for j in range(len(self._tasks))]

    def _supply(self, cores: int, needed: bool) -> None:
        """Keep each worker supplied, end those left with nothing they can take (their
        memory is given back), and fork one for the tasks that remain while one of
        ``cores`` is free (one at least when nothing runs, if the work is ``needed``
        now)."""
        for worker in list(self._workers):
            self._give(worker)
            if not worker.running:
                worker.pool.shutdown()
                self._workers.remove(worker)
        while self._waiting and ((needed and not self._workers) or
                                 cores - self._reserved() - len(self._workers) > 0):
            worker = _Worker(fork_pool(1), len(self._tasks))
            self._workers.append(worker)
            with heap_shared_with_children():  # the pool forks its worker at the first task
                self._give(worker)

    def _give(self, worker: _Worker) -> None:
        """Hand ``worker`` the earliest tasks it holds the derivations of, up to
        :data:`DEPTH` at once."""
        while len(worker.running) < DEPTH:
            known = next((j for j in self._waiting if j < worker.knows), None)
            if known is None:
                return
            self._waiting.remove(known)
            future = worker.pool.submit(self._run, self._tasks[known])
            worker.running.add(future)
            self._running[future] = known

    def _collect(self, block: bool) -> list[int]:
        """The indices of the tasks that have finished (waiting for one if ``block``);
        a task that raised raises here."""
        if not self._running:
            return []
        done, _ = wait(list(self._running), timeout=None if block else 0,
                       return_when=FIRST_COMPLETED)
        for worker in self._workers:
            worker.running -= done
        finished = []
        for future in done:
            j = self._running.pop(future)
            self._results[j] = future.result()
            finished.append(j)
        return sorted(finished)
