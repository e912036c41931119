"""Reading forms: how an expression is printed when SymPy's own form reads worse.

SymPy keeps sqrt(alpha lambda) as sqrt(alpha) sqrt(lambda) when both are positive;
a textbook writes one root.  A quotient whose numerator is a long sum is written
1/d (a + b + ...), which a line can be broken in.  A polynomial in the variable a
step says the reader follows (``Step.written_in``) is collected in it, highest power
first: sigma^2 + (alpha lambda - beta - 1) sigma + beta; one in a small quantity
(``Step.series_in``), lowest power first, as a series.  A power with a negative
symbolic exponent beside other factors goes below the line: b^(k+1) / b^k, not
b^(-k) b^(k+1).  The derivatives of a function of one variable are primed,
x''(t) rather than d^2/dt^2 x(t), and a sum of them is written highest derivative
first, as a differential equation is: x'' + c x' + lambda x.  These rewrites change only
how an expression is printed (the collected form is proved equal to the checked one
by expanding their difference), never what is checked.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import sympy as sp
from sympy.core.function import AppliedUndef

from momentum_sym.kernel.ordered import OrderedSum
from momentum_sym.render import names
from momentum_sym.render.term_order import ordered_terms

_HALF = sp.Rational(1, 2)
LONG_SUM = 6  # terms in a numerator from which it is set after 1/d

def _is_root_of_positive(factor: sp.Basic) -> bool:
    return (isinstance(factor, sp.Pow) and factor.exp == _HALF
            and bool(factor.base.is_positive))


def _one_root(product: sp.Mul) -> sp.Basic:
    """sqrt(a) sqrt(b) c -> sqrt(a b) c (a, b > 0), unevaluated so that it stays so."""
    roots = [f for f in product.args if _is_root_of_positive(f)]
    if len(roots) < 2:
        return product
    others = [f for f in product.args if f not in roots]
    radicand = sp.Mul(*(r.base for r in roots), evaluate=False)
    merged = sp.Pow(radicand, _HALF, evaluate=False)
    return sp.Mul(*others, merged, evaluate=False) if others else merged


def by_falling_powers(expr: sp.Basic, variables: tuple[sp.Symbol, ...]) -> sp.Basic:
    """``expr`` with every sum that is a polynomial in ``variables`` (degree 2 or
    more, already expanded) collected in them and ordered by falling total degree,
    as a polynomial is written: sigma^2 + (alpha lambda - beta - 1) sigma + beta.

    The value is unchanged; only the form and the printing order differ."""
    return _by_powers(expr, variables, rising=False)


def by_rising_powers(expr: sp.Basic, variables: tuple[sp.Symbol, ...]) -> sp.Basic:
    """The same collected by rising degree, as a series in a small quantity is written:
    x(t) + h x'(t) + h^2/2 x''(t) + ..."""
    return _by_powers(expr, variables, rising=True)


def _by_powers(expr: sp.Basic, variables: tuple[sp.Symbol, ...], rising: bool) -> sp.Basic:
    if not variables or not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: _by_powers(e, variables, rising))
    if isinstance(expr, sp.Add):
        collected = _collected(expr, variables, rising)
        if collected is not None:
            return collected
    args = tuple(_by_powers(a, variables, rising) for a in expr.args)
    if args == expr.args:
        return expr
    with sp.evaluate(False):
        return expr.func(*args)


