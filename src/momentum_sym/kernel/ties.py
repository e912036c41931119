"""Published results tied to the steps that derived them.

A derivation publishes named results (``results["rate"]``) with the label of the
step that derived each one.  Verification proves the published value equal to
what that step states, so that a value typed or altered after the derivation
(a rate squared, a dropped factor) is caught even when every step is right:

* an equality step ``lhs = rhs`` (and a solve ``unknown = value``, an induction
  ``sequence = closed form``) states its right-hand side;
* a case split states the right-hand side of each case;
* an explicit matrix states each of its entries too (one coordinate of a state);
* a relation or region states the sides of each relation in it (a bound such as
  ``t < 2 + 2 beta``), and a result that is itself a relation must be the claim
  or one of its parts;
* definitions and ansatzes derive nothing: a result tied to one fails.

Equality is decided as for any step (:func:`momentum_sym.kernel.symbolic.decide_zero`
under the domain and the step's assumptions, exact generic instances for matrix
expressions); what SymPy cannot decide rests on numeric evidence and is reported
as undecided.
"""

from __future__ import annotations

import sympy as sp
from sympy.logic.boolalg import Boolean

from momentum_sym.kernel import matrices
from momentum_sym.kernel.checks import Context, numeric_pairs
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import NumericOutcome, ResultReport, Status, SymbolicOutcome
from momentum_sym.kernel.step import CaseSplit, Step
from momentum_sym.kernel.symbolic import decide_zero
from momentum_sym.kernel.text import distinct, join


def _relations(claim: sp.Basic) -> list[sp.Basic]:
    """The claim and every boolean part of it, outermost first."""
    if isinstance(claim, sp.Rel):
        return [claim]
    if isinstance(claim, (sp.And, sp.Or, sp.Not, sp.Implies, sp.Equivalent)):
        parts = [claim]
        for argument in claim.args:
            parts += _relations(argument)
        return parts
    return []


def stated_values(step: Step) -> list[sp.Basic]:
    """The expressions a step states as derived, in order of preference."""
    if isinstance(step.data, CaseSplit):
        found: list[sp.Basic] = []
        for _, claim in step.data.cases:
            found += _values_of(claim)
        return found
    return _values_of(step.claim)


def _values_of(claim: sp.Basic) -> list[sp.Basic]:
    if isinstance(claim, sp.Eq):
        return [claim.rhs]
    values: list[sp.Basic] = []
    for relation in _relations(claim):
        if isinstance(relation, sp.Rel):
            values += [relation.rhs, relation.lhs]
    return values


def _explicit(value: sp.Basic) -> sp.Basic:
    """A matrix expression over explicit matrices, multiplied out."""
    if isinstance(value, sp.MatrixExpr) and not value.atoms(sp.MatrixSymbol):
        return sp.Matrix(value.as_explicit())
    return value


def _is_matrix(value: sp.Basic) -> bool:
    return isinstance(value, (sp.MatrixBase, sp.MatrixExpr))


def _shape(value: sp.Basic) -> tuple | None:
    return tuple(value.shape) if _is_matrix(value) else None


def _same_relation(value: sp.Basic, part: sp.Basic, ctx: Context, step: Step) -> bool:
    """The same relation, or two equations whose sides differ by a factor of fixed sign
    on the domain (alpha lambda = 1 and alpha = 1/lambda)."""
    if value == part:
        return True
    if (isinstance(value, sp.Eq) and isinstance(part, sp.Eq)
            and not any(_is_matrix(side) for side in (*value.args, *part.args))):
        mine, theirs = value.lhs - value.rhs, part.lhs - part.rhs
        if theirs == 0:
            return mine == 0
        try:
            ratio = sp.factor(sp.cancel(mine / theirs))
        except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
            return False  # not comparable this way: the tie is then decided otherwise
        return bool(ratio.is_positive or ratio.is_negative)
    return False


def _compare(value: sp.Basic, candidate: sp.Basic, step: Step, ctx: Context
             ) -> SymbolicOutcome:
    if value == candidate:
        return SymbolicOutcome(Status.PROVED, "it is the value the step states")
    if isinstance(value, sp.MatrixExpr) or isinstance(candidate, sp.MatrixExpr):
        if ctx.model is None:
            return SymbolicOutcome(Status.UNDECIDED, "a matrix expression without a model")
        claim = sp.Eq(value, candidate, evaluate=False)
        scalars = matrices.scalars_of(claim, ctx.model)
        holds, how = matrices.check_symbolic(claim, ctx.model, scalars)
        return SymbolicOutcome(Status.PROVED if holds else Status.FAILED, how)
    pairs = (list(zip(sp.Matrix(value), sp.Matrix(candidate), strict=True))
             if _is_matrix(value) else [(value, candidate)])
    try:  # a certified difference at a sample point settles it before any simplification
        numeric = numeric_pairs(pairs, step, ctx)
    except (ValueError, TypeError):
        numeric = None
    if numeric is not None and numeric.held < numeric.samples:
        return SymbolicOutcome(Status.FAILED, "certified different at a point of the domain")
    outcomes = [decide_zero(a - b, ctx.assumptions(step), ctx.substitutions(step))
                for a, b in pairs]
    for status in (Status.FAILED, Status.UNDECIDED):
        worst = next((o for o in outcomes if o.status is status), None)
        if worst is not None:
            return worst
    return SymbolicOutcome(Status.PROVED, join(distinct(o.method for o in outcomes)))


