"""The audit: a verdict on every formula of a document, and ``check`` for one formula.

    >>> from momentum_sym.audit import check
    >>> check(r"\\frac{2}{\\lambda_1 + \\lambda_n}", "gd-optimal-step-size.alpha").verdict
    'equivalent'

A document (``.tex``, ``.md``, ``.html``, ``.txt``) goes through: finding its formulas
(:mod:`.documents`), cutting them into relations (:mod:`.relations`), reading the
document's notation (:mod:`.notation`), working out what each relation claims
(:mod:`.claims`), and judging it with the verdict policy of ``check``
(:mod:`.review`, :mod:`.facts`); :mod:`.report` prints the result.
:func:`audit_file` does it all for one file.
"""

from momentum_sym.audit.compare import Verdict, check
from momentum_sym.audit.latex import Unreadable

__all__ = ["Unreadable", "Verdict", "audit_file", "audit_markdown", "check"]


def audit_file(path: str):
    """The audit of the document at ``path`` (a :class:`~.review.DocumentAudit`; raises
    :class:`~.documents.NotText` for a file that is not text)."""
    from momentum_sym.audit.documents import read_path
    from momentum_sym.audit.review import audit_document

    return audit_document(read_path(path))


def audit_markdown() -> str:
    """The errata table for ``derivations/audit.md`` (runs the whole audit)."""
    from momentum_sym.audit.cli import audit_markdown as markdown

    return markdown()
