"""An update rule written in a text is read as a rule and named by its characteristic
polynomial: a built-in method's, one whose results are another's (d2l's form, the heavy
ball's), none of them, or unreadable."""

import pytest

from momentum_sym.audit.written import UNKNOWN, method_written

RULES = [
    # (the equations as written, the method)
    ([r"x_{k+1} = x_k - \alpha \nabla f(x_k)"], "gd"),
    ([r"x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{k-1})"], "heavy-ball"),
    ([r"z^{k+1} = \beta z^k + \nabla f(w^k)", r"w^{k+1} = w^k - \alpha z^{k+1}"], "heavy-ball"),
    ([r"v_t = \beta v_{t-1} + \nabla f(x_{t-1})", r"x_t = x_{t-1} - \eta v_t"], "heavy-ball"),
    ([r"y_k = x_k + \beta(x_k - x_{k-1})", r"x_{k+1} = y_k - \alpha \nabla f(y_k)"],
     "nesterov"),
    # the last equations written are the rule: an earlier method's are left behind
    ([r"x_{k+1} = x_k - \alpha \nabla f(x_k)",
      r"x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{k-1})"], "heavy-ball"),
    # read, and none of the derived methods
    ([r"x_{k+1} = x_k + \alpha\nabla f(x_k)"], UNKNOWN),  # gradient ascent
    ([r"x_{k+1} = x_k - \alpha\nabla f(x_k) - \beta(x_k - x_{k-1})"], UNKNOWN),
    ([r"x_{k+1} = x_k - \alpha\nabla f(x_k) + (1-\beta)(x_k - x_{k-1})"], UNKNOWN),
    ([r"v_{k+1} = \beta v_k + (1-\beta)\nabla f(x_k)", r"x_{k+1} = x_k - \alpha v_{k+1}"],
     UNKNOWN),
    # not a whole rule
    ([r"x_{k+1} = y_k - \alpha \nabla f(y_k)"], None),
    ([r"x_{k+1} = x_k \cdot x_{k-1}"], None),
]


@pytest.mark.parametrize(("equations", "method"), RULES)
def test_the_method_an_update_is(equations, method):
    assert method_written(equations) == method
