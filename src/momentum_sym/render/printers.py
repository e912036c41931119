"""SymPy printers that write claims as a textbook does.

* symbols through :mod:`momentum_sym.render.names` (``x_i^k``, ``w^{\\star}``, ``λ₁``);
* a rational coefficient of a matrix product unbracketed: ``\\frac{1}{2} w^{T} A w``;
* sums start with a positive term (``1 - \\alpha \\lambda``, not ``- \\alpha \\lambda + 1``)
  and matrix sums put the longer products first (``A w - b``);
* the component ``x[i, 0]`` of a column vector as ``x_i`` and ``lambda[i]`` as ``\\lambda_i``;
* the derivative of a scalar with respect to a column vector as a gradient ``\\nabla_{w}``.

The printers know nothing of the mathematics they print.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm, stringPict
from sympy.printing.str import StrPrinter

from momentum_sym.kernel.ordered import OrderedSum
from momentum_sym.render import names
from momentum_sym.render.present import terms_in_reading_order, whole
from momentum_sym.render.term_order import CachedTermOrder


def _matrix_factors(term: sp.Basic) -> int:
    """How many matrix factors a term of a matrix sum has (its 'degree')."""
    if isinstance(term, sp.MatMul):
        return sum(1 for a in term.args if getattr(a, "is_Matrix", False))
    return 1 if getattr(term, "is_Matrix", False) else 0


def leads_with_minus(product: sp.MatMul) -> bool:
    """A matrix product that starts with a negative number.  Read off its first factor:
    SymPy's ``could_extract_minus_sign`` negates the product, which evaluates powers of
    explicit matrices (``R^k`` by Jordan blocks, a second each) only to print a sign."""
    first = product.args[0]
    return bool(first.is_Number and first.is_extended_negative)


def split_sign(term: sp.Basic) -> tuple[bool, sp.Basic]:
    """``(negative, magnitude)``: whether a term of a sum reads with a minus, and what
    is printed after the sign, so that a sum reads ``a - b`` and never ``a + -b`` or
    ``a - -b``.  Its value is ``-term`` when the term is negative, else ``term``.

    SymPy's own sign decides a product in its canonical form (one leading number).  A
    product built unevaluated, (-lambda)(-alpha beta), lambda (-2 x), (-alpha) grad f,
    or one with a sum of negative terms as a factor, alpha (-beta - 1), is negative by
    the parity of its negative factors, and its magnitude is the product of their
    magnitudes with the numbers in front: alpha beta lambda, - 2 lambda x,
    - alpha grad f, - alpha (beta + 1).  A matrix product is negative by its scalar
    coefficient, or by a first factor that is a 1x1 matrix with a negative entry."""
    try:
        return _split_sign(term)
    except TypeError:  # unhashable (a mutable matrix)
        return _signed(term)


@lru_cache(maxsize=16_384)
def _split_sign(term: sp.Basic) -> tuple[bool, sp.Basic]:
    # each term is asked for by the sum, by its printer and by the layout
    return _signed(term)


def _signed(term: sp.Basic) -> tuple[bool, sp.Basic]:
    if isinstance(term, sp.MatMul):
        if sp.sympify(term.as_coeff_mmul()[0]).could_extract_minus_sign():
            return True, -term
        first = term.args[0]
        if isinstance(first, sp.MatrixBase) and first.shape == (1, 1):
            negative, entry = split_sign(first[0, 0])
            if negative:
                return True, sp.MatMul(sp.ImmutableMatrix([[entry]]), *term.args[1:])
        return False, term
    if isinstance(term, sp.Mul):
        return _product_sign(term)
    if isinstance(term, sp.Add) and _sum_sign(term)[0]:
        return _sum_sign(term)
    if term.could_extract_minus_sign():
        return True, -term
    return False, term


def _product_sign(product: sp.Mul) -> tuple[bool, sp.Basic]:
    """The sign of a product by the parity of its negative factors, each replaced by
    its magnitude where it stands (see :func:`split_sign`); SymPy's own for a
    canonical product (one leading number, no product or negative sum inside)."""
    negatives, parts = 0, []
    for factor in product.args:
        if factor.is_Number:
            negative, magnitude = bool(factor.is_extended_negative), abs(factor)
        elif isinstance(factor, sp.Add):
            negative, magnitude = _sum_sign(factor)
        elif isinstance(factor, sp.Mul) and not isinstance(factor, sp.MatMul):
            negative, magnitude = split_sign(factor)
        else:
            negative, magnitude = False, factor
        negatives += negative
        parts.append(magnitude)
    canonical = not any(isinstance(f, (sp.Mul, sp.Add)) and p != f
                        for f, p in zip(product.args, parts, strict=True)) and not any(
        isinstance(f, sp.Mul) or f.is_Number for f in product.args[1:])
    if canonical:  # SymPy's sign and SymPy's negation, as every printer had them
        return (True, -product) if product.could_extract_minus_sign() else (False, product)
    if not negatives:
        return False, product
    # an inner product whose sign was taken out is opened, and the numbers go in front:
    # lambda (-2 x) reads - 2 lambda x, (-lambda)(-alpha beta) reads lambda alpha beta
    opened = [g for f, p in zip(product.args, parts, strict=True)
              for g in (p.args if isinstance(p, sp.Mul) and p != f else (p,))]
    numbers = [g for g in opened if g.is_Number]
    rest = [g for g in opened if not g.is_Number]
    numbers = [n for n in numbers if n != 1]
    parts = [*numbers, *rest] or [sp.S.One]
    # without numbers the factors are put in SymPy's order (alpha beta lambda); numbers
    # stay as written (2 0 is a substituted product, not 0)
    magnitude = parts[0] if len(parts) == 1 else sp.Mul(*parts, evaluate=not numbers)
    return negatives % 2 == 1, magnitude


def _sum_sign(total: sp.Add) -> tuple[bool, sp.Basic]:
    """A sum as a factor reads negative when every term does: -beta - 1 is
    -(beta + 1); 1 - alpha lambda is not."""
    signs = [split_sign(t) for t in total.args]
    if not signs or not all(negative for negative, _ in signs):
        return False, total
    if total.could_extract_minus_sign() and all(m == -t for t, (_, m) in
                                                zip(total.args, signs, strict=True)):
        return True, -total  # SymPy's own: beta + 1
    return True, sp.Add(*(m for _, m in signs), evaluate=False)


def _all_factors(product: sp.Basic) -> list[sp.Basic]:
    """The factors of a product, nested products (built unevaluated) opened."""
    if not isinstance(product, sp.Mul) or isinstance(product, sp.MatMul):
        return [product]
    return [f for factor in product.args for f in _all_factors(factor)]


def _reads_negative(factor: sp.Basic) -> bool:
    """A factor that reads with a leading minus: a negative number, a product that
    does, or a sum whose every term does."""
    if factor.is_Number:
        return bool(factor.is_extended_negative)
    return isinstance(factor, (sp.Add, sp.Mul)) and split_sign(factor)[0]


def signed_terms(terms: list[sp.Basic]) -> list[tuple[str, sp.Basic]]:
    """Each term of a sum as ``(sign, what is printed after it)``: ``"+"`` or ``"-"``,
    and ``""`` for the first term, which prints its own minus (unless it reads negative
    only by a factor inside it, see :func:`split_sign`: then ``"-"``)."""
    out = []
    for j, term in enumerate(terms):
        negative, magnitude = split_sign(term)
        if negative and (j or not (term.could_extract_minus_sign() and magnitude == -term)):
            out.append(("-", magnitude))
        elif negative:
            out.append(("", term))
        else:
            out.append(("+" if j else "", magnitude))
    return out


def is_negative(term: sp.Basic) -> bool:
    """Whether a term of a sum reads with a leading minus (``-alpha Q^T v`` included)."""
    return split_sign(term)[0]


def lead_positive(terms: list[sp.Basic]) -> list[sp.Basic]:
    """Move the first term without a minus sign to the front, keeping the rest in order."""
    if terms and is_negative(terms[0]):
        for j, term in enumerate(terms):
            if not is_negative(term):
                return [term, *terms[:j], *terms[j + 1:]]
    return terms


def is_plain_product(term: sp.Basic) -> bool:
    """A product of plain symbols, each to the first power (alpha lambda nu), and
    numbers; a sequence's value (x^k) is not plain: a recurrence has its own order."""
    return all(f.is_Number or (isinstance(f, sp.Symbol)
                               and names.sequence_value(f.name) is None)
               for f in sp.Mul.make_args(term))


