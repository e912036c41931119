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
  ``|x|``, ``sqrt(x)``, ``log``, ``exp``, ``max``, ``min``; ``e^x`` is the exponential, but ``e^k``,
  ``e^{k+1}`` (a superscript in the iteration index k) are the error vector at step k;
  a Latin name followed directly by ``(`` is a function applied (``f(w)``, ``x(t)``);
* relations ``= != < > <= >=`` (a chain ``0 < t < 2`` is a conjunction) and ``->``.

It is a recursive-descent reader over these tokens only: no ``eval``, no ``sympify``;
anything else raises :class:`NotationError`, so a reason that cannot be read fails
when its module is imported (and in the tests), never silently in an output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pretty.stringpict import prettyForm

from momentum_sym.kernel.ordered import OrderedSum
from momentum_sym.kernel.text import Text
from momentum_sym.notation import GREEK_LETTERS

GREEK = frozenset({*GREEK_LETTERS, "nabla"})  # the one notation table
FUNCTIONS = {"sqrt": sp.sqrt, "log": sp.log, "exp": sp.exp, "max": sp.Max, "min": sp.Min,
             "sin": sp.sin, "cos": sp.cos}
OPERATORS = frozenset({"det"})
#: Words of more than one letter that are names in the results' prose.
NAMES = frozenset({"diag", "rate", "max", "min", "tr", "trace", "pbar", "eps", "lr", "ones"})
RELATIONS = {"=": sp.Eq, "!=": sp.Ne, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge,
             "≤": sp.Le, "≥": sp.Ge, "≠": sp.Ne}
ARROW = "->"

_SCRIPT = r"(?:\{[^{}]*\}|\([^()]*\)|[A-Za-z0-9]+|\*)"
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+\b)?)"
    rf"|(?P<name>[A-Za-z]+(?:\*(?=_))?(?:_{_SCRIPT})?'*(?:\^(?:T\b|\{{T\}}|\\top|\{{\\top\}}|\{{\\star\}}))?)"
    r"|(?P<dots>\.\.\.)"
    r"|(?P<norm>\|\|)(?P<normscript>_(?:\{[^{}]*\}|[A-Za-z0-9]+))?"
    r"|(?P<op>\+-|!=|<=|>=|->|[-+*/^=<>|(){},≤≥≠±])",
)


def _number(text: str) -> sp.Basic:
    """``12``; ``0.25`` and ``1.5e-9``, floats with the digits written; ``1e-12``, a
    power of ten kept as it is written."""
    mantissa, _, exponent = text.partition("e")
    if exponent and sp.Integer(mantissa.replace(".", "")) == 1:
        return sp.Pow(10, sp.Integer(exponent), evaluate=False)  # 1e-12 is 10^-12
    if "." not in mantissa and (not exponent or int(exponent) >= 0):
        return sp.Integer(int(mantissa) * 10 ** int(exponent or 0))
    digits = len(mantissa.replace(".", "").lstrip("0")) or 1
    # a scaled float has at least two digits: SymPy writes "3e-5" with one as "3.e-5"
    return sp.Float(text, max(2, digits) if exponent else digits)


class Norm(sp.Function):
    """``||x||_p``: a norm of ``x``, written with double bars and its subscript."""

    nargs = 2

    def _latex(self, printer, exp=None):
        norm = rf"\left\| {printer._print(self.args[0])} \right\|"
        if self.args[1] != 2:
            norm = rf"{norm}_{{{printer._print(self.args[1])}}}"
        return norm if exp is None else rf"{norm}^{{{exp}}}"

    def _sympystr(self, printer):
        norm = f"‖{printer._print(self.args[0])}‖"
        return norm if self.args[1] == 2 else f"{norm}_{printer._print(self.args[1])}"

    def _momentum_mathml(self, printer):
        row = printer.dom.createElement("msub" if self.args[1] != 2 else "mrow")
        inner = printer.dom.createElement("mrow")
        for part in ("‖", self.args[0], "‖"):
            if isinstance(part, str):
                bar = printer.dom.createElement("mo")
                bar.appendChild(printer.dom.createTextNode(part))
                inner.appendChild(bar)
            else:
                inner.appendChild(printer._print(part))
        row.appendChild(inner)
        if self.args[1] != 2:
            row.appendChild(printer._print(self.args[1]))
        return row


