"""Readable symbol names: ``w^{k+1}``, ``x_i^k``, ``lambda_1`` as Unicode and LaTeX.

A SymPy name is read as a *base* followed by subscripts and superscripts
(``x_i^k``, ``w^{\\star}``, ``lambda_1``; trailing digits are a subscript, as
in SymPy).  Each part is then spelled from the tables below.  Names that do not
follow that grammar (``f(w)``) are printed as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from momentum_sym.notation import ALIASES, GREEK_LETTERS

#: name -> (Unicode, LaTeX) for the Greek letters (from the one notation table,
#: :mod:`momentum_sym.notation`) and a few named tokens.
GREEK: dict[str, tuple[str, str]] = {
    **GREEK_LETTERS,
    **{alias: GREEK_LETTERS[letter] for alias, letter in ALIASES.items()},
    "star": ("⋆", r"\star"), "\\star": ("⋆", r"\star"), "*": ("⋆", r"\star"),
    "infty": ("∞", r"\infty"), "\\infty": ("∞", r"\infty"),
    "top": ("T", "T"), "\\top": ("T", "T"), "grad": ("∇", r"\nabla"), "nabla": ("∇", r"\nabla"),
}

#: Named functions and operators: name -> (Unicode, LaTeX).
FUNCTIONS: dict[str, tuple[str, str]] = {
    "det": ("det", r"\det"), "diag": ("diag", r"\operatorname{diag}"), "exp": ("exp", r"\exp"),
    "log": ("log", r"\log"), "max": ("max", r"\max"), "sqrt": ("√", r"\surd"),
    "min": ("min", r"\min"), "tr": ("tr", r"\operatorname{tr}"),
}

#: Unicode superscript and subscript forms of single characters.
SUPERSCRIPT: dict[str, str] = dict(zip(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ⋆",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡ⋆",
    strict=True))
SUBSCRIPT: dict[str, str] = dict(zip(
    "0123456789+-=()aehijklmnoprstuvxβγρφχ",
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
    strict=True))

_PART = r"(?:\{[^{}]*\}|\\?[A-Za-z]+|[0-9]+|\*)"
_NAME = re.compile(rf"^(?P<base>[A-Za-z]+?)(?P<digits>[0-9]*)(?P<rest>(?:[_^]{_PART})*)$")
_SCRIPT = re.compile(rf"(?P<op>[_^])(?P<part>{_PART})")
_TOKEN = re.compile(r"\\?[A-Za-z]+|[0-9]+|\S")
_FUNCTION_LIKE = re.compile(r"^(?P<head>[^()\s]+)\((?P<args>[^()]*)\)$")
_LATEX_COMMAND = re.compile(r"^\\(?P<command>[A-Za-z]+)\{(?P<body>[^{}]*)\}$")
#: Unicode for names written as a LaTeX command (``\mathbf{1}``), by command.
COMMAND_UNICODE: dict[str, dict[str, str]] = {
    "mathbf": {"1": "𝟏", "0": "𝟎"}, "mathbb": {"1": "𝟙", "R": "ℝ", "N": "ℕ"},
}
#: Commands that only choose a font: in one line of text their argument stands alone.
_FONTS = frozenset({"mathbf", "boldsymbol", "bm", "mathrm", "mathit", "mathsf", "text",
                    "textrm", "operatorname", "mathbb"})


@dataclass(frozen=True)
class Name:
    """A symbol name split into base, subscripts and superscripts (raw text)."""

    base: str
    subscripts: tuple[str, ...] = ()
    superscripts: tuple[str, ...] = ()

    def with_subscript(self, text: str) -> Name:
        return Name(self.base, (*self.subscripts, text), self.superscripts)

    def with_superscript(self, text: str) -> Name:
        return Name(self.base, self.subscripts, (*self.superscripts, text))


@lru_cache(maxsize=2048)
def parse(name: str) -> Name | None:
    """``x_i^k`` -> Name("x", ("i",), ("k",)); None if the name is not of that form."""
    match = _NAME.match(name)
    if match is None:
        return None
    base = match["base"]
    subscripts = [match["digits"]] if match["digits"] else []
    superscripts: list[str] = []
    if base not in GREEK and len(base) > 1 and not (match["digits"] or match["rest"]):
        return None  # a word, not a letter with scripts
    for script in _SCRIPT.finditer(match["rest"]):
        part = script["part"]
        part = part[1:-1] if part.startswith("{") else part
        (subscripts if script["op"] == "_" else superscripts).append(part)
    return Name(base, tuple(subscripts), tuple(superscripts))


#: the script of a sequence value that counts steps: k or t, or one of them plus or
#: minus a whole number (k+1, t-1, (k+2))
_STEP = re.compile(r"^\(?(?P<letter>[kt])\s*(?:(?P<sign>[+-])\s*(?P<by>[0-9]+))?\)?$")


@lru_cache(maxsize=2048)
def sequence_value(name: str) -> tuple[tuple[str, ...], int] | None:
    """``x^{k+1}`` -> (the sequence, 1): a value of a sequence, named by the rest of its
    name and its step letter, and its offset from step k; ``x_i^{k-1}`` -> (x_i's key,
    -1).  None for a name with no step script, or more than one."""
    parsed = parse(name)
    if parsed is None:
        return None
    scripts = [("_", j, s) for j, s in enumerate(parsed.subscripts)] + \
        [("^", j, s) for j, s in enumerate(parsed.superscripts)]
    steps = [(op, j, m) for op, j, s in scripts
             if (m := _STEP.match(s.replace(" ", ""))) is not None]
    if len(steps) != 1:
        return None
    op, j, found = steps[0]
    offset = int(found["by"] or 0) * (-1 if found["sign"] == "-" else 1)
    rest = tuple(f"{o}{s}" for o, i, s in scripts if (o, i) != (op, j))
    return (parsed.base, op, found["letter"], *rest), offset


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _unicode_tokens(text: str) -> str:
    return "".join(GREEK.get(t, (t, t))[0] for t in _tokens(text))


def _latex_tokens(text: str) -> str:
    out = []
    for token in _tokens(text):
        if token in GREEK:
            out.append(GREEK[token][1] + " ")
        elif len(token) > 1 and token.isalpha():
            out.append(r"\mathrm{" + token + "}")
        else:
            out.append(token)
    return "".join(out).strip()


def _script_unicode(parts: list[str], table: dict[str, str], marker: str) -> str:
    if not parts:
        return ""
    text = ",".join(parts)
    if all(c in table for c in text):
        return "".join(table[c] for c in text)
    # Unicode has no subscript G: one character reads as L_G, more need parentheses
    return f"{marker}{text}" if len(text) == 1 else f"{marker}({text})"


def base_unicode(base: str) -> str:
    return GREEK.get(base, (base, base))[0]


def base_latex(base: str) -> str:
    if base in GREEK:
        return GREEK[base][1]
    if len(base) > 1:
        return r"\mathrm{" + base + "}"
    return base


def unicode_of(name: Name, subscript: str | None = None) -> str:
    """The Unicode spelling; ``subscript`` is an already rendered extra subscript."""
    subs = [_unicode_tokens(p) for p in name.subscripts]
    if subscript is not None:
        subs.append(subscript)
    sups = [_unicode_tokens(p) for p in name.superscripts]
    return (base_unicode(name.base) + _script_unicode(subs, SUBSCRIPT, "_")
            + _script_unicode(sups, SUPERSCRIPT, "^"))


def latex_of(name: Name, subscript: str | None = None) -> str:
    """The LaTeX spelling; ``subscript`` is an already rendered extra subscript."""
    text = base_latex(name.base)
    subs = [_latex_tokens(p) for p in name.subscripts]
    if subscript is not None:
        subs.append(subscript)
    if subs:
        text += "_{" + ",".join(subs) + "}"
    if name.superscripts:
        text += "^{" + ",".join(_latex_tokens(p) for p in name.superscripts) + "}"
    return text


@lru_cache(maxsize=2048)
def _primes(name: str) -> tuple[str, str]:
    """(the name, its trailing primes): ("x", "''") for x''; ("x", "") for x; a name
    that is only primes keeps them, since it has nothing to put them after."""
    unprimed = name.rstrip("'")
    return (unprimed, name[len(unprimed):]) if unprimed else (name, "")


def _star_only(name: str) -> bool:
    """A name whose only LaTeX command is a star script (sigma^{\\star}): read by the
    name grammar; any other command (x_{\\min}, \\nabla f) is read as LaTeX."""
    return not name.startswith("\\") and all(
        command == "\\star" for command in re.findall(r"\\[A-Za-z]+", name))


def unicode_name(name: str) -> str:
    """``w^{k+1}`` -> ``wᵏ⁺¹``; ``lambda_1`` -> ``λ₁``; other names unchanged."""
    if name in FUNCTIONS:
        return FUNCTIONS[name][0]
    command = _LATEX_COMMAND.match(name)
    if command:
        spelled = COMMAND_UNICODE.get(command["command"], {}).get(command["body"])
        if spelled is not None:
            return spelled
        # a font is only a style (\mathbf{x} is x); an accent or a root would be lost
        return command["body"] if command["command"] in _FONTS else name
    parsed = parse(name) if _star_only(name) else None
    if parsed is not None:  # also a star written in LaTeX: sigma^{\star}
        return unicode_of(parsed)
    if "\\" in name:
        return _latex_to_unicode(name)
    unprimed, primes = _primes(name)
    if primes:  # λ', xᵢ'
        return unicode_name(unprimed) + primes
    call = _FUNCTION_LIKE.match(name)
    if call:
        arguments = ", ".join(unicode_name(a.strip()) for a in call["args"].split(","))
        return f"{unicode_name(call['head'])}({arguments})"
    if _MATH_SAFE.match(name):
        return _NAME_TOKEN.sub(lambda m: unicode_name(m.group(0)) if parse(m.group(0))
                               or m.group(0) in GREEK else m.group(0), name)
    return name


@lru_cache(maxsize=2048)
def latex_name(name: str) -> str:
    """``w^{\\star}`` -> ``w^{\\star}``; ``lambda_n`` -> ``\\lambda_{n}``; names that
    are not of the base-and-scripts form are set upright and escaped."""
    if name in FUNCTIONS:
        return FUNCTIONS[name][1]
    if _LATEX_COMMAND.match(name):
        return name  # already LaTeX (``\mathbf{1}``)
    parsed = parse(name) if _star_only(name) else None
    if parsed is not None:  # also a star written in LaTeX: sigma^{\star}
        return latex_of(parsed)
    if "\\" in name:
        return name  # already LaTeX (``\nabla f(w^{k})``)
    unprimed, primes = _primes(name)
    if primes:  # b', x'': the name in italics, then its primes
        return latex_name(unprimed) + primes
    call = _FUNCTION_LIKE.match(name)
    if call:
        arguments = ", ".join(latex_name(a.strip()) for a in call["args"].split(","))
        return f"{latex_name(call['head'])}({arguments})"
    mixed = _mixed_latex(name)
    if mixed is not None:
        return mixed
    return r"\text{" + escape_text(name) + "}"


_NAME_TOKEN = re.compile(r"[A-Za-z]+[0-9]*(?:[_^](?:\{[^{}]*\}|[A-Za-z0-9]+|\*))*")
_MATH_SAFE = re.compile(r"^[A-Za-z0-9_^{}\[\]()+\-=,.|<>*/ \\]*$")


def _mixed_latex(name: str) -> str | None:
    """A name such as ``E[epsilon_i^j epsilon_i^l]``: each symbol-like token spelled
    as a name, the brackets and operators kept; None if other characters occur."""
    if not _MATH_SAFE.match(name) or "\\" in name:
        return None

    def token(m: re.Match) -> str:
        text = m.group(0)
        parsed = parse(text)
        if text in GREEK or text in FUNCTIONS or parsed is not None:
            return latex_name(text)
        return r"\mathrm{" + text + "}" if len(text) > 1 else text

    out = _NAME_TOKEN.sub(token, name.replace("*", " "))
    return out.replace(" ", r"\,")


#: LaTeX text-mode escapes, and Unicode characters with no glyph in the base fonts.
TEXT_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "^": r"\^{}",
    "#": r"\#", "%": r"\%", "&": r"\&", "$": r"\$", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
    "≤": r"$\le$", "≥": r"$\ge$", "≠": r"$\ne$", "→": r"$\to$", "⇒": r"$\Rightarrow$",
    "⇔": r"$\Leftrightarrow$", "∞": r"$\infty$", "×": r"$\times$", "·": r"$\cdot$",
    "⋆": r"$\star$", "∇": r"$\nabla$", "√": r"$\surd$", "±": r"$\pm$", "∈": r"$\in$",
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\dots{}",
    "é": r"\'e", "è": r"\`e", "ö": r"\"o", "ü": r"\"u", "ä": r"\"a",
    **{g: f"${latex}$" for g, latex in {v[0]: v[1] for v in GREEK.values()}.items()
       if not g.isascii()},
    "⋅": r"$\cdot$", "−": "-",
}
# scripts of one-line mathematics (λᵢ, xᵏ) raised and lowered in text mode
TEXT_ESCAPES.update({raised: rf"\textsuperscript{{{TEXT_ESCAPES.get(c, c)}}}"
                     for c, raised in SUPERSCRIPT.items() if raised != c})
TEXT_ESCAPES.update({lowered: rf"\textsubscript{{{TEXT_ESCAPES.get(c, c)}}}"
                     for c, lowered in SUBSCRIPT.items()})


_COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
_OPERATORS = frozenset("+-=<>")
_SCRIPT_GROUP = re.compile(r"([_^])(\{[^{}]*\}|[A-Za-z0-9])")
_UNICODE_COMMANDS = {"nabla": "∇", "pm": "±", "mp": "∓", "star": "⋆", "cdot": "⋅",
                     "infty": "∞", **{k: v[0] for k, v in GREEK.items() if k.isalpha()}}


def _latex_to_unicode(name: str) -> str:
    """A name written in LaTeX (``\\nabla f(w^{k})``) spelled in Unicode (``∇f(wᵏ)``);
    LaTeX with a command that has no single character (``\\frac``, ``\\tilde``) is
    returned as it is, never spelled as something else (``frac{b}{2}``, ``w``)."""
    if any(m[1] not in _UNICODE_COMMANDS for m in _COMMAND.finditer(name)):
        return name
    # the space after a command only ends it in LaTeX (∇f, α⋅2), but before an operator
    # it is the space around the operator (α + η)
    text = _COMMAND.sub(lambda m: _UNICODE_COMMANDS[m[1]] + (
        " " if m[0][-1:].isspace() and name[m.end():m.end() + 1] in _OPERATORS else ""),
        name)

    def script(m: re.Match) -> str:
        body = m[2][1:-1] if m[2].startswith("{") else m[2]
        table = SUPERSCRIPT if m[1] == "^" else SUBSCRIPT
        if all(c in table for c in body):
            return "".join(table[c] for c in body)
        if body in ("±", "∓"):  # no subscript sign exists: ξ± reads as intended
            return body
        return f"{m[1]}({body})"

    return _SCRIPT_GROUP.sub(script, text)


def escape_text(text: str) -> str:
    """Plain text for LaTeX's text mode; unknown non-ASCII characters become ``?``."""
    out = []
    for c in text:
        if c in TEXT_ESCAPES:
            out.append(TEXT_ESCAPES[c])
        elif ord(c) < 128:
            out.append(c)
        else:
            out.append("?")
    return "".join(out)