def constant_first(terms: list[sp.Basic]) -> list[sp.Basic]:
    """1 + beta - alpha lambda, where SymPy writes beta - alpha lambda + 1: the positive
    number of a sum of three or more terms, one of them subtracted, goes first, as in
    1 - alpha lambda.  Only when every other term is a plain product
    (:func:`is_plain_product`): a polynomial keeps its falling powers, x^2 - 2x + 1;
    and not in a sum of integers, an index or exponent such as k - i + 1."""
    numbers = [t for t in terms if isinstance(t, sp.Basic) and t.is_Number]
    if len(terms) < 3 or len(numbers) != 1 or not numbers[0].is_positive:
        return terms
    others = [t for t in terms if t is not numbers[0]]
    if not any(is_negative(t) for t in others) or not all(map(is_plain_product, others)) \
            or all(t.is_integer for t in others):
        return terms  # an index or exponent reads k - i + 1, not 1 + k - i
    return [numbers[0], *others]


def textbook_terms(terms: list[sp.Basic]) -> list[sp.Basic]:
    """A scalar sum's terms as a textbook orders them: not starting with a minus
    (:func:`lead_positive`), its constant first where that reads better
    (:func:`constant_first`)."""
    return constant_first(lead_positive(terms))


def order_matrix_sum(terms: list[sp.Basic]) -> list[sp.Basic]:
    """Longer products first; within a length, positive terms first (stable)."""
    return sorted(terms, key=lambda t: (-_matrix_factors(t), is_negative(t)))


