"""A worked instance of a derivation: every step evaluated at one simple point.

For the student who wants to see numbers: the step's claim with sample values
substituted (small rationals inside the domain, chosen once per derivation),
both sides evaluated exactly where possible.  Matrix steps are shown on a
small exact instance (n = 2, a rational rotation, eigenvalues 1 and 3).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import Domain, IntegerRange, Interval, as_sympy
from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step

# Candidate values, simplest first; 0 and 1 are avoided because they hide terms.
_FIRST = [Fraction(1, 10), Fraction(2), Fraction(1, 4), Fraction(3), Fraction(1, 2),
          Fraction(5), Fraction(3, 10), Fraction(4), Fraction(-1), Fraction(3, 4)]
_CANDIDATES = _FIRST + sorted(
    {Fraction(p, q) for q in (1, 2, 4, 5, 10, 3, 20, 100) for p in range(-20, 41)}
    - {*_FIRST, Fraction(0), Fraction(1)},
    key=lambda f: (f.denominator, abs(f.numerator) > 10, f < 0, abs(f)))


@dataclass(frozen=True)
class WorkedStep:
    """One step at the teaching point."""

    label: str
    claim: sp.Basic  # the claim with the values substituted
    left: sp.Basic | None  # both sides evaluated (None for relations and given steps)
    right: sp.Basic | None
    note: str = ""


def teaching_point(domain: Domain, symbols: list[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    """Simple values for ``symbols`` that satisfy the domain's constraints."""
    chosen: dict[sp.Symbol, Fraction | int] = {}
    for symbol in sorted(symbols, key=lambda s: s.name):
        sampler = domain.variables.get(symbol)
        if isinstance(sampler, IntegerRange):
            chosen[symbol] = min(max(3, sampler.low), sampler.high)
        elif isinstance(sampler, Interval):
            used = set(chosen.values())
            fits = [c for c in _CANDIDATES if sampler.low < c < sampler.high and c not in used]
            chosen[symbol] = fits[0] if fits else (sampler.low + sampler.high) / 2
    # repair broken constraints one at a time, changing one symbol of the broken
    # constraint to the simplest value that mends it without breaking another
    for _ in range(50):
        broken = _broken(domain, chosen)
        if not broken:
            return _exact(domain, chosen)
        mended = False
        for symbol in sorted(broken[0].free_symbols & set(chosen), key=lambda s: s.name):
            for value in _options(domain.variables[symbol]):
                trial = {**chosen, symbol: value}
                if len(_broken(domain, trial)) < len(broken):
                    chosen, mended = trial, True
                    break
            if mended:
                break
        if not mended:
            break
    sampled = domain.sample(random.Random(0), list(chosen))
    return _exact(domain, {s: sampled[s] for s in chosen})


def _options(sampler: Interval | IntegerRange) -> list[Fraction | int]:
    if isinstance(sampler, IntegerRange):
        return list(range(sampler.low, sampler.high + 1))
    return [c for c in _CANDIDATES if sampler.low < c < sampler.high]


def _exact(domain: Domain, chosen: Mapping[sp.Symbol, Fraction | int]) -> dict[sp.Symbol, sp.Expr]:
    exact = as_sympy(chosen)
    for s, expr in domain.derived.items():
        exact[s] = sp.sympify(expr).xreplace(exact)
    return exact


def _broken(domain: Domain, chosen: Mapping[sp.Symbol, Fraction | int]) -> list[sp.Basic]:
    exact = _exact(domain, chosen)
    return [c for c in domain.constraints if not bool(c.xreplace(exact))]


def _value(expr: sp.Basic) -> sp.Basic:
    expr = sp.sympify(expr).doit()
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        expr = expr.as_explicit()
    if getattr(expr, "atoms", None) and expr.atoms(sp.MatrixSymbol):
        raise ValueError("a matrix of this step has no worked instance")
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: sp.nsimplify(sp.simplify(e), rational=False))
    simple = sp.simplify(expr)
    if simple.is_number and not simple.is_Rational and simple.free_symbols == set():
        return sp.Float(simple.evalf(12), 12)
    return simple