def _collected(expr: sp.Add, variables: tuple[sp.Symbol, ...], rising: bool
               ) -> sp.Basic | None:
    present = tuple(v for v in variables if expr.has(v))
    if not present or not all(_is_monomial_term(term, present) for term in expr.args):
        # a product still to expand (det(sigma I - R) as written) stays as it is
        return None
    polynomial = sp.Poly(expr, *present)
    if polynomial.total_degree() < 2:  # a linear sum reads well in SymPy's order
        return None
    direction = 1 if rising else -1
    terms = sorted(polynomial.terms(), key=lambda term: (direction * sum(term[0]), term[0]))
    if len(terms) < 2:
        return None
    coefficients = [sp.factor_terms(coefficient) for _, coefficient in terms]
    products: list[sp.Basic] = []
    for (monomial, _), coefficient in zip(terms, coefficients, strict=True):
        if any(monomial) or not isinstance(coefficient, sp.Add):
            products.append(_term(coefficient, monomial, present))
        else:  # the constant term's own terms, without brackets
            products.extend(sorted(ordered_terms(coefficient),
                                   key=lambda t: bool(t.could_extract_minus_sign())))
    # the printed form is the checked one: proved equal by expanding the difference
    # (polynomial arithmetic), or not used
    if sp.expand(sp.Add(*products) - expr) != 0:
        return None
    return OrderedSum(*products)


def _is_monomial_term(term: sp.Basic, variables: tuple[sp.Symbol, ...]) -> bool:
    """``c x^k y^j`` with ``c`` free of the variables."""
    _, dependent = term.as_independent(*variables, as_Add=False)
    factors = sp.Mul.make_args(dependent)
    return all(f in variables or (isinstance(f, sp.Pow) and f.base in variables
                                  and f.exp.is_Integer and f.exp > 0)
               for f in factors if f != 1)


def _term(coefficient: sp.Basic, monomial: tuple[int, ...],
          variables: tuple[sp.Symbol, ...]) -> sp.Basic:
    """coefficient * x^k..., the powers last as a textbook writes them."""
    powers = [v**e if e > 1 else v for v, e in zip(variables, monomial, strict=True) if e]
    if not powers:
        return coefficient
    if not isinstance(coefficient, sp.Add):
        return sp.Mul(coefficient, *powers)  # -3 alpha beta sigma^2, as SymPy orders it
    return sp.Mul(*powers, coefficient, evaluate=False)  # sigma (alpha lambda - beta - 1)


def whole(expr: sp.Basic) -> sp.Basic:
    """:func:`readable` for an expression read as a whole (a display, a side of a
    relation, a matrix entry): a negative product also takes its minus into a sum
    (:func:`_sign_absorbed`)."""
    return _sign_absorbed(readable(expr))


def readable(expr: sp.Basic) -> sp.Basic:
    """``expr`` in its reading form (see the module docstring)."""
    if not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    try:
        return _readable(expr)
    except TypeError:  # unhashable
        return _rewritten(expr)


@lru_cache(maxsize=16_384)
def _readable(expr: sp.Basic) -> sp.Basic:
    # once per subexpression: the claims of a derivation share most of their parts
    return _rewritten(expr)


def _rewritten(expr: sp.Basic) -> sp.Basic:
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(whole)
    if isinstance(expr, sp.Abs):
        return _constant_first(expr)
    if not expr.has(sp.Pow, sp.Abs) and not _has_sum_in_sum(expr) \
            and not has_derivatives(expr) and not _has_sequence_values(expr) \
            and not _has_negative_product_of_sum(expr):
        return expr
    # a side of a relation is read as a whole; a term of a sum or a factor is not
    # (w_0 - alpha (k - 1) stays as written)
    own = whole if isinstance(expr, (sp.Rel, sp.Equality, sp.And, sp.Or, sp.Not)) \
        else readable
    args = tuple(own(a) for a in expr.args)
    if isinstance(expr, sp.Add) and any(type(a) is sp.Add for a in args):
        # a sum inside a sum (an unevaluated cofactor expansion) is written as one sum:
        # a printer that takes the sign out of such a term would drop its brackets
        args = tuple(t for a in args for t in (a.args if type(a) is sp.Add else (a,)))
    rebuilt = expr
    if args != expr.args:
        # only when a part changed: entering evaluate(False) clears SymPy's whole cache
        # (twice), which cost more than the rest of the rendering together
        with sp.evaluate(False):
            rebuilt = expr.func(*args)
    if isinstance(rebuilt, sp.Mul):
        return _long_quotient(_symbolic_quotient(_one_root(_powers_joined(rebuilt))))
    if isinstance(rebuilt, sp.Derivative):
        return _primed(rebuilt)
    if type(rebuilt) is sp.Add:
        return terms_in_reading_order(rebuilt)
    return rebuilt


