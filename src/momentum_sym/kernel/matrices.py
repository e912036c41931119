"""Matrix-level claims, checked on generic instances.

A :class:`MatrixModel` says which matrices of a derivation are free (a generic
orthogonal matrix, a generic diagonal matrix, a generic vector) and which are
defined from others, in order.  A claim over ``MatrixSymbol`` objects is
checked by building an instance and evaluating both sides:

* symbolically, for n = 2 and 3, over the field Q(parameters): the orthogonal
  matrix is the Cayley transform ``(I - S)(I + S)^-1`` of a skew-symmetric ``S``
  with symbolic entries (every rotation without eigenvalue -1 arises this way),
  diagonals and vectors have symbolic entries.  Equality in that field is
  exact, so a zero difference proves the claim for those sizes;
* numerically, in mpmath, with a random orthogonal matrix (QR of a Gaussian
  matrix) and random entries.

Scalar claims may carry a component index ``i`` (1-based, as in the article):
``lambda[i]`` is the i-th diagonal entry of a diagonal matrix and ``x[i]`` the
i-th entry of a vector named in ``components``; every component is checked.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

import mpmath
import sympy as sp
from mpmath import mp

from momentum_sym.kernel.domain import Interval
from momentum_sym.kernel.numeric import _compiled, agreement_digits, symbols_by_name, to_mp
from momentum_sym.kernel.ratfunc import RationalFunctions


@dataclass(frozen=True)
class MatrixModel:
    """The matrices a derivation speaks of, and how to instantiate them."""

    size: sp.Symbol
    orthogonal: tuple[sp.MatrixSymbol, ...] = ()
    diagonal: Mapping[sp.MatrixSymbol, sp.IndexedBase] = field(default_factory=dict)
    vectors: tuple[sp.MatrixSymbol, ...] = ()
    definitions: tuple[tuple[sp.MatrixSymbol, sp.Basic], ...] = ()
    components: Mapping[sp.MatrixSymbol, sp.IndexedBase] = field(default_factory=dict)
    index: sp.Symbol | None = None
    spectrum: Interval = field(default_factory=lambda: Interval(Fraction(1, 10), Fraction(10)))
    symbolic_sizes: tuple[int, ...] = (2, 3)
    numeric_sizes: tuple[int, ...] = (2, 3, 4)


class ShapeMismatch(ValueError):
    """A sum or a product whose sizes do not fit (a column times a column): the
    expression has no value, whatever its entries."""


def _size(matrix: _Small) -> str:
    rows, cols = matrix.shape
    return f"{rows} x {cols}"


class _Small:
    """A small dense matrix over any field whose elements support + - * /."""

    def __init__(self, rows: Sequence[Sequence[Any]]):
        self.rows = [list(r) for r in rows]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0]) if self.rows else 0

    def __add__(self, other: _Small) -> _Small:
        if self.shape != other.shape:
            raise ShapeMismatch(f"a {_size(self)} matrix plus a {_size(other)} one")
        return _Small([[a + b for a, b in zip(r, s, strict=True)]
                       for r, s in zip(self.rows, other.rows, strict=True)])

    def scale(self, c: Any) -> _Small:
        return _Small([[c * a for a in r] for r in self.rows])

    def __matmul__(self, other: _Small) -> _Small:
        if self.shape[1] != other.shape[0]:
            raise ShapeMismatch(f"a {_size(self)} matrix times a {_size(other)} one")
        cols = list(zip(*other.rows, strict=True))
        return _Small([[sum((a * b for a, b in zip(r, c, strict=True)), start=r[0] * 0)
                        for c in cols] for r in self.rows])

    def transpose(self) -> _Small:
        return _Small([list(c) for c in zip(*self.rows, strict=True)])

    def inverse(self, invert: Callable[[list[list[Any]]], list[list[Any]]]) -> _Small:
        return _Small(invert(self.rows))


class _Dual:
    """``a + b*eps`` with ``eps**2 = 0``: exact forward-mode derivatives in any field."""

    def __init__(self, value: Any, slope: Any):
        self.value, self.slope = value, slope

    @staticmethod
    def lift(x: Any) -> _Dual:
        return x if isinstance(x, _Dual) else _Dual(x, x * 0)

    def __add__(self, other: Any) -> _Dual:
        o = _Dual.lift(other)
        return _Dual(self.value + o.value, self.slope + o.slope)

    __radd__ = __add__

    def __neg__(self) -> _Dual:
        return _Dual(-self.value, -self.slope)

    def __sub__(self, other: Any) -> _Dual:
        return self + (-_Dual.lift(other))

    def __rsub__(self, other: Any) -> _Dual:
        return _Dual.lift(other) - self

    def __mul__(self, other: Any) -> _Dual:
        o = _Dual.lift(other)
        return _Dual(self.value * o.value, self.value * o.slope + self.slope * o.value)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> _Dual:
        o = _Dual.lift(other)
        return _Dual(self.value / o.value,
                     (self.slope * o.value - self.value * o.slope) / (o.value * o.value))

    def __rtruediv__(self, other: Any) -> _Dual:
        return _Dual.lift(other) / self

    def __pow__(self, power: int) -> _Dual:
        result = _Dual.lift(self.value ** 0)
        for _ in range(power):
            result = result * self
        return result


class _Backend:
    """Scalars of one evaluation: a fraction field (symbolic) or mpmath (numeric)."""

    def __init__(self, scalar: Callable[[sp.Basic], Any], one: Any,
                 invert: Callable[[list[list[Any]]], list[list[Any]]]):
        self.scalar, self.one, self.invert = scalar, one, invert


def _evaluate(expr: sp.Basic, env: Mapping[sp.Basic, Any], backend: _Backend, n: int,
              memo: dict[sp.Basic, Any] | None = None) -> Any:
    """Evaluate a matrix or scalar expression tree in ``backend``.

    ``memo`` keeps the value of each subtree for this ``env`` (values are never
    mutated): a claim repeats subtrees (Q^T, an inverse), and its terms are evaluated
    again for the scale of a numeric check; exact inverses were the costliest part."""
    known: dict[sp.Basic, Any] = {} if memo is None else memo

    def ev(e: sp.Basic) -> Any:
        try:
            return known[e]
        except KeyError:
            pass
        except TypeError:  # unhashable
            return evaluate(e)
        value = evaluate(e)
        known[e] = value
        return value

    def evaluate(e: sp.Basic) -> Any:
        if isinstance(e, sp.MatrixBase):
            return _Small([[ev(e[i, j]) for j in range(e.cols)] for i in range(e.rows)])
        if e in env:
            return env[e]
        if isinstance(e, sp.Identity):
            return _Small([[backend.one if i == j else backend.one * 0 for j in range(n)]
                           for i in range(n)])
        if isinstance(e, sp.ZeroMatrix):
            rows = n if e.rows != 1 else 1
            cols = n if e.cols != 1 else 1
            return _Small([[backend.one * 0] * cols for _ in range(rows)])
        if isinstance(e, sp.MatAdd):
            parts = [ev(a) for a in e.args]
            total = parts[0]
            for p in parts[1:]:
                total = total + p
            return total
        if isinstance(e, sp.MatMul):
            coefficient, matrices = backend.one, []
            for a in e.args:
                value = ev(a)
                if isinstance(value, _Small):
                    matrices.append(value)
                else:
                    coefficient = coefficient * value
            product = matrices[0]
            for m in matrices[1:]:
                product = product @ m
            return product.scale(coefficient)
        if isinstance(e, sp.Transpose):
            return ev(e.arg).transpose()
        if isinstance(e, sp.Inverse):
            return ev(e.arg).inverse(backend.invert)
        if isinstance(e, sp.MatPow):
            base, power = ev(e.base), int(e.exp)
            result = _Small([[backend.one if i == j else backend.one * 0
                              for j in range(base.shape[0])] for i in range(base.shape[0])])
            for _ in range(power):
                result = result @ base
            return result
        if isinstance(e, sp.Derivative):
            return _gradient(e, env, backend, n)
        if isinstance(e, sp.Sum):
            return _sum(e, env, backend, n)
        if isinstance(e, sp.matrices.expressions.matexpr.MatrixElement):
            return ev(e.parent).rows[int(e.i)][int(e.j)]
        if isinstance(e, sp.Add):
            total = backend.one * 0
            for a in e.args:
                total = total + ev(a)
            return total
        if isinstance(e, sp.Mul):
            product = backend.one
            for a in e.args:
                product = product * ev(a)
            return product
        if isinstance(e, sp.Pow) and e.exp.is_Integer:
            base = ev(e.base)
            if e.exp >= 0:
                return base ** int(e.exp)
            return backend.one / base ** int(-e.exp)
        return backend.scalar(e)

    return ev(expr)


def _gradient(derivative: sp.Derivative, env: Mapping[sp.Basic, Any], backend: _Backend,
              n: int) -> _Small:
    """The gradient of a scalar (1x1) expression with respect to a vector symbol,
    one dual-number evaluation per coordinate."""
    (vector, order), = derivative.variable_count
    if order != 1:
        raise ValueError("only first derivatives of matrix expressions are supported")
    base = env[vector]
    entries = []
    for j in range(len(base.rows)):
        moved = _Small([[_Dual(row[0], backend.one if r == j else backend.one * 0)]
                        for r, row in enumerate(base.rows)])
        value = _evaluate(derivative.expr, {**env, vector: moved}, backend, n)
        if isinstance(value, _Small):
            value = value.rows[0][0]
        entries.append([_Dual.lift(value).slope])
    return _Small(entries)


def _sum(total: sp.Sum, env: Mapping[sp.Basic, Any], backend: _Backend, n: int) -> Any:
    """A sum over component indices whose bounds may involve the size symbol (SymPy
    writes an entry of w^T A w as a double sum over i and j)."""
    (index, low, high), *inner = total.limits
    sizes = {s: n for s in (low.free_symbols | high.free_symbols)}
    result = backend.one * 0
    for j in range(int(low.xreplace(sizes)), int(high.xreplace(sizes)) + 1):
        term = total.function.xreplace({index: j})
        if inner:
            term = sp.Sum(term, *[(i, lo.xreplace({index: j}), hi.xreplace({index: j}))
                                  for i, lo, hi in inner])
        result = result + _evaluate(term, env, backend, n)
    return result


def _cayley_orthogonal(parameters: Sequence[Any], backend: _Backend, n: int) -> _Small:
    """(I - S)(I + S)^{-1} for the skew-symmetric S with the given entries."""
    zero = backend.one * 0
    skew = [[zero] * n for _ in range(n)]
    it = iter(parameters)
    for i in range(n):
        for j in range(i + 1, n):
            s = next(it)
            skew[i][j], skew[j][i] = s, -s
    minus = _Small([[(backend.one if i == j else zero) - skew[i][j] for j in range(n)]
                    for i in range(n)])
    plus = _Small([[(backend.one if i == j else zero) + skew[i][j] for j in range(n)]
                   for i in range(n)])
    return minus @ plus.inverse(backend.invert)


def _random_orthogonal(rng: random.Random, n: int) -> list[list[mpmath.mpf]]:
    gaussian = mp.matrix([[mp.mpf(rng.gauss(0, 1)) + mp.mpf(rng.random()) / 10**15
                           for _ in range(n)] for _ in range(n)])
    q, _ = mp.qr(gaussian)
    return [[q[i, j] for j in range(n)] for i in range(n)]


def _component_claims(claim: sp.Basic, model: MatrixModel, n: int) -> tuple[sp.Basic, ...]:
    return _components(claim, model.index, n)


@lru_cache(maxsize=1024)
def _components(claim: sp.Basic, index: sp.Symbol | None, n: int) -> tuple[sp.Basic, ...]:
    """A claim about the index-th component, once for each index 1..n (made once per
    claim and size, not at every sample point)."""
    if index is not None and index in claim.free_symbols:
        return tuple(claim.xreplace({index: j}) for j in range(1, n + 1))
    return (claim,)


def _entries(value: Any) -> list[Any]:
    return [x for r in value.rows for x in r] if isinstance(value, _Small) else [value]


def _difference(claim: sp.Eq, env: Mapping[sp.Basic, Any], backend: _Backend, n: int,
                with_scale: bool = False) -> tuple[list[Any], list[Any]]:
    """Entries of lhs - rhs, and (numerically) the entries of every additive term
    of both sides: the scale against which a cancellation to zero is measured."""
    memo: dict[sp.Basic, Any] = {}
    left = _evaluate(claim.lhs, env, backend, n, memo)
    right = _evaluate(claim.rhs, env, backend, n, memo)
    differences = [a - b for a, b in zip(_entries(left), _entries(right), strict=True)]
    scale: list[Any] = []
    if with_scale:
        for side in (claim.lhs, claim.rhs):
            terms = side.args if isinstance(side, (sp.MatAdd, sp.Add)) else (side,)
            for term in terms:
                scale += _entries(_evaluate(term, env, backend, n, memo))
    return differences, scale


def scalars_of(claim: sp.Basic, model: MatrixModel) -> list[sp.Symbol]:
    """The scalar symbols a claim needs on an instance: its own and those of the
    model's definitions (not index labels, the index or the size)."""
    expressions = [claim, *(definition for _, definition in model.definitions)]
    found: set[sp.Symbol] = set()
    for e in expressions:
        labels = {indexed.base.label for indexed in e.atoms(sp.Indexed)}
        found |= {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s not in labels}
    found -= {model.index, model.size}
    return sorted(found, key=lambda s: s.name)


