"""Breaking a long claim into display rows, for any output.

A relation that fits in ``limit`` columns stays on one row.  Otherwise the
sides are split at the terms of their sums, greedily:

* a short left side stays in front of the relation and the right side continues
  on indented rows (``lhs = a + b`` / ``    + c``);
* a long left side gets rows of its own, then the relation opens a row.

Widths are measured with the Unicode pretty printer, a proxy for typeset width.
Rows that cannot be split further (one huge term) are flagged ``overfull`` so
that a backend can shrink them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from momentum_sym.render.printers import split_sign, sum_terms, width

#: relation operators of SymPy as (LaTeX, Unicode); rows carry the SymPy key.
RELATIONS: dict[str, tuple[str, str]] = {
    "==": ("=", "="), "!=": (r"\neq", "≠"), "<": ("<", "<"), "<=": (r"\leq", "≤"),
    ">": (">", ">"), ">=": (r"\geq", "≥"),
}
_GAP = 3  # columns of " + " or " = "


@dataclass(frozen=True)
class Term:
    """One term of a side: its magnitude and whether it is subtracted."""

    negative: bool
    magnitude: sp.Basic
    factor: bool = False  # a further factor of the previous term (a product broken up)
    grouped: bool = False  # printed in parentheses (a sum that is a factor)
    opens: sp.Basic | None = None  # an operator applied from here (a Derivative of OPERAND)
    closes: bool = False  # the operator's argument ends here


#: Stands for the argument of an operator split over several rows.
OPERAND = sp.Symbol("OPERAND")


def _operator_pieces(term: Term, available: int) -> list[Term] | None:
    """A derivative of a sum too wide for a row: the operator opens a bracket
    before the first term of the sum and closes it after the last."""
    magnitude = term.magnitude
    if (term.negative or not isinstance(magnitude, sp.Derivative)
            or width(magnitude) <= available
            or not isinstance(magnitude.expr, (sp.Add, sp.MatAdd))):
        return None
    operator = sp.Derivative(OPERAND, *magnitude.variable_count, evaluate=False)
    inner = terms_of(magnitude.expr)
    inner[0] = Term(inner[0].negative, inner[0].magnitude, opens=operator)
    last = inner[-1]
    inner[-1] = Term(last.negative, last.magnitude, last.factor, last.grouped, last.opens, True)
    return inner


@dataclass(frozen=True)
class Row:
    """A display row.

    ``lead`` is a left side printed before the relation (short-left layout);
    ``relation`` opens the row (a SymPy ``rel_op``) or is None; ``opens_side`` is
    True when the row's first term begins a side (printed with a unary minus);
    otherwise the row continues a sum (``+ c``).
    """

    terms: tuple[Term, ...]
    relation: str | None = None
    lead: sp.Basic | str | None = None
    opens_side: bool = True
    overfull: bool = False
    spaced: bool = False  # a little vertical space before this row (a new component)


@dataclass(frozen=True)
class Display:
    """A claim laid out in rows; ``single`` when it fits on one row as it is."""

    claim: sp.Basic
    rows: tuple[Row, ...]
    single: bool
    overfull: bool = False


def terms_of(side: sp.Basic) -> list[Term]:
    out = []
    for term in sum_terms(side):
        negative, magnitude = split_sign(term)
        out.append(Term(negative, magnitude))
    return out


def _factors(term: Term, available: int) -> list[Term]:
    """A product too wide for a row, as its factors (the first keeps the sign)."""
    magnitude = term.magnitude
    if width(magnitude) <= available or not isinstance(magnitude, sp.Mul):
        return [term]
    factors = list(magnitude.as_ordered_factors())
    coefficient = [f for f in factors if f.is_Number]
    others = [f for f in factors if not f.is_Number]
    if len(others) < 2:
        return [term]
    def is_sum(e: sp.Basic) -> bool:
        return isinstance(e, (sp.Add, sp.MatAdd))

    pieces = [Term(False, f, True, is_sum(f)) for f in others[1:]]
    if coefficient:
        first = sp.Mul(*coefficient, others[0], evaluate=False)
        if is_sum(others[0]):  # keep the coefficient outside the parentheses
            return [Term(term.negative, sp.Mul(*coefficient)),
                    Term(False, others[0], True, True), *pieces]
        return [Term(term.negative, first), *pieces]
    return [Term(term.negative, others[0], False, is_sum(others[0])), *pieces]


def _chunks(terms: list[Term], available: int) -> list[list[Term]]:
    rows: list[list[Term]] = [[]]
    used = 0
    for term in terms:
        w = width(term.magnitude) + _GAP
        if rows[-1] and used + w > available:
            rows.append([])
            used = 0
        rows[-1].append(term)
        used += w
    return rows


def _row_width(terms: list[Term]) -> int:
    return sum(width(t.magnitude) + _GAP for t in terms)


def _pieces(term: Term, available: int, operators: bool) -> list[Term]:
    if operators:
        split = _operator_pieces(term, available)
        if split is not None:
            return split
    return _factors(term, available)


def _side_rows(side: sp.Basic, available: int, relation: str | None,
               operators: bool = False) -> list[Row]:
    rows = []
    pieces = [piece for term in terms_of(side) for piece in _pieces(term, available, operators)]
    for j, chunk in enumerate(_chunks(pieces, available)):
        rows.append(Row(tuple(chunk), relation if j == 0 else None, None, j == 0,
                        _row_width(chunk) > available + _GAP))
    return rows


def layout(claim: sp.Basic, limit: int, operators: bool = False) -> Display:
    """Rows for ``claim`` within ``limit`` columns; with ``operators``, a derivative
    of a long sum may be broken inside its brackets (for LaTeX, whose ``\\Bigl(``
    needs no partner on the same row)."""
    if not isinstance(claim, sp.core.relational.Relational):
        return _layout_value(claim, claim, None, 0, limit, operators=operators)
    if width(claim) <= limit:
        return Display(claim, (), True, False)
    lhs, rhs, relation = claim.lhs, claim.rhs, claim.rel_op
    if (isinstance(claim, sp.Eq) and isinstance(lhs, sp.MatrixBase)
            and isinstance(rhs, sp.MatrixBase) and lhs.shape == rhs.shape
            and lhs.shape != (1, 1)):
        return _componentwise(claim, limit, operators)
    lead_width = width(lhs) + _GAP
    if lead_width <= limit * 0.4:
        return _layout_value(claim, rhs, lhs, lead_width, limit, relation, operators=operators)
    rows = [*_side_rows(lhs, limit - _GAP, None, operators),
            *_side_rows(rhs, limit - _GAP, relation, operators)]
    return Display(claim, tuple(rows), False, any(r.overfull for r in rows))


def _componentwise(claim: sp.Eq, limit: int, operators: bool) -> Display:
    """Explicit matrices too wide for a row: one equation per entry."""
    rows: list[Row] = []
    for left, right in zip(claim.lhs, claim.rhs, strict=True):
        part = layout(sp.Eq(left, right, evaluate=False), limit, operators)
        if part.single:
            new = [Row((Term(False, right),), "==", left, True, False)]
        else:
            new = list(part.rows)
        if rows:
            first = new[0]
            new[0] = Row(first.terms, first.relation, first.lead, first.opens_side,
                         first.overfull, True)
        rows += new
    return Display(claim, tuple(rows), False, any(r.overfull for r in rows))


def layout_named(name: str, value: sp.Basic, limit: int) -> Display:
    """Rows for ``name = value`` where ``name`` is a word (a result's name)."""
    claim = sp.Eq(sp.Symbol(name), value, evaluate=False)
    return _layout_value(claim, value, name, len(name) + _GAP, limit, "==", always_rows=True)


def _layout_value(claim: sp.Basic, value: sp.Basic, lead: sp.Basic | str | None,
                  lead_width: int, limit: int, relation: str | None = None,
                  always_rows: bool = False, operators: bool = False) -> Display:
    available = limit - lead_width
    fits = width(value) <= available
    if fits and not always_rows:
        return Display(claim, (), True, False)
    if fits or (len(terms_of(value)) == 1 and not isinstance(value, sp.Mul)):
        row = Row((Term(False, value),), relation, lead, True, not fits)
        return Display(claim, (row,), False, row.overfull)
    rows = _side_rows(value, available, relation, operators)
    rows[0] = Row(rows[0].terms, relation, lead, True, rows[0].overfull)
    return Display(claim, tuple(rows), False, any(r.overfull for r in rows))
