"""Figure: decomposing the error of gradient descent, eigenvalue by eigenvalue.

Data.  On a quadratic with three eigenvalues, at the optimal step size
(``gd-optimal-step-size.alpha``), the i-th summand of f(w^k) - f(w*) is
``gd-loss-decomposition.term`` evaluated at (alpha, lambda_i, x_i^0, k); their
sum is the loss.  Gradient descent is also run (``witness.iterations``) on a
quadratic with that spectrum and random eigenvectors, from a w^0 whose
eigen-coordinates are x^0, and its loss f(w^k) - f(w*) is recorded.

Drawing.  Left: the terms stacked (their sum is the loss), with the simulated
loss as dots on top.  Right: the same on a logarithmic axis, one curve per term.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from mpmath import mp

from momentum_sym.figures.formulas import exact, finite, mp_function, result, to_mp
from momentum_sym.results import symbols as S
from momentum_sym.witness.iterations import gradient_descent
from momentum_sym.witness.quadratic import random_quadratic

SPECTRUM = (Fraction(1, 10), Fraction(1, 2), Fraction(3, 2))
X0 = (Fraction(1), Fraction(1), Fraction(1))
STEPS = 40
SEED = 4
DPS = 40


@dataclass(frozen=True)
class LossDecomposition:
    """``terms[i][k]``: the i-th term at step k; ``total[k]`` their sum;
    ``simulated[k]``: f(w^k) - f(w*) of the gradient-descent iterates."""

    alpha: Fraction | float
    spectrum: tuple[float, ...]
    x0: tuple[float, ...]
    k: tuple[int, ...]
    terms: tuple[tuple[float, ...], ...]
    total: tuple[float, ...]
    simulated: tuple[float, ...]


def step_size(spectrum=SPECTRUM):
    """``gd-optimal-step-size.alpha`` for this spectrum, exactly."""
    value = exact(result("gd-optimal-step-size", "alpha"),
                  {S.lambda_1: min(spectrum), S.lambda_n: max(spectrum)})
    return Fraction(int(value.p), int(value.q))


def data(spectrum=SPECTRUM, x0=X0, steps: int = STEPS, seed: int = SEED) -> LossDecomposition:
    """The terms, their sum and a simulated run (see the module docstring)."""
    alpha = step_size(spectrum)
    term = mp_function(result("gd-loss-decomposition", "term"), (S.alpha, S.lam, S.x_0, S.k))
    ks = tuple(range(steps + 1))
    with mp.workdps(DPS):
        a = to_mp(alpha)
        lams = [to_mp(v) for v in spectrum]
        xs = [to_mp(v) for v in x0]
        exact_terms = [[term(a, lam, x, kk) for kk in ks] for lam, x in zip(lams, xs, strict=True)]
        total = [mp.fsum(column) for column in zip(*exact_terms, strict=True)]
        problem = random_quadratic(random.Random(seed), lams)
        w0 = problem.w_star + problem.Q * mp.matrix(xs)
        optimum = problem.value(problem.w_star)
        simulated = [problem.value(w) - optimum
                     for w in gradient_descent(problem.gradient, w0, a, steps)]
        return LossDecomposition(
            alpha=alpha, spectrum=tuple(float(v) for v in spectrum),
            x0=tuple(float(v) for v in x0), k=ks,
            terms=tuple(tuple(finite(v) for v in row) for row in exact_terms),
            total=tuple(finite(v) for v in total),
            simulated=tuple(finite(v) for v in simulated))


def draw(figure, d: LossDecomposition) -> None:
    """Draw ``d`` on a matplotlib ``Figure``: stacked terms (left), terms on a log axis
    (right), one legend below both."""
    from momentum_sym.figures.style import COLOURS, SIMULATED

    left, right = figure.subplots(1, 2)
    labels = [rf"term $i = {i + 1}$: $\lambda_{i + 1} = {lam:g}$, $1-\alpha\lambda_{i + 1} = "
              rf"{1 - float(d.alpha) * lam:+.4g}$" for i, lam in enumerate(d.spectrum)]
    left.stackplot(d.k, *d.terms, labels=labels, colors=COLOURS[:len(d.terms)], alpha=0.8)
    left.plot(d.k, d.simulated, **SIMULATED, label=r"$f(w^k) - f(w^\star)$ of the iterates")
    left.set_xlim(0, d.k[-1])
    left.set_ylim(0, max(d.total) * 1.05)
    left.set_xlabel(r"iteration $k$")
    left.set_ylabel(r"$f(w^k) - f(w^\star)$")
    left.set_title("the terms stacked: their sum is the loss")
    for i, row in enumerate(d.terms):
        right.semilogy(d.k, row, color=COLOURS[i], linewidth=2.2)
    right.semilogy(d.k, d.total, color="black", linewidth=1.0, linestyle="--",
                   label="sum of the terms")
    right.semilogy(d.k, d.simulated, **SIMULATED)
    right.set_xlim(0, d.k[-1])
    right.set_ylim(1e-8, 3 * max(d.total))
    right.set_xlabel(r"iteration $k$")
    right.set_ylabel(r"term $\frac{1}{2}\lambda_i (1-\alpha\lambda_i)^{2k} (x_i^0)^2$")
    right.set_title("each term on a logarithmic axis")
    handles, texts = [], []
    for axes in (left, right):
        for handle, text in zip(*axes.get_legend_handles_labels(), strict=True):
            if text not in texts:
                handles.append(handle)
                texts.append(text)
    figure.legend(handles, texts, loc="outside lower center", ncols=3, fontsize="small")
    figure.suptitle(rf"Decomposing the error: gradient descent at $\alpha = "
                    rf"2/(\lambda_1+\lambda_n) = {float(d.alpha):g}$")