def _is_operator_symbol(factor: sp.Basic) -> bool:
    """A symbol that names an applied operator (``\\nabla f(w^{k})``): written after its
    scalar coefficient, as in alpha nabla f(w^k), though its name sorts first."""
    return isinstance(factor, sp.Symbol) and factor.name.startswith(("\\nabla", "∇"))


def split_operator_factors(expr: sp.Mul) -> tuple[sp.Basic, list[sp.Basic]] | None:
    """``(coefficient, operators)`` for a product with an operator symbol and a scalar part,
    else None (the printers' own order is kept)."""
    operators = [f for f in expr.args if _is_operator_symbol(f)]
    if not operators or len(operators) == len(expr.args):
        return None
    return sp.Mul(*[f for f in expr.args if not _is_operator_symbol(f)]), operators


class _OperatorLast:
    """A coefficient before the operator it scales (printers that build strings)."""

    def _print_Mul(self, expr, **kwargs):
        split = split_operator_factors(expr)
        if split is None:
            return super()._print_Mul(expr, **kwargs)
        coefficient, operators = split
        sign = ""
        if coefficient.could_extract_minus_sign():
            sign, coefficient = "-" if isinstance(self, StrPrinter) else "- ", -coefficient
        head = [] if coefficient == 1 else [
            self.parenthesize(coefficient, PRECEDENCE["Mul"], strict=True)]
        return sign + " ".join(head + [self._print(f) for f in operators])


def explicit_minus(terms: list[sp.Basic]) -> list[sp.Basic]:
    """The terms of a sum with each sign as :func:`split_sign` reads it, in the forms
    SymPy's own printers set so: a negative one as ``-c * rest`` (printed
    ``- c rest``), a product whose negative factors cancel as its magnitude (rather
    than ``+ (-lambda) (-alpha beta)``).  Terms SymPy reads alike are left as they are."""
    out = []
    for term in terms:
        negative, magnitude = split_sign(term)
        if isinstance(term, sp.MatMul):
            if negative and not leads_with_minus(term):
                term = sp.MatMul(sp.S.NegativeOne, *sp.MatMul.make_args(magnitude))
        elif negative and not (term.could_extract_minus_sign() and magnitude == -term):
            factors = list(sp.Mul.make_args(magnitude))
            if factors[0] == 0:  # zero times anything: no sign to print
                out.append(magnitude)
                continue
            if factors[0].is_Number:
                factors = [-factors[0], *factors[1:]]
            else:
                factors = [sp.S.NegativeOne, *factors]
            term = sp.Mul(*factors, evaluate=False)
        elif not negative:
            term = magnitude
        out.append(term)
    return out


class _TextbookOrder:
    """Term order shared by both printers."""

    def _as_ordered_terms(self, expr, order=None):
        if isinstance(expr, OrderedSum):
            return list(expr.args)
        if isinstance(expr, sp.MatAdd):
            return lead_positive(order_matrix_sum(list(expr.args)))
        return textbook_terms(list(super()._as_ordered_terms(expr, order=order)))


def _column_component(expr: MatrixElement) -> bool:
    return expr.parent.shape[1] == 1 and expr.j == 0


def _element_subscript(expr: MatrixElement, show) -> str:
    """The subscript of a matrix element: i for a component of a column, ij otherwise."""
    if _column_component(expr):
        return show(expr.i)
    return f"{show(expr.i)}{show(expr.j)}"


def _index_subscript(indices, show) -> str:
    """The subscript of an indexed name: single letters side by side (x_ij, as a matrix
    element), longer indices with commas (x_(i, k+1))."""
    printed = [show(i).replace(" ", "") for i in indices]  # a script is set without spaces
    return ("" if all(len(p) == 1 for p in printed) else ",").join(printed)


def _unicode_subscripted(name: str, subscript: str) -> str:
    """A name with a subscript in Unicode (xᵢᵏ); name[subscript] when it has no form."""
    parsed = names.parse(name)
    if parsed is None:
        return f"{names.unicode_name(name)}[{subscript}]"
    return names.unicode_of(parsed, subscript)


