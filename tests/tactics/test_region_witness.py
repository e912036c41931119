"""The convergence region's witness: what a run must show on each side of an end."""

import pytest
from mpmath import mp

from momentum_sym.tactics.convergence_region import _shown, steps_to_tell

SHOWN = [
    # (error ratio over the run, over its second half, radius, inside, shown)
    ("shrinks by 10^3", "1e-3", "1e-1", "0.99", True, True),
    ("shrinks too little, and late too", "0.5", "0.5", "0.99", True, False),
    ("a transient: the start holds little of the slow component", "0.05", "1e-2", "0.99",
     True, True),
    ("grows by 10^3", "1e3", "10", "1.01", False, True),
    ("grows a little only", "2", "2", "1.01", False, False),
    ("grows late, from a start without the fast component", "19", "30", "1.0003518", False,
     True),
    ("shrinks where it should grow", "1e-3", "1e-2", "1.01", False, False),
    ("grows where it should shrink", "10", "10", "0.99", True, False),
    # a radius within 1e-4 of 1: the run is too short for 10^4, the square roots asked
    ("near 1, shrinking", "0.02", "0.2", "0.99996", True, True),
    ("near 1, barely moving", "0.9", "0.95", "0.99996", True, False),
]


@pytest.mark.parametrize(("description", "ratio", "late", "radius", "inside", "shown"), SHOWN,
                         ids=[c[0] for c in SHOWN])
def test_what_a_run_must_show(description, ratio, late, radius, inside, shown):
    radius = mp.mpf(radius)
    steps = steps_to_tell(radius)
    assert _shown(mp.mpf(ratio), mp.mpf(late), radius, steps, inside) is shown


@pytest.mark.parametrize(("radius", "steps"), [("0.5", 400), ("0.988", 763), ("0.99965", 26311),
                                               ("1", 100_000), ("0.99999", 100_000)])
def test_steps_to_tell(radius, steps):
    assert steps_to_tell(mp.mpf(radius)) == steps
