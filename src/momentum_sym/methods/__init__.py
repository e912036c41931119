"""Methods as data: gradient descent, the heavy ball, Nesterov, PyTorch's SGD, QHM...

A :class:`Method` holds a method's parameters (with their domains), its state, its
update rule as SymPy equations in the gradient of the objective, how it starts and
where it comes from.  The derivations of :mod:`momentum_sym.tactics` read nothing
else, so a user's own rule (:func:`read_update`, through the safe LaTeX reader) is
analysed exactly like the built-in ones.

    >>> from momentum_sym import methods
    >>> methods.get("nesterov").update[1]
    Eq(w^{k+1}, -alpha*\\nabla f(y^{k}) + y^{k})
"""

from __future__ import annotations

from functools import cache

from momentum_sym.methods.model import Method, Parameter, at, grad


class UnknownMethod(KeyError):
    """A method name that is not built in."""


def names() -> tuple[str, ...]:
    """The built-in methods, in a fixed order."""
    from momentum_sym.methods.builtin import BUILDERS

    return tuple(BUILDERS)


@cache
def get(name: str) -> Method:
    """The built-in method ``name`` (see :func:`names`)."""
    from momentum_sym.methods.builtin import BUILDERS

    if name not in BUILDERS:
        raise UnknownMethod(name)
    return BUILDERS[name]()


def read_update(latex: str, name: str = "user"):
    """A user's update rule, read through the safe LaTeX reader (see
    :mod:`momentum_sym.methods.reader`)."""
    from momentum_sym.methods.reader import read_update as read

    return read(latex, name)


__all__ = ["Method", "Parameter", "UnknownMethod", "at", "get", "grad", "names", "read_update"]