def _define(model: MatrixModel, env: dict[sp.Basic, Any], backend: _Backend, n: int) -> None:
    """Evaluate the model's definitions in order, then name vector components."""
    for name, definition in model.definitions:
        env[name] = _evaluate(definition, env, backend, n)
    for vector, base in model.components.items():
        for j in range(n):
            env[base[j + 1]] = env[vector].rows[j][0]


def _rotation_parameters(n: int) -> tuple[sp.Expr, ...]:
    """Cayley parameters: symbolic for n = 2; a fixed rational rotation for n >= 3,
    where symbolic parameters make exact inversion in the fraction field too slow."""
    count = n * (n - 1) // 2
    if n == 2:
        return sp.symbols(f"s1:{count + 1}")
    return tuple(sp.Rational(1, p) for p in sp.primerange(2, 100))[:count]


def describe_instances(model: MatrixModel) -> str:
    sizes = " and ".join(str(n) for n in model.symbolic_sizes)
    symbolic = [*(("spectrum",) if model.diagonal else ()),
                *(("vectors",) if model.vectors else ()), "scalars"]
    parts = [*(("symbolic rotation for n = 2, a fixed rational rotation above",)
               if model.orthogonal else ()),
             "symbolic " + (", ".join(symbolic[:-1]) + " and " + symbolic[-1]
                            if len(symbolic) > 1 else symbolic[0])]
    if any(isinstance(value, sp.MatrixBase) and not value.free_symbols
           for _, value in model.definitions):
        parts.append("the model's own matrices of numbers")
    return f"exact arithmetic on generic instances, n = {sizes} ({'; '.join(parts)})"


