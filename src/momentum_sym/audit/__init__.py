"""The audit: safe LaTeX input, the catalogue of source formulas, and verdicts.

    >>> from momentum_sym.audit import check
    >>> check(r"\\frac{2}{\\lambda_1 + \\lambda_n}", "gd-optimal-step-size.alpha").verdict
    'equivalent'
"""

from momentum_sym.audit.compare import Verdict, check
from momentum_sym.audit.latex import Unreadable

__all__ = ["Unreadable", "Verdict", "audit_markdown", "check"]


def audit_markdown() -> str:
    """The errata table for ``derivations/audit.md`` (runs the whole audit)."""
    from momentum_sym.audit.cli import audit_markdown as markdown

    return markdown()
