"""Running a method's own update rule in mpmath, on any gradient.

Problem.  Witnesses must run the algorithm itself, not a formula derived from it.

Method.  Each equation of the rule is read once into a linear form: the coefficient
of each sequence value and of each gradient application (the coefficients are
expressions in the parameters, evaluated at the chosen values).  A run then
evaluates the equations in order, step after step, with vectors in mpmath: the
gradients are computed by the caller's function (A u - b for a random quadratic).
The first step uses the method's first-step rule when it has one; the start is the
method's ``initial`` state.

Result.  :func:`run` gives every sequence at every step and the gradients each step
evaluated; :func:`one_step_matrix` the numeric matrix of one step on a single
eigencomponent (lambda, optimum 0), from which a spectral radius is computed
without any derived formula.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import mpmath
import sympy as sp
from mpmath import mp
from mpmath.libmp import fnan

from momentum_sym.kernel.numeric import numeric_function
from momentum_sym.methods.model import Method, at, grad, sequence_symbols, split

Vector = mpmath.matrix
Gradient = Callable[[Vector], Vector]


class NotLinear(ValueError):
    """A rule that is not a linear combination of iterates and gradients."""


@dataclass(frozen=True)
class LinearForm:
    """``sum c_j s_j + sum d_m grad(u_m)``: sequence terms and gradient terms, with
    each gradient's argument itself a linear form (without gradients)."""

    terms: tuple[tuple[sp.Symbol, sp.Expr], ...]
    gradients: tuple[tuple[LinearForm, sp.Expr], ...] = ()


def linear_form(expr: sp.Expr) -> LinearForm:
    """``expr`` as a linear form in sequence values and gradients; raises
    :class:`NotLinear` for anything else (a product of iterates, a constant offset)."""
    applications = sorted(expr.atoms(grad), key=sp.default_sort_key)
    dummies = {g: sp.Dummy(f"g{j}") for j, g in enumerate(applications)}
    flat = sp.expand(expr.xreplace(dummies))
    variables = sorted(sequence_symbols(flat), key=sp.default_sort_key)
    terms, gradients, rest = [], [], flat
    for s in variables:
        c = flat.coeff(s)
        terms.append((s, c))
        rest -= c * s
    for g, dummy in dummies.items():
        c = flat.coeff(dummy)
        gradients.append((linear_form(g.args[0]), c))
        rest -= c * dummy
    rest = sp.expand(rest)
    coefficients = [c for _, c in terms] + [c for _, c in gradients]
    if rest != 0 or any(sequence_symbols(c) or c.atoms(sp.Dummy) for c in coefficients):
        raise NotLinear(f"not a linear combination of iterates and gradients: {expr}")
    return LinearForm(tuple(terms), tuple(gradients))


_COMPILED: dict[int, tuple[Method, tuple]] = {}


def _compiled(method: Method) -> tuple:
    """Each equation (of the rule and of the first-step rule) as (lhs, form), once per
    method object."""
    found = _COMPILED.get(id(method))
    if found is None or found[0] is not method:
        forms = (tuple((e.lhs, linear_form(e.rhs)) for e in method.rule(False)),
                 tuple((e.lhs, linear_form(e.rhs)) for e in method.rule(True)))
        found = _COMPILED[id(method)] = (method, forms)
    return found[1]


@cache
def _coefficient(c: sp.Expr):
    symbols = tuple(sorted(c.free_symbols, key=lambda s: s.name))
    return symbols, numeric_function(c, symbols)


def _value(c: sp.Expr, values: Mapping[sp.Symbol, object]):
    if c.is_Rational:
        return mp.mpf(c.p) / c.q
    symbols, function = _coefficient(c)
    return mp.mpmathify(function(*(values[s] for s in symbols)))


#: a vector's entries as mpmath numbers: a run computes on these, because an
#: mpmath.matrix spends ten times the arithmetic on bookkeeping for 1 and 2 entries
Entries = tuple
EntryGradient = Callable[[Entries], Entries]


def entries_of(vector: Vector) -> Entries:
    return tuple(vector[j] for j in range(vector.rows * vector.cols))


def vector_of(entries: Entries) -> Vector:
    return mp.matrix(list(entries))


@lru_cache(maxsize=1024)
def _named_terms(form: LinearForm) -> tuple[tuple[tuple[str, int], sp.Expr], ...]:
    """The form's sequence terms with each symbol read as (name, offset), once."""
    return tuple((split(symbol), c) for symbol, c in form.terms)


def _point_key(point: Entries) -> object:
    """A gradient's argument as a dictionary key: the raw binary form of each real
    entry (mpmath normalises it, so equal numbers have equal forms), which hashes in C
    where an mpf's own hash runs Python; any other entry as itself.  A point with a NaN
    in it is equal to no other, as NaN is to nothing: its key is new each time."""
    raw = tuple(getattr(e, "_mpf_", e) for e in point)
    return object() if fnan in raw else raw


def _combine(form: LinearForm, history, k: int, value: Callable[[sp.Expr], object],
             gradient: EntryGradient, seen: dict) -> Entries:
    total = None
    for (name, offset), c in _named_terms(form):
        x = value(c)
        term = [e * x for e in history[(name, k + offset)]]
        total = term if total is None else [a + b for a, b in zip(total, term, strict=True)]
    for argument, c in form.gradients:
        point = _combine(argument, history, k, value, gradient, seen)
        key = _point_key(point)
        if key not in seen:
            seen[key] = gradient(point)
        x = value(c)
        term = [e * x for e in seen[key]]
        total = term if total is None else [a + b for a, b in zip(total, term, strict=True)]
    if total is None:
        raise NotLinear("an equation with nothing on its right-hand side")
    return tuple(total)


