"""The registered derivations of the built-in methods: ``<method>-<family>``.

Which families apply to a method is decided from the method's data alone (a momentum
parameter, the size of its state), without deriving anything, so that the registry
is built at import time; each derivation is made when its id is first asked for.
A family that does not apply is not registered, and :func:`not_applicable` says why
(gradient descent has no momentum to damp critically).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.tactics.common import FAMILIES

#: The families registered for each method (a tactic module exists for each).
REGISTERED: tuple[str, ...] = (
    "iteration-matrix", "characteristic-polynomial", "eigenvalues", "convergence-region",
    "regimes", "critical-damping", "optimal-parameters", "unrolled", "worst-case")


#: Families whose tactic does not reach a closed form for a built-in method, with the
#: reason; ``tests/tactics/test_registry.py`` proves each still raises NotApplicable.
UNDERIVED: dict[tuple[str, str], str] = {
    ("qhm", "optimal-parameters"): (
        "QHM's critical momentum depends on α λ through √(ν (1 − (1 − ν) α λ)), not "
        "through the square root of a multiple of α λ, so the balance of the two ends is "
        "not solved in closed form; the compare command tunes it numerically (numbers, "
        "not a derivation)"),
}


def not_applicable(name: str, family: str) -> str | None:
    """Why ``family`` does not apply to the built-in method ``name`` (None if it does)."""
    from momentum_sym import methods

    method = methods.get(name)
    if family not in FAMILIES:
        return f"there is no derivation family {family!r}"
    if family not in REGISTERED:
        return f"the {family} family is not derived for methods yet"
    if family == "critical-damping" and method.momentum is None:
        return (f"{method.title} has no momentum parameter: there is nothing to damp "
                "critically (its iteration matrix is 1x1, with a single eigenvalue)")
    if family == "regimes" and len(method.state) != 2:
        return (f"{method.title} has a state of {len(method.state)} entries: its one "
                "eigenvalue is real, there are no ripples to tell apart")
    if family == "critical-damping" and len(method.state) != 2:
        return f"critical damping is derived for a state of two entries, not {len(method.state)}"
    from momentum_sym.tactics import MODULES

    if family not in MODULES or not _module_exists(MODULES[family]):
        return f"the {family} family is not derived for methods yet"
    return UNDERIVED.get((name, family))


def _module_exists(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"momentum_sym.tactics.{module}") is not None


def registered(names: Iterable[str]) -> dict[str, dict[str, str]]:
    """method -> {family: id} for the families that apply."""
    return {name: {family: f"{name}-{family}" for family in REGISTERED
                   if not_applicable(name, family) is None} for name in names}


def _loader(name: str, family: str) -> Callable[[], Derivation]:
    def derive() -> Derivation:
        from momentum_sym.tactics import analysis_of
        from momentum_sym.tactics import derive as derive_family

        return derive_family(analysis_of(name), family)
    return derive


def entries(names: Iterable[str]) -> list[tuple[str, Callable[[], Derivation]]]:
    """``(id, derive)`` for every registered derivation of the methods."""
    return [(ident, _loader(name, family)) for name, families in registered(names).items()
            for family, ident in families.items()]


def sections(names: Iterable[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A chapter per method: its title and its registered ids, in family order."""
    from momentum_sym import methods

    return tuple((f"Methods: {methods.get(name).title}", tuple(families.values()))
                 for name, families in registered(names).items())


def equivalences() -> list[tuple[str, Callable[[], Derivation]]]:
    """``(id, derive)`` for the equivalences of :mod:`momentum_sym.tactics.equivalence`
    (their ids are listed there without importing SymPy's heavier machinery here)."""
    from momentum_sym.tactics.equivalence import PAIRS

    ids = tuple(pair.id for pair in PAIRS)

    def loader(ident: str) -> Callable[[], Derivation]:
        def derive() -> Derivation:
            from momentum_sym.tactics.equivalence import derive_id

            return derive_id(ident)
        return derive

    return [(ident, loader(ident)) for ident in ids]


def why_not_registered(ident: str) -> str | None:
    """For an id ``<method>-<family>`` of a built-in method that is not registered, why
    (the family does not apply, or has no closed form); None for any other id."""
    from momentum_sym.results import METHODS

    for name in sorted(METHODS, key=len, reverse=True):
        if ident.startswith(name + "-"):
            family = ident[len(name) + 1:]
            if family in FAMILIES:
                return not_applicable(name, family)
    return None


def titles(names: Iterable[str]) -> dict[str, str]:
    """The titles of the registered method derivations and equivalences, known without
    deriving them (``momentum-sym list``); a test checks them against the derivations."""
    from momentum_sym import methods
    from momentum_sym.tactics.common import title
    from momentum_sym.tactics.equivalence import PAIRS

    found = {ident: title(family, methods.get(name))
             for name, families in registered(names).items()
             for family, ident in families.items()}
    found.update({pair.id: pair.title for pair in PAIRS})
    return found
