"""The mathematics an author writes in a reason, read into SymPy.

A reason, a summary or a witness's description is prose with mathematics between
backticks: ``"the roots of `sigma^2 - (1 + beta - alpha lambda) sigma + beta` are real"``.
Each backticked span is read here, once, into a SymPy object, so every format prints
it with its own printer (LaTeX, MathML, Unicode) exactly as it prints a checked claim;
nothing downstream guesses which words are mathematics.

The notation is the plain one of the source code's comments:

* names: Latin letters, Greek words (``alpha``, ``lambda_1``), scripts ``x_i^k``,
  ``w_{k+1}``, ``sigma_(1,2)``, a star ``w*``, primes ``x'``, a transpose ``b^T``;
  a capital Latin letter is a matrix (its products keep their order);
* ``+ - * /``, ``^`` powers (``^2``, ``^{2k}``, ``^(k+1)``), juxtaposition as a product,
  ``|x|``, ``sqrt(x)``, ``log``, ``exp``, ``max``, ``min``; ``e^x`` is the exponential;
  a Latin name followed directly by ``(`` is a function applied (``f(w)``, ``x(t)``);
* relations ``= != < > <= >=`` (a chain ``0 < t < 2`` is a conjunction) and ``->``.

It is a recursive-descent reader over these tokens only: no ``eval``, no ``sympify``;
anything else raises :class:`NotationError`, so a reason that cannot be read fails
when its module is imported (and in the tests), never silently in an output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from momentum_sym.kernel.text import Text

GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon",
    "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
    "Pi", "Sigma", "Phi", "Psi", "Omega", "nabla",
})
FUNCTIONS = {"sqrt": sp.sqrt, "log": sp.log, "exp": sp.exp, "max": sp.Max, "min": sp.Min,
             "sin": sp.sin, "cos": sp.cos}
OPERATORS = frozenset({"det"})
RELATIONS = {"=": sp.Eq, "!=": sp.Ne, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge,
             "≤": sp.Le, "≥": sp.Ge, "≠": sp.Ne}
ARROW = "->"

_SCRIPT = r"(?:\{[^{}]*\}|\([^()]*\)|[A-Za-z0-9]+|\*)"
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?)"
    rf"|(?P<name>[A-Za-z]+(?:_{_SCRIPT})?'*(?:\^(?:T\b|\{{T\}}|\\top|\{{\\top\}}|\{{\\star\}}))?)"
    r"|(?P<op>\+-|!=|<=|>=|->|[-+*/^=<>|(){},≤≥≠±])",
)


class NotationError(ValueError):
    """A backticked span that is not in the notation above."""


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    glued: bool  # no space before it


def _tokens(span: str) -> list[_Tok]:
    out: list[_Tok] = []
    position, glued = 0, True
    while position < len(span):
        match = _TOKEN.match(span, position)
        if match is None:
            raise NotationError(f"cannot read {span[position:]!r} in `{span}`")
        if match.lastgroup == "space":
            glued = False
        else:
            out.append(_Tok(match.lastgroup or "", match.group(0), glued))
            glued = True
        position = match.end()
    return out


def _script(text: str) -> str:
    """``(1,2)`` and ``{1,2}`` as the braces a name's script is written with."""
    if text[:1] == "(" and text[-1:] == ")":
        return "{" + text[1:-1] + "}"
    return text


def _symbol(name: str) -> sp.Basic:
    """A name as the symbol the printers spell (``lambda_1``, ``x_i^k``, ``b^{T}``)."""
    base = re.match(r"[A-Za-z]+", name).group(0)  # type: ignore[union-attr]
    rest = name[len(base):]
    if base not in GREEK and len(base) > 1 and base not in {"diag", "rate", "max", "min", "tr", "trace", "pbar"}:
        raise NotationError(f"unknown name {base!r}")
    if "_" in rest:
        rest = "_" + _script(rest[1:].split("'")[0].split("^")[0]) + rest[
            1 + len(rest[1:].split("'")[0].split("^")[0]):]
    rest = rest.replace("^T", "^{T}").replace(r"^\top", "^{T}").replace(r"^{\top}", "^{T}")
    matrix = base[0].isupper() and base not in GREEK or base in {"Lambda", "Sigma"}
    return sp.Symbol(base + rest, commutative=not matrix)