@dataclass(frozen=True)
class Trajectory:
    """``values[(name, k)]``: the entries of the sequence ``name`` at step k (call the
    trajectory for it as a vector); ``gradients[k]``: the distinct gradients evaluated
    during step k, in the order they were needed."""

    values: dict[tuple[str, int], Entries]
    gradient_entries: tuple[tuple[Entries, ...], ...]
    steps: int

    def __call__(self, name: str, k: int) -> Vector:
        return vector_of(self.values[(name, k)])

    @cached_property
    def gradients(self) -> tuple[tuple[Vector, ...], ...]:
        # as vectors only when asked for: most runs never look at them
        return tuple(tuple(vector_of(g) for g in step) for step in self.gradient_entries)


def start(method: Method, w0: Vector) -> dict[tuple[str, int], Vector]:
    """The state at k = 0 from the starting point: the method's ``initial`` values."""
    history: dict[tuple[str, int], Vector] = {(method.iterate, 0): w0}
    iterate = at(method.iterate)
    for symbol in method.state:
        name, offset = split(symbol)
        if (name, offset) in history:
            continue
        if symbol not in method.initial:
            raise ValueError(f"{method.name}: no initial value for {symbol}")
        value = sp.sympify(method.initial[symbol])
        history[(name, offset)] = (w0 * 0 if value == 0 else
                                   w0 * _value(value.coeff(iterate), {}) if
                                   value.free_symbols == {iterate} else None)
        if history[(name, offset)] is None:
            raise ValueError(f"{method.name}: the initial value {value} is not a multiple "
                             "of the starting point")
    return history


def run(method: Method, values: Mapping[sp.Symbol, object], gradient: Gradient | None,
        w0: Vector | None, steps: int,
        history: dict[tuple[str, int], Vector | Entries] | None = None,
        first: int = 0, gradient_entries: EntryGradient | None = None) -> Trajectory:
    """``steps`` steps of the method from ``w0`` (or from a given ``history`` of
    vectors or their entries, whose step ``first`` is the current one), at parameter
    ``values``.  ``gradient`` maps a vector to its gradient; ``gradient_entries``,
    when given, is the same map on entries (faster: no vectors are built)."""
    rule, first_rule = _compiled(method)
    given = history if history is not None else start(method, w0)
    state = {key: v if isinstance(v, tuple) else entries_of(v) for key, v in given.items()}
    if gradient_entries is None:
        if gradient is None:
            raise ValueError("a run needs a gradient")
        gradient_entries = lambda point: entries_of(gradient(vector_of(point)))  # noqa: E731
    # each coefficient is evaluated once per run, not once per step
    known: dict[sp.Expr, object] = {}

    def value(c: sp.Expr):
        found = known.get(c)
        if found is None:
            found = known[c] = _value(c, values)
        return found

    evaluated: list[tuple[Entries, ...]] = []
    for k in range(first, first + steps):
        seen: dict = {}
        for lhs, form in (first_rule if k == 0 else rule):
            name, offset = split(lhs)
            state[(name, k + offset)] = _combine(form, state, k, value, gradient_entries, seen)
        evaluated.append(tuple(seen.values()))
    return Trajectory(state, tuple(evaluated), steps)


def one_step_matrix(method: Method, values: Mapping[sp.Symbol, object], lam) -> mpmath.matrix:
    """The matrix of one (steady, k >= 1) step on one eigencomponent: f = lam/2 u^2,
    optimum 0, the state's entries as coordinates; column j is the image of the j-th
    unit state."""
    size = len(method.state)
    columns = []
    for j in range(size):
        history = {}
        for m, symbol in enumerate(method.state):
            name, offset = split(symbol)
            history[(name, 1 + offset)] = (mp.one if m == j else mp.zero,)
        trajectory = run(method, values, None, None, 1, history, first=1,
                         gradient_entries=lambda u: tuple(e * lam for e in u))
        columns.append([trajectory.values[(split(s)[0], 2 + split(s)[1])][0]
                        for s in method.state])
    return mp.matrix([[columns[j][i] for j in range(size)] for i in range(size)])


def spectral_radius(matrix: mpmath.matrix) -> mpmath.mpf:
    """max |eigenvalue|: a 1x1 matrix directly; a 2x2 one from its characteristic
    polynomial, z = tr/2 +- sqrt((tr/2)^2 - det) (ten times faster than an iterative
    eigensolver, and as accurate: both lose half the digits at a double eigenvalue);
    mpmath's ``eig`` otherwise."""
    if matrix.rows == 1:
        return abs(matrix[0, 0])
    if matrix.rows == 2:
        half_trace = (matrix[0, 0] + matrix[1, 1]) / 2
        determinant = matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
        root = mp.sqrt(mp.mpc(half_trace**2 - determinant))
        return max(abs(half_trace + root), abs(half_trace - root))
    eigenvalues, _ = mp.eig(matrix)
    return max(abs(e) for e in eigenvalues)
