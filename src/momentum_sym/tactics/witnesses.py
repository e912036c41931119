"""Shared pieces of the witnesses: parameters drawn from a method's domain, the
method's own rule run on a random quadratic and read in error coordinates, and
derived expressions evaluated at a point.

Nothing here knows a derived formula: the runs come from
:mod:`momentum_sym.methods.run`, and the derived values are always those of the
derivation under test, handed in by the caller.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import mp

from momentum_sym.kernel.numeric import numeric_function
from momentum_sym.methods.model import Method, split
from momentum_sym.methods.run import Trajectory, run
from momentum_sym.tactics.decoupling import ErrorSystem
from momentum_sym.witness.quadratic import Quadratic, random_quadratic, random_vector


def draw_parameters(method: Method, rng: random.Random,
                    ranges: Mapping[sp.Symbol, tuple[float, float]] | None = None
                    ) -> dict[sp.Symbol, mpmath.mpf]:
    """Parameters drawn uniformly (from ``ranges`` where given, else from the method's
    sampling ranges) until the method's constraints hold."""
    ranges = ranges or {}
    for _ in range(1000):
        values = {}
        for p in method.parameters:
            low, high = ranges.get(p.symbol, (float(p.sample.low), float(p.sample.high)))
            values[p.symbol] = mp.mpf(rng.uniform(low, high))
        if all(holds(c, values) for c in method.constraints):
            return values
    raise ValueError(f"{method.name}: no parameters satisfy the constraints")


@lru_cache(maxsize=1024)
def _compiled(expr: sp.Basic) -> tuple[tuple[sp.Symbol, ...], object]:
    """``expr``'s symbols (by name) and its mpmath function of them, made once per
    expression: a witness evaluates the same derived formula at hundreds of points, and
    printing it to code each time cost more than every run it checks."""
    symbols = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
    if isinstance(expr, sp.Expr) and not isinstance(expr, sp.MatrixBase):
        return symbols, numeric_function(expr, symbols)
    # lambdify prints SymPy's own tree of a derived expression; no user text reaches it
    return symbols, sp.lambdify(symbols, expr, "mpmath")


def holds(relation: sp.Basic, point: Mapping[sp.Symbol, object]) -> bool:
    """A relation evaluated at a point in mpmath."""
    symbols, function = _compiled(relation)
    return bool(function(*(point[s] for s in symbols)))


def evaluate(expr: sp.Basic, point: Mapping[sp.Symbol, object]):
    """A derived expression (or matrix) at a point, in mpmath; symbols without a value
    raise."""
    expr = sp.sympify(expr)
    if isinstance(expr, sp.MutableDenseMatrix):
        expr = sp.ImmutableMatrix(expr)  # hashable, so compiled once
    symbols, function = _compiled(expr)
    missing = [s.name for s in symbols if s not in point]
    if missing:
        raise ValueError("no value for " + ", ".join(missing))
    value = function(*(point[s] for s in symbols))
    if isinstance(expr, sp.MatrixBase):
        return mp.matrix(value.tolist() if hasattr(value, "tolist") else value)
    return mp.mpmathify(value)


def multiples(system: ErrorSystem, values: Mapping[sp.Symbol, object]) -> dict[str, object]:
    """Each sequence's value at the optimum as a multiple of w*, at the parameters."""
    return {name: evaluate(system.multiple(name), values) for name in system.fixed}


def error_state(method: Method, system: ErrorSystem, trajectory: Trajectory,
                problem: Quadratic, k: int, values) -> list[mpmath.matrix]:
    """The state at step k in error coordinates, one vector (of the state's size) per
    eigencomponent: Q^T (s - c w*) for each state entry s."""
    c = multiples(system, values)
    rows = []
    for symbol in method.state:
        name, offset = split(symbol)
        rows.append(problem.Q.T * (trajectory(name, k + offset) - problem.w_star * c[name]))
    return [mp.matrix([row[j] for row in rows]) for j in range(problem.n)]


def run_on_quadratic(method: Method, values, rng: random.Random, spectrum: Sequence,
                     steps: int) -> tuple[Quadratic, Trajectory]:
    problem = random_quadratic(rng, spectrum)
    return problem, run(method, values, problem.gradient, random_vector(rng, problem.n),
                        steps, gradient_entries=problem.gradient_entries)


def digits(observed, derived, dps: int) -> float:
    """Agreement in digits, relative to the larger of the two (vectors entry-wise)."""
    if isinstance(observed, mpmath.matrix):
        pairs = [(observed[j], derived[j]) for j in range(observed.rows * observed.cols)]
    else:
        pairs = [(observed, derived)]
    scale = max(max(abs(a), abs(b)) for a, b in pairs)
    error = max(abs(a - b) for a, b in pairs)
    if error == 0:
        return float(dps)
    if scale == 0:
        return 0.0
    return max(0.0, min(float(dps), float(-mp.log10(error / scale))))
