"""On request: torch.optim.SGD in float64 against the derived closed forms, for every
PyTorch setting (momentum, dampening, nesterov).

torch is never a run-time dependency, and the default run leaves these tests out
(the ``torch`` marker); ``pip install '.[test,torch]'`` and ``pytest -m torch`` run them."""

import pytest
import sympy as sp

from momentum_sym import methods
from momentum_sym.results import symbols as S
from momentum_sym.tactics.common import Analysis, default_ids
from momentum_sym.tactics.witnesses import evaluate

pytestmark = pytest.mark.torch

SETTINGS = [
    # (method, lr, momentum, dampening, nesterov)
    ("pytorch-sgd", 0.1, 0.9, 0.0, False),
    ("pytorch-sgd", 0.05, 0.5, 0.3, False),
    ("pytorch-sgd", 0.2, 0.0, 0.0, False),
    ("pytorch-sgd-nesterov", 0.1, 0.9, 0.0, True),
    ("pytorch-sgd-nesterov", 0.3, 0.6, 0.0, True),
]
SPECTRUM = (0.1, 0.7, 1.9, 3.0)
STEPS = 30


def _closed_form(name):
    analysis = Analysis(methods.get(name), default_ids(name))
    return analysis.get("worst-case").results["error"], analysis.get("eigenvalues").results


@pytest.mark.parametrize(("name", "lr", "momentum", "dampening", "nesterov"), SETTINGS)
def test_torch_sgd_iterates_match_the_derived_error(name, lr, momentum, dampening, nesterov):
    torch = pytest.importorskip("torch")  # here, so that the default run only deselects
    error, roots = _closed_form(name)
    tau = sp.Symbol("tau", nonnegative=True)
    values = {S.alpha: lr, S.beta: momentum, tau: dampening}
    w = torch.ones(len(SPECTRUM), dtype=torch.float64, requires_grad=True)
    scales = torch.tensor(SPECTRUM, dtype=torch.float64)
    optimiser = torch.optim.SGD([w], lr=lr, momentum=momentum, dampening=dampening,
                                nesterov=nesterov)
    for k in range(1, STEPS + 1):
        optimiser.zero_grad()
        loss = 0.5 * (scales * w * w).sum()
        loss.backward()
        optimiser.step()
        for j, lam in enumerate(SPECTRUM):
            point = {**values, S.lam: lam, S.k: k}
            point = {s: v for s, v in point.items()}
            for n, symbol in (("sigma_1", S.sigma_1), ("sigma_2", S.sigma_2)):
                if n in roots:
                    point[symbol] = complex(evaluate(roots[n], point))
            derived = complex(evaluate(error, point)).real if momentum else float(
                (1 - lr * lam) ** k)
            assert w[j].item() == pytest.approx(derived, rel=1e-9, abs=1e-12)
