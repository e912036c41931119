"""Figure: momentum on the convex Rosenbrock function against the lower bound.

Data.  The convex Rosenbrock function f^n of ``rosenbrock-optimum`` (its gradient
rows from that module's problem definition, ``gradient_rows``) for kappa = 100 and
n = 120 > the number of steps, so that the bound holds at every plotted k.  Its
optimum w*_i is ``rosenbrock-optimum.exact``.  The Hessian's spectrum lies in
the Gershgorin interval [lambda_1, lambda_n] read off its rows; momentum runs with
``momentum-optimal-parameters.alpha`` and ``.beta`` for that interval, gradient
descent with ``gd-optimal-step-size.alpha``, both from w^0 = 0, z^0 = 0
(``witness.iterations``).  Plotted: ||w^k - w*||_inf / ||w^0 - w*||_inf for each,
and ``rosenbrock-lower-bound.bound``, below which no linear first-order method
can go while k < n.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from mpmath import mp

from momentum_sym.figures.formulas import exact, finite, mp_function, result, to_mp
from momentum_sym.results import symbols as S
from momentum_sym.witness.iterations import gradient_descent, momentum

KAPPA = Fraction(100)
SIZE = 120
STEPS = 100
DPS = 30


@dataclass(frozen=True)
class Rosenbrock:
    kappa: float
    n: int
    spectrum_bounds: tuple[float, float]  # Gershgorin [lambda_1, lambda_n]
    momentum_parameters: tuple[float, float]  # (alpha, beta)
    gd_alpha: float
    k: tuple[int, ...]
    momentum: tuple[float, ...]  # ||w^k - w*||_inf / ||w^0 - w*||_inf
    gradient_descent: tuple[float, ...]
    bound: tuple[float, ...]
    optimum_residual: float  # max |grad f(w*)| at the derived optimum


@dataclass(frozen=True)
class Stencil:
    """grad f(w) = H w - e, H tridiagonal: rows[p] = {column: coefficient}, constant[p]."""

    rows: tuple[dict[int, sp.Rational], ...]
    constant: tuple[sp.Rational, ...]

    def gradient(self):
        rows = [{c: to_mp(v) for c, v in row.items()} for row in self.rows]
        constant = [to_mp(v) for v in self.constant]

        def apply(w):
            return mp.matrix([constant[p] + mp.fsum(v * w[c] for c, v in row.items())
                              for p, row in enumerate(rows)])
        return apply

    def gershgorin(self) -> tuple[sp.Rational, sp.Rational]:
        low = min(row[p] - sum(abs(v) for c, v in row.items() if c != p)
                  for p, row in enumerate(self.rows))
        high = max(row[p] + sum(abs(v) for c, v in row.items() if c != p)
                   for p, row in enumerate(self.rows))
        return low, high


def stencil(kappa: Fraction, n: int) -> Stencil:
    """The gradient of f^n at this kappa, read coefficient by coefficient from the
    problem definition of ``rosenbrock-optimum``."""
    from momentum_sym.results.rosenbrock_optimum import gradient_rows

    weights = sp.symbols(f"w_1:{n + 1}", real=True)
    index = {w: p for p, w in enumerate(weights)}
    rows, constant = [], []
    for row in gradient_rows(weights):
        terms = sp.expand(exact(row, {S.kappa: kappa})).as_coefficients_dict()
        rows.append({index[s]: sp.Rational(v) for s, v in terms.items() if s in index})
        constant.append(sp.Rational(sum((v for s, v in terms.items() if s == 1), 0)))
    return Stencil(tuple(rows), tuple(constant))


def _relative_errors(iterates, optimum) -> list:
    errors = [max(abs(w[p] - optimum[p]) for p in range(len(optimum))) for w in iterates]
    return [e / errors[0] for e in errors]


def data(kappa: Fraction = KAPPA, n: int = SIZE, steps: int = STEPS) -> Rosenbrock:
    if steps >= n:
        raise ValueError("the lower bound holds for k < n: take steps < n")
    problem = stencil(kappa, n)
    low, high = problem.gershgorin()
    m_alpha = exact(result("momentum-optimal-parameters", "alpha"),
                    {S.lambda_1: low, S.lambda_n: high})
    m_beta = exact(result("momentum-optimal-parameters", "beta"), {S.kappa: high / low})
    gd_alpha = exact(result("gd-optimal-step-size", "alpha"), {S.lambda_1: low, S.lambda_n: high})
    optimum_formula = mp_function(result("rosenbrock-optimum", "exact"), (S.kappa, S.n, S.i))
    bound = mp_function(result("rosenbrock-lower-bound", "bound"), (S.kappa, S.k))
    ks = tuple(range(steps + 1))
    with mp.workdps(DPS):
        kap = to_mp(kappa)
        optimum = mp.matrix([optimum_formula(kap, n, i) for i in range(1, n + 1)])
        gradient = problem.gradient()
        residual = max(abs(g) for g in gradient(optimum))
        w0, z0 = mp.matrix(n, 1), mp.matrix(n, 1)
        m_run = [w for _, w in momentum(gradient, w0, z0, to_mp(m_alpha), to_mp(m_beta), steps)]
        gd_run = list(gradient_descent(gradient, w0, to_mp(gd_alpha), steps))
        return Rosenbrock(
            kappa=float(kappa), n=n, spectrum_bounds=(float(low), float(high)),
            momentum_parameters=(float(m_alpha), float(m_beta)), gd_alpha=float(gd_alpha),
            k=ks, momentum=tuple(finite(v) for v in _relative_errors(m_run, optimum)),
            gradient_descent=tuple(finite(v) for v in _relative_errors(gd_run, optimum)),
            bound=tuple(finite(bound(kap, kk)) for kk in ks),
            optimum_residual=finite(residual))


def draw(figure, d: Rosenbrock) -> None:
    from momentum_sym.figures.style import COLOURS

    axes = figure.subplots()
    floor = min(min(d.bound), min(d.momentum)) / 10
    axes.fill_between(d.k, d.bound, floor, color="0.85", linewidth=0,
                      label=r"unreachable by any linear first-order method ($k < n$)")
    axes.semilogy(d.k, d.bound, color="black", linestyle="--", linewidth=1.2, zorder=6,
                  label=r"lower bound $\left(\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}\right)^k$")
    alpha, beta = d.momentum_parameters
    axes.semilogy(d.k, d.momentum, color=COLOURS[1], linewidth=3.0, marker="o", markersize=4,
                  markevery=5,
                  label=rf"momentum, optimal $\alpha = {alpha:.4g}$, $\beta = {beta:.4g}$ "
                        "(iterates)")
    axes.semilogy(d.k, d.gradient_descent, color=COLOURS[0], marker="o", markersize=4,
                  markevery=5,
                  label=rf"gradient descent, optimal $\alpha = {d.gd_alpha:.4g}$ (iterates)")
    axes.set_xlim(0, d.k[-1])
    axes.set_ylim(floor, 2)
    axes.set_xlabel(r"iteration $k$")
    axes.set_ylabel(r"$\|w^k - w^\star\|_\infty \,/\, \|w^0 - w^\star\|_\infty$")
    axes.set_title(rf"The convex Rosenbrock function, $\kappa = {d.kappa:g}$, $n = {d.n}$, "
                   r"from $w^0 = 0$")
    axes.legend(loc="lower left", fontsize="small")