def terms_in_reading_order(total: sp.Add) -> sp.Basic:
    """A sum of derivatives highest first, else a recurrence latest step first (the
    sum itself when neither applies)."""
    ordered = highest_derivative_first(total)
    return latest_value_first(total) if ordered is total else ordered


#: the value of a function or of one of its derivatives at a point, as a symbol or a
#: function is named: x(t), x''(t), x'''(xi_+)
_VALUE_AT = re.compile(r"^(?P<head>[^()']+)(?P<primes>'*)\(.+\)$")
_PRIMES_WRITTEN = 3  # x''' ; from the fourth derivative on, x^(4)
_COUNTED = re.compile(r"\^\{\((?P<count>[0-9]+)\)\}$")


def _derivative_order(factor: sp.Basic) -> int | None:
    """The order of the derivative a factor is the value of (0 for the function
    itself), or None when it is not such a value."""
    if isinstance(factor, sp.Pow):
        return _derivative_order(factor.base)
    if isinstance(factor, sp.Derivative):
        return factor.derivative_count
    if isinstance(factor, AppliedUndef):  # x''(t) or x^{(4)}(t), as _primed names it
        name = factor.func.__name__
        counted = _COUNTED.search(name)
        return int(counted["count"]) if counted else len(name) - len(name.rstrip("'"))
    found = _VALUE_AT.match(factor.name) if isinstance(factor, sp.Symbol) else None
    return len(found["primes"]) if found is not None else None


def _term_order(term: sp.Basic) -> int | None:
    orders = [o for o in map(_derivative_order, sp.Mul.make_args(term)) if o is not None]
    return max(orders) if orders else None


def has_derivatives(expr: sp.Basic) -> bool:
    return expr.has(sp.Derivative) or any(
        _derivative_order(a) for a in expr.atoms(sp.Symbol, AppliedUndef))


def highest_derivative_first(total: sp.Add) -> sp.Basic:
    """x'' + c x' + lambda x, where SymPy writes c x' + lambda x + x'': the terms by
    falling order of the derivative they hold (terms without one last, in SymPy's
    order), when one holds a derivative and another the same or a lower one."""
    terms = ordered_terms(total)
    orders = [_term_order(t) for t in terms]
    known = [o for o in orders if o is not None]
    if len(known) < 2 or max(known) == 0:
        return total
    ranked = sorted(range(len(terms)),
                    key=lambda j: -orders[j] if orders[j] is not None else 1)
    if ranked == list(range(len(terms))):
        return total
    return OrderedSum(*(terms[j] for j in ranked))


def _step_of(term: sp.Basic) -> tuple[tuple[str, ...], int] | None:
    """(the sequence, the offset) of the one sequence value a term is a multiple of."""
    found = [names.sequence_value(f.name) for f in sp.Mul.make_args(term)
             if isinstance(f, sp.Symbol)]
    found = [f for f in found if f is not None]
    return found[0] if len(found) == 1 else None


def latest_value_first(total: sp.Add) -> sp.Basic:
    """x^{k+1} - x^k (beta - alpha lambda + 1) + beta x^{k-1}, where SymPy writes
    beta x^{k-1} + x^{k+1} - ...: a recurrence's terms by falling step (the other
    terms after them, in SymPy's order).  Only for a sum whose values are all of one
    sequence, each step once, and when the first of them has no minus sign: a
    difference such as x^{k-1} - x^k reads as SymPy writes it."""
    terms = ordered_terms(total)
    steps = [_step_of(t) for t in terms]
    values = [s for s in steps if s is not None]
    offsets = [offset for _, offset in values]
    if len(values) < 2 or len({sequence for sequence, _ in values}) > 1 \
            or len(set(offsets)) < len(offsets):
        return total
    ranked = sorted(range(len(terms)), key=lambda j: (
        -steps[j][1] if steps[j] is not None else math.inf))
    if ranked == list(range(len(terms))) or terms[ranked[0]].could_extract_minus_sign():
        return total
    return OrderedSum(*(terms[j] for j in ranked))


