"""Drawing and writing figures: PDF for LaTeX, SVG for the web, byte-identical every run.

matplotlib is imported here only inside functions, so ``momentum_sym.figures``
imports without it.  No global backend is chosen: each figure is a
``matplotlib.figure.Figure`` given its own canvas (Agg, PDF or SVG) explicitly,
and the style (``style.RC``) is applied with ``rc_context`` only while a figure
is drawn and saved.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from momentum_sym.figures.catalogue import names as all_names
from momentum_sym.figures.catalogue import spec
from momentum_sym.figures.shared_mathtext import shared_mathtext_layouts
from momentum_sym.figures.spec import FigureSpec
from momentum_sym.figures.style import METADATA, RC
from momentum_sym.render.names import escape_text

FORMATS = ("pdf", "svg")


class MatplotlibMissing(ImportError):
    """Drawing needs the optional ``plots`` extra."""


def _matplotlib():
    try:
        import matplotlib
    except ImportError as error:
        raise MatplotlibMissing(
            "drawing figures needs matplotlib: pip install 'momentum-sym[plots]'") from error
    return matplotlib


def _check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    formats = tuple(formats)
    unknown = [f for f in formats if f not in METADATA]
    if unknown:
        raise ValueError(f"unknown figure format {unknown[0]!r}; use pdf, svg or png")
    return formats


def _canvas(fmt: str):
    if fmt == "pdf":
        from matplotlib.backends.backend_pdf import FigureCanvasPdf
        return FigureCanvasPdf
    if fmt == "svg":
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        return FigureCanvasSVG
    if fmt == "png":
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        return FigureCanvasAgg
    raise ValueError(f"unknown figure format {fmt!r}; use one of pdf, svg, png")


def render(figure: FigureSpec | str, data=None,
           formats: Iterable[str] = (*FORMATS, "png")) -> dict[str, bytes]:
    """Draw one figure (a name or a spec; its data computed unless given) and return its
    bytes per format: PDF, SVG and PNG unless ``formats`` says otherwise."""
    figure_spec = spec(figure) if isinstance(figure, str) else figure
    return _render(figure_spec, _check_formats(formats), data)


def _render(figure_spec: FigureSpec, formats: tuple[str, ...], data=None) -> dict[str, bytes]:
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    if data is None:
        data = figure_spec.data()
    out: dict[str, bytes] = {}
    with matplotlib.rc_context(RC), shared_mathtext_layouts():
        figure = Figure(figsize=figure_spec.size, layout="constrained")
        figure_spec.draw(figure, data)
        for fmt in formats:
            canvas = _canvas(fmt)(figure)
            buffer = io.BytesIO()
            canvas.print_figure(buffer, format=fmt, metadata=METADATA[fmt])
            out[fmt] = buffer.getvalue()
    return out


def _write_atomic(path: Path, content: bytes) -> None:
    """Write to a new file beside ``path`` (created with the usual permissions, unlike
    ``mkstemp``'s 0600), then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp"
    try:
        with open(temporary, "xb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_figures(out_dir: str | os.PathLike, names: Iterable[str] | None = None,
                  formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write each figure (all of them unless ``names`` is given) as
    ``out_dir/figures/NAME.FORMAT``, atomically; return the paths written, in order."""
    folder = Path(out_dir) / "figures"
    formats = _check_formats(formats)
    specs = [spec(name) for name in (all_names() if names is None else names)]
    written = []
    for figure_spec in specs:
        contents = _render(figure_spec, formats)
        for fmt in formats:
            path = folder / f"{figure_spec.name}.{fmt}"
            _write_atomic(path, contents[fmt])
            written.append(path)
    return written


def latex_include(name: str, width: str = r"\linewidth") -> str:
    """The LaTeX ``figure`` environment for ``figures/NAME.pdf`` (needs ``graphicx``),
    with its caption and the label ``fig:NAME``."""
    figure_spec = spec(name)
    return (
        "\\begin{figure}[htbp]\n"
        "  \\centering\n"
        f"  \\includegraphics[width={width}]{{figures/{name}.pdf}}\n"
        # the short caption (the title) is what the label keeps: the mathematics of the
        # long one reads back differently from the .aux file, and LaTeX asks for a rerun
        f"  \\caption[{{{escape_text(figure_spec.title)}}}]{{{figure_spec.caption}}}\n"
        f"  \\label{{fig:{name}}}\n"
        "\\end{figure}\n"
    )


#: How to draw the figures, said where a figure is missing (LaTeX).
DRAW_THEM = (r"To draw the figures, install the plots extra, "
             r'\texttt{pip install "momentum-sym[plots]"}, '  # cmtt's " is straight
             r"then run \texttt{momentum-sym build}.")


def latex_include_if_drawn(name: str, width: str = r"\linewidth") -> str:
    """:func:`latex_include` when ``figures/NAME.pdf`` is there as the document is
    compiled, otherwise one framed sentence naming the figure and saying how to draw
    it: the same LaTeX compiles with or without the figures (the plots extra)."""
    figure_spec = spec(name)
    missing = (f"\\begin{{center}}\\fbox{{\\parbox{{0.9\\linewidth}}{{\\small Figure "
               f"\\emph{{{figure_spec.title}}} is not drawn. {DRAW_THEM}}}}}\\end{{center}}")
    return (f"\\IfFileExists{{figures/{name}.pdf}}{{%\n"
            f"{latex_include(name, width).rstrip()}%\n"
            f"}}{{%\n{missing}%\n}}\n")
