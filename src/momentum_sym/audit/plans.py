"""What the audit does with one relation: a :class:`Plan`.

A plan is data (so that it can be sent to a worker process and printed): either a
verdict reached by reading alone (``definition``, ``not-a-claim``, ``unreadable``), or
the comparisons to make (:class:`Candidate`, each one call of
:func:`momentum_sym.audit.compare.check`), or a method fact (:class:`Fact`) checked on a
derivation's matrix model.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def pairs(mapping: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    """A mapping as sorted pairs (plans are hashable and deterministic)."""
    return tuple(sorted((mapping or {}).items()))


@dataclass(frozen=True)
class Candidate:
    """One comparison: ``latex`` against ``target`` (``ID.NAME``) with a reading."""

    target: str
    latex: str
    notation: tuple[tuple[str, str], ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    at: tuple[tuple[str, str], ...] = ()
    derived: str | None = None
    limit: str | None = None


@dataclass(frozen=True)
class Fact:
    """A fact about the method checked on a derivation's matrix model: ``latex`` read
    as a matrix expression (keys mapped by ``notation``/``where``) against ``expected``
    (a name the model defines, such as ``w^{k+1}``, or LaTeX in canonical symbols)."""

    kind: str  # "identity" | "basis-position" | "basis-velocity" | "update"
    derivation: str
    latex: str
    expected: str
    notation: tuple[tuple[str, str], ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    correction: str = ""


@dataclass(frozen=True)
class Plan:
    """How one relation is judged."""

    verdict: str | None = None  # decided by reading alone
    message: str = ""
    candidates: tuple[Candidate, ...] = ()
    facts: tuple[Fact, ...] = ()
    strong: bool = False  # the claimed quantity is identified: a mismatch is an erratum
    reading: tuple[str, ...] = ()  # how the formula was read, in sentences
    compared: str = ""  # the LaTeX compared, when it is not the whole relation
    slip: str = ""  # a slip of notation in the text (flagged as an erratum)
    quantity: str = ""  # what the relation is about, for the table
    #: ``all``: every candidate must hold (each coefficient of an unrolled iterate);
    #: ``note``: a sentence put before the verdict's message; ``definition``: a
    #: definition checked for consistency (equivalent is reported as a definition).
    extra: dict = field(default_factory=dict, compare=False, hash=False)
