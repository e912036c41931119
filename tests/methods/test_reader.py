"""A user's update rule through the safe LaTeX reader: what it becomes, and what is refused."""

import pytest
import sympy as sp

from momentum_sym.audit.latex import Unreadable
from momentum_sym.methods import read_update
from momentum_sym.methods.model import at
from momentum_sym.results import symbols as S

NESTEROV = (r"y^{k} = w^{k} + \beta (w^{k} - w^{k-1}), \quad "
            r"w^{k+1} = y^{k} - \alpha \nabla f(y^{k})")

GOOD = [
    # (rule, state, parameters)
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k})", ("w^{k}",), ("alpha",)),
    (NESTEROV, ("w^{k}", "w^{k-1}"), ("alpha", "beta")),
    (r"z^{k+1} = \beta z^{k} + \nabla f(w^{k}), w^{k+1} = w^{k} - \alpha z^{k+1}",
     ("z^{k}", "w^{k}"), ("alpha", "beta")),
    (r"v^{k+1} = \mu v^{k} - \eta \nabla f(w^{k}); w^{k+1} = w^{k} + v^{k+1}",
     ("v^{k}", "w^{k}"), ("alpha", "beta")),
    (r"m^{k+1} = \beta m^{k} + (1-\tau) \nabla\!f(w^{k}) \\ w^{k+1} = w^{k} - \alpha m^{k+1}",
     ("m^{k}", "w^{k}"), ("alpha", "beta", "tau")),
    # an iterate further back carries every step between, each moved on by one step
    (r"w^{k+1} = w^{k-2} - \alpha \nabla f(w^{k})", ("w^{k}", "w^{k-1}", "w^{k-2}"),
     ("alpha",)),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}) + \beta (w^{k-1} - w^{k-3})",
     ("w^{k}", "w^{k-1}", "w^{k-2}", "w^{k-3}"), ("alpha", "beta")),
    # a value computed within the step from its own last value: the step begins with
    # b^{k-1}; b^k is new (it was carried as state too, and the runs had no b^k to give)
    (r"b^{k} = \beta b^{k-1} + \nabla f(w^{k}), w^{k+1} = w^{k} - \alpha b^{k}",
     ("b^{k-1}", "w^{k}"), ("alpha", "beta")),
    (r"b_{t} = \mu b_{t-2} + \nabla f(w_t), w_{t+1} = w_t - \eta b_t",
     ("b^{k-1}", "b^{k-2}", "w^{k}"), ("alpha", "beta")),
]

BAD = [
    # (rule, words of the message)
    ("", "empty"),
    (r"w^{k+1} = w^{k} - \alpha^{1000} \nabla f(w^{k})", "a power of a parameter above 8"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}", "closing parenthesis"),
    (r"w^{k+1} = w^{k} - \gamma \nabla f(w^{k})", "step size"),
    (r"w^{k+1} = w^{k} w^{k} - \alpha \nabla f(w^{k})", "not a linear"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}) + \input{x}", "input"),
    (r"w^{k+1} = w^{k+2} - \alpha \nabla f(w^{k})", "before it is computed"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(\nabla f(w^{k}))", "gradient inside"),
    (r"w^{k+1} + 1 = w^{k} - \alpha \nabla f(w^{k})", "left-hand side"),
    ("x" * 3000, "longer"),
    (r"w^{k+1} = w^{k} - \alpha \, \mathrm{sign}(\nabla f(w^{k}))", r"\\mathrm\{sign\}"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}), w^{k+1} = w^{k}", "two equations"),
    (r"v^{k+1} = \beta v^{k} + \nabla f(w^{k}), w^{k+1} = w^{k} - \alpha \nabla f(w^{k})",
     "v never changes the iterate w"),
    (r"u^{k+1} = u^{k}, v^{k+1} = u^{k}, w^{k+1} = w^{k} - \alpha \nabla f(w^{k})",
     "u, v never change"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(v^{k})", "v is used but never computed"),
    (r"w^{k+1} = w^{k} - \alpha \nabla_w f(w^{k})", r"written \\nabla f"),
    (r"w^{k+1} = w^{k} - \alpha \nabla g(w^{k})", r"written \\nabla f"),
    (r"w^{k+1} = w^{k} - \alpha_k \nabla f(w^{k})", "changes with the step"),
    # a sequence is a plain Latin letter: said, where a Greek or bold one is met
    (r"\theta_{t+1} = \theta_t - \eta \nabla f(\theta_t)", "plain Latin letter"),
    (r"\mathbf{x}_{k+1} = \mathbf{x}_k - \alpha \nabla f(\mathbf{x}_k)", "plain Latin letter"),
    (r"x^{(k+1)} = x^{(k)} - \alpha \nabla f(x^{(k)})", r"not w\^\{\(k\)\}"),
    (r"w^{k+1} = w^{t} - \alpha \nabla f(w^{k})", "both k and t"),
    (r"w^{k+1} = (w^{k} - \alpha \nabla f(w^{k})", "^(?!.*Omega)"),  # no placeholder shown
    # letters the derivations use themselves would print alike (2 alpha lambda lambda)
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}) + \sigma (w^{k} - w^{k-1})",
     "variable of the characteristic polynomial"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}) + \lambda (w^{k} - w^{k-1})", "eigenvalue"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}) + t (w^{k} - w^{k-1})", "alpha lambda"),
    (r"w^{k} = w^{k} - \alpha\nabla f(w^k)", "defined by itself"),
    (r"y^{k} = y^{k} + w^k, w^{k+1} = w^k - \alpha\nabla f(y^k)", "defined by itself"),
    (r"w^{k+1} = w^k - \alpha\nabla f(y^k), y^{k} = 2w^k", "used before the equation"),
]

