"""How each kind of step is checked: one table from kind to checker.

Every checker answers twice: a :class:`SymbolicOutcome` (proved, undecided or
failed, from :mod:`symbolic` or exact generic instances) and a
:class:`NumericOutcome` (digits of agreement at seeded random points of the
domain, at ``dps`` digits).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import matrices
from momentum_sym.kernel.certify import NotEvaluable, Zero, certify
from momentum_sym.kernel.domain import Domain, describe_point
from momentum_sym.kernel.evaluable import evaluable
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.numeric import compare, difference_at, evaluate
from momentum_sym.kernel.outcome import NumericOutcome, Status, SymbolicOutcome
from momentum_sym.kernel.realsolver import decide_relation
from momentum_sym.kernel.regions import decide_equivalent
from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step
from momentum_sym.kernel.symbolic import decide_sign, decide_zero
from momentum_sym.kernel.text import distinct, join, say

MARGIN_DIGITS = 5  # a numeric check passes at dps - MARGIN_DIGITS digits of agreement


@dataclass(frozen=True)
class Context:
    """What a checker needs besides the step."""

    domain: Domain
    model: matrices.MatrixModel | None
    dps: int
    samples: int
    rng: random.Random

    def assumptions(self, step: Step) -> tuple[sp.Basic, ...]:
        return (*self.domain.constraints, *step.assumptions)

    def substitutions(self, step: Step):
        """Substitutions valid on the domain: its reparametrisations, the step's
        hints, and the equations among the step's assumptions."""
        defined = {c.lhs: c.rhs for c in step.assumptions
                   if isinstance(c, sp.Eq) and c.lhs.is_Symbol}
        return (*self.domain.reparametrisations, *step.hint, *([defined] if defined else []))


Checker = Callable[[Step, Context], tuple[SymbolicOutcome, NumericOutcome | None]]


# -- equalities -----------------------------------------------------------------

def _pairs(claim: sp.Basic) -> list[tuple[sp.Basic, sp.Basic]]:
    """An equality claim as (lhs, rhs) pairs of scalars (matrices entry by entry)."""
    lhs, rhs = claim.lhs, claim.rhs
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        lhs, rhs = _explicit(lhs), _explicit(rhs)
        if lhs.shape != rhs.shape:
            return [(sp.Integer(0), sp.Integer(1))]
        return list(zip(lhs, rhs, strict=True))
    return [(lhs, rhs)]


def _explicit(side: sp.Basic) -> sp.Matrix:
    """A matrix side entry by entry.  A product or sum of explicit matrices is
    multiplied out first (``doit`` at the top only): asked for its entries directly,
    SymPy writes each as an unevaluated ``Sum`` over the inner index, which every
    check would then have to evaluate again."""
    if isinstance(side, sp.MatrixExpr) and not isinstance(side, sp.MatrixBase):
        side = side.doit(deep=False)
    return sp.Matrix(side)


def _decide_pairs(pairs, step: Step, ctx: Context) -> SymbolicOutcome:
    outcomes = [decide_zero(left - right, ctx.assumptions(step), ctx.substitutions(step))
                for left, right in pairs]
    for status in (Status.FAILED, Status.UNDECIDED):
        for outcome in outcomes:
            if outcome.status is status:
                return outcome
    return SymbolicOutcome(Status.PROVED, join(distinct(o.method for o in outcomes)))


