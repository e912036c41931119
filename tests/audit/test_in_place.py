"""An update written in place, as in code (``theta = theta - v_t``, Ruder's overview):
read as the iterate after and before one step, said so, and judged as that update."""

import pytest

from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.review import audit_document
from tests.audit.conftest import needs_parser

VELOCITY = rb"The velocity is $v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta)$. "

IN_PLACE = [
    # (a second update, after the text's own theta = theta - v_t; its verdict)
    (rb"$\theta = \theta - v_t$", "equivalent"),
    (rb"$\theta = \theta + v_t$", "different"),   # the sign slipped
    (rb"$\theta = \theta - 2 v_t$", "different"),  # twice the step
]


@needs_parser
@pytest.mark.parametrize(("update", "verdict"), IN_PLACE)
def test_an_update_in_place_is_checked(update, verdict):
    document = read_bytes(VELOCITY + rb"Then the parameters move: $\theta = \theta - v_t$. "
                          + b"Again: " + update + b".\n", "notes.md")
    rows = [r for r in audit_document(document).rows if r.relation.startswith(r"\theta =")]
    assert [r.verdict for r in rows] == ["equivalent", verdict]
    assert {r.target for r in rows} == {"momentum-eigen-decoupling (method)"}
    assert all(any("(an update written in place)" in line for line in r.reading)
               for r in rows)


@needs_parser
def test_alone_a_slipped_update_is_not_the_heavy_ball():
    # the text's only position update decides how its buffer is read: with the sign
    # slipped, not as the heavy ball's
    document = read_bytes(VELOCITY + rb"Then $\theta = \theta + v_t$." + b"\n", "notes.md")
    (row,) = [r for r in audit_document(document).rows if r.relation.startswith(r"\theta =")]
    assert (row.verdict, row.message) == ("definition",
                                          "an update of a method other than the heavy ball")


@needs_parser
def test_beside_its_velocity_it_is_the_method_itself():
    # one alignment with both rules defines the method: nothing to check it against
    document = read_bytes(rb"$$\begin{aligned} v_t &= \gamma v_{t-1} + \eta \nabla_\theta "
                          rb"J(\theta) \\ \theta &= \theta - v_t \end{aligned}$$" + b"\n",
                          "notes.md")
    (row,) = [r for r in audit_document(document).rows if r.relation.startswith(r"\theta")]
    assert row.verdict == "definition"
    assert row.message == "the momentum (heavy-ball) update: the method itself"


@needs_parser
def test_gradient_descent_in_place_is_the_method_itself():
    document = read_bytes(rb"Repeat $w = w - \alpha \nabla f(w)$." + b"\n", "notes.md")
    (row,) = audit_document(document).rows
    assert (row.verdict, row.message) == ("definition",
                                          "the gradient-descent update: the method itself")
    assert row.reading[0] == ("w = w - α∇f(w) read as wᵏ⁺¹ = wᵏ - α∇f(wᵏ) (an update "
                              "written in place)")


@needs_parser
def test_a_name_without_a_step_is_left_alone():
    # no quantity at step t on the right: not an update, nothing read in place
    document = read_bytes(rb"Write $x = x - a$ for the shift." + b"\n", "notes.md")
    rows = audit_document(document).rows
    assert not any("in place" in line for r in rows for line in r.reading)
