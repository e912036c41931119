"""A region in a document is judged whole (its ends, whether each is included, its
side of the bound) and with what the words say of it: a region where the method
converges, stated as one where it diverges, is wrong."""

import pytest

from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.review import audit_document
from tests.audit.conftest import needs_parser

SENTENCES = [
    # (a sentence of a document, the verdict on its formula)
    (r"Momentum converges for $0 < \alpha\lambda < 2+2\beta$.", "equivalent"),
    (r"Momentum diverges for $0 < \alpha\lambda < 2+2\beta$.", "different"),
    (r"Momentum is unstable for $0 < \alpha\lambda < 2+2\beta$.", "different"),
    (r"Momentum does not converge when $0 < \alpha\lambda < 2+2\beta$.", "undecided"),
    (r"Momentum converges for $0 < \alpha\lambda \le 2+2\beta$.", "different"),
    (r"Momentum converges whenever $\alpha\lambda \le 2(1+\beta)$.", "different"),
    (r"Gradient descent diverges when $\alpha\lambda < 2$.", "different"),
    (r"Gradient descent converges for $|1-\alpha\lambda| \le 1$.", "different"),
    (r"Gradient descent converges for $|1-\alpha\lambda| < 1$.", "equivalent"),
    (r"Gradient descent converges for $\alpha \le 2/L$.", "different"),
    (r"Gradient descent converges for $\alpha < 2/L$.", "equivalent"),
    (r"Momentum diverges for $\alpha\lambda > 2+2\beta$.", "equivalent"),
    # words about the rest of the line, a necessary condition, an assumption
    (r"Gradient descent diverges unless $0<\alpha\lambda<2$.", "undecided"),
    (r"Outside $0<\alpha\lambda<2+2\beta$ momentum diverges.", "undecided"),
    (r"Gradient descent converges only if $\alpha \le 2/L$.", "equivalent"),
    (r"A necessary condition for convergence is $\alpha \le 2/\lambda_n$.", "equivalent"),
    (r"We assume $\alpha\lambda < 3$ throughout this section.", "unreadable"),
    (r"Gradient descent converges if and only if $\alpha \le \frac{2}{\lambda}$.",
     "different"),
    (r"Tuning requires care: gradient descent converges whenever "
     r"$\alpha \le \frac{2}{\lambda}$.", "different"),
    (r"Gradient descent diverges for $\alpha\lambda \ge 2$.", "different"),
    (r"Gradient descent is stable except when $\alpha\lambda \ge 2$.", "equivalent"),
    (r"Gradient descent diverges for $\alpha < 2/\lambda$.", "different"),
    # a narrower region may be a true sufficient condition: not flagged
    (r"Momentum converges for $1 < \alpha\lambda < 2+2\beta$.", "unreadable"),
]


@needs_parser
@pytest.mark.parametrize(("sentence", "verdict"), SENTENCES, ids=range(len(SENTENCES)))
def test_a_region_is_judged_whole_with_its_words(sentence, verdict):
    text = f"# Notes\n\nThe eigenvalues lie between $\\mu$ and $L$.\n\n{sentence}\n"
    row = audit_document(read_bytes(text.encode(), "notes.md")).rows[-1]
    assert row.verdict == verdict, row.message