def numeric_pairs(pairs: list[tuple[sp.Basic, sp.Basic]], step: Step, ctx: Context,
                   domain: Domain | None = None) -> NumericOutcome:
    """Digits of agreement of each (lhs, rhs) pair at seeded random points."""
    domain = domain or ctx.domain.with_constraints(step.assumptions)
    symbols: set[sp.Symbol] = set()
    for left, right in pairs:
        symbols |= sp.sympify(left).free_symbols | sp.sympify(right).free_symbols
    needed = sorted(symbols, key=lambda s: s.name)
    differences = _differences(pairs)
    worst, worst_point, separated, separated_point = float(ctx.dps), {}, 0, {}
    for _ in range(ctx.samples):
        point = domain.sample(ctx.rng, needed)
        digits = min((compare(left, right, point, ctx.dps) for left, right in pairs),
                     default=float(ctx.dps))
        if digits < ctx.dps - MARGIN_DIGITS:
            digits = _again_at_twice_the_digits(pairs, point, ctx.dps)
        if digits < worst or not worst_point:
            worst, worst_point = min(worst, digits), describe_point(point)
        if _certified_apart(differences, point, ctx.dps):
            separated += 1  # provably different here (a near miss too, whatever the digits)
            separated_point = separated_point or describe_point(point)
    if separated:
        return NumericOutcome(ctx.dps, ctx.samples, ctx.samples - separated, worst,
                              ctx.dps - MARGIN_DIGITS, separated_point,
                              "certified different at a sample point")
    return NumericOutcome(ctx.dps, ctx.samples, ctx.samples, worst, ctx.dps - MARGIN_DIGITS,
                          worst_point)


def _again_at_twice_the_digits(pairs, point, dps: int) -> float:
    """Digits of agreement at ``point`` when a pair falls short: the pairs whose
    difference at ``dps`` digits is rounding count as agreeing to every digit.

    Rounding shrinks with the precision and a true difference does not: a difference
    that falls by at least 10^(dps - MARGIN_DIGITS) when the same point is evaluated at
    twice the digits was rounding (a side that subtracts nearly equal numbers, as
    1 - sqrt(0.974), or a value that cancels to zero), and what remains of it is below
    anything the working precision can show.  Any other pair keeps its digits."""
    digits = float(dps)
    for left, right in pairs:
        found = compare(left, right, point, dps)
        if found >= dps - MARGIN_DIGITS:
            continue
        rough = difference_at(left, right, point, dps)
        fine = difference_at(left, right, point, 2 * dps)
        if not (rough > 0 and fine <= rough * mp.mpf(10) ** -(dps - MARGIN_DIGITS)):
            digits = min(digits, found)
    return digits


def _differences(pairs) -> list[sp.Basic]:
    """lhs - rhs of each pair, ready for evaluation (made once, not at every point)."""
    return [evaluable(left) - evaluable(right) for left, right in pairs]


def _certified_apart(differences, point, dps: int) -> bool:
    """Some difference is certified nonzero at the point (exactly, or by ball arithmetic
    at up to about four times the working precision)."""
    for difference in differences:
        try:
            found = certify(difference, point, max_bits=max(256, int(13.3 * dps)))
        except NotEvaluable:
            continue
        if found.zero is Zero.NONZERO:
            return True
    return False


def check_given(step: Step, ctx: Context):
    """Definitions and ansatzes are stated, not proved; a definition must not
    define a name by itself."""
    claim = step.claim
    if (step.kind is Kind.DEFINITION and isinstance(claim, sp.Eq) and claim.lhs != claim.rhs
            and claim.lhs in getattr(claim.rhs, "free_symbols", set())):
            return (SymbolicOutcome(Status.FAILED, "definition", "the name occurs on both sides"),
                    None)
    return SymbolicOutcome(Status.GIVEN, step.kind.value), None


def is_trivial(claim: sp.Basic) -> bool:
    """Both sides of an equality are the same expression as recorded: the claim
    was built from one expression twice and proves nothing."""
    if not isinstance(claim, sp.Eq):
        return False
    lhs, rhs = claim.lhs, claim.rhs
    if isinstance(lhs, sp.MatrixBase) and isinstance(rhs, sp.MatrixBase):
        return lhs.shape == rhs.shape and all(a == b for a, b in zip(lhs, rhs, strict=True))
    return bool(lhs == rhs)


TRIVIAL = SymbolicOutcome(Status.TRIVIAL, "the claim states one expression twice")


