"""An update written in place, as in code (``theta = theta - v_t``, Ruder's overview):
read as the iterate after and before one step, said so, and judged as that update."""

import pytest

from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.review import audit_document
from tests.audit.conftest import needs_parser

VELOCITY = rb"The velocity is $v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta)$. "

IN_PLACE = [
    # (a second line, after the text's own theta = theta - v_t; its verdict, its message
    # begins with): a reading that does not hold is never made an erratum, since the
    # same line may be an equation (a fixed point)
    (rb"$\theta = \theta - v_t$", "equivalent", "proved"),
    (rb"$\theta = \theta + v_t$", "unreadable", "read so, it is different"),  # sign
    (rb"$\theta = \theta - 2 v_t$", "unreadable", "read so, it is different"),  # twice
    (rb"$\theta = \theta - \eta v_t$ only if $v_t = 0$", "unreadable",
     "read so, it is different"),  # a fixed point, not an update
    (rb"$\theta = \theta - v_t^2$", "unreadable", ""),  # a power of the buffer
]


@needs_parser
@pytest.mark.parametrize(("line", "verdict", "message"), IN_PLACE)
def test_an_update_in_place_is_checked(line, verdict, message):
    document = read_bytes(VELOCITY + rb"Then the parameters move: $\theta = \theta - v_t$. "
                          + b"Again: " + line + b".\n", "notes.md")
    rows = [r for r in audit_document(document).rows if r.relation.startswith(r"\theta =")]
    assert [r.verdict for r in rows] == ["equivalent", verdict]
    assert rows[1].message.startswith(message)
    assert not any(r.erratum for r in rows)
    assert {r.target for r in rows} == {"momentum-eigen-decoupling (method)"}
    assert all(any("(an update written in place)" in line for line in r.reading)
               for r in rows)


NOT_IN_PLACE = [
    # (a line that is not one step from the name: nothing is read in place)
    rb"$x = x - a$",                          # no quantity at the step
    rb"$\theta = \theta \theta - v_t$",       # the name twice
    rb"$\theta = \nabla_\theta J - v_t$",     # the name only as a script
]


@needs_parser
@pytest.mark.parametrize("line", NOT_IN_PLACE)
def test_what_is_not_one_step_is_left_alone(line):
    document = read_bytes(VELOCITY + b"Write " + line + b".\n", "notes.md")
    rows = audit_document(document).rows
    assert not any("in place" in said for r in rows for said in r.reading)


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
@pytest.mark.parametrize("line", [rb"$\theta = \theta \cdot v_t$",
                                  rb"$\theta_t = \theta_{t-1} v_t - v_t$"])
def test_a_product_of_two_vectors_is_said_to_have_no_value(line):
    # it stopped on an internal error before
    document = read_bytes(VELOCITY + b"Then " + line + b".\n", "notes.md")
    (row,) = [r for r in audit_document(document).rows if r.relation.startswith(r"\theta")]
    assert (row.verdict, row.message) == ("unreadable", "a product of matrices of sizes "
                                          "n × 1 and n × 1: the sizes do not match")


@needs_parser
@pytest.mark.parametrize("line", [rb"$\theta_t = \theta_{t-1} - v_t^2$",
                                  rb"$\theta_t = \theta_{t-1} - v_t^{3}$",
                                  rb"$\theta_t = \theta_{t-1}^2 - v_t$"])
def test_a_power_of_a_vector_is_not_the_vector(line):
    # the power was dropped in the reading (v_t^2 read as eta z^{k+1}): "equivalent"
    document = read_bytes(VELOCITY + rb"And $\theta_t = \theta_{t-1} - v_t$. Then " + line
                          + b".\n", "notes.md")
    rows = [r for r in audit_document(document).rows if r.relation.startswith(r"\theta_t")]
    assert rows[0].verdict == "equivalent"
    assert rows[1].verdict != "equivalent"
