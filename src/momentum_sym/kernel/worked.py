"""A worked instance of a derivation: every step evaluated at one simple point.

For the student who wants to see numbers: one point of the domain (small
rationals, chosen once per derivation) put into every step, the substitution
stated (alpha = 1/10, lambda = 2), both sides computed exactly where possible,
and what they show (both sides equal 4/5; 3/10 < 1 holds).  The instance is one
instance: a value a step derives (beta from a solve) is the value every later
step uses.  A step that holds only under a condition of its own is shown at a
point that meets it, and says so.  Matrix steps are shown on a small exact
instance (n = 2, a rational rotation, eigenvalues 1 and 3).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import Domain, IntegerRange, Interval, as_sympy
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step
from momentum_sym.kernel.text import Text, as_text, join, say

# Candidate values, simplest first; 0 and 1 are avoided because they hide terms.
_FIRST = [Fraction(1, 10), Fraction(2), Fraction(1, 4), Fraction(3), Fraction(1, 2),
          Fraction(5), Fraction(3, 10), Fraction(4), Fraction(-1), Fraction(3, 4)]
_CANDIDATES = _FIRST + sorted(
    {Fraction(p, q) for q in (1, 2, 4, 5, 10, 3, 20, 100) for p in range(-20, 41)}
    - {*_FIRST, Fraction(0), Fraction(1)},
    key=lambda f: (f.denominator, abs(f.numerator) > 10, f < 0, abs(f)))


@dataclass(frozen=True)
class WorkedStep:
    """One step at the teaching point.

    ``values`` is the substitution that was made (each symbol of the step with its
    number), ``claim`` the claim with those numbers put in, ``left`` and ``right``
    both sides computed (None for relations and given steps), ``outcome`` what the
    numbers show, ``derived`` the values this step derives for later steps, and
    ``note`` where the step is evaluated when it is not the common point.
    """

    label: str
    claim: sp.Basic
    left: sp.Basic | None
    right: sp.Basic | None
    note: Text | str = ""
    values: tuple[tuple[sp.Basic, sp.Basic], ...] = ()
    outcome: Text | str = ""
    derived: tuple[tuple[sp.Basic, sp.Basic], ...] = ()


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
    """The constraints the chosen values break (one on a symbol not chosen is not
    decided here, so not broken)."""
    exact = _exact(domain, chosen)
    return [c for c in domain.constraints if c.xreplace(exact) == sp.false]


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
        exact = sp.nsimplify(simple)
        if sp.count_ops(exact) <= 8 and sp.simplify(exact - simple) == 0:
            return exact  # a short exact number (6/5 - 2 sqrt(5)/5) reads better
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


def _definitions(derivation: Derivation) -> dict[sp.Symbol, sp.Expr]:
    """Symbols a step introduces for an expression of others (t = alpha lambda), each
    defined the same way wherever it is, in symbols no step defines."""
    found: dict[sp.Symbol, set[sp.Expr]] = {}
    for step in derivation.steps:
        stated = step.claim.args if isinstance(step.claim, sp.And) else (step.claim,)
        given = [c for c in stated if step.kind is Kind.DEFINITION and isinstance(c, sp.Eq)]
        for c in (*step.assumptions, *given):
            if isinstance(c, sp.Eq) and c.lhs.is_Symbol and c.lhs in derivation.domain.variables:
                found.setdefault(c.lhs, set()).add(sp.sympify(c.rhs))
    single = {s: next(iter(v)) for s, v in found.items() if len(v) == 1}
    # an expression of other symbols; a value (w_i = 0 at one step) is a case, not a name
    return {s: e for s, e in single.items()
            if e.free_symbols and not e.is_Symbol and not e.free_symbols & set(single)
            and e.free_symbols <= set(derivation.domain.variables)}


def _with_definitions(point: dict[sp.Symbol, sp.Expr], derivation: Derivation
                      ) -> dict[sp.Symbol, sp.Expr]:
    """The teaching point with each introduced symbol at its value there (t = alpha
    lambda = 3/4 at alpha = 1/4, lambda = 3), so that every step uses the same
    instance.  Where that value is no simple number (s = sqrt(alpha lambda_1) =
    sqrt(10)/20), one symbol of the definition is moved instead so that the introduced
    one keeps its teaching value (alpha = s^2/lambda_1 = 1)."""
    definitions = {s: e for s, e in _definitions(derivation).items()
                   if s in point and e.free_symbols <= set(point)}
    variables = derivation.domain.variables
    point = dict(point)
    for s, e in definitions.items():
        if _within(variables[s], e.xreplace(point)):
            continue
        moved = _moved_for(s, e, point, derivation, set(definitions))
        if moved is not None:
            point = moved
    # only where the value lies in the symbol's own range (a discriminant the domain
    # takes negative, for complex eigenvalues, keeps its own teaching value)
    values = {s: e.xreplace(point) for s, e in definitions.items()}
    return {**point, **{s: v for s, v in values.items() if _within(variables[s], v)}}


def _moved_for(defined: sp.Symbol, expr: sp.Expr, point: dict[sp.Symbol, sp.Expr],
               derivation: Derivation, introduced: set[sp.Symbol]
               ) -> dict[sp.Symbol, sp.Expr] | None:
    """The point with one symbol of ``expr`` changed to the simple value at which
    ``expr`` equals the teaching value of ``defined``, keeping the domain's constraints
    and every other definition's value in range; None when no symbol can be."""
    variables = derivation.domain.variables
    for x in sorted(expr.free_symbols - introduced, key=lambda s: s.name):
        others = {y: v for y, v in point.items() if y != x}
        try:
            solutions = sp.solve(sp.Eq(expr.xreplace(others), point[defined]), x)
        except (NotImplementedError, ValueError, TypeError):
            continue
        fitting = [v for v in solutions if _within(variables[x], sp.sympify(v))]
        if len(fitting) != 1:
            continue
        trial = {**point, x: sp.sympify(fitting[0])}
        kept = all(c.xreplace(trial) is not sp.false for c in derivation.domain.constraints)
        others_in_range = all(
            _within(variables[s], e.xreplace(trial)) or not _within(variables[s], e.xreplace(point))
            for s, e in _definitions(derivation).items()
            if s != defined and s in trial and e.free_symbols <= set(trial))
        if kept and others_in_range:
            return trial
    return None


