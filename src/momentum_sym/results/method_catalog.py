"""The derivations of the built-in methods as data: ids, titles and chapters.

Which families apply to a method is decided by :mod:`momentum_sym.tactics.registry`
from the methods themselves (SymPy data); this table states the outcome, so that
listing ids imports no mathematics.  ``tests/tactics/test_catalog.py`` recomputes it
from the methods and holds the two equal, so it cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable

#: The methods analysed by the generic tactics, with their titles; each is a chapter.
METHODS: dict[str, str] = {
    'gd': 'Gradient descent',
    'heavy-ball': 'The heavy ball (momentum as the article writes it)',
    'nesterov': "Nesterov's accelerated gradient (constant momentum)",
    'pytorch-sgd': "PyTorch's SGD with momentum",
    'sutskever': "Sutskever's (and Keras') momentum",
    'qhm': 'Quasi-hyperbolic momentum (QHM)',
}

#: (id, method, family, title) for every registered ``<method>-<family>``.
ENTRIES: tuple[tuple[str, str, str, str], ...] = (
    ('gd-iteration-matrix', 'gd', 'iteration-matrix',
     'The iteration matrix of gradient descent'),
    ('gd-characteristic-polynomial', 'gd', 'characteristic-polynomial',
     'The characteristic polynomial of gradient descent'),
    ('gd-eigenvalues', 'gd', 'eigenvalues',
     'The eigenvalues of the iteration matrix of gradient descent'),
    ('gd-convergence-region', 'gd', 'convergence-region',
     'The step sizes for which gradient descent converges'),
    ('gd-optimal-parameters', 'gd', 'optimal-parameters',
     'The optimal parameters of gradient descent'),
    ('gd-unrolled', 'gd', 'unrolled',
     'Gradient descent unrolled'),
    ('gd-worst-case', 'gd', 'worst-case',
     'The error of gradient descent after k steps'),
    ('heavy-ball-iteration-matrix', 'heavy-ball', 'iteration-matrix',
     'The iteration matrix of the heavy ball'),
    ('heavy-ball-characteristic-polynomial', 'heavy-ball', 'characteristic-polynomial',
     'The characteristic polynomial of the heavy ball'),
    ('heavy-ball-eigenvalues', 'heavy-ball', 'eigenvalues',
     'The eigenvalues of the iteration matrix of the heavy ball'),
    ('heavy-ball-convergence-region', 'heavy-ball', 'convergence-region',
     'The step sizes for which the heavy ball converges'),
    ('heavy-ball-regimes', 'heavy-ball', 'regimes',
     'The regimes of the heavy ball'),
    ('heavy-ball-critical-damping', 'heavy-ball', 'critical-damping',
     'Critical damping of the heavy ball'),
    ('heavy-ball-optimal-parameters', 'heavy-ball', 'optimal-parameters',
     'The optimal parameters of the heavy ball'),
    ('heavy-ball-unrolled', 'heavy-ball', 'unrolled',
     'The heavy ball unrolled'),
    ('heavy-ball-worst-case', 'heavy-ball', 'worst-case',
     'The error of the heavy ball after k steps'),
    ('nesterov-iteration-matrix', 'nesterov', 'iteration-matrix',
     "The iteration matrix of Nesterov's accelerated gradient"),
    ('nesterov-characteristic-polynomial', 'nesterov', 'characteristic-polynomial',
     "The characteristic polynomial of Nesterov's accelerated gradient"),
    ('nesterov-eigenvalues', 'nesterov', 'eigenvalues',
     "The eigenvalues of the iteration matrix of Nesterov's accelerated gradient"),
    ('nesterov-convergence-region', 'nesterov', 'convergence-region',
     "The step sizes for which Nesterov's accelerated gradient converges"),
    ('nesterov-regimes', 'nesterov', 'regimes',
     "The regimes of Nesterov's accelerated gradient"),
    ('nesterov-critical-damping', 'nesterov', 'critical-damping',
     "Critical damping of Nesterov's accelerated gradient"),
    ('nesterov-optimal-parameters', 'nesterov', 'optimal-parameters',
     "The optimal parameters of Nesterov's accelerated gradient"),
    ('nesterov-unrolled', 'nesterov', 'unrolled',
     "Nesterov's accelerated gradient unrolled"),
    ('nesterov-worst-case', 'nesterov', 'worst-case',
     "The error of Nesterov's accelerated gradient after k steps"),
    ('pytorch-sgd-iteration-matrix', 'pytorch-sgd', 'iteration-matrix',
     "The iteration matrix of PyTorch's SGD with momentum"),
    ('pytorch-sgd-characteristic-polynomial', 'pytorch-sgd', 'characteristic-polynomial',
     "The characteristic polynomial of PyTorch's SGD with momentum"),
    ('pytorch-sgd-eigenvalues', 'pytorch-sgd', 'eigenvalues',
     "The eigenvalues of the iteration matrix of PyTorch's SGD with momentum"),
    ('pytorch-sgd-convergence-region', 'pytorch-sgd', 'convergence-region',
     "The step sizes for which PyTorch's SGD with momentum converges"),
    ('pytorch-sgd-regimes', 'pytorch-sgd', 'regimes',
     "The regimes of PyTorch's SGD with momentum"),
    ('pytorch-sgd-critical-damping', 'pytorch-sgd', 'critical-damping',
     "Critical damping of PyTorch's SGD with momentum"),
    ('pytorch-sgd-optimal-parameters', 'pytorch-sgd', 'optimal-parameters',
     "The optimal parameters of PyTorch's SGD with momentum"),
    ('pytorch-sgd-unrolled', 'pytorch-sgd', 'unrolled',
     "PyTorch's SGD with momentum unrolled"),
    ('pytorch-sgd-worst-case', 'pytorch-sgd', 'worst-case',
     "The error of PyTorch's SGD with momentum after k steps"),
    ('sutskever-iteration-matrix', 'sutskever', 'iteration-matrix',
     "The iteration matrix of Sutskever's (and Keras') momentum"),
    ('sutskever-characteristic-polynomial', 'sutskever', 'characteristic-polynomial',
     "The characteristic polynomial of Sutskever's (and Keras') momentum"),
    ('sutskever-eigenvalues', 'sutskever', 'eigenvalues',
     "The eigenvalues of the iteration matrix of Sutskever's (and Keras') momentum"),
    ('sutskever-convergence-region', 'sutskever', 'convergence-region',
     "The step sizes for which Sutskever's (and Keras') momentum converges"),
    ('sutskever-regimes', 'sutskever', 'regimes',
     "The regimes of Sutskever's (and Keras') momentum"),
    ('sutskever-critical-damping', 'sutskever', 'critical-damping',
     "Critical damping of Sutskever's (and Keras') momentum"),
    ('sutskever-optimal-parameters', 'sutskever', 'optimal-parameters',
     "The optimal parameters of Sutskever's (and Keras') momentum"),
    ('sutskever-unrolled', 'sutskever', 'unrolled',
     "Sutskever's (and Keras') momentum unrolled"),
    ('sutskever-worst-case', 'sutskever', 'worst-case',
     "The error of Sutskever's (and Keras') momentum after k steps"),
    ('qhm-iteration-matrix', 'qhm', 'iteration-matrix',
     'The iteration matrix of quasi-hyperbolic momentum'),
    ('qhm-characteristic-polynomial', 'qhm', 'characteristic-polynomial',
     'The characteristic polynomial of quasi-hyperbolic momentum'),
    ('qhm-eigenvalues', 'qhm', 'eigenvalues',
     'The eigenvalues of the iteration matrix of quasi-hyperbolic momentum'),
    ('qhm-convergence-region', 'qhm', 'convergence-region',
     'The step sizes for which quasi-hyperbolic momentum converges'),
    ('qhm-regimes', 'qhm', 'regimes',
     'The regimes of quasi-hyperbolic momentum'),
    ('qhm-critical-damping', 'qhm', 'critical-damping',
     'Critical damping of quasi-hyperbolic momentum'),
    ('qhm-unrolled', 'qhm', 'unrolled',
     'Quasi-hyperbolic momentum unrolled'),
    ('qhm-worst-case', 'qhm', 'worst-case',
     'The error of quasi-hyperbolic momentum after k steps'),
)

#: (id, title) for the equivalences of two methods.
EQUIVALENCES: tuple[tuple[str, str], ...] = (
    ('equivalence-pytorch-nesterov',
     "PyTorch's SGD with nesterov=True is Nesterov's method"),
    ('equivalence-pytorch-dampening',
     "PyTorch's dampening against the heavy ball with step α (1 − dampening)"),
)


def sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A chapter per method (its registered ids in family order), then the equivalences."""
    return (*((f"Methods: {title}", tuple(e[0] for e in ENTRIES if e[1] == name))
              for name, title in METHODS.items()),
            ("Methods: equivalences", tuple(ident for ident, _ in EQUIVALENCES)))


def loader(ident: str) -> Callable[[], object]:
    """The derivation of a registered method id, made when first asked for."""

    def derive() -> object:
        from momentum_sym.tactics import analysis_of
        from momentum_sym.tactics import derive as derive_family
        from momentum_sym.tactics.equivalence import derive_id

        for entry_id, method, family, _ in ENTRIES:
            if entry_id == ident:
                return derive_family(analysis_of(method), family)
        return derive_id(ident)
    return derive