class TextbookLatexPrinter(_OperatorLast, _TextbookOrder, CachedTermOrder, LatexPrinter):
    """LaTeX as in a textbook (see the module docstring)."""


    def _print_Add(self, expr, order=None):
        tex = ""
        for j, (sign, term) in enumerate(signed_terms(self._as_ordered_terms(expr,
                                                                            order=order))):
            tex += {"": "", "+": " + ", "-": " - " if j else "- "}[sign]
            term_tex = self._print(term)
            if self._needs_add_brackets(term):
                term_tex = r"\left(" + term_tex + r"\right)"
            tex += term_tex
        return tex

    def _print_Pow(self, expr, **kwargs):
        if expr.base.is_Integer and expr.exp.is_Integer and expr.exp < 0:
            return f"{expr.base}^{{{expr.exp}}}"  # a scale as written, 10^{-30}
        return super()._print_Pow(expr, **kwargs)

    def _print_MatrixBase(self, expr):
        if expr.shape == (1, 1):
            return self._print(expr[0, 0])
        return super()._print_MatrixBase(expr)

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Function(self, expr, exp=None):
        if isinstance(expr, AppliedUndef):
            text = names.latex_name(expr.func.__name__) + r"\left(" + ", ".join(
                self._print(a) for a in expr.args) + r"\right)"
            return text if exp is None else rf"{text}^{{{exp}}}"
        return super()._print_Function(expr, exp)

    def _print_Symbol(self, expr, style="plain"):
        return self._name(expr)

    def _name(self, expr) -> str:
        # a document's own spelling of a name, when one is given (the audit's corrections)
        given = self._settings["symbol_names"].get(expr)
        return given if given is not None else names.latex_name(expr.name)

    def _print_MatrixSymbol(self, expr):
        return self._name(expr)

    def _print_IndexedBase(self, expr):
        return self._name(expr)

    def _subscripted(self, name: str, subscript: str) -> str:
        parsed = names.parse(name)
        if parsed is None:
            return "{" + names.latex_name(name) + "}_{" + subscript + "}"
        return names.latex_of(parsed, subscript)

    def _print_Indexed(self, expr):
        subscript = ",".join(self._print(i) for i in expr.indices)
        return self._subscripted(expr.base.name, subscript)

    def _print_MatrixElement(self, expr):
        parent = expr.parent
        if isinstance(parent, sp.MatrixSymbol):
            return self._subscripted(parent.name, _element_subscript(expr, self._print))
        return super()._print_MatrixElement(expr)

    def _print_Transpose(self, expr):
        inner = expr.arg
        if isinstance(inner, sp.MatrixSymbol):
            parsed = names.parse(inner.name)
            text = self._name(inner)
            if parsed is not None and parsed.superscripts:
                return rf"({text})^{{T}}"
            return text + "^{T}"
        return super()._print_Transpose(expr)

    def _print_Inverse(self, expr):
        inner = expr.arg
        if isinstance(inner, sp.MatrixSymbol):
            parsed = names.parse(inner.name)
            text = self._name(inner)
            if parsed is not None and parsed.superscripts:
                return rf"({text})^{{-1}}"
            return text + "^{-1}"
        return self._print_MatPow(expr)

    def _print_MatMul(self, expr):
        args = list(expr.args)
        sign = ""
        if leads_with_minus(expr):
            sign = "- "
            args = args[1:] if args[0] == -1 else [-args[0], *args[1:]]
        parts = []
        for a in args:
            if a.is_Rational and not a.is_Integer:
                parts.append(rf"\frac{{{abs(a.p)}}}{{{a.q}}}")
            elif isinstance(a, (sp.Add, sp.MatAdd, sp.MatMul)):
                parts.append(r"\left(" + self._print(a) + r"\right)")
            else:
                parts.append(self._print(a))
        return sign + " ".join(parts)

    def _helper_print_standard_power(self, expr, template: str) -> str:
        if isinstance(expr.base, (sp.Indexed, MatrixElement, sp.MatrixSymbol)):
            base = self.parenthesize_super(self._print(expr.base))
            return template % (base, self._print(expr.exp))
        return super()._helper_print_standard_power(expr, template)

    def _print_ZeroMatrix(self, expr):
        return "0"

    def _print_Identity(self, expr):
        return "I"

    def _print_Derivative(self, expr):
        (variable, count), *rest = expr.variable_count
        if (not rest and count == 1 and isinstance(variable, sp.MatrixSymbol)
                and variable.shape[1] == 1):
            body = self._print(expr.expr)
            if isinstance(expr.expr, (sp.Add, sp.MatAdd)):
                body = r"\left(" + body + r"\right)"
            return rf"\nabla_{{{self._print(variable)}}} {body}"
        return super()._print_Derivative(expr)

    def _print_And(self, expr):
        chain = _chain(expr)
        if chain is not None:
            return " ".join(self._print(p) if isinstance(p, sp.Basic) else _LATEX_REL[p]
                            for p in chain)
        return r" \text{ and } ".join(self._print(a) for a in _ordered(expr.args))

    def _print_Or(self, expr):
        return r" \text{ or } ".join(self._print(a) for a in ordered_disjuncts(expr.args))

    def _print_Equivalent(self, expr):
        return r" \iff ".join(self._print(a) for a in expr.args)

    def _print_Implies(self, expr):
        return r" \implies ".join(self._print(a) for a in expr.args)


