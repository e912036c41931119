"""Corrupting one step of a derivation, to show that its check can fail."""

import dataclasses

import sympy as sp

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.step import Step


def replace_step(derivation: Derivation, label: str, **changes) -> Derivation:
    """The derivation with one step's fields replaced."""
    steps = tuple(dataclasses.replace(s, **changes) if s.label == label else s
                  for s in derivation.steps)
    assert any(s.label == label for s in derivation.steps), label
    return dataclasses.replace(derivation, steps=steps)


def flip_sign(step: Step) -> sp.Basic:
    """The claim with its right-hand side negated (for matrices: lhs = -rhs)."""
    return sp.Eq(step.claim.lhs, -step.claim.rhs, evaluate=False)


def scale_rhs(step: Step, factor) -> sp.Basic:
    """The claim with its right-hand side multiplied by ``factor`` (a dropped factor)."""
    return sp.Eq(step.claim.lhs, factor * step.claim.rhs, evaluate=False)


def with_results(derivation: Derivation, **values) -> Derivation:
    """The derivation with some published results replaced (a corrupted result)."""
    for name in values:
        assert name in derivation.results, name
    return dataclasses.replace(derivation, results={**derivation.results, **values})


def run_witness(derivation: Derivation, dps: int = 50, seed: int = 0):
    """The witness of ``derivation`` run on the derivation itself (as ``verify`` does)."""
    from momentum_sym.kernel.verify import seeded_rng

    assert derivation.witness is not None
    return derivation.witness.run(derivation, dps, seeded_rng(seed, derivation.id, "witness"))