def check_tie(derivation: Derivation, name: str, ctx: Context) -> ResultReport:
    """Prove ``derivation.results[name]`` equal to what its step states."""
    value = derivation.results[name]
    step = derivation.origin(name)
    label = derivation.origins.get(name, "")
    if step is None:
        return ResultReport(name, label, SymbolicOutcome(
            Status.FAILED, "no recorded step derives it"))
    if step.kind.is_given:
        return ResultReport(name, label, SymbolicOutcome(
            Status.FAILED, f"step {label!r} is a {step.kind.value}, which derives nothing"))
    if isinstance(value, Boolean) and not isinstance(value, sp.Expr):
        # a relation: the claim or part of it, or the conditions the step holds under
        parts = _relations(step.claim) + [c for _, c in getattr(step.data, "cases", ())]
        parts += [p for a in step.assumptions for p in _relations(a)]
        wanted = value.args if isinstance(value, sp.And) else (value,)
        rename = derivation.renamings.get(name, {})
        parts = [p.xreplace(rename) for p in parts] if rename else parts
        if value in parts or all(any(_same_relation(w, part, ctx, step) for part in parts)
                                 for w in wanted):
            return ResultReport(name, label, SymbolicOutcome(
                Status.PROVED, "it is the relation the step states"))
        if isinstance(value, sp.Eq) and value.rhs == 0 and not _is_matrix(value.lhs):
            # "expression = 0", where the step derived the expression
            for candidate in stated_values(step):
                candidate = candidate.xreplace(rename) if rename else candidate
                if _shape(candidate) is None and _compare(
                        value.lhs, candidate, step, ctx).status is Status.PROVED:
                    return ResultReport(name, label, SymbolicOutcome(
                        Status.PROVED, "it sets to zero the expression the step derives"))
        return ResultReport(name, label, SymbolicOutcome(
            Status.FAILED, "the step states no such relation"))
    instance = derivation.instances.get(name)
    if instance:
        value = _explicit(value.xreplace(instance))
    if isinstance(step.claim, sp.Eq) and step.claim.lhs == value and not (
            isinstance(step.data, CaseSplit)):
        # the step proves this very expression equal to its right-hand side
        return ResultReport(name, label, SymbolicOutcome(
            Status.PROVED, "it is the expression the step works out"))
    rename = derivation.renamings.get(name, {})
    candidates = [c.xreplace(rename) if rename else c for c in stated_values(step)]
    if not _is_matrix(value):  # a scalar result may be one entry of a matrix the step states
        candidates = [e for c in candidates
                      for e in (list(c) if isinstance(c, sp.MatrixBase) else [c])]
    candidates = [c for c in candidates if _shape(c) == _shape(value)]
    if value in candidates:  # before any arithmetic: the common case, and the cheapest
        return ResultReport(name, label, SymbolicOutcome(
            Status.PROVED, "it is the value the step states"))
    undecided: list[tuple[sp.Basic, SymbolicOutcome]] = []
    for candidate in candidates:
        outcome = _compare(value, candidate, step, ctx)
        if outcome.status is Status.PROVED:
            how = outcome.method if value == candidate else (
                f"equal to what the step states: {outcome.method}")
            return ResultReport(name, label, SymbolicOutcome(Status.PROVED, how))
        if outcome.status is Status.UNDECIDED:
            undecided.append((candidate, outcome))
    if not undecided:
        return ResultReport(name, label, SymbolicOutcome(
            Status.FAILED, "different from every value the step states",
            f"{len(candidates)} value(s) of the same shape compared"))
    candidate, outcome = undecided[0]
    numeric = _numeric_evidence(value, candidate, step, ctx)
    return ResultReport(name, label, SymbolicOutcome(
        Status.UNDECIDED, f"equality with the step's value not decided ({outcome.method})"),
        numeric)


def _numeric_evidence(value: sp.Basic, candidate: sp.Basic, step: Step,
                      ctx: Context) -> NumericOutcome | None:
    if isinstance(value, sp.MatrixExpr) or isinstance(candidate, sp.MatrixExpr):
        return None
    pairs = (list(zip(sp.Matrix(value), sp.Matrix(candidate), strict=True))
             if _is_matrix(value) else [(value, candidate)])
    return numeric_pairs(pairs, step, ctx)
