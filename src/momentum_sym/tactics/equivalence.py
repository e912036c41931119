"""Equivalence of two methods: the same iterates under a map of parameters.

Problem.  Two methods given as data, A and B, a map of B's parameters to A's (PyTorch's
dampening d against the heavy ball with step alpha (1 - d)), and a sequence of A that
B's iterate should equal (PyTorch's nesterov=True iterate against Nesterov's
look-ahead point y): do they produce the same iterates on every quadratic, from the
same start?

Method.  Per eigencomponent, in error coordinates, each observed sequence is
e^T s^k for a row e and the state s^k = R^k s^0 (after a first step with its own
rule, if any).  By Cayley and Hamilton both obey the recurrence of their
characteristic polynomials.  The polynomials are shown equal under the map (an
expansion), so both sequences, and their difference, obey one recurrence of order 2.
The difference starts from its first two values, computed by multiplying the starts
by the matrices; SymPy's ``rsolve`` gives it in closed form in the common eigenvalues
(checked against the recurrence for symbolic k and its first values: induction).  A
difference that starts at (0, 0) is zero for every k: the methods are equivalent.
Otherwise they agree asymptotically (same rates and regions) but differ by a transient.

Result.  ``polynomial`` (the common characteristic polynomial) and ``difference``
(B's iterate minus A's sequence after k steps, as a multiple of the starting error;
0 when equivalent).

Source.  PyTorch's documentation of ``torch.optim.SGD`` (its note on Nesterov and on
the first step of the buffer); Sutskever et al. (2013).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as replaced

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import Domain, IntegerRange, interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.methods import get as method
from momentum_sym.methods.model import Method, split
from momentum_sym.methods.run import run
from momentum_sym.results import symbols as S
from momentum_sym.tactics import decoupling
from momentum_sym.tactics.common import SIGMA, shifted, simplest
from momentum_sym.tactics.iteration_matrix import iteration_matrix, next_state
from momentum_sym.tactics.witnesses import draw_parameters, evaluate, multiples
from momentum_sym.witness.quadratic import random_quadratic

tau = sp.Symbol("tau", nonnegative=True)


@dataclass(frozen=True)
class Pair:
    """A claimed equivalence: B's iterate against A's sequence ``observed``, with B's
    parameters written in A's (``mapping``)."""

    id: str
    title: str
    a: str
    b: str
    observed: str
    mapping: dict
    source: str


PAIRS = (
    Pair("equivalence-pytorch-nesterov",
         "PyTorch's SGD with nesterov=True is Nesterov's method",
         "nesterov", "pytorch-sgd-nesterov", "y", {},
         "PyTorch documentation, torch.optim.SGD (nesterov=True); Sutskever et al. (2013)"),
    Pair("equivalence-pytorch-dampening",
         "PyTorch's dampening against the heavy ball with step α (1 − dampening)",
         "heavy-ball", "pytorch-sgd", "w", {S.alpha: S.alpha / (1 - tau)},
         "PyTorch documentation, torch.optim.SGD (momentum, dampening)"),
)


def _row(m: Method, name: str) -> tuple[sp.Matrix, decoupling.ErrorSystem]:
    """e such that the error of sequence ``name`` at step k is e^T (state at k)."""
    system = decoupling.error_system(m)
    solutions, _ = next_state(system)
    target = next(c for s, c in system.coordinates.items()
                  if split(s) == (name, 0))
    value = solutions.get(target, target)
    return sp.Matrix([[sp.expand(value).coeff(s) for s in system.state]]), system


def _start(m: Method) -> sp.Matrix:
    return sp.Matrix([1 if split(s)[0] == m.iterate else 0 for s in m.state])


def first_values(m: Method, row: sp.Matrix, count: int) -> list[sp.Expr]:
    """The observed sequence at k = 0 .. count-1 (a first step with its own rule)."""
    r_matrix = iteration_matrix(decoupling.error_system(m))
    state = _start(m)
    values = []
    for k in range(count):
        values.append(sp.factor((row * state)[0, 0]))
        if k == 0 and m.first_step:
            first = replaced(m, update=m.rule(True), first_step={})
            state = (iteration_matrix(decoupling.error_system(first)) * state).expand()
        else:
            state = (r_matrix * state).expand()
    return values


