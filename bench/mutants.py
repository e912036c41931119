"""The mutation harness: corrupt every step and every published result the way the
source texts go wrong, and count how many corruptions ``verify`` catches.

    python bench/mutants.py                 every derivation; a Markdown table
    python bench/mutants.py ID ...          some derivations
    python bench/mutants.py --lenient       lenient variants of the checkers against
                                            the kernel's tests (each must be caught)

Corruptions, from the errata of the source texts: a flipped sign; swapped indices
(sigma_1 <-> sigma_2, lambda_1 <-> lambda_n, k -> k + 1); a dropped or extra factor 2
(or 1/2); a square; Q <-> Q^T and transposes; sqrt(beta) <-> 2 sqrt(beta).  Each is
applied to the right-hand side of every checked step (each case of a case split,
the value of a solve, the closed form of an induction, a side of a relation) and to
every published result.  A corruption that leaves the expression unchanged, or that
SymPy proves equal to it, is not a corruption and is not counted.

A step corruption is caught when the step's check fails; a result corruption when
the result's tie to its step fails or the witness, run on the corrupted derivation,
fails.  The target is 100%, with no false alarm on the unmodified engine.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import sympy as sp
from sympy.logic.boolalg import Boolean

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = 3  # numeric samples per check: the symbolic check is the main line here

Mutation = Callable[[sp.Basic], sp.Basic]


def _symbol(name: str) -> list[sp.Basic]:
    from momentum_sym.results import symbols as S

    return [v for v in vars(S).values() if isinstance(v, sp.Symbol) and v.name == name]


def _swap(first: str, second: str) -> Mutation:
    def swap(expr: sp.Basic) -> sp.Basic:
        table = {}
        for a in expr.free_symbols:
            for b in expr.free_symbols:
                if getattr(a, "name", None) == first and getattr(b, "name", None) == second:
                    table[a], table[b] = b, a
        return expr.xreplace(table) if table else expr
    return swap


def _shift_k(expr: sp.Basic) -> sp.Basic:
    ks = [s for s in expr.free_symbols if getattr(s, "name", None) == "k"]
    return expr.xreplace({k: k + 1 for k in ks}) if ks else expr


def _scale(factor: sp.Basic) -> Mutation:
    def scale(expr: sp.Basic) -> sp.Basic:
        if isinstance(expr, sp.MatrixBase):
            return expr * factor
        return sp.Mul(factor, expr)
    return scale


def _flip(expr: sp.Basic) -> sp.Basic:
    return -expr


def _square(expr: sp.Basic) -> sp.Basic:
    if isinstance(expr, (sp.MatrixBase, sp.MatrixExpr)):
        return expr.applyfunc(lambda e: e**2) if isinstance(expr, sp.MatrixBase) else expr
    return expr**2


def _transpose(expr: sp.Basic) -> sp.Basic:
    if isinstance(expr, sp.MatrixBase):
        return expr.T
    if isinstance(expr, sp.MatrixExpr):
        table = {q: q.T for q in expr.atoms(sp.MatrixSymbol) if q.name == "Q"}
        return expr.xreplace(table) if table else expr.T
    return expr


def _sqrt_beta(expr: sp.Basic) -> sp.Basic:
    roots = [p for p in expr.atoms(sp.Pow) if p.exp == sp.Rational(1, 2)
             and getattr(p.base, "name", None) == "beta"]
    if roots:
        return expr.xreplace({r: 2 * r for r in roots})
    doubled = [m for m in expr.atoms(sp.Mul) if sp.sqrt(_beta()) in m.args and 2 in m.args]
    return expr.xreplace({m: m / 2 for m in doubled}) if doubled else expr


def _beta() -> sp.Symbol:
    return _symbol("beta")[0]


MUTATIONS: dict[str, Mutation] = {
    "sign flip": _flip,
    "sigma_1 <-> sigma_2": _swap("sigma_1", "sigma_2"),
    "lambda_1 <-> lambda_n": _swap("lambda_1", "lambda_n"),
    "k -> k+1": _shift_k,
    "dropped 1/2 (x2)": _scale(sp.Integer(2)),
    "extra 1/2": _scale(sp.Rational(1, 2)),
    "square": _square,
    "Q <-> Q^T, transpose": _transpose,
    "sqrt(beta) <-> 2 sqrt(beta)": _sqrt_beta,
}


# -- applying a mutation --------------------------------------------------------------


def _mutate_claim(step, mutation: Mutation):
    """The step with its derived side corrupted, or None when nothing changes."""
    from momentum_sym.kernel.step import CaseSplit

    claim = step.claim
    if isinstance(step.data, CaseSplit):
        for j, (condition, case) in enumerate(step.data.cases):
            changed = _mutate_relation(case, mutation)
            if changed is not None:
                cases = list(step.data.cases)
                cases[j] = (condition, changed)
                return dataclasses.replace(step, data=CaseSplit(tuple(cases)))
        return None
    changed = _mutate_relation(claim, mutation)
    return None if changed is None else dataclasses.replace(step, claim=changed)


def _mutate_relation(claim: sp.Basic, mutation: Mutation) -> sp.Basic | None:
    if isinstance(claim, sp.Eq):
        rhs = mutation(claim.rhs)
        return None if rhs == claim.rhs else sp.Eq(claim.lhs, rhs, evaluate=False)
    if isinstance(claim, sp.Rel):
        rhs = mutation(claim.rhs)
        if rhs != claim.rhs:
            return claim.func(claim.lhs, rhs, evaluate=False)
        lhs = mutation(claim.lhs)
        return None if lhs == claim.lhs else claim.func(lhs, claim.rhs, evaluate=False)
    if isinstance(claim, Boolean) and claim.args:
        for j in reversed(range(len(claim.args))):  # the last relation: the derived one
            changed = _mutate_relation(claim.args[j], mutation)
            if changed is not None:
                args = list(claim.args)
                args[j] = changed
                return claim.func(*args, evaluate=False)
    return None


def _equivalent(original: sp.Basic, mutated: sp.Basic, model=None) -> bool:
    """SymPy proves the corruption equal to the original: not a corruption (a transposed
    1 x 1 matrix, a formula symmetric in sigma_1 and sigma_2)."""
    from momentum_sym.kernel import matrices
    from momentum_sym.kernel.outcome import Status
    from momentum_sym.kernel.symbolic import decide_zero

    if original == mutated:
        return True
    if isinstance(original, Boolean):
        return False
    if isinstance(original, sp.MatrixExpr) and not isinstance(original, sp.MatrixBase):
        if model is None or getattr(mutated, "shape", None) != original.shape:
            return False
        claim = sp.Eq(original, mutated, evaluate=False)
        try:
            holds, _ = matrices.check_symbolic(claim, model,
                                               matrices.scalars_of(claim, model))
        except (TypeError, ValueError, AttributeError, KeyError):
            return False
        return holds
    try:
        pairs = (list(zip(sp.Matrix(original), sp.Matrix(mutated), strict=True))
                 if isinstance(original, sp.MatrixBase) else [(original, mutated)])
        return all(decide_zero(a - b, allow_simplify=False).status is Status.PROVED
                   for a, b in pairs)
    except (TypeError, ValueError, AttributeError):
        return False


PROBE_POINTS = 60  # points at which a corrupted relation is tried before it counts


def _still_true(step, mutated, derivation) -> bool:
    """A corrupted relation that still holds at every probe point (a weaker true
    statement, such as |beta| < 2 for |beta| < 1) is not an error to catch."""
    import random

    from momentum_sym.kernel.checks import _relation_holds
    from momentum_sym.kernel.step import CaseSplit

    claims = ([(condition, case) for condition, case in mutated.data.cases]
              if isinstance(mutated.data, CaseSplit) else [(None, mutated.claim)])
    if all(isinstance(claim, sp.Eq) for _, claim in claims):
        return False
    rng = random.Random(7)
    for condition, claim in claims:
        extra = (*step.assumptions, *([condition] if condition is not None else []))
        domain = derivation.domain.with_constraints(extra)
        symbols = sorted(claim.free_symbols, key=lambda x: x.name)
        for _ in range(PROBE_POINTS):
            try:
                point = domain.sample(rng, symbols)
                if not _relation_holds(claim, point):
                    return False
            except (ValueError, TypeError, ZeroDivisionError):
                continue
    return True


def _derived_side(step) -> sp.Basic:
    claim = step.claim
    return claim.rhs if isinstance(claim, sp.Rel) else claim


@dataclass
class Tally:
    """Corruptions caught and made, by derivation and by kind of corruption."""

    caught: dict[tuple[str, str, str], int] = dataclasses.field(default_factory=dict)
    made: dict[tuple[str, str, str], int] = dataclasses.field(default_factory=dict)
    missed: list[str] = dataclasses.field(default_factory=list)
    by_witness: int = 0
    witness_tried: int = 0
    harmless: int = 0  # corrupted relations that still hold: not errors
    false_alarms: list[str] = dataclasses.field(default_factory=list)

    def add(self, ident: str, where: str, kind: str, caught: bool, what: str) -> None:
        key = (ident, where, kind)
        self.made[key] = self.made.get(key, 0) + 1
        self.caught[key] = self.caught.get(key, 0) + int(caught)
        if not caught:
            self.missed.append(what)

    def merge(self, other: Tally) -> None:
        for key, value in other.made.items():
            self.made[key] = self.made.get(key, 0) + value
            self.caught[key] = self.caught.get(key, 0) + other.caught.get(key, 0)
        self.missed += other.missed
        self.by_witness += other.by_witness
        self.witness_tried += other.witness_tried
        self.harmless += other.harmless
        self.false_alarms += other.false_alarms


def mutate_derivation(ident: str, mutations: dict[str, Mutation] | None = None,
                      witness: bool = True) -> Tally:
    """Every corruption of one derivation's steps and results, checked."""
    import momentum_sym
    from momentum_sym.kernel.checks import CHECKERS, Context
    from momentum_sym.kernel.ties import check_tie
    from momentum_sym.kernel.verify import seeded_rng, verify

    mutations = mutations or MUTATIONS
    derivation = momentum_sym.get(ident)
    tally = Tally()
    if not verify(derivation, samples=SAMPLES).passed:
        tally.false_alarms.append(f"{ident}: the unmodified derivation fails")

    def context(label: str) -> Context:
        return Context(derivation.domain, derivation.model, 50, SAMPLES,
                       seeded_rng(0, ident, "mutant", label))

    for step in derivation.steps:
        if step.kind.is_given:
            continue
        for kind, mutation in mutations.items():
            try:
                mutated = _mutate_claim(step, mutation)
            except (TypeError, ValueError, AttributeError, sp.ShapeError):
                continue
            if mutated is None or _equivalent(_derived_side(step), _derived_side(mutated),
                                              derivation.model):
                continue
            if _still_true(step, mutated, derivation):
                tally.harmless += 1
                continue
            try:
                symbolic, numeric = CHECKERS[mutated.kind](mutated, context(step.label))
                from momentum_sym.kernel.outcome import StepReport
                caught = not StepReport(step.label, symbolic, numeric).passed
            except Exception:  # a corruption the checker cannot even evaluate is caught
                caught = True
            tally.add(ident, "step", kind, caught, f"{ident}: step {step.label}: {kind}")
    for name, value in sorted(derivation.results.items()):
        for kind, mutation in mutations.items():
            try:
                corrupted = mutation(value)
            except (TypeError, ValueError, AttributeError, sp.ShapeError):
                continue
            if _equivalent(value, corrupted, derivation.model):
                continue
            changed = dataclasses.replace(derivation, results={**derivation.results,
                                                               name: corrupted})
            tie = check_tie(changed, name, context(f"result {name}"))
            caught = not tie.passed
            if witness and changed.witness is not None:
                tally.witness_tried += 1
                try:
                    report = changed.witness.run(changed, 50, seeded_rng(0, ident, "witness"))
                    seen = not report.passed
                except Exception:
                    seen = True
                tally.by_witness += int(seen)
                caught = caught or seen
            tally.add(ident, "result", kind, caught, f"{ident}: result {name}: {kind}")
    return tally


