"""A formula the words deny ("and not", "rather than", "is not optimal") is no claim of
the text: it is judged undecided, with what it would have been, never an erratum and
never right."""

import pytest

from momentum_sym.audit.claims.denial import denial
from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.review import audit_document
from tests.audit.conftest import needs_parser

WORDS = [
    # (the words before the formula, the words after it, the denial read)
    ("The best step is 2/(L + mu) (and not", ")", "not"),
    ("the momentum is 0.5 rather than", ".", "rather than"),
    ("use it instead of", "", "instead of"),
    ("the step cannot be", "", "cannot be"),
    ("It is not equal to", "", "not equal to"),
    ("Note that", "is not the optimal step.", "is not"),
    ("Here", "does not hold.", "does not"),
    ("The formula", "is wrong.", "is wrong"),
    ("The formula", "isn't optimal.", "isn't"),
    ("It is not true that the optimal step size is", ".", "It is not true that"),
    ("It is false that", ".", "It is false that"),
    ("A common mistake is to say that the optimal step is", ".",
     "A common mistake is to say"),
    ("One might think the optimal momentum is", ", but that is wrong.", "One might think"),
    ("The optimal momentum is", ", but that is wrong.", "but that is wrong"),
    ("Some wrongly claim that the rate is", ".", "wrongly claim"),
    ("People often say the optimal step size is", "; this is wrong.", "People often say"),
    ("A common error is that the step is", ".", "common error is that"),
    ("A common mistake is to state that gradient descent converges when", ".",
     "A common mistake is to state"),
    ("It is often claimed, wrongly, that the optimal step is", ".", "claimed, wrongly, that"),
    ("Gradient descent's optimal step, often written wrongly elsewhere, is", ".", ""),
    ("The optimal momentum is", ", but that is wrong in general.", "but that is wrong"),
    ("the optimal step is", " (wrong), or that", "wrong"),
    ("or that the optimal momentum is", " (also wrong).", "also wrong"),
    # no denial
    ("The optimal step is", " (see below).", ""),
    ("The optimal step is", " (wrong for gradient descent).", ""),
    ("The error that gradient descent makes is governed by", ".", ""),
    ("We could say that the step is", ".", ""),
    ("The step is", ", which is wrong for gradient descent.", ""),
    ("The optimal step is", ", not $\\alpha = 1/L$.", ""),  # it denies what follows
    ("It is not true that x > 1. The optimal step is", ".", ""),  # another sentence
    ("The optimal step is", ".", ""),
    ("This is not only", "but fast", ""),
    ("For", "the method does not converge.", ""),
    ("knot", "", ""),
    ("The step", "is not only fast but stable.", ""),
]


@pytest.mark.parametrize(("before", "after", "read"), WORDS)
def test_the_words_next_to_a_formula_deny_it(before, after, read):
    assert denial(before, after) == read


DOCUMENT = rb"""# Gradient descent

The optimal step size is $\alpha = \frac{2}{\lambda_1+\lambda_n}$
(and not $\alpha = \frac{1}{\lambda_n}$).

The optimal step size is $\alpha = \frac{1}{\lambda_n}$.

Note that $\alpha = \frac{1}{\lambda_n}$ is not the optimal step size.

The optimal step size is not $\alpha = \frac{2}{\lambda_1+\lambda_n}$.
"""


@needs_parser
def test_a_denied_formula_is_undecided_whatever_it_would_be():
    rows = audit_document(read_bytes(DOCUMENT, "notes.md")).rows
    assert [row.verdict for row in rows] == [
        "equivalent", "undecided", "different", "undecided", "undecided"]
    assert "would be different" in rows[1].message
    assert "would be different" in rows[3].message
    assert "would be equivalent" in rows[4].message
    assert all(row.correction_latex is None for row in rows if row.verdict == "undecided")


@needs_parser
def test_a_doubt_holds_for_every_formula_of_its_sentence():
    # the words before the second formula no longer reach "A common mistake"
    document = read_bytes(
        rb"A common mistake is to claim the optimal step of gradient descent is "
        rb"$\alpha = \frac{4}{\lambda_1 + \lambda_n}$ and, in the same breath, that the "
        rb"optimal momentum of the heavy ball is "
        rb"$\beta = \frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}$. "
        rb"Its optimal rate is $\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+2}$." b"\n", "notes.md")
    rows = audit_document(document).rows
    assert [r.verdict for r in rows] == ["undecided", "undecided", "different"]


@needs_parser
def test_a_doubt_holds_for_a_short_formula_later_in_its_sentence():
    # the doubt lies beyond the few words kept before each formula, and the words after
    # the first show the second as its LaTeX (it is short)
    document = read_bytes(
        rb"A common mistake is to claim that the optimal rate of gradient descent with its "
        rb"best constant step is $\frac{\kappa-1}{\kappa}$, or that its optimal step size "
        rb"is $\alpha=\frac{2}{\lambda_1+\lambda_n}$." b"\n", "notes.md")
    first, second = audit_document(document).rows
    assert first.verdict == "not-a-claim" and second.verdict == "undecided", second.message
