"""The title of each result, declared here so that ``momentum-sym list`` and ``--help``
answer without deriving (or importing SymPy).

Each title is the one its module's ``derive()`` gives; ``tests/test_registry.py``
derives every result and holds the two equal, so they cannot drift.  A new id
should be added here too (the test names any that are missing); one that is not is
still listed, its title found by deriving it.
"""

from __future__ import annotations

TITLES: dict[str, str] = {
    "quadratic-optimum": "The optimum of a convex quadratic",
    "gd-eigen-decoupling": "Gradient descent in the eigenbasis",
    "eigenbasis-step-by-step": "The change of basis, step by step",
    "gd-closed-form": "Gradient descent in closed form",
    "gd-loss-decomposition": "Decomposing the error of gradient descent",
    "gd-step-size-range": "The step sizes for which gradient descent converges",
    "gd-optimal-step-size": "The optimal step size of gradient descent",
    "polynomial-eigenfeatures": "Polynomial regression and eigenfeatures",
    "early-stopping-vs-tikhonov":
        "Early stopping and Tikhonov regularisation as spectral filters",
    "momentum-eigen-decoupling": "Momentum decouples in the eigenbasis",
    "momentum-iteration-matrix": "The iteration matrix of momentum",
    "momentum-eigenvalues": "The eigenvalues of the momentum iteration matrix",
    "matrix-power-2x2": "Powers of a 2x2 matrix from its eigenvalues",
    "momentum-complex-rate": "The rate of momentum with complex eigenvalues",
    "momentum-convergence-region": "The step sizes for which momentum converges",
    "momentum-regimes": "The regimes of momentum",
    "critical-damping": "The critical damping coefficient",
    "damped-oscillator": "Momentum as a damped harmonic oscillator",
    "momentum-optimal-parameters": "Optimal step size and momentum",
    "colorization": "The colorization problem and the graph Laplacian",
    "unrolled-gd": "Gradient descent unrolled",
    "unrolled-momentum": "Momentum unrolled",
    "rosenbrock-optimum": "The convex Rosenbrock function: optimum and conditioning",
    "rosenbrock-lower-bound":
        "No linear first-order method beats the momentum rate on the convex Rosenbrock",
    "stochastic-decomposition": "Momentum with stochastic gradients",
    "d2l-velocity-form": "d2l's velocity form and its matrix",
    "effective-gradient-count": "The effective number of gradients",
}