def _within(sampler: Interval | IntegerRange, value: sp.Expr) -> bool:
    if not value.is_Rational:
        return False
    exact = Fraction(int(value.p), int(value.q))
    return sampler.low <= exact <= sampler.high


def work(derivation: Derivation) -> tuple[dict[sp.Symbol, sp.Expr], list[WorkedStep]]:
    """The teaching point and each step evaluated there.  A value a solve derives (for a
    symbol later steps use) replaces the teaching value from then on; a step with
    conditions of its own is evaluated at a point that meets them."""
    symbols = sorted({s for step in derivation.steps for s in step.claim.free_symbols
                      if s in derivation.domain.variables}, key=lambda s: s.name)
    point = _with_definitions(teaching_point(derivation.domain, symbols), derivation)
    try:
        instance = _instance(derivation)
    except ValueError:
        instance = {}
    current = dict(point)
    carried = _carried_solves(derivation)
    worked = []
    for step in derivation.steps:
        here, note = current, ""
        if step.assumptions and not _holds(step.assumptions, current):
            here = {**teaching_point(derivation.domain.with_constraints(step.assumptions),
                                     symbols)}
            note = "at a point that meets the step's condition"
        defined = {c.lhs: c.rhs for c in step.assumptions
                   if isinstance(c, sp.Eq) and c.lhs.is_Symbol}
        if defined:  # the step's own definitions (x_i^k written through x_i^0, ...)
            here = {**here, **{s: sp.sympify(v).xreplace(here) for s, v in defined.items()}}
        done = _work_step(step, here, derivation, instance)
        if note and not done.note:
            done = WorkedStep(done.label, done.claim, done.left, done.right, note,
                              done.values, done.outcome, done.derived)
        worked.append(done)
        if step.label in carried:  # one instance: later steps use what was derived
            for symbol, value in done.derived:
                current[symbol] = value
    return point, worked


