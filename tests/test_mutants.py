"""A fast subset of the mutation harness (``python bench/mutants.py`` runs it all):
every corruption of a few derivations is caught, and no unmodified one fails."""

import pytest
from bench.mutants import mutate_derivation, run_lenient

QUICK = ["gd-closed-form", "gd-step-size-range", "unrolled-gd", "effective-gradient-count"]


@pytest.mark.parametrize("ident", QUICK)
def test_every_corruption_is_caught(ident):
    tally = mutate_derivation(ident)
    assert sum(tally.made.values()) > 0
    assert not tally.false_alarms
    assert not tally.missed, tally.missed


@pytest.mark.slow
@pytest.mark.parametrize("name", ["case split checks only its first case",
                                  "witness failures ignored"])
def test_a_lenient_checker_is_caught_by_the_kernel_tests(name):
    (row,) = run_lenient([name])
    assert row[1], f"the kernel's tests pass with the lenient variant: {name}"
