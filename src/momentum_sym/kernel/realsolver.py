"""Deciding relations over the reals with an SMT solver (z3's nonlinear arithmetic).

A relation that SymPy leaves undecided (the worst rate sits at an end of the
spectrum, the Schur-Cohn conditions, a region) is often a statement of real
algebra: polynomials, quotients, square roots and moduli of real variables.  Its
negation, together with the domain's constraints and the symbols' assumptions, is
handed to z3:

* *unsat*: no point of the domain violates it: **proved**;
* *sat*: z3 gives a point where it fails; the point is rounded to rationals and the
  failure is confirmed there by exact evaluation before the step is called
  **failed** (a counterexample is never a solver's say-so alone);
* *unknown* or out of time: **undecided**.

The translation is exact.  Every subexpression is a pair (real part, imaginary
part) of z3 reals, so complex intermediate values (the roots of a quadratic with a
negative discriminant) are allowed: sqrt(D) is a fresh r with r^2 = D on the
principal branch, |z| a fresh s >= 0 with s^2 = Re(z)^2 + Im(z)^2, and a quotient a
fresh q with q * denominator = numerator.  Anything else (powers with symbolic
exponents, exp, sin) is not translated and decides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from momentum_sym.kernel.outcome import Status, SymbolicOutcome
from momentum_sym.kernel.text import Text, join

#: z3's own count of work (its "rlimit"), not seconds: the same claim gets the same
#: answer on a fast machine and on a busy one, so the files a build writes do not
#: depend on the load (a 4-second limit proved the QHM region on one run and left it
#: undecided on the next).  The hardest proof of the derivations takes about 3.3
#: million; this leaves three times that.
RESOURCE_LIMIT = 10_000_000
#: Only a guard against a solver that stops counting: never the limit in practice.
TIMEOUT_MS = 120_000
MAX_NODES = 400  # larger relations are not sent to the solver


class Untranslatable(ValueError):
    """A part of the relation has no exact translation to real arithmetic."""


@dataclass
class _Encoder:
    """Builds z3 terms and the side conditions of the fresh variables."""

    z3: object
    variables: dict
    side: list
    fresh: int = 0

    def new(self, prefix: str):
        self.fresh += 1
        return self.z3.Real(f"{prefix}{self.fresh}")

    def real(self, symbol: sp.Symbol):
        if symbol not in self.variables:
            self.variables[symbol] = self.z3.Real(symbol.name)
        return self.variables[symbol]

    # a value is (re, im); im is None for values known to be real
    def encode(self, expr: sp.Basic):
        z3 = self.z3
        if expr.is_Rational:
            return z3.RealVal(f"{int(expr.p)}/{int(expr.q)}"), None
        if expr is sp.I:
            return z3.RealVal(0), z3.RealVal(1)
        if isinstance(expr, sp.Symbol):
            if expr.is_integer:
                raise Untranslatable(f"the integer {expr}")
            return self.real(expr), None
        if isinstance(expr, sp.Add):
            parts = [self.encode(a) for a in expr.args]
            re = sum((p[0] for p in parts), z3.RealVal(0))
            ims = [p[1] for p in parts if p[1] is not None]
            return re, (sum(ims, z3.RealVal(0)) if ims else None)
        if isinstance(expr, sp.Mul):
            value = (z3.RealVal(1), None)
            for a in expr.args:
                value = self._times(value, self.encode(a))
            return value
        if isinstance(expr, sp.Pow):
            return self._power(expr)
        if isinstance(expr, sp.Abs):
            re, im = self.encode(expr.args[0])
            s = self.new("abs")
            square = re * re + (im * im if im is not None else 0)
            self.side += [s >= 0, s * s == square]
            return s, None
        if isinstance(expr, (sp.Max, sp.Min)):
            values = [self._real_only(self.encode(a)) for a in expr.args]
            result = values[0]
            for v in values[1:]:
                result = (z3.If(v > result, v, result) if isinstance(expr, sp.Max)
                          else z3.If(v < result, v, result))
            return result, None
        raise Untranslatable(type(expr).__name__)

    def _real_only(self, value):
        re, im = value
        if im is not None:
            self.side.append(im == 0)
        return re

    def _times(self, a, b):
        (ar, ai), (br, bi) = a, b
        if ai is None and bi is None:
            return ar * br, None
        ai = ai if ai is not None else self.z3.RealVal(0)
        bi = bi if bi is not None else self.z3.RealVal(0)
        return ar * br - ai * bi, ar * bi + ai * br

    def _power(self, expr: sp.Pow):
        z3 = self.z3
        exponent = expr.exp
        if exponent.is_Integer:
            n = int(exponent)
            if abs(n) > 12:
                raise Untranslatable("a high power")
            base = self.encode(expr.base)
            value = (z3.RealVal(1), None)
            for _ in range(abs(n)):
                value = self._times(value, base)
            return value if n >= 0 else self._inverse(value)
        if exponent.is_Rational and exponent.q == 2:
            root = self._sqrt(self.encode(expr.base))
            value = (z3.RealVal(1), None)
            for _ in range(abs(int(exponent.p))):
                value = self._times(value, root)
            return value if exponent.p > 0 else self._inverse(value)
        raise Untranslatable("a power with a non-integer exponent")

    def _inverse(self, value):
        re, im = value
        if im is None:
            q = self.new("inv")
            self.side += [re != 0, q * re == 1]
            return q, None
        qr, qi = self.new("inv"), self.new("inv")
        norm = re * re + im * im
        self.side += [norm != 0, qr * norm == re, qi * norm == -im]
        return qr, qi

    def _sqrt(self, value):
        """The principal square root of a real radicand: r >= 0 real when it is
        nonnegative, i sqrt(-radicand) when it is negative."""
        radicand = self._real_only(value)
        r, i = self.new("root"), self.new("root")
        self.side += [r >= 0, i >= 0, r * i == 0, r * r - i * i == radicand]
        return r, i

    def relation(self, claim: sp.Basic):
        z3 = self.z3
        if claim is sp.true:
            return z3.BoolVal(True)
        if claim is sp.false:
            return z3.BoolVal(False)
        if isinstance(claim, sp.And):
            return z3.And(*[self.relation(a) for a in claim.args])
        if isinstance(claim, sp.Or):
            return z3.Or(*[self.relation(a) for a in claim.args])
        if isinstance(claim, sp.Not):
            return z3.Not(self.relation(claim.args[0]))
        if isinstance(claim, sp.Implies):
            return z3.Implies(self.relation(claim.args[0]), self.relation(claim.args[1]))
        if isinstance(claim, sp.Equivalent):
            parts = [self.relation(a) for a in claim.args]
            return z3.And(*[parts[0] == p for p in parts[1:]])
        if isinstance(claim, sp.Eq):
            lr, li = self.encode(claim.lhs)
            rr, ri = self.encode(claim.rhs)
            zero = z3.RealVal(0)
            return z3.And(lr == rr, (li if li is not None else zero) == (ri if ri is not None
                                                                           else zero))
        if isinstance(claim, sp.Rel):
            left = self._real_only(self.encode(claim.lhs))
            right = self._real_only(self.encode(claim.rhs))
            ops = {sp.StrictLessThan: left < right, sp.LessThan: left <= right,
                   sp.StrictGreaterThan: left > right, sp.GreaterThan: left >= right,
                   sp.Ne: left != right}
            if type(claim) not in ops:
                raise Untranslatable(type(claim).__name__)
            return ops[type(claim)]
        raise Untranslatable(type(claim).__name__)


def _assumptions_of(encoder: _Encoder):
    facts = []
    for symbol, variable in encoder.variables.items():
        if symbol.is_positive:
            facts.append(variable > 0)
        elif symbol.is_nonnegative:
            facts.append(variable >= 0)
        elif symbol.is_negative:
            facts.append(variable < 0)
        elif symbol.is_nonpositive:
            facts.append(variable <= 0)
    return facts


def _rational(value, z3) -> Fraction | None:
    """A z3 model value as a fraction (algebraic numbers rounded to 30 digits)."""
    if z3.is_rational_value(value):
        return Fraction(value.numerator_as_long(), value.denominator_as_long())
    if z3.is_algebraic_value(value):
        text = value.approx(30).as_decimal(30).rstrip("?")
        return Fraction(text)
    return None


def decide_relation(claim: sp.Basic, constraints: Sequence[sp.Basic] = (),
                    timeout_ms: int = TIMEOUT_MS) -> tuple[SymbolicOutcome,
                                                           dict[sp.Symbol, Fraction] | None]:
    """Decide ``claim`` under ``constraints`` with z3: (outcome, counterexample or None).

    A *sat* answer is returned as FAILED only with a rational point at which the
    claim is confirmed false by exact evaluation; otherwise the outcome is
    UNDECIDED.  An equivalence is decided as its two implications."""
    if isinstance(claim, sp.Equivalent) and len(claim.args) == 2:
        return _decide_equivalence(claim, constraints, timeout_ms)
    return _decide(claim, claim, constraints, timeout_ms)


def _decide_equivalence(claim: sp.Equivalent, constraints: Sequence[sp.Basic],
                        timeout_ms: int) -> tuple[SymbolicOutcome,
                                                  dict[sp.Symbol, Fraction] | None]:
    """``A <=> B`` as ``A => B`` and ``B => A``, each its own problem: z3 proves the two
    halves of QHM's region in a third of the time it takes on the whole.  Proved when
    both are; a counterexample to either half is one to the equivalence, and is
    confirmed on it; otherwise undecided."""
    first, second = claim.args
    forward = _decide(sp.Implies(first, second), claim, constraints, timeout_ms)
    if forward[0].status is Status.FAILED:
        return forward
    # an undecided half leaves the whole undecided, unless the other half fails
    backward = _decide(sp.Implies(second, first), claim, constraints, timeout_ms)
    return backward if backward[0].status is not Status.PROVED else forward


def _decide(claim: sp.Basic, whole: sp.Basic, constraints: Sequence[sp.Basic],
            timeout_ms: int) -> tuple[SymbolicOutcome, dict[sp.Symbol, Fraction] | None]:
    """:func:`_decide_afresh`, once per problem in a process: the methods' regions
    ask z3 the same Jury criterion again (a seventh of its time)."""
    if sp.count_ops(claim) > MAX_NODES:
        return SymbolicOutcome(Status.UNDECIDED, "too large for the SMT solver"), None
    outcome, point = _decided(claim, whole, tuple(constraints), timeout_ms, RESOURCE_LIMIT)
    return outcome, (None if point is None else dict(point))


@lru_cache(maxsize=1024)
def _decided(claim: sp.Basic, whole: sp.Basic, constraints: tuple[sp.Basic, ...],
             timeout_ms: int, resource_limit: int
             ) -> tuple[SymbolicOutcome, dict[sp.Symbol, Fraction] | None]:
    return _decide_afresh(claim, whole, constraints, timeout_ms, resource_limit)


def _decide_afresh(claim: sp.Basic, whole: sp.Basic, constraints: Sequence[sp.Basic],
                   timeout_ms: int, resource_limit: int
                   ) -> tuple[SymbolicOutcome, dict[sp.Symbol, Fraction] | None]:
    """z3 on ``claim``, a claim implied by ``whole`` (or ``whole`` itself): a point
    where ``claim`` fails is a counterexample only when ``whole`` is confirmed false
    there by exact evaluation."""
    try:
        import z3
    except ImportError:  # pragma: no cover - z3 is a dependency
        return SymbolicOutcome(Status.UNDECIDED, "no SMT solver installed"), None
    encoder = _Encoder(z3, {}, [])
    try:
        negated = z3.Not(encoder.relation(claim))
        given = [encoder.relation(c) for c in _relevant(claim, constraints)]
    except Untranslatable as error:
        return SymbolicOutcome(Status.UNDECIDED, f"not real algebra ({error})"), None
    solver = z3.SolverFor("QF_NRA")
    solver.set("rlimit", resource_limit)
    solver.set("timeout", timeout_ms)
    solver.add(*_assumptions_of(encoder), *encoder.side, *given, negated)
    answer = solver.check()
    if answer == z3.unsat:
        return SymbolicOutcome(Status.PROVED, "real algebra (z3: no counterexample exists)"), None
    if answer == z3.sat:
        model = solver.model()
        point = {}
        for symbol, variable in encoder.variables.items():
            value = model.eval(variable, model_completion=True)
            found = _rational(value, z3)
            if found is None:
                break
            point[symbol] = found
        else:
            if _confirmed_false(whole, constraints, point):
                where = join((Text((sp.Eq(s, sp.Rational(v.numerator, v.denominator),
                                          evaluate=False),))
                              for s, v in sorted(point.items(), key=lambda kv: kv[0].name)),
                             ", ")
                return SymbolicOutcome(Status.FAILED, "real algebra (z3 found a counterexample)",
                                       "fails at " + where), point
        return SymbolicOutcome(Status.UNDECIDED, "z3 found a possible counterexample that "
                               "exact evaluation did not confirm"), None
    return SymbolicOutcome(Status.UNDECIDED, "z3 did not decide it within its resource "
                           "limit"), None


def _relevant(claim: sp.Basic, constraints: Sequence[sp.Basic]) -> list[sp.Basic]:
    """The constraints that bear on the claim: those sharing a symbol with it, or with
    another relevant constraint (the discriminant ties beta to alpha and lambda)."""
    symbols, chosen, pending = set(claim.free_symbols), [], list(constraints)
    changed = True
    while changed:
        changed = False
        for c in list(pending):
            if c.free_symbols & symbols:
                chosen.append(c)
                pending.remove(c)
                symbols |= c.free_symbols
                changed = True
    return chosen


def _confirmed_false(claim: sp.Basic, constraints: Sequence[sp.Basic],
                     point: Mapping[sp.Symbol, Fraction]) -> bool:
    exact = {s: sp.Rational(v.numerator, v.denominator) for s, v in point.items()}
    try:
        inside = all(bool(c.xreplace(exact)) for c in constraints
                     if c.free_symbols <= set(exact))
        for s, v in exact.items():
            if (s.is_positive and not v > 0) or (s.is_nonnegative and not v >= 0):
                return False
        value = claim.xreplace(exact)
        value = value.doit() if hasattr(value, "doit") else value
        if value not in (sp.true, sp.false):
            value = sp.simplify(value)
        return inside and value is sp.false
    except (TypeError, ValueError):
        return False