def _carried_solves(derivation: Derivation) -> set[str]:
    """The solves whose value later steps go on with: the only solve for its unknown, or
    the one a published result comes from (the admissible root, not the rejected one)."""
    solves: dict[sp.Basic, list[str]] = {}
    for step in derivation.steps:
        if isinstance(step.data, Solve):
            solves.setdefault(step.data.unknown, []).append(step.label)
    origins = set(derivation.origins.values())
    carried = set()
    for labels in solves.values():
        published = [label for label in labels if label in origins]
        carried |= set(published) if published else ({labels[0]} if len(labels) == 1 else set())
    return carried


def _holds(conditions, point: Mapping[sp.Symbol, sp.Expr]) -> bool:
    try:
        return all(bool(sp.sympify(c).xreplace(dict(point))) for c in conditions
                   if not isinstance(c, sp.Eq))
    except TypeError:
        return False


def _equation(lhs: sp.Basic, rhs: sp.Basic) -> sp.Basic:
    return sp.Eq(lhs, rhs, evaluate=False)


def _substituted(claim: sp.Basic, point: Mapping[sp.Symbol, sp.Expr]) -> sp.Basic:
    """The claim with the numbers put in and nothing yet worked out (a hand calculation
    starts from there)."""
    if isinstance(claim, sp.Eq):
        with sp.evaluate(False):
            return _equation(_signed(claim.lhs.xreplace(point)),
                             _signed(claim.rhs.xreplace(point)))
    return claim.xreplace(point)  # a region: its relations are read at the point


def _signed(expr: sp.Basic) -> sp.Basic:
    """-1 times a number written as the negative number (-1/10, not -1*1/10): the sign
    of -x is not a factor of its own once x is a number."""
    def leading_minus_one(e: sp.Basic) -> bool:
        return (e.is_Mul and len(e.args) > 1 and e.args[0] == -1
                and any(a.is_Number for a in e.args[1:]))

    def joined(e: sp.Basic) -> sp.Basic:
        rest = list(e.args[1:])
        number = next(a for a in rest if a.is_Number)
        rest.remove(number)
        return sp.Mul(-number, *rest, evaluate=False)  # the signed number leads

    return expr.replace(leading_minus_one, joined)


def _describe(derivation: Derivation, instance: Mapping[sp.Basic, sp.Basic]) -> Text:
    """"on the instance n = 2, Q = ..., Lambda = ..." as words and mathematics."""
    model = derivation.model
    parts = [say("on the instance {n} = {v}", n=model.size, v=model.symbolic_sizes[0])]
    for q in model.orthogonal:
        parts.append(say("{q} = {v}", q=q, v=instance[q]))
    for d in model.diagonal:
        parts.append(say("{d} = {v}", d=d, v=instance[d]))
    return join(parts, ", ")


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


def _values(point: Mapping[sp.Symbol, sp.Expr]) -> tuple[tuple[sp.Basic, sp.Basic], ...]:
    return tuple(sorted(point.items(), key=lambda kv: kv[0].name))


