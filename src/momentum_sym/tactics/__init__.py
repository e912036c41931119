"""Generic derivations from a method: one tactic per module.

Each tactic chooses the moves of one derivation family for any method given as data
(:mod:`momentum_sym.methods`) and records them with the kernel's
:class:`~momentum_sym.kernel.DerivationBuilder`; the kernel checks them and the
renderers print them.  The heavy ball and gradient descent of the article are
instances, like Nesterov's method, PyTorch's SGD, QHM and a user's own rule.

    >>> from momentum_sym.tactics import analysis_of
    >>> analysis_of("nesterov").get("convergence-region").results["upper"]
    2*(beta + 1)/(2*beta + 1)
"""

from __future__ import annotations

import importlib

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.tactics.common import FAMILIES, Analysis, NotApplicable, default_ids

#: family -> the module of its tactic
MODULES: dict[str, str] = {
    "iteration-matrix": "iteration_matrix",
    "characteristic-polynomial": "characteristic_polynomial",
    "eigenvalues": "eigenvalues",
    "convergence-region": "convergence_region",
    "regimes": "regimes",
    "critical-damping": "critical_damping",
    "optimal-parameters": "optimal_parameters",
    "unrolled": "unrolled",
    "worst-case": "worst_case",
}


def tactic(family: str):
    """The module of a family's tactic."""
    if family not in MODULES:
        raise NotApplicable(f"no derivation family {family!r}")
    return importlib.import_module(f"{__name__}.{MODULES[family]}")


def derive(analysis: Analysis, family: str) -> Derivation:
    """The derivation of ``family`` for the analysis's method; raises
    :class:`NotApplicable` (saying what the family needs) when it does not apply."""
    module = tactic(family)
    if not applies(analysis, family):
        # the tactic's own reason for this method where it has one, else what it needs
        why_not = getattr(module, "why_not", lambda analysis: None)(analysis)
        if why_not:
            raise NotApplicable(why_not)
        needs = getattr(module, "REQUIRES", "")
        raise NotApplicable(f"the {family} derivation needs {needs}" if needs else
                            f"the {family} derivation does not apply to "
                            f"{analysis.method.name}")
    return module.derive(analysis)


def applies(analysis: Analysis, family: str) -> bool:
    """Whether the family's derivation exists for this method (critical damping needs
    a momentum parameter and a quadratic characteristic polynomial, say)."""
    check = getattr(tactic(family), "applies", None)
    return True if check is None else bool(check(analysis))


def analysis_of(name: str) -> Analysis:
    """The analysis of a built-in method, its derivations taken from the registry."""
    import momentum_sym
    from momentum_sym import methods
    from momentum_sym.results import method_ids

    registered = method_ids()
    if name in registered:
        return Analysis(methods.get(name), registered[name], momentum_sym.get)
    return Analysis(methods.get(name), default_ids(name))


__all__ = ["FAMILIES", "MODULES", "Analysis", "NotApplicable", "analysis_of", "applies",
           "derive", "tactic"]
