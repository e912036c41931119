"""A small, strict LaTeX-to-MathML translator for the formulas quoted in the audit.

Source formulas are text, not SymPy expressions, and may not be mathematics
SymPy can hold (``\\approx``, ``\\text{...}``); they are typeset as written.  The
translator knows a fixed table of commands (Greek letters, relations, ``\\frac``,
``\\sqrt``, ``\\left``/``\\right``, scripts, fonts, spacing) and refuses anything
else by raising :class:`Unreadable`; the caller then shows the source as code.
Nothing is evaluated; input length is bounded.
"""

from __future__ import annotations

import html
import re

from momentum_sym.render import names

MAX_LENGTH = 2000


class Unreadable(ValueError):
    """The formula uses something this translator does not know."""


_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[0-9]+(?:\.[0-9]+)?|\s+|.", re.S)

_GREEK = {f"\\{name}": uni for name, (uni, _tex) in names.GREEK.items()
          if name.isalpha() and name not in ("star", "infty", "top", "grad", "nabla",
                                             "lamda", "Lamda")}
_GREEK.update({r"\varepsilon": "ε", r"\vartheta": "ϑ", r"\varphi": "φ", r"\varrho": "ϱ",
               r"\ell": "ℓ"})

_OPERATORS = {
    r"\leq": "≤", r"\le": "≤", r"\geq": "≥", r"\ge": "≥", r"\neq": "≠", r"\ne": "≠",
    r"\approx": "≈", r"\cdot": "⋅", r"\times": "×", r"\pm": "±", r"\mp": "∓",
    r"\to": "→", r"\rightarrow": "→", r"\Rightarrow": "⇒", r"\iff": "⇔",
    r"\implies": "⇒", r"\infty": "∞", r"\nabla": "∇", r"\star": "⋆", r"\ast": "∗",
    r"\ldots": "…", r"\cdots": "⋯", r"\dots": "…", r"\in": "∈", r"\partial": "∂",
    r"\sim": "∼", r"\propto": "∝", r"\equiv": "≡", r"\mid": "|", r"\|": "‖",
    r"\{": "{", r"\}": "}", r"\langle": "⟨", r"\rangle": "⟩", r"\lVert": "‖",
    r"\rVert": "‖", r"\Vert": "‖", r"\vert": "|", r"\lvert": "|", r"\rvert": "|",
    r"\sum": "∑", r"\prod": "∏", r"\circ": "∘", r"\ll": "≪", r"\gg": "≫",
    r"\forall": "∀", r"\exists": "∃", r"\setminus": "∖", r"\mapsto": "↦",
    r"\vdots": "⋮", r"\ddots": "⋱", r"\notin": "∉", r"\subset": "⊂", r"\cup": "∪",
    r"\cap": "∩", r"\perp": "⊥",
}
_FUNCTIONS = {r"\lim", r"\max", r"\min", r"\sup", r"\inf", r"\log", r"\ln", r"\exp",
              r"\det", r"\sin", r"\cos", r"\tan", r"\arg", r"\tr", r"\diag", r"\sign"}
_SPACES = {r"\,": "0.17em", r"\;": "0.28em", r"\:": "0.22em", r"\!": None, r"\ ": "0.25em",
           r"\quad": "1em", r"\qquad": "2em", "~": "0.25em"}
_TEXT_COMMANDS = {r"\text", r"\mathrm", r"\operatorname", r"\textrm", r"\mbox"}
_FONT_COMMANDS = {r"\mathbf": "bold", r"\boldsymbol": "bold-italic", r"\mathcal": "script",
                  r"\mathbb": "double-struck", r"\mathit": "italic", r"\bm": "bold-italic"}
_ACCENTS = {r"\hat": "^", r"\bar": "¯", r"\tilde": "~", r"\vec": "→", r"\dot": "˙",
            r"\overline": "¯", r"\widehat": "^", r"\widetilde": "~"}
