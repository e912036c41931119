"""The worked instance (explain --numbers): both sides of each step agree at the
teaching point, and the point lies in the domain."""

import pytest
import sympy as sp

from momentum_sym import get, ids
from momentum_sym.kernel.worked import _definitions, work


@pytest.mark.parametrize("id", ids())
def test_worked_sides_agree(id):
    derivation = get(id)
    point, steps = work(derivation)
    assert all(bool(c.xreplace(point)) for c in derivation.domain.constraints
               if c.free_symbols <= set(point))
    for step in steps:
        if step.left is None:
            continue
        difference = sp.simplify(sp.sympify(step.left) - sp.sympify(step.right))
        if isinstance(difference, sp.MatrixBase):
            assert difference.is_zero_matrix, step.label
        else:
            assert difference == 0 or abs(float(difference)) < 1e-9, step.label


def test_worked_numbers_for_gradient_descent():
    point, steps = work(get("gd-closed-form"))
    induction = next(s for s in steps if s.label == "solve-recurrence")
    assert induction.left == induction.right
    assert point[sp.Symbol("alpha", positive=True)] == sp.Rational(1, 10)


a, x = sp.symbols("a x")
TENTH = sp.Rational(1, 10)
SUBSTITUTED = [
    # (claim, point, the factors of the right side shown: numbers put in, nothing
    # worked out, a minus sign joined to the number it multiplies)
    (sp.Eq(a, -x), {x: TENTH}, (-TENTH,)),
    (sp.Eq(a, -x / 4), {x: TENTH}, (-sp.Rational(1, 4), TENTH)),
    (sp.Eq(a, -x * a), {x: TENTH}, (-TENTH, a)),
    (sp.Eq(a, -a), {x: TENTH}, (-1, a)),  # no number: the sign stays a factor
]


@pytest.mark.parametrize(("claim", "point", "factors"), SUBSTITUTED,
                         ids=[str(c[0].rhs) for c in SUBSTITUTED])
def test_a_minus_sign_joins_the_number_it_multiplies(claim, point, factors):
    from momentum_sym.kernel.worked import _substituted

    rhs = _substituted(claim, point).rhs
    assert sp.Mul.make_args(rhs) == factors
    assert sp.simplify(rhs - claim.rhs.xreplace(point)) == 0  # the same value


@pytest.mark.parametrize(("id", "symbol", "product"), [
    # a symbol a step introduces (t = alpha lambda) has its value at the teaching point,
    # so that every step works one instance
    ("momentum-convergence-region", "t", ("alpha", "lambda")),
    ("momentum-regimes", "t", ("alpha", "lambda")),
])
def test_an_introduced_symbol_is_its_definition(id, symbol, product):
    point, _ = work(get(id))
    values = {s.name: v for s, v in point.items()}
    assert values[symbol] == sp.Mul(*(values[name] for name in product))


@pytest.mark.parametrize(("point", "said"), [
    # an equivalence holds where both sides hold or both fail: which, is said
    ({x: sp.Rational(1, 2)}, "both sides hold"),
    ({x: 3}, "both sides fail (the point is outside the region)"),
])
def test_an_equivalence_at_a_point_says_which_way_it_holds(point, said):
    from momentum_sym.kernel.text import Text
    from momentum_sym.kernel.worked import _relation_outcome

    claim = sp.Equivalent(sp.And(x > 0, x < 2), sp.Abs(1 - x) < 1, evaluate=False)
    outcome = _relation_outcome(claim, point)
    words = outcome.words() if isinstance(outcome, Text) else outcome
    assert said in words


#: derivations introducing a symbol for an expression of others, whose teaching value
#: once broke the definition (s = 1/2 beside sqrt(alpha lambda_1) = sqrt(10)/20)
INTRODUCED = ["nesterov-optimal-parameters", "pytorch-sgd-optimal-parameters"]


@pytest.mark.parametrize("id", INTRODUCED)
def test_an_introduced_symbol_keeps_its_definition_at_the_teaching_point(id):
    derivation = get(id)
    point, _ = work(derivation)
    definitions = _definitions(derivation)
    assert definitions
    for symbol, expr in definitions.items():
        assert sp.simplify(point[symbol] - expr.xreplace(point)) == 0, symbol
