"""colorization: the gradient step and the optimum against hand-typed expectations,
the exact conditioning of small grids, full verification, and corrupted steps."""

import pytest
import sympy as sp

from momentum_sym import get, verify
from momentum_sym.results import symbols as S
from momentum_sym.results.colorization import L_G, P_D, a, b, e_D, laplacian, mu, ones, ratio
from momentum_sym.witness.graphs import grid_edges
from tests.corrupt import flip_sign, replace_step, scale_rhs

ID = "colorization"

EXPECTED = [
    ("gradient_step", S.w - S.alpha * ((L_G + P_D) * S.w - e_D)),
    ("w_star", ones),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_result(name, expected):
    derived = get(ID).results[name]
    assert sp.expand(derived.doit()) == sp.expand(expected.doit())


@pytest.mark.parametrize(("label", "expected"), [
    ("kappa-2x2", sp.Rational(21, 4) + 5 * sp.sqrt(17) / 4),  # ((5 + sqrt 17)/(5 - sqrt 17))
    ("eigenvalue-2x2-smallest", (5 - sp.sqrt(17)) / 2),
    ("eigenvalue-2x2-largest", (5 + sp.sqrt(17)) / 2),
])
def test_exact_conditioning_2x2(label, expected):
    assert sp.simplify(get(ID).step(label).claim.rhs - expected) == 0


def test_laplacian_of_3x3_grid():
    spectrum = laplacian(9, grid_edges(3, 3)).eigenvals()
    assert spectrum == {0: 1, 1: 2, 2: 1, 3: 2, 4: 2, 6: 1}
    claim = get(ID).step("laplacian-spectrum-3x3").claim
    assert sp.roots(sp.Poly(claim.rhs, mu)) == spectrum


def test_kappa_3x3_enclosure():
    claim = get(ID).step("kappa-3x3").claim
    low, high = claim.args[0].lhs, claim.args[2].rhs
    assert (low, high) == (sp.Rational(7204, 100), sp.Rational(7205, 100))


def test_kappa_3x3_is_a_root_of_the_sextic():
    t = sp.Symbol("t")
    sextic = 4 * t**6 - 448 * t**5 + 11891 * t**4 - 27298 * t**3 + 11891 * t**2 - 448 * t + 4
    claim = get(ID).step("kappa-3x3-resultant").claim
    assert sp.expand(claim.rhs.xreplace({ratio: t}) + 2 * (t - 1) ** 3 * sextic) == 0
    cubic = sp.Poly(mu**3 - 10 * mu**2 + 23 * mu - 2, mu)
    kappa = sp.CRootOf(cubic, 2) / sp.CRootOf(cubic, 0)
    assert abs(sp.N(sextic.subs(t, kappa), 30)) < 1e-15
    assert 72.04 < float(kappa) < 72.05


def test_verification_passes():
    report = verify(get(ID))
    assert report.passed, [(s.label, s.symbolic, s.numeric) for s in report.failures]
    assert report.witness is not None and report.witness.passed
    assert report.min_digits is None or report.min_digits >= 45


def _swap_pixels(step):
    w = S.w
    return sp.Eq(step.claim.lhs, step.claim.rhs.xreplace({w[0, 0]: w[1, 0], w[1, 0]: w[0, 0]}),
                 evaluate=False)


CORRUPTIONS = [
    ("pixel-gradient", flip_sign),
    ("vectorised", lambda s: scale_rhs(s, 2)),  # every edge counted twice
    ("gradient-step", _swap_pixels),
    ("laplacian-ones", lambda s: sp.Eq(s.claim.lhs, e_D, evaluate=False)),
    ("optimum-ones", lambda s: sp.Eq(s.claim.lhs, 2 * ones, evaluate=False)),
    ("edge-gradient", lambda s: sp.Eq(s.claim.lhs, sp.Matrix([a - b, a - b]), evaluate=False)),
    ("kappa-2x2", flip_sign),
    ("edge-psd", lambda s: sp.StrictLessThan(s.claim.lhs, 0)),
]


@pytest.mark.parametrize(("label", "corrupt"), CORRUPTIONS)
def test_corrupted_step_is_caught(label, corrupt):
    derivation = get(ID)
    claim = corrupt(derivation.step(label))
    assert claim != derivation.step(label).claim
    report = verify(replace_step(derivation, label, claim=claim), samples=4)
    assert not report.passed
    assert [s.label for s in report.failures] == [label]