# Exact instances are the same for every claim of a derivation: build each once.
_INSTANCES: dict[tuple[int, int, tuple[sp.Symbol, ...]], tuple[MatrixModel, Any, Any, Any]] = {}


def _symbolic_instance(model: MatrixModel, n: int, scalars: Sequence[sp.Symbol]):
    """(environment, field, backend) of the generic n x n instance of ``model``."""
    key = (id(model), n, tuple(sorted(scalars, key=lambda s: s.name)))
    cached = _INSTANCES.get(key)
    if cached is not None and cached[0] is model:
        return cached[1:]
    parameters = _rotation_parameters(n)
    generators: list[sp.Basic] = [p for p in parameters if p.is_Symbol]
    for base in model.diagonal.values():
        generators += [sp.Symbol(f"{base.name}{j + 1}") for j in range(n)]
    for v in model.vectors:
        generators += [sp.Symbol(f"{v.name}_{j}") for j in range(n)]
    generators += list(key[2])
    field_ = RationalFunctions(generators)

    def invert(rows):
        if any(isinstance(x, _Dual) for r in rows for x in r):
            raise ValueError("cannot invert a matrix that depends on the variable")
        return field_.inverse_matrix(rows)

    backend = _Backend(field_.from_sympy, field_.one, invert)
    env: dict[sp.Basic, Any] = {}
    for q in model.orthogonal:
        env[q] = _cayley_orthogonal([field_.from_sympy(p) for p in parameters], backend, n)
    for d, base in model.diagonal.items():
        env[d] = _Small([[field_.from_sympy(sp.Symbol(f"{base.name}{i + 1}")) if i == j
                          else field_.zero for j in range(n)] for i in range(n)])
        for j in range(n):
            env[base[j + 1]] = env[d].rows[j][j]
    for v in model.vectors:
        env[v] = _Small([[field_.from_sympy(sp.Symbol(f"{v.name}_{j}"))] for j in range(n)])
    _define(model, env, backend, n)
    if len(_INSTANCES) > 256:
        _INSTANCES.clear()
    _INSTANCES[key] = (model, env, field_, backend)
    return env, field_, backend


