"""A method unrolled: the weight gamma_i^k of each past gradient in the iterate w^{k+1}.

Problem.  A linear first-order method (:class:`~momentum_sym.methods.model.Method`)
on any function f: write w^{k+1} = w^0 + sum_{i=0}^{k} gamma_i^k g_i, where g_i is the
gradient the method evaluates during step i (at w^i, or at Nesterov's look-ahead
point y^i).

Method.  Treat the gradient of each step as an input g.  Solving the rule's equations
in order makes the next state s^{k+1} = M s^k + c g_k (M and c by SymPy ``jacobian``),
and the start s^0 (velocities 0, past iterates w^0) is left alone by M.  So
s^{k+1} = s^0 + sum_i M^{k-i} c g_i and gamma_i^k = h(k - i) with h(m) = e^T M^m c
(e picks the iterate out of the state).  By Cayley and Hamilton, M^2 = tr(M) M - det(M) I,
so h obeys h(m+2) = tr(M) h(m+1) - det(M) h(m); SymPy's ``rsolve`` solves it from h(0)
and h(1), and the closed form is checked to satisfy the recurrence for symbolic m and
the two starting values (induction).  A first step with its own rule (PyTorch's buffer)
changes c for the first gradient only: ``gamma_first`` is its weight.  The first
iterates, computed from the rule with symbolic gradients, are compared with the sums.

Result.  ``gamma``: the weight of g_i in w^{k+1}, a function of k - i; for the heavy
ball -alpha (1 - beta^{k-i+1})/(1 - beta); ``gamma_first`` when the first step differs.

Source.  Goh (2017), "The Limits of Descent" (gradient descent and the heavy ball
unrolled), for any method given as data.
"""

from __future__ import annotations

import contextlib

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import Domain, IntegerRange, interval
from momentum_sym.kernel.ordered import OrderedSum
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.methods.model import Method, at, grad, split
from momentum_sym.methods.run import run
from momentum_sym.results import symbols as S
from momentum_sym.tactics.common import Analysis, NotApplicable, simplest, title
from momentum_sym.tactics.witnesses import draw_parameters, evaluate
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector

FAMILY = "unrolled"
REQUIRES = "one gradient per step and a state of at most two entries"
FINITE = 4  # iterates computed by hand with symbolic gradients
lag = sp.Symbol("m", integer=True, nonnegative=True)  # m = k - i
h = sp.Function("h")  # h(m): the weight at lag m
G = sp.Symbol("g", real=True)  # the gradient of one step, as an input


def applies(analysis: Analysis) -> bool:
    try:
        gradient_point(analysis.method)
    except NotApplicable:
        return False
    return len(analysis.method.state) <= 2


def why_not(analysis: Analysis) -> str | None:
    """What keeps this method from the unrolled form (None: the state's size)."""
    try:
        gradient_point(analysis.method)
    except NotApplicable as error:
        return str(error)
    return None


def gradient_point(method: Method) -> str:
    """The sequence at which the method evaluates its one gradient per step."""
    applications = set()
    for e in method.update:
        applications |= e.rhs.atoms(grad)
    points = {a.args[0] for a in applications}
    if len(points) != 1:
        raise NotApplicable(f"{method.name} evaluates {len(points)} gradients per step; "
                            "the unrolled form is derived for one")
    (point,) = points
    if split(point) is None or split(point)[1] != 0:
        raise NotApplicable(f"{method.name}: the gradient is not taken at a sequence value "
                            "at step k; a point such as w^{k} + beta (w^{k} - w^{k-1}) can "
                            "be named first: y^{k} = ..., then \\nabla f(y^{k})")
    return split(point)[0]


def gradient_symbol(name: str, j: sp.Basic) -> sp.Symbol:
    return sp.Symbol(rf"\nabla f({name}^{{{sp.latex(j)}}})", real=True)


