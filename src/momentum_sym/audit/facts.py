"""Facts about the method, checked on a derivation's matrix model.

* ``identity`` and ``update``: a printed vector expression against another one, or
  against a vector the model defines (``w^{k+1}``, ``x^{k+1}``, ``z^{k+1}``): the update
  rule with the gradient of the quadratic written out, ``w^k - w^\\star = Q x^k``,
  ``x_i^{k+1} = (Q^T(w^{k+1} - w^\\star))_i``.
* ``basis-position`` and ``basis-velocity``: a change of basis ``x = M(w - w^\\star)``
  (``y = M z``) decouples the update exactly when ``M (I - \\alpha A) M^T`` is diagonal
  (``M A Q`` for the velocity), so ``Q`` and ``Q^T`` are told apart on generic instances.

The comparison itself is :func:`momentum_sym.audit.compare.compare_value`, the verdict
policy shared with ``check``; this module only builds the two sides.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy as sp

import momentum_sym
from momentum_sym.audit.compare import CANONICAL, Reader, Verdict, compare_value
from momentum_sym.audit.latex import Unreadable, parse
from momentum_sym.audit.plans import Fact
from momentum_sym.kernel.matrices import ShapeMismatch
from momentum_sym.results import symbols as S

#: Matrix symbols of the model by key, besides the canonical ones.
_MODEL = {"I": S.I_n, "Lambda": S.Lambda, "A": S.A, "Q": S.Q, "b": S.b}


def _reader(fact: Fact) -> Reader:
    table = dict(CANONICAL)
    table.update(_MODEL)
    from momentum_sym.audit.compare import _key

    notation = {(_key(k) or k): (_key(v) or v) for k, v in fact.notation}
    where = {(_key(k) or k): v for k, v in fact.where}
    return Reader(table, notation, where)


def _read(reader: Reader, latex: str) -> Any:
    value = reader.read_formula(parse(latex, reader.known))[1]
    if isinstance(value, sp.MatrixBase):
        raise Unreadable("an explicit matrix where a vector expression of size n is expected")
    return value


def check_fact(fact: Fact) -> Verdict:
    """The verdict on one method fact (``unreadable`` when it cannot be read)."""
    derivation = momentum_sym.get(fact.derivation)
    target = f"{fact.derivation} (method)"
    try:
        if fact.kind in ("identity", "update"):
            reader = _reader(fact)
            formula = _read(reader, fact.latex)
            expected = _read(reader, fact.expected)
            verdict = compare_value(formula, expected, derivation, target)
            return verdict
        m = S.Q.T if fact.latex == "Q^T" else S.Q
        if fact.kind == "basis-position":
            formula = m * (S.I_n - S.alpha * S.A) * m.T
            derived = S.I_n - S.alpha * S.Lambda
            # one line of mathematics in Unicode, as the reports print formulas
            what = ("in these coordinates one step multiplies by M (I − α A) Mᵀ, "
                    "which must be the diagonal I − α Λ")
        else:
            formula = m * S.A * S.Q
            derived = S.Lambda
            what = ("with x = Qᵀ (w − w⋆), the velocity coordinates take A (w − w⋆) to "
                    "M A Q x, which must be Λ x")
        verdict = compare_value(formula, derived, derivation, target)
    except ShapeMismatch as error:  # a column times a column, as written
        return Verdict("unreadable", target, f"the sizes do not fit: {error}")
    except Unreadable as error:
        return Verdict("unreadable", target, str(error))
    if verdict.verdict == "equivalent":
        return dataclasses.replace(verdict, message=f"decouples the update ({verdict.message})")
    if verdict.verdict == "different":
        return dataclasses.replace(
            verdict, message=f"does not decouple the update: {what}",
            correction_latex=fact.correction or verdict.correction_latex,
            # the catalogue's correction is LaTeX only: no Unicode form of another formula
            correction_text=None if fact.correction else verdict.correction_text)
    return verdict
