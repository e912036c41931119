"""The audit needs SymPy's LaTeX parser (ANTLR runtime 4.11); without it the
tests that parse are skipped with the reason.  The bundled texts are in the package
(``momentum_sym/sources/``), so they are always there."""

from pathlib import Path

import pytest

from momentum_sym.audit.documents.bundled import bundled_dir
from momentum_sym.audit.latex import parser_available

AVAILABLE, WHY = parser_available()
SEEDS = bundled_dir()  # the bundled texts, wherever they live
DOCUMENTS = Path(__file__).resolve().parent / "documents"  # held-out style documents

needs_parser = pytest.mark.skipif(not AVAILABLE, reason=f"LaTeX parser unavailable: {WHY}")


def last_claim(text: bytes):
    """The audit's row for the last claim of a Markdown post with ``text`` under a title
    (a parameter's value or a symbol beside it, nu = 0, is no claim)."""
    from momentum_sym.audit.documents import read_bytes
    from momentum_sym.audit.review import audit_document

    document = read_bytes(b"# Notes\n\n" + text + b"\n", "post.md")
    return [r for r in audit_document(document).rows if r.verdict != "not-a-claim"][-1]