#: Pretty forms already made, by the printer's settings (see TextbookPrettyPrinter._print).
_FORMS: dict[str, dict[tuple[sp.Basic, bool], prettyForm]] = {}
_FORMS_KEPT = 20_000


class TextbookPrettyPrinter(_TextbookOrder, CachedTermOrder, PrettyPrinter):
    """Unicode two-dimensional printing with readable symbol names."""

    def _as_ordered_terms(self, expr, order=None):
        return explicit_minus(super()._as_ordered_terms(expr, order=order))

    def _print_Mul(self, product):
        # a product built unevaluated keeps its factors; one that reads negative after
        # the first is bracketed, lambda (-alpha beta), as SymPy does only for sums
        nested = any(isinstance(f, sp.Mul) for f in product.args)
        # numbers multiplied unevaluated (a worked substitution): SymPy writes each
        # fraction on one line, and 1/10⋅2 reads as 1/20; (1/10)⋅2 does not
        numbers = [f for f in product.args if f.is_Number]
        fractions = len(numbers) > 1 and any(not f.is_Integer for f in numbers)
        if not fractions and (not nested or not any(_reads_negative(f)
                                                    for f in product.args[1:])):
            return super()._print_Mul(product)
        forms = []
        for j, factor in enumerate(product.args):
            form = self._print(factor)
            if isinstance(factor, sp.Add) or (j and _reads_negative(factor)) or (
                    fractions and factor.is_Rational and not factor.is_Integer):
                form = prettyForm(*form.parens())
            forms.append(form)
        return prettyForm.__mul__(*forms)

    def _print_MatrixBase(self, e, **kwargs):
        if e.shape == (1, 1):
            return self._print(e[0, 0])
        return super()._print_MatrixBase(e, **kwargs)

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Pow(self, power):
        # a negative or fractional number raised to a power keeps its brackets: (-1/2)ᵏ,
        # never -1/2 with k raised, which reads as -(1/2)ᵏ
        base, exponent = power.base, power.exp
        if base.is_Number and (base.is_negative or not base.is_Integer) and not (
                exponent.is_Rational and (exponent.q != 1 or exponent < 0)):
            return prettyForm(*self._print(base).parens()) ** self._print(exponent)
        return super()._print_Pow(power)

    def _print_Function(self, e, sort=False, func_name=None, left="(", right=")"):
        if isinstance(e, AppliedUndef) and func_name is None:
            func_name = names.unicode_name(e.func.__name__)
        return super()._print_Function(e, sort=sort, func_name=func_name, left=left,
                                       right=right)

    def __init__(self, settings=None):
        super().__init__({"use_unicode": True, "wrap_line": False, "num_columns": 10_000,
                          **(settings or {})})
        # printers with the same settings share their forms
        self._forms = _FORMS.setdefault(repr(sorted(self._settings.items())), {})

    def _print(self, expr, **kwargs):
        """A subexpression's form is made once for all the expressions that contain it
        (laying out a display measures a sum, then each of its terms, then their
        factors).  The form depends only on the expression and on whether it is printed
        at the top (a float is printed in full only there); callers may change a form's
        baseline and binding, so each gets its own copy of the shared picture."""
        if kwargs or not isinstance(expr, sp.Basic):
            return super()._print(expr, **kwargs)
        key = (expr, self._print_level == 0)
        form = self._forms.get(key)
        if form is None:
            if len(self._forms) >= _FORMS_KEPT:
                self._forms.clear()
            form = self._forms[key] = super()._print(expr)
        return copy.copy(form)

    def _print_Symbol(self, e, bold_name=False):
        return prettyForm(names.unicode_name(e.name))

    def _print_MatrixSymbol(self, e):
        return prettyForm(names.unicode_name(e.name))

    def _print_IndexedBase(self, e):
        return prettyForm(names.unicode_name(e.name))

    def _subscripted(self, name: str, subscript: str) -> prettyForm:
        return prettyForm(_unicode_subscripted(name, subscript))

    def _print_Indexed(self, expr):
        return self._subscripted(expr.base.name, _index_subscript(expr.indices, sp.sstr))

    def _print_MatrixElement(self, expr):
        parent = expr.parent
        if isinstance(parent, sp.MatrixSymbol):
            return self._subscripted(parent.name, _element_subscript(expr, sp.sstr))
        return super()._print_MatrixElement(expr)

    def _print_Transpose(self, expr):
        if isinstance(expr.arg, sp.MatrixSymbol):
            return prettyForm(names.unicode_name(expr.arg.name) + "ᵀ")
        return super()._print_Transpose(expr)

    def _print_Inverse(self, expr):
        if isinstance(expr.arg, sp.MatrixSymbol):
            return prettyForm(names.unicode_name(expr.arg.name) + "⁻¹")
        return self._print_MatPow(expr)

    def _print_MatMul(self, expr):
        args = list(expr.args)
        nested = [isinstance(a, sp.MatMul) for a in args]
        if not any(nested):
            return super()._print_MatMul(expr)
        forms = []
        for a, inner in zip(args, nested, strict=True):
            form = self._print(a)
            if inner or isinstance(a, (sp.Add, sp.MatAdd)):
                form = prettyForm(*form.parens())
            forms.append(form)
        return prettyForm.__mul__(*forms)

    def _print_MatAdd(self, expr):
        terms = self._as_ordered_terms(expr)
        form = None
        for term in terms:
            negative, magnitude = split_sign(term)
            piece = self._print(magnitude if negative and form is not None else term)
            if form is None:
                form = piece
            else:
                form = prettyForm(*stringPict.next(form, " - " if negative else " + ", piece))
        return form

    def _print_ZeroMatrix(self, expr):
        return prettyForm("0")

    def _print_Identity(self, expr):
        return prettyForm("I")

    def _print_And(self, expr):
        chain = _chain(expr)
        if chain is not None:
            form = None
            for p in chain:
                piece = self._print(p) if isinstance(p, sp.Basic) else prettyForm(
                    f" {_UNICODE_REL[p]} ")
                form = piece if form is None else prettyForm(*stringPict.next(form, piece))
            return form
        return self._join(" and ", expr.args)

    def _print_Or(self, expr):
        return self._join(" or ", ordered_disjuncts(expr.args), ordered=False)

    def _print_Equivalent(self, expr):
        return self._join(" ⇔ ", expr.args, ordered=False)

    def _print_Implies(self, expr):
        return self._join(" ⇒ ", expr.args, ordered=False)

    def _join(self, word: str, args, ordered: bool = True):
        form = None
        for a in (_ordered(args) if ordered else args):
            piece = self._print(a)
            form = piece if form is None else prettyForm(*stringPict.next(form, word, piece))
        return form


