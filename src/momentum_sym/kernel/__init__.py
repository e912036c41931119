"""The derivation kernel: steps, derivations, and how each kind of step is checked.

The kernel knows nothing of momentum.  It records moves made by the mathematics
in :mod:`momentum_sym.results` and checks each one twice: symbolically (proved,
undecided or failed, never guessed) and numerically with mpmath at seeded
random points of the derivation's domain.

The names below are imported on first use (PEP 562), so that importing a light
module of the kernel (:mod:`~momentum_sym.kernel.registry`) does not import SymPy:
``momentum-sym list`` answers in a fraction of SymPy's import time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from momentum_sym.kernel.derivation import Derivation, DerivationBuilder, Witness
    from momentum_sym.kernel.domain import Domain, IntegerRange, Interval
    from momentum_sym.kernel.kinds import Kind
    from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step

#: name -> the module of the kernel that defines it
_WHERE = {
    "CaseSplit": "step",
    "Derivation": "derivation",
    "DerivationBuilder": "derivation",
    "Domain": "domain",
    "Induction": "step",
    "IntegerRange": "domain",
    "Interval": "domain",
    "Kind": "kinds",
    "Solve": "step",
    "Step": "step",
    "Witness": "derivation",
}

__all__ = [
    "CaseSplit",
    "Derivation",
    "DerivationBuilder",
    "Domain",
    "Induction",
    "IntegerRange",
    "Interval",
    "Kind",
    "Solve",
    "Step",
    "Witness",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