def check_symbolic(claim: sp.Eq, model: MatrixModel,
                   scalars: Sequence[sp.Symbol]) -> tuple[bool, str]:
    """Exact check on generic symbolic instances; returns (holds, description).

    ``scalars`` must include every scalar symbol of the claim and of the model's
    definitions; passing the same (larger) set for all claims of a derivation
    lets them share one instance."""
    for n in model.symbolic_sizes:
        env, field_, backend = _symbolic_instance(model, n, scalars)
        for component in _component_claims(claim, model, n):
            differences, _ = _difference(component, dict(env), backend, n)
            if any(d != field_.zero for d in differences):
                return False, f"fails on the generic {n}x{n} instance"
    return True, describe_instances(model)


def check_numeric(claim: sp.Eq, model: MatrixModel, point: Mapping[sp.Symbol, Fraction | int],
                  rng: random.Random, dps: int) -> float:
    """Digits of agreement on a random high-precision instance."""
    n = model.numeric_sizes[rng.randrange(len(model.numeric_sizes))]
    claim = claim.xreplace({s: sp.Integer(v) for s, v in point.items()
                            if isinstance(v, int) and s != model.size})
    with mp.workdps(dps):
        values = {s: to_mp(v) for s, v in point.items()}

        def scalar(e: sp.Basic) -> Any:
            if e in values:
                return values[e]
            if e.is_Number:
                return mp.mpf(sp.Rational(e).p) / sp.Rational(e).q
            symbols = symbols_by_name(e)
            if symbols:
                # compiled once per expression, not once per sample and entry
                return mp.mpmathify(_compiled(e, symbols)(*(values[s] for s in symbols)))
            return mp.mpmathify(sp.N(e, dps + 10))

        backend = _Backend(scalar, mp.mpf(1), _mp_invert)
        env = _numeric_instance(model, n, rng, backend)
        worst = float(dps)
        for component in _component_claims(claim, model, n):
            differences, entries = _difference(component, env, backend, n, with_scale=True)
            scale = max((abs(e) for e in entries), default=mp.zero)
            error = max((abs(d) for d in differences), default=mp.zero)
            worst = min(worst, agreement_digits(error, scale, dps))
        return worst


