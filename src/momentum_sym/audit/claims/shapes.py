"""Shapes of LaTeX a rule looks for: a single symbol, a sum, a gradient, a component, a 2x2
matrix.
"""

from __future__ import annotations

import re

from momentum_sym.audit import scan
from momentum_sym.audit.keys import Key, keys_of
from momentum_sym.audit.notation import flat

SUM = re.compile(r"\\sum(\\limits)?(_\{[^{}]*\}|_[A-Za-z0-9])?(\^\{[^{}]*\}|\^[A-Za-z0-9])?")


NABLA = re.compile(r"\\nabla(?:_\{?[a-z]\}?)?\s*([fhFgLJ])\s*(?:\\left)?\(")
#: A gradient as a subject: ``\\nabla f(x)``, ``\\nabla_x f(x)``, ``\\partial_x f(x)``.
GRADIENT = re.compile(r"\\(?:nabla|partial)(?:_\{?\\?[A-Za-z]+\}?)?\s*([fhFgLJ])\s*"
                      r"(?:\\left)?\(")


NUMBER = re.compile(r"^[\s\d.,+\-{}()^]*$")


def is_symbol(latex: str) -> Key | None:
    """The key when ``latex`` is a single (decorated) symbol."""
    found = keys_of(latex)
    if len(found) != 1:
        return None
    rest = flat(latex)
    rest = re.sub(r"[_^](\{[^{}]*(\{[^{}]*\}[^{}]*)*\}|\\[A-Za-z]+|.)", "", rest)
    if re.search(r"\\(sqrt|frac|tfrac|dfrac|cdot|times|sum|prod|max|min)(?![A-Za-z])|"
                 r"[-+/*|]", rest):
        return None
    rest = re.sub(r"\\(text|mathrm|operatorname)\{[^{}]*\}", "", rest)
    rest = re.sub(r"\\[A-Za-z]+", "", rest).replace("{", "").replace("}", "").replace("'", "")
    return found[0] if len(rest) <= 1 else None


def has_command(latex: str, *commands: str) -> bool:
    return any(re.search(re.escape(c) + r"(?![A-Za-z])", latex) for c in commands)


def strip_sum(latex: str) -> tuple[str, str] | None:
    """(coefficient before the sum, summand) when ``latex`` is ``c \\sum_i s``."""
    m = SUM.search(latex)
    if not m:
        return None
    return latex[:m.start()].strip(), latex[m.end():].strip()


def has_eigenvalue(latex: str) -> bool:
    return any(k.base in ("lambda", "Lambda") for k in keys_of(latex))


COMPONENT_CLOSE = re.compile(r"\)\s*_\s*(\{\s*[ij]\s*\}|[ij])(?![A-Za-z0-9])")


def vector_lift(latex: str) -> str:
    """``(V)_i`` written as ``(V)``: the i-th component of a vector identity read as the
    whole vector."""
    out = latex
    for _ in range(20):
        m = COMPONENT_CLOSE.search(out)
        if not m:
            break
        depth, j = 0, m.start()
        while j >= 0:
            depth += {")": 1, "(": -1}.get(out[j], 0)
            if depth == 0:
                break
            j -= 1
        if j < 0:
            break
        out = out[:m.start() + 1] + out[m.end():]
    return out


def lift_scalars(latex: str) -> str:
    """``\\lambda_i x_i^k`` as ``\\Lambda x^k``: per-component symbols as vectors."""
    out = re.sub(r"\\lambda\s*_\s*(\{\s*i\s*\}|i)(?![A-Za-z0-9])", r"\\Lambda ", latex)
    script = r"(\{[^{}]*\}|[A-Za-z0-9])"
    out = re.sub(r"([xyz])\s*_\s*(?:\{\s*i\s*\}|i)\s*\^\s*" + script, r"\1^\2", out)
    out = re.sub(r"([xyz])\s*\^\s*" + script + r"\s*_\s*(?:\{\s*i\s*\}|i)(?![A-Za-z0-9])",
                 r"\1^\2", out)
    return out


def diag(latex: str) -> str:
    return re.sub(r"\\(?:text|operatorname|mathrm)\s*\{diag\}\s*\((?:[^()]*)\)|"
                  r"\bdiag\s*\((?:[^()]*)\)", r"\\Lambda ", latex)


def matrix_cells(latex: str) -> list[list[str]] | None:
    """The entries of a 2x2 matrix written as one environment (pmatrix, bmatrix,
    array inside a left/right pair), or None."""
    text = latex.strip()
    m = re.fullmatch(r"\\left\s*[(\[]\s*(.*?)\s*\\right\s*[)\]]", text, re.S)
    if m:
        text = m.group(1).strip()
    env = scan.environment(text)
    if env is None:
        return None
    rows = [[c.strip() for c in scan.split_top(row, "&")] for row in scan.rows(env[1])
            if row.strip()]
    if len(rows) != 2 or any(len(row) != 2 for row in rows):
        return None
    return rows


def pmatrix(cells: list[list[str]]) -> str:
    return ("\\begin{pmatrix} " + " \\\\ ".join(" & ".join(f"{{{c}}}" for c in row)
                                               for row in cells) + " \\end{pmatrix}")


def gradient_head(latex: str) -> str | None:
    """The argument of ``\\nabla f(ARG)`` (or ``\\partial_x f(ARG)``) when ``latex`` is
    exactly a gradient."""
    m = GRADIENT.match(flat(latex))
    if not m:
        return None
    text = flat(latex)
    end = scan._matching(text, m.end() - 1, "(", ")")
    rest = text[end:]
    if rest and not re.fullmatch(r"(\\right\))?(_\{?[ij]\}?)?", rest):
        return None
    return text[m.end():end - 1] + ("|component" if rest and "_" in rest else "")