_RESULT = re.compile(r"^(?P<base>[A-Za-z]+?)(?P<digits>[0-9]*)(?:_(?P<sub>[A-Za-z0-9]+))?$")


def _result_parts(name: str) -> tuple[str, str | None] | None:
    """A result name that reads as one symbol: (symbol name, superscript) — beta,
    sigma_1, x_k, R; ``w_star`` is w with a star, ``x_next`` the next x (x⁺)."""
    if name.endswith("_star"):
        return name[: -len("_star")], r"\star"
    if name.endswith("_next"):
        return name[: -len("_next")], "+"
    m = _RESULT.match(name)
    if m is None:
        return None
    base, sub = m.group("base"), m.group("sub")
    symbolic = len(base) == 1 or base in GREEK
    if not symbolic or (sub is not None and len(sub) > 2 and sub not in GREEK):
        return None
    return name, None


def result_latex(name: str) -> str:
    """How a named result is labelled in LaTeX: a symbol when it is one (\\beta,
    \\sigma_{1}, w^{\\star}), otherwise its words upright (\\text{critical friction})."""
    parts = _result_parts(name)
    if parts is None:
        return r"\text{" + escape_text(name.replace("_", " ")) + "}"
    symbol, superscript = parts
    text = latex_name(symbol)
    return text + ("^{" + superscript + "}" if superscript else "")


def result_unicode(name: str) -> str:
    """The same label in Unicode: β, σ₁, w⋆, x⁺, critical friction."""
    parts = _result_parts(name)
    if parts is None:
        return name.replace("_", " ")
    symbol, superscript = parts
    text = unicode_name(symbol)
    if superscript == r"\star":
        return text + "⋆"
    return text + (SUPERSCRIPT.get(superscript, "^" + superscript) if superscript else "")


def result_symbol_name(name: str) -> str | None:
    """The symbol a result's name stands for, spelled as a symbol name (``w^{\\star}``,
    ``x^{+}``, ``beta``), or None when the name is words."""
    parts = _result_parts(name)
    if parts is None:
        return None
    symbol, superscript = parts
    return symbol + ("^{" + superscript + "}" if superscript else "")