def iterate_symbol(name: str, j: sp.Basic) -> sp.Symbol:
    return sp.Symbol(f"{name}^{{{sp.latex(j)}}}", real=True)


def linear_step(method: Method, first: bool = False) -> tuple[sp.Matrix, sp.Matrix,
                                                               sp.Symbol, list[sp.Expr]]:
    """(M, c, g, explicit next state): the next state as M s + c g with the gradient an
    input g."""
    g = G
    solutions: dict[sp.Symbol, sp.Expr] = {}
    for e in method.rule(first):
        rhs = e.rhs.replace(lambda x: isinstance(x, grad), lambda x: g)
        solutions[e.lhs] = sp.expand(rhs.xreplace(solutions))
    explicit = [solutions.get(s, s) for s in method.next_state()]
    state = sp.Matrix(method.state)
    new = sp.Matrix(explicit)
    return new.jacobian(state), new.jacobian(sp.Matrix([g])), g, explicit


def start_state(method: Method) -> sp.Matrix:
    """s^0 in terms of the starting point w^0."""
    w0 = iterate_symbol(method.iterate, 0)
    iterate = at(method.iterate)
    return sp.Matrix([sp.sympify(method.initial.get(s, s)).xreplace({iterate: w0})
                      if s != iterate else w0 for s in method.state])


def closed_form(m_matrix: sp.Matrix, h0: sp.Expr, h1: sp.Expr) -> sp.Expr:
    """The solution of h(m+2) = tr h(m+1) - det h(m) from h(0), h(1) (rsolve)."""
    if m_matrix.rows == 1:
        return sp.factor(h0 * m_matrix[0, 0] ** lag)
    trace, det = m_matrix.trace(), m_matrix.det()
    found = sp.rsolve(h(lag + 2) - trace * h(lag + 1) + det * h(lag), h(lag),
                      {h(0): h0, h(1): h1})
    if found is None:
        raise NotApplicable("rsolve found no closed form for the weights")
    return simplest(sp.factor(sp.powsimp(found)))


