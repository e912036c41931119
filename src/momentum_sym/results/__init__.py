"""The mathematics: one module per result, each with ``ID`` and ``derive() -> Derivation``.

The registry is explicit and ordered as the source texts are: each line maps a
stable result id to its module in this package.
"""

from momentum_sym.kernel.registry import Registry

_MODULES: tuple[tuple[str, str], ...] = (
    # gradient descent (Goh 2017, "First Steps", "Decomposing the Error", step sizes)
    ("quadratic-optimum", "quadratic_optimum"),
    ("gd-eigen-decoupling", "gd_eigen_decoupling"),
    ("gd-closed-form", "gd_closed_form"),
    ("gd-loss-decomposition", "gd_loss_decomposition"),
    ("gd-step-size-range", "gd_step_size_range"),
    ("gd-optimal-step-size", "gd_optimal_step_size"),
    ("eigenbasis-step-by-step", "eigenbasis_step_by_step"),
    # end gradient descent
    # momentum (Goh 2017, "The Dynamics of Momentum" to "Optimal parameters")
    ("momentum-eigen-decoupling", "momentum_eigen_decoupling"),
    ("momentum-iteration-matrix", "momentum_iteration_matrix"),
    ("momentum-eigenvalues", "momentum_eigenvalues"),
    ("matrix-power-2x2", "matrix_power_2x2"),
    ("momentum-complex-rate", "momentum_complex_rate"),
    ("momentum-convergence-region", "momentum_convergence_region"),
    # end momentum
    # the rest of the article and the d2l chapter
    ("polynomial-eigenfeatures", "polynomial_eigenfeatures"),
    ("early-stopping-vs-tikhonov", "early_stopping_vs_tikhonov"),
    ("colorization", "colorization"),
    ("rosenbrock-optimum", "rosenbrock_optimum"),
    ("rosenbrock-lower-bound", "rosenbrock_lower_bound"),
    ("stochastic-decomposition", "stochastic_decomposition"),
    ("damped-oscillator", "damped_oscillator"),
    ("d2l-velocity-form", "d2l_velocity_form"),
    ("effective-gradient-count", "effective_gradient_count"),
    # end rest
)

REGISTRY = Registry.from_modules(__name__, _MODULES)
