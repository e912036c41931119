"""Figure: the convergence rate of momentum over (alpha, beta) for one eigenvalue.

Data.  For lambda = 1 (so that alpha is alpha lambda), on a grid of cell centres
in 0 < alpha < 4.2, 0 < beta < 1: the rate max(|sigma_1|, |sigma_2|) with
sigma_1, sigma_2 = ``momentum-eigenvalues`` (complex arithmetic, so complex
eigenvalues come out complex).  The boundaries of the regimes are
``momentum-regimes.monotone_to_ripples`` and ``.ripples_to_oscillation`` (values
of alpha lambda) and the convergence boundary alpha lambda = 2 + 2 beta is
``momentum-convergence-region.upper``; each regime is labelled at a point that
the eigenvalues themselves classify (:func:`regime`).

Drawing.  The rate as an image (colour scale 0 to 1, grey where it is >= 1),
rate contours, the boundaries as lines, the regimes labelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from momentum_sym.figures.formulas import complex_function, finite, result
from momentum_sym.results import symbols as S

LAMBDA = 1.0
ALPHA_MAX = 4.2
COLUMNS, ROWS = 280, 200
CURVE_POINTS = 201
CONTOURS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95)

# (regime, label, alpha, beta, text alpha, text beta): each regime is named at a point
# (alpha, beta) inside it, with the text at the second point (an arrow joins them when
# they differ); a test checks by the eigenvalues that the first point is in the regime.
LABELS = (
    ("monotone", "monotone\ndecrease", 0.2, 0.04, 0.62, 0.565),
    ("ripples", "ripples\n(complex $\\sigma$, rate $\\sqrt{\\beta}$)", 1.25, 0.37, 1.25, 0.37),
    ("oscillation", "sign flips\n(real $\\sigma < 0$)", 2.05, 0.1, 2.85, 0.05),
    ("divergence", "divergence", 3.6, 0.3, 3.6, 0.3),
)


@dataclass(frozen=True)
class Boundary:
    name: str  # the result it comes from, ID.NAME
    label: str
    alpha: tuple[float, ...]  # along Landscape.beta_curve


@dataclass(frozen=True)
class Landscape:
    lam: float
    alpha: tuple[float, ...]  # grid columns (cell centres)
    beta: tuple[float, ...]  # grid rows (cell centres)
    rate: tuple[tuple[float, ...], ...]  # rate[row][column]
    beta_curve: tuple[float, ...]
    boundaries: tuple[Boundary, ...]
    labels: tuple[tuple[str, str, float, float, float, float], ...]
    one_step: tuple[float, float]  # (alpha, beta) where R is nilpotent


def eigenvalue_functions():
    """sigma_1, sigma_2 of ``momentum-eigenvalues`` as complex functions of
    (alpha, beta, lambda)."""
    args = (S.alpha, S.beta, S.lam)
    return tuple(complex_function(result("momentum-eigenvalues", name), args)
                 for name in ("sigma_1", "sigma_2"))


def spectral_radius(alpha: float, beta: float, lam: float, functions=None) -> float:
    """max(|sigma_1|, |sigma_2|) at one point, from the derived eigenvalues."""
    s1, s2 = functions or eigenvalue_functions()
    point = (complex(alpha), complex(beta), complex(lam))
    return max(abs(s1(*point)), abs(s2(*point)))


def regime(alpha: float, beta: float, lam: float = LAMBDA, functions=None) -> str:
    """Which regime (alpha, beta) is in, read off the derived eigenvalues: divergence if
    the rate is >= 1, else ripples if they are complex, else sign flips (oscillation) if
    one is negative, else monotone."""
    s1, s2 = functions or eigenvalue_functions()
    point = (complex(alpha), complex(beta), complex(lam))
    roots = (s1(*point), s2(*point))
    if max(abs(r) for r in roots) >= 1:
        return "divergence"
    if any(abs(r.imag) > 1e-12 for r in roots):
        return "ripples"
    if min(r.real for r in roots) < 0:
        return "oscillation"
    return "monotone"


def _boundary(id: str, name: str, label: str, betas, lam: float) -> Boundary:
    """A bound on alpha lambda as a function of beta, drawn as alpha = bound / lambda."""
    bound = complex_function(result(id, name), (S.beta,))
    return Boundary(f"{id}.{name}", label,
                    tuple(finite(bound(complex(b)).real / lam) for b in betas))


def data(lam: float = LAMBDA, columns: int = COLUMNS, rows: int = ROWS) -> Landscape:
    functions = eigenvalue_functions()
    alphas = tuple((i + 0.5) * ALPHA_MAX / columns / lam for i in range(columns))
    betas = tuple((j + 0.5) / rows for j in range(rows))
    rate = tuple(tuple(finite(spectral_radius(a, b, lam, functions)) for a in alphas)
                 for b in betas)
    curve = tuple(j / (CURVE_POINTS - 1) for j in range(CURVE_POINTS))
    boundaries = (
        _boundary("momentum-regimes", "monotone_to_ripples",
                  r"$\alpha\lambda = (1-\sqrt{\beta})^2$: $\sigma_1 = \sigma_2$", curve, lam),
        _boundary("momentum-regimes", "ripples_to_oscillation",
                  r"$\alpha\lambda = (1+\sqrt{\beta})^2$: $\sigma_1 = \sigma_2$", curve, lam),
        _boundary("momentum-convergence-region", "upper",
                  r"$\alpha\lambda = 2 + 2\beta$: rate 1", curve, lam),
    )
    labels = tuple((name, text, a / lam, b, ta / lam, tb) for name, text, a, b, ta, tb in LABELS)
    return Landscape(lam, alphas, betas, rate, curve, boundaries, labels, (1.0 / lam, 0.0))


def draw(figure, d: Landscape) -> None:
    import matplotlib as mpl

    axes = figure.subplots()
    axes.grid(False)
    colours = mpl.colormaps["viridis"].with_extremes(over="#bdbdbd")
    extent = (0, d.alpha[-1] + d.alpha[0], 0, 1)
    image = axes.imshow(d.rate, origin="lower", extent=extent, aspect="auto", cmap=colours,
                        vmin=0, vmax=1, interpolation="nearest")
    figure.colorbar(image, ax=axes, extend="max",
                    label=r"rate $\max(|\sigma_1|, |\sigma_2|)$ (grey: $\geq 1$)")
    contours = axes.contour(d.alpha, d.beta, d.rate, levels=CONTOURS, colors="white",
                            linewidths=0.5, alpha=0.7)
    axes.clabel(contours, fontsize=6.5, fmt="%.2g")
    styles = (("white", "--"), ("white", "-."), ("#D55E00", "-"))
    for boundary, (colour, style) in zip(d.boundaries, styles, strict=True):
        axes.plot(boundary.alpha, d.beta_curve, color=colour, linestyle=style, linewidth=1.6,
                  label=boundary.label)
    axes.plot(*d.one_step, marker="*", color="#D55E00", markersize=10, linestyle="none",
              clip_on=False, zorder=6,
              label=r"one step: $\alpha\lambda = 1$, $\beta = 0$")
    for name, text, a, b, ta, tb in d.labels:
        colour = "black" if name in ("divergence", "oscillation") else "white"
        arrow = None if (a, b) == (ta, tb) else {"arrowstyle": "->", "color": colour}
        axes.annotate(text, (a, b), (ta, tb), color=colour, fontsize=8, ha="center",
                      va="center", arrowprops=arrow)
    axes.set_xlim(extent[0], extent[1])
    axes.set_ylim(0, 1)
    axes.set_xlabel(rf"step size $\alpha$ (for $\lambda = {d.lam:g}$, so $\alpha = \alpha\lambda$)")
    axes.set_ylabel(r"momentum $\beta$")
    axes.set_title(r"Convergence rate of momentum on one eigencomponent, and its regimes")
    figure.legend(loc="outside lower center", ncols=2, fontsize="small", facecolor="#9a9a9a",
                  framealpha=1.0)