def domain(method: Method) -> Domain:
    point = None
    with contextlib.suppress(NotApplicable):
        point = gradient_point(method)
    vectors = {iterate_symbol(method.iterate, 0): interval(-2, 2), G: interval(-2, 2),
               **{s: interval(-2, 2) for s in method.state}}
    if point is not None:
        vectors.update({gradient_symbol(point, j): interval(-2, 2) for j in range(FINITE)})
    variables = {p.symbol: p.sample for p in method.parameters}
    variables.update({S.k: IntegerRange(0, 30), S.i: IntegerRange(0, 30),
                      lag: IntegerRange(0, 30), **vectors})
    return Domain(variables=variables, constraints=(*method.constraints, S.i <= S.k))


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    point = gradient_point(method)
    m_matrix, c, g, explicit = linear_step(method)
    state = sp.Matrix(method.state)
    e_index = list(method.state).index(at(method.iterate))
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method), source=method.source,
        summary=(f"Each iterate of {method.noun} is the starting point plus a combination of "
                 "the gradients seen so far; the weight of each depends only on how many "
                 "steps ago it was taken, and obeys the recurrence of the method's "
                 "characteristic polynomial without the gradient's feedback."),
        domain=domain(method))
    d.name("g", f"the gradient the step evaluates, at `{point}^k`, taken as an input")
    d.name("m", "the lag `k - i`: how many steps ago the gradient was taken")
    d.name("h(m)", "the weight of a gradient taken `m` steps ago in the next iterate")
    d.add("update", Kind.DEFINITION, sp.And(*method.update),
          f"The update rule of {method.noun}: {method.description}")
    d.equation("linear", Kind.EXPANSION, sp.Matrix(explicit),
               sp.MatAdd(sp.MatMul(m_matrix, state), sp.MatMul(c, sp.Matrix([[g]]))),
               "Solve the equations in order with the gradient `g` of the step as an input: "
               "the next state is `M` times the state plus `c` times `g` (M, `c` by "
               "differentiation).",
               uses=("update",))
    s0 = start_state(method)
    d.equation("start", Kind.EXPANSION, sp.MatMul(m_matrix, s0), s0,
               "Without gradients the start (velocities zero, every iterate at `w^0`) stays "
               "where it is, so `w^{k+1} = w^0 + sum_i e^T M^(k-i) c g_i`.",
               uses=("linear",))
    e = sp.Matrix([[1 if j == e_index else 0 for j in range(len(method.state))]])
    h0 = sp.expand((e * c)[0, 0])
    h1 = sp.expand((e * m_matrix * c)[0, 0])
    d.add("first-weights", Kind.DEFINITION, sp.And(sp.Eq(h(0), h0), sp.Eq(h(1), h1)),
          "The weight of the newest gradient is `e^T c`, of the one before `e^T M c` (read off `"
          "M` and `c`; `e` picks the iterate out of the state).", uses=("linear",))
    closed = closed_form(m_matrix, h0, h1)
    gamma_tied = False
    if m_matrix.rows == 2:
        trace, det = m_matrix.trace(), m_matrix.det()
        d.equation("cayley-hamilton", Kind.EXPANSION, m_matrix**2,
                   sp.MatAdd(sp.MatMul(trace, m_matrix),
                             sp.MatMul(-det, sp.Identity(2).as_explicit())),
                   "Cayley and Hamilton: `M^2 = tr(M) M - det(M) I`, so the weights obey `"
                   "h(m+2) = tr(M) h(m+1) - det(M) h(m)`.", uses=("linear",))
        with sp.evaluate(False):
            shifted = [closed.xreplace({lag: lag + j} if j else {}) for j in (2, 1, 0)]
        d.equation("closed-recurrence", Kind.EXPANSION, shifted[0],
                   trace * shifted[1] - det * shifted[2],
                   "rsolve's solution obeys the recurrence for every `m`...",
                   uses=("cayley-hamilton",))
        with sp.evaluate(False):
            starts = sp.Matrix([closed.xreplace({lag: 0}), closed.xreplace({lag: 1})])
        d.equation("closed-start", Kind.SUBSTITUTION, starts, sp.Matrix([h0, h1]),
                   "...and starts with the right two weights, so by induction it is `h(m)`.",
                   uses=("first-weights", "closed-recurrence"))
        proved = "closed-start"
    else:
        factor = m_matrix[0, 0]
        d.add("closed-induction", Kind.INDUCTION, sp.Eq(h(lag), closed, evaluate=False),
              "With a state of one entry each step multiplies the weight by `M`: by induction "
              "on `m` the weight is `h(0) M^m`.", uses=("first-weights",),
              data=Induction(lag, 0, h0, lambda value: factor * value,
                             sp.Eq(h(lag + 1), factor * h(lag))))
        proved = "closed-induction"
    gamma = sp.powsimp(closed.xreplace({lag: S.k - S.i}))
    if lag in closed.free_symbols:
        d.equation("gamma", Kind.SUBSTITUTION, closed, gamma,
                   "The weight of `g_i` in `w^{k+1}` is `h` at the lag `m = k - i`.",
                   uses=(proved,),
                   assumptions=(sp.Eq(lag, S.k - S.i),), hint=({lag: S.k - S.i},))
    else:
        d.add("gamma", Kind.DEFINITION, sp.Eq(sp.Symbol("gamma_i^k"), h(S.k - S.i)),
              "The weight of `g_i` in `w^{k+1}` is `h` at the lag `m = k - i`; here it does not "
              "depend on the lag.", uses=(proved,))
        d.result("gamma", gamma, step=proved)
        gamma_tied = True
    if not gamma_tied:
        d.result("gamma", gamma, step="gamma")
    first_gamma = None
    if method.first_step:
        _m_first, c_first, _, _ = linear_step(method, first=True)
        h0f = sp.expand((e * c_first)[0, 0])
        h1f = sp.expand((e * m_matrix * c_first)[0, 0])
        closed_first = closed_form(m_matrix, h0f, h1f)
        first_gamma = sp.powsimp(closed_first.xreplace({lag: S.k}))
        with sp.evaluate(False):
            starts = sp.Matrix([closed_first.xreplace({lag: 0}),
                                closed_first.xreplace({lag: 1})])
        d.equation("first-step", Kind.SUBSTITUTION, starts, sp.Matrix([h0f, h1f]),
                   "The first step has its own rule: the first gradient enters the state "
                   "through another vector `c_0`, so its weight obeys the same recurrence from "
                   "other starting values.", uses=("cayley-hamilton",))
        d.equation("gamma-first", Kind.SUBSTITUTION, closed_first, first_gamma,
                   "The weight of `g_0` in `w^{k+1}`, at lag `k`.", uses=("first-step",),
                   assumptions=(sp.Eq(lag, S.k),), hint=({lag: S.k},))
        d.result("gamma_first", first_gamma, step="gamma-first")
    # the first iterates by hand, with symbolic gradients
    by_hand, sums = [], []
    current = s0
    for j in range(FINITE):
        mj, cj, _, _ = linear_step(method, first=(j == 0))
        current = (mj * current + cj * gradient_symbol(point, j)).expand()
        by_hand.append(current[e_index])
        terms = [iterate_symbol(method.iterate, 0)]
        for i in range(j + 1):
            weight = (first_gamma if (i == 0 and first_gamma is not None) else gamma)
            terms.append(sp.Mul(sp.simplify(weight.xreplace({S.k: j, S.i: i})),
                                gradient_symbol(point, i), evaluate=False))
        sums.append(OrderedSum(*terms))  # the start, then the gradients as they came
    d.equation("first-iterates", Kind.EXPANSION, sp.Matrix(by_hand), sp.Matrix(sums),
               f"A check by hand: {FINITE} steps of the rule from the start, with symbolic "
               "gradients, give exactly the unrolled sums with these weights.",
               uses=("update", "gamma"))
    return d.build(Witness(
        f"Run {method.noun} (its own rule) on a random quadratic `(n = 4)` for 30 steps, keep "
        "every gradient it evaluates, and rebuild each iterate from `w^0` and the unrolled "
        "sum with the derived weights.",
        lambda derivation, dps, rng: _witness(method, derivation, dps, rng)))


