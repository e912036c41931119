"""Derived results as numeric functions, for plotting.

Every plotted number comes from a named result of the registry
(``momentum_sym.get(id).results[name]``), turned into a callable by
``sympy.lambdify``: in mpmath (for the high-precision comparisons and the
closed forms) or in plain Python floats and complex numbers (for the dense
grids of a figure; ``sqrt`` of a negative number is then ``cmath.sqrt``, so
complex eigenvalues come out as complex numbers).  Nothing here types a
formula of the theory.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.results import symbols as S

_COMPLEX = {"sqrt": cmath.sqrt, "Abs": abs, "exp": cmath.exp, "log": cmath.log}


def result(id: str, name: str) -> sp.Expr:
    """The named result ``id.name`` of the registry."""
    return momentum_sym.get(id).results[name]


def mp_function(expr: sp.Basic, args: Sequence[sp.Symbol]) -> Callable[..., mpmath.mpf]:
    """``expr`` as a function of ``args`` in mpmath (at the caller's working precision)."""
    return sp.lambdify(tuple(args), expr, "mpmath")


def complex_function(expr: sp.Basic, args: Sequence[sp.Symbol]) -> Callable[..., complex]:
    """``expr`` as a function of ``args`` in Python complex arithmetic (cmath)."""
    return sp.lambdify(tuple(args), expr, modules=[_COMPLEX, "math"])


def exact(expr: sp.Basic, values: dict[sp.Symbol, Fraction | int | sp.Rational]) -> sp.Expr:
    """``expr`` at rational values, exactly (SymPy Rationals)."""
    return expr.xreplace({s: sp.Rational(v) for s, v in values.items()})


def to_mp(value: Fraction | int | sp.Expr) -> mpmath.mpf:
    """A rational or exact SymPy number at the current mpmath precision."""
    if isinstance(value, Fraction):
        return mp.mpf(value.numerator) / value.denominator
    if isinstance(value, int):
        return mp.mpf(value)
    if isinstance(value, sp.Rational):
        return mp.mpf(int(value.p)) / int(value.q)
    return mp.mpmathify(sp.N(value, mp.dps + 10))


def finite(value: float) -> float:
    """``value`` as a float; a non-finite one is an error, not a silent gap in a plot."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"non-finite value {value!r} in figure data")
    return number


def matrix_power_functions() -> dict[str, Callable[..., list]]:
    """``matrix-power-2x2.distinct`` and ``.repeated`` as mpmath functions of
    (r_11, r_12, r_21, r_22, sigma_1, sigma_2, k): the entries of R^k as a 2x2 list."""
    entries = sp.symbols("r_11 r_12 r_21 r_22")
    functions = {}
    for name in ("distinct", "repeated"):
        formula = result("matrix-power-2x2", name)
        (matrix,) = [s for s in formula.free_symbols if isinstance(s, sp.MatrixSymbol)]
        explicit = sp.Matrix(formula.xreplace({matrix: sp.ImmutableMatrix(2, 2, entries)}).doit())
        function = sp.lambdify((*entries, S.sigma_1, S.sigma_2, S.k), explicit.tolist(), "mpmath")
        functions[name] = function
    return functions


def momentum_powers(alpha: Fraction, beta: Fraction, lam: Fraction, ks: Sequence[int],
                    dps: int) -> tuple[str, list[list[list]]]:
    """R^k for the momentum iteration matrix at exact (alpha, beta, lambda), for each k in
    ``ks``, from ``matrix-power-2x2`` at the eigenvalues of ``momentum-eigenvalues``.

    The roots are computed exactly; when they coincide the ``repeated`` formula is used,
    otherwise ``distinct`` at a working precision raised by the digits its cancellation
    loses (``witness.matrix_power.guarded_precision``).  Returns the formula used and
    the matrices (entries as mpmath numbers, real parts) at ``dps``."""
    from momentum_sym.witness.matrix_power import guarded_precision

    point = {S.alpha: alpha, S.beta: beta, S.lam: lam}
    roots = [sp.radsimp(exact(result("momentum-eigenvalues", name), point))
             for name in ("sigma_1", "sigma_2")]
    r_matrix = exact(result("momentum-iteration-matrix", "R"), point)
    functions = matrix_power_functions()
    repeated = sp.simplify(roots[0] - roots[1]) == 0
    with mp.workdps(dps):
        numeric = [mp.mpmathify(sp.N(r, dps + 10)) for r in roots]
        precision = dps + 10 if repeated else guarded_precision(dps, *numeric)
    name = "repeated" if repeated else "distinct"
    out = []
    with mp.workdps(precision):
        sigmas = [mp.mpmathify(sp.N(r, precision + 10)) for r in roots]
        entries = [to_mp(e) for e in r_matrix]
        for kk in ks:
            value = functions[name](*entries, sigmas[0], sigmas[1], kk)
            out.append([[mp.re(v) for v in row] for row in value])
    with mp.workdps(dps):
        return name, [[[+v for v in row] for row in m] for m in out]
