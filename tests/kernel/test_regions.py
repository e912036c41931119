"""Regions compared as sets: solved exactly over the reals for one variable, and left to
real algebra where a root in them may be imaginary on the domain."""

import pytest
import sympy as sp

from momentum_sym.kernel.outcome import Status
from momentum_sym.kernel.realsolver import decide_relation
from momentum_sym.kernel.regions import decide_equivalent

_t = sp.Symbol("t", real=True)
_D = _t**2 - 12 * _t + 4  # the discriminant of z^2 + (t/2 - 1) z + t/2: negative inside
_MODULI = (sp.Abs(sp.Rational(1, 2) - _t / 4 + sp.sqrt(_D) / 4) < 1) & \
    (sp.Abs(sp.Rational(1, 2) - _t / 4 - sp.sqrt(_D) / 4) < 1)
IMAGINARY_ROOTS = [
    # (a region with a root, the other region, the domain, the status): solved over the
    # reals, |sigma| < 1 seemed to fail where the discriminant is negative; real algebra
    # decides it there.  A root of a quantity nonnegative on the domain is solved.
    (_MODULI, (_t > 0) & (_t < 2), [_t > 0], Status.UNDECIDED),
    ((sp.sqrt(_t) - 1) ** 2 < 1, _t < 4, [_t > 0], Status.PROVED),
    ((sp.sqrt(_t) - 1) ** 2 < 1, _t < 3, [_t > 0], Status.FAILED),
]


@pytest.mark.parametrize(("region", "other", "within", "status"), IMAGINARY_ROOTS)
def test_regions_with_roots_that_may_be_imaginary(region, other, within, status):
    assert decide_equivalent(region, other, within).status is status
    if status is Status.UNDECIDED:
        decided, _ = decide_relation(sp.Equivalent(region, other), within)
        assert decided.status is Status.PROVED
        wrong, _ = decide_relation(sp.Equivalent(region, (_t > 0) & (_t < 3)), within)
        assert wrong.status is Status.FAILED
