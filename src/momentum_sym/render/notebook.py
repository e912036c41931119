"""Rich display in Jupyter, without checks (displaying must be instant).

The kernel's ``Derivation`` can delegate to these::

    def _repr_latex_(self):
        from momentum_sym.render.notebook import repr_latex
        return repr_latex(self)
"""

from __future__ import annotations

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.render.printers import latex


def repr_latex(derivation: Derivation) -> str:
    """The named results as one LaTeX display (what Jupyter shows for ``d``)."""
    if not derivation.results:
        return r"$\text{" + derivation.id + "}$"
    rows = [r"\mathtt{" + name.replace("_", r"\_") + r"} &= " + latex(value)
            for name, value in derivation.results.items()]
    return "$$\\begin{aligned}" + r" \\ ".join(rows) + "\\end{aligned}$$"


def repr_markdown(derivation: Derivation) -> str:
    """The derivation as a Markdown page, without check outcomes."""
    from momentum_sym.render.markdown import page

    return page(derivation, None)
