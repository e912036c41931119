"""SymPy's LaTeX grammar parsed in ANTLR's SLL prediction mode first.

SymPy's ``parse_latex`` runs ANTLR's full-context (LL) prediction, which on this
grammar spends most of a parse in ``execATNWithFullContext``: about 30 ms a
formula, ten times what SLL prediction takes.  ANTLR guarantees that SLL
prediction either builds the parse tree LL would build or reports a syntax error
(``PredictionMode.SLL``); so a formula is parsed here in SLL mode, and on any error
the caller parses it again with SymPy's own ``parse_latex``, whose answer (a tree
or the error it reports) stands.  This is the two-stage strategy the ANTLR
documentation recommends.  Two things stand apart from that guarantee: SLL uses less
of Python's stack, so it would read some formulas nested too deeply for SymPy's
recursive parse (the bounds of :mod:`momentum_sym.audit.latex` refuse any nested more
than ``MAX_NESTING`` deep before either parser runs); and on a few ambiguous inputs
SymPy's own parse varies with the process's hash seed, in both modes alike.

It builds SymPy's generated lexer and parser itself (``_parse_latex_antlr`` is not
SymPy's public interface); when those names are missing, or the ANTLR runtime is
not the 4.11 SymPy's parser was generated for, :func:`fast_parse` returns None and
the caller uses ``parse_latex`` alone.
"""

from __future__ import annotations

import functools
from importlib.metadata import PackageNotFoundError, version
from typing import Any


class NotParsed(Exception):
    """SLL prediction did not give a tree (or gave one not spanning the text)."""


@functools.cache
def _parts() -> tuple[Any, ...] | None:
    try:
        if not version("antlr4-python3-runtime").startswith("4.11"):
            return None
        import antlr4
        from antlr4.atn.PredictionMode import PredictionMode
        from sympy.parsing.latex import _parse_latex_antlr as generated
        parts = (antlr4, PredictionMode.SLL, generated.LaTeXLexer, generated.LaTeXParser,
                 generated.MathErrorListener, generated.convert_relation)
    except (ImportError, AttributeError, PackageNotFoundError):
        return None
    return None if any(p is None for p in parts) else parts


def fast_parse(text: str) -> Any:
    """``parse_latex(text, strict=True)`` by SLL prediction; raises :class:`NotParsed`
    when that gives no tree spanning the whole text (the caller then asks LL)."""
    parts = _parts()
    if parts is None:
        raise NotParsed("SLL parsing is unavailable")
    antlr4, sll, lexer_class, parser_class, listener_class, convert = parts
    text = text.strip()
    listener = listener_class(text)  # raises on the first syntax error
    lexer = lexer_class(antlr4.InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(listener)
    parser = parser_class(antlr4.CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(listener)
    parser._interp.predictionMode = sll
    try:
        relation = parser.math().relation()
        if relation.start.start != 0 or relation.stop.stop != len(text) - 1:
            raise NotParsed("the tree does not span the text")
        return convert(relation)
    except NotParsed:
        raise
    except Exception as error:  # any failure: LL decides, and reports it as SymPy does
        raise NotParsed(type(error).__name__) from None
