"""The HTML book: ``write_book(out_dir, derivations_and_reports, audit_rows=None)``.

Writes ``out_dir/html/``: ``index.html``, one ``<id>.html`` per result, ``audit.html``
when audit rows are given, and ``style.css``.  Mathematics is presentation MathML
(native in browsers): no JavaScript, no network access, deterministic bytes.
"""

from momentum_sym.html.book import render_book, write_book
from momentum_sym.html.mathml import math, mathml_body

__all__ = ["math", "mathml_body", "render_book", "write_book"]
