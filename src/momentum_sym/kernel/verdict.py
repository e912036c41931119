"""The verdict policy: is a formula equal to a derived value on a domain?

One policy, used by ``check``, the audit and the kernel:

* **equivalent**: proved equal on the whole domain, symbolically
  (:func:`momentum_sym.kernel.symbolic.decide_zero` after the domain's derived
  symbols are put in, under its constraints and reparametrisations);
* **different**: certified different somewhere.  SymPy decided the difference is
  a nonzero rational function, or certified evaluation
  (:mod:`momentum_sym.kernel.certify`) found a point of the domain where the
  difference provably is not zero; the counterexample reported is always such a
  point;
* **conditional**: equal on part of the domain and certified different elsewhere;
  the part is found exactly when the difference depends on one variable or on
  one product of two (``alpha lambda <= 1``), and otherwise described by its
  numeric evidence;
* **undecided**: no proof either way, only agreement at sample points, reported
  with its digits.  Numeric agreement alone is never "equivalent".

Sample points are exact rationals drawn inside the domain (simple ones first,
then random ones, then ones near the edges of each range); derived symbols are
computed exactly from them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

import sympy as sp
from sympy.solvers.inequalities import solve_univariate_inequality

from momentum_sym.kernel.certify import Certified, NotEvaluable, Zero, certify, log10_magnitude
from momentum_sym.kernel.domain import Domain, IntegerRange, Interval, Sampler
from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.regions import solution_set
from momentum_sym.kernel.symbolic import decide_zero
from momentum_sym.kernel.text import Text, distinct, join

SIMPLE_POINTS = 6
RANDOM_POINTS = 40
SEED = 20170404
_SIMPLE_FRACTIONS = (Fraction(1, 2), Fraction(1, 4), Fraction(3, 4), Fraction(1, 3),
                     Fraction(2, 3), Fraction(1, 5), Fraction(4, 5), Fraction(3, 5))
_SIMPLE_INTEGERS = (3, 2, 5, 1, 4, 7, 6, 10)


class Verdict(Enum):
    """The verdicts a comparison can reach (``check`` exit codes in the CLI)."""

    EQUIVALENT = "equivalent"
    DIFFERENT = "different"
    CONDITIONAL = "conditional"
    LIMIT = "limit"
    UNDECIDED = "undecided"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Witnessed:
    """A point of the domain with both values and what certification found there."""

    point: dict[sp.Symbol, Fraction | int | sp.Basic]
    formula: sp.Basic
    derived: sp.Basic
    difference: Certified
    generic: bool = True  # a random interior point (not 1/2, 1/4, ..., not an edge)

    def integer_coordinates(self) -> tuple:
        return tuple(sorted((s.name, v) for s, v in self.point.items() if isinstance(v, int)))


@dataclass(frozen=True)
class Decision:
    """The verdict with what supports it.

    ``counterexample`` is a point where the difference is certified nonzero;
    ``agreement`` the smallest number of digits of agreement over the points where
    no difference was certified; ``region`` the part of the domain where the two
    are equal (a SymPy relation), for a conditional verdict.
    """

    verdict: Verdict
    method: str | Text  # Text when it names mathematics (a substitution, a region)
    counterexample: Witnessed | None = None
    agreement: float | None = None
    agreed: int = 0
    region: sp.Basic | None = None
    region_variable: sp.Basic | None = None
    evidence: list[Witnessed] = field(default_factory=list)


# -- points ---------------------------------------------------------------------------


def _simple_points(samplers: Mapping[sp.Symbol, Sampler], count: int) -> list[dict]:
    """Points with small denominators (1/2, 1/4, ...), readable in a counterexample."""
    points = []
    for j in range(count):
        point: dict[sp.Symbol, Fraction | int] = {}
        for m, (s, sampler) in enumerate(sorted(samplers.items(), key=lambda kv: kv[0].name)):
            if isinstance(sampler, IntegerRange):
                span = sampler.high - sampler.low
                point[s] = sampler.low + min(span, _SIMPLE_INTEGERS[(j + m) % 8])
            else:
                f = _SIMPLE_FRACTIONS[(j + 3 * m) % len(_SIMPLE_FRACTIONS)]
                x = sampler.low + (sampler.high - sampler.low) * f
                nice = Fraction(round(x * 20), 20)
                point[s] = nice if sampler.low < nice < sampler.high else x
        points.append(point)
    return points


def _random_point(samplers: Mapping[sp.Symbol, Sampler], rng: random.Random,
                  edge: bool) -> dict:
    point: dict[sp.Symbol, Fraction | int] = {}
    for s, sampler in sorted(samplers.items(), key=lambda kv: kv[0].name):
        if edge and rng.random() < 0.5:
            if isinstance(sampler, IntegerRange):
                point[s] = rng.choice((sampler.low, sampler.high))
            else:
                width = (sampler.high - sampler.low) * Fraction(1, 10**6)
                point[s] = rng.choice((sampler.low + width, sampler.high - width))
        else:
            point[s] = sampler.draw(rng)
    return point


def sample_points(domain: Domain, symbols: set[sp.Symbol], seed: int = SEED,
                  random_points: int = RANDOM_POINTS) -> Iterator[tuple[bool, dict]]:
    """Points of the domain for the given symbols: simple ones, then random ones and
    ones near the edges, each completed with the derived symbols and marked generic
    (random and inside) or not.

    Every point is drawn first (the same points whatever the caller uses), and each is
    completed only when the caller asks for it: a comparison stops when it has seen
    enough."""
    samplers = {s: domain.variables[s] for s in symbols if s in domain.variables}
    for s in symbols & set(domain.derived):
        for t in sp.sympify(domain.derived[s]).free_symbols:
            if t in domain.variables:
                samplers.setdefault(t, domain.variables[t])
    for constraint in domain.constraints:  # constraints tie sampled symbols together
        if constraint.free_symbols & set(samplers):
            for t in constraint.free_symbols:
                if t in domain.variables:
                    samplers.setdefault(t, domain.variables[t])
    rng = random.Random(seed)
    raw = [(False, p) for p in _simple_points(samplers, SIMPLE_POINTS)]
    raw += [(j % 3 != 2, _random_point(samplers, rng, edge=j % 3 == 2))
            for j in range(random_points * 4)]
    for generic, candidate in raw:
        completed = domain.complete(dict(candidate))
        if completed is not None:
            yield generic, completed


# -- the decision -----------------------------------------------------------------------


def _entries(value: sp.Basic) -> list[sp.Basic]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _in_independent_symbols(expr: sp.Basic, domain: Domain) -> sp.Basic:
    """Derived symbols (t = alpha lambda, kappa = lambda_n / lambda_1) put in, so that
    the difference is a function of independent variables only."""
    for s, value in reversed(domain.derived_in_order()):
        expr = expr.xreplace({s: value})
    return expr


def _symbolic(differences: Sequence[sp.Basic], domain: Domain
              ) -> tuple[Status, str | Text]:
    """Proved zero, certainly nonzero (a nonzero rational function), or undecided; with
    the method, words or :class:`Text` (a method that names a substitution)."""
    methods = []
    for difference in differences:
        outcome = decide_zero(_in_independent_symbols(difference, domain), domain.constraints,
                              domain.reparametrisations)
        if outcome.status is not Status.PROVED:
            return outcome.status, outcome.method
        methods.append(outcome.method)
    return Status.PROVED, join(distinct(methods)) if methods else "no entries"


def _at(points: Iterable[tuple[bool, dict]], formula: sp.Basic, derived: sp.Basic,
        limit: int) -> tuple[list[Witnessed], list[Witnessed]]:
    """Certified differences at the points: (certified nonzero, not certified)."""
    different, agreeing = [], []
    pairs = list(zip(_entries(formula), _entries(derived), strict=True))
    for generic, point in points:
        worst: Certified | None = None
        try:
            for left, right in pairs:
                found = certify(left - right, point)
                if worst is None or _more_different(found, worst):
                    worst = found
        except NotEvaluable:
            continue
        if worst is None:
            continue
        witnessed = Witnessed(point, formula, derived, worst, generic)
        (different if worst.zero is Zero.NONZERO else agreeing).append(witnessed)
        if len(agreeing) >= limit and different:
            break
        if len(agreeing) >= limit * 2:
            break
    return different, agreeing


def _more_different(a: Certified, b: Certified) -> bool:
    order = {Zero.NONZERO: 2, Zero.UNKNOWN: 1, Zero.ZERO: 0}
    if order[a.zero] != order[b.zero]:
        return order[a.zero] > order[b.zero]
    return a.log10 > b.log10


def agreement_digits(witnessed: Witnessed) -> float:
    """Digits to which the two values agree at a point where no difference was certified:
    the enclosure radius against the size of the values."""
    scale = max((log10_magnitude(e, witnessed.point) for e in
                 _entries(witnessed.formula) + _entries(witnessed.derived)), default=0.0)
    if scale == -math.inf:
        scale = 0.0
    return witnessed.difference.digits_below(scale)


def decide(formula: sp.Basic, derived: sp.Basic, domain: Domain, seed: int = SEED,
           random_points: int = RANDOM_POINTS) -> Decision:
    """The verdict on ``formula`` against ``derived`` on ``domain`` (which must range
    over every free symbol of both)."""
    differences = [a - b for a, b in zip(_entries(formula), _entries(derived), strict=True)]
    status, method = _symbolic(differences, domain)
    if status is Status.PROVED:
        return Decision(Verdict.EQUIVALENT, "proved symbolically (" + method + ")")
    symbols: set[sp.Symbol] = set()
    for e in _entries(formula) + _entries(derived):
        symbols |= e.free_symbols
    points = sample_points(domain, symbols, seed, random_points)
    different, agreeing = _at(points, formula, derived, random_points)
    if different:
        counterexample = min(different, key=_readability)
        if agreeing and status is not Status.FAILED:
            conditional = _conditional(differences, domain, different, agreeing)
            if conditional is not None:
                return conditional
        why = ("SymPy decided the difference is a nonzero rational function"
               if status is Status.FAILED else "certified nonzero at a point of the domain")
        return Decision(Verdict.DIFFERENT, why, counterexample=counterexample,
                        agreed=len(agreeing))
    if status is Status.FAILED:  # decided different, but no point could show it
        return Decision(Verdict.DIFFERENT, "SymPy decided the difference is a nonzero "
                        "rational function", agreed=len(agreeing))
    if not agreeing:
        return Decision(Verdict.UNREADABLE, "no point of the domain could be evaluated")
    digits = min(agreement_digits(w) for w in agreeing)
    return Decision(Verdict.UNDECIDED, "SymPy did not decide it (" + method + "); the two "
                    "agree at every sampled point", agreement=digits, agreed=len(agreeing),
                    evidence=agreeing[:3])


def _readability(witnessed: Witnessed) -> tuple:
    """Prefer counterexamples with small denominators (a reader can redo them)."""
    size = 0
    for value in witnessed.point.values():
        if isinstance(value, Fraction):
            size += len(str(value.denominator)) + len(str(abs(value.numerator)))
        elif isinstance(value, int):
            size += len(str(abs(value)))
        else:
            size += 100
    return (not witnessed.difference.exact, size)


# -- conditional: where do they agree? ------------------------------------------------------


def _one_variable(difference: sp.Basic, domain: Domain
                  ) -> tuple[sp.Basic, sp.Symbol, sp.Basic] | None:
    """The difference as a function of one variable: a single free symbol, or a product
    x y of two positive ones (alpha lambda).  Returns (function of T, T, what T is)."""
    expr = _in_independent_symbols(difference, domain)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(symbols) == 1:
        return expr, symbols[0], symbols[0]
    if len(symbols) != 2:
        return None
    x, y = symbols
    if not (x.is_positive and y.is_positive):
        return None
    product = sp.Dummy("T", positive=True)
    rewritten = sp.simplify(expr.xreplace({x: product / y}))
    if y in rewritten.free_symbols:
        return None
    return rewritten, product, x * y


def _range_of(variable: sp.Basic, domain: Domain, variable_symbol: sp.Symbol) -> sp.Set:
    """The values ``variable`` (a symbol or a product of two) takes on the domain: from
    the signs its symbols are declared with, cut by the constraints that involve it
    alone.  Not the box the points are drawn from: where the difference vanishes is
    solved exactly, and so is said on the whole domain (0 < alpha lambda, not the
    1/1000 <= alpha lambda of the sampling)."""
    factors = sp.Mul.make_args(variable)
    if not all(isinstance(domain.variables.get(f), Interval) for f in factors):
        return sp.Interval(-sp.oo, sp.oo)
    if len(factors) > 1 and not all(f.is_nonnegative for f in factors):
        return sp.Interval(-sp.oo, sp.oo)
    if all(f.is_positive for f in factors):
        box = sp.Interval.open(0, sp.oo)
    elif all(f.is_nonnegative for f in factors):
        box = sp.Interval(0, sp.oo)
    else:
        box = sp.Interval(-sp.oo, sp.oo)
    for constraint in domain.constraints:
        in_t = constraint
        if len(factors) == 2:
            x, y = factors
            in_t = constraint.xreplace({x: variable_symbol / y})
            if not isinstance(in_t, sp.Rel):  # decided by the replacement (always true)
                continue
            in_t = in_t.func(sp.simplify(in_t.lhs), sp.simplify(in_t.rhs))
        elif constraint.free_symbols - {variable}:
            continue
        else:
            in_t = constraint.xreplace({variable: variable_symbol})
        if in_t.free_symbols == {variable_symbol}:
            try:
                box = box.intersect(solve_univariate_inequality(in_t, variable_symbol,
                                                                relational=False))
            except (NotImplementedError, ValueError, TypeError):
                continue
    return box


def _zero_set(expr: sp.Basic, variable: sp.Symbol) -> sp.Set | None:
    """Where ``expr`` vanishes identically, as a union of intervals: each piece of its
    piecewise form (|.|, max, min rewritten) proved zero contributes its condition;
    isolated roots of the other pieces are left out."""
    pieces = sp.piecewise_fold(expr.rewrite(sp.Piecewise))
    branches = pieces.args if isinstance(pieces, sp.Piecewise) else ((pieces, sp.true),)
    region: sp.Set = sp.S.EmptySet
    covered: sp.Set = sp.S.EmptySet
    for piece, condition in branches:
        try:
            where = (sp.S.Reals if condition is sp.true else
                     solve_univariate_inequality(condition, variable, relational=False)
                     if isinstance(condition, sp.Rel) else
                     condition.as_set())
        except (NotImplementedError, ValueError, TypeError):
            return None
        where = where - covered  # Piecewise: the first true condition applies
        covered = covered.union(where)
        if decide_zero(piece).status is Status.PROVED:
            region = region.union(where)
            continue
        try:  # isolated roots: where a piece meets zero at the edge of another
            roots = sp.solveset(piece, variable, where)
        except (NotImplementedError, ValueError, TypeError):
            continue
        if isinstance(roots, sp.FiniteSet):
            region = region.union(roots)
    return region


def _relative_to(part: sp.Set, universe: sp.Set, symbol: sp.Symbol) -> sp.Basic:
    """``part`` as a relation, leaving out the ends it shares with ``universe`` (the
    domain says those already): alpha lambda <= 1 rather than 1/1000 <= alpha lambda <= 1."""
    if isinstance(part, sp.Interval) and isinstance(universe, sp.Interval):
        conditions = []
        if not (part.start == universe.start and part.left_open == universe.left_open):
            conditions.append(sp.Gt(symbol, part.start) if part.left_open
                              else sp.Ge(symbol, part.start))
        if not (part.end == universe.end and part.right_open == universe.right_open):
            conditions.append(sp.Lt(symbol, part.end) if part.right_open
                              else sp.Le(symbol, part.end))
        if conditions:
            return sp.And(*conditions)
    return part.as_relational(symbol)


def _in_symbols_written(relation: sp.Basic, variable: sp.Basic, domain: Domain,
                        difference: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    """A set found in a variable of the domain's own (u, where beta = 1/(1 + u)) said
    again in the symbol the difference is written in (beta >= 1/2 for u <= 1), when the
    domain defines that symbol by the variable alone and the equation solves for the
    variable in one way; otherwise as it was found."""
    if not variable.is_Symbol or variable in difference.free_symbols:
        return relation, variable
    for symbol, value in domain.derived.items():
        if symbol not in difference.free_symbols or value.free_symbols != {variable}:
            continue
        try:
            inverse = sp.solve(sp.Eq(symbol, value), variable)
            if len(inverse) != 1:
                continue
            in_symbol = solution_set(relation.xreplace({variable: inverse[0]}), symbol)
        except (NotImplementedError, ValueError, TypeError):
            continue
        image = sp.imageset(sp.Lambda(variable, value), _range_of(variable, domain, variable))
        held = in_symbol.intersect(image)
        if isinstance(held, (sp.Interval, sp.Union)) and isinstance(image, sp.Interval):
            return _relative_to(held, image, symbol), symbol
    return relation, variable


def _conditional(differences: Sequence[sp.Basic], domain: Domain,
                 different: list[Witnessed], agreeing: list[Witnessed]) -> Decision | None:
    """A conditional verdict when both agreement and certified difference were seen."""
    counterexample = min(different, key=_readability)
    if len(differences) == 1:
        reduced = _one_variable(differences[0], domain)
        if reduced is not None:
            function, symbol, meaning = reduced
            zero = _zero_set(function, symbol)
            if zero is not None:
                universe = _range_of(meaning, domain, symbol)
                holds = zero.intersect(universe)
                if holds is not sp.S.EmptySet and holds != universe:
                    relation = _relative_to(holds, universe, symbol).xreplace(
                        {symbol: meaning})
                    relation, meaning = _in_symbols_written(relation, meaning, domain,
                                                            differences[0])
                    return Decision(Verdict.CONDITIONAL, "equal exactly where "
                                    f"the difference vanishes identically, solved in "
                                    f"{'one variable' if meaning.is_Symbol else 'a product'}",
                                    counterexample=counterexample, agreed=len(agreeing),
                                    region=relation, region_variable=meaning)
    # numeric evidence of a region: agreement at generic random points (simple and edge
    # points may sit on a special line, such as sigma_1 = -sigma_2) in the same integer
    # slice (k, i, n) as a certified difference: a region of the continuous variables,
    # not a special k
    exact_agreement = [w for w in agreeing if w.generic and (
        w.difference.zero is Zero.ZERO or agreement_digits(w) >= 30)]
    slices = {w.integer_coordinates() for w in different}
    exact_agreement = [w for w in exact_agreement if w.integer_coordinates() in slices]
    if len(exact_agreement) >= 2:
        return Decision(Verdict.CONDITIONAL, "equal at part of the sampled points and "
                        "certified different at others; the part is not found exactly "
                        "(numeric evidence)", counterexample=counterexample,
                        agreed=len(exact_agreement),
                        agreement=min(agreement_digits(w) for w in exact_agreement),
                        evidence=exact_agreement[:3])
    return None
