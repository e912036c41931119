"""Figure data are computed once per test session: every test reads the same arrays."""

import functools

import pytest

from momentum_sym.figures import spec


@functools.cache
def _data(name: str):
    return spec(name).data()


@pytest.fixture(scope="session")
def figure_data():
    """figure_data(name): the data of that figure, computed once."""
    return _data
