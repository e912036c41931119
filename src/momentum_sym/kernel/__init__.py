"""The derivation kernel: steps, derivations, and how each kind of step is checked.

The kernel knows nothing of momentum.  It records moves made by the mathematics
in :mod:`momentum_sym.results` and checks each one twice: symbolically (proved,
undecided or failed, never guessed) and numerically with mpmath at seeded
random points of the derivation's domain.
"""

from momentum_sym.kernel.derivation import Derivation, DerivationBuilder, Witness
from momentum_sym.kernel.domain import Domain, IntegerRange, Interval
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step

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
