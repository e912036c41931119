"""Verification that overlaps derivation (momentum_sym.overlap): every task's result,
in the order given, whatever ``jobs`` and the timing; a worker is handed only tasks
whose derivations it inherited; the callback hears of each task once, after the
derivation is complete; a failure stops the workers."""

import os
import time

import pytest

from momentum_sym import overlap
from momentum_sym.overlap import Overlap

#: What this process has "derived" so far: a worker forked before a task's entry was
#: made would not see it.
DERIVED: dict[str, int] = {}


def inherited(task: str) -> int | None:
    """In a worker: the derivation of ``task`` as this process inherited it."""
    if task == "slow":
        time.sleep(0.3)
    if task == "boom":
        raise ArithmeticError("boom")
    return DERIVED.get(task)


def run(jobs: int, ready: list[str], later: list[str], reserved: int = 0):
    DERIVED.clear()
    heard = []
    with Overlap(inherited, jobs, reserved=lambda: reserved) as work:
        for task in ready:
            DERIVED[task] = len(task)
            work.ready(task)
            time.sleep(0.01)  # derivation takes time: workers are forked meanwhile
        for task in later:
            DERIVED[task] = len(task)
        results = work.finish(later, lambda task, result: heard.append(task))
    return results, heard


CASES = [
    # jobs, tasks ready one by one, tasks given at the end
    (1, ["a", "bb", "ccc"], ["dddd"]),
    (2, ["a", "bb", "ccc"], ["dddd"]),
    (2, ["slow", "a", "bb", "ccc", "slow2", "e"], []),
    (3, ["a", "bb"], ["ccc", "dddd", "slow"]),
    (2, [], ["a", "bb"]),
    (2, ["a"], []),
    (4, [f"t{j}" * (j % 3 + 1) for j in range(12)], ["x"]),
]


@pytest.mark.parametrize(("jobs", "ready", "later"), CASES)
def test_every_result_in_order_from_a_worker_that_inherited_it(jobs, ready, later):
    results, heard = run(jobs, ready, later)
    assert results == [len(t) for t in ready + later]
    assert sorted(heard) == sorted(ready + later)


def test_no_worker_is_forked_while_the_callers_other_work_holds_the_cores(monkeypatch):
    forks = []
    real = overlap.fork_pool
    monkeypatch.setattr(overlap, "fork_pool", lambda n: forks.append(n) or real(n))
    DERIVED.clear()
    with Overlap(inherited, 2, reserved=lambda: 1) as work:
        for task in ["a", "bb", "ccc"]:
            DERIVED[task] = len(task)
            work.ready(task)
        assert forks == []  # the caller's other work holds the core
        assert work.finish([]) == [1, 2, 3]
    assert forks == [1]  # then one, with everything: the other core is still held


def test_a_worker_is_forked_for_each_free_core_at_the_end(monkeypatch):
    forks = []
    real = overlap.fork_pool
    monkeypatch.setattr(overlap, "fork_pool", lambda n: forks.append(n) or real(n))
    results, _ = run(3, [], [f"t{j}" for j in range(9)])
    assert results == [2] * 9
    assert forks == [1, 1, 1]


def test_the_callback_hears_only_after_the_derivation():
    DERIVED.clear()
    heard = []
    with Overlap(inherited, 2) as work:
        for task in ["slow", "a", "bb"]:
            DERIVED[task] = 0
            work.ready(task)
        time.sleep(0.5)  # the first worker is done by now
        assert heard == []
        work.finish([], lambda task, result: heard.append(task))
    assert sorted(heard) == ["a", "bb", "slow"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_task_that_fails_raises_and_leaves_no_worker(jobs):
    before = set(os.listdir("/proc")) if os.path.isdir("/proc/self") else set()
    with pytest.raises(ArithmeticError, match="boom"):
        run(jobs, ["a", "boom", "slow"], ["bb"])
    time.sleep(0.2)
    if before:
        children = [p for p in set(os.listdir("/proc")) - before if p.isdigit()
                    and _parent(p) == os.getpid()]
        assert children == []


def _parent(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


@pytest.mark.parametrize("jobs", [1, 2])
def test_verifying_as_results_are_derived_gives_the_same_reports(jobs):
    from momentum_sym import get
    from momentum_sym.render.build import derive_and_verify, verify_all

    some = ["quadratic-optimum", "gd-closed-form", "gd-step-size-range"]
    overlapped = derive_and_verify(some, dps=20, samples=2, jobs=jobs)
    assert [d.id for d, _ in overlapped] == some
    one_by_one = verify_all([get(i) for i in some], dps=20, samples=2, jobs=1)
    assert [r for _, r in overlapped] == [r for _, r in one_by_one]