_IGNORED = {r"\displaystyle", r"\textstyle", r"\big", r"\Big", r"\bigg", r"\Bigg",
            r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\limits", r"\nolimits"}
#: Environments: (opening, closing, column alignment "rl" alternating / "l" / "c").
_ENVIRONMENTS = {
    "align": ("", "", "rl"), "align*": ("", "", "rl"), "aligned": ("", "", "rl"),
    "split": ("", "", "rl"), "equation": ("", "", "c"), "equation*": ("", "", "c"),
    "gather": ("", "", "c"), "gathered": ("", "", "c"), "array": ("", "", "c"),
    "matrix": ("", "", "c"), "bmatrix": ("[", "]", "c"), "pmatrix": ("(", ")", "c"),
    "vmatrix": ("|", "|", "c"), "cases": ("{", "", "l"),
}


#: Commands whose scripts are limits under and over them.
_LIMITS = {r"\sum", r"\prod", r"\lim", r"\max", r"\min", r"\sup", r"\inf"}

#: Unicode mathematical alphabets: (capital A, small a) code points by variant.
_ALPHABETS = {"bold": (0x1D400, 0x1D41A), "bold-italic": (0x1D468, 0x1D482),
              "script": (0x1D49C, None), "double-struck": (0x1D538, None),
              "italic": (0x1D434, 0x1D44E)}
#: Letters that live in the Letterlike Symbols block instead.
_LETTERLIKE = {("double-struck", "R"): "ℝ", ("double-struck", "N"): "ℕ",
               ("double-struck", "Z"): "ℤ", ("double-struck", "Q"): "ℚ",
               ("double-struck", "C"): "ℂ", ("double-struck", "H"): "ℍ",
               ("double-struck", "P"): "ℙ", ("script", "B"): "ℬ", ("script", "E"): "ℰ",
               ("script", "F"): "ℱ", ("script", "H"): "ℋ", ("script", "I"): "ℐ",
               ("script", "L"): "ℒ", ("script", "M"): "ℳ", ("script", "R"): "ℛ",
               ("italic", "h"): "ℎ"}


def _styled(letter: str, variant: str) -> str | None:
    """``letter`` in a mathematical alphabet, or None if it has no such form."""
    if (variant, letter) in _LETTERLIKE:
        return _LETTERLIKE[(variant, letter)]
    capital, small = _ALPHABETS[variant]
    if "A" <= letter <= "Z":
        return chr(capital + ord(letter) - ord("A"))
    if "a" <= letter <= "z" and small is not None:
        return chr(small + ord(letter) - ord("a"))
    return None


def _align(kind: str, column: int) -> str:
    """The CSS class of a cell (see ``mtd.r``, ``mtd.l``, ``mtd.c`` in style.css)."""
    if kind == "rl":
        return "r" if column % 2 == 0 else "l"
    return kind


_DELIMITERS = {"(", ")", "[", "]", "|", ".", r"\{", r"\}", r"\|", r"\langle", r"\rangle",
               r"\lVert", r"\rVert", r"\Vert", r"\vert", r"\lvert", r"\rvert"}


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


class _Parser:
    def __init__(self, text: str):
        self.tokens = [t for t in _TOKEN.findall(text)]
        self.position = 0

    def peek(self) -> str | None:
        while self.position < len(self.tokens) and self.tokens[self.position].isspace():
            self.position += 1
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise Unreadable("the formula ends early")
        self.position += 1
        return token

    def expect(self, token: str) -> None:
        got = self.take()
        if got != token:
            raise Unreadable(f"expected {token!r}, found {got!r}")

    def raw_group(self) -> str:
        """The text of a ``{...}`` group, unparsed (for ``\\text``)."""
        self.expect("{")
        depth, out = 1, []
        while self.position < len(self.tokens):
            token = self.tokens[self.position]
            self.position += 1
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return "".join(out)
            out.append(token)
        raise Unreadable("an unclosed group")

    def sequence(self, stop: set[str]) -> str:
        items = []
        while True:
            token = self.peek()
            if token is None or token in stop:
                break
            items.append(self.scripted())
        return "<mrow>" + "".join(items) + "</mrow>"

    def argument(self) -> str:
        token = self.peek()
        if token == "{":
            self.take()
            body = self.sequence({"}"})
            self.expect("}")
            return body
        if token is not None and len(token) > 1 and token.isdigit():
            # \frac12: a bare argument is one character
            self.tokens[self.position] = token[1:]
            return f"<mn>{token[0]}</mn>"
        return self.atom()

    def environment(self) -> str:
        r"""``\begin{NAME} ... \end{NAME}``: rows split at ``\\``, cells at ``&``."""
        name = self.raw_group().strip()
        if name not in _ENVIRONMENTS:
            raise Unreadable(f"unknown environment {name!r}")
        if name == "array":
            self.raw_group()  # the column specification
        rows: list[list[str]] = [[]]
        while True:
            rows[-1].append(self.sequence({"&", "\\\\", r"\end"}))
            token = self.take()
            if token == "&":
                continue
            if token == "\\\\":
                rows.append([])
                continue
            if self.raw_group().strip() != name:
                raise Unreadable(f"\\begin{{{name}}} closed by another \\end")
            break
        if rows[-1] == ["<mrow></mrow>"] and len(rows) > 1:
            rows.pop()  # a trailing \\
        opening, closing, align = _ENVIRONMENTS[name]
        if len(rows) == 1 and len(rows[0]) == 1 and not opening:
            return rows[0][0]
        table = "".join(
            "<mtr>" + "".join(f'<mtd class="{_align(align, j)}">{cell}</mtd>'
                              for j, cell in enumerate(row)) + "</mtr>" for row in rows)
        table = f"<mtable>{table}</mtable>"
        if opening or closing:
            left = f"<mo>{_esc(opening)}</mo>" if opening else ""
            right = f"<mo>{_esc(closing)}</mo>" if closing else ""
            return f"<mrow>{left}{table}{right}</mrow>"
        return table

    def scripted(self) -> str:
        start = self.peek()
        base = self.atom()
        limits = start in _LIMITS
        while self.peek() in (r"\limits", r"\nolimits"):
            limits = self.take() == r"\limits"
        sub = sup = None
        while self.peek() in ("^", "_", "'"):
            token = self.take()
            if token == "'":
                sup = (sup or "") + "<mo>′</mo>"
            elif token == "^":
                if sup is not None:
                    raise Unreadable("a double superscript")
                sup = self.argument()
            else:
                if sub is not None:
                    raise Unreadable("a double subscript")
                sub = self.argument()
        both, below, above = (("munderover", "munder", "mover") if limits
                              else ("msubsup", "msub", "msup"))
        if sub is not None and sup is not None:
            return f"<{both}>{base}{sub}<mrow>{sup}</mrow></{both}>"
        if sub is not None:
            return f"<{below}>{base}{sub}</{below}>"
        if sup is not None:
            return f"<{above}>{base}<mrow>{sup}</mrow></{above}>"
        return base

    def _letters(self) -> str | None:
        """The letters of a plain ``{ABC}`` or ``A`` argument (consumed), else None."""
        start = self.position
        token = self.peek()
        if token is not None and token.isalpha() and len(token) == 1:
            self.take()
            return token
        if token == "{":
            self.take()
            letters = []
            while self.peek() is not None and self.peek() != "}":
                item = self.take()
                if not (item.isalpha() and len(item) == 1):
                    self.position = start
                    return None
                letters.append(item)
            if self.peek() == "}":
                self.take()
                return "".join(letters)
        self.position = start
        return None

    def delimiter(self) -> str:
        token = self.take()
        if token not in _DELIMITERS:
            raise Unreadable(f"{token!r} is not a delimiter")
        if token == ".":
            return ""
        return f"<mo>{_esc(_OPERATORS.get(token, token))}</mo>"

    def atom(self) -> str:
        token = self.take()
        if token == "{":
            body = self.sequence({"}"})
            self.expect("}")
            return body
        if token[0].isdigit():
            return f"<mn>{token}</mn>"
        if token.isalpha() and len(token) == 1:
            return f"<mi>{token}</mi>"
        if token in _GREEK:
            return f"<mi>{_GREEK[token]}</mi>"
        if token in _OPERATORS:
            return f"<mo>{_esc(_OPERATORS[token])}</mo>"
        if token in _FUNCTIONS:
            return f"<mi>{token[1:]}</mi>"
        if token in _SPACES:
            width = _SPACES[token]
            return f'<mspace width="{width}"></mspace>' if width else ""
        if token in _IGNORED:
            return ""
        if token in (r"\frac", r"\dfrac", r"\tfrac"):
            return f"<mfrac>{self.argument()}{self.argument()}</mfrac>"
        if token == r"\sqrt":
            if self.peek() == "[":
                self.take()
                index = self.sequence({"]"})
                self.expect("]")
                return f"<mroot>{self.argument()}{index}</mroot>"
            return f"<msqrt>{self.argument()}</msqrt>"
        if token == r"\left":
            opening = self.delimiter()
            body = self.sequence({r"\right"})
            self.expect(r"\right")
            return f"<mrow>{opening}{body}{self.delimiter()}</mrow>"
        if token in _TEXT_COMMANDS:
            text = self.raw_group()
            if any(c in text for c in "\\$"):
                raise Unreadable("commands inside text")
            tag = "mtext" if token in (r"\text", r"\textrm", r"\mbox") else "mi"
            return f"<{tag}>{_esc(text)}</{tag}>"
        if token in _FONT_COMMANDS:
            variant = _FONT_COMMANDS[token]
            letters = self._letters()
            if letters is not None and all(_styled(c, variant) for c in letters):
                return "".join(f"<mi>{_styled(c, variant)}</mi>" for c in letters)
            body = self.argument()
            return f'<mstyle mathvariant="{variant}">{body}</mstyle>'
        if token in _ACCENTS:
            body = self.argument()
            return f'<mover accent="true">{body}<mo>{_esc(_ACCENTS[token])}</mo></mover>'
        if token == r"\begin":
            return self.environment()
        if token == r"\color":
            self.raw_group()  # colours are dropped; what they colour stays
            return ""
        if token == r"\mathop":
            return self.argument()
        if token in (r"\overbrace", r"\underbrace"):
            body = self.argument()
            tag, brace = (("mover", "⏞") if token == r"\overbrace" else ("munder", "⏟"))
            return f'<{tag}>{body}<mo stretchy="true">{brace}</mo></{tag}>'
        if token == r"\stackrel":
            over = self.argument()
            return f"<mover>{self.argument()}{over}</mover>"
        if token == r"\top":
            return '<mi mathvariant="normal">T</mi>'
        if token == "-":
            return "<mo>\u2212</mo>"
        if token in "()[]|":
            return f'<mo stretchy="false">{_esc(token)}</mo>'
        if token in "+=<>,;:!/*.?":
            return f"<mo>{_esc(token)}</mo>"
        if token == "~":
            return '<mspace width="0.25em"></mspace>'
        raise Unreadable(f"unknown {token!r}")


def tex_to_mathml(text: str) -> str:
    """The MathML content (an ``mrow``) of a LaTeX formula; raises :class:`Unreadable`."""
    text = text.strip()
    if len(text) > MAX_LENGTH:
        raise Unreadable("too long")
    for delimiters in (("$$", "$$"), ("$", "$"), (r"\[", r"\]"), (r"\(", r"\)")):
        opening, closing = delimiters
        if text.startswith(opening) and text.endswith(closing) and len(text) > 2 * len(opening):
            text = text[len(opening):-len(closing)].strip()
            break
    if not text:
        raise Unreadable("empty")
    parser = _Parser(text)
    body = parser.sequence(set())
    if parser.peek() is not None:
        raise Unreadable(f"unexpected {parser.peek()!r}")
    return body