def _has_sequence_values(expr: sp.Basic) -> bool:
    return any(names.sequence_value(s.name) is not None for s in expr.free_symbols
               if isinstance(s, sp.Symbol))


def _primed(derivative: sp.Derivative) -> sp.Basic:
    """x'(t), x''(t), x'''(t), then x^(4)(t), for a derivative of a function of one
    variable (SymPy writes d/dt x(t)): a function named so, printed by every format."""
    function, variables = derivative.expr, derivative.variable_count
    if not (isinstance(function, AppliedUndef) and len(variables) == 1
            and function.args == (variables[0][0],)
            and isinstance(variables[0][0], sp.Symbol)):
        return derivative
    count = variables[0][1]
    marks = "'" * count if count <= _PRIMES_WRITTEN else f"^{{({count})}}"
    return sp.Function(function.func.__name__ + marks)(*function.args)


def _constant_first(absolute: sp.Abs) -> sp.Basic:
    """|t - 1| as |1 - t| (the same value): SymPy keeps the sign of the variable term
    inside a modulus, a textbook writes the constant first, as in |1 - alpha lambda|."""
    inner = readable(absolute.args[0])
    constant, rest = inner.as_coeff_Add() if isinstance(inner, sp.Add) else (0, inner)
    if constant < 0 and not isinstance(rest, sp.Add) and not rest.could_extract_minus_sign():
        return sp.Abs(-constant - rest, evaluate=False)
    return absolute if inner is absolute.args[0] else sp.Abs(inner, evaluate=False)


def _is_symbolic_reciprocal(factor: sp.Basic) -> bool:
    return (isinstance(factor, sp.Pow) and not factor.exp.is_Number
            and bool(factor.exp.could_extract_minus_sign()))


def _powers_joined(product: sp.Mul) -> sp.Basic:
    """beta beta^(m+2) as beta^(m+3), beta^0 beta (m = 0 put in) as beta: the factors
    with one base joined, which SymPy leaves apart in a product it has not evaluated or
    when the exponent is symbolic and the base not positive.  Only where the sum of
    the exponents is the power's exponent for every value: the base positive, or every
    exponent a nonnegative integer (then 0^0 = 1 on both sides)."""
    if not product.is_commutative:  # A B A is not A^2 B
        return product
    exponents: dict[sp.Basic, list[sp.Basic]] = {}
    for factor in product.args:
        base, exponent = factor.as_base_exp()
        exponents.setdefault(base, []).append(exponent)
    joined = {base: found for base, found in exponents.items()
              if len(found) > 1 and not base.is_Number
              and (base.is_positive or all(e.is_integer and e.is_nonnegative for e in found))}
    if not joined:
        return product
    factors, done = [], set()
    for factor in product.args:
        base = factor.as_base_exp()[0]
        if base not in joined:
            factors.append(factor)
        elif base not in done:
            done.add(base)
            factors.append(sp.Pow(base, sp.Add(*joined[base])))
    return sp.Mul(*factors, evaluate=False) if len(factors) > 1 else factors[0]


def _symbolic_quotient(product: sp.Basic) -> sp.Basic:
    """b^(k+1) b^(-k) as the quotient b^(k+1) / b^k: a power with a negative symbolic
    exponent, beside other factors, is written in a denominator (SymPy writes it as a
    power with exponent -k)."""
    if not isinstance(product, sp.Mul):
        return product
    below = [f for f in product.args if _is_symbolic_reciprocal(f)]
    if not below or len(below) == len(product.args):
        return product
    above = [f for f in product.args if f not in below]
    denominator = [sp.Pow(f.base, -f.exp, evaluate=False) for f in below]
    reciprocal = sp.Pow(sp.Mul(*denominator, evaluate=False) if len(denominator) > 1
                        else denominator[0], -1, evaluate=False)
    return sp.Mul(*above, reciprocal, evaluate=False)


