"""The worked instance (explain --numbers): both sides of each step agree at the
teaching point, and the point lies in the domain."""

import pytest
import sympy as sp

from momentum_sym import get, ids
from momentum_sym.kernel.worked import work


@pytest.mark.parametrize("id", ids())
def test_worked_sides_agree(id):
    derivation = get(id)
    point, steps = work(derivation)
    assert all(bool(c.xreplace(point)) for c in derivation.domain.constraints
               if c.free_symbols <= set(point))
    for step in steps:
        if step.left is None:
            continue
        difference = sp.simplify(sp.sympify(step.left) - sp.sympify(step.right))
        if isinstance(difference, sp.MatrixBase):
            assert difference.is_zero_matrix, step.label
        else:
            assert difference == 0 or abs(float(difference)) < 1e-9, step.label


def test_worked_numbers_for_gradient_descent():
    point, steps = work(get("gd-closed-form"))
    induction = next(s for s in steps if s.label == "solve-recurrence")
    assert induction.left == induction.right
    assert point[sp.Symbol("alpha", positive=True)] == sp.Rational(1, 10)
