"""Derivations: an ordered list of checked steps with named results and a witness."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef

from momentum_sym.kernel.domain import Domain
from momentum_sym.kernel.inline_math import prose
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.matrices import MatrixModel
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step
from momentum_sym.kernel.text import Text

WitnessRun = Callable[["Derivation", int, random.Random], WitnessReport]


@dataclass(frozen=True)
class Witness:
    """Runs the actual algorithm and compares it with the results.

    ``run(derivation, dps, rng)`` returns a :class:`WitnessReport`.  It is handed the
    derivation under test and must compare the algorithm's run with that
    derivation's published ``results`` (never with local copies), so that a wrong
    published value is caught by running the algorithm.  ``description`` says in one
    sentence what is run and what is compared.
    """

    description: Text
    run: WitnessRun

    def __post_init__(self) -> None:
        object.__setattr__(self, "description", prose(self.description))


@dataclass(frozen=True)
class Bound:
    """The region a result ends: ``region`` is a relation in ``variable`` (0 < t < 2 + 2
    beta), which stands for ``stands_for`` (t = alpha lambda).  It is the right side of a
    step's checked claim ``condition <=> region``, so that a formula stated as an
    inequality can be compared with the region itself, not with its end alone."""

    region: sp.Basic
    variable: sp.Symbol
    stands_for: sp.Expr

    def in_original(self) -> sp.Basic:
        """The region in the symbols ``variable`` stands for (0 < alpha lambda < ...)."""
        return self.region.xreplace({self.variable: self.stands_for})


@dataclass(frozen=True)
class Derivation:
    """A derived result: its steps, its named results and its witness.

    ``source`` says where the result sits in the source texts; ``summary`` is
    the closing "what this shows" paragraph for a student.
    """

    id: str
    title: str
    source: str
    summary: Text
    domain: Domain
    steps: tuple[Step, ...]
    results: Mapping[str, sp.Basic]
    witness: Witness | None = None
    model: MatrixModel | None = None
    uses: tuple[str, ...] = ()
    notation: Mapping[str, Text] = field(default_factory=dict)
    origins: Mapping[str, str] = field(default_factory=dict)  # result name -> step label
    # result name -> the renaming of atoms between the step and the result (lambda_i -> lambda)
    renamings: Mapping[str, Mapping[sp.Basic, sp.Basic]] = field(default_factory=dict)
    # result name -> the instance on which its step proved it (a 2x2 R put as a generic M)
    instances: Mapping[str, Mapping[sp.Basic, sp.Basic]] = field(default_factory=dict)
    # result name -> the region it ends (an upper bound of a convergence range)
    bounds: Mapping[str, Bound] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # prose is read once, here: its backticked mathematics becomes SymPy parts
        object.__setattr__(self, "summary", prose(self.summary))
        object.__setattr__(self, "notation",
                           {name: prose(meaning) for name, meaning in self.notation.items()})

    # Jupyter display.  Rendering lives in momentum_sym.render; the kernel only
    # forwards to it, so that `d = get(id)` shows typeset mathematics in a notebook.
    def _repr_latex_(self) -> str:
        from momentum_sym.render.notebook import repr_latex

        return repr_latex(self)

    def _repr_html_(self) -> str:
        from momentum_sym.render.notebook import repr_html

        return repr_html(self)

    def __repr__(self) -> str:
        names = ", ".join(self.results) or "no named results"
        return f"<Derivation {self.id}: {self.title}; {len(self.steps)} steps; {names}>"

    def step(self, label: str) -> Step:
        for s in self.steps:
            if s.label == label:
                return s
        raise KeyError(label)

    def origin(self, name: str) -> Step | None:
        """The step that derived the published result ``name`` (None if no step is named)."""
        label = self.origins.get(name)
        return None if label is None else next(
            (s for s in self.steps if s.label == label), None)

    def result_domain(self, name: str) -> Domain:
        """Where the result ``name`` holds: the derivation's domain cut down by the
        assumptions of the step that derived it (a rate derived for complex
        eigenvalues holds only where they are complex)."""
        step = self.origin(name)
        return self.domain.with_constraints(step.assumptions if step is not None else ())


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
        self.origins: dict[str, str] = {}
        self.renamings: dict[str, dict[sp.Basic, sp.Basic]] = {}
        self.instances: dict[str, dict[sp.Basic, sp.Basic]] = {}
        self.bounds: dict[str, Bound] = {}
        self.notation: dict[str, str] = {}

    def add(self, label: str, kind: Kind, claim: sp.Basic, reason: str, *,
            uses: tuple[str, ...] = (), data: Solve | Induction | CaseSplit | None = None,
            assumptions: tuple[sp.Basic, ...] = (),
            hint: tuple[dict[sp.Symbol, sp.Expr], ...] = (),
            written_in: tuple[sp.Symbol, ...] = (),
            series_in: tuple[sp.Symbol, ...] = ()) -> Step:
        if any(s.label == label for s in self.steps):
            raise ValueError(f"duplicate step label {label!r} in {self.id}")
        # an assumption that came out True (a condition a tactic met on the way) says
        # nothing, and one said twice is said once
        said = tuple(dict.fromkeys(a for a in assumptions if a is not sp.true))
        step = Step(label, kind, claim, reason, tuple(uses), data, said, tuple(hint),
                    tuple(written_in), tuple(series_in))
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

    def result(self, name: str, value: sp.Basic, *, step: Step | str,
               rename: Mapping[sp.Basic, sp.Basic] | None = None,
               instance: Mapping[sp.Basic, sp.Basic] | None = None,
               ends: tuple[str, sp.Basic] | None = None,
               variable: tuple[sp.Symbol, sp.Expr] | None = None) -> None:
        """Publish ``value`` as the named result derived by ``step`` (a recorded step or
        its label).  Verification proves ``value`` equal to what that step states
        (:mod:`momentum_sym.kernel.ties`); the result holds under that step's
        assumptions.  ``rename`` maps atoms of the step to the result's symbols when
        the result drops an index (``lambda_i`` written ``lambda`` per eigenvalue); it
        must be one-to-one onto plain symbols.  ``instance`` substitutes into the
        published value the instance the step proved it on (a formula for any 2x2
        matrix R proved on a generic matrix M: ``{R: M}``).  ``ends`` = (a step,
        the region the value ends): the step's claim is ``condition <=> region``, the
        region a relation in ``variable`` = (t, what t stands for) (:class:`Bound`)."""
        rename = dict(rename or {})
        if len(set(rename.values())) != len(rename) or not all(
                isinstance(v, (sp.Symbol, AppliedUndef, sp.Derivative))
                for v in rename.values()):
            raise ValueError(f"result {name!r} of {self.id}: a renaming must be one-to-one "
                             "onto symbols (or functions of time and their derivatives)")
        if name in self.results:
            raise ValueError(f"duplicate result {name!r} in {self.id}")
        label = step.label if isinstance(step, Step) else step
        if not any(s.label == label for s in self.steps):
            raise ValueError(f"result {name!r} of {self.id} names no recorded step {label!r}")
        self.results[name] = value
        self.origins[name] = label
        if rename:
            self.renamings[name] = rename
        if instance:
            self.instances[name] = dict(instance)
        if ends is not None:
            self.bounds[name] = self._bound(name, ends, variable)

    def _bound(self, name: str, ends: tuple[str, sp.Basic],
               variable: tuple[sp.Symbol, sp.Expr] | None) -> Bound:
        label, region = ends
        claim = next((s.claim for s in self.steps if s.label == label), None)
        if not isinstance(claim, sp.Equivalent) or region not in claim.args \
                or variable is None or variable[0] not in region.free_symbols:
            raise ValueError(f"result {name!r} of {self.id}: {label!r} must be a recorded step "
                             "claiming condition <=> region, a region in the given variable")
        return Bound(region, *variable)

    def name(self, symbol: str, meaning: str | Text) -> None:
        """Record what a symbol means in this derivation (shown in the notation list)."""
        self.notation[symbol] = meaning

    def build(self, witness: Witness | None = None) -> Derivation:
        return Derivation(self.id, self.title, self.source, self.summary, self.domain,
                          tuple(self.steps), dict(self.results), witness, self.model,
                          self.uses, dict(self.notation), dict(self.origins),
                          dict(self.renamings), dict(self.instances), dict(self.bounds))