def run(ids: list[str], jobs: int) -> Tally:
    tally = Tally()
    if jobs <= 1:
        for ident in ids:
            tally.merge(mutate_derivation(ident))
            print(f"  {ident}", file=sys.stderr, flush=True)
        return tally
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for ident, part in zip(ids, pool.map(mutate_derivation, ids), strict=True):
            tally.merge(part)
            print(f"  {ident}", file=sys.stderr, flush=True)
    return tally


def table(tally: Tally) -> str:
    """Caught/total per derivation (steps, results) and per kind of corruption."""
    lines = ["| result | steps caught | results caught |", "|---|---:|---:|"]
    ids = sorted({key[0] for key in tally.made}, key=_order)
    total = {"step": [0, 0], "result": [0, 0]}
    for ident in ids:
        cells = []
        for where in ("step", "result"):
            made = sum(v for k, v in tally.made.items() if k[0] == ident and k[1] == where)
            caught = sum(v for k, v in tally.caught.items() if k[0] == ident and k[1] == where)
            total[where][0] += caught
            total[where][1] += made
            cells.append(f"{caught}/{made}")
        lines.append(f"| `{ident}` | {cells[0]} | {cells[1]} |")
    lines.append(f"| **all** | **{total['step'][0]}/{total['step'][1]}** | "
                 f"**{total['result'][0]}/{total['result'][1]}** |")
    lines += ["", "| corruption | caught |", "|---|---:|"]
    for kind in MUTATIONS:
        made = sum(v for k, v in tally.made.items() if k[2] == kind)
        caught = sum(v for k, v in tally.caught.items() if k[2] == kind)
        if made:
            lines.append(f"| {kind} | {caught}/{made} |")
    if tally.harmless:
        lines += ["", f"Not counted: {tally.harmless} corrupted relations that still hold at "
                      f"every one of {PROBE_POINTS} probe points (weaker true statements)."]
    if tally.witness_tried:
        lines += ["", f"Witnesses alone (run on the corrupted derivation) caught "
                      f"{tally.by_witness} of {tally.witness_tried} result corruptions."]
    return "\n".join(lines)


