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