def check_identity(step: Step, ctx: Context):
    """``lhs = rhs`` for every point of the domain (on generic instances when the
    claim is about matrices of size n)."""
    if is_trivial(step.claim):
        return TRIVIAL, None
    if step.claim.atoms(sp.MatrixSymbol):
        return check_matrix(step, ctx)
    pairs = _pairs(step.claim)
    carried_out = [(evaluable(a), evaluable(b)) for a, b in pairs]
    numeric = numeric_pairs(carried_out, step, ctx)
    if numeric.held < numeric.samples:  # a certified counterexample: no proof to look for
        return _refuted(numeric), numeric
    symbolic = _decide_pairs(pairs, step, ctx)
    return symbolic, numeric


def _refuted(numeric: NumericOutcome) -> SymbolicOutcome:
    point = ", ".join(f"{k} = {v}" for k, v in numeric.worst_point.items())
    return SymbolicOutcome(Status.FAILED, "certified different at a point of the domain",
                           f"at {point}" if point else "")


def check_solve(step: Step, ctx: Context):
    """``unknown = value`` satisfies the equation: substitute it back."""
    data = step.data
    assert isinstance(data, Solve)
    value = step.claim.rhs
    if _already_solved(data.equation, data.unknown):
        return SymbolicOutcome(Status.TRIVIAL, "the equation was already solved for "
                               f"{data.unknown}"), None
    substitution = {data.unknown: value}
    if data.equation.atoms(sp.MatrixSymbol):  # a matrix equation: on generic instances
        back = sp.Eq(data.equation.lhs.xreplace(substitution),
                     data.equation.rhs.xreplace(substitution), evaluate=False)
        symbolic, numeric = check_matrix(Step(step.label, Kind.MATRIX, back, step.reason,
                                              assumptions=step.assumptions), ctx)
        if symbolic.status is Status.PROVED:
            symbolic = SymbolicOutcome(Status.PROVED, "substituted back: " + symbolic.method)
        return symbolic, numeric
    pairs = [(data.equation.lhs.xreplace(substitution), data.equation.rhs.xreplace(substitution))]
    numeric = numeric_pairs(pairs, step, ctx)
    if numeric.held < numeric.samples:
        return _refuted(numeric), numeric
    symbolic = _decide_pairs(pairs, step, ctx)
    if symbolic.status is Status.PROVED:
        symbolic = SymbolicOutcome(Status.PROVED, "substituted back: " + symbolic.method)
    wanted = _range_of_unknown(data.unknown, value)
    if wanted is None or symbolic.status is Status.FAILED or not _several_roots(data):
        return symbolic, numeric
    # the root must also be of the kind the unknown is (a positive modulus, a friction)
    sign, sign_numeric = check_relation(Step(step.label, Kind.INEQUALITY, wanted, step.reason,
                                             assumptions=step.assumptions), ctx)
    if sign.status is Status.FAILED or (sign_numeric is not None and not sign_numeric.passed):
        return SymbolicOutcome(Status.FAILED, f"the root is not {_RANGE_WORDS[type(wanted)]} "
                               f"as {data.unknown} must be", sign.detail), numeric
    if sign.status is Status.UNDECIDED and symbolic.status is Status.PROVED:
        symbolic = SymbolicOutcome(Status.UNDECIDED, symbolic.method + f"; that the root is "
                                   f"{_RANGE_WORDS[type(wanted)]} was not decided")
    return symbolic, numeric


_RANGE_WORDS = {sp.StrictGreaterThan: "positive", sp.GreaterThan: "nonnegative",
                sp.StrictLessThan: "negative", sp.LessThan: "nonpositive"}


def _several_roots(data: Solve) -> bool:
    """The equation has more than one root in the unknown (a square, a quadratic): the
    solve chose one, and the unknown's sign says which."""
    try:
        numerator = sp.numer(sp.together(data.equation.lhs - data.equation.rhs))
        return sp.Poly(numerator, data.unknown).degree() >= 2
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
        return True  # not a polynomial: the sign must be checked