def _order(ident: str) -> int:
    import momentum_sym

    known = momentum_sym.ids()
    return known.index(ident) if ident in known else len(known)


# -- lenient checkers -----------------------------------------------------------------

#: Lenient variants of the checkers: each is applied in a fresh process before the
#: kernel's tests, which must then fail.
LENIENT: dict[str, str] = {
    "relations always hold numerically":
        "import momentum_sym.kernel.checks as m; m._relation_holds = lambda c, p: True",
    "undecided passes without numeric evidence":
        "import momentum_sym.kernel.outcome as m; o = m._passed; "
        "m._passed = lambda s, n: True if s.status is m.Status.UNDECIDED else o(s, n)",
    "witness failures ignored":
        "import momentum_sym.kernel.outcome as m; "
        "m.WitnessReport.passed = property(lambda self: True)",
    "case split checks only its first case":
        "import momentum_sym.kernel.checks as m; from momentum_sym.kernel.step import CaseSplit; "
        "f = m.check_case_split; m.CHECKERS[m.Kind.CASE_SPLIT] = lambda s, c: f(__import__("
        "'dataclasses').replace(s, data=CaseSplit(s.data.cases[:1])), c)",
    "trivial steps counted as proved":
        "import momentum_sym.kernel.checks as m; m.is_trivial = lambda claim: False",
    "published results not tied to their steps":
        "import momentum_sym.kernel.ties as t, momentum_sym.kernel.verify as v; "
        "from momentum_sym.kernel.outcome import ResultReport, SymbolicOutcome, Status; "
        "v.check_tie = lambda d, n, c: ResultReport(n, '', SymbolicOutcome(Status.PROVED, 'x'))",
    "near misses not certified":
        "import momentum_sym.kernel.checks as m; m._certified_apart = lambda *a: False",
    "numeric digits ignored":
        "import momentum_sym.kernel.outcome as m; "
        "m.NumericOutcome.passed = property(lambda self: True)",
    "symbolic failure ignored":
        "import momentum_sym.kernel.outcome as m; o = m._passed; "
        "m._passed = lambda s, n: True if s.status is m.Status.FAILED else o(s, n)",
    "solve always proved":
        "import momentum_sym.kernel.checks as m; "
        "m.CHECKERS[m.Kind.SOLVE] = lambda s, c: (m.SymbolicOutcome(m.Status.PROVED, 'x'), None)",
    "induction always proved":
        "import momentum_sym.kernel.checks as m; m.CHECKERS[m.Kind.INDUCTION] = "
        "lambda s, c: (m.SymbolicOutcome(m.Status.PROVED, 'x'), None)",
    "matrix identities always proved":
        "import momentum_sym.kernel.checks as m; m.matrices.check_symbolic = "
        "lambda *a: (True, 'x'); m.matrices.check_numeric = lambda *a: 50.0",
    "real algebra always proves":
        "import momentum_sym.kernel.checks as m; from momentum_sym.kernel.outcome import "
        "SymbolicOutcome, Status; m.decide_relation = lambda c, a: "
        "(SymbolicOutcome(Status.PROVED, 'x'), None)",
    "square roots as symbols always vanish":
        "import momentum_sym.kernel.symbolic as m; m._real_roots_vanish = lambda e, a: True",
    "radical elimination keeps only the even part":
        "import momentum_sym.kernel.symbolic as m; r = m._reduced_modulo_root; "
        "m._reduced_modulo_root = lambda p, j, d: (r(p, j, d)[0], r(p, j, d)[0] * 0)",
    "regions with imaginary roots solved over the reals":
        "import momentum_sym.kernel.regions as m; m._imaginary_somewhere = lambda *a: False; "
        "m._roots_of_unknown_sign = lambda region: []",
    "exact rationals always zero":
        "import momentum_sym.kernel.exact as m; from flint import fmpq; "
        "m.value_at = lambda f, p: fmpq(0)",
    "rational functions always zero":
        "import momentum_sym.kernel.ratfunc as m; m.RationalFunction.is_zero = lambda self: True",
    "generic matrix instances always agree":
        "import momentum_sym.kernel.ratfunc as m; "
        "m.RationalFunction.__ne__ = lambda self, other: False",
    "certified evaluation never separates":
        "import momentum_sym.kernel.certify as c, momentum_sym.kernel.verdict as v; "
        "v.certify = lambda e, p, max_bits=0: c.Certified(c.Zero.UNKNOWN, -1000.0, 64)",
}

