"""The plotted numbers agree with the derived formulas and with the algorithms.

Each figure's data are checked at sample points against an independent
computation: a hand-typed expectation, the spectral radius of R by mpmath's
``eig``, R^k by repeated squaring, or the simulated iterates.
"""

from fractions import Fraction

import pytest
from mpmath import mp

import momentum_sym
from momentum_sym.figures import FIGURES, names
from momentum_sym.figures import rate_landscape as landscape
from momentum_sym.results import symbols as S
from momentum_sym.witness.matrix_power import evaluate_matrix, power, spectral_radius


def radius_by_eig(alpha, beta, lam) -> float:
    """max |eigenvalue| of the derived R at (alpha, beta, lambda), by mpmath eig at 30 digits."""
    r_matrix = momentum_sym.get("momentum-iteration-matrix").results["R"]
    with mp.workdps(30):
        point = {S.alpha: mp.mpf(alpha), S.beta: mp.mpf(beta), S.lam: mp.mpf(lam)}
        return float(spectral_radius(evaluate_matrix(r_matrix, point)))


def test_every_figure_cites_results_that_exist():
    known = set(momentum_sym.ids())
    for figure in FIGURES:
        assert set(figure.uses) <= known, figure.name
        for id in figure.uses:
            assert id in figure.caption_text, (figure.name, id)


def test_names_are_unique_and_ordered():
    assert len(set(names())) == len(names())
    assert names()[0] == "loss-decomposition"


# -- loss decomposition ---------------------------------------------------------------

@pytest.mark.parametrize("i, k", [(0, 0), (0, 7), (1, 3), (2, 0), (2, 25), (1, 40)])
def test_loss_terms_are_the_formula(figure_data, i, k):
    d = figure_data("loss-decomposition")
    lam, x0, alpha = d.spectrum[i], d.x0[i], float(d.alpha)
    expected = 0.5 * lam * (1 - alpha * lam) ** (2 * k) * x0**2  # typed by hand
    assert d.terms[i][k] == pytest.approx(expected, rel=1e-12, abs=0)


def test_loss_step_size_is_the_optimal_one(figure_data):
    d = figure_data("loss-decomposition")
    assert d.alpha == Fraction(2) / (Fraction(1, 10) + Fraction(3, 2))


@pytest.mark.parametrize("k", [0, 1, 5, 20, 40])
def test_loss_total_is_the_sum_of_the_terms_and_the_loss_of_the_iterates(figure_data, k):
    d = figure_data("loss-decomposition")
    assert d.total[k] == pytest.approx(sum(row[k] for row in d.terms), rel=1e-14)
    assert d.simulated[k] == pytest.approx(d.total[k], rel=1e-10)


# -- rate landscape ---------------------------------------------------------------------

@pytest.mark.parametrize("column, row", [(0, 0), (10, 150), (66, 0), (120, 40), (140, 199),
                                         (200, 100), (279, 199), (279, 0)])
def test_rate_surface_is_the_spectral_radius_of_R(figure_data, column, row):
    d = figure_data("rate-landscape")
    alpha, beta = d.alpha[column], d.beta[row]
    assert d.rate[row][column] == pytest.approx(radius_by_eig(alpha, beta, d.lam), rel=1e-9)


@pytest.mark.parametrize("name, beta, expected", [
    ("momentum-regimes.monotone_to_ripples", 0.25, 0.25),
    ("momentum-regimes.ripples_to_oscillation", 0.25, 2.25),
    ("momentum-convergence-region.upper", 0.25, 2.5),
    ("momentum-convergence-region.upper", 0.0, 2.0),
    ("momentum-convergence-region.upper", 1.0, 4.0),
])
def test_boundaries_are_the_derived_ones(figure_data, name, beta, expected):
    d = figure_data("rate-landscape")
    (boundary,) = [b for b in d.boundaries if b.name == name]
    j = d.beta_curve.index(beta)
    assert boundary.alpha[j] * d.lam == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.7, 0.95])
def test_convergence_boundary_has_rate_one(figure_data, beta):
    d = figure_data("rate-landscape")
    (upper,) = [b for b in d.boundaries if b.name == "momentum-convergence-region.upper"]
    alpha = upper.alpha[d.beta_curve.index(beta)]
    assert radius_by_eig(alpha, beta, d.lam) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("beta", [0.1, 0.5, 0.9])
def test_eigenvalues_meet_on_the_regime_boundaries(figure_data, beta):
    d = figure_data("rate-landscape")
    s1, s2 = landscape.eigenvalue_functions()
    for name in ("monotone_to_ripples", "ripples_to_oscillation"):
        (b,) = [b for b in d.boundaries if b.name == f"momentum-regimes.{name}"]
        j = d.beta_curve.index(beta)
        point = (complex(b.alpha[j]), complex(beta), complex(d.lam))
        assert abs(s1(*point) - s2(*point)) < 1e-6  # a double root: sqrt of rounding


def test_regime_labels_sit_in_their_regimes(figure_data):
    d = figure_data("rate-landscape")
    for name, _, alpha, beta, _, _ in d.labels:
        assert landscape.regime(alpha, beta, d.lam) == name


def test_one_step_point_has_rate_zero(figure_data):
    d = figure_data("rate-landscape")
    assert radius_by_eig(*d.one_step, d.lam) == pytest.approx(0.0, abs=1e-12)