def _range_of_unknown(unknown: sp.Basic, value: sp.Basic) -> sp.Basic | None:
    """The sign the unknown's assumptions demand of its value, as a relation."""
    if not isinstance(unknown, sp.Symbol) or isinstance(value, (sp.MatrixBase, sp.MatrixExpr)):
        return None
    if unknown.is_positive:
        return sp.StrictGreaterThan(value, 0, evaluate=False)
    if unknown.is_nonnegative:
        return sp.GreaterThan(value, 0, evaluate=False)
    if unknown.is_negative:
        return sp.StrictLessThan(value, 0, evaluate=False)
    if unknown.is_nonpositive:
        return sp.LessThan(value, 0, evaluate=False)
    return None


def _already_solved(equation: sp.Basic, unknown: sp.Basic) -> bool:
    """``unknown = expression`` (either way round) with the unknown on one side only:
    solving it is no move."""
    if not isinstance(equation, sp.Eq):
        return False
    for side, other in ((equation.lhs, equation.rhs), (equation.rhs, equation.lhs)):
        if side == unknown and unknown not in getattr(other, "free_symbols", set()):
            return True
    return False


def check_induction(step: Step, ctx: Context):
    """``sequence(k) = closed(k)``: the base case and the inductive step."""
    data = step.data
    assert isinstance(data, Induction)
    closed, k = step.claim.rhs, data.index
    base = _pairs(sp.Eq(closed.xreplace({k: data.base}), data.base_value, evaluate=False))
    advance = _pairs(sp.Eq(closed.xreplace({k: k + 1}), data.advance(closed), evaluate=False))
    numeric = numeric_pairs(base + advance, step, ctx)
    if numeric.held < numeric.samples:
        return _refuted(numeric), numeric
    base_outcome = _decide_pairs(base, step, ctx)
    step_outcome = _decide_pairs(advance, step, ctx)
    worse = base_outcome if base_outcome.status is not Status.PROVED else step_outcome
    if worse.status is Status.PROVED:
        symbolic = SymbolicOutcome(Status.PROVED, say("induction on {k}: base and step by ",
                                                      k=k) + step_outcome.method)
    else:
        part = "base case" if worse is base_outcome else "inductive step"
        symbolic = SymbolicOutcome(worse.status, worse.method,
                                   part + (": " + worse.detail if worse.detail else ""))
    return symbolic, numeric


def check_case_split(step: Step, ctx: Context):
    """One identity or relation per case, each checked on its own case."""
    data = step.data
    assert isinstance(data, CaseSplit)
    symbolic_parts, numeric_parts = [], []
    for condition, claim in data.cases:
        case = Step(step.label, _kind_of_claim(claim), claim, step.reason,
                    assumptions=(*step.assumptions, condition), hint=step.hint)
        symbolic, numeric = CHECKERS[case.kind](case, ctx)
        symbolic_parts.append(symbolic)
        numeric_parts.append(numeric)
    worst = next((s for status in (Status.FAILED, Status.UNDECIDED) for s in symbolic_parts
                  if s.status is status), None)
    symbolic = worst or SymbolicOutcome(Status.PROVED, "each case: " + join(
        distinct(s.method for s in symbolic_parts)))
    numeric = _merge_numeric([n for n in numeric_parts if n is not None], ctx)
    return symbolic, numeric


def _kind_of_claim(claim: sp.Basic) -> Kind:
    return Kind.SIMPLIFICATION if isinstance(claim, sp.Eq) else Kind.INEQUALITY


def _merge_numeric(parts: list[NumericOutcome], ctx: Context) -> NumericOutcome | None:
    if not parts:
        return None
    digits = [p.digits for p in parts if p.digits is not None]
    worst = min(parts, key=lambda p: (p.held - p.samples, p.digits or 0))
    return NumericOutcome(ctx.dps, sum(p.samples for p in parts), sum(p.held for p in parts),
                          min(digits) if digits else None, ctx.dps - MARGIN_DIGITS,
                          worst.worst_point)


# -- relations ------------------------------------------------------------------