def _instance(derivation: Derivation) -> dict[sp.Basic, sp.Basic]:
    """A small exact instance of the derivation's matrices, for matrix steps:
    the model's first symbolic size, a rational rotation, eigenvalues 1, 3, 5, ..."""
    model = derivation.model
    if model is None:
        return {}
    n = model.symbolic_sizes[0]
    values: dict[sp.Basic, sp.Basic] = {model.size: sp.Integer(n)}
    if model.orthogonal and n != 2:
        raise ValueError("worked instances rotate only in the plane")
    rotation = sp.Matrix([[sp.Rational(3, 5), sp.Rational(-4, 5)],
                          [sp.Rational(4, 5), sp.Rational(3, 5)]])
    for q in model.orthogonal:
        values[q] = rotation
    for d, base in model.diagonal.items():
        values[d] = sp.diag(*range(1, 2 * n, 2))
        for j in range(n):
            values[base[j + 1]] = sp.Integer(2 * j + 1)
    for j, v in enumerate(model.vectors):
        values[v] = sp.Matrix([(-1) ** r * (1 + j + r) for r in range(n)])
    return values


def work(derivation: Derivation) -> tuple[dict[sp.Symbol, sp.Expr], list[WorkedStep]]:
    """The teaching point and each step evaluated there (a step with assumptions of
    its own is evaluated at a point that meets them)."""
    symbols = sorted({s for step in derivation.steps for s in step.claim.free_symbols
                      if s in derivation.domain.variables}, key=lambda s: s.name)
    point = teaching_point(derivation.domain, symbols)
    try:
        instance = _instance(derivation)
    except ValueError:
        instance = {}
    worked = []
    for step in derivation.steps:
        here = point
        if step.assumptions:
            here = teaching_point(derivation.domain.with_constraints(step.assumptions), symbols)
        worked.append(_work_step(step, here, derivation, instance))
    return point, worked


def _equation(lhs: sp.Basic, rhs: sp.Basic) -> sp.Basic:
    return sp.Eq(lhs, rhs, evaluate=False)


def _substituted(claim: sp.Basic, point: Mapping[sp.Symbol, sp.Expr]) -> sp.Basic:
    if isinstance(claim, sp.Eq):
        return _equation(claim.lhs.xreplace(point), claim.rhs.xreplace(point))
    return claim.xreplace(point)


def _describe(derivation: Derivation, instance: Mapping[sp.Basic, sp.Basic]) -> str:
    model = derivation.model
    parts = [f"on the instance n = {model.symbolic_sizes[0]}"]
    if model.orthogonal:
        parts.append("Q = [[3/5, -4/5], [4/5, 3/5]]")
    for d in model.diagonal:
        parts.append(f"{d.name} = diag{tuple(instance[d].diagonal())}")
    return ", ".join(parts)


def _substitute_matrices(expr: sp.Basic, derivation: Derivation,
                         point: Mapping[sp.Symbol, sp.Expr],
                         instance: dict[sp.Basic, sp.Basic]) -> sp.Basic:
    model = derivation.model
    values = dict(instance)
    for name, definition in model.definitions:
        values[name] = sp.sympify(definition).xreplace(point).xreplace(values).doit()
    for vector, base in model.components.items():
        for j in range(values[vector].rows):
            values[base[j + 1]] = values[vector][j, 0]
    return expr.xreplace(point).xreplace(values)