def _witness(method: Method, derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps + 10):
        values = draw_parameters(method, rng, {S.alpha: (0.05, 0.3)})
        problem = random_quadratic(rng, random_spectrum(rng, 4, 0.2, 3))
        w0 = random_vector(rng, problem.n)
        steps = 30
        trajectory = run(method, values, problem.gradient, w0, steps,
                         gradient_entries=problem.gradient_entries)
        gamma = derivation.results["gamma"]
        first = derivation.results.get("gamma_first")
        worst = float(dps)
        for k in range(steps):
            total = w0
            for i in range(k + 1):
                weight = first if (i == 0 and first is not None) else gamma
                coefficient = evaluate(weight, {**values, S.k: k, S.i: i})
                (g_i,) = trajectory.gradients[i]
                total = total + g_i * coefficient
            observed = trajectory(method.iterate, k + 1)
            error = max(abs(observed[j] - total[j]) for j in range(problem.n))
            scale = max(abs(observed[j]) for j in range(problem.n))
            if error:
                worst = min(worst, float(-mp.log10(error / scale)))
        worst = max(0.0, min(worst, float(dps)))
    return WitnessReport(
        f"{method.title}: iterates against `w^0 + sum_i gamma_i^k g_i`",
        (Comparison("`gamma`", worst >= dps - 8, worst,
                    "30 iterates rebuilt from the gradients the run evaluated"),))