def _relation_holds(claim: sp.Basic, point) -> bool:
    """Evaluate a relation or boolean combination numerically at a point."""
    if claim is sp.true or claim is sp.false:
        return bool(claim)
    if isinstance(claim, sp.And):
        return all(_relation_holds(a, point) for a in claim.args)
    if isinstance(claim, sp.Or):
        return any(_relation_holds(a, point) for a in claim.args)
    if isinstance(claim, sp.Not):
        return not _relation_holds(claim.args[0], point)
    if isinstance(claim, sp.Implies):
        return (not _relation_holds(claim.args[0], point)) or _relation_holds(claim.args[1], point)
    if isinstance(claim, sp.Equivalent):
        values = {_relation_holds(a, point) for a in claim.args}
        return len(values) == 1
    if isinstance(claim, sp.Rel):
        left, right = evaluate(claim.lhs, point), evaluate(claim.rhs, point)
        if isinstance(claim, sp.Ne):
            return left != right
        operators = {sp.Equality: left == right,
                     sp.StrictLessThan: left < right, sp.LessThan: left <= right,
                     sp.StrictGreaterThan: left > right, sp.GreaterThan: left >= right}
        if operators[type(claim)]:
            return True
        # a relation that admits equality, between two sides equal but rounded apart
        # in their last digits (|kappa^(-1/2) - 1| against 1 - kappa^(-1/2)), holds
        return isinstance(claim, (sp.Equality, sp.LessThan, sp.GreaterThan)) and \
            _rounding_apart(claim.lhs, claim.rhs, point, mp.dps)
    raise TypeError(f"cannot evaluate {claim!r} as a relation")


def _rounding_apart(left: sp.Basic, right: sp.Basic, point, dps: int) -> bool:
    """The two sides differ at ``point`` only by rounding: their difference at ``dps``
    digits falls by at least 10^(dps - MARGIN_DIGITS) at twice the digits (as in
    :func:`_again_at_twice_the_digits`); a true difference does not fall."""
    rough = difference_at(left, right, point, dps)
    fine = difference_at(left, right, point, 2 * dps)
    return bool(rough > 0 and fine <= rough * mp.mpf(10) ** -(dps - MARGIN_DIGITS))


