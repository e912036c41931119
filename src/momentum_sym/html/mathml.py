"""Presentation MathML for claims, as a textbook writes them.

A small subclass of SymPy's presentation printer
(:func:`sympy.printing.mathml.mathml` with ``printer="presentation"``) that

* reads symbol names with :mod:`momentum_sym.render.names` (``w^{k+1}``,
  ``w^{\\star}``, ``x_i^k``, ``lambda_1``) and sets scripts as ``msub`` /
  ``msup`` / ``msubsup`` with Greek letters, digits as ``mn`` and ``\\star`` as ⋆;
* prints ``x^k[i]`` (Indexed) and ``x[i, 0]`` of a column vector as ``x_i^k``;
* orders sums as the LaTeX renderer does (a positive term first, longer matrix
  products first), prints ``I``, ``0``, ``Q^T``, ``(w^k)^T`` and ``A^{-1}``;
* writes a 1x1 matrix as its entry and a gradient ``d/dw`` as ``∇_w``;
* escapes text (SymPy writes its text nodes raw), so that every page is valid HTML;
* writes minus as U+2212 and keeps every bracket pair in an ``mrow`` of its own
  (a fence in the middle of a row would be spaced as an infix operator).

Nothing here knows the mathematics it prints.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.precedence import PRECEDENCE

from momentum_sym.kernel.ordered import OrderedSum
from momentum_sym.render import names
from momentum_sym.render.printers import (
    lead_positive,
    leads_with_minus,
    order_matrix_sum,
    ordered_disjuncts,
    printable,
    signed_terms,
    textbook_terms,
)
from momentum_sym.render.term_order import CachedTermOrder

_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);")
_SCRIPT_TOKEN = re.compile(r"\\?[A-Za-z]+|[0-9]+|\S")
_FUNCTION_LIKE = re.compile(r"^(?P<head>[A-Za-z]+'*)\((?P<args>[A-Za-z0-9_^{}\\,+\- ]*)\)$")
#: a large operator named as a function (prose's "sum_i (...)"), with its scripts
_LARGE_OPERATORS = {"sum": "\u2211", "prod": "\u220f"}
_LARGE_OPERATOR = re.compile(r"^\\(?P<name>sum|prod)(?P<scripts>(?:[_^].*)?)$")
#: a name's trailing primes, as one operator: x′, x″, x‴
_PRIMES = {1: "\u2032", 2: "\u2033", 3: "\u2034"}


def _split_primes(name: str) -> tuple[str, str]:
    """(the name, its trailing primes), for one to three primes after a name."""
    unprimed = name.rstrip("'")
    primes = name[len(unprimed):]
    return (unprimed, primes) if unprimed and len(primes) in _PRIMES else (name, "")

#: Text SymPy writes that reads badly: entities without their closing semicolon,
#: and the hyphen it uses for minus.
_FIXES = {"&#x1D7D8": "0", "&#x1D7D9": "1", "-": "\u2212"}

#: Relations in chains and their MathML operators.
_REL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for HTML, keeping character references intact."""
    out = []
    position = 0
    for match in _ENTITY.finditer(text):
        out.append(_escape_plain(text[position:match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_escape_plain(text[position:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TextbookMathMLPrinter(CachedTermOrder, MathMLPresentationPrinter):
    """Presentation MathML in the notation of the other renderers."""

    printmethod = "_momentum_mathml"

    def __init__(self, settings=None):
        super().__init__({"mat_delim": "[", **(settings or {})})
        raw = self.dom.createTextNode

        def escaped(data):
            data = _FIXES.get(str(data), str(data))
            if data[:1] == "-" and data[1:2].isdigit():
                data = "\u2212" + data[1:]  # a negative number, as in matrix entries
            return raw(escape(data))

        self.dom.createTextNode = escaped

    def doprint(self, expr) -> str:
        node = self._print(expr)
        node = self._tidy_scripts(node)
        _settle_fences(node)
        return node.toxml().encode("ascii", "xmlcharrefreplace").decode()

    def _tidy_scripts(self, node):
        """A power of a scripted name: ``x_1^2`` as one ``msubsup``; ``(x_i^k)^2``
        bracketed rather than read as ``x_i^{k 2}``."""
        if node.nodeType != node.ELEMENT_NODE:
            return node
        root = node
        for power in list(node.getElementsByTagName("msup")) + (
                [node] if node.tagName == "msup" else []):
            base = power.firstChild
            if base is None or base.nodeType != base.ELEMENT_NODE:
                continue
            if base.tagName in ("msup", "msubsup"):
                power.removeChild(base)  # nodes are moved, never copied
                power.insertBefore(self._paren(base), power.firstChild)
            elif base.tagName == "msub":
                parent, after = power.parentNode, power.nextSibling
                if parent is not None:
                    parent.removeChild(power)
                name, subscript = base.childNodes[0], base.childNodes[1]
                exponent = power.childNodes[1]
                merged = self._el("msubsup", name, subscript, exponent)
                if parent is None:
                    root = merged
                else:
                    parent.insertBefore(merged, after)
        return root

    # -- small builders -----------------------------------------------------------

    def _el(self, tag: str, *children, text: str | None = None, **attributes):
        node = self.dom.createElement(tag)
        for key, value in sorted(attributes.items()):
            node.setAttribute(key.rstrip("_"), value)
        if text is not None:
            node.appendChild(self.dom.createTextNode(text))
        for child in children:
            node.appendChild(child)
        return node

    def _mo(self, text: str, **attributes):
        return self._el("mo", text=text, **attributes)

    def _mrow(self, *children):
        return self._el("mrow", *children)

    def _paren(self, node):
        return self._mrow(self._mo("("), node, self._mo(")"))

    def _text(self, words: str):
        return self._el("mtext", text=words)

    # -- names --------------------------------------------------------------------

    def _script(self, text: str):
        """One sub- or superscript: ``k+1``, ``\\star``, ``i``, ``1``."""
        nodes = []
        for token in _SCRIPT_TOKEN.findall(text):
            if token in names.GREEK:
                symbol = names.GREEK[token][0]
                nodes.append(self._mo(symbol) if token in ("star", "\\star", "*")
                             else self._el("mi", text=symbol))
            elif token.isdigit():
                nodes.append(self._el("mn", text=token))
            elif token.isalpha() and len(token) <= 2:  # "ij": two indices
                nodes.extend(self._el("mi", text=letter) for letter in token)
            elif token.isalpha():  # a word ("max", "opt") is set upright
                nodes.append(self._el("mi", text=token, mathvariant="normal"))
            else:
                nodes.append(self._mo(token))
        return nodes[0] if len(nodes) == 1 else self._mrow(*nodes)

    def _scripts(self, parts: list):
        """Several scripts separated by commas (each already a node)."""
        if len(parts) == 1:
            return parts[0]
        row = []
        for j, part in enumerate(parts):
            if j:
                row.append(self._mo(","))
            row.append(part)
        return self._mrow(*row)

    def _named(self, name: str, extra_subscript=None):
        """A symbol name with its scripts; ``extra_subscript`` is a printed node."""
        unprimed, primes = _split_primes(name)
        if primes and extra_subscript is None:  # x'' in italics with its primes, not "x''"
            return self._mrow(self._named(unprimed), self._mo(_PRIMES[len(primes)]))
        if name.startswith("\\") and "\\" not in name[1:] and names.parse(name[1:]) \
                is not None and names.parse(name[1:]).base in names.GREEK:
            name = name[1:]  # \xi_{+}, a Greek letter with its scripts
        operator = _LARGE_OPERATOR.match(name)
        scripts = names.parse("x" + operator["scripts"]) if operator is not None else None
        if scripts is not None:  # \sum_{i}, \prod_{j}: the operator with its scripts
            return self._scripted(self._mo(_LARGE_OPERATORS[operator["name"]]), scripts,
                                  extra_subscript)
        parsed = names.parse(name)
        call = _FUNCTION_LIKE.match(name) if parsed is None else None
        if call is not None and extra_subscript is None:
            args = []
            for j, argument in enumerate(call["args"].split(",")):
                if j:
                    args.append(self._mo(","))
                args.append(self._named(argument.strip()))
            return self._mrow(self._named(call["head"]),
                              self._mrow(self._mo("("), *args, self._mo(")")))
        if parsed is None:
            base = self._el("mi", text=names.unicode_name(name))
            if extra_subscript is None:
                return base
            return self._el("msub", base, extra_subscript)
        base_text = names.base_unicode(parsed.base)
        if len(base_text) > 1:
            base = self._el("mi", text=base_text, mathvariant="normal")
        else:
            base = self._el("mi", text=base_text)
        return self._scripted(base, parsed, extra_subscript)

    def _scripted(self, base, parsed: names.Name, extra_subscript=None):
        """``base`` with the scripts of ``parsed`` (and ``extra_subscript``)."""
        subs = [self._script(p) for p in parsed.subscripts]
        if extra_subscript is not None:
            subs.append(extra_subscript)
        sups = [self._script(p) for p in parsed.superscripts]
        if subs and sups:
            return self._el("msubsup", base, self._scripts(subs), self._scripts(sups))
        if subs:
            return self._el("msub", base, self._scripts(subs))
        if sups:
            return self._el("msup", base, self._scripts(sups))
        return base

    def _print_Symbol(self, sym, style="plain"):
        return self._named(sym.name)

    def _print_MatrixSymbol(self, sym):
        return self._named(sym.name)

    def _print_IndexedBase(self, e):
        return self._named(e.name)

    def _print_Indexed(self, e):
        indices = [self._print(i) for i in e.indices]
        return self._named(e.base.name, self._scripts(indices))

    def _print_MatrixElement(self, e: MatrixElement):
        parent = e.parent
        if isinstance(parent, sp.MatrixSymbol):
            if parent.shape[1] == 1 and e.j == 0:
                return self._named(parent.name, self._print(e.i))
            return self._named(parent.name, self._mrow(self._print(e.i), self._print(e.j)))
        return super()._print_MatrixElement(e)

    def _print_Function(self, e):
        if isinstance(e, AppliedUndef):
            head = self._named(e.func.__name__)
            args = []
            for j, a in enumerate(e.args):
                if j:
                    args.append(self._mo(","))
                args.append(self._print(a))
            return self._mrow(head, self._mrow(self._mo("("), *args, self._mo(")")))
        return super()._print_Function(e)

    # -- matrices -------------------------------------------------------------------

    def _print_MatrixBase(self, m):
        if m.shape == (1, 1):
            return self._print(m[0, 0])
        return super()._print_MatrixBase(m)

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Identity(self, e):
        return self._el("mi", text="I")

    def _print_ZeroMatrix(self, e):
        return self._el("mn", text="0")

    def _postfix(self, arg, script):
        """``arg`` with a superscript ``script``, bracketed unless a plain name."""
        if isinstance(arg, sp.MatrixSymbol):
            parsed = names.parse(arg.name)
            base = self._print(arg)
            if parsed is not None and parsed.superscripts:
                base = self._paren(base)
        else:
            base = self._paren(self._print(arg))
        return self._el("msup", base, script)

    def _print_Transpose(self, expr):
        return self._postfix(expr.arg, self._el("mi", text="T", mathvariant="normal"))

    def _print_Inverse(self, expr):
        return self._postfix(expr.arg, self._mrow(self._mo("-"), self._el("mn", text="1")))

    def _print_MatPow(self, expr):
        return self._postfix(expr.base, self._print(expr.exp))

    def _print_Mul(self, expr):
        # -(a + b) as written: SymPy's printer would set the minus before the bare sum
        if expr.could_extract_minus_sign():
            rest = -expr
            if isinstance(rest, sp.Mul) and len(rest.args) == 1:
                rest = rest.args[0]
            if isinstance(rest, sp.Add):
                return self._mrow(self._mo("-"), self._paren(self._print(rest)))
        return super()._print_Mul(expr)

    def _print_MatMul(self, expr):
        args = list(expr.args)
        nodes = []
        if leads_with_minus(expr):
            nodes.append(self._mo("-"))
            args = args[1:] if args[0] == -1 else [-args[0], *args[1:]]
        for j, a in enumerate(args):
            if j:
                nodes.append(self._mo("\u2062"))  # invisible times
            if a.is_Rational and not a.is_Integer:
                nodes.append(self._el("mfrac", self._el("mn", text=str(abs(a.p))),
                                      self._el("mn", text=str(a.q))))
            elif isinstance(a, (sp.Add, sp.MatAdd, sp.MatMul)):
                nodes.append(self._paren(self._print(a)))
            else:
                nodes.append(self.parenthesize(a, PRECEDENCE["Mul"]))
        return self._mrow(*nodes)

    def _print_Derivative(self, expr):
        (variable, count), *rest = expr.variable_count
        if (not rest and count == 1 and isinstance(variable, sp.MatrixSymbol)
                and variable.shape[1] == 1):
            body = self._print(expr.expr)
            if isinstance(expr.expr, (sp.Add, sp.MatAdd)):
                body = self._paren(body)
            nabla = self._el("msub", self._mo("∇"), self._print(variable))
            return self._mrow(nabla, body)
        return self._leibniz(expr)

    def _leibniz(self, expr):
        """``∂²/∂w_i∂w_j f`` and ``∂²/∂w_i² f`` (SymPy writes ``∂²w_i``)."""
        partial = "\u2202" if len(expr.expr.free_symbols) > 1 else "d"
        order = sum(count for _, count in expr.variable_count)
        top = self._mo(partial) if order == 1 else self._el(
            "msup", self._mo(partial), self._el("mn", text=str(order)))
        bottom = []
        for variable, count in expr.variable_count:
            bottom.append(self._mo(partial))
            printed = self._print(variable)
            if count > 1:
                if printed.tagName in ("msup", "msubsup"):
                    printed = self._paren(printed)
                printed = self._el("msup", printed, self._el("mn", text=str(count)))
            bottom.append(printed)
        body = self._print(expr.expr)
        if isinstance(expr.expr, (sp.Add, sp.MatAdd)):
            body = self._paren(body)
        return self._mrow(self._el("mfrac", top, self._mrow(*bottom)), body)

    # -- sums ------------------------------------------------------------------------

    def _ordered_terms(self, expr):
        if isinstance(expr, OrderedSum):  # as written, or collected for its reader
            return list(expr.args)
        if isinstance(expr, sp.MatAdd):
            return lead_positive(order_matrix_sum(list(expr.args)))
        return textbook_terms(list(self._as_ordered_terms(expr)))

    def _print_Add(self, expr, order=None):
        nodes = []
        for sign, term in signed_terms(self._ordered_terms(expr)):
            if sign:
                nodes.append(self._mo(sign))
            printed = self._print(term)
            if isinstance(term, (sp.Add, sp.MatAdd)):
                printed = self._paren(printed)
            nodes.append(printed)
        return self._mrow(*nodes)

    _print_MatAdd = _print_Add

    # -- logic ----------------------------------------------------------------------

    def _chain(self, expr):
        """``a < b`` and ``b <= c`` as ``a < b <= c``; None if not such a pair."""
        if len(expr.args) != 2:
            return None
        parts = []
        for rel in expr.args:
            if isinstance(rel, (sp.StrictLessThan, sp.LessThan)):
                parts.append((rel.lhs, rel.rel_op, rel.rhs))
            elif isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
                parts.append((rel.rhs, rel.rel_op.replace(">", "<"), rel.lhs))
            else:
                return None
        (a, op1, b), (c, op2, d) = parts
        if b == c:
            return [a, op1, b, op2, d]
        if d == a:
            return [c, op2, d, op1, b]
        return None

    def _joined(self, args, word: str):
        nodes = []
        for j, a in enumerate(args):
            if j:
                nodes.append(self._text(f"\u2003{word}\u2003"))
            nodes.append(self._print(a))
        return self._mrow(*nodes)

    def _print_And(self, expr):
        chain = self._chain(expr)
        if chain is not None:
            return self._mrow(*(self._mo(_REL[p]) if isinstance(p, str) else self._print(p)
                                for p in chain))
        return self._joined(sorted(expr.args, key=sp.default_sort_key), "and")

    def _print_Or(self, expr):
        return self._joined(ordered_disjuncts(expr.args), "or")

    def _print_Equivalent(self, expr):
        nodes = []
        for j, a in enumerate(expr.args):
            if j:
                nodes.append(self._mo("⇔"))
            nodes.append(self._print(a))
        return self._mrow(*nodes)

    def _print_Relational(self, e):
        lhs, rhs = self._print(e.lhs), self._print(e.rhs)
        return self._mrow(lhs, self._mo(self.mathml_tag(e)), rhs)

    def _print_Naturals(self, e):
        return self._el("mi", text="ℕ", mathvariant="normal")

    def _print_Naturals0(self, e):
        return self._el("msub", self._el("mi", text="ℕ", mathvariant="normal"),
                        self._el("mn", text="0"))


#: Brackets, and the elements tall enough that brackets around them should stretch.
_FENCES = {"(", ")", "[", "]", "{", "}", "|", "\u2016"}
_TALL = {"mfrac", "mtable", "munderover", "munder", "mover"}


def _settle_fences(node) -> None:
    """Brackets around nothing tall are set ``stretchy="false"``: with math fonts a
    stretchy bracket is drawn from a wider variant glyph, which reads ``( w )``."""
    for mo in node.getElementsByTagName("mo") if node.nodeType == node.ELEMENT_NODE else []:
        text = "".join(c.data for c in mo.childNodes if c.nodeType == c.TEXT_NODE)
        if text not in _FENCES or mo.hasAttribute("stretchy"):
            continue
        row = mo.parentNode
        tall = any(row_child.nodeType == row_child.ELEMENT_NODE
                   and (row_child.tagName in _TALL
                        or any(row_child.getElementsByTagName(t) for t in _TALL))
                   for row_child in row.childNodes)
        if not tall:
            mo.setAttribute("stretchy", "false")


_PRINTER_SETTINGS: dict = {}


def mathml_body(expr: sp.Basic) -> str:
    """The presentation MathML of one expression, without the ``<math>`` element."""
    return _body(printable(expr))


@lru_cache(maxsize=4096)
def _body(expr: sp.Basic) -> str:
    return TextbookMathMLPrinter(_PRINTER_SETTINGS).doprint(expr)


def math(expr: sp.Basic, display: bool = True) -> str:
    """``<math display="block">...</math>`` (or inline) for one expression."""
    kind = "block" if display else "inline"
    return f'<math display="{kind}">{mathml_body(expr)}</math>'


def math_nodes(body: str, display: bool = False) -> str:
    """Wrap already printed MathML content in a ``<math>`` element."""
    kind = "block" if display else "inline"
    return f'<math display="{kind}">{body}</math>'
