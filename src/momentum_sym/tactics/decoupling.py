"""Decoupling: any linear method on a quadratic splits into one recurrence per eigenvalue.

Problem.  A method (:class:`~momentum_sym.methods.model.Method`) on
f(w) = 1/2 w^T A w - b^T w with A = Q Lambda Q^T: describe its iterates one
eigencomponent at a time.

Method.  The gradient is A u - b = A (u - w*), so Q^T grad f(u) = Lambda Q^T (u - w*)
(one matrix identity, checked on generic instances).  Every equation of the rule is
a combination of iterates and gradients with scalar coefficients, so Q^T carries it
to the eigenbasis term by term, and component i involves only lambda_i.  The optimum
is a fixed point of the rule (each sequence takes its value there, solved by
SymPy: w* for an iterate, 0 for a velocity); subtracting the fixed point's own
equation leaves a homogeneous recurrence in the error coordinates (x = Q^T (w - w*)
for the iterate).

Result.  The recurrences in error coordinates, one per equation of the rule
(recorded as steps of the caller's derivation).

Source.  Goh (2017), "First Steps: Gradient Descent" and "The Dynamics of Momentum"
(the change of basis), for any method of this form.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from momentum_sym.kernel import DerivationBuilder, Kind
from momentum_sym.methods.model import Method, grad, sequence_symbols, split
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import quadratic_model

OPTIMUM = sp.Symbol(r"w_i^{\star}", real=True)  # component i of Q^T w*
U = sp.MatrixSymbol("u", S.n, 1)  # any point at which a gradient is taken


class NotAMethod(ValueError):
    """A rule that does not keep the optimum fixed (no unique fixed point)."""


def component_symbol(symbol: sp.Symbol) -> sp.Symbol:
    """``w^{k+1}`` -> ``w_i^{k+1}``: component i of Q^T w^{k+1}."""
    name, _ = split(symbol)
    return sp.Symbol(symbol.name.replace(f"{name}^", f"{name}_i^", 1), real=True)


#: letters for error coordinates when a method's own choice would clash, in this order
_SPARE_LETTERS = ("x", "y", "z", "u", "e", "d", "p", "q")


def coordinate_letters(method: Method, fixed: dict[str, sp.Expr]) -> dict[str, str]:
    """The letter of each sequence's error coordinate: the method's own choice, unless it
    would name two things alike.  The coordinate of a sequence whose value at the
    optimum is not zero is not the sequence's own letter (``x_i = x_i - w_i*`` defines
    nothing), and no two sequences share a letter, nor a letter of another sequence;
    such a coordinate takes the first free letter of x, y, z, u, e, d, p, q."""
    names = method.sequences()
    letters: dict[str, str] = {}
    for name in names:
        letter = method.coordinate(name)
        clashes = (letter == name and fixed[name] != 0) or letter in letters.values() \
            or (letter != name and letter in names)
        if clashes:
            taken = set(names) | set(letters.values())
            letter = next((c for c in _SPARE_LETTERS if c not in taken), None)
            if letter is None:
                raise NotAMethod(f"{method.name}: no letter is free for its error coordinates")
        letters[name] = letter
    return letters


def error_symbol(letter: str, symbol: sp.Symbol) -> sp.Symbol:
    """``w^{k+1}`` -> ``x_i^{k+1}`` (for the letter x): the error coordinate of a sequence
    value."""
    name, _ = split(symbol)
    return sp.Symbol(symbol.name.replace(f"{name}^", f"{letter}_i^", 1), real=True)


@dataclass(frozen=True)
class ErrorSystem:
    """The rule in error coordinates: ``equations`` in order, the ``state`` and
    ``next_state`` as error coordinates, each sequence's value at the optimum
    (``fixed``, a multiple of w_i*) and the map from sequence values to coordinates."""

    equations: tuple[sp.Eq, ...]
    state: tuple[sp.Symbol, ...]
    next_state: tuple[sp.Symbol, ...]
    fixed: dict[str, sp.Expr]
    coordinates: dict[sp.Symbol, sp.Symbol]

    def multiple(self, name: str) -> sp.Expr:
        """The value at the optimum as a multiple of w* (1 for an iterate, 0 for a
        velocity)."""
        return sp.cancel(self.fixed[name] / OPTIMUM)


def _in_eigenbasis(expr: sp.Expr, lam: sp.Symbol, replace) -> sp.Expr:
    """Component i: each sequence value through ``replace``, grad f(u) -> lambda (u - w*)."""
    def gradient(application):
        return lam * (application.args[0].xreplace(replace) - OPTIMUM)
    replaced = expr.replace(lambda e: isinstance(e, grad), gradient)
    return replaced.xreplace(replace)


def fixed_values(update: tuple[sp.Eq, ...] | list[sp.Eq], lam: sp.Symbol = S.lam
                 ) -> dict[str, sp.Expr]:
    """The value of each sequence of the equations ``update`` when the rule stands
    still with the gradient that of the component lambda/2 (u - w*)^2; raises
    :class:`NotAMethod` when that state is not unique."""
    names: dict[str, None] = {}
    for e in update:
        for side in (e.lhs, e.rhs):
            for symbol in sorted(sequence_symbols(side), key=sp.default_sort_key):
                names.setdefault(split(symbol)[0], None)
    bars = {name: sp.Dummy(f"{name}_bar") for name in names}
    equations = []
    for e in update:
        constant = {s: bars[split(s)[0]] for s in sequence_symbols(e)}
        equations.append(_in_eigenbasis(e.lhs - e.rhs, lam, constant))
    solutions = sp.solve(equations, list(bars.values()), dict=True)
    if len(solutions) != 1 or set(solutions[0]) != set(bars.values()):
        raise NotAMethod("the rule has no unique fixed point at the optimum")
    (solution,) = solutions
    return {name: sp.factor(solution[bar]) for name, bar in bars.items()}


def at_minimiser(fixed: dict[str, sp.Expr]) -> list[str]:
    """The sequences that stand still at the minimiser w* itself."""
    return [name for name, value in fixed.items() if sp.cancel(value / OPTIMUM) == 1]


def fixed_point(method: Method, lam: sp.Symbol = S.lam) -> dict[str, sp.Expr]:
    """The value of each sequence when the method stands still at the optimum."""
    try:
        fixed = fixed_values(method.update, lam)
    except NotAMethod as error:
        raise NotAMethod(f"{method.name}: {error}") from None
    for name, value in fixed.items():
        if (value / OPTIMUM).free_symbols & {lam}:
            raise NotAMethod(f"{method.name}: the fixed value of {name} depends on lambda")
    if method.iterate not in at_minimiser(fixed):
        # a gradient taken at 2 w stands still at w*/2: whatever its rate, the rule does
        # not find the minimiser, and nothing derived for it would be about minimising f
        raise NotAMethod(f"{method.name}: no sequence of the rule stands still at the "
                         "minimiser, so it does not minimise f (is a gradient taken at a "
                         "point whose weights do not add up to 1?)"
                         if not at_minimiser(fixed) else
                         f"{method.name}: the iterate {method.iterate} does not stand still "
                         "at the minimiser")
    return fixed


def error_system(method: Method, lam: sp.Symbol = S.lam) -> ErrorSystem:
    """The rule per eigencomponent in error coordinates (see the module)."""
    fixed = fixed_point(method, lam)
    values = set()
    for e in method.update:
        values |= sequence_symbols(e)
    values |= set(method.state) | set(method.next_state())
    letters = coordinate_letters(method, fixed)
    coordinates = {s: error_symbol(letters[split(s)[0]], s) for s in values}
    shift = {s: coordinates[s] + fixed[split(s)[0]] for s in values}
    equations = []
    for e in method.update:
        moved = sp.expand(_in_eigenbasis(e.rhs, lam, shift) - fixed[split(e.lhs)[0]])
        if OPTIMUM in moved.free_symbols:
            raise NotAMethod(f"{method.name}: the optimum does not cancel from {e}")
        equations.append(sp.Eq(coordinates[e.lhs], moved, evaluate=False))
    return ErrorSystem(tuple(equations), tuple(coordinates[s] for s in method.state),
                       tuple(coordinates[s] for s in method.next_state()), fixed, coordinates)


def gradient_model():
    """u and w* generic, b = A w*: for the eigenbasis form of the gradient."""
    return quadratic_model(vectors=(U, S.w_star), definitions=((S.b, S.A * S.w_star),))


def record(d: DerivationBuilder, method: Method, lam: sp.Symbol = S.lam) -> ErrorSystem:
    """Record the decoupling of ``method`` in ``d`` (which must carry
    :func:`gradient_model`); returns the error system."""
    system = error_system(method, lam)
    d.add("update", Kind.DEFINITION, sp.And(*method.update),
          f"The update rule of {method.noun}, as data: {method.description}")
    gradient = S.A * U - S.b
    d.equation("gradient", Kind.MATRIX, S.Q.T * gradient, S.Lambda * S.Q.T * (U - S.w_star),
               "The gradient of the quadratic at any point `u` is `A u - b = A (u - w*)`; with `"
               "A = Q Lambda Q^T`, `Q^T grad f(u) = Lambda Q^T (u - w*)`: in the eigenbasis each "
               "component of the gradient is `lambda_i` times the component of `u - w*`.",
               uses=("quadratic-optimum.gradient", "quadratic-optimum.w_star"))
    components = {s: component_symbol(s) for s in system.coordinates}
    at_optimum = {s: system.fixed[split(s)[0]] for s in system.coordinates}
    with sp.evaluate(False):  # show the fixed point put in, before the arithmetic
        still = [_in_eigenbasis(e.rhs, lam, at_optimum) for e in method.update]
    d.equation("optimum", Kind.SUBSTITUTION, sp.Matrix(still),
               sp.Matrix([system.fixed[split(e.lhs)[0]] for e in method.update]),
               "Apply `Q^T` to each equation (every term is a scalar times a vector, so `Q^T` "
               "acts term by term) and look at component `i`. At the optimum the method stands "
               "still: with every iterate at `w_i`*, every other sequence at its value there "
               "and the gradient zero, each equation gives back its own left-hand side.",
               uses=("update", "gradient"))
    # a sequence that is zero at the optimum and keeps its letter is its own error
    # coordinate: nothing to define
    defined = [sp.Eq(system.coordinates[s], components[s] - system.fixed[split(s)[0]],
                     evaluate=False)
               for s in sorted(system.coordinates, key=sp.default_sort_key)
               if split(s)[1] == 0 and system.coordinates[s] != components[s]]
    d.add("coordinates", Kind.DEFINITION, sp.And(*defined),
          "Measure each sequence from its value at the optimum, along the eigenvector of `"
          "lambda_i` (the same definition at every step): the error coordinates.")
    shift = {s: system.coordinates[s] + system.fixed[split(s)[0]] for s in system.coordinates}
    for e, error in zip(method.update, system.equations, strict=True):
        name = split(e.lhs)[0]
        moved = sp.Add(_in_eigenbasis(e.rhs, lam, shift), -system.fixed[name], evaluate=False)
        d.equation(f"error-{name}", Kind.SUBSTITUTION, moved, error.rhs,
                   f"Component `i` of the equation for `{e.lhs.name}`, written in error "
                   "coordinates, minus its value at the optimum: the optimum cancels and "
                   f"`{error.lhs.name}` is a combination of error coordinates.",
                   uses=("optimum", "coordinates"))
    return system
