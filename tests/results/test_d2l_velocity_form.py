"""d2l-velocity-form: d2l's R(beta, eta, lambda), its scalar case and its ranges."""

import dataclasses

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.results import d2l_velocity_form as module
from momentum_sym.results import symbols as S
from tests.corrupt import replace_step

ID = "d2l-velocity-form"
alpha, beta, lam = S.alpha, S.beta, S.lam
s, t, x_0 = module.s, module.t, module.x_0
A, Q, Lam, n = S.A, S.Q, S.Lambda, S.n
xv, cv = module.xv, module.cv


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


# Hand-typed expectations (d2l's display with eta = alpha), independent of the derivation.
D2L_R = sp.Matrix([[beta, lam], [-alpha * beta, 1 - alpha * lam]])
EXPECTED = [
    ("R", D2L_R),
    ("upper", 2 + 2 * beta),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    difference = sp.simplify(sp.Matrix([derivation.results[name] - expected]))
    assert difference.is_zero_matrix


def test_matrix_results(derivation):
    """The minimiser -Q^{-1} c and the shift of the minimum -1/2 c^T Q^{-1} c (Q is our A)."""
    assert derivation.results["minimiser"] == -A.inv() * cv
    assert derivation.results["minimum_shift"] == -sp.Rational(1, 2) * cv.T * A.inv() * cv


def test_same_matrix_as_the_article(derivation):
    assert derivation.results["R"] == get("momentum-iteration-matrix").results["R"]


def test_gd_closed_form(derivation):
    closed = derivation.step("gd-closed-form").claim.rhs
    assert sp.simplify(closed - (1 - alpha * lam) ** t * x_0) == 0


@pytest.mark.parametrize(("beta_value", "alpha_lambda", "inside", "converges"), [
    (sp.Rational(1, 2), sp.Rational(29, 10), True, True),    # inside 0 < alpha lambda < 3
    (sp.Rational(1, 2), sp.Rational(31, 10), False, False),  # just outside
    (sp.Integer(1), sp.Integer(1), True, False),              # d2l's range, but beta = 1
    (sp.Rational(6, 5), sp.Integer(2), True, False),          # d2l's range, beta > 1
])
def test_spectral_radius(derivation, beta_value, alpha_lambda, inside, converges):
    """The region 0 < alpha lambda < 2 + 2 beta needs beta < 1, which d2l omits."""
    r = derivation.results["R"].xreplace({beta: beta_value, alpha: alpha_lambda / lam})
    radius = max(abs(complex(sp.N(root))) for root in r.eigenvals())
    assert (radius < 1 - 1e-12) is converges
    upper = derivation.results["upper"].xreplace({beta: beta_value})
    assert bool(0 < alpha_lambda < upper) is inside


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    assert report.witness is not None and report.witness.passed


def only(derivation, label, claim):
    changed = replace_step(derivation, label, claim=claim)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def rhs(label, new):
    return lambda d: sp.Eq(d.step(label).claim.lhs, new, evaluate=False)


centred = lambda x: Q.T * (x + A.inv() * cv)  # noqa: E731
CORRUPTIONS = [
    ("R transposed (swapped index)", "matrix",
     rhs("matrix", sp.MatMul(D2L_R.T, sp.Matrix([module.v_t, module.x_t])))),
    ("article R with a flipped sign", "article-R",
     rhs("article-R", sp.Matrix([[beta, lam], [alpha * beta, 1 - alpha * lam]]))),
    ("gd power off by one", "gd-closed-form",
     rhs("gd-closed-form", (1 - alpha * lam) ** (t + 1) * x_0)),
    ("d2l: diverges beyond eta lambda = 1", "gd-range",
     lambda d: sp.Equivalent(sp.Abs(1 - s) < 1, sp.And(s > 0, s < 1))),
    ("upper end drops the factor 2", "upper", lambda d: sp.Eq(s, 2 + beta, evaluate=False)),
    ("determinant with a flipped sign", "determinant", rhs("determinant", -beta)),
    ("region without the factor 2", "article-region", rhs("article-region", 2 + beta)),
    ("d2l's sign of the centre", "h-square",
     rhs("h-square", sp.Rational(1, 2) * (xv - A.inv() * cv).T * A * (xv - A.inv() * cv)
         - sp.Rational(1, 2) * cv.T * A.inv() * cv)),
    ("d2l's gradient step without eta", "h-gd-step",
     rhs("h-gd-step", (sp.Identity(n) - Lam) * centred(xv))),
    ("minimum with a flipped sign", "h-minimum",
     rhs("h-minimum", sp.Rational(1, 2) * cv.T * A.inv() * cv)),
]


@pytest.mark.parametrize(("what", "label", "claim"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, claim):
    report = verify(only(derivation, label, claim(derivation)), samples=4)
    assert [s.label for s in report.failures] == [label], what


def test_d2l_printed_centre_is_not_the_minimiser(derivation):
    """d2l prints z = O(x - Q^{-1} c): the gradient does not vanish at x = Q^{-1} c."""
    gradient = derivation.step("h-gradient").claim.rhs
    d = only(derivation, "h-minimiser", sp.Eq(gradient.xreplace({xv: A.inv() * cv}),
                                              sp.ZeroMatrix(n, 1), evaluate=False))
    assert not verify(d, samples=4).passed