class PlusMinus(sp.Function):
    """``a ± b`` as written (both signs at once): printed, never evaluated.  Its
    precedence is a sum's, so that a product or a quotient puts it in parentheses; in
    parentheses as written it is :class:`Grouped`, which keeps them."""

    nargs = 2
    precedence = PRECEDENCE["Add"]

    def _needs_parentheses(self) -> bool:
        second = self.args[1]
        return bool(second.is_Add or second.could_extract_minus_sign())

    def _latex(self, printer, exp=None):
        second = printer._print(self.args[1])
        if self._needs_parentheses():
            second = rf"\left({second}\right)"
        text = rf"{printer._print(self.args[0])} \pm {second}"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _sympystr(self, printer):
        second = printer._print(self.args[1])
        if self._needs_parentheses():
            second = f"({second})"
        return f"{printer._print(self.args[0])} ± {second}"

    def _pretty(self, printer):
        second = printer._print(self.args[1])
        if self._needs_parentheses():
            second = prettyForm(*second.parens())
        return prettyForm(*printer._print(self.args[0]).right(" ± ", second),
                          binding=prettyForm.ADD)

    def _momentum_mathml(self, printer):
        second = printer._print(self.args[1])
        if self._needs_parentheses():
            second = printer._paren(second)
        return printer._mrow(printer._print(self.args[0]), printer._mo("±"), second)


class Grouped(sp.Function):
    """``(a ± b)`` written in parentheses: printed with them, whatever surrounds it
    (SymPy's printers bracket a negated term only when it is a sum)."""

    nargs = 1
    precedence = PRECEDENCE["Atom"]

    def _latex(self, printer, exp=None):
        text = rf"\left({printer._print(self.args[0])}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _sympystr(self, printer):
        return f"({printer._print(self.args[0])})"

    def _pretty(self, printer):
        return prettyForm(*printer._print(self.args[0]).parens())

    def _momentum_mathml(self, printer):
        return printer._paren(printer._print(self.args[0]))


def _written_sum(terms: list[sp.Basic]) -> sp.Basic:
    """The terms as a sum printed in the order written: ``x'' + c x' + lambda x``."""
    return terms[0] if len(terms) == 1 else OrderedSum(*terms)


def _negated(term: sp.Basic) -> sp.Basic:
    """``-term``; a sum in parentheses stays one: ``a - (b - c)``, not ``a + c - b``,
    and ``a - 2 (b + c)``, not ``a - 2 b - 2 c`` (a product keeps its factors)."""
    if isinstance(term, OrderedSum):
        return sp.Mul(-1, term, evaluate=False)
    return -term  # a product is negated in its coefficient, its factors left as they are


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
            kind = "norm" if match.group("norm") else match.lastgroup or ""
            out.append(_Tok(kind, match.group(0), glued))
            glued = True
        position = match.end()
    return out


def _script(text: str) -> str:
    """``(1,2)`` and ``{1,2}`` as the braces a name's script is written with."""
    if text[:1] == "(" and text[-1:] == ")":
        return "{" + text[1:-1] + "}"
    return text


def _symbol(name: str) -> sp.Basic:
    """A name as the symbol the printers spell (``lambda_1``, ``x_i^k``, ``b^{T}``;
    ``w*_i``, an entry of ``w*``, as ``w_i^{\\star}``)."""
    if "*" in name:
        base, _, script = name.partition("*")
        return sp.Symbol(f"{base}{script}^{{\\star}}", commutative=not base[0].isupper())
    base = re.match(r"[A-Za-z]+", name).group(0)  # type: ignore[union-attr]
    rest = name[len(base):]
    if base not in GREEK and len(base) > 1 and base not in NAMES:
        raise NotationError(f"unknown name {base!r}")
    if "_" in rest:
        rest = "_" + _script(rest[1:].split("'")[0].split("^")[0]) + rest[
            1 + len(rest[1:].split("'")[0].split("^")[0]):]
    rest = rest.replace("^T", "^{T}").replace(r"^\top", "^{T}").replace(r"^{\top}", "^{T}")
    # a capital is a matrix, and a transposed name a row: x c^T is not c^T x
    matrix = ((base[0].isupper() and base not in GREEK) or base in {"Lambda", "Sigma"}
              or rest.endswith("^{T}"))
    return sp.Symbol(base + rest, commutative=not matrix)