#: the same rule as the texts write it: the index as a subscript, or t
WRITTEN_ALIKE = [
    r"w_{k+1} = w_k - \alpha \nabla f(w_k) + \beta (w_k - w_{k-1})",
    r"w^{t+1} = w^{t} - \alpha \nabla f(w^{t}) + \beta (w^{t} - w^{t-1})",
    r"w_{t+1} = w_{t} - \alpha \nabla f(w_{t}) + \beta (w_{t} - w_{t - 1})",
    # every new value at step t, from values at t - 1 (d2l's form)
    r"w_t = w_{t-1} - \alpha \nabla f(w_{t-1}) + \beta (w_{t-1} - w_{t-2})",
]


@pytest.mark.parametrize(("rule", "state", "parameters"), GOOD)
def test_rules_are_read(rule, state, parameters):
    method = read_update(rule, "mine")
    assert tuple(s.name for s in method.state) == state
    assert tuple(p.symbol.name for p in method.parameters) == parameters
    assert method.name == "mine" and method.iterate == "w"


def test_nesterov_read_is_the_builtin_rule():
    from momentum_sym import methods

    mine, builtin = read_update(NESTEROV), methods.get("nesterov")
    assert set(mine.update) == set(builtin.update)
    assert mine.initial == {at("w", -1): at("w")}


def test_the_momentum_letters_are_the_canonical_symbols():
    method = read_update(r"v^{k+1} = \mu v^{k} - \eta \nabla f(w^{k}), w^{k+1} = w^{k} + v^{k+1}")
    assert {p.symbol for p in method.parameters} == {S.alpha, S.beta}
    assert method.update[0].rhs == S.beta * at("v") - S.alpha * sp.Function(r"\nabla f")(at("w"))


@pytest.mark.parametrize(("rule", "words"), BAD)
def test_bad_rules_are_refused_with_a_reason(rule, words):
    with pytest.raises(Unreadable, match=words):
        read_update(rule)


def test_a_sequence_used_only_through_another_is_kept():
    method = read_update(r"u^{k+1} = \beta u^{k} + \nabla f(w^{k}), v^{k+1} = u^{k+1}, "
                         r"w^{k+1} = w^{k} - \alpha v^{k+1}")
    assert [s.name for s in method.state] == ["u^{k}", "w^{k}"]


@pytest.mark.parametrize(("rule", "letters"), [
    # (rule, the error coordinates' letters by sequence): never a sequence's own letter
    # when it is not zero at the optimum, never one letter for two sequences
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k})", {"w": "x"}),
    (r"x^{k+1} = x^{k} - \alpha \nabla f(x^{k}) + \beta (x^{k} - x^{k-1})", {"x": "y"}),
    (r"v^{k+1} = \beta v^{k} - \alpha \nabla f(x^{k}), x^{k+1} = x^{k} + v^{k+1}",
     {"v": "v", "x": "y"}),
    (r"x^{k+1} = \beta x^{k} + \nabla f(w^{k}), w^{k+1} = w^{k} - \alpha x^{k+1}",
     {"x": "x", "w": "y"}),
])
def test_error_coordinates_are_named_apart(rule, letters):
    from momentum_sym.tactics.decoupling import coordinate_letters, fixed_point

    method = read_update(rule)
    assert coordinate_letters(method, fixed_point(method)) == letters


@pytest.mark.parametrize("rule", WRITTEN_ALIKE)
def test_indices_written_as_the_texts_write_them(rule):
    written = read_update(r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k}) + \beta (w^{k} - w^{k-1})")
    assert read_update(rule).update == written.update


ITERATES = [
    # (rule, the iterate): the sequence that stands still at the minimiser
    (r"w^{k+1} = w^{k} - \alpha \nabla f(w^{k})", "w"),
    (NESTEROV, "w"),  # y stands still there too; w is preferred
    (r"z^{k+1} = z^{k} - \alpha u^{k}, u^{k+1} = \beta u^{k} + \nabla f(z^{k+1})", "z"),
    (r"w^{k+1} = \beta w^{k} + \nabla f(x^{k}), x^{k+1} = x^{k} - \alpha w^{k+1}", "x"),
    (r"w^{k+1} = w^{k} - \alpha \nabla f(2 w^{k})", "w"),  # none: refused when decoupled
]


@pytest.mark.parametrize(("rule", "iterate"), ITERATES)
def test_the_iterate_stands_still_at_the_minimiser(rule, iterate):
    assert read_update(rule).iterate == iterate


NESTEROV_CARRIED = (r"w^{k+1} = y^{k} - \alpha \nabla f(y^{k}), "
                    r"y^{k+1} = w^{k+1} + \beta (w^{k+1} - w^{k})")


def test_every_sequence_starts_where_it_would_stand_still():
    # a velocity starts at 0, a look-ahead point at the starting point (it started at 0,
    # and the unrolled family of this rule failed its own checks)
    method = read_update(NESTEROV_CARRIED)
    starts = {s.name: v for s, v in method.initial.items()}
    assert starts["y^{k}"] == at("w")
    velocity = read_update(r"v^{k+1} = \beta v^{k} + \nabla f(w^{k}), "
                           r"w^{k+1} = w^{k} - \alpha v^{k+1}")
    assert {s.name: v for s, v in velocity.initial.items()}["v^{k}"] == 0
