"""Formulas in text scraped from a rendered web page (KaTeX or MathJax).

A scraper that keeps the text of a rendered formula writes it up to three times in
a row: the glyphs in LaTeX order (the MathML copy), the LaTeX source (the
annotation), and the glyphs again in visual order (the HTML copy), e.g.
``wk+1=wk−α∇f(wk).w^{k+1} = w^k-\\alpha\\nabla f(w^k).wk+1=wk−α∇f(wk).``.

Such a triple is found by its *skeleton*, the letters and digits a reader sees
(Greek commands as Greek letters, ``\\text{diag}`` as ``diag``, colours, column
specifications and row spacing dropped): the skeleton of the glyph copy equals that
of the LaTeX copy, and the third copy has the same letters in another order.  Only
the LaTeX copy is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from momentum_sym.audit.documents.delimiters import Span

GREEK_LETTERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ",
    "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ",
}
#: Commands a renderer prints as their own letters.
_WORD_COMMANDS = frozenset([
    "max", "min", "arg", "argmin", "argmax", "log", "ln", "exp", "sin", "cos", "tan", "det",
    "lim", "sup", "inf", "dim", "ker", "deg", "gcd", "Pr"])
#: Commands whose braced argument is not printed.
_HIDDEN_ARGUMENT = frozenset({"color", "begin", "end", "label", "tag", "hspace", "vspace",
                              "kern", "mkern", "phantom"})
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_MAX_WINDOW = 6000  # characters examined after a line start
_MAX_SKELETON = 600  # letters in one copy


@dataclass(frozen=True)
class _Letter:
    char: str
    start: int
    end: int


def _skip_group(text: str, j: int, open_: str = "{", close: str = "}") -> int:
    """The offset after a group opened at ``j`` (or ``j`` when there is none)."""
    k = j
    while k < len(text) and text[k] == " ":
        k += 1
    if k >= len(text) or text[k] != open_:
        return j
    depth = 0
    for m in range(k, min(len(text), k + 400)):
        if text[m] == open_:
            depth += 1
        elif text[m] == close:
            depth -= 1
            if depth == 0:
                return m + 1
    return j


def skeleton(text: str, start: int, end: int) -> list[_Letter]:
    """The letters and digits of ``text[start:end]`` as a renderer would show them."""
    letters: list[_Letter] = []
    j = start
    while j < end and len(letters) < 3 * _MAX_SKELETON:
        c = text[j]
        if c == "\\":
            m = _COMMAND.match(text, j)
            name = m.group(1) if m else ""
            after = m.end() if m else j + 1
            if name in GREEK_LETTERS:
                letters.append(_Letter(GREEK_LETTERS[name], j, after))
            elif name in _WORD_COMMANDS:
                letters.extend(_Letter(ch, j, after) for ch in name)
            elif name in _HIDDEN_ARGUMENT:
                after = _skip_group(text, after)
                if name == "begin" and text.startswith("{array}", m.end()):
                    after = _skip_group(text, after)  # the column specification
            elif name == "\\":
                after = _skip_group(text, after, "[", "]")  # row spacing \\[0.4em]
            j = after
            continue
        if c == "^":
            # x^k_i is shown as x_i^k: the subscript's letters come first
            sup_end = _script_end(text, j + 1, end)
            if sup_end < end and text[sup_end] == "_":
                sub_end = _script_end(text, sup_end + 1, end)
                letters.extend(skeleton(text, sup_end + 1, sub_end))
                letters.extend(skeleton(text, j + 1, sup_end))
                j = sub_end
                continue
        if c.isalnum():
            letters.append(_Letter(c, j, j + 1))
        j += 1
    return letters


def _script_end(text: str, j: int, end: int) -> int:
    """The offset after a script's argument starting at ``j`` (a group, a command or
    one character)."""
    if j >= end:
        return end
    if text[j] == "{":
        return min(end, _skip_group(text, j))
    if text[j] == "\\":
        m = _COMMAND.match(text, j)
        return m.end() if m else j + 1
    return j + 1


def _latex_like(text: str) -> bool:
    return any(marker in text for marker in ("\\", "^", "_", "{"))


def _balanced_end(latex: str) -> str:
    """Trailing whitespace and unmatched opening brackets removed."""
    latex = latex.rstrip()
    while latex and latex[-1] in "([{" and (latex.count(latex[-1]) >
                                            latex.count({"(": ")", "[": "]", "{": "}"}[latex[-1]])):
        latex = latex[:-1].rstrip()
    return latex


def _triple_at(text: str, p: int) -> tuple[Span, int] | None:
    """The triple starting at ``p`` (its LaTeX copy, its span covering all three copies)
    and the offset after it."""
    end = min(len(text), p + _MAX_WINDOW)
    letters = skeleton(text, p, end)
    if len(letters) < 2:
        return None
    chars = [x.char for x in letters]
    first = chars[0]
    for k in range(1, min(_MAX_SKELETON, len(chars) // 2) + 1):
        if chars[k] != first or chars[k:2 * k] != chars[:k]:
            continue
        g1 = text[p:letters[k - 1].end]
        if "\\" in g1 or "$" in g1:
            return None
        # the LaTeX copy starts at the first plausible ASCII character after the glyphs
        s2 = letters[k].start
        q = letters[k - 1].end
        while q < s2 and not (text[q:s2].isascii() and (text[q] == "\\" or (
                not text[q].isspace() and text[q] not in ".,;:)]}"))):
            q += 1
        # and ends where the third copy's glyphs begin
        third = letters[2 * k].start if 2 * k < len(letters) else end
        e2 = letters[2 * k - 1].end
        while e2 < third and text[e2].isascii():
            e2 += 1
        latex = _balanced_end(text[q:e2])
        plain = text[q:letters[2 * k - 1].end]
        if not latex or not latex.isascii():
            continue
        if not _latex_like(plain) and plain.strip() != g1.strip():
            continue
        # the third copy: the same letters, perhaps in another order
        wanted = Counter(chars[:k])
        m = 2 * k
        while m < len(chars) and wanted[chars[m]] > 0:
            wanted[chars[m]] -= 1
            m += 1
        if sum(wanted.values()) > k // 4:
            continue
        after = letters[m - 1].end if m > 2 * k else e2
        # the span covers the glyph copies too, so that they are not taken for prose
        return Span(p, after, latex, "\n" in text[p:after], "scraped"), after
    return None


def scan(text: str, skip: list[Span] | None = None) -> list[Span]:
    """Every glyph/LaTeX/glyph triple of ``text`` that starts a line, outside ``skip``."""
    taken = sorted(skip or [], key=lambda s: s.start)
    found: list[Span] = []
    p = 0
    while p < len(text):
        line_end = text.find("\n", p)
        line_end = len(text) if line_end < 0 else line_end
        start = p
        while start < line_end and text[start] in " \t":
            start += 1
        inside = any(s.start <= start < s.end for s in taken)
        if start < line_end and not inside:
            hit = _triple_at(text, start)
            if hit is not None:
                span, after = hit
                found.append(span)
                nxt = text.find("\n", after)
                p = len(text) if nxt < 0 else nxt + 1
                continue
        p = line_end + 1
    return found