def _noncommutative(factor: sp.Basic) -> sp.Basic:
    """A Latin-named symbol as a matrix symbol (scalars and Greek names stay scalars),
    also inside a sum, a product, a plus-minus or an applied function beside a matrix:
    ``Q^T (w - w*)`` and ``Q^T grad f(u)`` are a matrix times a vector, which SymPy would
    print as ``(w - w*) Q^T`` if the vector stayed scalar.  Exponents are left alone
    (in ``(Q x)^2`` the 2 is a number)."""
    if isinstance(factor, sp.Symbol) and factor.is_commutative and factor.name[0].isascii() \
            and factor.name.split("_")[0].split("^")[0] not in GREEK:
        return sp.Symbol(factor.name, commutative=False)
    if isinstance(factor, (sp.Add, sp.Mul)):
        return factor.func(*(_noncommutative(a) for a in factor.args))
    if isinstance(factor, sp.Pow):
        return sp.Pow(_noncommutative(factor.base), factor.exp)
    if isinstance(factor, (Grouped, PlusMinus)):
        return factor.func(*(_noncommutative(a) for a in factor.args))
    if isinstance(factor, AppliedUndef) and factor.is_commutative:
        # grad f(u) beside Q^T is a vector: Q^T grad f(u), not grad f(u) Q^T
        return sp.Function(factor.func.__name__, commutative=False)(*factor.args)
    return factor


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
        return tok is not None and (tok.kind in ("name", "number", "dots", "norm")
                                or tok.text in "({|")

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
                return PlusMinus(_written_sum(terms), term)
            terms.append(term if tok.text == "+" else _negated(term))
        return _written_sum(terms)

    def signed(self) -> sp.Basic:
        tok = self.peek()
        if tok is not None and tok.text == "-":
            self.take()
            return _negated(self.product())
        return self.product()

    def product(self) -> sp.Basic:
        factors = [self.power()]
        divide = []
        while True:
            tok = self.peek()
            if tok is not None and tok.text in "*/" and tok.kind == "op":
                self.take()
                (divide if tok.text == "/" else factors).append(self.power())
            elif self.starts_operand(tok) and not self.closes(tok):
                if tok.kind == "number":
                    # L_G 1 would be read as L_G times the number 1, and the 1 lost
                    raise NotationError(f"a number after a factor in `{self.span}`: write it "
                                        "first (2 x), or the vector of ones as `ones`")
                factors.append(self.power())
            else:
                break
        if any(not f.is_commutative for f in factors):
            # a product with a matrix keeps its written order: vectors beside it are matrices
            factors = [_noncommutative(f) for f in factors]
        if any(isinstance(f, OrderedSum) for f in factors):
            # a number times a written sum stays so, 2 (b + c) and (a + b)/2: SymPy would
            # multiply it out (only a number is ever multiplied into a sum)
            coefficient = sp.Mul(*(f for f in factors if f.is_Number)) / sp.Mul(
                *(d for d in divide if d.is_Number))
            rest = [f for f in factors if not f.is_Number]
            value = sp.Mul(coefficient, *rest, evaluate=False) if coefficient != 1 else \
                sp.Mul(*rest)
            divide = [d for d in divide if not d.is_Number]
        else:
            value = sp.Mul(*factors)
        for d in divide:
            value = value / d
        return value

    def closes(self, tok: _Tok) -> bool:
        """Whether a bar at an operator's place closes an open ``|x|`` or ``||x||``."""
        return (tok.text == "|" and self.bars > 0) or (tok.kind == "norm" and self.norms > 0)

    bars = 0
    norms = 0

    def power(self) -> sp.Basic:
        base = self.atom()
        tok = self.peek()
        if (tok is not None and tok.text == "^" and tok.glued and isinstance(base, sp.Symbol)
                and base.name[0].isascii() and base.name.split("_")[0].isalpha()
                and base.name.split("_")[0] not in GREEK
                and (base.name != "e" or self.index_script())
                and "^" not in base.name):
            # a Latin name's superscript is part of the name: the iterate x^k, w^{k+1}
            self.take()
            script = self.script_text()
            return sp.Symbol(f"{base.name}^{{{script}}}", commutative=base.is_commutative)
        if tok is not None and tok.text == "^":
            self.take()
            exponent = self.exponent()
            if base == sp.Symbol("e"):
                return sp.exp(exponent)
            # a name's superscript may be an index (x^0, w^1), and 10^6 is a scale as
            # written: both kept unevaluated
            written = isinstance(base, sp.Symbol) or (base.is_Integer and exponent.is_Integer)
            return sp.Pow(base, exponent, evaluate=not written)
        return base

    def index_script(self) -> bool:
        """Whether the superscript after ``^`` (not yet taken) is the iteration index:
        ``e^k``, ``e^{k+1}`` are the error at step k, where ``e^{r t}`` is the
        exponential."""
        after = self.tokens[self.at + 1:self.at + 4]
        texts = [t.text for t in after]
        return bool(texts) and (texts[0] == "k" or (texts[:2] == ["{", "k"] and (
            len(texts) < 3 or texts[2] in "}+-")))

    def script_text(self) -> str:
        """The source text of a superscript: ``k``, ``{k+1}``, ``(2n+1)``, ``-1``."""
        tok = self.take()
        if tok.text in "{(":
            close, depth, parts = ("}" if tok.text == "{" else ")"), 1, []
            while True:
                inner = self.take()
                if inner.text == tok.text:
                    depth += 1
                elif inner.text == close:
                    depth -= 1
                    if depth == 0:
                        return "".join(parts)
                parts.append(("" if inner.glued or not parts else " ") + inner.text)
        if tok.text == "-":
            return "-" + self.take().text
        return tok.text

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
        if tok.kind == "norm":  # ||x||_inf
            self.norms += 1
            value = self.sum()
            self.norms -= 1
            close = self.take()
            if close.kind != "norm":
                raise NotationError(f"a norm needs its closing bars (||x||) in `{self.span}`")
            script = close.text[3:].strip("{}") or "2"
            return Norm(value, sp.oo if script == "inf" else _symbol(script) if script.isalpha()
                        else sp.Integer(script))
        if tok.kind == "dots":  # 1 + ... + k
            return sp.Symbol(r"\ldots")
        if tok.kind == "number":
            return _number(tok.text)
        if tok.text in "({":
            items = [self.sum()]
            while tok.text == "(" and self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
                self.take()
                items.append(self.sum())
            self.expect(")" if tok.text == "(" else "}")
            if len(items) == 1:
                # a ± in parentheses keeps them: -(a ± b) is not -a ± b
                return Grouped(items[0]) if isinstance(items[0], PlusMinus) else items[0]
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
        after = self.peek(1)
        if following is not None and following.text == "*" and following.glued and not (
                self.starts_operand(after) and after.glued  # type: ignore[union-attr]
                and not self.closes(after)):  # type: ignore[arg-type]
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
        if name == "eps":
            return sp.Symbol("epsilon")
        if name == "I":
            return sp.Symbol("I", commutative=False)
        if name == "ones":  # the vector of all ones, set in bold
            return sp.Symbol(r"\mathbf{1}", commutative=False)
        if (name.isalpha() and len(name) == 2 and name not in GREEK and name not in NAMES
                and not star):
            return sp.Mul(*[_symbol(letter) for letter in name])  # rt: r times t
        return _symbol(name + (r"^{\star}" if star else ""))

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


