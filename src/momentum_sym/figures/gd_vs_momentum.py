"""Figure: gradient descent against momentum on an ill-conditioned quadratic.

Data.  A quadratic with eigenvalues 1/100, 1/20, 3/10, 1 (kappa = 100) and random
eigenvectors.  Gradient descent at its optimal step size
(``gd-optimal-step-size.alpha``); its error in closed form is
||w^k - w*|| = sqrt(sum_i x_i^k^2) with x_i^k = ``gd-closed-form.x_k``.
Momentum at alpha = 1/lambda_n with the beta that damps the slowest component
critically (``critical-damping.beta`` at alpha lambda_1); its error in closed
form is the x-row of R^k (y_i^0, x_i^0), R^k from ``matrix-power-2x2`` at the
eigenvalues of ``momentum-eigenvalues``, z^0 = 0 so y^0 = 0.  Both algorithms
are also run (``witness.iterations``) and their ||w^k - w*|| recorded.  The
derived rates (``gd-optimal-step-size.rate``, ``critical-damping.rate``) give
the reference lines ||w^0 - w*|| rate^k.

Drawing.  ||w^k - w*|| on a logarithmic axis: closed forms as lines,
iterates as dots, rates as thin dotted lines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from mpmath import mp

from momentum_sym.figures.formulas import (
    exact,
    finite,
    momentum_powers,
    mp_function,
    result,
    to_mp,
)
from momentum_sym.results import symbols as S
from momentum_sym.witness.iterations import gradient_descent, momentum
from momentum_sym.witness.quadratic import random_quadratic, random_vector

SPECTRUM = (Fraction(1, 100), Fraction(1, 20), Fraction(3, 10), Fraction(1))
STEPS = 150
SEED = 3
DPS = 40


@dataclass(frozen=True)
class Method:
    """One algorithm's run: parameters, closed-form and simulated ||w^k - w*||, its rate."""

    label: str
    alpha: Fraction
    beta: Fraction
    closed: tuple[float, ...]
    simulated: tuple[float, ...]
    rate: float
    formulas: tuple[str, ...]  # which matrix-power formula each eigenvalue used, or ()


@dataclass(frozen=True)
class Comparison:
    spectrum: tuple[float, ...]
    k: tuple[int, ...]
    methods: tuple[Method, ...]


def gd_step_size(spectrum=SPECTRUM) -> Fraction:
    value = exact(result("gd-optimal-step-size", "alpha"),
                  {S.lambda_1: min(spectrum), S.lambda_n: max(spectrum)})
    return Fraction(int(value.p), int(value.q))


def momentum_parameters(spectrum=SPECTRUM) -> tuple[Fraction, Fraction]:
    """alpha = 1/lambda_n and the critical beta of lambda_1 (``critical-damping.beta``)."""
    alpha = 1 / Fraction(max(spectrum))
    value = sp_rational(exact(result("critical-damping", "beta"),
                              {S.alpha: alpha, S.lam: min(spectrum)}))
    return alpha, value


def sp_rational(value) -> Fraction:
    """An exact SymPy number that must be rational, as a Fraction."""
    import sympy as sp

    simplified = sp.nsimplify(sp.simplify(value))
    if not simplified.is_Rational:
        raise ValueError(f"{value} is not rational; choose a spectrum that makes it so")
    return Fraction(int(simplified.p), int(simplified.q))


def _norm(values) -> mp.mpf:
    return mp.sqrt(mp.fsum(v**2 for v in values))


def data(spectrum=SPECTRUM, steps: int = STEPS, seed: int = SEED) -> Comparison:
    ks = tuple(range(steps + 1))
    x_k = mp_function(result("gd-closed-form", "x_k"), (S.alpha, S.lam, S.x_0, S.k))
    gd_alpha = gd_step_size(spectrum)
    m_alpha, m_beta = momentum_parameters(spectrum)
    gd_rate = exact(result("gd-optimal-step-size", "rate"),
                    {S.kappa: Fraction(max(spectrum)) / Fraction(min(spectrum))})
    m_rate = exact(result("critical-damping", "rate"), {S.alpha: m_alpha, S.lam: min(spectrum)})
    with mp.workdps(DPS):
        rng = random.Random(seed)
        lams = [to_mp(v) for v in spectrum]
        problem = random_quadratic(rng, lams)
        w0 = random_vector(rng, problem.n)
        x0 = problem.eigencoordinates(w0)
        # gradient descent: closed form and iterates
        a = to_mp(gd_alpha)
        gd_closed = [_norm(x_k(a, lam, x0[j], kk) for j, lam in enumerate(lams)) for kk in ks]
        gd_run = [mp.norm(w - problem.w_star)
                  for w in gradient_descent(problem.gradient, w0, a, steps)]
        # momentum: R^k per eigenvalue, and iterates from z^0 = 0
        used, columns = [], []
        for j, lam in enumerate(spectrum):
            name, powers = momentum_powers(m_alpha, m_beta, Fraction(lam), ks, DPS)
            used.append(name)
            columns.append([p[1][1] * x0[j] for p in powers])  # y^0 = 0: x^k = (R^k)_22 x^0
        m_closed = [_norm(row) for row in zip(*columns, strict=True)]
        z0 = mp.matrix(problem.n, 1)
        m_run = [mp.norm(w - problem.w_star) for _, w in
                 momentum(problem.gradient, w0, z0, to_mp(m_alpha), to_mp(m_beta), steps)]
        methods = (
            Method(rf"gradient descent, $\alpha = 2/(\lambda_1+\lambda_n) = {float(gd_alpha):.4g}$",
                   gd_alpha, Fraction(0), tuple(finite(v) for v in gd_closed),
                   tuple(finite(v) for v in gd_run), float(gd_rate), ()),
            Method(rf"momentum, $\alpha = 1/\lambda_n = {float(m_alpha):g}$, "
                   rf"$\beta = (1-\sqrt{{\alpha\lambda_1}})^2 = {float(m_beta):g}$",
                   m_alpha, m_beta, tuple(finite(v) for v in m_closed),
                   tuple(finite(v) for v in m_run), float(m_rate), tuple(used)),
        )
        return Comparison(tuple(float(v) for v in spectrum), ks, methods)


def draw(figure, d: Comparison) -> None:
    from momentum_sym.figures.style import COLOURS, SIMULATED

    axes = figure.subplots()
    start = d.methods[0].closed[0]
    for i, method in enumerate(d.methods):
        colour = COLOURS[i]
        axes.semilogy(d.k, method.closed, color=colour, linewidth=2.0,
                      label=f"{method.label}: closed form")
        axes.semilogy(d.k, method.simulated, **{**SIMULATED, "markeredgecolor": colour},
                      markevery=5, label="iterates")
        axes.semilogy(d.k, [start * method.rate**kk for kk in d.k], color=colour,
                      linestyle=":", linewidth=1.0,
                      label=rf"$\|w^0 - w^\star\|\,\mathrm{{rate}}^k$, rate $= {method.rate:.4g}$")
    axes.set_xlim(0, d.k[-1])
    axes.set_xlabel(r"iteration $k$")
    axes.set_ylabel(r"distance to the optimum $\|w^k - w^\star\|$")
    spectrum = ", ".join(f"{v:g}" for v in d.spectrum)
    axes.set_title(rf"An ill-conditioned quadratic: eigenvalues ${spectrum}$, "
                   rf"$\kappa = {d.spectrum[-1] / d.spectrum[0]:g}$")
    axes.legend(loc="lower left", fontsize="small")
