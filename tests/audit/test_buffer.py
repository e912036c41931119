"""A text's buffer that is a multiple of the heavy ball's z: its scale, stated in the
readings as one line of mathematics."""

import pytest

from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.notation import scale_unicode
from momentum_sym.audit.review import setting_readings

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
