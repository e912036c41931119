"""What every tactic shares: the analysis of one method, symbols, domains, tidying.

An :class:`Analysis` binds a method to the ids of its derivations and to a way of
getting them: the registry for the built-in methods, a private cache for a user's
rule (``momentum-sym analyze``), so that each tactic starts from the derivations
before it (the eigenvalues from the iteration matrix, and so on) whatever the
method is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import Domain, IntegerRange, Interval, interval
from momentum_sym.methods.model import Method
from momentum_sym.results import symbols as S

SIGMA = sp.Symbol("sigma")  # the variable of the characteristic polynomial
T = sp.Symbol("t", positive=True)  # alpha lambda, while rewriting
RHO = sp.Symbol("rho", positive=True)  # a rate

#: The derivation families of a method, in the order they build on each other.
FAMILIES: tuple[str, ...] = (
    "iteration-matrix", "characteristic-polynomial", "eigenvalues", "convergence-region",
    "regimes", "critical-damping", "optimal-parameters", "unrolled", "worst-case")


#: The title of each family's derivation, from the method's title (the registry lists
#: titles without deriving anything).
TITLES: dict[str, str] = {
    "iteration-matrix": "The iteration matrix of {}",
    "characteristic-polynomial": "The characteristic polynomial of {}",
    "eigenvalues": "The eigenvalues of the iteration matrix of {}",
    "convergence-region": "The step sizes for which {} converges",
    "regimes": "The regimes of {}",
    "critical-damping": "Critical damping of {}",
    "optimal-parameters": "The optimal parameters of {}",
    "unrolled": "{} unrolled",
    "worst-case": "The error of {} after k steps",
}


def title(family: str, method: Method) -> str:
    """The title of the derivation of ``family`` for ``method``, with the method as it
    reads inside a sentence (:attr:`Method.noun`): "The regimes of the heavy ball", not
    "The regimes of The heavy ball (momentum as the article writes it)"."""
    text = TITLES[family].format(method.noun)
    return text[:1].upper() + text[1:]


class NotApplicable(ValueError):
    """A family that does not apply to a method (critical damping without momentum)."""


@dataclass
class Analysis:
    """One method and its derivations, by family.

    ``ids`` maps a family to the id of its derivation (``nesterov-eigenvalues``);
    ``lookup`` returns the derivation with that id (the registry's ``get`` for a
    built-in method); ``cache`` keeps the derivations of a user's rule."""

    method: Method
    ids: Mapping[str, str]
    lookup: Callable[[str], Derivation] | None = None
    cache: dict[str, Derivation] = field(default_factory=dict)

    def id(self, family: str) -> str:
        return self.ids.get(family, f"{self.method.name}-{family}")

    def get(self, family: str) -> Derivation:
        ident = self.id(family)
        if self.lookup is not None:
            return self.lookup(ident)
        if ident not in self.cache:
            from momentum_sym.tactics import derive

            self.cache[ident] = derive(self, family)
        return self.cache[ident]

    def ref(self, family: str, name: str) -> str:
        """``id.name`` of a result of another family (for ``uses=``)."""
        return f"{self.id(family)}.{name}"


def default_ids(name: str) -> dict[str, str]:
    return {family: f"{name}-{family}" for family in FAMILIES}


# -- domains ---------------------------------------------------------------------------

LAMBDA = interval("1/10", 10)
COORDINATE = interval(-2, 2)


def parameter_domain(method: Method, extra: Mapping[sp.Symbol, Interval | IntegerRange]
                     | None = None, constraints: tuple[sp.Basic, ...] = (),
                     bounded: bool = True) -> Domain:
    """The method's parameters with their sampling ranges and constraints, one
    eigenvalue lambda, sigma for polynomial identities, and ``extra``.

    ``bounded=False`` leaves out the parameters' own bounds (beta < 1) for
    derivations whose identities hold for every value: the sampling ranges keep the
    points inside anyway, and SymPy's assumption system is slow to refine square
    roots under such bounds for nothing."""
    variables: dict[sp.Symbol, Interval | IntegerRange] = {
        **method.sample_ranges(), S.lam: LAMBDA, SIGMA: interval(-2, 2)}
    variables.update(extra or {})
    own = method.constraints if bounded else ()
    return Domain(variables=variables, constraints=(*own, *constraints))


def spectrum_ranges() -> dict[sp.Symbol, Interval]:
    return {S.lambda_1: interval("1/10", 2), S.lambda_n: interval("1/5", 40)}


# -- rewriting -------------------------------------------------------------------------

def in_t(expr: sp.Expr, step: sp.Symbol) -> sp.Expr:
    """An expression in alpha and lambda that depends on them only through t = alpha
    lambda, rewritten in t (alpha = t/lambda); raises when it does not."""
    rewritten = sp.expand(sp.cancel(sp.sympify(expr).subs(step, T / S.lam)))
    if S.lam in rewritten.free_symbols:
        raise NotApplicable(f"the rule's eigenvalues depend on `{step.name}` and `lambda` "
                            f"apart, not only through `t = {step.name} lambda`, which the "
                            "derivations of this family are written in")
    return rewritten


def from_t(expr: sp.Expr, step: sp.Symbol, lam: sp.Symbol = S.lam) -> sp.Expr:
    return expr.xreplace({T: step * lam})


def shifted(expr: sp.Expr, index: sp.Symbol, offsets: tuple[int, ...]) -> list[sp.Expr]:
    """``expr`` at ``index + m`` for each offset m, kept as written (p_{k+2}, p_{k+1},
    p_k: the terms of a recurrence shown before they are expanded); an offset of 0 is
    ``expr`` itself, not ``expr`` at k + 0."""
    with sp.evaluate(False):
        return [expr.xreplace({index: index + m}) if m else expr for m in offsets]


