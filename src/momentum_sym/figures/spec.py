"""What a figure is: a name, the results it plots, a data function and a drawing function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FigureSpec:
    """One figure.

    ``data()`` computes the plotted arrays from the derived results (no
    matplotlib); ``draw(figure, data)`` draws them on a matplotlib ``Figure``.
    ``caption`` is LaTeX (for ``main.tex``), ``caption_text`` the same in plain
    words (for the web); both say what is plotted and from which results.
    """

    name: str
    title: str
    uses: tuple[str, ...]
    data: Callable[[], Any]
    draw: Callable[[Any, Any], None]
    caption: str
    caption_text: str
    size: tuple[float, float] = (6.5, 3.4)  # inches: a LaTeX text width with 1in margins
