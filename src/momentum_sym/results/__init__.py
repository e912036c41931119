"""The mathematics: one module per result, each with ``ID`` and ``derive() -> Derivation``.

The registry is explicit and follows the source texts: each section of the
article (then the d2l chapter) lists its results in order, each a stable
result id mapped to its module in this package.  Titles are declared beside it
(:mod:`momentum_sym.results.titles`), so that listing the ids imports no mathematics.
"""

from momentum_sym.kernel.registry import Entry, Registry
from momentum_sym.results import method_catalog
from momentum_sym.results.titles import TITLES

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

REGISTRY = Registry.from_modules(
    __name__, (entry for _, entries in SECTIONS for entry in entries), titles=TITLES,
    sections={id: title for title, entries in SECTIONS for id, _ in entries})

#: The methods analysed by the generic tactics (:mod:`momentum_sym.tactics`), each a
#: chapter: ``<method>-<family>`` for every family that applies to it.
METHODS: tuple[str, ...] = tuple(method_catalog.METHODS)

for _chapter, _ids in method_catalog.sections():
    for _id in _ids:
        _title = dict(method_catalog.EQUIVALENCES).get(_id) or next(
            e[3] for e in method_catalog.ENTRIES if e[0] == _id)
        REGISTRY.add(Entry(_id, method_catalog.loader(_id), _title, _chapter))


def method_ids() -> dict[str, dict[str, str]]:
    """method -> {family: id} for the registered methods (the families that apply)."""
    return {name: {family: ident for ident, method, family, _ in method_catalog.ENTRIES
                   if method == name} for name in METHODS}


def sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The source texts' sections, each with its result ids in order, then a chapter
    per method and the equivalences."""
    return (*(((title, tuple(id for id, _ in entries)) for title, entries in SECTIONS)),
            *method_catalog.sections())
