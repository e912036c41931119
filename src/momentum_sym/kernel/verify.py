"""Running every check of a derivation, deterministically."""

from __future__ import annotations

import hashlib
import random

from mpmath import mp

from momentum_sym.kernel.checks import CHECKERS, Context
from momentum_sym.kernel.defaults import DEFAULT_DPS, DEFAULT_SAMPLES, DEFAULT_SEED
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport, StepReport, WitnessReport
from momentum_sym.kernel.ties import check_tie

__all__ = ["DEFAULT_DPS", "DEFAULT_SAMPLES", "DEFAULT_SEED", "seeded_rng", "verify"]


def seeded_rng(seed: int, *names: str) -> random.Random:
    """A generator seeded from the run's seed and names, independent of call order."""
    digest = hashlib.sha256("\x1f".join((str(seed), *names)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def verify(derivation: Derivation, dps: int = DEFAULT_DPS, samples: int = DEFAULT_SAMPLES,
           seed: int = DEFAULT_SEED) -> DerivationReport:
    """Check every step of ``derivation``, prove each published result equal to what
    its step derived, and run the witness on the derivation itself."""
    reports = []
    for step in derivation.steps:
        ctx = Context(derivation.domain, derivation.model, dps, samples,
                      seeded_rng(seed, derivation.id, step.label))
        symbolic, numeric = CHECKERS[step.kind](step, ctx)
        reports.append(StepReport(step.label, symbolic, numeric))
    ties = tuple(check_tie(derivation, name, Context(
        derivation.domain, derivation.model, dps, samples,
        seeded_rng(seed, derivation.id, "result", name))) for name in sorted(derivation.results))
    witness: WitnessReport | None = None
    if derivation.witness is not None:
        with mp.workdps(dps):
            witness = derivation.witness.run(derivation, dps,
                                             seeded_rng(seed, derivation.id, "witness"))
    return DerivationReport(derivation.id, tuple(reports), witness, dps, samples, seed, ties)
