"""Derivations and (quick) reports shared by the renderer tests.

Renderers are tested on every registered result, whatever is registered when the
tests run; checks run at a low precision here because only the printing is under
test (the checks themselves are tested in tests/kernel and tests/results).
"""

import pytest

import momentum_sym
from tests.conftest import QUICK, quick_reports

__all__ = ["QUICK", "quick_report"]


def quick_report(id: str):
    return quick_reports()[id]


@pytest.fixture
def derivation_and_report(request):
    id = request.param
    return momentum_sym.get(id), quick_report(id)
