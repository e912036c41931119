"""The characteristic polynomial of a method's iteration matrix.

Problem.  The eigenvalues of the iteration matrix R (``<method>-iteration-matrix``)
decide how each eigencomponent converges; they are the roots of det(sigma I - R).

Method.  Expand the determinant by cofactors (SymPy), collect it in sigma, and check
that alpha and lambda enter only through their product t = alpha lambda.  For a 2x2
matrix the coefficients are the trace and the determinant, and the discriminant
tr(R)^2 - 4 det(R) says whether the roots are real or complex.

Result.  ``polynomial`` = det(sigma I - R) (in sigma); for degree 2 also
``discriminant``.  The iterates obey the recurrence of this polynomial (Cayley and
Hamilton): sum_j c_j x^{k+j} = 0 for the coefficients c_j.

Source.  Goh (2017), "The Dynamics of Momentum" (for the heavy ball), for any
method given as data.
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.tactics import decoupling
from momentum_sym.tactics.common import SIGMA, Analysis, T, in_t, parameter_domain, title
from momentum_sym.tactics.witnesses import draw_parameters, evaluate, multiples, run_on_quadratic
from momentum_sym.witness.quadratic import random_spectrum

FAMILY = "characteristic-polynomial"


def cofactors(matrix: sp.Matrix) -> sp.Expr:
    """det(matrix) expanded along the first row, the products left unevaluated (so that
    the expansion step shows the determinant before the arithmetic)."""
    if matrix.shape == (1, 1):
        return matrix[0, 0]
    terms = []
    for j in range(matrix.cols):
        minor = matrix.minor_submatrix(0, j)
        sign = -1 if j % 2 else 1
        entry = matrix[0, j]
        if entry == 0:
            continue
        # numbers (the sign, an entry or a minor that is -1) become one leading coefficient:
        # "- (beta - alpha beta lambda)", never "(beta - alpha beta lambda) * -1"
        parts = (entry, cofactors(minor))
        coefficient = sign * sp.Mul(*(f for f in parts if f.is_number))
        others = [f for f in parts if not f.is_number]
        if coefficient == 0:
            continue
        if not others:
            terms.append(coefficient)
        elif coefficient == 1:
            terms.append(sp.Mul(*others, evaluate=False) if len(others) > 1 else others[0])
        else:
            terms.append(sp.Mul(coefficient, *others, evaluate=False))
    return sp.Add(*terms, evaluate=False)


def polynomial(r_matrix: sp.Matrix) -> sp.Expr:
    """det(sigma I - R), collected in sigma, each coefficient factored."""
    return sp.collect(sp.expand(r_matrix.charpoly(SIGMA).as_expr()), SIGMA, sp.factor)


def degree(r_matrix: sp.Matrix) -> int:
    return r_matrix.rows


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    r_matrix = analysis.get("iteration-matrix").results["R"]
    n = degree(r_matrix)
    p = polynomial(r_matrix)
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method),
        source=method.source,
        summary=(f"The eigenvalues of the iteration matrix of {method.noun} are the roots of "
                 f"a polynomial of degree {n} in `sigma` whose coefficients depend on the step "
                 "size and the eigenvalue only through `alpha lambda`; the iterates obey its "
                 "recurrence."),
        domain=parameter_domain(method, {S.t: interval(0, 5)}, bounded=False),
        uses=(analysis.id("iteration-matrix"),))
    d.name("sigma", "the variable of the characteristic polynomial")
    d.equation("iteration-matrix", Kind.DEFINITION, sp.Symbol("R"), r_matrix,
               "The matrix of one step on an eigencomponent, in error coordinates.",
               uses=(analysis.ref("iteration-matrix", "R"),))
    shifted = SIGMA * sp.eye(n) - r_matrix
    determinant = (cofactors(shifted) if n > 1 else  # sigma - R, before the arithmetic
                   sp.Add(SIGMA, sp.Mul(-1, r_matrix[0, 0], evaluate=False), evaluate=False))
    d.equation("characteristic", Kind.EXPANSION, determinant, p,
               "The eigenvalues of `R` are the zeros of `det(sigma I - R)`; expand the determinant "
               "along its first row and collect the powers of `sigma`.",
               uses=("iteration-matrix",), written_in=(SIGMA,))
    d.result("polynomial", p, step="characteristic")
    try:
        p_t = sp.collect(in_t(p, method.step_size), SIGMA).xreplace({T: S.t})
        d.equation("in-t", Kind.SUBSTITUTION, p, p_t,
                   "The step size and the eigenvalue enter only through their product `"
                   "t = alpha lambda`.", uses=("characteristic",),
                   assumptions=(sp.Eq(S.t, method.step_size * S.lam),))
        d.name("t", "`alpha lambda`, the step size in units of `1/lambda`")
    except ValueError:
        pass
    if n == 2:
        trace, determinant = r_matrix.trace(), r_matrix.det()
        in_trace = SIGMA**2 - trace * SIGMA + determinant
        if in_trace == p:
            # R's entries give the polynomial as SymPy writes it already (R = [1, -t;
            # 1, 0]): the trace and determinant are written out, entry by entry, so that
            # the step states something to check rather than one expression twice
            trace, determinant = _written_out(r_matrix)
            in_trace = sp.Add(SIGMA**2, sp.Mul(-1, trace, SIGMA, evaluate=False),
                              determinant, evaluate=False)
        d.equation("trace-determinant", Kind.SIMPLIFICATION, p, in_trace,
                   "As for every 2x2 matrix, the coefficients are minus the trace and the "
                   "determinant of `R`.", uses=("characteristic",))
        discriminant = sp.factor(sp.discriminant(p, SIGMA))
        in_entries = trace**2 - 4 * determinant
        if in_entries == discriminant:  # the same way round: written out, as above
            trace, determinant = _written_out(r_matrix)
            in_entries = sp.Add(sp.Pow(trace, 2, evaluate=False),
                                sp.Mul(-4, determinant, evaluate=False), evaluate=False)
        d.equation("discriminant", Kind.EXPANSION, in_entries, discriminant,
                   "The discriminant `tr(R)^2 - 4 det(R)`: the roots are real where it is "
                   "nonnegative and complex conjugates where it is negative.",
                   uses=("trace-determinant",))
        d.result("discriminant", discriminant, step="discriminant")
    return d.build(Witness(
        f"Run {method.noun} (its own rule) on a random quadratic `(n = 4)` for 30 steps: in "
        "each eigencomponent the error of the iterate must obey the recurrence `"
        "sum_j c_j x^{k+j} = 0` with the coefficients `c_j` of the derived polynomial.",
        lambda derivation, dps, rng: _witness(analysis, derivation, dps, rng)))


def _written_out(matrix: sp.Matrix) -> tuple[sp.Expr, sp.Expr]:
    """The trace and the determinant of a 2x2 matrix as sums and products of its
    entries, left unevaluated: r11 + r22 and r11 r22 - r12 r21."""
    trace = sp.Add(matrix[0, 0], matrix[1, 1], evaluate=False)
    determinant = sp.Add(sp.Mul(matrix[0, 0], matrix[1, 1], evaluate=False),
                         sp.Mul(-1, sp.Mul(matrix[0, 1], matrix[1, 0], evaluate=False),
                                evaluate=False), evaluate=False)
    return trace, determinant


def _witness(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    with mp.workdps(dps + 20):  # the optimum's rounding stays far below the compared digits
        return _run(analysis, derivation, dps, rng)


def _run(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    method = analysis.method
    system = decoupling.error_system(method)
    p = derivation.results["polynomial"]
    values = draw_parameters(method, rng, {S.alpha: (0.05, 0.3)})
    problem, trajectory = run_on_quadratic(method, values, rng, random_spectrum(rng, 4, 0.2, 3),
                                           30)
    c = multiples(system, values)[method.iterate]
    errors = [problem.Q.T * (trajectory(method.iterate, k) - problem.w_star * c)
              for k in range(31)]
    first = 1 if method.first_step else 0
    worst = float(dps)
    floor = mp.mpf(10) ** -15  # below it the rounding of w* would dominate
    for j, lam in enumerate(problem.spectrum):
        poly = sp.Poly(p, SIGMA)
        coefficients = [evaluate(a, {**values, S.lam: lam}) for a in reversed(poly.all_coeffs())]
        for k in range(first, 31 - poly.degree()):
            terms = [coefficients[m] * errors[k + m][j] for m in range(poly.degree() + 1)]
            if max(abs(x) for x in terms) < floor * abs(errors[first][j]):
                break
            # relative to its terms, or to the whole error where it has grown: a rule that
            # diverges spreads the rounding of its largest component over the others
            scale = max(*(abs(x) for x in terms), *(
                abs(coefficients[m]) * max(abs(e) for e in errors[k + m])
                for m in range(poly.degree() + 1)))
            residual = abs(sum(terms))
            if scale > 0 and residual > 0:
                worst = min(worst, float(-mp.log10(residual / scale)))
    worst = max(0.0, min(worst, float(dps)))
    return WitnessReport(
        f"{method.title}: iterates against the recurrence of the characteristic polynomial",
        (Comparison("polynomial", worst >= dps - 8, worst,
                    "4 eigencomponents, every `k`: `|sum_j c_j x^(k+j)|` relative to its largest "
                    "term, or to the whole error where it has grown"),))


__all__ = ["FAMILY", "cofactors", "degree", "derive", "polynomial"]
