"""Deciding that an expression vanishes on a domain: proved, failed or undecided.

The strategies, cheapest first:

1. *Rational-function arithmetic*: after replacing symbolic powers ``b**k`` by
   fresh symbols, an expression that is a rational function of its symbols is
   zero exactly when its normal form in the field Q(symbols) is zero.  This is
   a decision procedure when no power was replaced.
2. *Radical elimination*: each square root ``sqrt(D)`` becomes a symbol ``r``
   and the numerator is reduced modulo ``r**2 - D``.
3. *Real square roots*: each square root of a quantity that is nonnegative (by its
   symbols' assumptions or by a condition of the domain) becomes a nonnegative
   symbol, so that SymPy writes ``sqrt(h**2)`` as ``|h|``; each ``|h|`` then becomes
   a fresh symbol, and strategies 1 and 2 are applied.  It decides, in a fraction of
   a second, what ``refine`` decides by logical inference in tens of seconds.
4. *simplify*, after refining with the domain's constraints and after each
   substitution known to be valid on the domain.

Only a zero reached by one of these counts as proved.  A nonzero rational
function with nothing replaced counts as failed.  Anything else is undecided.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sympy as sp
from flint import fmpz_mpoly
from sympy.core.function import AppliedUndef
from sympy.polys.polyerrors import PolynomialError

from momentum_sym.kernel.evaluable import evaluable
from momentum_sym.kernel.outcome import Status, SymbolicOutcome
from momentum_sym.kernel.ratfunc import NotRationalFunction, RationalFunction, RationalFunctions
from momentum_sym.kernel.text import substitution


def _symbolic_powers(expr: sp.Expr) -> bool:
    return any(not p.exp.is_number for p in expr.atoms(sp.Pow)) or expr.has(sp.exp)


def _generic_atoms(expr: sp.Expr, denest: bool = True
                   ) -> tuple[sp.Expr, dict[sp.Basic, sp.Symbol]]:
    """Replace applied functions and powers with symbolic exponents by fresh symbols
    (after joining nested powers, ``(sqrt(beta))^k = beta^(k/2)``, when ``denest``)."""
    if _symbolic_powers(expr):
        # denesting only joins symbolic exponents; with numeric exponents it merely
        # rebuilds the tree, at a fifth of a verify's time
        expr = sp.expand_power_exp(sp.powdenest(expr, force=False) if denest else expr)
    replaced: dict[sp.Basic, sp.Symbol] = {}

    def fresh(atom: sp.Basic) -> sp.Symbol:
        if atom not in replaced:
            replaced[atom] = sp.Dummy(f"atom{len(replaced)}")
        return replaced[atom]

    for atom in sorted(expr.atoms(AppliedUndef), key=sp.default_sort_key):
        fresh(atom)
    for power in sorted(expr.atoms(sp.Pow), key=sp.default_sort_key):
        if not power.exp.is_number:
            fresh(power)
    return expr.xreplace(replaced), replaced


def _zero_with_generic_atoms(expr: sp.Expr
                             ) -> tuple[bool | None, sp.Expr, dict[sp.Basic, sp.Symbol]]:
    """Whether ``expr`` is zero as a rational function of its symbols and generic atoms
    (None: it is not one), with the atomised form and the atoms.

    An identity of rational functions in independent atoms holds whatever values the
    atoms take, so a zero found before denesting is a proof; only a difference that
    is not zero so is denested (SymPy's ``powdenest``, the costlier half) and tried
    again: ``beta^(k+1) - beta beta^k`` needs only the first, ``sqrt(beta)^(2k) -
    beta^k`` the second."""
    if _symbolic_powers(expr):
        atomised, replaced = _generic_atoms(expr, denest=False)
        if _is_zero_rational(atomised) is True:
            return True, atomised, replaced
    atomised, replaced = _generic_atoms(expr)
    return _is_zero_rational(atomised), atomised, replaced


def _is_rational(expr: sp.Expr) -> bool:
    """``expr`` is a quotient of polynomials with rational coefficients in its symbols
    (no roots, functions or constants such as pi): real algebra decides its sign."""
    symbols = sorted(expr.free_symbols, key=sp.default_sort_key)
    return bool(symbols) and bool(expr.is_rational_function(*symbols)) and not any(
        not p.exp.is_Integer for p in expr.atoms(sp.Pow)) and not expr.atoms(
        sp.Function, sp.NumberSymbol) and all(n.is_Rational for n in expr.atoms(sp.Number))


def _is_zero_rational(expr: sp.Expr) -> bool | None:
    """True/False when ``expr`` is a rational function; None otherwise."""
    symbols = sorted(expr.free_symbols, key=sp.default_sort_key)
    if symbols and not expr.is_rational_function(*symbols):
        return None
    if not symbols:
        if expr.is_Rational:
            return expr == 0
        return None
    try:
        return RationalFunctions(symbols).from_sympy(expr).is_zero()
    except (NotRationalFunction, ZeroDivisionError):
        return None


def _radicands(expr: sp.Expr) -> list[sp.Expr]:
    """The quantities D of the square roots sqrt(D) (and their odd powers) in ``expr``."""
    return sorted({p.base for p in expr.atoms(sp.Pow) if p.exp.is_Rational and p.exp.q == 2},
                  key=sp.default_sort_key)


def _with_roots(expr: sp.Expr, roots: Mapping[sp.Expr, sp.Symbol]) -> sp.Expr:
    """``expr`` with each D**(p/2) written r**p, for the symbols r = sqrt(D) in ``roots``
    (rebuilt bottom-up, so SymPy re-evaluates what contains them)."""
    def to_root(power: sp.Pow) -> sp.Expr:
        if power.exp.is_Rational and power.exp.q == 2 and power.base in roots:
            return roots[power.base] ** power.exp.p
        return power

    return expr.replace(lambda e: isinstance(e, sp.Pow), to_root)


def _vanishes_modulo_roots(numerator: sp.Expr, roots: Mapping[sp.Expr, sp.Symbol]) -> bool:
    """A polynomial in the roots r = sqrt(D) that is zero once reduced modulo each
    r**2 - D."""
    try:
        for base, root in roots.items():
            numerator = sp.rem(sp.expand(numerator), root**2 - base, root)
    except (PolynomialError, sp.CoercionFailed):
        return False
    return _is_zero_rational(sp.expand(numerator)) is True


def _reduced_modulo_root(polynomial: fmpz_mpoly, root: int, radicand: RationalFunction
                        ) -> tuple[fmpz_mpoly, fmpz_mpoly]:
    """``polynomial`` = sum_i c_i r^i (r the variable number ``root``) reduced modulo
    r^2 - n/d, times d^m to clear the denominators: A + r B with
    A = sum_(i even) c_i n^(i/2) d^(m - i/2) and B = sum_(i odd) c_i n^((i-1)/2)
    d^(m - (i-1)/2), m = deg_r // 2.  The remainder is zero exactly when A and B are."""
    context = polynomial.context()
    by_power: dict[int, dict[tuple[int, ...], object]] = {}
    for monomial, coefficient in zip(polynomial.monoms(), polynomial.coeffs(), strict=True):
        lowered = list(monomial)
        power, lowered[root] = lowered[root], 0
        by_power.setdefault(power, {})[tuple(lowered)] = coefficient
    half_degree = max(by_power, default=0) // 2
    n, d = radicand.num, radicand.den
    even, odd = context.constant(0), context.constant(0)
    for power, terms in by_power.items():
        half = power // 2
        part = context.from_dict(terms) * n**half * d**(half_degree - half)
        if power % 2:
            odd += part
        else:
            even += part
    return even, odd


def _opaque_parts(expr: sp.Expr) -> list[sp.Expr]:
    """The largest parts of ``expr`` that are not rational functions of its symbols
    (|h|, b**k, functions, other roots), in a fixed order: an identity that holds with
    each of them a free symbol holds at their values."""
    found: set[sp.Expr] = set()

    def visit(e: sp.Expr) -> None:
        if e.is_Rational or e.is_Symbol:
            return
        if e.is_Add or e.is_Mul:
            for a in e.args:
                visit(a)
        elif e.is_Pow and e.exp.is_Integer:
            visit(e.base)
        else:
            found.add(e)

    visit(expr)
    return sorted(found, key=sp.default_sort_key)


def _radicals_vanish(expr: sp.Expr) -> bool:
    """True when ``expr`` reduces to zero after eliminating its square roots."""
    radicals = _radicands(expr)
    if not radicals or len(radicals) > 3:
        return False
    roots = {base: sp.Dummy(f"r{j}") for j, base in enumerate(radicals)}
    return _vanishes_modulo(_with_roots(expr, roots), roots)


def _vanishes_modulo(rooted: sp.Expr, roots: Mapping[sp.Expr, sp.Symbol]) -> bool:
    """``rooted``, written in symbols r = sqrt(D) (``roots``: D -> r), is zero once
    reduced modulo each r^2 - D: its numerator in lowest terms, a polynomial in its
    symbols and the r (with i a root of -1, and each part that is no rational function
    a free symbol), is reduced in FLINT when every D is a rational function of the
    symbols, and by SymPy's ``rem`` otherwise."""
    relations = dict(roots)
    if rooted.has(sp.I):
        unit = sp.Dummy("i")
        rooted, relations[sp.Integer(-1)] = rooted.xreplace({sp.I: unit}), unit
    opaque = {part: sp.Dummy(f"opaque{j}") for j, part in enumerate(_opaque_parts(rooted))}
    generic = rooted.xreplace(opaque)
    symbols = sorted(set().union(generic.free_symbols, relations.values(),
                                 *(base.free_symbols for base in relations)),
                     key=sp.default_sort_key)
    field = RationalFunctions(symbols)
    try:
        numerators = [field.from_sympy(generic).num]
        radicands = [field.from_sympy(base) for base in relations]
    except (NotRationalFunction, ZeroDivisionError):
        return _vanishes_modulo_roots(sp.numer(sp.together(rooted)), roots)
    for root, radicand in zip(relations.values(), radicands, strict=True):
        numerators = [part for p in numerators
                      for part in _reduced_modulo_root(p, symbols.index(root), radicand)]
    return all(p.is_zero() for p in numerators)


def _nonnegative_by_domain(base: sp.Expr, assumptions: Sequence[sp.Basic]) -> bool:
    """``base >= 0`` by its symbols' assumptions or by a condition ``g >= 0`` (``> 0``)
    of the domain with ``g - base = 0`` as rational functions."""
    if base.is_nonnegative:
        return True
    for c in assumptions:
        if isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan,
                          sp.LessThan)):
            upper_minus_lower = c.gts - c.lts  # nonnegative on the domain
            if _is_zero_rational(sp.expand(upper_minus_lower - base)) is True:
                return True
    return False


