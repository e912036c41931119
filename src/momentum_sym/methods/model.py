"""A first-order method as data: parameters, state, update rule, start and source.

Problem.  A method for minimising f is a rule that produces the next iterate from
the current ones and gradients of f.  On a convex quadratic every method of this
kind (gradient descent, the heavy ball, Nesterov, PyTorch's SGD, QHM, a user's own
rule) is linear in its iterates and gradients, and the derivations of
:mod:`momentum_sym.tactics` need nothing else about it.

Representation.  Each quantity of the rule is a *sequence* (``w``, ``z``, ``y``)
whose value at step k + j is the real symbol ``w^{k+j}`` (:func:`at`); the gradient
of the objective at an expression u is ``grad(u)``, an applied SymPy function
printed as nabla f(u).  The update is a tuple of equations ``lhs = rhs`` evaluated
in order: each lhs is a sequence at step k + 1 (a new state) or at step k (an
intermediate such as Nesterov's look-ahead point), each rhs a linear combination of
sequences and gradients with coefficients in the parameters.  The *state* lists the
values the next step needs (``w^k`` and ``w^{k-1}`` for Nesterov); ``initial`` says
what they are at k = 0 in terms of the starting point; ``first_step`` replaces some
equations at k = 0 (PyTorch's momentum buffer starts as the first gradient).

Source.  The conventions of the article (Goh 2017: z for the velocity, x for the
error of w in the eigenbasis) and of each method's own paper or documentation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from momentum_sym.kernel.domain import Interval, interval

#: The gradient of the objective, applied to an expression: ``grad(w^{k})``.
grad = sp.Function(r"\nabla f")

_AT = re.compile(r"^(?P<name>[^\^]+)\^\{k(?P<offset>[+-]\d+)?\}$")


def at(name: str, offset: int = 0) -> sp.Symbol:
    """The value of the sequence ``name`` at step k + offset, as a real symbol."""
    shift = "" if offset == 0 else f"{offset:+d}"
    return sp.Symbol(f"{name}^{{k{shift}}}", real=True)


def at_step(name: str, step: int) -> sp.Symbol:
    """The value of the sequence ``name`` at a concrete step (``w^{0}``)."""
    return sp.Symbol(f"{name}^{{{step}}}", real=True)


@lru_cache(maxsize=4096)
def split(symbol: sp.Symbol) -> tuple[str, int] | None:
    """``w^{k-1}`` -> ("w", -1); None for anything that is not a sequence value (an
    expression such as Nesterov's look-ahead point ``w^k + beta v^k`` included).
    Kept per symbol: a run asks it for every term of every equation at each step."""
    if not isinstance(symbol, sp.Symbol):
        return None
    found = _AT.match(symbol.name)
    if found is None:
        return None
    return found.group("name"), int(found.group("offset") or 0)


def gradients(expr: sp.Basic) -> list[sp.Basic]:
    """The gradient applications in ``expr``, in a fixed order."""
    return sorted(expr.atoms(grad), key=sp.default_sort_key)


def sequence_symbols(expr: sp.Basic) -> set[sp.Symbol]:
    """The sequence values (``w^{k}``, ``z^{k+1}``) in ``expr``."""
    return {s for s in expr.free_symbols if isinstance(s, sp.Symbol) and split(s) is not None}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a method, with where it lives.

    ``role`` is ``"step"`` (multiplies the gradient: alpha, lr), ``"momentum"`` (the
    weight of the past: beta, mu) or ``"setting"`` (held fixed: dampening, nu).
    ``tuned`` parameters are the unknowns of the optimal-parameters derivation.
    ``constraints`` are relations beyond the symbol's own assumptions (beta < 1);
    ``sample`` is the range the numeric checks draw from.
    """

    symbol: sp.Symbol
    meaning: str
    role: str
    sample: Interval
    constraints: tuple[sp.Basic, ...] = ()
    tuned: bool = True
    code: str = ""  # the name in the method's own code or paper (lr, momentum, dampening)
    default: Fraction | int = 0  # a fixed setting's value where one is needed (compare)


@dataclass(frozen=True)
class Method:
    """A first-order method, linear in its iterates and gradients (see the module)."""

    name: str
    title: str
    parameters: tuple[Parameter, ...]
    update: tuple[sp.Eq, ...]
    state: tuple[sp.Symbol, ...]
    initial: Mapping[sp.Symbol, sp.Expr]
    iterate: str = "w"
    first_step: Mapping[sp.Symbol, sp.Expr] = field(default_factory=dict)
    source: str = ""
    description: str = ""
    #: the letter of each sequence's error coordinate in the eigenbasis (w -> x)
    coordinates: Mapping[str, str] = field(default_factory=dict)
    #: the title as it reads inside a sentence, when that is not simply the title with
    #: a leading article in lower case ("gradient descent", not "Gradient descent")
    noun_phrase: str = ""

    @property
    def noun(self) -> str:
        """The title as it reads inside a sentence, without the remark in brackets that
        may end it: "Run the heavy ball (its own rule) ...", never "Run The heavy ball
        (momentum as the article writes it) (its own rule) ..." (the chapter's heading
        keeps the whole title)."""
        if self.noun_phrase:
            phrase = self.noun_phrase
        else:
            first, _, rest = self.title.partition(" ")
            phrase = f"{first.lower()} {rest}" if first in ("The", "A", "An") and rest \
                else self.title
        return re.sub(r"\s*\([^()]*\)$", "", phrase) or phrase

    # -- what the rule is made of ------------------------------------------------------

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(p.symbol for p in self.parameters)

    def parameter(self, role: str) -> Parameter | None:
        """The first parameter with this role (the step size, the momentum)."""
        return next((p for p in self.parameters if p.role == role), None)

    @property
    def step_size(self) -> sp.Symbol:
        found = self.parameter("step")
        if found is None:
            raise ValueError(f"{self.name} has no step-size parameter")
        return found.symbol

    @property
    def momentum(self) -> sp.Symbol | None:
        found = self.parameter("momentum")
        return None if found is None else found.symbol

    @property
    def tuned(self) -> tuple[sp.Symbol, ...]:
        return tuple(p.symbol for p in self.parameters if p.tuned)

    @property
    def constraints(self) -> tuple[sp.Basic, ...]:
        return tuple(c for p in self.parameters for c in p.constraints)

    def sequences(self) -> tuple[str, ...]:
        """Every sequence of the rule, in order of first appearance."""
        seen: dict[str, None] = {}
        for equation in self.update:
            for side in (equation.lhs, equation.rhs):
                for s in sorted(sequence_symbols(side), key=sp.default_sort_key):
                    seen.setdefault(split(s)[0], None)
        return tuple(seen)

    def coordinate(self, name: str) -> str:
        return self.coordinates.get(name, name)

    def next_state(self) -> tuple[sp.Symbol, ...]:
        """The state one step later: each entry advanced by one step."""
        return tuple(advance(s) for s in self.state)

    def rule(self, first: bool = False) -> tuple[sp.Eq, ...]:
        """The equations of one step (of the first step when ``first``)."""
        if not first or not self.first_step:
            return self.update
        return tuple(sp.Eq(e.lhs, self.first_step.get(e.lhs, e.rhs), evaluate=False)
                     for e in self.update)

    def sample_ranges(self) -> dict[sp.Symbol, Interval]:
        return {p.symbol: p.sample for p in self.parameters}


def advance(symbol: sp.Symbol, steps: int = 1) -> sp.Symbol:
    name, offset = split(symbol)
    return at(name, offset + steps)


def parameter(symbol: sp.Symbol, meaning: str, role: str, low: str | int | Fraction,
              high: str | int | Fraction, constraints: tuple[sp.Basic, ...] = (),
              tuned: bool = True, code: str = "", default: str | int = 0) -> Parameter:
    """A :class:`Parameter` with readable bounds."""
    return Parameter(symbol, meaning, role, interval(low, high), constraints, tuned, code,
                     Fraction(default))