class _Reader:
    """Recursive descent over one span's tokens."""

    def __init__(self, span: str):
        self.span = span
        self.tokens = _tokens(span)
        self.at = 0

    # -- helpers
    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.at + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise NotationError(f"`{self.span}` ends too early")
        self.at += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.text != text:
            raise NotationError(f"expected {text!r} in `{self.span}`, found {tok.text!r}")

    def starts_operand(self, tok: _Tok | None) -> bool:
        return tok is not None and (tok.kind in ("name", "number") or tok.text in "({|")

    # -- grammar
    def chain(self) -> list[sp.Basic | str]:
        """``a = b < c -> d``: members and the relations between them."""
        parts: list[sp.Basic | str] = [self.sum()]
        while (tok := self.peek()) is not None and (tok.text in RELATIONS or tok.text == ARROW):
            parts.append(self.take().text)
            parts.append(self.sum())
        if self.peek() is not None:
            raise NotationError(f"cannot read {self.peek().text!r} in `{self.span}`")
        return parts

    def sum(self) -> sp.Basic:
        terms = [self.signed()]
        while (tok := self.peek()) is not None and tok.text in ("+", "-", "+-", "±"):
            self.take()
            term = self.product()
            if tok.text in ("+-", "±"):
                # a plus-minus keeps both signs: printed as written, never evaluated
                return sp.Function("±")(sp.Add(*terms), term)
            terms.append(term if tok.text == "+" else -term)
        return sp.Add(*terms)

    def signed(self) -> sp.Basic:
        tok = self.peek()
        if tok is not None and tok.text == "-":
            self.take()
            return -self.product()
        return self.product()

    def product(self) -> sp.Basic:
        factors = [self.power()]
        divide = []
        while True:
            tok = self.peek()
            if tok is not None and tok.text in "*/" and tok.kind == "op":
                self.take()
                (divide if tok.text == "/" else factors).append(self.power())
            elif self.starts_operand(tok) and not (tok.text == "|" and self.closing_bar()):
                factors.append(self.power())
            else:
                break
        value = sp.Mul(*factors)
        for d in divide:
            value = value / d
        return value

    def closing_bar(self) -> bool:
        return self.bars > 0

    bars = 0

    def power(self) -> sp.Basic:
        base = self.atom()
        tok = self.peek()
        if tok is not None and tok.text == "^":
            self.take()
            exponent = self.exponent()
            if base == sp.Symbol("e"):
                return sp.exp(exponent)
            # a name's superscript may be an index (x^0, w^1): kept as written
            return sp.Pow(base, exponent, evaluate=not isinstance(base, sp.Symbol))
        return base

    def exponent(self) -> sp.Basic:
        tok = self.peek()
        if tok is not None and tok.text in "{(":
            close = "}" if tok.text == "{" else ")"
            self.take()
            value = self.sum()
            self.expect(close)
            return value
        if tok is not None and tok.text == "-":
            self.take()
            return -self.atom()
        return self.atom()

    def atom(self) -> sp.Basic:
        tok = self.take()
        if tok.kind == "number":
            if "." in tok.text:
                return sp.Float(tok.text, len(tok.text.replace(".", "").lstrip("0")) or 1)
            return sp.Integer(tok.text)
        if tok.text in "({":
            items = [self.sum()]
            while tok.text == "(" and self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
                self.take()
                items.append(self.sum())
            self.expect(")" if tok.text == "(" else "}")
            if len(items) == 1:
                return items[0]
            # a pair (y^0, x^0) is one state vector: a symbol the name printers spell
            return sp.Symbol("(" + ", ".join(sp.sstr(item) for item in items) + ")",
                             commutative=False)
        if tok.text == "|":
            self.bars += 1
            value = self.sum()
            self.bars -= 1
            self.expect("|")
            return sp.Abs(value)
        if tok.kind != "name":
            raise NotationError(f"cannot read {tok.text!r} in `{self.span}`")
        return self.named(tok)

    def named(self, tok: _Tok) -> sp.Basic:
        name, star = tok.text, False
        following = self.peek()
        if following is not None and following.text == "*" and following.glued and not (
                self.starts_operand(self.peek(1)) and self.peek(1).glued):  # type: ignore[union-attr]
            self.take()
            star = True
        call = following is not None and following.text == "(" and following.glued and not star
        if name in FUNCTIONS and call:
            return FUNCTIONS[name](*self.arguments())
        if name in FUNCTIONS and name in ("sqrt", "log", "exp"):  # sqrt kappa
            return FUNCTIONS[name](self.power())
        if name in OPERATORS:  # det R, tr R
            return sp.Function(name)(self.power())
        if name == "grad":  # grad f(w^i): the gradient of f applied
            applied = self.take()
            if applied.kind != "name" or not (self.peek() and self.peek().text == "("):  # type: ignore[union-attr]
                raise NotationError(f"grad must be applied, as in grad f(w), in `{self.span}`")
            return sp.Function(r"\nabla " + applied.text)(*self.arguments())
        if name.startswith("sum_"):  # sum_i x_i: the sum over an index, of what follows
            index = _script(name[4:])
            return sp.Function(r"\sum_{" + index.strip("{}") + "}")(self.product())
        if call and name.split("_")[0].rstrip("'") not in GREEK and name[0].islower():
            return sp.Function(name)(*self.arguments())
        if name == "I":
            return sp.Symbol("I", commutative=False)
        symbol = _symbol(name + (r"^{\star}" if star else ""))
        return symbol

    def arguments(self) -> list[sp.Basic]:
        self.expect("(")
        args = [self.sum()]
        while self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
            self.take()
            args.append(self.sum())
        self.expect(")")
        return args