def _real_roots_vanish(expr: sp.Expr, assumptions: Sequence[sp.Basic]) -> bool:
    """True when ``expr`` is zero once each square root of a nonnegative quantity is a
    nonnegative symbol ``r`` (with ``r**2`` its radicand) and each ``|h|`` a generic
    symbol.  Sound: the symbols stand for the values they replace, so an identity in
    them holds at those values."""
    roots = {b: sp.Dummy(f"r{j}", nonnegative=True)
             for j, b in enumerate(_radicands(expr)) if _nonnegative_by_domain(b, assumptions)}
    if not roots:
        return False
    rooted = _with_roots(expr, roots)  # sqrt(h**2) with h now real evaluates to |h|
    absolutes = {a: sp.Dummy(f"abs{j}") for j, a in
                 enumerate(sorted(rooted.atoms(sp.Abs), key=sp.default_sort_key))}
    generic = rooted.xreplace(absolutes)
    if generic.atoms(sp.Abs) or not generic.is_rational_function(
            *sorted(generic.free_symbols, key=sp.default_sort_key)):
        return False
    return _vanishes_modulo(generic, roots)


#: refine is skipped on expressions with more operations than this: its logical
#: inference grows without bound on them (gigabytes on an error written in PyTorch's
#: eigenvalues), and in the derivations it never changed one with more than 15
MAX_REFINED_OPERATIONS = 200


