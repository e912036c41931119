"""Renderers: a Derivation and its DerivationReport as terminal text, LaTeX,
Markdown or JSON, and the build of the ``derivations/`` folder.

Renderers know no mathematics of momentum: they print SymPy claims with
:mod:`printers`, lay long ones out with :mod:`layout`, and take their words from
tables over step kinds and check statuses (:mod:`prose`).

    >>> from momentum_sym import get, verify
    >>> from momentum_sym.render import render
    >>> d = get("quadratic-optimum")
    >>> print(render(d, verify(d), "markdown"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport
from momentum_sym.render import json_format, latex, markdown, text
from momentum_sym.render.notebook import repr_latex, repr_markdown

Renderer = Callable[[Derivation, DerivationReport | None], str]

#: Output formats of ``show --format``, by name.
FORMATS: dict[str, Renderer] = {
    "text": text.show,
    "latex": latex.fragment,
    "markdown": markdown.page,
    "json": json_format.dumps,
}


def render(derivation: Derivation, report: DerivationReport | None, format: str) -> str:
    """``derivation`` (with its check outcomes, if ``report`` is given) in ``format``."""
    try:
        renderer = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}") from None
    return renderer(derivation, report)


def explain(derivation: Derivation, report: DerivationReport | None = None,
            numbers: bool = False, format: str = "text") -> str:
    """The teaching view (``momentum-sym explain``), as terminal text or Markdown;
    ``numbers`` adds a worked instance to every step."""
    if format == "markdown":
        return markdown.page(derivation, report, numbers)
    if format == "latex":
        return latex.fragment(derivation, report, numbers)
    return text.explain(derivation, report, numbers)


__all__ = ["FORMATS", "explain", "render", "repr_latex", "repr_markdown"]
