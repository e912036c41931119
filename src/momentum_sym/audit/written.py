"""Which derived method an update rule written in a text is.

Problem.  A text writes out its method (``y_k = x_k + beta (x_k - x_{k-1})``,
``x_{k+1} = y_k - alpha grad f(y_k)``) and then states its results without naming
it ("This iteration converges for ...").  Those results are the results of the rule
it wrote, which may be none of the derived methods.

Method.  The last one, two or three update equations are read as a user's rule
(:func:`momentum_sym.methods.read_update`, the analyze command's safe reader); its
iteration matrix per eigencomponent gives its characteristic polynomial in sigma,
which is expanded and compared, exactly, with each built-in method's.  The
polynomial decides the regions, regimes, rates and optimal parameters the audit
compares with; methods that share it (the heavy ball, d2l's and Sutskever's forms)
share those results.

Result.  :func:`method_written` gives the built-in method's name, :data:`UNKNOWN` for
a rule that reads but is none of them (a wrong sign, a moving average of the
gradients), or None when no suffix of the equations reads as a whole rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

#: a rule that reads but whose characteristic polynomial is no built-in method's
UNKNOWN = "unknown"
#: equations of a rule tried, the last ones written first
LONGEST_RULE = 3
#: the method whose results each built-in's characteristic polynomial stands for
_RESULTS_OF = {"d2l": "heavy-ball", "sutskever": "heavy-ball",
               "pytorch-sgd-nesterov": "nesterov"}


def method_written(equations: Sequence[str]) -> str | None:
    """The built-in method the last equations written are (by the characteristic
    polynomial of their iteration matrix), :data:`UNKNOWN`, or None (see the module)."""
    for n in range(1, min(LONGEST_RULE, len(equations)) + 1):
        found = _identified(", ".join(equations[-n:]))
        if found is not None:
            return found
    return None


@lru_cache(maxsize=256)
def _identified(rule: str) -> str | None:
    import sympy as sp

    from momentum_sym.audit.latex import Unreadable
    from momentum_sym.tactics.decoupling import NotAMethod

    try:
        polynomial = _polynomial(_read(rule))
    except (Unreadable, NotAMethod, ValueError, KeyError, TypeError, ZeroDivisionError,
            NotImplementedError, RecursionError):
        return None
    for name, known in _builtin_polynomials():
        if sp.expand(polynomial - known) == 0:
            return _RESULTS_OF.get(name, name)
    return UNKNOWN


def _read(rule: str):
    from momentum_sym.methods import read_update

    return read_update(rule, "text")


def _polynomial(method):
    """det(sigma I - R) of the method's iteration matrix R, expanded."""
    import sympy as sp

    from momentum_sym.tactics import decoupling
    from momentum_sym.tactics.common import SIGMA
    from momentum_sym.tactics.iteration_matrix import iteration_matrix

    matrix = iteration_matrix(decoupling.error_system(method))
    return sp.expand((SIGMA * sp.eye(matrix.rows) - matrix).det())


@lru_cache(maxsize=1)
def _builtin_polynomials() -> tuple[tuple[str, object], ...]:
    from momentum_sym import methods

    return tuple((name, _polynomial(methods.get(name))) for name in methods.names())
