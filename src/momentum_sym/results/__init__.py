"""The mathematics: one module per result, each with ``ID`` and ``derive() -> Derivation``.

The registry is explicit and follows the source texts: each section of the
article (then the d2l chapter) lists its results in order, each a stable
result id mapped to its module in this package.
"""

from momentum_sym.kernel.registry import Registry

SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("First Steps: Gradient Descent", (
        ("quadratic-optimum", "quadratic_optimum"),
        ("gd-eigen-decoupling", "gd_eigen_decoupling"),
        ("eigenbasis-step-by-step", "eigenbasis_step_by_step"),
        ("gd-closed-form", "gd_closed_form"),
    )),
    ("Decomposing the Error", (
        ("gd-loss-decomposition", "gd_loss_decomposition"),
    )),
    ("Choosing a Step-size", (
        ("gd-step-size-range", "gd_step_size_range"),
        ("gd-optimal-step-size", "gd_optimal_step_size"),
    )),
    ("Example: Polynomial Regression", (
        ("polynomial-eigenfeatures", "polynomial_eigenfeatures"),
        ("early-stopping-vs-tikhonov", "early_stopping_vs_tikhonov"),
    )),
    ("The Dynamics of Momentum", (
        ("momentum-eigen-decoupling", "momentum_eigen_decoupling"),
        ("momentum-iteration-matrix", "momentum_iteration_matrix"),
        ("momentum-eigenvalues", "momentum_eigenvalues"),
        ("matrix-power-2x2", "matrix_power_2x2"),
        ("momentum-complex-rate", "momentum_complex_rate"),
        ("momentum-convergence-region", "momentum_convergence_region"),
        ("momentum-regimes", "momentum_regimes"),
    )),
    ("The Critical Damping Coefficient", (
        ("critical-damping", "critical_damping"),
        ("damped-oscillator", "damped_oscillator"),
    )),
    ("Optimal Parameters", (
        ("momentum-optimal-parameters", "momentum_optimal_parameters"),
    )),
    ("Example: The Colorization Problem", (
        ("colorization", "colorization"),
    )),
    ("The Limits of Descent", (
        ("unrolled-gd", "unrolled_gd"),
        ("unrolled-momentum", "unrolled_momentum"),
        ("rosenbrock-optimum", "rosenbrock_optimum"),
        ("rosenbrock-lower-bound", "rosenbrock_lower_bound"),
    )),
    ("Momentum with Stochastic Gradients", (
        ("stochastic-decomposition", "stochastic_decomposition"),
    )),
    ("The d2l.ai Momentum Chapter", (
        ("d2l-velocity-form", "d2l_velocity_form"),
        ("effective-gradient-count", "effective_gradient_count"),
    )),
)

#: The methods analysed by the generic tactics (:mod:`momentum_sym.tactics`), each a
#: chapter: ``<method>-<family>`` for every family that applies to it.
METHODS: tuple[str, ...] = ("gd", "heavy-ball", "nesterov", "pytorch-sgd", "sutskever", "qhm")


def _method_entries():
    from momentum_sym.tactics.registry import entries

    return entries(METHODS)


def _method_sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    from momentum_sym.tactics.registry import sections as method_sections

    return method_sections(METHODS)


def _module_entries():
    for _, entries in SECTIONS:
        yield from entries


def _equivalence_entries():
    from momentum_sym.tactics.registry import equivalences

    return equivalences()


def _titles() -> dict[str, str]:
    from momentum_sym.tactics.registry import titles

    return titles(METHODS)


REGISTRY = Registry((*Registry.entries_from_modules(__name__, _module_entries()),
                     *_method_entries(), *_equivalence_entries()), titles=_titles())


def method_ids() -> dict[str, dict[str, str]]:
    """method -> {family: id} for the registered methods (the families that apply)."""
    from momentum_sym.tactics.registry import registered

    return registered(METHODS)


def sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The source texts' sections, each with its result ids in order, then a chapter
    per method."""
    return (*(((title, tuple(id for id, _ in entries)) for title, entries in SECTIONS)),
            *_method_sections(), ("Methods: equivalences", tuple(
                id for id, _ in _equivalence_entries())))
