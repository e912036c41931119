"""The change of basis, one step at a time (for the reader of the Q&A thread).

Problem.  A reader of the article cannot follow how x^k = Q^T (w^k - w*) turns
gradient descent into x_i^{k+1} = (1 - alpha lambda_i) x_i^k: where does b go,
why does Q^T Q = I matter, why look at single components?

Derivation.  The same algebra as ``gd-eigen-decoupling``, at the grain of the
thread's answers: write the new coordinate at step k+1, substitute the update,
split it into two terms, recognise the first as x^k, use w* = A^{-1} b so that
A w^k - b = A (w^k - w*), use A = Q Lambda Q^T and Q^T Q = I, read off
component i, then unroll and map back with w^k - w* = Q x^k.

Result.  Each step, with its reason; the result is ``gd-eigen-decoupling.x_next``.

Source.  The question-and-answer thread on "Why Momentum Really Works" (seed 000).
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.matrices import read_component
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import gradient_descent_model, instance_domain
from momentum_sym.witness.checks import compare_vectors
from momentum_sym.witness.iterations import gradient_descent
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector

ID = "eigenbasis-step-by-step"


def derive():
    domain = instance_domain({S.lam: interval("1/10", 10), S.x_0: interval(-2, 2)})
    d = DerivationBuilder(
        ID, "The change of basis, step by step",
        source="Question-and-answer thread on Goh (2017), First Steps: Gradient Descent",
        summary=("Nothing mysterious happens: `b` disappears because the optimum satisfies `"
                 "A w* = b`, and `Q^T Q = I` removes the rotation, leaving the diagonal matrix `"
                 "Lambda`, which multiplies each coordinate by its own eigenvalue.  `x^k` is just "
                 "the error `w^k - w*` written in the eigenvector basis, and each of its "
                 "components shrinks by its own factor `1 - alpha lambda_i`."),
        domain=domain, model=gradient_descent_model(),
        uses=("quadratic-optimum", "gd-eigen-decoupling", "gd-closed-form"))
    gradient = get("quadratic-optimum").results["gradient"].xreplace({S.w: S.w_k})
    update = S.w_k - S.alpha * gradient
    d.equation("update", Kind.DEFINITION, S.w_next, update,
               "Gradient descent on `f`: the gradient of `1/2 w^T A w - b^T w` is `A w - b`.",
               uses=("quadratic-optimum.gradient",))
    change = S.Q.T * (S.w_k - S.w_star)
    d.equation("define-x", Kind.DEFINITION, S.x_vec, change,
               "`x^k` is the error `w^k - w*` seen in the basis of eigenvectors (the columns of "
               "`Q`).")
    inverse = (S.Q * S.x_vec + S.w_star)
    d.equation("invert-change", Kind.MATRIX, S.w_k, inverse,
               "Multiply `x^k = Q^T (w^k - w*)` by `Q` and use `Q Q^T = I`: `w^k = Q x^k + w*`, so "
               "nothing is lost by the change of basis.", uses=("define-x",))
    next_x = change.xreplace({S.w_k: S.w_next})
    d.equation("next-x", Kind.DEFINITION, S.x_vec_next, next_x,
               "The same change of basis at step `k+1`.", uses=("define-x",))
    substituted = next_x.xreplace({S.w_next: update})
    d.equation("substitute", Kind.SUBSTITUTION, next_x, substituted,
               "Replace `w^{k+1}` by the gradient-descent update.", uses=("update",))
    split = sp.MatAdd(S.Q.T * (S.w_k - S.w_star), -S.alpha * S.Q.T * gradient)
    d.equation("split", Kind.EXPANSION, substituted, split,
               "`Q^T` is linear: split it over the two parts of the update.")
    first = split.xreplace({S.Q.T * (S.w_k - S.w_star): S.x_vec})
    d.equation("first-term", Kind.SUBSTITUTION, split, first,
               "The first term is exactly `x^k`.", uses=("define-x",))
    factored = S.A * (S.w_k - S.w_star)
    d.equation("b-cancels", Kind.MATRIX, gradient, factored,
               "`w* = A^{-1} b` means `b = A w*`, so `A w^k - b = A w^k - A w* = "
               "A (w^k - w*)`: this is where `b` goes.", uses=("quadratic-optimum.w_star",))
    with_error = first.xreplace({gradient: factored}).doit()
    eigen = with_error.xreplace({S.A: S.Q * S.Lambda * S.Q.T}).doit()
    d.equation("eigendecomposition", Kind.SUBSTITUTION, first, eigen,
               "Substitute `A = Q Lambda Q^T` (the eigendecomposition).", uses=("b-cancels",))
    regrouped = eigen.subs(S.Q.T * (S.w_k - S.w_star), S.x_vec)
    d.equation("regroup", Kind.SUBSTITUTION, eigen, regrouped,
               "`Q^T (w^k - w*)` appears again: it is `x^k`.", uses=("define-x",))
    orthogonal = regrouped.subs(S.Q.T * S.Q, S.I_n).doit()
    d.equation("orthogonality", Kind.SIMPLIFICATION, regrouped, orthogonal,
               "`Q^T Q = I` because the eigenvectors are orthonormal; this is why it matters.")
    entries = {S.x_vec: S.x_comp[S.i], S.Lambda: S.lambdas[S.i]}
    component = sp.collect(read_component(orthogonal, entries), S.x_comp[S.i])
    d.equation("component", Kind.MATRIX, S.x_comp_next[S.i], component,
               "`Lambda` is diagonal, so the `i`-th entry of `Lambda x^k` is `lambda_i x_i^k`: "
               "each "
               "coordinate only ever sees itself; this is why we look at single components.")
    x = sp.Function("x_i")
    per_component = {S.x_comp[S.i]: S.x_k, S.lambdas[S.i]: S.lam}
    per_eigenvalue = component.xreplace(per_component)
    factor = sp.simplify(per_eigenvalue / S.x_k)
    recurrence = sp.Eq(x(S.k + 1), factor * x(S.k))
    unrolled = sp.rsolve(recurrence.lhs - recurrence.rhs, x(S.k), {x(0): S.x_0})
    d.add("repeat", Kind.INDUCTION, sp.Eq(x(S.k), unrolled, evaluate=False),
          "Repeat the step `k` times, back to `x_i^0`: each step multiplies by the same factor.",
          uses=("component",),
          data=Induction(S.k, 0, S.x_0, lambda value: factor * value, recurrence))
    d.equation("back-to-w", Kind.MATRIX, S.w_k - S.w_star, S.Q * S.x_vec,
               "Back in the original space, `w^k - w* = Q x^k = sum_i x_i^k q_i`: a sum of "
               "eigenvectors, each scaled by its own shrinking coordinate.",
               uses=("invert-change",))
    d.result("x_next", per_eigenvalue, step="component", rename=per_component)
    return d.build(Witness(
        "Run gradient descent on a random quadratic `(n = 4)` and check three links of the chain "
        "on the actual iterates: `A w^k - b = A (w^k - w*)`, `x^{k+1} = (I - alpha Lambda) x^k`, "
        "and `w^k - w* = sum_i x_i^0 (1 - alpha lambda_i)^k q_i`.", _witness))


def _witness(derivation, dps, rng):
    problem = random_quadratic(rng, random_spectrum(rng, 4, 1, 8))
    alpha = mp.mpf(1) / 5
    w0 = random_vector(rng, 4)
    iterates = list(gradient_descent(problem.gradient, w0, alpha, 25))
    x0 = problem.eigencoordinates(w0)
    k = 25
    # the derived one-step map, applied to each eigen-coordinate
    step = sp.lambdify((S.alpha, S.lam, S.x_k), derivation.results["x_next"], "mpmath")
    before = problem.eigencoordinates(iterates[3])
    predicted = mp.matrix([step(alpha, lam, before[j])
                           for j, lam in enumerate(problem.spectrum)])
    unrolled = mp.matrix(4, 1)
    for j, lam in enumerate(problem.spectrum):
        coordinate = x0[j]
        for _ in range(k):
            coordinate = step(alpha, lam, coordinate)
        unrolled += coordinate * problem.Q[:, j]
    required = dps - 5
    return WitnessReport("links of the chain on gradient-descent iterates", (
        compare_vectors("`b` cancels", problem.gradient(iterates[3]),
                        problem.A * (iterates[3] - problem.w_star), required),
        compare_vectors("one step in `x`", problem.eigencoordinates(iterates[4]),
                        predicted, required),
        compare_vectors("back to `w`", iterates[k] - problem.w_star, unrolled, required)))