LENIENT_TESTS = ["tests/kernel", "tests/audit/test_policy.py"]


def run_lenient(names: list[str] | None = None) -> list[tuple[str, bool, float]]:
    """Each lenient variant applied before the kernel's tests: (name, caught, seconds)."""
    rows = []
    for name, patch in LENIENT.items():
        if names and name not in names:
            continue
        code = (f"{patch}\nimport sys, pytest\n"
                f"sys.exit(pytest.main({LENIENT_TESTS!r} + ['-x', '-q', '-p', 'no:cacheprovider',"
                f" '-m', 'not slow']))")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        rows.append((name, done.returncode != 0, time.perf_counter() - start))
        print(f"  {name}: {'caught' if done.returncode else 'NOT CAUGHT'}", file=sys.stderr,
              flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="derivation ids (default: all)")
    parser.add_argument("--lenient", action="store_true",
                        help="run the lenient checker variants against the kernel's tests")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    if args.lenient:
        rows = run_lenient()
        print("| lenient checker | caught by the tests |\n|---|---|")
        for name, caught, _ in rows:
            print(f"| {name} | {'yes' if caught else '**NO**'} |")
        return 0 if all(caught for _, caught, _ in rows) else 1
    import momentum_sym

    ids = args.ids or list(momentum_sym.ids())
    start = time.perf_counter()
    tally = run(ids, args.jobs)
    print(table(tally))
    print(f"\n{len(ids)} derivations in {time.perf_counter() - start:.0f} s.")
    for line in tally.false_alarms:
        print(f"FALSE ALARM: {line}")
    for line in tally.missed:
        print(f"missed: {line}")
    return 0 if not tally.missed and not tally.false_alarms else 1


if __name__ == "__main__":
    sys.exit(main())
