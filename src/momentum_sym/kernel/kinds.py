"""The kinds of move a derivation step can make.

The kind decides how a step is checked (see :mod:`momentum_sym.kernel.checks`)
and how a renderer introduces it; the mathematics only chooses the kind.
"""

from enum import Enum


class Kind(Enum):
    """A kind of derivation step.  The value is the stable name used in JSON."""

    DEFINITION = "definition"  # introduces a name or states the update rule: given
    ANSATZ = "ansatz"  # a stated form that later steps prove: given
    SUBSTITUTION = "substitution"  # replace a quantity by an equal one
    EXPANSION = "expansion"  # multiply out, collect
    SIMPLIFICATION = "simplification"  # cancel, combine, rewrite in other symbols
    SOLVE = "solve"  # the unknown takes the value that satisfies an equation
    SUM = "sum"  # evaluate a finite or geometric sum
    INDUCTION = "induction"  # a closed form proved for symbolic k from a recurrence
    CASE_SPLIT = "case-split"  # one identity per case of a condition
    LIMIT = "limit"  # a limit of an expression
    DIFFERENTIATION = "differentiation"  # a derivative
    INEQUALITY = "inequality"  # a relation (or region) that holds on the domain
    MATRIX = "matrix"  # an identity between matrix expressions

    @property
    def is_given(self) -> bool:
        """Definitions and ansatzes are stated, not proved."""
        return self in (Kind.DEFINITION, Kind.ANSATZ)
