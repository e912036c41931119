"""Check outcomes: what a symbolic or numeric check found, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from momentum_sym.kernel.inline_math import prose
from momentum_sym.kernel.text import Text


class Status(Enum):
    """The symbolic verdict on a step.

    ``GIVEN`` marks definitions and ansatzes.  ``TRIVIAL`` marks a step whose two
    sides are the same expression as recorded: it proves nothing, so it is never
    counted as proved and fails verification (the derivation must make a move).
    """

    PROVED = "proved"
    UNDECIDED = "undecided"
    FAILED = "failed"
    GIVEN = "given"
    TRIVIAL = "trivial"


@dataclass(frozen=True)
class SymbolicOutcome:
    """The symbolic verdict with the method that reached it.  ``method`` and ``detail``
    are words, or :class:`~momentum_sym.kernel.text.Text` when they name mathematics
    (a solved region, a substitution): renderers print those parts as mathematics."""

    status: Status
    method: str | Text
    detail: str | Text = ""


@dataclass(frozen=True)
class NumericOutcome:
    """Agreement at seeded random points of the domain.

    ``digits`` is the smallest number of agreeing significant digits over the
    samples (``None`` for claims that are relations rather than equalities,
    where ``held`` counts the samples at which the relation held).
    """

    dps: int
    samples: int
    held: int
    digits: float | None
    required_digits: float
    worst_point: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def passed(self) -> bool:
        if self.held < self.samples:
            return False
        return self.digits is None or self.digits >= self.required_digits

    @property
    def max_error(self) -> str | None:
        """The worst relative difference as ``1e-D`` text, or None for relations."""
        if self.digits is None:
            return None
        return f"1e-{self.digits:.1f}"


@dataclass(frozen=True)
class StepReport:
    """Both checks of one step."""

    label: str
    symbolic: SymbolicOutcome
    numeric: NumericOutcome | None

    @property
    def passed(self) -> bool:
        return _passed(self.symbolic, self.numeric)


def _passed(symbolic: SymbolicOutcome, numeric: NumericOutcome | None) -> bool:
    """One rule for steps and published results: a failure or a vacuous claim never
    passes, numeric disagreement never passes, and what SymPy could not decide
    passes only on numeric evidence (and is reported as undecided)."""
    if symbolic.status in (Status.FAILED, Status.TRIVIAL):
        return False
    if numeric is not None and not numeric.passed:
        return False
    if symbolic.status is Status.UNDECIDED:
        return numeric is not None  # undecided needs numeric evidence
    return True


@dataclass(frozen=True)
class ResultReport:
    """The tie between a published result and the step that derived it: the value
    handed to ``result()`` must be proved equal to what that step states."""

    name: str
    step: str
    symbolic: SymbolicOutcome
    numeric: NumericOutcome | None = None

    @property
    def passed(self) -> bool:
        return _passed(self.symbolic, self.numeric)


@dataclass(frozen=True)
class Comparison:
    """One comparison made by a witness: a quantity from the running algorithm
    against the derived result."""

    name: str  # prose: words, and mathematics in backticks (`w^{k+1}`)
    passed: bool
    digits: float | None = None
    detail: str = ""  # prose, as the name

    def __post_init__(self) -> None:
        # read both now, so that a maths span the reader cannot read fails where the
        # witness writes it rather than in a renderer
        prose(self.name)
        prose(self.detail)


@dataclass(frozen=True)
class WitnessReport:
    """What running the actual algorithm showed."""

    description: Text
    comparisons: tuple[Comparison, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "description", prose(self.description))

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.comparisons)


@dataclass(frozen=True)
class DerivationReport:
    """The verification of a whole derivation."""

    derivation_id: str
    steps: tuple[StepReport, ...]
    witness: WitnessReport | None
    dps: int
    samples: int
    seed: int
    results: tuple[ResultReport, ...] = ()

    @property
    def passed(self) -> bool:
        witness_ok = self.witness is None or self.witness.passed
        return (witness_ok and all(s.passed for s in self.steps)
                and all(r.passed for r in self.results))

    def count(self, status: Status) -> int:
        return sum(1 for s in self.steps if s.symbolic.status is status)

    @property
    def min_digits(self) -> float | None:
        values = [s.numeric.digits for s in self.steps
                  if s.numeric is not None and s.numeric.digits is not None]
        return min(values) if values else None

    @property
    def failures(self) -> tuple[StepReport, ...]:
        return tuple(s for s in self.steps if not s.passed)

    @property
    def result_failures(self) -> tuple[ResultReport, ...]:
        return tuple(r for r in self.results if not r.passed)

    # Display: a line in a console, a table in Jupyter (rendering lives in render/).
    def __repr__(self) -> str:
        from momentum_sym.render.notebook import report_summary

        return report_summary(self)

    def _repr_html_(self) -> str:
        from momentum_sym.render.notebook import report_html

        return report_html(self)
