"""Decomposing the error: the loss of gradient descent, eigenvalue by eigenvalue.

Problem.  Gradient descent on f(w) = 1/2 w^T A w - b^T w, A = Q Lambda Q^T.

Derivation.  The error in f is the quadratic form 1/2 (w - w*)^T A (w - w*)
(``quadratic-optimum``); in eigen-coordinates x = Q^T (w - w*) it is
1/2 x^T Lambda x = 1/2 sum_i lambda_i x_i^2, and the closed form
x_i^k = (1 - alpha lambda_i)^k x_i^0 (``gd-closed-form``) gives each summand.

Result.  ``term`` = 1/2 lambda (1 - alpha lambda)^{2k} (x_i^0)^2, the i-th summand of
f(w^k) - f(w*).  Note the factor 1/2, which the article's display omits.

Source.  Goh (2017), "Decomposing the Error".
"""

import sympy as sp
from mpmath import mp

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.matrices import diagonal_quadratic_form
from momentum_sym.kernel.outcome import WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import gradient_descent_model, instance_domain
from momentum_sym.results.quadratic_optimum import objective
from momentum_sym.witness.checks import compare_numbers
from momentum_sym.witness.iterations import gradient_descent
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector

ID = "gd-loss-decomposition"


def derive():
    domain = instance_domain({S.lam: interval("1/10", 10), S.x_0: interval(-2, 2)})
    d = DerivationBuilder(
        ID, "Decomposing the error of gradient descent",
        source="Goh (2017), Decomposing the Error",
        summary=("The loss above the optimum is a sum of `n` independent terms, one per "
                 "eigenvalue: `1/2 lambda_i (1 - alpha lambda_i)^{2k} (x_i^0)^2`.  Components "
                 "with `1 - alpha lambda_i` near 0 vanish at once; those with the factor near 1 "
                 "(usually the smallest eigenvalues) dominate the loss late in the run."),
        domain=domain, model=gradient_descent_model(),
        uses=("quadratic-optimum", "gd-closed-form"))
    error = objective(S.w_k) - objective(S.w_star)
    displacement = S.w_k - S.w_star
    form = sp.MatMul(sp.Rational(1, 2), displacement.T, S.A, displacement)
    d.equation("error-form", Kind.SUBSTITUTION, error, form,
               "The error in `f` is the quadratic form of `A` in `w^k - w*` (complete the square "
               "with `b = A w*`).", uses=("quadratic-optimum.w_star",))
    eigen = form.xreplace({S.A: S.Q * S.Lambda * S.Q.T})
    d.equation("eigendecomposition", Kind.SUBSTITUTION, form, eigen, "Write `A = Q Lambda Q^T`.")
    in_x = eigen.subs({S.Q.T * displacement: S.x_vec, displacement.T * S.Q: S.x_vec.T})
    d.equation("eigen-coordinates", Kind.SUBSTITUTION, eigen, in_x,
               "By the change of basis, `Q^T (w^k - w*) = x^k` and `(w^k - w*)^T Q = (x^k)^T`.")
    entries = {S.x_vec: S.x_comp[S.i], S.Lambda: S.lambdas[S.i]}
    total = sp.Rational(1, 2) * diagonal_quadratic_form(S.x_vec, S.Lambda, entries, S.i, S.n)
    d.equation("sum-of-squares", Kind.SUM, in_x, total,
               "`Lambda` is diagonal, so the quadratic form is a weighted sum of squares of "
               "the components.")
    summand = total.args[1].function if isinstance(total, sp.Mul) else total.function
    per_eigenvalue = (sp.Rational(1, 2) * summand).xreplace(
        {S.x_comp[S.i]: S.x_k, S.lambdas[S.i]: S.lam})
    closed = get("gd-closed-form").results["x_k"]
    term = sp.powsimp(per_eigenvalue.xreplace({S.x_k: closed}), force=True)
    d.equation("closed-form", Kind.SUBSTITUTION, per_eigenvalue, term,
               "Substitute `x_i^k = (1 - alpha lambda_i)^k x_i^0` into the `i`-th summand; the "
               "square doubles the exponent.", uses=("gd-closed-form.x_k",),
               assumptions=(sp.Eq(S.x_k, closed),))
    d.result("term", term, step="closed-form")
    return d.build(Witness(
        "Run gradient descent on a random quadratic `(n = 6)` and compare `f(w^k) - f(w*)` with "
        "the sum of the terms over the spectrum at `k = 0`, 5 and 40.", _witness))


def _witness(derivation, dps, rng):
    problem = random_quadratic(rng, random_spectrum(rng, 6, 0.25, 4))
    alpha = mp.mpf(3) / 10
    term = sp.lambdify((S.alpha, S.lam, S.x_0, S.k), derivation.results["term"], "mpmath")
    w0 = random_vector(rng, 6)
    x0 = problem.eigencoordinates(w0)
    iterates = list(gradient_descent(problem.gradient, w0, alpha, 40))
    optimum = problem.value(problem.w_star)
    comparisons = []
    for k in (0, 5, 40):
        observed = problem.value(iterates[k]) - optimum
        predicted = mp.fsum(term(alpha, lam, x0[j], k) for j, lam in enumerate(problem.spectrum))
        comparisons.append(compare_numbers(f"loss at `k = {k}`", observed, predicted, dps - 8,
                                           "`f(w^k) - f(w*)` subtracts two close numbers"))
    return WitnessReport("`f(w^k) - f(w*)` of the iterates against the sum of terms",
                         tuple(comparisons))
