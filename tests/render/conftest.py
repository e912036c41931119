"""Derivations and (quick) reports shared by the renderer tests.

Renderers are tested on every registered result, whatever is registered when the
tests run; checks run at a low precision here because only the printing is under
test (the checks themselves are tested in tests/kernel and tests/results).
"""

import pytest

import momentum_sym

QUICK = {"dps": 20, "samples": 2, "seed": 0}
_REPORTS: dict = {}


def quick_report(id: str):
    if id not in _REPORTS:
        _REPORTS[id] = momentum_sym.verify(momentum_sym.get(id), **QUICK)
    return _REPORTS[id]


@pytest.fixture
def derivation_and_report(request):
    id = request.param
    return momentum_sym.get(id), quick_report(id)