def _agreement(left: sp.Basic, right: sp.Basic) -> Text:
    """What the two computed sides show: equal (the common value when it is short), or
    the difference when they are not."""
    if left == right or (not isinstance(left, sp.MatrixBase)
                         and sp.simplify(left - right) == 0):
        if isinstance(left, sp.MatrixBase) or sp.count_ops(left) > 6:
            return as_text("both sides agree")
        return say("both sides are {v}", v=left)
    return as_text("the two sides DIFFER here")


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
            return WorkedStep(step.label, _substituted(claim, point), None, None, "given",
                              _values(point))
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
                note = note + ", component i = 1"
            left, right = _value(left), _value(right)
            if isinstance(left, sp.MatrixBase) and right == 0:
                right = sp.zeros(*left.shape)
            if isinstance(right, sp.MatrixBase) and left == 0:
                left = sp.zeros(*right.shape)
            # on the instance, the claim is these numbers: both sides worked out
            return WorkedStep(step.label, _equation(left, right), left, right, note,
                              _values(point), _agreement(left, right))
        if isinstance(step.data, Induction):
            data = step.data
            k = data.index
            others = {s: v for s, v in point.items() if s != k}
            at = {k: point.get(k, 3)}
            advanced = _value(data.advance(claim.rhs).xreplace(others).xreplace(at))
            later = _value(claim.rhs.xreplace({k: k + 1}).xreplace(others).xreplace(at))
            with sp.evaluate(False):  # one more step from k, against the form at k + 1
                shown = _equation(
                    data.advance(claim.rhs.xreplace(others).xreplace(at)).xreplace(others),
                    claim.rhs.xreplace({k: k + 1}).xreplace(others).xreplace(at))
            return WorkedStep(step.label, shown, advanced, later,
                              f"the inductive step at {k} = {at[k]}: one more step of the "
                              f"recurrence equals the closed form at {k} = {at[k] + 1}",
                              _values({**others, **at}), _agreement(advanced, later))
        if isinstance(step.data, Solve):
            data = step.data
            others = {s: v for s, v in point.items() if s != data.unknown}
            value = claim.rhs.xreplace(others)
            left = _value(data.equation.lhs.xreplace(others).xreplace({data.unknown: value}))
            right = _value(data.equation.rhs.xreplace(others).xreplace({data.unknown: value}))
            found = _exact_value(value)
            outcome = (say("{x} = {v} put back into the equation: ", x=data.unknown, v=found)
                       + _agreement(left, right))
            derived = ((data.unknown, found),) if isinstance(data.unknown, sp.Symbol) else ()
            return WorkedStep(step.label, _substituted(claim, others), left, right, "",
                              _values(others), outcome, derived)
        if isinstance(step.data, CaseSplit) or not isinstance(claim, sp.Eq):
            return WorkedStep(step.label, _substituted(claim, point), None, None, "",
                              _values(point), _relation_outcome(claim, point))
        left, right = _value(claim.lhs.xreplace(point)), _value(claim.rhs.xreplace(point))
        return WorkedStep(step.label, _substituted(claim, point), left, right, "",
                          _values(point), _agreement(left, right))
    except (TypeError, ValueError, AttributeError, NotImplementedError, KeyError, IndexError):
        return WorkedStep(step.label, claim, None, None, "no worked numbers for this step")


def _exact_value(value: sp.Basic) -> sp.Basic:
    """A derived value kept exact (a rational, or a short radical expression)."""
    simple = sp.nsimplify(sp.simplify(value)) if value.is_number else sp.simplify(value)
    return simple if sp.count_ops(simple) <= 12 else value


def _relation_outcome(claim: sp.Basic, point: Mapping[sp.Symbol, sp.Expr]) -> Text:
    """A relation at the point: each inequality with its two sides computed."""
    truth = _truth(claim, point)
    if isinstance(claim, sp.Rel) and not isinstance(claim, sp.Eq):
        left, right = (_value(side.xreplace(dict(point))) for side in (claim.lhs, claim.rhs))
        shown = claim.func(left, right, evaluate=False)
        verdict = "holds" if truth is True else "does NOT hold" if truth is False else "?"
        return say("{r}: " + verdict, r=shown)
    if truth is True and isinstance(claim, sp.Equivalent) and len(claim.args) == 2:
        # an equivalence holds where both sides hold or both fail: say which, so that a
        # point outside the region is not read as one inside it
        sides = [_truth(side, point) for side in claim.args]
        if sides == [True, True]:
            return as_text("it holds at this point: both sides hold")
        if sides == [False, False]:
            return as_text("it holds at this point: both sides fail (the point is outside "
                           "the region)")
    if truth is True:
        return as_text("it holds at this point")
    if truth is False:
        return as_text("it does NOT hold at this point")
    return as_text("not evaluated at this point")


def _truth(claim: sp.Basic, point: Mapping[sp.Symbol, sp.Expr]) -> bool | str:
    if isinstance(claim, sp.Basic) and not isinstance(claim, sp.Expr):
        value = _substituted(claim, point).doit()
        if value in (sp.true, sp.false):
            return bool(value)
        value = sp.simplify(value)
        if value in (sp.true, sp.false):
            return bool(value)
    return "not evaluated"