def radicands(expr: sp.Expr) -> list[sp.Expr]:
    """The bases of the square roots in ``expr``, simplest first."""
    return sorted({p.base for p in sp.sympify(expr).atoms(sp.Pow)
                   if p.exp.is_Rational and p.exp.q == 2}, key=sp.count_ops)


def tidy(expr: sp.Expr) -> sp.Expr:
    """Cancel and factor an expression with square roots: each radicand linear in a
    nonnegative symbol not used before is made a square r^2 by solving for that symbol,
    the expression is factored as a rational function of the roots r, and the roots are
    put back.  sqrt(kappa) and sqrt(3 kappa + 1) come out of a solve inside nested
    quotients; this gives them the form a reader expects.  Returns ``expr`` unchanged
    when it does not get shorter."""
    expr = sp.sympify(expr)
    substitution: dict[sp.Symbol, sp.Expr] = {}
    roots: dict[sp.Symbol, sp.Expr] = {}
    for base in radicands(expr):
        moved = sp.cancel(base.xreplace(substitution))
        for x in sorted(moved.free_symbols, key=lambda s: s.name):
            if not x.is_nonnegative or x in substitution or not isinstance(x, sp.Symbol) \
                    or x in roots:
                continue
            numerator, denominator = sp.fraction(sp.together(moved))
            if x in denominator.free_symbols or not numerator.is_polynomial(x) \
                    or sp.Poly(numerator, x).degree() != 1:
                continue
            r = sp.Dummy("r", positive=True)
            # moved = (a x + b)/d = r^2 with d free of x: x = (d r^2 - b)/a, without a solver
            a, b = sp.Poly(numerator, x).all_coeffs()
            value = (denominator * r**2 - b) / a
            substitution = {k: v.xreplace({x: value}) for k, v in substitution.items()}
            substitution[x] = value
            roots[r] = sp.sqrt(base)
            break
    if not roots:
        return expr
    rational = sp.factor(sp.cancel(sp.radsimp(expr.subs(substitution))))
    if any(p.exp.is_Rational and p.exp.q == 2 for p in rational.atoms(sp.Pow)):
        return expr
    back = rational.xreplace(roots)
    return back if sp.count_ops(back) < sp.count_ops(expr) else expr


def sqrt_form(expr: sp.Expr, names: tuple[sp.Symbol, ...]) -> sp.Expr:
    """Factor an expression in sqrt(x) for positive x (alpha = a^2, lambda = l^2)."""
    squares = {x: sp.Dummy(x.name, positive=True) for x in names}
    factored = sp.factor(sp.expand(sp.sympify(expr).xreplace(
        {x: d**2 for x, d in squares.items()})))
    return factored.xreplace({d: sp.sqrt(x) for x, d in squares.items()})


def exact(value: Fraction | int) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) \
        else sp.Integer(value)



def readable(expr: sp.Expr) -> sp.Expr:
    """A quotient with the minus signs of its numerator and denominator cancelled:
    2 (beta + 1)/(1 - tau) rather than -2 (beta + 1)/(tau - 1)."""
    numerator, denominator = sp.fraction(sp.cancel(sp.sympify(expr)))
    numerator, denominator = sp.factor(numerator), sp.expand(denominator)
    if denominator == 1:
        return numerator
    constant = denominator.as_coeff_Add()[0]
    if constant < 0 or (constant == 0 and denominator.could_extract_minus_sign()):
        numerator, denominator = sp.factor(-numerator), sp.expand(-denominator)
    return numerator / denominator


def simplest(expr: sp.Expr, squares: tuple[sp.Symbol, ...] = ()) -> sp.Expr:
    """The shortest of a few equivalent forms (as written, cancelled, factored, with
    square roots tidied, with signs cancelled), by SymPy's operation count.  Every form
    is reached by SymPy operations, so each is equal to ``expr``; the steps that
    record it are checked anyway."""
    return _simplest(sp.sympify(expr), tuple(squares))


@lru_cache(maxsize=1024)
def _simplest(expr: sp.Expr, squares: tuple[sp.Symbol, ...]) -> sp.Expr:
    # the methods' families ask for the same forms again (a third of the calls)
    base = sqrt_form(expr, squares) if squares else expr
    forms = [expr, base, tidy(base)]
    # a form met before gives the forms met before (the rewrites are functions), and
    # min keeps the first of equals: rewriting it again would change nothing
    for form in list(dict.fromkeys(forms)):
        for rewrite in (sp.cancel, sp.factor, readable):
            try:
                forms.append(rewrite(form))
            except (sp.PolynomialError, TypeError, ValueError):
                continue
    return min(forms, key=lambda f: (len(str(f)), sp.count_ops(f)))


def refuted(claim: sp.Basic, constraints: tuple[sp.Basic, ...]) -> bool:
    """Real algebra finds a point of ``constraints`` where ``claim`` is false: a tactic
    asks before it commits to a claim its sampling suggested (the step's check asks the
    same question, so the answer is kept for it)."""
    from momentum_sym.kernel.outcome import Status
    from momentum_sym.kernel.realsolver import decide_relation

    return decide_relation(claim, constraints)[0].status is Status.FAILED


def proved(claim: sp.Basic, constraints: tuple[sp.Basic, ...]) -> bool:
    """Real algebra proves ``claim`` at every point of ``constraints``."""
    from momentum_sym.kernel.outcome import Status
    from momentum_sym.kernel.realsolver import decide_relation

    return decide_relation(claim, constraints)[0].status is Status.PROVED
