"""A derivation step as data: the move, the claim, the reason, and what it uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from momentum_sym.kernel.inline_math import prose
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.text import Text


@dataclass(frozen=True)
class Solve:
    """The data of a SOLVE step: the claim ``unknown = value`` solves ``equation``."""

    equation: sp.Eq
    unknown: sp.Symbol


@dataclass(frozen=True)
class Induction:
    """The data of an INDUCTION step proving ``sequence(k) = closed(k)`` for all k >= base.

    ``base_value`` is the sequence at ``index = base``; ``advance`` maps the
    value at ``index`` to the value at ``index + 1`` (the recurrence), and
    ``recurrence`` states it for display.
    """

    index: sp.Symbol
    base: int
    base_value: sp.Basic
    advance: Callable[[sp.Basic], sp.Basic]
    recurrence: sp.Basic


@dataclass(frozen=True)
class CaseSplit:
    """The data of a CASE_SPLIT step: one claim per condition.

    The conditions must cover the domain; each claim is checked on its case.
    """

    cases: tuple[tuple[sp.Basic, sp.Basic], ...]


@dataclass(frozen=True)
class Step:
    """One move of a derivation.

    ``claim`` is a SymPy relation (``Eq`` for identities, inequalities or a
    boolean combination for regions).  ``uses`` names earlier step labels or
    results (``id.name``); ``assumptions`` are extra conditions in force for
    this step only.  ``hint`` may give substitutions valid on the domain that
    make a symbolic check decidable (a positivity certificate, say).
    ``written_in`` names the variables a reader follows (sigma in a characteristic
    polynomial): sums in the claim are printed collected in them, by falling powers.
    ``series_in`` names small quantities (h in a Taylor expansion): sums are printed
    collected in them by rising powers, as a series is written.  Both change how the
    claim is printed, never what is checked.
    """

    label: str
    kind: Kind
    claim: sp.Basic
    reason: Text
    uses: tuple[str, ...] = ()
    data: Solve | Induction | CaseSplit | None = None
    assumptions: tuple[sp.Basic, ...] = ()
    hint: tuple[dict[sp.Symbol, sp.Expr], ...] = ()
    written_in: tuple[sp.Symbol, ...] = ()
    series_in: tuple[sp.Symbol, ...] = ()

    def __post_init__(self) -> None:
        # the reason's backticked mathematics is read once, into SymPy parts
        object.__setattr__(self, "reason", prose(self.reason))

    @property
    def rhs(self) -> sp.Basic:
        """The right-hand side of an equality claim (the value carried forward)."""
        return self.claim.rhs