_LATEX_REL = {"<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}
_UNICODE_REL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def _ordered(args) -> list[sp.Basic]:
    return sorted(args, key=sp.default_sort_key)


def _start(part: sp.Basic) -> float | None:
    """Where a part of a union of intervals in one symbol starts on the real line (its
    lower end, -inf when it has none, the point of an equation); None for anything else."""
    if len(part.free_symbols) != 1:
        return None
    (x,) = part.free_symbols
    lows = []
    for relation in part.args if isinstance(part, sp.And) else (part,):
        if isinstance(relation, sp.Eq):  # an isolated point x = c
            sides = {relation.lhs, relation.rhs}
            if x not in sides or len(sides) != 2:
                return None
            (point,) = sides - {x}
            if not point.is_number:
                return None
            lows.append(point)
            continue
        less = _as_less(relation)
        if less is None:
            return None
        small, _, large = less
        if large == x and small.is_number:
            lows.append(small)
        elif not (small == x and large.is_number):  # an upper end says nothing of the start
            return None
    if not all(low.is_extended_real for low in lows):
        return None
    return max((float(low) for low in lows), default=float("-inf"))


def ordered_disjuncts(args) -> list[sp.Basic]:
    """The parts of an "or" from left to right on the real line when they are intervals
    of one symbol (0 < beta <= 1/3 or 2/3 <= beta < 1), else in SymPy's order: SymPy
    keeps the parts of a union in an order of its own."""
    starts = {a: _start(a) for a in args}
    if any(s is None for s in starts.values()):
        return _ordered(args)
    return sorted(args, key=lambda a: (starts[a], sp.default_sort_key(a)))


def _as_less(rel: sp.Basic) -> tuple[sp.Basic, str, sp.Basic] | None:
    """A strict or weak inequality as ``(small, op, large)`` with op in < or <=."""
    if isinstance(rel, (sp.StrictLessThan, sp.LessThan)):
        return rel.lhs, rel.rel_op, rel.rhs
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        return rel.rhs, rel.rel_op.replace(">", "<"), rel.lhs
    return None


def _chain(expr: sp.And) -> list | None:
    """``a < b`` and ``b <= c`` as the chain ``[a, '<', b, '<=', c]``; None otherwise."""
    if len(expr.args) != 2:
        return None
    parts = [_as_less(a) for a in expr.args]
    if any(p is None for p in parts):
        return None
    (a, op1, b), (c, op2, d) = parts
    if b == c:
        return [a, op1, b, op2, d]
    if d == a:
        return [c, op2, d, op1, b]
    return None


_LATEX = TextbookLatexPrinter()
# in a line of prose a fraction is written a/b, as a textbook sets it inline
_LATEX_INLINE = TextbookLatexPrinter({"fold_short_frac": True})
_PRETTY_SETTINGS: dict = {}


def freeze(expr):
    """A hashable form of ``expr`` (mutable matrices become immutable)."""
    if isinstance(expr, sp.MatrixBase) and not isinstance(expr, sp.ImmutableMatrix):
        return sp.ImmutableMatrix(expr)
    return sp.sympify(expr)


def printable(expr):
    """``expr`` frozen and in its reading form
    (:func:`momentum_sym.render.present.readable`): every printer starts here."""
    # readable is computed once per (sub)expression: a build prints each claim in four
    # formats (text, LaTeX, Markdown, HTML), and the reading form was most of its time
    return whole(freeze(expr))


def latex(expr: sp.Basic) -> str:
    """LaTeX for one expression (math mode, no delimiters)."""
    return _latex(printable(expr))


@lru_cache(maxsize=4096)
def _latex(expr: sp.Basic) -> str:
    return _LATEX.doprint(expr)


def latex_named(expr: sp.Basic, spelled: dict[sp.Basic, str]) -> str:
    """:func:`latex` with some symbols spelled as given (a document's own names)."""
    return TextbookLatexPrinter({"symbol_names": spelled}).doprint(printable(expr))


def latex_inline(expr: sp.Basic) -> str:
    """LaTeX for mathematics inside a sentence (short fractions as a/b)."""
    return _latex_inline(printable(expr))


_SIZED = re.compile(r"\\(left|right)(\.|(?=[()|\[\]]|\\\|))")


@lru_cache(maxsize=4096)
def _latex_inline(expr: sp.Basic) -> str:
    # \left ... \right makes a group TeX cannot break across lines: inside a sentence
    # plain delimiters let a long formula wrap after an operator, as a textbook's do
    return _SIZED.sub("", _LATEX_INLINE.doprint(expr))


def pretty_form(expr: sp.Basic) -> prettyForm:
    """A fresh two-dimensional form of one expression (to be combined with others)."""
    return TextbookPrettyPrinter(_PRETTY_SETTINGS)._print(printable(expr))


def pretty(expr: sp.Basic) -> str:
    """The Unicode two-dimensional picture of one expression."""
    return _pretty(printable(expr))


@lru_cache(maxsize=4096)
def _pretty(expr: sp.Basic) -> str:
    return pretty_form(expr).render(wrap_line=False)


def width(expr: sp.Basic) -> int:
    """Columns the expression takes when pretty-printed: a proxy for its typeset width."""
    return _width(printable(expr))


@lru_cache(maxsize=4096)
def _width(expr: sp.Basic) -> int:
    return pretty_form(expr).width()


def sum_terms(expr: sp.Basic) -> list[sp.Basic]:
    """The terms of a sum in printing order; ``[expr]`` for anything else (a 1x1
    matrix counts as its entry)."""
    if isinstance(expr, sp.MatrixBase) and expr.shape == (1, 1):
        expr = expr[0, 0]
    if type(expr) is sp.Add:
        expr = terms_in_reading_order(expr)  # x'' + c x' + lambda x, as it is printed
    if isinstance(expr, (sp.Add, sp.MatAdd)):
        # a sum inside the sum (an unevaluated cofactor expansion) gives its own terms:
        # taken as one term, its sign would be pulled out without brackets
        return [t for term in _LATEX._as_ordered_terms(expr)
                for t in (sum_terms(term) if type(term) is sp.Add else [term])]
    return [expr]


_RELATIONS = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}


