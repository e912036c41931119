"""Safe LaTeX input: a printed formula to a SymPy expression.

No text is ever evaluated as Python (no ``eval``, ``sympify`` or ``parse_expr``
on the input).  The pipeline:

1. *Bounds*: at most :data:`MAX_CHARS` characters of printable ASCII, balanced
   braces, brackets and braces nested at most :data:`MAX_NESTING` deep, numerals of
   at most :data:`MAX_DIGITS` digits, exponents nested at most
   :data:`MAX_EXPONENT_DEPTH` deep.
2. *Tokens and normalisation*: every control word must be in a whitelist
   (so ``\\input``, ``\\def`` ... are refused by name); spacing (``\\,``
   ``\\!`` ``\\quad`` ``~``), ``\\left``/``\\right``, ``\\color``, font
   wrappers (``\\mathbf``, ``\\boldsymbol``, ``\\mathrm``) are dropped,
   ``\\tfrac``/``\\dfrac`` become ``\\frac``, brackets become parentheses,
   decimals become fractions.
3. *Atoms*: each letter or Greek letter with its subscript and superscript
   (``\\lambda_i``, ``x_i^0``, ``x^0_i``, ``w^{k+1}``, ``\\sigma_1^k``) is read
   as one *key* such as ``x_i^0``; a key the notation knows becomes one
   placeholder symbol, otherwise the base and subscript become the symbol and
   the superscript stays a power.
4. *Relations* (``=``, ``<``, ``\\le`` ...) split the formula into members at
   the top level; matrices (``pmatrix``, ``bmatrix``, ``array``) are split into
   entries.
5. Each member is parsed by SymPy's LaTeX parser (ANTLR backend) into an
   unevaluated tree, which :func:`rebuild` turns into an evaluated expression
   node by node, refusing numeric powers that would be huge.

Time and memory are bounded by running a whole check in a worker process that is
killed when its time is up and may not grow past its memory limit
(:func:`run_bounded`).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement

from momentum_sym import bounded
from momentum_sym.audit import sll
from momentum_sym.bounded import TimedOut as TimedOut  # re-exported: callers catch it here
from momentum_sym.notation import GREEK_LETTERS

MAX_CHARS = 2000
MAX_DIGITS = 12
MAX_EXPONENT_DEPTH = 2
#: brackets and braces nested deeper are refused; SymPy's recursive parser runs out of
#: Python's stack somewhere past 50 levels (where depends on the construct and on the
#: parsing mode), so the limit is said here, the same whatever parses
MAX_NESTING = 40
MAX_POWER = 1000  # largest numeric exponent rebuilt
MAX_TOKENS = 1500


def _words(text: str) -> list[str]:
    return text.split()


class Unreadable(ValueError):
    """The formula cannot be read; the message names what could not be read."""


GREEK = frozenset(GREEK_LETTERS)  # the one notation table, as the printers use it

#: Control words dropped with no argument.
_DROP = frozenset(_words("""
left right quad qquad displaystyle textstyle limits nolimits big Big bigg Bigg
bigl bigr Bigl Bigr biggl biggr , ! ; : > space
""")) | {" "}
#: Control words kept (they reach the parser as they are).
_KEEP = frozenset(["frac", "sqrt", "cdot", "times", "max", "min"])
#: Font wrappers: the argument is kept, the wrapper dropped.
#: the wrappers that make a digit a vector (\mathbf{1}, the vector of ones)
_BOLD = frozenset(["mathbf", "boldsymbol", "bm", "pmb", "mathbfit"])
_WRAPPERS = frozenset(["mathbf", "boldsymbol", "mathrm", "mathit", "bm", "mathsf", "vec",
                       "pmb", "mathbfit"])
#: Wrappers in which a word names an operator or a label (\mathrm{sign}), not a product.
_UPRIGHT = frozenset(["mathrm", "mathsf", "mathit"])
#: Accents: ``\hat{w}`` is the symbol ``w^hat``, never a power.
_ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde",
            "widetilde": "tilde", "dot": "dot", "ddot": "ddot", "check": "check",
            "breve": "breve"}
#: Superscripts that decorate a symbol rather than raise it to a power.
DECORATIONS = frozenset({"star", "prime", "primeprime", "hat", "bar", "tilde", "dot", "ddot",
                         "check", "breve", "T"})
#: Relations splitting a formula into members.
_RELATIONS = {"=": "=", "<": "<", ">": ">", "le": "<=", "leq": "<=", "ge": ">=",
              "geq": ">=", "neq": "!=", "ne": "!=", "approx": "~", "lt": "<", "gt": ">",
              "coloneqq": ":="}
_MATRIX_ENVS = frozenset({"pmatrix", "bmatrix", "matrix", "array"})
#: bars around a matrix: its determinant (a number), which is not read as the matrix
_DETERMINANT_ENVS = frozenset({"vmatrix", "Vmatrix"})
_STAR = {"star", "ast"}
_KNOWN = (GREEK | _DROP | _KEEP | _WRAPPERS | set(_RELATIONS) | set(_ACCENTS) | {
          "lvert", "rvert", "vert", "over", "tag", "label", "phantom", "hphantom", "vphantom",
          "nonumber", "notag",
          "tfrac", "dfrac", "color",
          "begin", "end", "text", "textrm", "operatorname", "top", "intercal", "{", "}",
          "\\", "|"} | _STAR)


#: Commands that read files, define macros or change the lexer: refused anywhere.
_FORBIDDEN = frozenset(_words("""
input include includeonly def edef gdef xdef let newcommand renewcommand
providecommand DeclareMathOperator usepackage documentclass catcode csname
endcsname expandafter write openout openin read immediate special file jobname
makeatletter loop repeat write18 directlua
"""))


# -- tokens ------------------------------------------------------------------------


def bold_key(digit: str) -> str:
    """The key of a bold digit: ``\\mathbf{1}``, the vector of ones, is a name of its
    own (read as the number where the result has no such vector)."""
    return f"\\mathbf{{{digit}}}"


@dataclass(frozen=True)
class Tok:
    kind: str  # "cmd", "char", "num", "space", "unknown", "bold" (a bold digit)
    text: str


_TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\d+(?:\.\d+)?|\.\d+)|(\s+)|(.)", re.S)


def tokenize(text: str) -> list[Tok]:
    """Bounded tokenisation: refuses long, non-ASCII or unbalanced input."""
    if not isinstance(text, str):
        raise Unreadable("the formula must be text")
    if len(text) > MAX_CHARS:
        raise Unreadable(f"the formula is too long ({len(text)} characters, at most {MAX_CHARS})")
    bad = sorted({c for c in text if not (32 <= ord(c) < 127 or c in "\t\n\r")})
    if bad:
        raise Unreadable(f"cannot read the character {bad[0]!r} (LaTeX source is ASCII)")
    tokens: list[Tok] = []
    depth = 0
    nesting = 0  # brackets and braces open (a half-open interval's bracket may not close)
    for m in _TOKEN.finditer(text):
        cmd, num, space, char = m.groups()
        if cmd is not None:
            if cmd == "not":  # \not= was a symbol beside the name, and the claim equal
                raise Unreadable("a negated relation (\\not) is not compared")
            if cmd in _FORBIDDEN:
                raise Unreadable(f"refused: the command \\{cmd} is never read")
            tokens.append(Tok("cmd" if cmd in _KNOWN else "unknown", cmd))
        elif num is not None:
            following = text[m.end():m.end() + 2]  # "1.2.3", "1..2" (a full stop may end it)
            if re.fullmatch(r"\.[\d.]", following) or (num.startswith(".") and tokens and
                                                       tokens[-1].kind == "num"):
                start = m.start() if num[0] != "." else m.start() - len(tokens[-1].text)
                written = re.match(r"[\d.]+", text[start:])
                raise Unreadable(f"cannot read the number {written.group(0)[:20]}: a number "
                                 "has at most one decimal point")
            digits = num.replace(".", "")
            if len(digits) > MAX_DIGITS:
                raise Unreadable(f"the number {num[:20]}... has too many digits")
            tokens.append(Tok("num", num))
        elif space is not None:
            tokens.append(Tok("space", " "))
        else:
            if char in "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    raise Unreadable("unbalanced braces: a '}' closes nothing")
            if char in "%$@\"`?;!":
                raise Unreadable(f"cannot read the character {char!r}")
            if char in "([{":
                nesting += 1
                if nesting > MAX_NESTING:
                    raise Unreadable(f"nested too deeply (brackets and braces at most "
                                     f"{MAX_NESTING} deep)")
            elif char in ")]}":
                nesting = max(nesting - 1, 0)
            tokens.append(Tok("char", char))
        if len(tokens) > MAX_TOKENS:
            raise Unreadable("the formula is too long")
    if depth != 0:
        raise Unreadable("unbalanced braces: a '{' is never closed")
    return tokens


def _group(tokens: list[Tok], start: int) -> tuple[list[Tok], int]:
    """The argument at ``start``: a braced group (contents) or one token; the index after."""
    j = start
    while j < len(tokens) and tokens[j].kind == "space":
        j += 1
    if j >= len(tokens):
        raise Unreadable("a command or script is missing its argument")
    if tokens[j] == Tok("char", "{"):
        depth = 0
        for end in range(j, len(tokens)):
            t = tokens[end]
            if t == Tok("char", "{"):
                depth += 1
            elif t == Tok("char", "}"):
                depth -= 1
                if depth == 0:
                    return tokens[j + 1:end], end + 1
        raise Unreadable("unbalanced braces")
    if tokens[j] == Tok("char", "}"):
        raise Unreadable("a command or script is missing its argument")
    return [tokens[j]], j + 1


def _text_of(tokens: list[Tok]) -> str:
    out = []
    for t in tokens:
        if t.kind == "cmd":
            out.append("star" if t.text in _STAR else t.text)
        elif t.kind != "space" and t.text not in "{}":
            out.append("star" if t.text == "*" else t.text)
    return "".join(out)


def _exponent_depth(tokens: list[Tok]) -> int:
    """The deepest nesting of superscripts (a tower 10^{10^{10}} has depth 3)."""
    deepest = 0

    def walk(ts: list[Tok], depth: int) -> None:
        nonlocal deepest
        deepest = max(deepest, depth)
        if deepest > MAX_EXPONENT_DEPTH:
            return
        j = 0
        while j < len(ts):
            if ts[j] == Tok("char", "^"):
                arg, j = _group(ts, j + 1)
                walk(arg, depth + 1)
            else:
                j += 1

    walk(tokens, 0)
    return deepest


# -- normalisation -----------------------------------------------------------------


def _script_words(tokens: list[Tok]) -> list[Tok]:
    """Commands and ``\\text{...}`` inside sub- and superscripts made into plain words,
    so that ``\\lambda_{\\min}`` and ``\\lambda_{\\text{max}}`` read as ``lambda_min``."""
    out: list[Tok] = []
    j = 0
    while j < len(tokens):
        t = tokens[j]
        out.append(t)
        j += 1
        if t.kind == "char" and t.text in "_^" and j < len(tokens):
            while j < len(tokens) and tokens[j].kind == "space":
                j += 1
            if j < len(tokens) and tokens[j] == Tok("char", "{"):
                arg, end = _group(tokens, j)
                words: list[Tok] = []
                k = 0
                while k < len(arg):
                    a = arg[k]
                    if a.kind in ("cmd", "unknown") and a.text in ("text", "textrm", "mathrm",
                                                                   "operatorname", "rm", "mbox"):
                        inner, k = _group(arg, k + 1) if a.text != "rm" else ([], k + 1)
                        words.append(Tok("char", "".join(x.text for x in inner
                                                         if x.kind != "space")))
                        continue
                    if a.kind == "unknown" and a.text.isalpha():
                        words.append(Tok("char", a.text))
                    else:
                        words.append(a)
                    k += 1
                out += [Tok("char", "{"), *words, Tok("char", "}")]
                j = end
            elif j < len(tokens) and tokens[j].kind in ("cmd", "unknown") and tokens[j].text in (
                    "text", "textrm", "mathrm", "operatorname"):
                inner, j = _group(tokens, j + 1)  # \lambda_\text{min}, without braces
                out += [Tok("char", "{"), Tok("char", "".join(x.text for x in inner
                                                              if x.kind != "space")),
                        Tok("char", "}")]
            elif j < len(tokens) and tokens[j].kind == "unknown" and tokens[j].text.isalpha():
                out.append(Tok("char", tokens[j].text))
                j += 1
    return out


#: commands written as a bar: |x|
_BARS = frozenset({"lvert", "rvert", "vert"})
#: commands dropped with their argument: an equation's number or label, an invisible box
_LABELS = frozenset({"tag", "label", "phantom", "hphantom", "vphantom"})
#: commands dropped alone
_NO_NUMBER = frozenset({"nonumber", "notag"})


def _is(t: Tok, names: frozenset[str]) -> bool:
    return t.kind in ("cmd", "unknown") and t.text in names


def _closing_bracket(tokens: list[Tok], start: int) -> int:
    """The index of the ``]`` closing the ``[`` at ``start``."""
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j] == Tok("char", "["):
            depth += 1
        elif tokens[j] == Tok("char", "]"):
            depth -= 1
            if depth == 0:
                return j
    raise Unreadable("a '[' is never closed")


def _standard_forms(tokens: list[Tok]) -> list[Tok]:
    """TeX's other spellings in the one this reader reads: \\lvert x \\rvert as |x|,
    {a \\over b} as \\frac{a}{b}, 2{,}000 as 2000, {\\lambda}_1 as \\lambda_1; an
    equation's \\tag, \\label and \\nonumber and a \\phantom dropped."""
    out: list[Tok] = []
    j = 0
    while j < len(tokens):
        t = tokens[j]
        if _is(t, _BARS):
            out.append(Tok("char", "|"))
            j += 1
        elif _is(t, _NO_NUMBER):
            j += 1
        elif _is(t, _LABELS):
            _, j = _group(tokens, j + 1)
        elif t.kind == "num" and tokens[j + 1:j + 4] == [Tok("char", "{"), Tok("char", ","),
                                                         Tok("char", "}")] \
                and j + 4 < len(tokens) and tokens[j + 4].kind == "num":
            # 2{,}000 groups thousands; 2{,}5 is a decimal comma (German TeX): a group of
            # three digits is read as thousands only after a group of at most three
            group = tokens[j + 4].text
            if len(group) != 3 or not group.isdigit() or len(t.text) > 3 or "." in t.text:
                raise Unreadable(f"{t.text}{{,}}{group}: a decimal comma? write "
                                 f"{t.text}.{group}")
            tokens = [*tokens[:j], Tok("num", t.text + group), *tokens[j + 5:]]
        elif t == Tok("char", "{") and j + 3 < len(tokens) and tokens[j + 2] == Tok("char", "}") \
                and tokens[j + 3].kind == "char" and tokens[j + 3].text in "_^" and (
                    (tokens[j + 1].kind == "cmd" and tokens[j + 1].text in GREEK)
                    or (tokens[j + 1].kind == "char" and tokens[j + 1].text.isalpha())):
            out.append(tokens[j + 1])
            j += 3
        else:
            out.append(t)
            j += 1
    return _over_as_frac(out)


def _unmatched(tokens: list[Tok], order: range, opening: str, closing: str,
               default: int) -> int:
    """The index, walking ``order``, of the first ``closing`` brace not matched by an
    ``opening`` one met before it (the group's edge on that side); ``default`` when none."""
    depth = 0
    for j in order:
        if tokens[j] == Tok("char", opening):
            depth += 1
        elif tokens[j] == Tok("char", closing):
            if depth == 0:
                return j
            depth -= 1
    return default


def _over_as_frac(tokens: list[Tok]) -> list[Tok]:
    """{a \\over b} as {\\frac{a}{b}}: the group around each \\over is its fraction."""
    while True:
        over = next((j for j, t in enumerate(tokens) if _is(t, frozenset({"over"}))), None)
        if over is None:
            return tokens
        start = _unmatched(tokens, range(over - 1, -1, -1), "}", "{", -1)
        end = _unmatched(tokens, range(over + 1, len(tokens)), "{", "}", len(tokens))
        if (start < 0) != (end == len(tokens)):
            raise Unreadable("cannot read \\over outside its group")
        fraction = [Tok("cmd", "frac"), Tok("char", "{"), *tokens[start + 1:over],
                    Tok("char", "}"), Tok("char", "{"), *tokens[over + 1:end], Tok("char", "}")]
        if start < 0:
            tokens = fraction
        else:
            tokens = [*tokens[:start], Tok("char", "{"), *fraction, Tok("char", "}"),
                      *tokens[end + 1:]]


def clean(tokens: list[Tok]) -> list[Tok]:
    """Drop spacing, sizing, colour and font wrappers; unify fractions and brackets."""
    out: list[Tok] = []
    tokens = _script_words(_standard_forms([t for t in tokens if t.kind != "space"]))
    j = 0
    while j < len(tokens):
        t = tokens[j]
        if t.kind == "cmd":
            name = t.text
            if name in _DROP:
                j += 1
                continue
            if name in ("tfrac", "dfrac"):
                out.append(Tok("cmd", "frac"))
                j += 1
                continue
            if name == "color":
                _, j = _group(tokens, j + 1)  # the colour
                continue
            if name in _ACCENTS:
                arg, j = _group(tokens, j + 1)
                letters = [a for a in arg if a.kind != "space"]
                if len(letters) == 1 and ((letters[0].kind == "cmd" and letters[0].text in GREEK)
                                          or (letters[0].kind == "char"
                                          and letters[0].text.isalpha())):
                    out += [letters[0], Tok("char", "^"), Tok("char", "{"),
                            Tok("char", _ACCENTS[name]), Tok("char", "}")]
                    continue
                raise Unreadable(f"cannot read \\{name} over more than one symbol")
            if name in _WRAPPERS:
                arg, j = _group(tokens, j + 1)
                letters = [a for a in arg if a.kind != "space"]
                if name in _BOLD and [a.text for a in letters] in (["0"], ["1"]):
                    # \mathbf{1}: the vector of ones where the result has one, else 1
                    out.append(Tok("bold", letters[0].text))
                    continue
                if len(letters) == 1 and ((letters[0].kind == "cmd" and letters[0].text in GREEK)
                                          or (letters[0].kind == "char"
                                          and letters[0].text.isalnum())):
                    out.append(letters[0])  # \mathbf{z}_{t-1} reads as z_{t-1}
                    continue
                if name in _UPRIGHT and len(letters) > 1 and all(
                        a.kind == "char" and a.text.isalpha() for a in letters):
                    # \mathrm{sign}, \mathrm{tr}: an operator's or a word's name, never a
                    # product of its letters (s i g n)
                    out.append(Tok("unknown", f"{name}{{{''.join(a.text for a in letters)}}}"))
                    continue
                out.append(Tok("char", "{"))
                out.extend(clean(arg))
                out.append(Tok("char", "}"))
                continue
            if name in ("text", "textrm", "operatorname"):
                arg, j = _group(tokens, j + 1)
                words = "".join(t.text for t in arg)
                if words.strip():  # an error only in the member that is compared
                    out.append(Tok("unknown", f"{name}{{{words}}}"))
                continue
            if name == "{":
                out.append(Tok("char", "("))
                j += 1
                continue
            if name == "}":
                out.append(Tok("char", ")"))
                j += 1
                continue
            if name == "|":
                raise Unreadable("cannot read a norm \\|...\\|")
            if name in ("top", "intercal"):
                out.append(Tok("char", "T"))
                j += 1
                continue
        elif t.kind == "char":
            if t.text == "#":
                raise Unreadable("cannot read the character '#'")
            if t.text == "~":
                j += 1
                continue
            if t.text == "[" and out and out[-1] == Tok("cmd", "sqrt"):
                close = _closing_bracket(tokens, j)  # \sqrt[3]{x}: the root's index
                index = [x for x in tokens[j + 1:close] if x.kind != "space"]
                if len(index) != 1 or index[0].kind != "num" or not index[0].text.isdigit() \
                        or int(index[0].text) % 2:
                    # an odd root of a negative number is real in a textbook and complex
                    # for SymPy (the principal root): not read rather than misread
                    raise Unreadable("only a root of even index \\sqrt[2k]{...} is read: an "
                                     "odd root of a negative number is real in a textbook "
                                     "and complex for SymPy; write its value")
                out += [Tok("char", "["), *clean(tokens[j + 1:close]), Tok("char", "]")]
                j = close + 1
                continue
            if t.text == "[":
                out.append(Tok("char", "("))
                j += 1
                continue
            if t.text == "]":
                out.append(Tok("char", ")"))
                j += 1
                continue
        out.append(t)
        j += 1
    return out


def _strip_outer(tokens: list[Tok]) -> list[Tok]:
    """Remove spaces, trailing punctuation and outer braces."""
    ts = [t for t in tokens if t.kind != "space"]
    while ts and ts[-1].kind == "char" and ts[-1].text in ".,":
        ts = ts[:-1]
    while ts and ts[0] == Tok("char", "{") and _group(ts, 0)[1] == len(ts):
        ts = ts[1:-1]
    return ts


def split_relations(tokens: list[Tok]) -> tuple[list[list[Tok]], list[str]]:
    """Members and relations at the top level (outside braces and parentheses)."""
    members: list[list[Tok]] = [[]]
    relations: list[str] = []
    depth = 0
    j = 0
    while j < len(tokens):
        t = tokens[j]
        if t.kind == "char" and t.text in "{(":
            depth += 1
        elif t.kind == "char" and t.text in "})":
            depth -= 1
        elif t.kind == "cmd" and t.text == "begin":
            depth += 1
        elif t.kind == "cmd" and t.text == "end":
            depth -= 1
        is_relation = (t.kind == "char" and t.text in "=<>") or (
            t.kind == "cmd" and t.text in _RELATIONS)
        if depth == 0 and is_relation:
            text = _RELATIONS[t.text]
            if (t.text in "<>" and j + 1 < len(tokens) and tokens[j + 1] == Tok("char", "=")):
                text += "="
                j += 1
            if (t == Tok("char", ":") or (members[-1] and members[-1][-1] == Tok("char", ":"))):
                members[-1] = members[-1][:-1]
                text = ":="
            relations.append(text)
            members.append([])
        else:
            members[-1].append(t)
        j += 1
    return members, relations


# -- atoms ---------------------------------------------------------------------------


def key_of(base: str, sub: str | None, sup: str | None) -> str:
    key = base
    if sub:
        key += "_" + sub
    if sup:
        key += "^" + sup
    return key


_KEY_PART = re.compile(r"^\\?([A-Za-z]+)(?:_(\{[^{}]*\}|[^{}^_]))?(?:\^(\{[^{}]*\}|[^{}^_]))?$")


def normal_key(text: str) -> str:
    """A notation key as written in the catalogue (``x_{i}^{0}``, ``x^0_i``,
    ``\\lambda_i``, ``w^\\star``) in its normal form ``x_i^0``."""
    tokens = clean(tokenize(text))
    tokens = [t for t in tokens if t.kind != "space"]
    atoms, _ = _atoms(tokens, known=lambda key: True)
    if len(atoms) != 1:
        raise Unreadable(f"not a single symbol: {text!r}")
    return next(iter(atoms.values()))


def _atoms(tokens: list[Tok], known: Callable[[str], bool]) -> tuple[dict[str, str], list[Tok]]:
    """Replace each decorated letter by a placeholder ``Z_{n}``; returns
    (placeholder name -> key, new tokens).  Superscripts that stay powers are
    converted too."""
    placeholders: dict[str, str] = {}
    by_key: dict[str, str] = {}

    def place(key: str) -> list[Tok]:
        if key not in by_key:
            by_key[key] = str(len(by_key))
            placeholders[f"Z_{{{by_key[key]}}}"] = key
        return [Tok("char", "{"), Tok("char", "Z"), Tok("char", "_"), Tok("char", "{"),
                Tok("num", by_key[key]), Tok("char", "}"), Tok("char", "}")]

    def convert(tokens: list[Tok]) -> list[Tok]:
        out: list[Tok] = []
        j = 0
        while j < len(tokens):
            t = tokens[j]
            if t.kind == "bold":
                key = bold_key(t.text)
                # braced, so that 2\mathbf{1} stays 2 times 1, never the numeral 21
                out += place(key) if known(key) else [
                    Tok("char", "{"), Tok("num", t.text), Tok("char", "}")]
                j += 1
                continue
            base = None
            if (t.kind == "char" and t.text.isalpha()) or (t.kind == "cmd" and t.text in GREEK):
                base = t.text
            if base is None:
                out.append(t)
                j += 1
                continue
            j += 1
            sub = sup = None
            sup_tokens: list[Tok] | None = None
            for _ in range(2):
                if j < len(tokens) and tokens[j] == Tok("char", "_") and sub is None:
                    arg, j = _group(tokens, j + 1)
                    sub = _text_of(arg)
                elif j < len(tokens) and tokens[j] == Tok("char", "^") and sup is None:
                    arg, j = _group(tokens, j + 1)
                    sup, sup_tokens = _text_of(arg), arg
            primes = 0
            while j < len(tokens) and tokens[j] == Tok("char", "'"):
                primes += 1
                j += 1
            if primes:  # b' is a symbol of its own
                sup = (sup or "") + "prime" * primes
                sup_tokens = None
            if sub is not None and not re.fullmatch(r"[A-Za-z0-9+\-*,]+", sub):
                raise Unreadable(f"cannot read the subscript {sub!r}")
            full = key_of(base, sub, sup)
            if sup is not None and (known(full) or primes or sup in DECORATIONS - {"T"}):
                out += place(full)
            else:
                if base == "T" and sub is None and out and out[-1] == Tok("char", "^"):
                    out.append(Tok("char", "T"))
                else:
                    out += place(key_of(base, sub, None))
                if sup_tokens is not None:
                    if sup == "star":
                        out[-7:] = place(full)  # w^\star: a name, never a power
                    elif sup == "T":
                        out += [Tok("char", "^"), Tok("char", "T")]
                    else:
                        out += [Tok("char", "^"), Tok("char", "{"), *convert(sup_tokens),
                                Tok("char", "}")]
            if j < len(tokens) and tokens[j] == Tok("char", "("):
                out.append(Tok("cmd", "cdot"))  # a(b) is a product, not a call
        return out

    return placeholders, convert(tokens)


# -- parsing ------------------------------------------------------------------------


@dataclass
class Member:
    """One member of a formula: an unevaluated tree (or matrix of trees) with
    placeholders, and the key each placeholder stands for."""

    tree: Any
    placeholders: dict[str, str] = field(default_factory=dict)
    text: str = ""
    source: str = ""  # the member as written (text has placeholders for its symbols)


@dataclass
class Formula:
    members: list[Member]
    relations: list[str]
    #: the parts after top-level commas (alpha = 2/(L + mu), alpha = 1/L), each read, or
    #: why it could not be
    more: list[Formula | str] = field(default_factory=list)
    #: the stated conditions (\text{for} beta = 1/2), each read, or why it could not be
    conditions: list[Formula | str] = field(default_factory=list)

    @property
    def compared(self) -> Member:
        """The member a formula claims as its value: the last one (``lhs = rhs``,
        ``0 < alpha lambda < upper``)."""
        return self.members[-1]


def _serialise(tokens: list[Tok]) -> str:
    out = []
    for t in tokens:
        if t.kind == "bold":
            out.append(bold_key(t.text))
        elif t.kind == "cmd":
            out.append("\\" + t.text + " ")
        elif t.kind == "unknown":  # a command kept to be reported, \text{rate}
            out.append("\\" + t.text)
        elif t.kind == "num" and "." in t.text:
            whole, _, frac = t.text.partition(".")
            out.append(f"\\frac{{{int((whole or '0') + frac)}}}{{{10 ** len(frac)}}}")
        else:
            out.append(t.text)
    return "".join(out).strip()


@functools.cache
def warm_up() -> None:
    """Parse one formula, so that ANTLR builds its parsing tables (about half a second)
    once in this process rather than in every forked check."""
    with contextlib.suppress(Unreadable):
        _antlr_parse(r"\frac{a_1 + b^{2}}{\sqrt{c}} \le (x - 1)^{k+1}")


@functools.lru_cache(maxsize=2048)
def _antlr_parse(text: str, shown: str | None = None) -> Any:
    """SymPy's LaTeX parser on normalised text; errors quote ``shown`` (the member
    as the user wrote it, without placeholders).

    Memoised (the trees are immutable; a failure raises and is not kept): the audit
    reads each formula when it plans the comparisons and again in the bounded check,
    which is forked after the plan and so inherits the parse."""
    shown = text if shown is None else shown
    try:
        from sympy.parsing.latex import parse_latex
        from sympy.parsing.latex.errors import LaTeXParsingError
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise Unreadable(f"the LaTeX parser is unavailable: {error}") from None
    with contextlib.suppress(sll.NotParsed):
        return sll.fast_parse(text)  # the same tree as below, ten times sooner
    try:
        return parse_latex(text, strict=True)
    except ImportError:
        raise Unreadable("the LaTeX parser needs antlr4-python3-runtime 4.11") from None
    except LaTeXParsingError as error:
        first = str(error).splitlines()[0] if str(error) else "syntax error"
        raise Unreadable(f"cannot parse {_short(shown)}: {first}") from None
    except RecursionError:
        raise Unreadable(f"cannot parse {_short(shown)}: nested too deeply") from None
    except (TypeError, ValueError, AttributeError, IndexError, KeyError,
            NotImplementedError, sp.SympifyError) as error:
        raise Unreadable(f"cannot parse {_short(shown)}: {type(error).__name__}") from None


def _short(text: str, limit: int = 60) -> str:
    return "'" + (text if len(text) <= limit else text[:limit] + "...") + "'"


def _matrix_env(tokens: list[Tok]) -> list[list[list[Tok]]] | None:
    """The rows of entries when the member is one matrix environment, else None."""
    ts = _strip_outer(tokens)
    while ts and ts[0] == Tok("char", "(") and ts[-1] == Tok("char", ")"):
        ts = ts[1:-1]
    if len(ts) < 2 or ts[0] != Tok("cmd", "begin"):
        if any(t == Tok("cmd", "begin") for t in ts):
            raise Unreadable("cannot read a matrix or case split inside a larger expression")
        return None
    env, j = _group(ts, 1)
    name = _text_of(env)
    if name == "cases":
        raise Unreadable("a case split: compare each case with its own result")
    if name in _DETERMINANT_ENVS:
        raise Unreadable(f"a determinant ({name}) is not read; write the matrix with pmatrix, "
                         "or the determinant as a formula")
    if name not in _MATRIX_ENVS:
        raise Unreadable(f"cannot read the environment {name}")
    if name == "array":
        _, j = _group(ts, j)  # column specification
    end = None
    depth = 0
    for m in range(j, len(ts)):
        if ts[m] == Tok("cmd", "begin"):
            depth += 1
        elif ts[m] == Tok("cmd", "end"):
            if depth == 0:
                end = m
                break
            depth -= 1
    if end is None:
        raise Unreadable(f"the environment {name} is never closed")
    if _strip_outer(ts[end + 1:]) and _text_of(_group(ts, end + 1)[0]) != name:
        raise Unreadable(f"the environment {name} is closed by another")
    rest = ts[_group(ts, end + 1)[1]:]
    if rest:
        raise Unreadable("cannot read a matrix inside a larger expression")
    body = ts[j:end]
    rows: list[list[list[Tok]]] = [[[]]]
    skip_spacing = False
    for t in body:
        if skip_spacing:
            if t == Tok("char", "]"):
                skip_spacing = False
            continue
        if t == Tok("cmd", "\\"):
            rows.append([[]])
            continue
        if t == Tok("char", "&"):
            rows[-1].append([])
            continue
        if t == Tok("char", "[") and not any(rows[-1][-1]):
            skip_spacing = True
            continue
        rows[-1][-1].append(t)
    rows = [r for r in rows if any(_strip_outer(e) for e in r)]
    if not rows or len({len(r) for r in rows}) != 1:
        raise Unreadable("the rows of the matrix have different lengths")
    return rows


def parse_member(tokens: list[Tok], known: Callable[[str], bool]) -> Member:
    rows = _matrix_env(tokens)
    if rows is not None:
        placeholders: dict[str, str] = {}
        cells = []
        for row in rows:
            cells.append([])
            for entry in row:
                member = parse_member(clean(entry), known)
                placeholders.update(member.placeholders)
                cells[-1].append(member)
        # placeholders are numbered per entry; keep each entry's own table
        return Member(tree=[[c for c in r] for r in cells], placeholders={},
                      text=_serialise(tokens), source=_serialise(tokens))
    ts = _strip_outer(clean(tokens))
    if not ts:
        raise Unreadable("an empty formula")
    unknown = [t.text for t in ts if t.kind == "unknown"]
    if unknown:
        raise Unreadable(f"cannot read the command \\{unknown[0]}")
    if any(t.kind == "char" and t.text == "&" for t in ts) or Tok("cmd", "\\") in ts:
        raise Unreadable("cannot read '&' or '\\\\' outside a matrix")
    shown = _serialise(ts)
    placeholders, ts = _atoms(ts, known)
    text = _serialise(ts)
    return Member(tree=_antlr_parse(text, shown), placeholders=placeholders, text=text,
                  source=shown)


_CONDITION_WORDS = frozenset({"for", "if", "where", "when", "forall", "forsome", "with",
                              "for all", "for every", "for each", "for some", "such that",
                              "whenever", "provided", "given"})
#: words that lead into a conclusion, another claim: "\text{i.e.} alpha = 1/L"
_CONCLUSION_KEYS = frozenset({"i.e.", "ie", "i.e.,", "thatis", "so", "hence", "thus",
                              "therefore", "then", "and"})
#: the same, as the tokens give them (without spaces)
_CONDITION_KEYS = frozenset(re.sub(r"\s+", "", w) for w in _CONDITION_WORDS)


def _drop_conditions(tokens: list[Tok]) -> list[Tok]:
    """Cut a formula at a top-level stated condition: ``\\text{for}``, a comma."""
    return _parts(tokens)[0][0]


def _has_relation(tokens: list[Tok]) -> bool:
    """A relation at the top level of ``tokens`` (=, <, >, \\le, ...)."""
    depth = 0
    for t in tokens:
        if (t.kind == "char" and t.text in "{([") or t == Tok("cmd", "{"):
            depth += 1
        elif (t.kind == "char" and t.text in "})]") or t == Tok("cmd", "}"):
            depth -= 1
        elif depth == 0 and ((t.kind == "char" and t.text in "=<>") or (
                t.kind == "cmd" and t.text in _RELATIONS)):
            return True
    return False


def _parts(tokens: list[Tok]) -> tuple[list[list[Tok]], list[Tok]]:
    """A formula's parts at its top-level commas (``alpha = 2/(L + mu), alpha = 1/L``),
    up to a stated condition (``\\text{for} beta = 1/2``); and the condition's tokens."""
    depth, start, parts = 0, 0, []
    for j, t in enumerate(tokens):
        if (t.kind == "char" and t.text in "{([") or t == Tok("cmd", "{"):
            depth += 1
        elif (t.kind == "char" and t.text in "})]") or t == Tok("cmd", "}"):
            depth -= 1
        elif depth == 0 and (t == Tok("char", ",") or (
                t.kind == "cmd" and t.text in ("quad", "qquad")
                and _has_relation(tokens[start:j]) and _has_relation(tokens[j + 1:]))) \
                and _strip_outer(tokens[j + 1:]):
            # "rho = ..., kappa = ..." and "rho = ... \quad kappa = ...": two formulas
            parts.append(tokens[start:j])
            start = j + 1
        elif depth == 0 and t.kind == "cmd" and t.text in ("text", "textrm") and re.sub(
                r"\s+", "", _text_of(_group(tokens, j + 1)[0]).lower()) in _CONCLUSION_KEYS:
            # "alpha = ... \text{i.e.} alpha = ...": what follows is a claim of its own
            parts.append(tokens[start:j])
            start = _group(tokens, j + 1)[1]
        elif depth == 0 and t.kind == "cmd" and t.text in ("text", "textrm"):
            arg, _ = _group(tokens, j + 1)
            if re.sub(r"\s+", "", _text_of(arg).lower()) in _CONDITION_KEYS:
                tail = tokens[start:j]
                _, after = _group(tokens, j + 1)
                found = [*parts, tail] if _strip_outer(clean(tail)) or not parts else parts
                return found, tokens[after:]
    return [*parts, tokens[start:]], []


def parse(text: str, known: Callable[[str], bool] = lambda key: False) -> Formula:
    """Read a formula into members (unevaluated trees) split at its relations.

    ``known(key)`` says which decorated keys (``x_i^0``) are single symbols."""
    if isinstance(text, str):
        text = text.strip()
        while len(text) >= 2 and text.startswith("$") and text.endswith("$"):
            text = text[1:-1].strip()
    tokens = tokenize(text)
    if _exponent_depth(tokens) > MAX_EXPONENT_DEPTH:
        raise Unreadable("exponents are nested too deeply (an exponent tower)")
    (first, *more), condition = _parts(tokens)
    formula = _parse_part(first, known)
    for part in more:  # read when they can be: the first part is what the audit compares
        try:
            formula.more.append(_parse_part(part, known))
        except Unreadable as error:
            formula.more.append(str(error))
    if _strip_outer(clean(condition)):
        for part in _parts(condition)[0]:  # "for beta = 1/2, lambda > 0"
            try:
                formula.conditions.append(_parse_part(part, known))
            except Unreadable as error:
                formula.conditions.append(str(error))
    return formula


def _parse_part(tokens: list[Tok], known: Callable[[str], bool]) -> Formula:
    ts = _strip_outer(clean(tokens))
    members, relations = split_relations(ts)
    if any(not _strip_outer(m) for m in members):
        raise Unreadable("a relation is missing a side")
    parsed = []
    for m in members[:-1]:
        try:  # the sides before the last one are read when they can be
            parsed.append(parse_member(m, known))
        except Unreadable as error:
            written = re.sub(r"(\\[A-Za-z]+) (?=[{}()^_])", r"\1", _serialise(m))
            parsed.append(Member(tree=None, text=str(error), source=written))
    parsed.append(parse_member(members[-1], known))
    return Formula(parsed, relations)


# -- rebuilding ---------------------------------------------------------------------


_ALLOWED_FUNCS = (sp.Add, sp.Mul, sp.Pow, sp.Abs)


def _too_big(base: sp.Expr, exponent: sp.Expr) -> bool:
    if not exponent.is_Number:
        return False
    if abs(exponent) > MAX_POWER:
        return True
    if base.is_Rational and base != 0:
        size = max(len(str(abs(base.p))), len(str(abs(base.q))))
        return size * abs(exponent) > 20000
    return False


#: the names of the matrices that are singular in the comparison under way (the
#: colorization's graph Laplacian): SymPy cancels L^{-1} L to the identity as soon as
#: the product is formed, so an inverse that does not exist is refused when it is read
singular_matrices: ContextVar[frozenset[str]] = ContextVar("singular_matrices",
                                                           default=frozenset())


#: how the comparison under way finds a matrix singular on its model's instances (the
#: size of an instance where it is, else None); None when there is no model
singular_on_instances: ContextVar[Callable[[Any], int | None] | None] = ContextVar(
    "singular_on_instances", default=None)


def _check_invertible(matrix: Any) -> None:
    rows, cols = matrix.shape
    if sp.simplify(rows - cols) != 0:
        raise Unreadable(f"the inverse of a matrix of size {rows} × {cols}, which is not "
                         "square")
    if isinstance(matrix, sp.MatrixSymbol) and matrix.name in singular_matrices.get():
        raise Unreadable(f"the inverse of {matrix.name}, which is singular")
    if (isinstance(matrix, sp.MatrixBase) and matrix.det() == 0) or _surely_singular(matrix):
        raise Unreadable("the inverse of a singular matrix")
    test = singular_on_instances.get()
    if isinstance(matrix, sp.MatrixExpr) and test is not None:
        size = test(matrix)
        if size is not None:
            raise Unreadable(f"the inverse of a singular matrix (singular on a random "
                             f"instance with n = {size})")


def _surely_singular(matrix: Any) -> bool:
    """Whether a square matrix expression is singular whatever its symbols' values: a
    product, power or transpose of a singular matrix of the comparison, the zero matrix,
    or a product through a single column (b b^T, of rank one)."""
    if isinstance(matrix, sp.MatrixSymbol):
        return matrix.name in singular_matrices.get()
    if isinstance(matrix, sp.ZeroMatrix):
        return True
    if isinstance(matrix, sp.Transpose):
        return _surely_singular(matrix.arg)
    if isinstance(matrix, sp.MatPow):
        return bool(matrix.exp.is_positive) and _surely_singular(matrix.base)
    if isinstance(matrix, sp.MatMul):
        factors = [a for a in matrix.args if isinstance(a, sp.MatrixExpr)]
        if any(_surely_singular(a) for a in factors):
            return True
        return any(a.shape[1] == 1 for a in factors[:-1]) and matrix.shape[0] != 1
    return False


def size_text(shape: tuple) -> str:
    """``n × 1``: a matrix's size in words."""
    from momentum_sym.render import printers

    return " × ".join(printers.inline_text(d) for d in shape)


def check_product_sizes(factors: Sequence[Any]) -> None:
    """Refuse a product whose neighbouring matrices do not fit (w w with w a column of
    n entries, b A^{-1}): SymPy builds such a product without a word, and a zero factor
    then hides it."""
    matrices = [f for f in factors if isinstance(f, (sp.MatrixBase, sp.MatrixExpr))]
    for left, right in itertools.pairwise(matrices):
        if sp.simplify(left.shape[1] - right.shape[0]) != 0:
            raise Unreadable(f"a product of matrices of sizes {size_text(left.shape)} and "
                             f"{size_text(right.shape)}: the sizes do not match")


def check_sum_sizes(terms: Sequence[Any]) -> None:
    """Refuse a sum of matrices of different sizes (w^T + w), which SymPy builds too."""
    shapes = [t.shape for t in terms]
    for shape in shapes[1:]:
        if any(sp.simplify(a - b) != 0 for a, b in zip(shapes[0], shape, strict=True)):
            raise Unreadable(f"a sum of matrices of sizes {size_text(shapes[0])} and "
                             f"{size_text(shape)}: the sizes do not match")


def _undefined(value: Any) -> bool:
    """Whether a scalar is SymPy's value of a division by zero (nan, or complex
    infinity), or holds one."""
    return isinstance(value, sp.Basic) and (value in (sp.nan, sp.zoo) or
                                            value.has(sp.nan, sp.zoo))


#: the radicands of the even roots read in the comparison under way (a list to add to,
#: or None): SymPy simplifies sqrt(x)^2 to x and 0 sqrt(x) to 0 as they are formed, so
#: a root that is no real number on part of the domain is remembered here
radicands_read: ContextVar[list[Any] | None] = ContextVar("radicands_read", default=None)


def _defined(value: Any) -> Any:
    """``value``, unless it is a division by zero (1/0, 0/0)."""
    if _undefined(value):
        raise Unreadable("a division by zero")
    return value


def rebuild(tree: Any, resolve: Callable[[str], Any]) -> Any:
    """An evaluated expression (or matrix) from an unevaluated parse tree.

    ``resolve(name)`` gives the value of a symbol name: a SymPy expression, an
    explicit matrix, or a matrix expression.  Only sums, products, powers,
    square roots, absolute values and numbers are read."""
    if isinstance(tree, list):
        return sp.Matrix([[rebuild(cell, resolve) for cell in row] for row in tree])
    if isinstance(tree, Member):
        table = tree.placeholders

        def resolve_member(name: str, table=table) -> Any:
            return resolve(table.get(name, name))

        return rebuild(tree.tree, resolve_member)
    if isinstance(tree, sp.Symbol):
        return resolve(tree.name)
    if isinstance(tree, sp.Number):
        if isinstance(tree, sp.Float):
            raise Unreadable("cannot read a floating-point number")
        return tree
    if isinstance(tree, sp.core.relational.Relational):
        raise Unreadable("a relation inside an expression")
    if isinstance(tree, sp.Pow) and tree.args[1] == sp.Symbol("T"):
        base = rebuild(tree.args[0], resolve)
        return base.T if isinstance(base, (sp.MatrixBase, sp.MatrixExpr)) else base
    if isinstance(tree, AppliedUndef) and type(tree).__name__ in ("max", "min"):
        args = [rebuild(a, resolve) for a in tree.args]
        if any(isinstance(a, (sp.MatrixBase, sp.MatrixExpr)) for a in args):
            raise Unreadable(f"\\{type(tree).__name__} of a matrix")
        return (sp.Max if type(tree).__name__ == "max" else sp.Min)(*args)
    if isinstance(tree, AppliedUndef) and type(tree).__name__.startswith(("max", "min")):
        raise Unreadable(f"cannot read \\{type(tree).__name__[:3]} over an index set")
    if not isinstance(tree, _ALLOWED_FUNCS):
        name = type(tree).__name__
        raise Unreadable(f"cannot read {name} (only + - * / powers, roots and |.|)")
    args = [rebuild(a, resolve) for a in tree.args]
    matrices = [a for a in args if isinstance(a, (sp.MatrixBase, sp.MatrixExpr))]
    if matrices and any(_undefined(a) for a in args if a not in matrices):
        # 0 (1/0) w: SymPy's nan times a vector is dropped from the sum it is in
        raise Unreadable("a division by zero")
    if isinstance(tree, sp.Pow):
        base, exponent = args
        if isinstance(exponent, (sp.MatrixBase, sp.MatrixExpr)):
            raise Unreadable("a matrix in an exponent")
        if isinstance(base, (sp.MatrixBase, sp.MatrixExpr)):
            if exponent == sp.Symbol("T"):
                return base.T
            if exponent.is_Integer and abs(exponent) <= 64:
                if exponent < 0:
                    _check_invertible(base)
                try:
                    return base.inv() if exponent == -1 else base ** int(exponent)
                except sp.matrices.exceptions.NonInvertibleMatrixError:
                    raise Unreadable("the inverse of a singular matrix") from None
            raise Unreadable("cannot read this power of a matrix")
        if _too_big(base, exponent):
            raise Unreadable("a numeric power is too large")
        if exponent == sp.Symbol("T"):
            raise Unreadable("a transpose of a scalar")
        read = radicands_read.get()
        if read is not None and exponent.is_Rational and exponent.q % 2 == 0 \
                and not base.is_nonnegative:
            read.append(base)
        if base.is_number and base.is_negative and exponent.is_Rational \
                and not exponent.is_Integer:
            # (-8)^{1/3}: real (-2) in a textbook, complex (the principal root) for SymPy
            raise Unreadable("a fractional power of a negative number: real or principal "
                             "root? write its value")
        return _defined(sp.Pow(base, exponent))
    if isinstance(tree, sp.Abs):
        if matrices:
            raise Unreadable("|.| of a matrix")
        return sp.Abs(args[0])
    if isinstance(tree, sp.Add):
        if matrices:
            if len(matrices) != len(args):
                # w - 1: a number added to a vector (the vector of ones, read as the
                # number 1, is \mathbf{1} in the result's own notation)
                raise Unreadable("a number added to a vector or matrix")
            check_sum_sizes(args)
            total = args[0]
            for a in args[1:]:
                total = total + a
            return total
        return _defined(sp.Add(*args))
    # Mul: keep the printed order for matrices
    if matrices:
        if any(getattr(a, "shape", None) != (1, 1) for a in matrices):
            # a 1 x 1 product (w^T w) beside other matrices is the number it holds
            # (as an element, not SymPy's sum over the entries, which names the size n)
            args = [MatrixElement(a, 0, 0) if getattr(a, "shape", None) == (1, 1) else a
                    for a in args]
        check_product_sizes(args)
        product = args[0]
        for a in args[1:]:
            product = product * a
        return product
    return _defined(sp.Mul(*args))


# -- bounded execution ------------------------------------------------------------


_KEPT_WORKER: ContextVar[bounded.Worker | None] = ContextVar("kept_worker", default=None)


@contextlib.contextmanager
def one_worker() -> Iterator[None]:
    """Within it, :func:`run_bounded` runs every call in one kept worker
    (:class:`~momentum_sym.bounded.Worker`, the same bounds on each call), which keeps
    what the comparisons derive and cache instead of forking a new one for each."""
    if _KEPT_WORKER.get() is not None:
        yield
        return
    with bounded.Worker() as worker:
        token = _KEPT_WORKER.set(worker)
        try:
            yield
        finally:
            _KEPT_WORKER.reset(token)


def run_bounded(function: Callable[..., Any], *args: Any, timeout: float = 30.0,
                memory: int | None = None) -> Any:
    """``function(*args)`` in a forked worker bounded in time and memory, which ends
    with this process (:mod:`momentum_sym.bounded`): the kept one within
    :func:`one_worker`, otherwise a new one.

    Raises :class:`TimedOut`, :class:`Unreadable` (from the worker) or
    ``RuntimeError`` (:class:`~momentum_sym.bounded.WorkerFailed`: out of memory or
    any other failure), each with one sentence of this project's."""
    kept = _KEPT_WORKER.get()
    if kept is not None and memory is None:
        return kept.run(function, *args, timeout=timeout, passthrough=(Unreadable,))
    return bounded.run(function, *args, timeout=timeout, memory=memory,
                       passthrough=(Unreadable,))


def parser_available() -> tuple[bool, str]:
    """Whether SymPy's LaTeX parser (ANTLR backend) works here, and why not."""
    try:
        _antlr_parse("x")
    except Unreadable as error:
        return False, str(error)
    return True, ""