def _decide_relation(claim: sp.Basic, step: Step, ctx: Context) -> SymbolicOutcome:
    if isinstance(claim, sp.And):
        parts = [_decide_relation(a, step, ctx) for a in claim.args]
        for status in (Status.FAILED, Status.UNDECIDED):
            for p in parts:
                if p.status is status:
                    return p
        return SymbolicOutcome(Status.PROVED, join(distinct(p.method for p in parts)))
    if isinstance(claim, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
        difference = claim.gts - claim.lts
        strict = isinstance(claim, (sp.StrictGreaterThan, sp.StrictLessThan))
        return decide_sign(difference, strict, ctx.assumptions(step), ctx.substitutions(step))
    if isinstance(claim, sp.Eq):
        return decide_zero(claim.lhs - claim.rhs, ctx.assumptions(step), ctx.substitutions(step))
    if isinstance(claim, sp.Equivalent) and len(claim.args) == 2:
        return decide_equivalent(*claim.args, within=ctx.assumptions(step))
    if claim is sp.true:
        return SymbolicOutcome(Status.PROVED, "evaluates to true")
    if claim is sp.false:
        return SymbolicOutcome(Status.FAILED, "evaluates to false")
    return SymbolicOutcome(Status.UNDECIDED, "no symbolic method for this relation")


def check_relation(step: Step, ctx: Context):
    """A relation (or boolean combination) that must hold at every point of the domain:
    SymPy first (signs, solved regions), then real algebra (z3) for what SymPy leaves
    undecided, then the samples."""
    symbolic = _decide_relation(step.claim, step, ctx)
    if symbolic.status is Status.UNDECIDED:
        decided, _ = decide_relation(step.claim, ctx.assumptions(step))
        if decided.status is not Status.UNDECIDED:
            symbolic = decided
    domain = ctx.domain.with_constraints(step.assumptions)
    held, first_failure = 0, {}
    symbols = sorted(step.claim.free_symbols, key=lambda s: s.name)
    with mp.workdps(ctx.dps):
        for _ in range(ctx.samples):
            point = domain.sample(ctx.rng, symbols)
            if _relation_holds(step.claim, point):
                held += 1
            elif not first_failure:
                first_failure = describe_point(point)
    numeric = NumericOutcome(ctx.dps, ctx.samples, held, None, ctx.dps - MARGIN_DIGITS,
                             first_failure, "relation evaluated at each sample")
    return symbolic, numeric


# -- matrices -------------------------------------------------------------------

def _shape(side: sp.Basic) -> tuple | None:
    if isinstance(side, sp.Derivative) and len(side.variables) == 1:
        (variable,) = side.variables  # a gradient has the shape of the vector
        inner = _shape(side.expr)
        if isinstance(variable, sp.MatrixSymbol) and inner in (None, (1, 1)):
            return tuple(variable.shape)
    if isinstance(side, (sp.MatrixBase, sp.MatrixExpr)):
        return tuple(side.shape)
    return None


def _dimensions_differ(a: sp.Basic, b: sp.Basic) -> bool:
    """Two dimensions that cannot be equal: different numbers, or the size n of the
    instances (2 and up) against 1; n against 9 is an instance of size 9."""
    if a == b:
        return False
    if a.is_Integer and b.is_Integer:
        return True
    return bool(a == 1 or b == 1)


def _shape_mismatch(claim: sp.Basic) -> str:
    """Why the two sides of a matrix equation cannot be equal by shape alone (a column
    against a row, an n x n matrix against a vector), or "" when they may be."""
    if not isinstance(claim, sp.Eq):
        return ""
    left, right = _shape(claim.lhs), _shape(claim.rhs)
    if left is None or right is None:
        return ""  # a scalar, a 1 x 1 product or a gradient: shapes not known here
    if any(_dimensions_differ(a, b) for a, b in zip(left, right, strict=True)):
        return f"{left[0]} x {left[1]} against {right[0]} x {right[1]}"
    return ""


def check_matrix(step: Step, ctx: Context):
    """A matrix identity: exact on generic symbolic instances, then numeric instances."""
    if ctx.model is None:
        raise ValueError(f"step {step.label!r} is a matrix step but the derivation has no model")
    mismatch = _shape_mismatch(step.claim)
    if mismatch:
        return SymbolicOutcome(Status.FAILED, "the two sides have different shapes", mismatch), None
    scalars = matrices.scalars_of(step.claim, ctx.model)
    # one shared instance per derivation: every sampled scalar is a generator
    shared = set(scalars) | {s for s in ctx.domain.variables if s not in
                             (ctx.model.index, ctx.model.size)}
    holds, how = matrices.check_symbolic(step.claim, ctx.model, sorted(shared, key=str))
    symbolic = SymbolicOutcome(Status.PROVED if holds else Status.FAILED, how)
    worst, worst_point = float(ctx.dps), {}
    for _ in range(ctx.samples):
        point = ctx.domain.sample(ctx.rng, sorted(scalars, key=lambda s: s.name))
        digits = matrices.check_numeric(step.claim, ctx.model, point, ctx.rng, ctx.dps)
        if digits < worst or not worst_point:
            worst, worst_point = min(worst, digits), describe_point(point)
    numeric = NumericOutcome(ctx.dps, ctx.samples, ctx.samples, worst, ctx.dps - MARGIN_DIGITS,
                             worst_point, "random orthogonal instances")
    return symbolic, numeric


CHECKERS: dict[Kind, Checker] = {
    Kind.DEFINITION: check_given,
    Kind.ANSATZ: check_given,
    Kind.SUBSTITUTION: check_identity,
    Kind.EXPANSION: check_identity,
    Kind.SIMPLIFICATION: check_identity,
    Kind.SUM: check_identity,
    Kind.LIMIT: check_identity,
    Kind.DIFFERENTIATION: check_identity,
    Kind.SOLVE: check_solve,
    Kind.INDUCTION: check_induction,
    Kind.CASE_SPLIT: check_case_split,
    Kind.INEQUALITY: check_relation,
    Kind.MATRIX: check_matrix,
}