def _needs_refine(expr: sp.Expr) -> bool:
    """refine only helps with absolute values, signs, branches and roots; it is slow
    on large expressions with symbolic powers, so it is skipped for anything else."""
    # the cheap tests first: count_ops walks the whole tree with many small objects
    if not (expr.atoms(sp.Abs, sp.sign, sp.Piecewise, sp.Max, sp.Min)
            or any(not p.exp.is_Integer for p in expr.atoms(sp.Pow) if p.exp.is_number)):
        return False
    return sp.count_ops(expr) <= MAX_REFINED_OPERATIONS


def _refine(expr: sp.Expr, assumptions: Sequence[sp.Basic]) -> sp.Expr:
    # refine's SAT-based reasoning takes minutes on relations between several
    # symbols; those are used by _signs_from_constraints instead
    simple = [a for a in assumptions if len(a.free_symbols) <= 1]
    if not simple or not _needs_refine(expr):
        return expr
    try:
        return sp.refine(expr, sp.And(*simple))
    except (TypeError, ValueError, NotImplementedError):
        return expr


def _signs_from_constraints(expr: sp.Expr, assumptions: Sequence[sp.Basic]) -> sp.Expr:
    """|h| written as h or -h when a constraint of the domain fixes the sign of h:
    ``g < 0`` with h - g = 0 (or h + g = 0) as rational functions.  This is how a
    result that holds only where, say, the discriminant is negative is compared."""
    signed = []
    for c in assumptions:
        if isinstance(c, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan,
                          sp.GreaterThan)):
            signed.append(c.lts - c.gts)  # nonpositive (negative if strict) on the domain
    if not signed:
        return expr
    replaced: dict[sp.Basic, sp.Basic] = {}
    for absolute in expr.atoms(sp.Abs):
        inner = absolute.args[0]
        for g in signed:
            if _is_zero_rational(sp.expand(inner - g)) is True:
                replaced[absolute] = -inner
                break
            if _is_zero_rational(sp.expand(inner + g)) is True:
                replaced[absolute] = inner
                break
    return expr.xreplace(replaced) if replaced else expr