def derive_pair(pair: Pair) -> Derivation:
    a, b = method(pair.a), method(pair.b)
    row_a, _ = _row(a, pair.observed)
    row_b, _ = _row(b, b.iterate)
    r_a = iteration_matrix(decoupling.error_system(a))
    r_b = iteration_matrix(decoupling.error_system(b)).xreplace(pair.mapping)
    p_a = sp.expand(r_a.charpoly(SIGMA).as_expr())
    variables = {p.symbol: p.sample for p in (*a.parameters, *b.parameters)}
    variables.update({S.lam: interval("1/10", 10), S.k: IntegerRange(0, 30),
                      S.sigma_1: interval("-9/10", "9/10"),
                      S.sigma_2: interval("-9/10", "9/10"), SIGMA: interval(-2, 2)})
    d = DerivationBuilder(
        pair.id, pair.title, source=pair.source,
        summary=(f"Under the map of parameters, {b.title} and {a.title} have the same "
                 "characteristic polynomial, so the same eigenvalues, regions and rates; "
                 "whether their iterates coincide is decided by the first two values of the "
                 "difference, which then obeys the common recurrence."),
        domain=Domain(variables=variables, constraints=(*a.constraints, *b.constraints)))
    mapped = ", ".join(f"`{k} -> {v}`" for k, v in pair.mapping.items()) or "the same names"
    d.add("methods", Kind.DEFINITION, sp.And(*a.update, *b.update),
          f"The two rules, {a.title} then {b.title}; B's parameters mapped: {mapped}.")
    from momentum_sym.tactics.characteristic_polynomial import cofactors

    d.equation("polynomials", Kind.EXPANSION, cofactors(SIGMA * sp.eye(2) - r_b), p_a,
               "Both iteration matrices (error coordinates, per eigenvalue) have the same "
               "characteristic polynomial once the parameters are mapped: the same "
               "eigenvalues, so the same convergence region and rates.", uses=("methods",))
    d.result("polynomial", p_a, step="polynomials")
    values_a = first_values(a, row_a, 2)
    values_b = [v.xreplace(pair.mapping) for v in first_values(b, row_b, 2)]
    starts = [sp.factor(vb - va) for va, vb in zip(values_a, values_b, strict=True)]
    with sp.evaluate(False):
        shown = sp.Matrix([vb - va for va, vb in zip(values_a, values_b, strict=True)])
    d.equation("first-differences", Kind.EXPANSION, shown, sp.Matrix(starts),
               f"B's iterate minus A's {pair.observed} at `k = 0` and `k = 1` (per starting "
               "error), from the starts multiplied by the matrices of the first steps.",
               uses=("methods",))
    s1, s2 = S.sigma_1, S.sigma_2
    j = sp.Symbol("j", integer=True, nonnegative=True)
    q = sp.Function("q")
    found = sp.rsolve(q(j + 2) - (s1 + s2) * q(j + 1) + s1 * s2 * q(j), q(j),
                      {q(0): starts[0], q(1): starts[1]})
    difference = simplest(sp.factor(sp.powsimp(found.xreplace({j: S.k}))))
    if difference == 0:
        with sp.evaluate(False):
            squares = sp.Add(*(sp.Pow(x, 2) for x in shown))
        d.equation("zero-start", Kind.EXPANSION, squares, 0,
                   "The difference starts at zero: both first values vanish.",
                   uses=("first-differences",))
        d.add("difference", Kind.DEFINITION, sp.Eq(sp.Symbol("d_k"), 0),
              "Both sequences obey `p(sigma)` of order 2 (Cayley and Hamilton) and start "
              "equal at `k = 0` and `k = 1`, so by induction they are equal at every `k`: the "
              "methods produce the same iterates.", uses=("polynomials", "zero-start"))
        d.result("difference", sp.Integer(0), step="zero-start")
    else:
        terms = shifted(difference, S.k, (2, 1, 0))
        d.equation("difference-recurrence", Kind.EXPANSION, terms[0],
                   (s1 + s2) * terms[1] - s1 * s2 * terms[2],
                   "The difference obeys the common recurrence (`sigma_1 + sigma_2` = trace, `"
                   "sigma_1 sigma_2` = determinant of either matrix)...",
                   uses=("polynomials",))
        with sp.evaluate(False):
            begin = sp.Matrix([difference.xreplace({S.k: 0}), difference.xreplace({S.k: 1})])
        d.equation("difference", Kind.SUBSTITUTION, begin, sp.Matrix(starts),
                   "...and starts from the first differences, so by induction it is the "
                   "difference at every `k`: not zero, so the iterates differ by a transient "
                   "that dies out with the eigenvalues (the same asymptotic rate).",
                   uses=("difference-recurrence", "first-differences"))
        raw = found.xreplace({j: S.k})
        if raw == difference:
            d.result("difference", difference, step="difference")
        else:
            d.equation("difference-k", Kind.SIMPLIFICATION, raw, difference,
                       "rsolve's solution, simplified.", uses=("difference",))
            d.result("difference", difference, step="difference-k")
    return d.build(Witness(
        f"Run both rules (their own update rules) on the same random one-dimensional "
        f"quadratics from the same start, `B` with its parameters mapped, and compare B's "
        f"iterate minus A's {pair.observed} with the derived difference for `k = 1`..25.",
        lambda derivation, dps, rng: _witness(pair, derivation, dps, rng)))


