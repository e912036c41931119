"""Figures computed from the derived formulas, overlaid with simulated iterates.

Each figure splits into a pure data function (the plotted arrays, from the
registry's results and the algorithms of ``witness/``; no matplotlib) and a
drawing function (matplotlib, the optional ``plots`` extra, imported only when
drawing).  ``write_figures(out_dir)`` writes ``out_dir/figures/NAME.pdf`` and
``NAME.svg`` byte-identically from run to run; ``latex_include(name)`` is the
LaTeX snippet that includes one.

    >>> from momentum_sym.figures import names, spec
    >>> d = spec("loss-decomposition").data()     # numbers only
    >>> write_figures("derivations")              # needs matplotlib  # doctest: +SKIP
"""

from momentum_sym.figures.catalogue import FIGURES, names, spec
from momentum_sym.figures.output import (
    FORMATS,
    MatplotlibMissing,
    latex_include,
    latex_include_if_drawn,
    render,
    write_figures,
)
from momentum_sym.figures.spec import FigureSpec

__all__ = ["FIGURES", "FORMATS", "FigureSpec", "MatplotlibMissing", "latex_include",
           "latex_include_if_drawn", "names", "render", "spec", "write_figures"]
