"""momentum-sym: a symbolic derivation engine for gradient descent with momentum.

    >>> from momentum_sym import get
    >>> d = get("gd-optimal-step-size")
    >>> d.results["alpha"]
    2/(lambda_1 + lambda_n)

Importing the package imports no mathematics: ``ids()`` and ``title()`` read the
registry's declared metadata, SymPy is imported when a derivation is first asked
for (``get``), and ``Derivation`` and ``verify`` on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from momentum_sym.kernel.derivation import Derivation
    from momentum_sym.kernel.verify import verify

__version__ = "0.1.0"


def get(id: str) -> Derivation:
    """The derivation with this id (see ``momentum-sym list``)."""
    from momentum_sym.results import REGISTRY

    return REGISTRY.get(id)


def ids() -> tuple[str, ...]:
    """Every result id, in the order of the source texts."""
    from momentum_sym.results import REGISTRY

    return REGISTRY.ids()


def title(id: str) -> str:
    """The title of a result, without deriving it when the registry declares it."""
    from momentum_sym.results import REGISTRY

    return REGISTRY.title(id)


def __getattr__(name: str) -> Any:
    if name == "Derivation":
        from momentum_sym.kernel.derivation import Derivation

        return Derivation
    if name == "verify":
        from momentum_sym.kernel.verify import verify

        return verify
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Derivation", "get", "ids", "title", "verify"]
