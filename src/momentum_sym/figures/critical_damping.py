"""Figure: the rate of momentum against beta at a fixed step size: critical damping.

Data.  For lambda = 1 and a few step sizes alpha: the rate max(|sigma_1|, |sigma_2|)
(``momentum-eigenvalues``) over 0 <= beta < 1; the critical beta
(``critical-damping.beta``) and its rate (``critical-damping.rate``), where the
curve has its minimum; and, at a few beta, the rate measured from the iterates of
momentum run on f(w) = lambda w^2 / 2 (``witness.iterations.momentum``):
(||s^{2K}|| / ||s^K||)^{1/K} with s^k = (z^k, w^k - w*), K = 300.

Drawing.  One curve per step size, the critical point marked, the measured
rates as dots.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from mpmath import mp

from momentum_sym.figures.formulas import complex_function, exact, finite, result, to_mp
from momentum_sym.figures.rate_landscape import eigenvalue_functions, spectral_radius
from momentum_sym.results import symbols as S
from momentum_sym.witness.iterations import momentum

LAMBDA = Fraction(1)
STEP_SIZES = (Fraction(1, 100), Fraction(9, 100), Fraction(36, 100))
POINTS = 400
MEASURED_BETAS = (Fraction(0), Fraction(1, 5), Fraction(2, 5), Fraction(3, 5), Fraction(4, 5),
                  Fraction(9, 10))
WINDOW = 300
DPS = 30


@dataclass(frozen=True)
class Curve:
    alpha: float
    rate: tuple[float, ...]  # along Critical.beta
    critical_beta: float
    critical_rate: float
    measured_beta: tuple[float, ...]
    measured_rate: tuple[float, ...]


@dataclass(frozen=True)
class Critical:
    lam: float
    beta: tuple[float, ...]
    curves: tuple[Curve, ...]
    complex_rate: tuple[float, ...]  # momentum-complex-rate.rate along beta


def measured_rate(alpha: Fraction, beta: Fraction, lam: Fraction, window: int = WINDOW):
    """(||s^{2K}|| / ||s^K||)^{1/K} for momentum on f(w) = lambda w^2/2 from w^0 = 1, z^0 = 0
    (0 if the iterates reach the optimum exactly)."""
    with mp.workdps(DPS):
        lam_mp = to_mp(lam)
        states = list(momentum(lambda w: lam_mp * w, mp.matrix([1]), mp.matrix([0]),
                               to_mp(alpha), to_mp(beta), 2 * window))
        norm = [mp.sqrt(z[0] ** 2 + w[0] ** 2) for z, w in states]
        if norm[window] == 0:  # converged exactly (alpha lambda = 1, beta = 0: R^2 = 0)
            return mp.zero
        return (norm[2 * window] / norm[window]) ** (mp.mpf(1) / window)


def data(lam: Fraction = LAMBDA, step_sizes=STEP_SIZES, points: int = POINTS) -> Critical:
    functions = eigenvalue_functions()
    betas = tuple(j / points for j in range(points))  # 0 <= beta < 1
    beta_formula = result("critical-damping", "beta")
    rate_formula = result("critical-damping", "rate")
    curves = []
    for alpha in step_sizes:
        point = {S.alpha: alpha, S.lam: lam}
        curves.append(Curve(
            alpha=float(alpha),
            rate=tuple(finite(spectral_radius(float(alpha), b, float(lam), functions))
                       for b in betas),
            critical_beta=finite(sp.N(exact(beta_formula, point), 30)),
            critical_rate=finite(sp.N(exact(rate_formula, point), 30)),
            measured_beta=tuple(float(b) for b in MEASURED_BETAS),
            measured_rate=tuple(finite(measured_rate(alpha, b, lam)) for b in MEASURED_BETAS)))
    complex_rate = complex_function(result("momentum-complex-rate", "rate"), (S.beta,))
    return Critical(float(lam), betas, tuple(curves),
                    tuple(finite(complex_rate(complex(b)).real) for b in betas))


def draw(figure, d: Critical) -> None:
    from momentum_sym.figures.style import COLOURS, SIMULATED

    axes = figure.subplots()
    axes.plot(d.beta, d.complex_rate, color="0.45", linestyle="--", linewidth=1.0,
              label=r"$\sqrt{\beta}$: the rate when $\sigma$ is complex")
    for i, curve in enumerate(d.curves):
        colour = COLOURS[i]
        axes.plot(d.beta, curve.rate, color=colour,
                  label=rf"$\alpha\lambda = {curve.alpha * d.lam:g}$")
        axes.axvline(curve.critical_beta, color=colour, linestyle=":", linewidth=1.0)
        axes.plot(curve.critical_beta, curve.critical_rate, marker="D", color=colour,
                  markersize=6, linestyle="none", zorder=6,
                  label=rf"  critical $\beta = {curve.critical_beta:.3g}$, "
                        rf"rate ${curve.critical_rate:.3g}$")
        axes.plot(curve.measured_beta, curve.measured_rate,
                  **{**SIMULATED, "markeredgecolor": colour, "markersize": 4.5},
                  label="  measured from the iterates")
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1.02)
    axes.set_xlabel(r"momentum $\beta$")
    axes.set_ylabel(r"rate $\max(|\sigma_1|, |\sigma_2|)$")
    axes.set_title(rf"Rate against $\beta$ at a fixed step size ($\lambda = {d.lam:g}$): "
                   "the minimum is critical damping")
    axes.legend(loc="lower right", fontsize="small", ncols=1)
