"""A text's buffer that is a multiple of the heavy ball's z: its scale, stated in the
readings as one line of mathematics."""

import pytest

from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.notation import scale_unicode
from momentum_sym.audit.review import audit_document, setting_readings
from tests.audit.conftest import needs_parser

SCALES = [
    # (the scale as the reader keeps it, as printed)
    ("-(\\alpha)", "−α"),         # the brackets of a single factor go
    ("(\\eta)", "η"),
    ("-(\\alpha + \\eta)", "−(α + η)"),  # a sum keeps them
    ("1", "1"),
    ("-1", "−1"),
]


@pytest.mark.parametrize(("scale", "printed"), SCALES)
def test_a_scale_reads_as_written_mathematics(scale, printed):
    assert scale_unicode(scale) == printed


def test_the_reading_of_a_scaled_buffer():
    document = read_bytes(
        b"The update is $v_{t+1} = \\beta v_t - \\alpha \\nabla f(w_t)$ and "
        b"$w_{t+1} = w_t + v_{t+1}$.\n", "notes.md")
    readings = setting_readings(document)
    assert "the buffer v is −α times the heavy ball's z (zᵏ⁺¹ = β zᵏ + ∇f(wᵏ))" in readings


INDEXING = [
    # (the buffer's rule, the step; the step's verdict): a buffer indexed one step behind
    # z (v_k made from the gradient at x_k, as z^{k+1} is) is read so, and only so
    (rb"v_{k+1} = \beta v_k + \nabla f(x_k)", rb"x_{k+1} = x_k - \alpha v_{k+1}",
     "equivalent"),
    (rb"v_k = \beta v_{k-1} + \nabla f(x_k)", rb"x_{k+1} = x_k - \alpha v_k", "equivalent"),
    (rb"v_k = \beta v_{k-1} + \nabla f(x_k)", rb"x_{k+1} = x_k - \alpha v_{k-1}",
     "unreadable"),  # a step behind the buffer it just made: never equivalent
]


@needs_parser
@pytest.mark.parametrize(("rule", "step", "verdict"), INDEXING)
def test_a_buffer_indexed_one_step_behind(rule, step, verdict):
    document = read_bytes(b"The buffer is $" + rule + b"$. The step is $" + step + b"$.\n",
                          "notes.md")
    rows = audit_document(document).rows
    (row,) = [r for r in rows if r.relation.startswith("x_{k+1}")]
    assert row.verdict == verdict


@needs_parser
def test_a_gradient_at_another_step_is_not_the_heavy_ball():
    document = read_bytes(rb"The buffer is $v_{k+1} = \beta v_k + \nabla f(x_{k-1})$."
                          + b"\n", "notes.md")
    assert ("the buffer's gradient is taken at another step than the heavy ball's "
            "(zᵏ⁺¹ = β zᵏ + ∇f(wᵏ))") in setting_readings(document)
