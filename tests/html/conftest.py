"""The registered results, derived and verified once for all HTML tests."""

from __future__ import annotations

import pytest

from momentum_sym import get, ids
from tests.conftest import quick_reports

#: Audit rows of the shape the audit produces (that module fills in real ones).
AUDIT_ROWS = (
    {"id": "goh-step-size-optimal", "source": "Goh (2017)", "location": "Choosing a Step-size",
     "latex": r"\alpha = \frac{2}{\lambda_1 + \lambda_n}", "target": "gd-optimal-step-size.alpha",
     "verdict": "equivalent", "counterexample": None, "correction_latex": None},
    {"id": "goh-rate", "source": "Goh (2017)", "location": "Choosing a Step-size",
     "latex": r"\text{rate}(\alpha) = \max\left\{|1-\alpha\lambda_1|, |1-\alpha\lambda_n|\right\}",
     "target": "gd-optimal-step-size.rate", "verdict": "different",
     "counterexample": {"point": {"alpha": "1/10", "lambda_1": "1", "lambda_n": "3"},
                        "formula_value": "0.9", "derived_value": "0.7"},
     "correction_latex": r"\frac{\lambda_n - \lambda_1}{\lambda_n + \lambda_1}"},
    {"id": "d2l-matrix", "source": "d2l.ai, Momentum", "location": "11.6.3",
     "latex": r"R = \R^{2\times 2}",  # a macro of the source's own: shown as code
     "target": "momentum-iteration-matrix.R", "verdict": "unreadable",
     "counterexample": None, "correction_latex": ""},
)


@pytest.fixture(scope="session")
def registered():
    """``(derivation, report)`` for every registered result, in registry order."""
    return [(get(i), quick_reports()[i]) for i in ids()]
