"""The k-th power of a 2x2 matrix from its eigenvalues.

Problem.  R^k for a 2x2 matrix R with eigenvalues sigma_1, sigma_2 (so that
tr R = sigma_1 + sigma_2 and det R = sigma_1 sigma_2), for every k >= 0; for
momentum R is the iteration matrix and (y_i^k, x_i^k) = R^k (y_i^0, x_i^0).

Derivation.  Cayley-Hamilton: R^2 = (sigma_1 + sigma_2) R - sigma_1 sigma_2 I,
so every power is a combination R^k = a_k R + b_k I (ansatz).  Multiplying by
R and reducing with Cayley-Hamilton (polynomial remainder) gives
a_{k+1} = (sigma_1 + sigma_2) a_k + b_k, b_{k+1} = -sigma_1 sigma_2 a_k;
eliminating b gives a second-order recurrence which SymPy's ``rsolve`` solves
with a_0 = 0, a_1 = 1, for distinct roots and for a repeated root.  Both
closed forms are then PROVED for symbolic k by induction, on the coefficients
and on a generic 2x2 matrix [[m_11, m_12], [m_21, tr - m_11]] whose trace and
determinant are expressed by its eigenvalues.  Collecting by sigma_1^k and
sigma_2^k gives the eigenvalue form; the repeated-root coefficient is also the
limit sigma_2 -> sigma_1 of the distinct one.

Results.  ``distinct`` = (sigma_1^k (R - sigma_2 I) - sigma_2^k (R - sigma_1 I))
/ (sigma_1 - sigma_2) for sigma_1 != sigma_2;  ``repeated`` = k sigma_1^{k-1} R
- (k - 1) sigma_1^k I for sigma_1 = sigma_2 (R a 2x2 ``MatrixSymbol``).

Source.  Goh, "Why Momentum Really Works", "The Dynamics of Momentum" (the
formula for R^k, citing Williams, "The nth power of a 2x2 matrix", Math.
Magazine 65 (1992)).
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Induction, IntegerRange, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.matrix_power import (
    evaluate_matrix,
    guarded_precision,
    lost_digits,
    power,
    relative_difference_digits,
)

ID = "matrix-power-2x2"
R = sp.MatrixSymbol("R", 2, 2)
I2 = sp.Identity(2)
M11, M12 = sp.Symbol("m_11"), sp.Symbol("m_12")
A_K, B_K = sp.Symbol("a_k"), sp.Symbol("b_k")  # the coefficients at one k
X = sp.Symbol("x")  # the variable of the characteristic polynomial
FREE = sp.symbols("n_11 n_12 n_21 n_22")  # the entries of an arbitrary 2x2 matrix
s1, s2, k = S.sigma_1, S.sigma_2, S.k


M21, M22 = sp.Symbol("m_21"), sp.Symbol("m_22")
M = sp.Matrix([[M11, M12], [M21, M22]])  # eigenvalues sigma_1, sigma_2
P11, P12, P21, P22 = sp.symbols("p_11 p_12 p_21 p_22")
P = sp.Matrix([[P11, P12], [P21, P22]])  # a double eigenvalue sigma_1


def generic_entries(matrix: sp.Matrix, root_1: sp.Expr, root_2: sp.Expr
                    ) -> tuple[sp.Eq, sp.Eq]:
    """The lower row of a 2x2 matrix with eigenvalues root_1, root_2: the trace gives
    the (2, 2) entry and the determinant, solved by SymPy, the (2, 1) entry (every
    2x2 matrix with a nonzero (1, 2) entry has this form)."""
    (a, b), (c, e) = matrix.tolist()
    trace, determinant = root_1 + root_2, root_1 * root_2
    lower_right = trace - a
    (lower_left,) = sp.solve(sp.Eq(a * lower_right - b * c, determinant), c)
    return sp.Eq(e, lower_right), sp.Eq(c, sp.factor(lower_left))


def _defined(equations) -> dict:
    return {e.lhs: e.rhs for e in equations}


def domain() -> Domain:
    """Free entries, eigenvalues, k; the lower rows of M and P are derived."""
    return Domain(
        variables={M11: interval(-2, 2), M12: interval("1/2", 2), P11: interval(-2, 2),
                   P12: interval("1/2", 2), s1: interval(-1, 1), s2: interval(-1, 1),
                   k: IntegerRange(0, 40), A_K: interval(-2, 2), B_K: interval(-2, 2),
                   X: interval(-2, 2), **{e: interval(-2, 2) for e in FREE}},
        derived={**_defined(generic_entries(M, s1, s2)),
                 **_defined(generic_entries(P, s1, s1))})


def coefficient_recurrence(trace: sp.Expr, determinant: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """x (a x + b) reduced modulo x^2 - trace x + determinant: the coefficients
    (a', b') of R (a R + b I) = a' R + b' I by Cayley-Hamilton."""
    remainder = sp.rem(sp.expand(X * (A_K * X + B_K)), X**2 - trace * X + determinant, X)
    poly = sp.Poly(remainder, X)
    return poly.coeff_monomial(X), poly.coeff_monomial(1)


def solve_coefficients(trace: sp.Expr, determinant: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """a_k and b_k: eliminate b from the first-order system and solve the
    second-order recurrence for a with rsolve (a_0 = 0, a_1 = 1)."""
    a, b = sp.Function("a"), sp.Function("b")
    next_a, next_b = coefficient_recurrence(trace, determinant)
    step_a = a(k + 2) - next_a.xreplace({A_K: a(k + 1), B_K: b(k + 1)})
    b_from_a = next_b.xreplace({A_K: a(k)})  # b_{k+1} in terms of a_k
    second_order = step_a.xreplace({b(k + 1): b_from_a})
    closed_a = sp.simplify(sp.rsolve(second_order, a(k), {a(0): 0, a(1): 1}))
    closed_b = b_from_a.xreplace({a(k): closed_a.xreplace({k: k - 1})})
    closed_b = sp.factor(sp.powsimp(sp.expand(closed_b)))  # sigma * sigma^(k-1) = sigma^k
    return closed_a, closed_b


def eigen_form(coef_a: sp.Expr, coef_b: sp.Expr, matrix, identity, roots) -> sp.Basic:
    """a_k R + b_k I collected by the powers root^k: sum_j root_j^k (c_j R + d_j I)."""
    a_terms, b_terms = sp.powsimp(sp.expand(coef_a)), sp.powsimp(sp.expand(coef_b))
    total = sp.ZeroMatrix(2, 2) if isinstance(matrix, sp.MatrixExpr) else sp.zeros(2)
    for root in roots:
        c, e = sp.factor(a_terms.coeff(root**k)), sp.factor(b_terms.coeff(root**k))
        total = total + root**k * c * (matrix + sp.factor(e / c) * identity)
    return total


def _induction(label, d, matrix, closed, reason, uses, entries, shift=0):
    """An INDUCTION step proving matrix^(k + shift) = closed for every k >= 0."""
    base = matrix**shift
    return d.add(label, Kind.INDUCTION,
                 sp.Eq(sp.MatPow(matrix, k + shift), closed, evaluate=False), reason, uses=uses,
                 hint=(_defined(entries),),
                 data=Induction(k, 0, base, lambda value: matrix * value,
                                sp.Eq(sp.MatPow(matrix, k + shift + 1),
                                      sp.MatMul(matrix, sp.MatPow(matrix, k + shift)),
                                      evaluate=False)))


def derive():
    trace, determinant = s1 + s2, s1 * s2
    d = DerivationBuilder(
        ID, "Powers of a 2x2 matrix from its eigenvalues",
        source="Goh (2017), The Dynamics of Momentum (formula for R^k, after Williams 1992)",
        summary=("Because a 2x2 matrix satisfies its characteristic equation, `R^k` is always "
                 "a combination `a_k R + b_k I` whose coefficients obey a linear recurrence. "
                 "Solving it gives `R^k = (sigma_1^k (R - sigma_2 I) - sigma_2^k (R - sigma_1 "
                 "I))/(sigma_1 - sigma_2)` for distinct eigenvalues and `R^k = k sigma^{k-1} R - "
                 "(k-1) sigma^k I` for a repeated one, both proved for every `k` by induction: "
                 "the powers grow or shrink like `sigma_1^k` and `sigma_2^k`."),
        domain=domain())
    free = sp.Matrix(2, 2, FREE)
    d.equation("cayley-hamilton", Kind.EXPANSION,
               sp.MatAdd(sp.MatMul(free, free), sp.MatMul(-free.trace(), free),
                         sp.MatMul(free.det(), sp.eye(2)), evaluate=False), sp.zeros(2),
               "Cayley-Hamilton for 2x2 matrices: `N^2 - tr(N) N + det(N) I = 0`, checked on a "
               "matrix with four free entries.")
    m, entries = M, generic_entries(M, s1, s2)
    d.equation("generic", Kind.DEFINITION, sp.Symbol("M"), m,
               "A generic 2x2 matrix with eigenvalues `sigma_1`, `sigma_2`: its trace fixes `"
               "m_22` and its determinant `m_21` (any matrix with `m_12 != 0` is of this form).",
               assumptions=entries)
    d.equation("trace-determinant", Kind.SIMPLIFICATION, sp.Matrix([m.trace(), m.det()]),
               sp.Matrix([trace, determinant]),
               "Its trace is `sigma_1 + sigma_2` and its determinant `sigma_1 sigma_2`, the sum "
               "and product of the eigenvalues.", uses=("generic",),
               hint=(_defined(entries),))
    d.add("ansatz", Kind.ANSATZ,
          sp.Eq(sp.MatPow(R, k), sp.Function("a")(k) * R + sp.Function("b")(k) * I2,
                evaluate=False),
          "Suppose `R^k = a_k R + b_k I` for all `k`; true for `k = 0` (`a_0 = 0`, `b_0 = 1`) "
          "and `k = 1` (`a_1 = 1`, `b_1 = 0`), and the next steps show the form is kept.")
    next_a, next_b = coefficient_recurrence(trace, determinant)
    d.equation("multiply", Kind.SUBSTITUTION, sp.MatMul(m, A_K * m + B_K * sp.eye(2)),
               next_a * m + next_b * sp.eye(2),
               "Multiply `a_k M + b_k I` by `M` and replace `M^2` by Cayley-Hamilton: `"
               "a_{k+1} = (sigma_1 + sigma_2) a_k + b_k` and `b_{k+1} = -sigma_1 sigma_2 a_k`.",
               uses=("cayley-hamilton", "ansatz", "trace-determinant"),
               hint=(_defined(entries),))
    coef_a, coef_b = solve_coefficients(trace, determinant)
    advance = lambda v: sp.Matrix([next_a.xreplace({A_K: v[0], B_K: v[1]}),  # noqa: E731
                                   next_b.xreplace({A_K: v[0], B_K: v[1]})])
    a, b = sp.Function("a"), sp.Function("b")
    d.add("coefficients", Kind.INDUCTION,
          sp.Eq(sp.Matrix([a(k), b(k)]), sp.Matrix([coef_a, coef_b]), evaluate=False),
          "Eliminating `b` gives `a_{k+2} = (sigma_1 + sigma_2) a_{k+1} - sigma_1 sigma_2 a_k`; "
          "rsolve with `a_0 = 0`, `a_1 = 1` finds these coefficients, and induction on `k` proves "
          "them: they start at (0, 1) and obey the recurrence of the previous step.",
          uses=("multiply",),
          data=Induction(k, 0, sp.Matrix([0, 1]), advance,
                         sp.Eq(sp.Matrix([a(k + 1), b(k + 1)]),
                               sp.Matrix([next_a, next_b]).xreplace({A_K: a(k), B_K: b(k)}))))
    distinct_m = eigen_form(coef_a, coef_b, m, sp.eye(2), (s1, s2))
    _induction("distinct", d, m, distinct_m,
        "Collect `a_k M + b_k I` by `sigma_1^k` and `sigma_2^k` and prove the result directly for "
        "symbolic `k`: it is `I` at `k = 0`, and multiplying it by `M` gives it at `k + 1 "
        "(sigma_1 != sigma_2)`.", ("coefficients",), entries)

    # repeated root: sigma_1 = sigma_2
    repeated_a, repeated_b = solve_coefficients(2 * s1, s1**2)
    d.equation("limit", Kind.LIMIT, sp.Limit(coef_a, s2, s1), repeated_a,
               "As `sigma_2 -> sigma_1` the coefficient `a_k` tends to `k sigma_1^{k-1}`, the "
               "coefficient rsolve finds for the double root (`a_k = k sigma^{k-1}`, `"
               "b_k = -(k-1) sigma^k`).", uses=("coefficients",))
    m_repeated, double = P, generic_entries(P, s1, s1)
    d.equation("double", Kind.DEFINITION, sp.Symbol("P"), P,
               "A generic 2x2 matrix with a double eigenvalue `sigma_1`: trace `2 sigma_1` and "
               "determinant `sigma_1^2`.", assumptions=double)
    repeated_m = (repeated_a * m_repeated + repeated_b * sp.eye(2))
    with sp.evaluate(False):  # show the coefficients at k = 0 before they are evaluated
        start = sp.MatAdd(sp.MatMul(repeated_a.xreplace({k: 0}), m_repeated),
                          sp.MatMul(repeated_b.xreplace({k: 0}), sp.eye(2)))
    d.equation("repeated-start", Kind.SIMPLIFICATION, start, sp.eye(2),
               "For a double eigenvalue (trace `2 sigma_1`, determinant `sigma_1^2`) the same "
               "recurrence solved by rsolve gives `a_k = k sigma_1^{k-1}`, `b_k = -(k-1) "
               "sigma_1^k`; at `k = 0` the form is the identity.", uses=("cayley-hamilton",),
               hint=(_defined(double),))
    _induction("repeated", d, m_repeated, repeated_m.xreplace({k: k + 1}),
               "Induction proves the form for every power `k + 1 >= 1` (written with `k + 1` so "
               "that every exponent of `sigma_1` is `k` plus a nonnegative constant): it is "
               "`M` at `k = 0`, and multiplying by `M` advances `k`.", ("repeated-start",),
               double, shift=1)

    d.result("distinct", eigen_form(coef_a, coef_b, R, I2, (s1, s2)), step="distinct",
             instance={R: m})
    d.result("repeated", repeated_a * R + repeated_b * I2, step="repeated",
             instance={R: m_repeated, k: k + 1})
    d.name("M", "a generic 2x2 matrix with eigenvalues `sigma_1`, `sigma_2`")
    d.name("a_k, b_k", "the coefficients of `R^k = a_k R + b_k I`")
    return d.build(Witness(
        "Raise the momentum iteration matrix `R` to powers `k` up to `10^6` by repeated squaring "
        "in mpmath and compare with the formulas at the eigenvalues of momentum-eigenvalues, "
        "for distinct real, complex, nearly repeated (`|sigma_1 - sigma_2|` about `10^(-30)`) and "
        "exactly repeated roots.", lambda derivation, dps, rng: _witness(derivation.results, dps)))


# -- witness -------------------------------------------------------------------

def coefficients(formula: sp.Basic) -> tuple[sp.Expr, sp.Expr]:
    """(a, b) with formula = a R + b I, read from the explicit entries."""
    explicit = sp.Matrix(formula.as_explicit())
    coef_r = sp.diff(explicit[0, 1], R[0, 1])
    coef_i = sp.simplify(explicit[0, 0] - coef_r * R[0, 0])
    return sp.simplify(coef_r), coef_i


def witness_points():
    """(label, alpha, beta, lambda) as exact rationals, lambda = 1 so t = alpha.

    With q = sqrt(beta) the roots coincide at t = (1 - q)^2; moving t by
    e = 10^-60 / (4 q) splits them by sqrt(4 q e) = 1e-30 (real below, complex above).
    """
    q = sp.Rational(9, 10)
    e = sp.Rational(1, 10**60) / (4 * q)
    return (("distinct real", sp.Rational(1, 10), sp.Rational(1, 4)),
            ("distinct complex", sp.Rational(1, 2), sp.Rational(81, 100)),
            ("nearly repeated, real", (1 - q) ** 2 - e, q**2),
            ("nearly repeated, complex", (1 - q) ** 2 + e, q**2),
            ("repeated", (1 - q) ** 2, q**2))


POWERS = (1, 2, 10, 1000, 10**6)


def _at(exact):
    """An exact rational point at the current working precision."""
    return {s: mp.mpf(v.p) / v.q for s, v in exact.items()}


def _witness(results, dps):
    r_matrix = momentum_sym.get("momentum-iteration-matrix").results["R"]
    eigen = momentum_sym.get("momentum-eigenvalues").results
    distinct = sp.lambdify((s1, s2, k), coefficients(results["distinct"]), "mpmath")
    repeated = sp.lambdify((s1, k), coefficients(results["repeated"]), "mpmath")
    comparisons = []
    for label, alpha, beta in witness_points():
        exact = {S.alpha: alpha, S.beta: beta, S.lam: sp.Integer(1)}
        # the eigenvalues, exact at the rational point (sqrt of a rational), then numeric
        roots = [eigen[name].xreplace(exact) for name in ("sigma_1", "sigma_2")]
        with mp.workdps(dps):
            sigmas = [mp.mpmathify(sp.N(r, dps + 10)) for r in roots]
            lost, precision = lost_digits(*sigmas), guarded_precision(dps, *sigmas)
        if lost is None:  # equal roots: switch to the repeated-root branch
            precision, function, used = dps + 10, repeated, roots[:1]
            how = f"repeated-root formula (`sigma_1 = sigma_2` exactly) at precision {precision}"
        else:  # raise the working precision by the digits the cancellation costs
            function, used = distinct, roots
            how = (f"distinct-root formula at working precision {precision} = {dps} + {lost} "
                   "digits lost (`log_10(max |sigma| / |sigma_1 - sigma_2|)`) + 10 guard")
        guarded = _Formula(function, used, r_matrix, exact, precision)
        naive = _Formula(function, used, r_matrix, exact, dps) if lost and lost > 5 else None
        worst, kept = float(dps), (float(dps), 0)
        reference_dps = dps + 2 * len(str(max(POWERS))) + 10  # rounding errors of the
        with mp.workdps(reference_dps):  # powers grow like k^2 near a double root
            base = evaluate_matrix(r_matrix, _at(exact))
        for kk in POWERS:
            with mp.workdps(reference_dps):
                reference = power(base, kk)
            with mp.workdps(dps):
                worst = min(worst, relative_difference_digits(reference, guarded(kk), dps))
                if naive is not None:
                    kept = min(kept, (relative_difference_digits(reference, naive(kk), dps), kk))
        if naive is not None:
            how += f"; unguarded at {dps} digits it keeps only {kept[0]:.1f} (`k = {kept[1]}`)"
        gap = "" if lost is None else f"`|sigma_1 - sigma_2|` about 1e-{lost}; "
        comparisons.append(Comparison(
            f"{'repeated' if lost is None else 'distinct'} ({label})", worst >= dps - 10,
            worst, f"{gap}`k = {POWERS[0]}`, {', '.join(map(str, POWERS[1:]))}; {how}"))
    return WitnessReport("`R^k` by repeated squaring against the eigenvalue formulas",
                         tuple(comparisons))


class _Formula:
    """a_k R + b_k I with the coefficients at the exact roots, at ``precision`` digits."""

    def __init__(self, coefficient_function, roots, r_matrix, exact, precision):
        self.function, self.precision = coefficient_function, precision
        with mp.workdps(precision):
            self.sigmas = [mp.mpmathify(sp.N(r, precision + 10)) for r in roots]
            self.matrix = evaluate_matrix(r_matrix, _at(exact))

    def __call__(self, kk):
        with mp.workdps(self.precision):
            a, b = self.function(*self.sigmas, kk)
            return a * self.matrix + b * mp.eye(2)
