"""momentum-optimal-parameters: the min-max alpha, beta and rate over [lambda_1, lambda_n]."""

import dataclasses

import gmpy2
import pytest
import sympy as sp
from mpmath import mp

from momentum_sym import get, verify
from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.verify import seeded_rng
from momentum_sym.results import momentum_optimal_parameters as module
from momentum_sym.results import symbols as S
from momentum_sym.witness.minmax import _mpf, _mpfr, minimax_parameters, worst_radius
from tests.corrupt import flip_sign, replace_step, scale_rhs

ID = "momentum-optimal-parameters"
l1, ln, kappa = S.lambda_1, S.lambda_n, S.kappa


@pytest.fixture(scope="module")
def derivation():
    return get(ID)


EXPECTED = [  # hand-typed, from the brief (the article prints alpha and beta only)
    ("alpha", (2 / (sp.sqrt(l1) + sp.sqrt(ln))) ** 2),
    ("beta", ((sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)) ** 2),
    ("rate", (sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED)
def test_named_results(derivation, name, expected):
    assert sp.simplify(derivation.results[name] - expected) == 0


def test_article_beta_agrees_in_lambdas(derivation):
    """The article's beta in lambda_1, lambda_n is the derived one at kappa = lambda_n/lambda_1."""
    printed = ((sp.sqrt(ln) - sp.sqrt(l1)) / (sp.sqrt(ln) + sp.sqrt(l1))) ** 2
    derived = derivation.results["beta"].xreplace({kappa: ln / l1})
    for a, b in [(1, 4), (sp.Rational(1, 3), 7), (2, 50)]:
        assert sp.nsimplify(sp.N((printed - derived).xreplace({l1: a, ln: b}), 60)) == 0


def test_verify_passes(derivation):
    report = verify(derivation)
    assert report.passed, report.failures
    assert report.count(Status.UNDECIDED) == 0
    assert report.min_digits is not None and report.min_digits >= 45
    witness = {c.name: c for c in report.witness.comparisons}
    for name in ("`alpha`", "`beta`", "rate"):
        assert witness[name].digits >= 30
    assert witness["same rate inside"].passed


def test_minmax_search_is_a_real_minimum():
    """Moving off the found parameters makes the worst radius larger."""
    with mp.workdps(30):
        spectrum = [mp.mpf(1), mp.mpf(3), mp.mpf(9)]
        found = minimax_parameters(spectrum, mp.mpf(10) ** -20)
        for da, db in [(1e-6, 0), (-1e-6, 0), (0, 1e-6), (0, -1e-6)]:
            assert worst_radius(found.alpha + da, found.beta + db, spectrum) > found.value


def only(derivation, label, **changes):
    changed = replace_step(derivation, label, **changes)
    return dataclasses.replace(changed, steps=(changed.step(label),), witness=None, results={},
                               origins={})


def with_rhs(step, rhs):
    return sp.Eq(step.claim.lhs, rhs, evaluate=False)


CORRUPTIONS = [
    ("product of the roots flipped", "root-product", flip_sign),
    ("polynomial at c without sqrt(alpha lambda)", "value-at-c",
     lambda s: with_rhs(s, S.beta - (1 - sp.sqrt(S.alpha * S.lam)) ** 2)),
    ("alpha with lambda_1 + lambda_n (gradient descent's)", "alpha",
     lambda s: with_rhs(s, 4 / (l1 + ln))),
    ("beta in kappa with a swapped sign", "beta-kappa",
     lambda s: with_rhs(s, ((sp.sqrt(kappa) + 1) / (sp.sqrt(kappa) - 1)) ** 2)),
    ("rate in kappa squared twice", "rate-kappa", lambda s: with_rhs(s, s.claim.rhs**2)),
    ("discriminant off by a factor 2", "discriminant-inside", lambda s: scale_rhs(s, 2)),
    ("iterations grow like kappa, no 1/2", "momentum-iterations",
     lambda s: with_rhs(s, -sp.log(module.epsilon))),
]


@pytest.mark.parametrize(("what", "label", "corrupt"), CORRUPTIONS,
                         ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_step_is_caught(derivation, what, label, corrupt):
    report = verify(only(derivation, label, claim=corrupt(derivation.step(label))), samples=4)
    assert [s.label for s in report.failures] == [label], what


def test_inequality_outside_the_spectrum_is_caught(derivation):
    """The discriminant is <= 0 only between lambda_1 and lambda_n."""
    outside = (S.lam >= ln,)
    report = verify(only(derivation, "complex-inside", assumptions=outside, hint=()), samples=4)
    assert report.failures


def test_witness_catches_gradient_descent_parameters():
    r_matrix = get("momentum-iteration-matrix").results["R"]
    wrong = (2 / (l1 + ln), get(ID).results["beta"], get(ID).results["rate"])
    report = module._witness(r_matrix, wrong, 50, seeded_rng(0, ID))
    assert not report.passed


@pytest.mark.parametrize("value", ["-3", "-0.5", "0", "2", "1e-40", "-7e33"])
def test_numbers_cross_to_mpfr_and_back_exactly(value):
    with mp.workdps(50), gmpy2.context(gmpy2.get_context(), precision=mp.prec):
        for x in (mp.mpf(value), mp.mpf(value) / 3, mp.sqrt(mp.mpf(value) ** 2 + 2)):
            assert _mpf(_mpfr(x)) == x