_ASIDE = re.compile(r"^(.*?)\s*\(((?:[^()]|\([^()]*\))*(?:=|<|>)(?:[^()]|\([^()]*\))*)\)$")


@cache
def read(span: str) -> tuple[sp.Basic | str, ...]:
    """One span as SymPy parts, with the words between them (``->``, and ``=`` in a
    chain of equalities): ``alpha = 2/(lambda_1 + lambda_n)`` -> ``(Eq(alpha, ...),)``.
    A relation in parentheses at the end (``s > 0 (0 < r < 1)``) is an aside."""
    aside = _ASIDE.match(span)
    if aside:
        head = (*read(aside.group(1)), " ") if aside.group(1) else ()
        return (*head, "(", *read(aside.group(2).strip()), ")")
    parts = _Reader(span).chain()
    if len(parts) == 1:
        return (parts[0],)
    members, ops = parts[0::2], parts[1::2]
    if len(ops) == 1 and ops[0] != ARROW:
        return (_relation(members[0], ops[0], members[1]),)
    if all(op in ("<", "<=", "≤") for op in ops) or all(op in (">", ">=", "≥") for op in ops):
        links = zip(members, ops, members[1:], strict=False)
        return (sp.And(*[_relation(a, op, b) for a, op, b in links], evaluate=False),)
    out: list[sp.Basic | str] = [members[0]]
    for op, member in zip(ops, members[1:], strict=True):
        out += [f" {'→' if op == ARROW else {'<=': '≤', '>=': '≥', '!=': '≠'}.get(op, op)} ",
                member]
    return tuple(out)


#: Backticked mathematics; a name in double backticks (``exact``) is a word.
_SPAN = re.compile(r"``([^`]*)``|`([^`]*)`")


def prose(text: str | Text) -> Text:
    """Prose with backticked mathematics as :class:`Text` (words and SymPy parts)."""
    if isinstance(text, Text):
        return text
    segments: list[str | sp.Basic] = []
    position = 0
    for match in _SPAN.finditer(text):
        segments.append(text[position:match.start()])
        if match.group(1) is not None:
            segments.append(match.group(1))
        else:
            if text[match.end():match.end() + 1] == "'":
                # x'' + `c x`' + ... and `d2l`'s printed as mathematics and a stray quote
                raise NotationError(f"a quote after the mathematics {match.group(0)} in "
                                    f"{text!r}: a prime belongs inside the backticks, and a "
                                    "name with 's is a word")
            segments.extend(read(match.group(2).strip()))
        position = match.end()
    segments.append(text[position:])
    if "`" in text[position:]:
        raise NotationError(f"an unmatched backtick in {text!r}")
    return join_words(segments)


def join_words(segments) -> Text:
    """Adjacent words merged, empty words dropped."""
    out: list[str | sp.Basic] = []
    for s in segments:
        if isinstance(s, str):
            if not s:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += s
                continue
        out.append(s)
    return Text(tuple(out))
