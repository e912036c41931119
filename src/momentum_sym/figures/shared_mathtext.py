"""One cache of matplotlib's mathtext layouts for all the renderers of the figures.

matplotlib caches a laid-out formula per ``MathTextParser``, and each renderer makes
its own parser, so every savefig, and each layout pass of constrained layout, lays
out every label and log-scale tick label again: 364 layouts for 48 strings in a
build.  A layout depends only on the parser's output type and the arguments of
``MathTextParser._parse_cached`` (the string, dpi, font properties, antialiasing
and glyph flags), so one cache keyed by those serves every parser and gives the
same objects, hence the same bytes.  Where that private method is missing or
different (another matplotlib), drawing goes on uncached.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager

_ARGUMENTS = ["self", "s", "dpi", "prop", "antialiased", "load_glyph_flags"]
#: Kept between figures too: their tick labels repeat ($10^{-8}$, ...).
_LAYOUTS: dict[tuple, object] = {}


@contextmanager
def shared_mathtext_layouts() -> Iterator[None]:
    from matplotlib.mathtext import MathTextParser

    per_parser = getattr(MathTextParser, "_parse_cached", None)
    if per_parser is None or list(inspect.signature(per_parser).parameters) != _ARGUMENTS:
        yield
        return
    layouts = _LAYOUTS

    def shared(self, s, dpi, prop, antialiased, load_glyph_flags):
        key = (self._output_type, s, dpi, prop, antialiased, load_glyph_flags)
        if key not in layouts:
            layouts[key] = per_parser(self, s, dpi, prop, antialiased, load_glyph_flags)
        return layouts[key]

    MathTextParser._parse_cached = shared
    try:
        yield
    finally:
        MathTextParser._parse_cached = per_parser