def _relation(left: sp.Basic, op: str, right: sp.Basic) -> sp.Basic:
    return RELATIONS[op](left, right, evaluate=False)


_ASIDE = re.compile(r"^(.*?)\s*\(([^()]*(?:=|<|>)[^()]*)\)$")


@lru_cache(maxsize=None)
def read(span: str) -> tuple[sp.Basic | str, ...]:
    """One span as SymPy parts, with the words between them (``->``, and ``=`` in a
    chain of equalities): ``alpha = 2/(lambda_1 + lambda_n)`` -> ``(Eq(alpha, ...),)``.
    A relation in parentheses at the end (``s > 0 (0 < r < 1)``) is an aside."""
    aside = _ASIDE.match(span)
    if aside:
        head = read(aside.group(1)) + (" ",) if aside.group(1) else ()
        return (*head, "(", *read(aside.group(2).strip()), ")")
    parts = _Reader(span).chain()
    if len(parts) == 1:
        return (parts[0],)
    members, ops = parts[0::2], parts[1::2]
    if len(ops) == 1 and ops[0] != ARROW:
        return (_relation(members[0], ops[0], members[1]),)
    if all(op in ("<", "<=", "≤") for op in ops) or all(op in (">", ">=", "≥") for op in ops):
        return (sp.And(*[_relation(a, op, b) for a, op, b in zip(members, ops, members[1:])],
                       evaluate=False),)
    out: list[sp.Basic | str] = [members[0]]
    for op, member in zip(ops, members[1:]):
        out += [f" {'→' if op == ARROW else {'<=': '≤', '>=': '≥', '!=': '≠'}.get(op, op)} ",
                member]
    return tuple(out)


_SPAN = re.compile(r"`([^`]*)`")


def prose(text: str | Text) -> Text:
    """Prose with backticked mathematics as :class:`Text` (words and SymPy parts)."""
    if isinstance(text, Text):
        return text
    segments: list[str | sp.Basic] = []
    position = 0
    for match in _SPAN.finditer(text):
        segments.append(text[position:match.start()])
        segments.extend(read(match.group(1).strip()))
        position = match.end()
    segments.append(text[position:])
    if "`" in text[position:]:
        raise NotationError(f"an unmatched backtick in {text!r}")
    return Text(tuple(s for s in segments if not (isinstance(s, str) and s == "")))