def _variants(expr: sp.Expr, substitutions: Iterable[Mapping[sp.Symbol, sp.Expr]]):
    """The expression, then the expression after each substitution valid on the domain,
    with a note saying which (empty for the first)."""
    yield "", expr
    for mapping in substitutions:
        yield " after " + substitution(mapping), expr.xreplace(dict(mapping))


_COMMON_INDEX = sp.Dummy("j", integer=True)


def _termwise(expr: sp.Expr) -> sp.Expr | None:
    """A linear combination of sums over one and the same range, as one summand:
    sum_j a(j) - sum_j b(j) = sum_j (a(j) - b(j)), so it vanishes when the summand
    does.  None when ``expr`` is not of that form."""
    terms = sp.Add.make_args(sp.expand(expr, deep=False, mul=True, multinomial=False))
    limits, summand = None, sp.Integer(0)
    for term in terms:
        coefficient, sums = sp.Integer(1), []
        for factor in sp.Mul.make_args(term):
            (sums if isinstance(factor, sp.Sum) else [coefficient]).append(factor)
            if not isinstance(factor, sp.Sum):
                coefficient = coefficient * factor
        if len(sums) != 1 or len(sums[0].limits) != 1:
            return None
        (total,) = sums
        (index, low, high), = total.limits
        if index in coefficient.free_symbols:
            return None
        function = total.function.xreplace({index: _COMMON_INDEX})  # one name for all
        if limits is None:
            limits = (low, high)
        if (low, high) != limits:
            return None
        summand += coefficient * function
    return summand if limits is not None else None


def _reversed(expr: sp.Expr) -> list[sp.Expr]:
    """``expr`` with one of its sums summed in the opposite order (j -> low + high - j):
    a sum indexed by step and one indexed by age are the same sum read backwards."""
    forms = []
    for total in sorted(expr.atoms(sp.Sum), key=sp.default_sort_key):
        if len(total.limits) != 1:
            continue
        (index, low, high), = total.limits
        if not (high - low).is_integer:
            continue  # read backwards term by term only over a whole number of terms
        try:
            backwards = total.change_index(index, low + high - index, index)
        except (ValueError, TypeError, NotImplementedError):
            continue
        forms.append(expr.xreplace({total: backwards}))
    return forms


