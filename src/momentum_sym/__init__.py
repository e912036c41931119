"""momentum-sym: a symbolic derivation engine for gradient descent with momentum.

    >>> from momentum_sym import get
    >>> d = get("gd-optimal-step-size")
    >>> d.results["alpha"]
    2/(lambda_1 + lambda_n)
"""

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.verify import verify
from momentum_sym.results import REGISTRY

__version__ = "0.1.0"


def get(id: str) -> Derivation:
    """The derivation with this id (see ``momentum-sym list``)."""
    return REGISTRY.get(id)


def title(id: str) -> str:
    """The title of the derivation ``id``, without deriving it where it is known."""
    return REGISTRY.title(id)


def ids() -> tuple[str, ...]:
    """Every result id, in the order of the source texts."""
    return REGISTRY.ids()


__all__ = ["Derivation", "get", "ids", "title", "verify"]
