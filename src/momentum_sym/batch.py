"""Verifying many results at once, in parallel processes.

Each result is verified independently with generators seeded from its own id,
so the reports do not depend on the order or the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from momentum_sym.kernel.outcome import DerivationReport
from momentum_sym.kernel.verify import DEFAULT_DPS, DEFAULT_SAMPLES, DEFAULT_SEED, verify
from momentum_sym.results import REGISTRY


def _verify_one(id: str, dps: int, samples: int, seed: int) -> DerivationReport:
    return verify(REGISTRY.get(id), dps=dps, samples=samples, seed=seed)


def verify_ids(ids: Sequence[str], dps: int = DEFAULT_DPS, samples: int = DEFAULT_SAMPLES,
               seed: int = DEFAULT_SEED, workers: int | None = None
               ) -> dict[str, DerivationReport]:
    """Reports for ``ids`` (in the given order), verified by up to ``workers`` processes
    (default: the number of CPUs; 1 verifies in this process)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(ids) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return {id: _verify_one(id, dps, samples, seed) for id in ids}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(ids)), mp_context=context) as pool:
        futures = {id: pool.submit(_verify_one, id, dps, samples, seed) for id in ids}
        return {id: futures[id].result() for id in ids}