def _witness(pair: Pair, derivation, dps, rng) -> WitnessReport:
    a, b = method(pair.a), method(pair.b)
    difference = derivation.results["difference"]
    worst = float(dps)
    with mp.workdps(dps + 20):
        for _ in range(3):
            drawn = {**draw_parameters(b, rng, {S.alpha: (0.1, 0.6)}),
                     **draw_parameters(a, rng, {S.alpha: (0.1, 0.6)})}
            values_a = {p.symbol: drawn[p.symbol] for p in a.parameters}
            values = {p.symbol: evaluate(pair.mapping.get(p.symbol, p.symbol), drawn)
                      for p in b.parameters}
            lam = mp.mpf(rng.uniform(0.5, 2))
            problem = random_quadratic(rng, [lam])
            w0 = problem.w_star + mp.matrix([[mp.one]])
            steps = 25
            run_a = run(a, values_a, problem.gradient, w0, steps + 1,
                        gradient_entries=problem.gradient_entries)
            run_b = run(b, values, problem.gradient, w0, steps,
                        gradient_entries=problem.gradient_entries)
            c_a = multiples(decoupling.error_system(a), values_a)
            sigma = _roots(derivation.results["polynomial"], {**values_a, S.lam: lam})
            for k in range(1, steps + 1):
                observed = (run_b(b.iterate, k) - run_a(pair.observed, k))[0]
                point = {**drawn, S.lam: lam, S.k: k, S.sigma_1: sigma[0],
                         S.sigma_2: sigma[1]}
                derived = mp.re(mp.mpc(evaluate(difference, point))) if difference != 0 \
                    else mp.zero
                scale = abs((run_a(pair.observed, k) - problem.w_star * c_a[pair.observed])[0])
                error = abs(observed - derived)
                if error:
                    worst = min(worst, float(-mp.log10(error / max(scale, mp.mpf(10)**-30))))
    worst = max(0.0, min(worst, float(dps)))
    return WitnessReport(
        "both methods run from the same start: their difference against the derived one",
        (Comparison("difference", worst >= dps - 12, worst,
                    "3 random instances, `1 <= k <= 25`, relative to the size of A's error"),))


def _roots(polynomial, point):
    coefficients = sp.Poly(polynomial, SIGMA).all_coeffs()
    values = [mp.mpmathify(evaluate(c, point)) if c.free_symbols else mp.mpf(sp.N(c, 40))
              for c in coefficients]
    return mp.polyroots(values, maxsteps=200, extraprec=200)


def derive_id(ident: str) -> Derivation:
    pair = next(p for p in PAIRS if p.id == ident)
    return derive_pair(pair)