def _work_step(step: Step, point: Mapping[sp.Symbol, sp.Expr], derivation: Derivation,
               instance: dict[sp.Basic, sp.Basic]) -> WorkedStep:
    claim = step.claim
    derivatives = claim.atoms(sp.Derivative)
    if any(isinstance(v, sp.MatrixSymbol) for d in derivatives for v in d.variables):
        # SymPy cannot differentiate entrywise by a matrix symbol: no numbers here
        return WorkedStep(step.label, claim, None, None, "no worked numbers for this step")
    if isinstance(claim, sp.Eq) and derivatives:
        # differentiate before any value is put in for the variable
        claim = _equation(claim.lhs.doit(), claim.rhs.doit())
    relevant = set(claim.free_symbols)
    if isinstance(step.data, Solve):
        relevant |= step.data.equation.free_symbols
    if isinstance(step.data, Induction):
        relevant |= {step.data.index}
    # bound variables (of a sum or a limit) are never given values
    point = {s: v for s, v in point.items() if s in relevant}
    try:
        if step.kind.is_given:
            return WorkedStep(step.label, _substituted(claim, point), None, None, "given")
        if (claim.atoms(sp.MatrixSymbol) or claim.atoms(sp.Indexed)) and derivation.model:
            index = derivation.model.index
            if isinstance(step.data, Solve):  # the solution put back into the equation
                back = {step.data.unknown: claim.rhs}
                claim = _equation(step.data.equation.lhs.xreplace(back),
                                  step.data.equation.rhs.xreplace(back))
            concrete = claim.xreplace({index: 1}) if index is not None else claim
            left = _substitute_matrices(concrete.lhs, derivation, point, instance)
            right = _substitute_matrices(concrete.rhs, derivation, point, instance)
            if not instance:
                raise ValueError("no worked instance for this model")
            note = _describe(derivation, instance)
            if index is not None and index in claim.free_symbols:
                note += ", component i = 1"
            left, right = _value(left), _value(right)
            if isinstance(left, sp.MatrixBase) and right == 0:
                right = sp.zeros(*left.shape)
            if isinstance(right, sp.MatrixBase) and left == 0:
                left = sp.zeros(*right.shape)
            return WorkedStep(step.label, _substituted(claim, point), left, right, note)
        if isinstance(step.data, Induction):
            data = step.data
            k = data.index
            others = {s: v for s, v in point.items() if s != k}
            at = {k: point.get(k, 3)}
            advanced = data.advance(claim.rhs).xreplace(others).xreplace(at)
            later = claim.rhs.xreplace({k: k + 1}).xreplace(others).xreplace(at)
            return WorkedStep(step.label, _substituted(claim, others), _value(advanced),
                              _value(later),
                              f"the inductive step at {k} = {at[k]}: one more step of the "
                              f"recurrence equals the closed form at {k} = {at[k] + 1}")
        if isinstance(step.data, Solve):
            data = step.data
            others = {s: v for s, v in point.items() if s != data.unknown}
            value = claim.rhs.xreplace(others)
            left = data.equation.lhs.xreplace(others).xreplace({data.unknown: value})
            right = data.equation.rhs.xreplace(others).xreplace({data.unknown: value})
            return WorkedStep(step.label, _substituted(claim, others), _value(left),
                              _value(right),
                              f"{data.unknown} = {_value(value)} put back into the equation")
        if isinstance(step.data, CaseSplit) or not isinstance(claim, sp.Eq):
            return WorkedStep(step.label, _substituted(claim, point), None, None,
                              f"at this point: {bool(_truth(claim, point))}")
        return WorkedStep(step.label, _substituted(claim, point), _value(claim.lhs.xreplace(point)),
                          _value(claim.rhs.xreplace(point)))
    except (TypeError, ValueError, AttributeError, NotImplementedError, KeyError, IndexError):
        return WorkedStep(step.label, claim, None, None, "no worked numbers for this step")


def _truth(claim: sp.Basic, point: Mapping[sp.Symbol, sp.Expr]) -> bool | str:
    if isinstance(claim, sp.Basic) and not isinstance(claim, sp.Expr):
        value = _substituted(claim, point).doit()
        if value in (sp.true, sp.false):
            return bool(value)
        value = sp.simplify(value)
        if value in (sp.true, sp.false):
            return bool(value)
    return "not evaluated"
