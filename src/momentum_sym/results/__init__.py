"""The mathematics: one module per result, each with ``derive() -> Derivation``.

The registry below is explicit and ordered as the source texts are.
"""

from momentum_sym.kernel.registry import Registry
from momentum_sym.results import quadratic_optimum

REGISTRY = Registry([
    (quadratic_optimum.ID, quadratic_optimum.derive),
])
