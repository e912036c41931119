"""stochastic-decomposition: E f - f* = deterministic + stochastic, each error at its own step."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import stochastic_decomposition as module
from momentum_sym.results import symbols as S
from tests.corrupt import replace_step

ID = "stochastic-decomposition"
alpha, beta, lam, k = S.alpha, S.beta, S.lam, S.k
s1, s2, noise, m = S.sigma_1, S.sigma_2, module.noise, module.lag
y0, x0 = S.y_0, S.x_0
EIGEN = {beta: s1 * s2, lam: (1 - s1) * (1 - s2) / alpha}  # Vieta, typed by hand
R = sp.Matrix([[beta, lam], [-alpha * beta, 1 - alpha * lam]])
U = sp.Matrix([1, -alpha])


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


# Hand-typed closed forms, independent of the derivation.
X1 = -alpha * s1 * s2 * y0 + (s1 + s2 - s1 * s2) * x0
D_K = ((X1 - s2 * x0) * s1**k + (s1 * x0 - X1) * s2**k) / (s1 - s2)
GAMMA = -alpha * (s1 ** (m + 1) - s2 ** (m + 1)) / (s1 - s2)
EXPECTED = [
    ("deterministic", lam / 2 * D_K**2),
    ("stochastic", lam * noise**2 / 2 * sp.Sum(GAMMA**2, (m, 0, k - 1))),
    ("stationary", alpha * noise**2 * (1 + beta) / (2 * (1 - beta) * (2 + 2 * beta - alpha * lam))),
]
POINT = {alpha: sp.Rational(3, 10), s1: sp.Rational(4, 5), s2: sp.Rational(-1, 7), lam: 2,
         noise: sp.Rational(1, 3), y0: sp.Rational(1, 2), x0: sp.Rational(-3, 2)}


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
@pytest.mark.parametrize("steps", [0, 1, 2, 5])
def test_named_results(derivation, name, expected, steps):
    point = {**POINT, k: steps}
    value = derivation.results[name].xreplace(point).doit()
    assert sp.simplify(value - expected.xreplace(point).doit()) == 0


@pytest.mark.parametrize("steps", [1, 3, 6])
def test_against_matrix_powers(derivation, steps):
    """deterministic = lambda/2 (e_2^T R^k (y^0, x^0))^2 and the stochastic sum of
    (e_2^T R^m u)^2, with R^k by repeated multiplication (beta, lambda from Vieta)."""
    r, u = R.xreplace(EIGEN), U
    noiseless = (r**steps * sp.Matrix([y0, x0]))[1]
    responses = sum(((r**j * u)[1] ** 2 for j in range(steps)), sp.Integer(0))
    for name, expected in (("deterministic", lam / 2 * noiseless**2),
                           ("stochastic", lam * noise**2 / 2 * responses)):
        value = derivation.results[name].xreplace({k: steps}).doit().xreplace(EIGEN)
        assert sp.factor(value - expected.xreplace(EIGEN)) == 0


def test_momentum_compounds_the_noise(derivation):
    """The stationary term grows with beta at a fixed step size (the article's remark)."""
    stationary = derivation.results["stationary"].xreplace({alpha: sp.Rational(1, 10), lam: 1,
                                                            noise: 1})
    values = [stationary.xreplace({beta: b}) for b in (0, sp.Rational(1, 2), sp.Rational(9, 10))]
    assert values == sorted(values) and values[0] == sp.Rational(1, 38)


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    # only the reindexing of a sum over an arbitrary sequence is left to numeric evidence
    assert report.count(Status.UNDECIDED) == 0  # the reindexing: one sum read backwards
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed


def test_article_pulls_one_error_out_of_the_sum():
    """The article prints epsilon^k sum_{j=1}^{k} R^{k-j} u: with two different errors it
    disagrees with the iteration, which gives sum_j R^{k-1-j} u epsilon^j."""
    e0, e1 = module.error_symbol(0), module.error_symbol(1)
    start = sp.Matrix([y0, x0])
    state = R * (R * start + U * e0) + U * e1
    article = R**2 * start + e1 * sum((R ** (2 - j) * U for j in (1, 2)), sp.zeros(2, 1))
    derived = R**2 * start + R * U * e0 + U * e1
    assert (state - derived).applyfunc(sp.expand).is_zero_matrix
    assert not (state - article).applyfunc(sp.expand).is_zero_matrix


def test_footnote_deterministic_term_needs_its_square(derivation):
    printed = lam / 2 * D_K  # the footnote's lambda/2 e_2^T R^k (y^0, x^0), no square
    point = {**POINT, k: 3}
    assert derivation.results["deterministic"].xreplace(point) != printed.xreplace(point)


def only(derivation, label, rhs):
    step = derivation.step(label)
    changed = replace_step(derivation, label, claim=sp.Eq(step.claim.lhs, rhs, evaluate=False))
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def _first_steps(error_term):
    """The unrolled states for k = 1..FINITE with the error part built by ``error_term``."""
    start = sp.Matrix([y0, x0])
    rows = [(R**last * start + error_term(last)).applyfunc(sp.expand)
            for last in range(1, module.FINITE + 1)]
    return sp.Matrix.vstack(*rows)


def _article_errors(last):  # epsilon^{k-1} sum_{j=1}^{k} R^{k-j} u: one error pulled out
    return module.error_symbol(last - 1) * sum((R ** (last - j) * U for j in range(1, last + 1)),
                                               sp.zeros(2, 1))


def _swapped_errors(last):  # R^j u epsilon^j: the power counts the wrong steps
    return sum((R**t * U * module.error_symbol(t) for t in range(last)), sp.zeros(2, 1))


def _expected_squares(square_deterministic, variance):
    rows = []
    for last in range(1, module.MOMENTS + 1):
        noiseless = (R**last * sp.Matrix([y0, x0]))[1]
        rows.append(sp.factor((noiseless**2 if square_deterministic else noiseless)
                              + variance * sum(((R**j * U)[1] ** 2 for j in range(last)),
                                               sp.Integer(0))))
    return sp.Matrix(rows)


CORRUPTIONS = [
    ("the article's Q instead of Q^T", "error-coordinates",
     lambda d: d.step("error-coordinates").claim.rhs.subs(S.Q.T * module.error_vector,
                                                          S.Q * module.error_vector)),
    ("error direction with a flipped sign", "one-step",
     lambda d: R * sp.Matrix([S.y_k, S.x_k]) + sp.Matrix([1, alpha]) * module.eps_k),
    ("the article's single error outside the sum", "first-steps",
     lambda d: _first_steps(_article_errors)),
    ("powers of R with a swapped index", "first-steps", lambda d: _first_steps(_swapped_errors)),
    ("Vieta with a flipped sign", "vieta-lambda",
     lambda d: (1 + s1) * (1 - s2) / alpha),
    ("deterministic state shifted by one step", "deterministic-state",
     lambda d: d.step("deterministic-state").claim.rhs.xreplace({k: k + 1})),
    ("impulse response drops the factor alpha", "impulse-response",
     lambda d: d.step("impulse-response").claim.rhs / alpha),
    ("footnote: deterministic term without its square", "expected-first-steps",
     lambda d: _expected_squares(False, noise**2)),
    ("footnote: s instead of the variance s^2", "expected-first-steps",
     lambda d: _expected_squares(True, noise)),
    ("reindexed sum one term too long", "reindex",
     lambda d: sp.Sum(d.step("reindex").claim.rhs.function, (m, 0, k))),
    ("Lyapunov without the noise", "lyapunov",
     lambda d: d.step("lyapunov").claim.rhs * 2),
    ("stationary term with 1 - beta and 1 + beta swapped", "stationary",
     lambda d: alpha * noise**2 * (1 - beta) / (2 * (1 + beta) * (2 + 2 * beta - alpha * lam))),
]


@pytest.mark.parametrize(("what", "label", "rhs"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, rhs):
    report = verify(only(derivation, label, rhs(derivation)), samples=4)
    assert [s.label for s in report.failures] == [label], what