_SUPERSCRIPTS = frozenset(names.SUPERSCRIPT.values())


class TextbookStrPrinter(_OperatorLast, _TextbookOrder, CachedTermOrder, StrPrinter):
    """One line of Unicode mathematics, as a person writes it inline: α λ, √(α λ),
    (1 - α λ)², |1 - t|, λ₁ = p², 0 < t ≤ 1; never SymPy's own syntax."""

    def _as_ordered_terms(self, expr, order=None):
        return explicit_minus(super()._as_ordered_terms(expr, order=order))

    def _print_Symbol(self, expr):
        return names.unicode_name(expr.name)

    _print_MatrixSymbol = _print_Symbol
    _print_IndexedBase = _print_Symbol
    _print_Dummy = _print_Symbol

    def _print(self, expr, **kwargs):
        if isinstance(expr, sp.Indexed):  # its own _sympystr, which printing asks first,
            return self._print_Indexed(expr)  # writes SymPy's x[i]
        return super()._print(expr, **kwargs)

    def _print_Indexed(self, expr):
        return _unicode_subscripted(expr.base.name, _index_subscript(expr.indices, self._print))

    def _print_MatrixElement(self, expr):
        # as the other printers: x_i for a component of a column, A_ij otherwise
        if not isinstance(expr.parent, sp.MatrixSymbol):
            return super()._print_MatrixElement(expr)
        return _unicode_subscripted(expr.parent.name, _element_subscript(expr, self._print))

    def _print_Infinity(self, expr):
        return "∞"

    def _print_NegativeInfinity(self, expr):
        return "-∞"

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"

    def _atom(self, expr) -> str:
        text = self._print(expr)
        simple = expr.is_Atom or isinstance(expr, (sp.Indexed, sp.Abs, sp.MatrixSymbol)) or (
            hasattr(expr, "_sympystr"))  # a delimited notation of its own (a norm)
        return text if simple else f"({text})"

    def _base(self, expr) -> str:
        """A power's base; a name that already carries a superscript (x⁰, xᵢ⁰) in
        parentheses: (xᵢ⁰)², never xᵢ⁰², which reads as the power 02."""
        text = self._atom(expr)
        scripted = (isinstance(expr, sp.Symbol) and "^" in expr.name) or (
            text[-1:] in _SUPERSCRIPTS)
        # a negative or fractional number too: (-1)ᵏ and (1/2)ᵏ, never -1ᵏ or 1/2ᵏ,
        # which read as -(1ᵏ) and 1/(2ᵏ)
        signed = expr.is_Number and (expr.is_negative or not expr.is_Integer)
        return f"({text})" if scripted or signed else text

    def _print_Function(self, expr):
        if isinstance(expr, AppliedUndef):  # nabla f(y^k), a sum: the function's own name
            name = expr.func.__name__
            args = ", ".join(self._print(a) for a in expr.args)
            if name.startswith("\\sum"):
                return "Σ" + names.unicode_name("x" + name[4:])[1:] + f"({args})"
            return f"{names.unicode_name(name)}({args})"
        return super()._print_Function(expr)

    def _print_Pow(self, expr, rational=False):
        base, exponent = expr.base, expr.exp
        if exponent == sp.Rational(1, 2):
            return "√" + self._atom(base)
        if exponent == -sp.Rational(1, 2):
            return "1/√" + self._atom(base)
        if exponent == -1 and base.is_commutative:
            return "1/" + self._atom(base)  # a matrix has an inverse, (L + P)⁻¹, below
        raised = self._print(exponent).replace(" ", "")
        if all(c in names.SUPERSCRIPT for c in raised):  # k, 2k, k+1, -1: as superscripts
            return self._base(base) + "".join(names.SUPERSCRIPT[c] for c in raised)
        if exponent.is_Rational and not exponent.is_Integer:
            return self._base(base) + f"^({self._print(exponent)})"
        return self._base(base) + "^" + self._atom(exponent)

    def _print_Mul(self, expr):
        return super()._print_Mul(expr).replace("*", " ")

    def _print_MatMul(self, expr):
        args = list(expr.args)
        sign = ""
        if args and args[0].is_Number and args[0] < 0:
            sign, args[0] = "-", -args[0]
            if args[0] == 1:
                args = args[1:]
        return sign + " ".join(self._atom(a) if isinstance(a, (sp.Add, sp.MatAdd))
                               else self._print(a) for a in args)

    def _print_Transpose(self, expr):
        return self._atom(expr.arg) + "ᵀ"

    def _print_Inverse(self, expr):
        return self._atom(expr.arg) + "⁻¹"

    def _print_Identity(self, expr):
        return "I"

    def _print_ZeroMatrix(self, expr):
        return "0"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_Relational(self, expr):
        op = _RELATIONS.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_And(self, expr):
        chain = _chain(expr)
        if chain is not None:
            return " ".join(_RELATIONS.get(p, p) if isinstance(p, str) else self._print(p)
                            for p in chain)
        return " and ".join(self._print(a) for a in _ordered(expr.args))

    def _print_Or(self, expr):
        return " or ".join(self._print(a) for a in ordered_disjuncts(expr.args))

    def _print_Not(self, expr):
        return "not " + self._atom(expr.args[0])

    def _print_Max(self, expr):
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Min(self, expr):
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_MatrixBase(self, expr):
        """A matrix on one line, rows separated by semicolons: [β, λ; −α β, 1 − α λ], a
        column [1; α] (as in the notation of numerical software; nested parentheses
        read as a list of tuples)."""
        return "[" + "; ".join(", ".join(self._print(e) for e in expr.row(r))
                               for r in range(expr.rows)) + "]"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Naturals0(self, expr):
        return "{0, 1, 2, …}"

    def _print_Naturals(self, expr):
        return "{1, 2, 3, …}"

    def _print_Integers(self, expr):
        return "ℤ"

    def _print_Reals(self, expr):
        return "ℝ"

    def _print_Contains(self, expr):
        return f"{self._print(expr.args[0])} ∈ {self._print(expr.args[1])}"

    def _print_Interval(self, expr):
        left = "(" if expr.left_open else "["
        right = ")" if expr.right_open else "]"
        return f"{left}{self._print(expr.start)}, {self._print(expr.end)}{right}"

    def _print_Union(self, expr):
        return " ∪ ".join(self._print(a) for a in expr.args)


_LINEAR = TextbookStrPrinter()


def inline_text(expr: sp.Basic) -> str:
    """One line of Unicode mathematics for ``expr`` (prose, check notes, terminals)."""
    return _inline_text(printable(expr))


@lru_cache(maxsize=4096)
def _inline_text(expr: sp.Basic) -> str:
    return _LINEAR.doprint(expr)
