"""The generic instance shared by the gradient-descent and momentum derivations.

A = Q Lambda Q^T with Q orthogonal and Lambda = diag(lambda_1, ..., lambda_n);
b = A w* so that w* = A^{-1} b.  Matrix claims are checked on this instance
(see :mod:`momentum_sym.kernel.matrices`).
"""

from collections.abc import Sequence

import sympy as sp

from momentum_sym.kernel.domain import Domain, IntegerRange, interval
from momentum_sym.kernel.matrices import MatrixModel
from momentum_sym.results import symbols as S

EIGEN_DEFINITION = (S.A, S.Q * S.Lambda * S.Q.T)


def quadratic_model(vectors: Sequence[sp.MatrixSymbol],
                    definitions: Sequence[tuple[sp.MatrixSymbol, sp.Basic]] = ()) -> MatrixModel:
    """Q orthogonal, Lambda diagonal, A = Q Lambda Q^T, generic ``vectors``, then
    ``definitions`` in order."""
    return MatrixModel(
        size=S.n, orthogonal=(S.Q,), diagonal={S.Lambda: S.lambdas},
        vectors=tuple(vectors), definitions=(EIGEN_DEFINITION, *definitions), index=S.i)


def instance_domain(**extra) -> Domain:
    """Sampling ranges for the scalars that appear next to matrices."""
    variables = {S.alpha: interval("1/100", "1/5"), S.beta: interval(0, "99/100"),
                 S.k: IntegerRange(0, 30)}
    variables.update(extra)
    return Domain(variables=variables)
