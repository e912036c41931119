"""Derivations: an ordered list of checked steps with named results and a witness."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sympy as sp

from momentum_sym.kernel.domain import Domain
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.matrices import MatrixModel
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step

WitnessRun = Callable[[int, random.Random], WitnessReport]


@dataclass(frozen=True)
class Witness:
    """Runs the actual algorithm and compares it with the results.

    ``run(dps, rng)`` returns a :class:`WitnessReport`; ``description`` says in
    one sentence what is run and what is compared.
    """

    description: str
    run: WitnessRun


@dataclass(frozen=True)
class Derivation:
    """A derived result: its steps, its named results and its witness.

    ``source`` says where the result sits in the source texts; ``summary`` is
    the closing "what this shows" paragraph for a student.
    """

    id: str
    title: str
    source: str
    summary: str
    domain: Domain
    steps: tuple[Step, ...]
    results: Mapping[str, sp.Basic]
    witness: Witness | None = None
    model: MatrixModel | None = None
    uses: tuple[str, ...] = ()
    notation: Mapping[str, str] = field(default_factory=dict)

    # Jupyter display.  Rendering lives in momentum_sym.render; the kernel only
    # forwards to it, so that `d = get(id)` shows typeset mathematics in a notebook.
    def _repr_latex_(self) -> str:
        from momentum_sym.render.notebook import repr_latex

        return repr_latex(self)

    def _repr_markdown_(self) -> str:
        from momentum_sym.render.notebook import repr_markdown

        return repr_markdown(self)

    def step(self, label: str) -> Step:
        for s in self.steps:
            if s.label == label:
                return s
        raise KeyError(label)


class DerivationBuilder:
    """Records steps as the mathematics makes them.

    Each method returns the recorded step so the caller can carry the
    right-hand side forward: ``x1 = d.simplify(...).rhs``.
    """

    def __init__(self, id: str, title: str, *, source: str, summary: str, domain: Domain,
                 model: MatrixModel | None = None, uses: tuple[str, ...] = ()):
        self.id, self.title, self.source, self.summary = id, title, source, summary
        self.domain, self.model, self.uses = domain, model, uses
        self.steps: list[Step] = []
        self.results: dict[str, sp.Basic] = {}
        self.notation: dict[str, str] = {}

    def add(self, label: str, kind: Kind, claim: sp.Basic, reason: str, *,
            uses: tuple[str, ...] = (), data: Solve | Induction | CaseSplit | None = None,
            assumptions: tuple[sp.Basic, ...] = (),
            hint: tuple[dict[sp.Symbol, sp.Expr], ...] = ()) -> Step:
        if any(s.label == label for s in self.steps):
            raise ValueError(f"duplicate step label {label!r} in {self.id}")
        step = Step(label, kind, claim, reason, tuple(uses), data, tuple(assumptions), tuple(hint))
        self.steps.append(step)
        return step

    def equation(self, label: str, kind: Kind, lhs: sp.Basic, rhs: sp.Basic, reason: str,
                 **options) -> Step:
        """Record ``lhs = rhs`` (unevaluated, so that the claim reads as written)."""
        return self.add(label, kind, sp.Eq(lhs, rhs, evaluate=False), reason, **options)

    def solve(self, label: str, equation: sp.Eq, unknown: sp.Symbol, value: sp.Expr,
              reason: str, **options) -> Step:
        """Record that ``unknown = value`` solves ``equation``; the caller found
        ``value`` with a SymPy solver."""
        return self.add(label, Kind.SOLVE, sp.Eq(unknown, value, evaluate=False), reason,
                        data=Solve(equation, unknown), **options)

    def result(self, name: str, value: sp.Basic) -> None:
        if name in self.results:
            raise ValueError(f"duplicate result {name!r} in {self.id}")
        self.results[name] = value

    def name(self, symbol: str, meaning: str) -> None:
        """Record what a symbol means in this derivation (shown in the notation list)."""
        self.notation[symbol] = meaning

    def build(self, witness: Witness | None = None) -> Derivation:
        return Derivation(self.id, self.title, self.source, self.summary, self.domain,
                          tuple(self.steps), dict(self.results), witness, self.model,
                          self.uses, dict(self.notation))
