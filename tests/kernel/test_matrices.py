"""Matrix claims on generic instances: true claims pass, corrupted ones fail."""

import pytest
import sympy as sp

from momentum_sym.kernel import DerivationBuilder, Kind
from momentum_sym.kernel.matrices import read_component
from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.verify import verify
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import gradient_descent_model, instance_domain

CASES = [
    # (description, lhs, rhs, holds)
    ("orthogonality", S.Q.T * S.Q, S.I_n, True),
    ("change of basis", S.Q * S.x_vec + S.w_star, S.w_k, True),
    ("swapped Q and Q^T", S.Q.T * S.x_vec + S.w_star, S.w_k, False),
    ("gradient", sp.Derivative(sp.Rational(1, 2) * S.w_k.T * S.A * S.w_k - S.b.T * S.w_k, S.w_k),
     S.A * S.w_k - S.b, True),
    ("gradient, dropped 1/2", sp.Derivative(S.w_k.T * S.A * S.w_k - S.b.T * S.w_k, S.w_k),
     S.A * S.w_k - S.b, False),
    ("one step", S.x_vec_next, S.x_vec - S.alpha * S.Lambda * S.x_vec, True),
    ("one step, flipped sign", S.x_vec_next, S.x_vec + S.alpha * S.Lambda * S.x_vec, False),
    ("component", S.x_comp_next[S.i], (1 - S.alpha * S.lambdas[S.i]) * S.x_comp[S.i], True),
    ("component, wrong eigenvalue", S.x_comp_next[S.i],
     (1 - S.alpha * S.lambdas[1]) * S.x_comp[S.i], False),
    ("quadratic form as a sum", S.x_vec.T * S.Lambda * S.x_vec,
     sp.Sum(S.lambdas[S.i] * S.x_comp[S.i] ** 2, (S.i, 1, S.n)), True),
    ("sum with a swapped index", S.x_vec.T * S.Lambda * S.x_vec,
     sp.Sum(S.lambdas[S.i] * S.x_comp[1] ** 2, (S.i, 1, S.n)), False),
]


@pytest.mark.parametrize(("description", "lhs", "rhs", "holds"), CASES,
                         ids=[c[0] for c in CASES])
def test_matrix_claim(description, lhs, rhs, holds):
    d = DerivationBuilder("toy", "toy", source="", summary="", domain=instance_domain(),
                          model=gradient_descent_model())
    d.equation("s", Kind.MATRIX, lhs, rhs, "because")
    report = verify(d.build(), samples=4).steps[0]
    assert report.passed is holds
    assert (report.symbolic.status is Status.PROVED) is holds
    assert (report.numeric.digits >= 45) is holds


def test_read_component_of_diagonal_expression():
    entries = {S.x_vec: S.x_comp[S.i], S.Lambda: S.lambdas[S.i]}
    expression = S.x_vec - S.alpha * S.Lambda * S.x_vec
    assert sp.expand(read_component(expression, entries)
                     - (1 - S.alpha * S.lambdas[S.i]) * S.x_comp[S.i]) == 0


def test_read_component_refuses_a_rotation():
    with pytest.raises(ValueError, match="diagonal"):
        read_component(S.Q * S.x_vec, {S.x_vec: S.x_comp[S.i]})


_u = sp.MatrixSymbol("u", S.n, 1)
_v = sp.MatrixSymbol("v", S.n, 1)


@pytest.mark.parametrize(("matrix", "singular"), [
    # square matrices of the gradient-descent model: invertible, or singular on some
    # instance (the zero matrix, rank one, rank two; products and sums of them)
    (S.A, False),
    (sp.Identity(S.n) - S.alpha * S.A, False),
    (S.Q * S.Lambda * S.Q.T - S.A, True),
    (S.b * S.b.T, True),
    (S.b * S.b.T + S.w_k * S.w_k.T, True),  # rank two: singular at n = 3
    (S.A + S.b * S.b.T, False),
    (S.b * S.b.T + _u * _u.T + _v * _v.T, True),  # rank three: singular from n = 4
    (S.A * (S.b * S.b.T), True),
])
def test_singular_size(matrix, singular):
    from momentum_sym.kernel.matrices import singular_size
    from momentum_sym.results.quadratic_model import quadratic_model

    model = quadratic_model(vectors=(S.w_k, S.w_star, _u, _v),
                            definitions=((S.b, S.A * S.w_star),))
    assert (singular_size(matrix, model) is not None) == singular
