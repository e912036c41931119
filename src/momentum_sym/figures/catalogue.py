"""The figures, in the order of the source texts, with their captions.

Captions say what is plotted and from which results (``ID.NAME``); ``caption``
is LaTeX for ``main.tex``, ``caption_text`` the same in plain words for the web.
"""

from __future__ import annotations

from momentum_sym.figures import (
    critical_damping,
    gd_vs_momentum,
    loss_decomposition,
    rate_landscape,
    rosenbrock,
)
from momentum_sym.figures.spec import FigureSpec


def _tt(result: str) -> str:
    """A result id in typewriter type, its underscores escaped for LaTeX text mode."""
    return r"\texttt{" + result.replace("_", r"\_") + "}"


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        name="loss-decomposition",
        title="Decomposing the error",
        uses=("gd-loss-decomposition", "gd-optimal-step-size"),
        data=loss_decomposition.data,
        draw=loss_decomposition.draw,
        size=(6.5, 3.6),
        caption=(
            r"Decomposing the error of gradient descent on a quadratic with eigenvalues "
            r"$\lambda = 0.1, 0.5, 1.5$ and $x^0 = (1, 1, 1)$, at the optimal step size "
            rf"$\alpha = 2/(\lambda_1 + \lambda_n) = 1.25$ ({_tt('gd-optimal-step-size.alpha')}). "
            r"Curves and areas: the terms "
            r"$\frac{1}{2}\lambda_i (1 - \alpha\lambda_i)^{2k} (x_i^0)^2$ "
            rf"({_tt('gd-loss-decomposition.term')}); left stacked, so that the top edge is "
            r"their sum, right one by one on a logarithmic axis. Dots: $f(w^k) - f(w^\star)$ of "
            r"gradient descent run on a quadratic with this spectrum and random eigenvectors. "
            r"The smallest and largest eigenvalues decay at the same rate "
            r"$|1 - \alpha\lambda_1| = |1 - \alpha\lambda_n| = 0.875$ and dominate the loss."),
        caption_text=(
            "Decomposing the error of gradient descent on a quadratic with eigenvalues "
            "0.1, 0.5, 1.5 and x^0 = (1, 1, 1), at the optimal step size "
            "alpha = 2/(lambda_1 + lambda_n) = 1.25 (gd-optimal-step-size.alpha). Curves and "
            "areas: the terms 1/2 lambda_i (1 - alpha lambda_i)^(2k) (x_i^0)^2 "
            "(gd-loss-decomposition.term); left stacked, so that the top edge is their sum, "
            "right one by one on a logarithmic axis. Dots: f(w^k) - f(w*) of gradient descent "
            "run on a quadratic with this spectrum and random eigenvectors. The smallest and "
            "largest eigenvalues decay at the same rate |1 - alpha lambda_1| = "
            "|1 - alpha lambda_n| = 0.875 and dominate the loss."),
    ),
    FigureSpec(
        name="rate-landscape",
        title="The convergence rate of momentum",
        uses=("momentum-eigenvalues", "momentum-regimes", "momentum-convergence-region"),
        data=rate_landscape.data,
        draw=rate_landscape.draw,
        caption=(
            r"The convergence rate $\max(|\sigma_1|, |\sigma_2|)$ of momentum on one "
            r"eigencomponent with $\lambda = 1$, over the step size $\alpha$ and the momentum "
            r"$\beta$, with $\sigma_1, \sigma_2$ the eigenvalues of the iteration matrix "
            rf"({_tt('momentum-eigenvalues')}); white lines are contours of the rate, grey is "
            r"divergence (rate $\geq 1$). The regime boundaries "
            r"$\alpha\lambda = (1 \mp \sqrt{\beta})^2$, where the eigenvalues meet, are "
            rf"{_tt('momentum-regimes.monotone_to_ripples')} and "
            rf"{_tt('momentum-regimes.ripples_to_oscillation')}; the convergence boundary "
            rf"$\alpha\lambda = 2 + 2\beta$ is {_tt('momentum-convergence-region.upper')}; the "
            r"star is one-step convergence, $\alpha\lambda = 1$, $\beta = 0$ "
            rf"({_tt('momentum-regimes.one_step')}). Each regime is labelled at a point that "
            r"the eigenvalues place in it."),
        caption_text=(
            "The convergence rate max(|sigma_1|, |sigma_2|) of momentum on one eigencomponent "
            "with lambda = 1, over the step size alpha and the momentum beta, with sigma_1, "
            "sigma_2 the eigenvalues of the iteration matrix (momentum-eigenvalues); white "
            "lines are contours of the rate, grey is divergence (rate >= 1). The regime "
            "boundaries alpha lambda = (1 -+ sqrt(beta))^2, where the eigenvalues meet, are "
            "momentum-regimes.monotone_to_ripples and momentum-regimes.ripples_to_oscillation; "
            "the convergence boundary alpha lambda = 2 + 2 beta is "
            "momentum-convergence-region.upper; the star is one-step convergence, "
            "alpha lambda = 1, beta = 0 (momentum-regimes.one_step). Each regime is labelled "
            "at a point that the eigenvalues place in it."),
        size=(6.5, 4.8),
    ),
    FigureSpec(
        name="critical-damping",
        title="Critical damping",
        uses=("momentum-eigenvalues", "critical-damping", "momentum-complex-rate"),
        data=critical_damping.data,
        draw=critical_damping.draw,
        caption=(
            r"The rate $\max(|\sigma_1|, |\sigma_2|)$ of momentum on one eigencomponent "
            rf"({_tt('momentum-eigenvalues')}), $\lambda = 1$, against $\beta$ for three step "
            r"sizes; at $\beta = 0$ it is gradient descent's $|1 - \alpha\lambda|$. Diamonds: "
            r"the critical damping coefficient $\beta = (1 - \sqrt{\alpha\lambda})^2$ "
            rf"({_tt('critical-damping.beta')}) and its rate $|1 - \sqrt{{\alpha\lambda}}|$ "
            rf"({_tt('critical-damping.rate')}), the minimum of each curve. Dashed: "
            rf"$\sqrt{{\beta}}$ ({_tt('momentum-complex-rate.rate')}), the rate once the "
            r"eigenvalues are complex, which every curve joins past its critical $\beta$. "
            r"Dots: the rate measured from the iterates of momentum on "
            r"$f(w) = \frac{1}{2}\lambda w^2$, "
            r"$(\|s^{600}\| / \|s^{300}\|)^{1/300}$ with $s^k = (z^k, w^k - w^\star)$."),
        caption_text=(
            "The rate max(|sigma_1|, |sigma_2|) of momentum on one eigencomponent "
            "(momentum-eigenvalues), lambda = 1, against beta for three step sizes; at "
            "beta = 0 it is gradient descent's |1 - alpha lambda|. Diamonds: the critical "
            "damping coefficient beta = (1 - sqrt(alpha lambda))^2 (critical-damping.beta) and "
            "its rate |1 - sqrt(alpha lambda)| (critical-damping.rate), the minimum of each "
            "curve. Dashed: sqrt(beta) (momentum-complex-rate.rate), the rate once the "
            "eigenvalues are complex, which every curve joins past its critical beta. Dots: "
            "the rate measured from the iterates of momentum on f(w) = lambda w^2 / 2, "
            "(||s^600|| / ||s^300||)^(1/300) with s^k = (z^k, w^k - w*)."),
    ),
    FigureSpec(
        name="gd-vs-momentum",
        title="Gradient descent against momentum",
        uses=("gd-closed-form", "gd-optimal-step-size", "critical-damping", "matrix-power-2x2",
              "momentum-eigenvalues", "momentum-iteration-matrix"),
        data=gd_vs_momentum.data,
        draw=gd_vs_momentum.draw,
        caption=(
            r"Gradient descent against momentum on a quadratic with eigenvalues "
            r"$0.01, 0.05, 0.3, 1$ ($\kappa = 100$), random eigenvectors and a random start. "
            r"Lines: the closed forms of $\|w^k - w^\star\|$; for gradient descent at "
            rf"$\alpha = 2/(\lambda_1+\lambda_n)$ ({_tt('gd-optimal-step-size.alpha')}) from "
            rf"$x_i^k = (1 - \alpha\lambda_i)^k x_i^0$ ({_tt('gd-closed-form.x_k')}); for "
            r"momentum at $\alpha = 1/\lambda_n$ with the $\beta$ that damps $\lambda_1$ "
            rf"critically ({_tt('critical-damping.beta')}) from $R^k$ for the iteration "
            rf"matrix $R$ of {_tt('momentum-iteration-matrix')} "
            rf"({_tt('matrix-power-2x2')}, the repeated-root formula for $\lambda_1$ and the "
            rf"distinct-root one for the others, at the eigenvalues of "
            rf"{_tt('momentum-eigenvalues')}). Dots: the iterates of the algorithms. Dotted: "
            r"$\|w^0 - w^\star\|\,\mathrm{rate}^k$ with the derived rates "
            rf"({_tt('gd-optimal-step-size.rate')}, {_tt('critical-damping.rate')}); "
            r"momentum's curve lies above its line by the factor $k$ of the double root."),
        caption_text=(
            "Gradient descent against momentum on a quadratic with eigenvalues 0.01, 0.05, "
            "0.3, 1 (kappa = 100), random eigenvectors and a random start. Lines: the closed "
            "forms of ||w^k - w*||; for gradient descent at alpha = 2/(lambda_1 + lambda_n) "
            "(gd-optimal-step-size.alpha) from x_i^k = (1 - alpha lambda_i)^k x_i^0 "
            "(gd-closed-form.x_k); for momentum at alpha = 1/lambda_n with the beta that damps "
            "lambda_1 critically (critical-damping.beta) from R^k for the iteration matrix R of "
            "momentum-iteration-matrix (matrix-power-2x2, the "
            "repeated-root formula for lambda_1 and the distinct-root one for the others, at "
            "the eigenvalues of momentum-eigenvalues). Dots: the iterates of the algorithms. "
            "Dotted: ||w^0 - w*|| rate^k with the derived rates (gd-optimal-step-size.rate, "
            "critical-damping.rate); momentum's curve lies above its line by the factor k of "
            "the double root."),
    ),
    FigureSpec(
        name="rosenbrock-lower-bound",
        title="Momentum against the lower bound",
        uses=("rosenbrock-optimum", "rosenbrock-lower-bound", "momentum-optimal-parameters",
              "gd-optimal-step-size"),
        data=rosenbrock.data,
        draw=rosenbrock.draw,
        caption=(
            r"Momentum and gradient descent on the convex Rosenbrock function "
            r"$f^n$ with $\kappa = 100$, $n = 120$, from $w^0 = 0$: the error "
            r"$\|w^k - w^\star\|_\infty / \|w^0 - w^\star\|_\infty$ of the iterates, with "
            rf"$w^\star$ from {_tt('rosenbrock-optimum.exact')}. Momentum uses the optimal "
            rf"$\alpha$ and $\beta$ ({_tt('momentum-optimal-parameters')}) and gradient "
            rf"descent the optimal $\alpha$ ({_tt('gd-optimal-step-size.alpha')}) for the "
            r"Gershgorin interval $[\lambda_1, \lambda_n] = [4/99, 400/99]$ of the Hessian. "
            r"Dashed: the lower bound $\left(\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}\right)^k$ "
            rf"({_tt('rosenbrock-lower-bound.bound')}); no linear first-order method enters "
            r"the grey region while $k < n$. Momentum runs along the bound."),
        caption_text=(
            "Momentum and gradient descent on the convex Rosenbrock function f^n with "
            "kappa = 100, n = 120, from w^0 = 0: the error ||w^k - w*||_inf / ||w^0 - w*||_inf "
            "of the iterates, with w* from rosenbrock-optimum.exact. Momentum uses the optimal "
            "alpha and beta (momentum-optimal-parameters) and gradient descent the optimal "
            "alpha (gd-optimal-step-size.alpha) for the Gershgorin interval "
            "[lambda_1, lambda_n] = [4/99, 400/99] of the Hessian. Dashed: the lower bound "
            "((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^k (rosenbrock-lower-bound.bound); no linear "
            "first-order method enters the grey region while k < n. Momentum runs along the "
            "bound."),
    ),
)

_BY_NAME = {f.name: f for f in FIGURES}


def names() -> tuple[str, ...]:
    """Every figure name, in order."""
    return tuple(f.name for f in FIGURES)


def spec(name: str) -> FigureSpec:
    """The figure called ``name``."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no figure {name!r}; figures: {', '.join(names())}") from None
