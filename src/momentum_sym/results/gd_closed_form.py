"""Gradient descent in closed form.

Problem.  The decoupled recurrence x_i^{k+1} = (1 - alpha lambda_i) x_i^k of
gradient descent in the eigenbasis (``gd-eigen-decoupling``).

Derivation.  Solve the first-order linear recurrence (SymPy's ``rsolve``) and
prove the solution by induction on k; map back with w^k - w* = Q x^k, which
holds because Q Q^T = I.

Result.  ``x_k`` = (1 - alpha lambda)^k x_i^0, so that
w^k - w* = sum_i x_i^0 (1 - alpha lambda_i)^k q_i.

Source.  Goh (2017), "First Steps: Gradient Descent".
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import gradient_descent_model, instance_domain
from momentum_sym.witness.checks import compare_vectors
from momentum_sym.witness.iterations import gradient_descent
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector

ID = "gd-closed-form"


def derive():
    domain = instance_domain({S.lam: interval("1/10", 10), S.x_0: interval(-2, 2)})
    d = DerivationBuilder(
        ID, "Gradient descent in closed form",
        source="Goh (2017), First Steps: Gradient Descent",
        summary=("Each eigen-component of the error is multiplied by `1 - alpha lambda_i` at every "
                 "step, so after `k` steps it is `(1 - alpha lambda_i)^k` times its initial value: "
                 "the error decays geometrically, each component at its own rate."),
        domain=domain, model=gradient_descent_model(), uses=("gd-eigen-decoupling",))
    x = sp.Function("x_i")
    step = get("gd-eigen-decoupling").results["x_next"]
    factor = sp.simplify(step / S.x_k)
    recurrence = sp.Eq(x(S.k + 1), step.xreplace({S.x_k: x(S.k)}))
    d.add("recurrence", Kind.DEFINITION, recurrence,
          "Each eigen-component obeys its own one-term recurrence.",
          uses=("gd-eigen-decoupling.x_next",))
    solution = sp.rsolve(recurrence.lhs - recurrence.rhs, x(S.k), {x(0): S.x_0})
    d.add("solve-recurrence", Kind.INDUCTION, sp.Eq(x(S.k), solution, evaluate=False),
          "Solving the first-order linear recurrence gives a geometric sequence; induction "
          "on `k` confirms it: it holds at `k = 0`, and one more step multiplies it by `"
          "1 - alpha lambda`.",
          uses=("recurrence",),
          data=Induction(S.k, 0, S.x_0, lambda value: factor * value, recurrence))
    d.result("x_k", solution, step="solve-recurrence")
    back = S.Q * S.x_vec
    d.equation("back-to-w", Kind.MATRIX, S.w_k - S.w_star, back,
               "Undo the change of basis: `Q Q^T = I`, so `w^k - w* = Q x^k`, the sum over `i` "
               "of `x_i^k` times the `i`-th eigenvector `q_i`.", uses=("gd-eigen-decoupling",))
    return d.build(Witness(
        "Run gradient descent on a random quadratic `(n = 5)` for 60 steps and compare the "
        "eigen-coordinates of `w^k` with `x_k`, and `w^k - w*` with `sum_i x_i^0 (1 - alpha "
        "lambda_i)^k q_i`.", _witness))


def _witness(derivation, dps, rng):
    problem = random_quadratic(rng, random_spectrum(rng, 5, 0.5, 10))
    alpha = mp.mpf(2) / 11
    closed = sp.lambdify((S.alpha, S.lam, S.x_0, S.k), derivation.results["x_k"], "mpmath")
    w0 = random_vector(rng, 5)
    x0 = problem.eigencoordinates(w0)
    iterates = list(gradient_descent(problem.gradient, w0, alpha, 60))
    comparisons = []
    for k in (1, 20, 60):
        coefficients = [closed(alpha, lam, x0[j], k) for j, lam in enumerate(problem.spectrum)]
        predicted_w = problem.w_star + problem.Q * mp.matrix(coefficients)
        comparisons.append(compare_vectors(
            f"`x_k` at `k = {k}`", problem.eigencoordinates(iterates[k]), mp.matrix(coefficients),
            dps - 5))
        comparisons.append(compare_vectors(f"`w^k` at `k = {k}`", iterates[k], predicted_w,
                                           dps - 5))
    return WitnessReport("gradient-descent iterates against the closed form", tuple(comparisons))
