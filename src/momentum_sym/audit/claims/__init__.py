"""What a relation claims, worked out without a hand catalogue.

Each relation of a formula (:mod:`momentum_sym.audit.relations`) is read with the
document's :class:`~momentum_sym.audit.notation.Setting` and the words around it, and
turned into a :class:`~momentum_sym.audit.plans.Plan` by the first rule of :data:`RULES`
that recognises it.  A rule recognises a relation by the quantity it is about -- the
left-hand side (``\\nabla f(w)``, ``w^\\star``, ``x_i^{k+1}``, ``R^k``, ``\\sigma_1``,
``\\beta``, a rate, ``f(w^k) - f(w^\\star)``, ``\\gamma_i^k``, a range of
``\\alpha\\lambda``) or, for a lone expression, the words before it ("the convergence
rate is") -- and lists the derived results it may state
(:data:`~momentum_sym.audit.claims.targets.QUANTITIES`).  Those whose symbols fit are
compared; the words around the formula decide between several.

A relation identified by its quantity is a *strong* claim: if it disagrees with every
fitting result, it is an erratum.  A relation matched only because its symbols fit a
result is judged equivalent when it equals one, and otherwise left as not checked: the
audit never calls a formula wrong without knowing what it claims.

The rules, one family per module: :mod:`.definitions` (what states nothing to check),
:mod:`.method` (the gradient, the minimiser, update rules, changes of basis, identities
in the eigenbasis), :mod:`.coordinates` (one and k steps per eigenvalue, the loss, the
unrolled iterates), :mod:`.momentum` (the matrix R, its powers and eigenvalues) and
:mod:`.scalars` (step sizes, momentum, rates, ranges, bounds).
"""

from __future__ import annotations

from momentum_sym.audit.claims import coordinates, definitions, method, momentum, scalars
from momentum_sym.audit.claims.context import Context, Reading, Rule
from momentum_sym.audit.claims.shapes import is_symbol
from momentum_sym.audit.claims.targets import for_named_method
from momentum_sym.audit.plans import Plan
from momentum_sym.audit.relations import Relation

__all__ = ["RULES", "Context", "Reading", "Rule", "is_symbol", "plan"]

RULES: tuple[tuple[str, Rule], ...] = (
    ("characteristic polynomial", momentum.characteristic),
    ("eigenvalue identity", momentum.eigenvalue_identity),
    ("not a claim", definitions.not_a_claim),
    ("change of basis", method.change_of_basis),
    ("definition", definitions.definitions),
    ("condition number", definitions.kappa),
    ("gradient", method.gradient),
    ("optimum", method.optimum),
    ("loss", coordinates.loss),
    ("expansion in eigenvectors", method.expansion),
    ("unrolled", coordinates.unrolled),
    ("unrolled terms", coordinates.unrolled_terms),
    ("update rule", method.update),
    ("update in place", method.in_place),
    ("assignment", method.assignment),
    ("eigen-coordinates", coordinates.coordinates),
    ("identity", method.identity),
    ("iteration matrix", momentum.matrix_r),
    ("state map", momentum.state_map),
    ("matrix power", momentum.matrix_power),
    ("eigenvalues", momentum.eigenvalues),
    ("lower bound", scalars.lower_bound),
    ("spectral radius", definitions.spectral_radius),
    ("range", scalars.regions),
    ("quantity", scalars.scalar_quantity),
    ("local notation", definitions.new_symbol),
    ("new symbol", definitions.fresh_symbol),
    ("expression", definitions.expression),
)


def plan(r: Relation, ctx: Context) -> Plan:
    """How ``r`` is judged: the first rule that recognises it, or not checked."""
    for _, rule in RULES:
        found = rule(r, ctx)
        if found is not None:
            return for_named_method(found, r.subject, ctx)
    return for_named_method(
        Plan("unreadable", "what this states matches no derived result or method fact"),
        r.subject, ctx)