def decide_zero(expr: sp.Expr, assumptions: Sequence[sp.Basic] = (),
                substitutions: Iterable[Mapping[sp.Symbol, sp.Expr]] = (),
                allow_simplify: bool = True) -> SymbolicOutcome:
    """Decide whether ``expr`` is identically zero on the domain described by
    ``assumptions`` (and the symbols' own assumptions)."""
    expr = sp.sympify(expr)
    substitutions = list(substitutions)
    if expr.has(sp.Sum):
        # every form by the cheap strategies first, and simplify only when none decides:
        # a sum read backwards is often rational term by term where the forward reading
        # sent simplify after nothing (a second of a verify)
        for simplify_terms in (False, True) if allow_simplify else (False,):
            for label, variant in _variants(expr, substitutions):
                forms = [("", variant)] + [(", one read backwards", f)
                                           for f in _reversed(variant)]
                for how, form in forms:
                    if how and form == 0:  # the same sum once read backwards
                        return SymbolicOutcome(Status.PROVED, "the same sum read backwards"
                                               + label)
                    summand = _termwise(form)
                    if summand is None:
                        continue
                    inner = decide_zero(summand, assumptions, allow_simplify=simplify_terms)
                    if inner.status is Status.PROVED:
                        return SymbolicOutcome(Status.PROVED, "sums over the same range "
                                               f"compared term by term{how}: " + inner.method
                                               + label)
    done = evaluable(expr).doit()  # limits and derivatives are shared with the numeric check
    signed = _signs_from_constraints(done, assumptions)
    note = " (|.| signed by the domain's conditions)" if signed != done else ""
    if _needs_refine(signed):
        # refine (below) can take tens of seconds; what the cheap strategies decide
        # without it, and what real square roots decide, needs none of it
        zero, atomised, replaced = _zero_with_generic_atoms(signed)
        if zero is True:
            return SymbolicOutcome(Status.PROVED, "rational-function arithmetic" + (
                " (symbolic powers treated as generic)" if replaced else "") + note)
        if _radicals_vanish(signed):
            return SymbolicOutcome(Status.PROVED, "radical elimination" + note)
        if replaced and _radicals_vanish(atomised):
            return SymbolicOutcome(Status.PROVED, "radical elimination (symbolic powers "
                                   "treated as generic)" + note)
        if _real_roots_vanish(signed, assumptions):
            return SymbolicOutcome(Status.PROVED, "square roots and absolute values as "
                                   "symbols" + note)
    expr = _refine(signed, assumptions)
    decisive_nonzero = False
    for label, variant in _variants(expr, substitutions):
        verdict, atomised, replaced = _zero_with_generic_atoms(variant)
        if verdict is True:
            how = "rational-function arithmetic"
            if replaced:
                how += " (symbolic powers treated as generic)"
            return SymbolicOutcome(Status.PROVED, how + note + label)
        if verdict is False and not replaced and not label:
            decisive_nonzero = True
        if _radicals_vanish(variant) or (replaced and _radicals_vanish(atomised)):
            how = "radical elimination" + (" (symbolic powers treated as generic)"
                                           if replaced else "")
            return SymbolicOutcome(Status.PROVED, how + note + label)
    if decisive_nonzero:
        return SymbolicOutcome(Status.FAILED, "rational-function arithmetic",
                               "the difference is a nonzero rational function")
    if allow_simplify:
        for label, variant in _variants(expr, substitutions):
            simplified = sp.simplify(_refine(variant, assumptions))
            if simplified == 0:
                return SymbolicOutcome(Status.PROVED, "simplify" + label)
    return SymbolicOutcome(Status.UNDECIDED, "no strategy reached zero")


def decide_sign(expr: sp.Expr, strict: bool, assumptions: Sequence[sp.Basic] = (),
                substitutions: Iterable[Mapping[sp.Symbol, sp.Expr]] = ()) -> SymbolicOutcome:
    """Decide ``expr > 0`` (``strict``) or ``expr >= 0`` from the symbols' assumptions,
    after each substitution valid on the domain (a positivity certificate)."""
    expr = _refine(sp.sympify(expr).doit(), assumptions)
    for label, variant in _variants(expr, substitutions):
        # each form is made only when the one before it decided nothing; the sign of a
        # rational function is left to real algebra (z3 decides it completely), where
        # simplify, after factor, never decided one and cost half a second a build
        rewrites = (lambda e: e, sp.factor) if _is_rational(variant) else \
            (lambda e: e, sp.factor, sp.simplify)
        for rewrite in rewrites:
            form = rewrite(variant)
            verdict = form.is_positive if strict else form.is_nonnegative
            if verdict:
                return SymbolicOutcome(Status.PROVED, "sign from assumptions" + label)
            if verdict is False and not label:
                opposite = form.is_nonpositive if strict else form.is_negative
                if opposite:
                    return SymbolicOutcome(Status.FAILED, "sign from assumptions",
                                           "the quantity has the wrong sign")
    return SymbolicOutcome(Status.UNDECIDED, "sign not decided from the assumptions")
