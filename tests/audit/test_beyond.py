"""A bound stated with the region beyond it (``alpha lambda > 2 + 2 beta``): the bound
is compared, and what the formula's own sentence says happens there is judged; a
sentence that says nothing leaves it undecided, never equivalent."""

import pytest

from momentum_sym.audit.claims.context import Context, Setting
from momentum_sym.audit.claims.scalars import said_beyond
from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.review import audit_document
from tests.audit.conftest import needs_parser

BEYOND = [
    # (the sentence around the formula, its verdict)
    (rb"Momentum converges when $\alpha\lambda > 2 + 2\beta$.", "different"),
    (rb"It is stable for $\alpha\lambda > 2 + 2\beta$.", "different"),
    (rb"Momentum diverges when $\alpha\lambda > 2 + 2\beta$.", "equivalent"),
    (rb"For $\alpha\lambda > 2 + 2\beta$ the iterates blow up.", "equivalent"),
    (rb"It converges below the edge and diverges for $\alpha\lambda > 2 + 2\beta$.",
     "equivalent"),
    (rb"Consider $\alpha\lambda > 2 + 2\beta$ here.", "undecided"),
    (rb"It diverges, surely. Consider $\alpha\lambda > 2 + 2\beta$ here.", "undecided"),
    # a negation, or another clause, never turns a right sentence into an erratum
    (rb"Momentum does not converge when $\alpha\lambda > 2 + 2\beta$.", "undecided"),
    (rb"For $\alpha\lambda > 2 + 2\beta$ the method no longer converges.", "undecided"),
    (rb"Convergence is lost when $\alpha\lambda > 2 + 2\beta$.", "undecided"),
    (rb"It is not stable for $\alpha\lambda > 2 + 2\beta$.", "undecided"),
    (rb"It converges for small steps; for $\alpha\lambda > 2 + 2\beta$ it diverges.",
     "equivalent"),
    # a wrong bound is different whatever the words say
    (rb"Momentum diverges when $\alpha\lambda > 2 + \beta$.", "different"),
]


@needs_parser
@pytest.mark.parametrize(("sentence", "verdict"), BEYOND)
def test_the_region_beyond_a_bound(sentence, verdict):
    document = read_bytes(b"# Momentum\n\n" + sentence + b"\n", "notes.md")
    (row,) = audit_document(document).rows
    assert row.verdict == verdict, row.message
    assert row.target == "momentum-convergence-region.upper"


@pytest.mark.parametrize(("before", "after", "said"), [
    ("it converges and then diverges for", "", "diverges"),
    ("it diverges and then converges for", "", "converges"),
    ("for", "the method is unstable.", "diverges"),
    ("for", "it is stable. It diverges later.", "converges"),
    ("It diverges. Then, for", "nothing.", ""),
    ("it does not converge for", "", ""),
    ("it converges below; beyond, for", "it diverges.", "diverges"),
])
def test_the_nearest_words_in_the_sentence_decide(before, after, said):
    assert said_beyond(Context(Setting(), before=before, after=after)) == said