def _mp_invert(rows: list[list[Any]]) -> list[list[Any]]:
    inverse = mp.inverse(mp.matrix(rows))
    return [[inverse[i, j] for j in range(len(rows))] for i in range(len(rows))]


def _numeric_instance(model: MatrixModel, n: int, rng: random.Random,
                      backend: _Backend) -> dict[sp.Basic, Any]:
    """A random n x n instance of ``model`` in mpmath (at the working precision): a
    random rotation, a spectrum drawn from the model's, vectors with entries in
    [-2, 2], then the model's definitions."""
    env: dict[sp.Basic, Any] = {}
    for q in model.orthogonal:
        env[q] = _Small(_random_orthogonal(rng, n))
    for d, base in model.diagonal.items():
        spectrum = sorted(to_mp(model.spectrum.draw(rng)) for _ in range(n))
        env[d] = _Small([[spectrum[i] if i == j else mp.zero for j in range(n)]
                         for i in range(n)])
        for j in range(n):
            env[base[j + 1]] = spectrum[j]
    for v in model.vectors:
        env[v] = _Small([[mp.mpf(rng.uniform(-2, 2))] for _ in range(n)])
    _define(model, env, backend, n)
    return env


#: Digits of the test for singular matrices, and the relative size of a determinant
#: below which a matrix counts as singular (an exactly singular one comes out near
#: 10^-SINGULAR_DPS; a random invertible one far above the threshold).
SINGULAR_DPS = 60
SINGULAR_BELOW = mp.mpf(10) ** -40


