"""Shared fixtures: mpmath precision is restored after every test."""

import pytest
from mpmath import mp


@pytest.fixture(autouse=True)
def _restore_mpmath_precision():
    saved = mp.dps
    yield
    mp.dps = saved
