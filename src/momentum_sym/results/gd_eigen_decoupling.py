"""Gradient descent decouples in the eigenbasis of A.

Problem.  f(w) = 1/2 w^T A w - b^T w with A = Q Lambda Q^T symmetric positive
definite, and gradient descent w^{k+1} = w^k - alpha (A w^k - b).

Derivation.  Change basis to the error in eigen-coordinates,
x^k = Q^T (w^k - w*).  Substitute the update, use b = A w* (so b cancels),
A = Q Lambda Q^T and Q^T Q = I; the update becomes x^{k+1} = (I - alpha Lambda) x^k,
and since Lambda is diagonal, component i evolves alone.

Result.  ``x_next`` = (1 - alpha lambda) x_i^k, per eigenvalue lambda = lambda_i.

Source.  Goh (2017), "First Steps: Gradient Descent".
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.matrices import read_component
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import gradient_descent_model, instance_domain
from momentum_sym.witness.checks import compare_vectors
from momentum_sym.witness.iterations import gradient_descent
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector

ID = "gd-eigen-decoupling"


def derive():
    d = DerivationBuilder(
        ID, "Gradient descent in the eigenbasis",
        source="Goh (2017), First Steps: Gradient Descent",
        summary=("In the coordinates `x = Q^T (w - w*)` gradient descent does not mix directions: "
                 "each component is multiplied by its own factor `1 - alpha lambda_i` at every "
                 "step, so the `n`-dimensional problem is `n` independent one-dimensional ones."),
        domain=instance_domain(), model=gradient_descent_model(), uses=("quadratic-optimum",))
    gradient = get("quadratic-optimum").results["gradient"].xreplace({S.w: S.w_k})
    update = S.w_k - S.alpha * gradient
    d.equation("update", Kind.DEFINITION, S.w_next, update,
               "Gradient descent takes a step of size `alpha` against the gradient `A w - b`.",
               uses=("quadratic-optimum.gradient",))
    change = S.Q.T * (S.w_k - S.w_star)
    d.equation("change-of-basis", Kind.DEFINITION, S.x_vec, change,
               "Measure the error `w^k - w*` in the eigenvector basis: `x^k = Q^T (w^k - w*)`.")
    after = change.xreplace({S.w_k: S.w_next}).xreplace({S.w_next: update})
    d.equation("substitute-update", Kind.SUBSTITUTION, S.x_vec_next, after,
               "Apply the change of basis at step `k+1` and substitute the update.",
               uses=("update", "change-of-basis"))
    no_b = after.xreplace({S.b: S.A * S.w_star}).expand()
    d.equation("cancel-b", Kind.SUBSTITUTION, after, no_b,
               "Since `w* = A^{-1} b`, `b = A w*`; the constant terms now pair up with `w*`.",
               uses=("quadratic-optimum.w_star",))
    eigen = no_b.xreplace({S.A: S.Q * S.Lambda * S.Q.T}).expand()
    d.equation("eigendecomposition", Kind.SUBSTITUTION, no_b, eigen,
               "Write `A = Q Lambda Q^T`.")
    orthogonal = eigen.subs(S.Q.T * S.Q, S.I_n).doit()
    d.equation("orthogonality", Kind.SIMPLIFICATION, eigen, orthogonal,
               "`Q` is orthogonal: `Q^T Q = I`.")
    in_x = orthogonal.subs(S.Q.T * S.w_k, S.x_vec + S.Q.T * S.w_star).expand()
    d.equation("recognise-x", Kind.SUBSTITUTION, S.x_vec_next, in_x,
               "`Q^T w^k = x^k + Q^T w*` by the change of basis; the `w*` terms cancel.",
               uses=("change-of-basis",))
    entries = {S.x_vec: S.x_comp[S.i], S.Lambda: S.lambdas[S.i]}
    component = sp.collect(read_component(in_x, entries), S.x_comp[S.i])
    d.equation("component", Kind.MATRIX, S.x_comp_next[S.i], component,
               "`Lambda` is diagonal, so component `i` of `Lambda x^k` is `lambda_i x_i^k`: "
               "each component evolves on its own.")
    per_component = {S.x_comp[S.i]: S.x_k, S.lambdas[S.i]: S.lam}
    per_eigenvalue = component.xreplace(per_component)
    d.result("x_next", per_eigenvalue, step="component", rename=per_component)
    d.name("lambda", "the eigenvalue `lambda_i` of the component")
    return d.build(Witness(
        "Run gradient descent on a random quadratic `(n = 5)` for 30 steps and compare each "
        "eigen-coordinate of `w^{k+1}` with `x^+` applied to that of `w^k`.", _witness))


def _witness(derivation, dps, rng):
    problem = random_quadratic(rng, random_spectrum(rng, 5, 0.5, 10))
    alpha = mp.mpf(1) / 11
    step = sp.lambdify((S.alpha, S.lam, S.x_k), derivation.results["x_next"], "mpmath")
    iterates = list(gradient_descent(problem.gradient, random_vector(rng, 5), alpha, 30))
    comparisons = []
    for k in (0, 9, 29):
        before = problem.eigencoordinates(iterates[k])
        after = problem.eigencoordinates(iterates[k + 1])
        predicted = mp.matrix([step(alpha, lam, before[j]) for j, lam in
                               enumerate(problem.spectrum)])
        comparisons.append(compare_vectors(f"`x^+` at `k = {k}`", after, predicted, dps - 5))
    return WitnessReport("eigen-coordinates of gradient-descent iterates against `x^+`",
                         tuple(comparisons))