def singular_size(matrix: sp.MatrixExpr, model: MatrixModel, seed: int = 7) -> int | None:
    """The size n of a random instance of ``model`` on which the square matrix
    expression ``matrix`` is singular (None: invertible on every instance tried).

    SymPy cancels M^{-1} M to the identity when the product is formed, whether or
    not M is invertible: ``(Q Lambda Q^T - A)^{-1} (Q Lambda Q^T - A)`` (the zero
    matrix) and ``(b b^T + w w^T)^{-1} (b b^T + w w^T)`` (rank two) would both be
    cancelled away.  So an inverse is tried before it is formed: |det M| is compared
    with Hadamard's bound (the product of the rows' norms) on instances of every size
    the model has, and of one size more than the vectors it names, where a sum of
    products of vectors cannot have full rank by accident of the size."""
    vectors = {m for m in matrix.atoms(sp.MatrixSymbol) if 1 in m.shape} | set(model.vectors) \
        | {m for m, _ in model.definitions if 1 in m.shape}
    fixed = any(isinstance(value, sp.MatrixBase) for _, value in model.definitions)
    sizes = sorted(set(model.symbolic_sizes) if fixed else
                   {*model.symbolic_sizes, len(vectors) + 2})
    rng = random.Random(seed)
    with mp.workdps(SINGULAR_DPS):
        scalars: dict[sp.Basic, Any] = {}

        def scalar(e: sp.Basic) -> Any:
            if e.is_Number:
                return mp.mpf(sp.Rational(e).p) / sp.Rational(e).q if e.is_Rational else \
                    mp.mpmathify(sp.N(e, SINGULAR_DPS + 10))
            for symbol in sorted(e.free_symbols - set(scalars), key=str):
                scalars[symbol] = mp.mpf(rng.uniform(0.1, 2))
            symbols = tuple(sorted(e.free_symbols, key=str))
            return mp.mpmathify(_compiled(e, symbols)(*(scalars[x] for x in symbols)))

        backend = _Backend(scalar, mp.mpf(1), _mp_invert)
        for n in sizes:
            env = _numeric_instance(model, n, rng, backend)
            try:
                value = _evaluate(matrix, env, backend, n)
            except ZeroDivisionError:
                return n
            if not isinstance(value, _Small):
                return None
            rows = mp.matrix(value.rows)
            bound = mp.one
            for i in range(rows.rows):
                bound *= mp.sqrt(sum(abs(rows[i, j]) ** 2 for j in range(rows.cols)))
            if bound == 0 or abs(mp.det(rows)) <= SINGULAR_BELOW * bound:
                return n
    return None


def _mp_backend() -> _Backend:
    def scalar(e: sp.Basic) -> Any:
        if e.is_Number:
            return mp.mpf(sp.Rational(e).p) / sp.Rational(e).q if e.is_Rational else mp.mpf(
                sp.N(e, mp.dps + 10))
        raise ValueError(f"no value for {e}")

    def invert(rows):
        inverse = mp.inverse(mp.matrix(rows))
        return [[inverse[i, j] for j in range(len(rows))] for i in range(len(rows))]

    return _Backend(scalar, mp.mpf(1), invert)


def evaluate_numeric(expr: sp.Basic, values: Mapping[sp.Basic, Any]) -> Any:
    """A matrix expression (``A^{-1} b``, ``A w - b``) at concrete values, in mpmath at
    the current precision: ``values`` maps each matrix symbol to an ``mpmath.matrix``
    and each scalar symbol to a number.  Returns an ``mpmath.matrix`` (or a number)."""
    env: dict[sp.Basic, Any] = {}
    n = 0
    for symbol, value in values.items():
        if isinstance(value, mpmath.matrix):
            env[symbol] = _Small([[value[i, j] for j in range(value.cols)]
                                  for i in range(value.rows)])
            n = max(n, value.rows)
        else:
            env[symbol] = mp.mpmathify(value)
    result = _evaluate(expr, env, _mp_backend(), n)
    if isinstance(result, _Small):
        return mp.matrix(result.rows)
    return result


def read_component(expr: sp.Basic, entries: Mapping[sp.Basic, sp.Expr]) -> sp.Expr:
    """The i-th component of a matrix expression built from diagonal matrices,
    identities and vectors: a diagonal matrix acts on a vector entry by entry,
    so products and sums of them act component by component.

    ``entries`` maps each diagonal matrix and each vector to its i-th entry."""
    if expr in entries:
        return entries[expr]
    if isinstance(expr, sp.Identity):
        return sp.Integer(1)
    if isinstance(expr, sp.ZeroMatrix):
        return sp.Integer(0)
    if isinstance(expr, sp.MatAdd):
        return sp.Add(*(read_component(a, entries) for a in expr.args))
    if isinstance(expr, sp.MatMul):
        return sp.Mul(*(read_component(a, entries) if isinstance(a, sp.MatrixExpr) else a
                        for a in expr.args))
    if not isinstance(expr, sp.MatrixExpr):
        return expr
    raise ValueError(f"{expr} is not built from diagonal matrices and vectors")


def diagonal_quadratic_form(vector: sp.MatrixSymbol, diagonal: sp.MatrixSymbol,
                            entries: Mapping[sp.Basic, sp.Expr], index: sp.Symbol,
                            size: sp.Symbol) -> sp.Sum:
    """x^T D x for a diagonal D as the sum over i = 1..n of d_i x_i^2."""
    return sp.Sum(entries[diagonal] * entries[vector] ** 2, (index, 1, size))
