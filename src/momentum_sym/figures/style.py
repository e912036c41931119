"""The look of every figure, as data: colours, marker styles, matplotlib settings.

The settings fix everything that could make two writes differ or depend on the
machine: the font (DejaVu Sans, shipped with matplotlib, for text and
mathematics), the SVG hash salt, text in SVG as paths, TrueType fonts embedded
in PDF.  They are applied with ``matplotlib.rc_context`` around each drawing
and write, so no global setting is changed.
"""

from __future__ import annotations

# Colour-blind-safe (Okabe-Ito), in the order components and methods are drawn.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

# Simulated iterates: black dots over the curves of the formulas.
SIMULATED = {"linestyle": "none", "marker": "o", "markersize": 3.0, "color": "black",
             "markerfacecolor": "white", "markeredgewidth": 0.8, "zorder": 5}

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
    "font.size": 9.0,
    "axes.titlesize": 9.5,
    "axes.labelsize": 9.0,
    "legend.fontsize": 7.5,
    "legend.framealpha": 0.9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.5,
    "lines.linewidth": 1.5,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "momentum-sym",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "pdf.compression": 6,
    "path.simplify": True,
    "image.interpolation": "nearest",
}

# Metadata that would otherwise carry the date or the matplotlib version.
METADATA = {
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
}
