"""The generic instance shared by the gradient-descent and momentum derivations.

A = Q Lambda Q^T with Q orthogonal and Lambda = diag(lambda_1, ..., lambda_n);
b = A w* so that w* = A^{-1} b.  Matrix claims are checked on this instance
(see :mod:`momentum_sym.kernel.matrices`).
"""

from collections.abc import Mapping, Sequence

import sympy as sp

from momentum_sym.kernel.domain import Domain, IntegerRange, Sampler, interval
from momentum_sym.kernel.matrices import MatrixModel
from momentum_sym.results import symbols as S

EIGEN_DEFINITION = (S.A, S.Q * S.Lambda * S.Q.T)


def quadratic_model(vectors: Sequence[sp.MatrixSymbol],
                    definitions: Sequence[tuple[sp.MatrixSymbol, sp.Basic]] = (),
                    components: dict[sp.MatrixSymbol, sp.IndexedBase] | None = None
                    ) -> MatrixModel:
    """Q orthogonal, Lambda diagonal, A = Q Lambda Q^T, generic ``vectors``, then
    ``definitions`` in order; ``components`` names the entries of vectors."""
    return MatrixModel(
        size=S.n, orthogonal=(S.Q,), diagonal={S.Lambda: S.lambdas},
        vectors=tuple(vectors), definitions=(EIGEN_DEFINITION, *definitions),
        components=components or {}, index=S.i)


def gradient_descent_model() -> MatrixModel:
    """Gradient descent from a generic w^k towards a generic w*, with b = A w*:
    w^{k+1} = w^k - alpha (A w^k - b), and the eigen-coordinates x = Q^T (w - w*)."""
    return quadratic_model(
        vectors=(S.w_k, S.w_star),
        definitions=(
            (S.b, S.A * S.w_star),
            (S.w_next, S.w_k - S.alpha * (S.A * S.w_k - S.b)),
            (S.x_vec, S.Q.T * (S.w_k - S.w_star)),
            (S.x_vec_next, S.Q.T * (S.w_next - S.w_star)),
        ),
        components={S.x_vec: S.x_comp, S.x_vec_next: S.x_comp_next})


def instance_domain(extra: Mapping[sp.Symbol, Sampler] | None = None) -> Domain:
    """Sampling ranges for the scalars that appear next to matrices, plus ``extra``."""
    variables: dict[sp.Symbol, Sampler] = {
        S.alpha: interval("1/100", "1/5"), S.beta: interval(0, "99/100"),
        S.k: IntegerRange(0, 30)}
    variables.update(extra or {})
    return Domain(variables=variables)