# -- critical damping -------------------------------------------------------------------

@pytest.mark.parametrize("curve", [0, 1, 2])
def test_critical_point_is_the_minimum_of_the_curve(figure_data, curve):
    d = figure_data("critical-damping")
    c = d.curves[curve]
    t = c.alpha * d.lam
    assert c.critical_beta == pytest.approx((1 - t**0.5) ** 2, rel=1e-12)  # typed by hand
    assert c.critical_rate == pytest.approx(abs(1 - t**0.5), rel=1e-12)
    # at a double root the eigenvalues move by the square root of a perturbation: the float
    # parameters (1e-17) split them by about 3e-9
    assert radius_by_eig(c.alpha, c.critical_beta, d.lam) == pytest.approx(c.critical_rate,
                                                                            abs=1e-7)
    best = min(range(len(d.beta)), key=lambda j: c.rate[j])
    assert abs(d.beta[best] - c.critical_beta) <= 1.0 / len(d.beta)
    assert min(c.rate) >= c.critical_rate - 1e-12


@pytest.mark.parametrize("curve, j", [(0, 0), (0, 100), (1, 250), (2, 10), (2, 399)])
def test_rate_curve_is_the_spectral_radius(figure_data, curve, j):
    d = figure_data("critical-damping")
    c = d.curves[curve]
    assert c.rate[j] == pytest.approx(radius_by_eig(c.alpha, d.beta[j], d.lam), rel=1e-9)


@pytest.mark.parametrize("curve", [0, 1, 2])
def test_measured_rates_follow_the_curve(figure_data, curve):
    d = figure_data("critical-damping")
    c = d.curves[curve]
    for beta, measured in zip(c.measured_beta, c.measured_rate, strict=True):
        assert measured == pytest.approx(radius_by_eig(c.alpha, beta, d.lam), abs=0.01)


def test_complex_rate_is_sqrt_beta(figure_data):
    d = figure_data("critical-damping")
    for j in (0, 50, 399):
        assert d.complex_rate[j] == pytest.approx(d.beta[j] ** 0.5, rel=1e-14)


# -- gradient descent against momentum --------------------------------------------------

@pytest.mark.parametrize("method", [0, 1])
def test_closed_form_equals_the_iterates(figure_data, method):
    d = figure_data("gd-vs-momentum")
    m = d.methods[method]
    for closed, simulated in zip(m.closed, m.simulated, strict=True):
        assert abs(closed - simulated) <= 1e-10


def test_momentum_used_both_power_formulas(figure_data):
    d = figure_data("gd-vs-momentum")
    gd, heavy_ball = d.methods
    assert heavy_ball.formulas == ("repeated", "distinct", "distinct", "distinct")
    assert gd.alpha == Fraction(2) / (Fraction(1, 100) + 1)
    assert (heavy_ball.alpha, heavy_ball.beta) == (Fraction(1), Fraction(81, 100))


@pytest.mark.parametrize("k", [1, 10, 77, 150])
def test_momentum_powers_match_repeated_squaring(k):
    """The closed form R^k of the figure against R^k by repeated squaring."""
    from momentum_sym.figures.formulas import momentum_powers

    r_matrix = momentum_sym.get("momentum-iteration-matrix").results["R"]
    for lam in (Fraction(1, 100), Fraction(3, 10)):
        _, (closed,) = momentum_powers(Fraction(1), Fraction(81, 100), lam, [k], 30)
        with mp.workdps(30):
            point = {S.alpha: mp.mpf(1), S.beta: mp.mpf(81) / 100,
                     S.lam: mp.mpf(lam.numerator) / lam.denominator}
            reference = power(evaluate_matrix(r_matrix, point), k)
            for a in range(2):
                for b in range(2):
                    assert abs(closed[a][b] - reference[a, b]) < mp.mpf(10) ** -25


def test_rates_are_the_derived_ones(figure_data):
    gd, heavy_ball = figure_data("gd-vs-momentum").methods
    assert gd.rate == pytest.approx(99 / 101, rel=1e-14)
    assert heavy_ball.rate == pytest.approx(0.9, rel=1e-14)


# -- Rosenbrock -------------------------------------------------------------------------

def test_rosenbrock_bound_is_the_formula(figure_data):
    d = figure_data("rosenbrock-lower-bound")
    r = (d.kappa**0.5 - 1) / (d.kappa**0.5 + 1)
    for k in (0, 1, 10, 99):
        assert d.bound[k] == pytest.approx(r**k, rel=1e-12)


def test_rosenbrock_iterates_never_beat_the_bound(figure_data):
    d = figure_data("rosenbrock-lower-bound")
    assert d.k[-1] < d.n
    for run in (d.momentum, d.gradient_descent):
        assert all(e >= b * (1 - 1e-12) for e, b in zip(run, d.bound, strict=True))


def test_rosenbrock_optimum_is_stationary_and_parameters_optimal(figure_data):
    d = figure_data("rosenbrock-lower-bound")
    assert d.optimum_residual < 1e-25
    low, high = d.spectrum_bounds
    assert (low, high) == pytest.approx((4 / 99, 400 / 99), rel=1e-14)
    alpha, beta = d.momentum_parameters
    assert alpha == pytest.approx((2 / (low**0.5 + high**0.5)) ** 2, rel=1e-12)
    assert beta == pytest.approx(((10 - 1) / (10 + 1)) ** 2, rel=1e-12)