def _reads_better_negated(total: sp.Basic) -> bool:
    """A sum that reads better with its sign changed: a number subtracted, and at least
    as many terms subtracted as added (tau - 1 against 1 - tau, alpha lambda - beta - 1
    against 1 + beta - alpha lambda)."""
    if type(total) is not sp.Add or not total.free_symbols:
        return False  # numbers as substituted (-1 + 0) are shown as they are
    if not any(t.is_Number and t.is_negative for t in total.args):
        return False  # 2 w_0 - w_1 - w_3 in w_0 - alpha (2 w_0 - w_1 - w_3) stays
    negative = sum(1 for t in total.args if t.could_extract_minus_sign())
    return negative >= len(total.args) - negative


def _flippable(factor: sp.Basic) -> bool:
    """A factor ``s`` or ``1/s`` with ``s`` a sum that reads better negated."""
    if isinstance(factor, sp.Pow) and factor.exp == -1:
        factor = factor.base
    return _reads_better_negated(factor)


def _reads_negative(product: sp.Mul) -> bool:
    """``could_extract_minus_sign`` without negating a matrix product: SymPy's test
    compares the product with its negative, and negating a ``MatMul`` multiplies it
    out (a third of a second a build).  A matrix product reads negative as a product
    of numbers does, by its leading number."""
    if isinstance(product, sp.MatMul):
        leading = product.args[0]
        return bool(leading.is_Number and leading.is_extended_negative)
    return product.could_extract_minus_sign()


def _sign_absorbed(product: sp.Basic) -> sp.Basic:
    """-2 (beta - 1) as 2 (1 - beta), -4/(lambda_1 (tau - 1)) as 4/(lambda_1 (1 - tau)):
    a product that reads negative and has one sum (or a sum's reciprocal) that reads
    better negated takes the minus into it.  The value is the same."""
    if not isinstance(product, sp.Mul) or not _reads_negative(product):
        return product
    flippable = [f for f in product.args if _flippable(f)]
    if len(flippable) != 1:
        return product
    (factor,) = flippable
    negated = sp.Pow(-factor.base, -1, evaluate=False) if isinstance(factor, sp.Pow) \
        else -factor
    # the number and the other factors apart: multiplied out, -1 (1 - beta^t) would
    # become beta^t - 1
    coefficient = sp.Mul(*(f for f in product.args if f.is_Number))
    others = [f for f in product.args if not f.is_Number and f is not factor]
    factors = [f for f in (-coefficient, *others, negated) if f != 1]
    if len(factors) < 2:
        return factors[0] if factors else sp.S.One
    return sp.Mul(*factors, evaluate=False)


def _has_negative_product_of_sum(expr: sp.Basic) -> bool:
    return any(isinstance(node, sp.Mul) and any(type(a) is sp.Add for a in node.args)
               and _reads_negative(node) for node in sp.preorder_traversal(expr))


def _has_sum_in_sum(expr: sp.Basic) -> bool:
    return any(type(node) is sp.Add and any(type(a) is sp.Add for a in node.args)
               for node in sp.preorder_traversal(expr))


def _long_quotient(product: sp.Basic) -> sp.Basic:
    """(a + b + ... ) / d as 1/d (a + b + ...) when the sum is long."""
    if not isinstance(product, sp.Mul):
        return product
    numerator, denominator = product.as_numer_denom()
    if denominator == 1 or not isinstance(numerator, sp.Add) or len(numerator.args) < LONG_SUM:
        return product
    return sp.Mul(sp.UnevaluatedExpr(1 / denominator), numerator, evaluate=False)
