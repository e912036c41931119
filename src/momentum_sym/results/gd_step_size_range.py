"""The step sizes for which gradient descent converges.

Problem.  Gradient descent on a convex quadratic, per eigenvalue:
x_i^k = (1 - alpha lambda)^k x_i^0 (``gd-closed-form``).

Derivation.  A geometric sequence tends to zero for every start exactly when
its ratio has modulus below one; write t = alpha lambda and solve
|1 - t| < 1 exactly (SymPy's univariate inequality solver).

Result.  ``upper`` = 2: gradient descent converges on the eigenvalue lambda
iff 0 < alpha lambda < 2 (for every eigenvalue: alpha < 2 / lambda_n).

Source.  Goh (2017), "Choosing a Step-size"; d2l 11.6 (scalar case).
"""

import sympy as sp
from mpmath import mp
from sympy.solvers.inequalities import solve_univariate_inequality

from momentum_sym import get
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import IntegerRange, interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.iterations import gradient_descent
from momentum_sym.witness.quadratic import random_quadratic, random_spectrum, random_vector

ID = "gd-step-size-range"

t = sp.Symbol("t", real=True)  # t = alpha * lambda


def derive():
    domain = Domain(variables={S.alpha: interval("1/100", 1), S.lam: interval("1/10", 5),
                               S.x_0: interval(-2, 2), S.k: IntegerRange(0, 40)},
                    derived={t: S.alpha * S.lam})
    d = DerivationBuilder(
        ID, "The step sizes for which gradient descent converges",
        source="Goh (2017), Choosing a Step-size",
        summary=("Each component is multiplied by `1 - alpha lambda` per step, so it dies out "
                 "exactly when `|1 - alpha lambda| < 1`, that is `0 < alpha lambda < 2`.  For the "
                 "whole problem the largest eigenvalue sets the limit: `alpha < 2 / lambda_n`."),
        domain=domain, uses=("gd-closed-form",))
    closed = get("gd-closed-form").results["x_k"]
    ratio = sp.simplify(closed.xreplace({S.k: S.k + 1}) / closed)
    d.equation("ratio", Kind.SIMPLIFICATION, closed.xreplace({S.k: S.k + 1}) / closed, ratio,
               "Successive iterates of the closed form differ by a constant ratio.",
               uses=("gd-closed-form.x_k",))
    condition = sp.Abs(ratio) < 1
    d.add("geometric", Kind.DEFINITION, condition,
          "A geometric sequence `r^k x^0` tends to zero for every start `x^0` exactly when `|r| < "
          "1` "
          "(`|r|^k` tends to 0 if `|r| < 1`, and stays at least 1 otherwise).")
    in_t = condition.xreplace({S.alpha: t / S.lam})
    d.add("in-t", Kind.DEFINITION, sp.Eq(t, S.alpha * S.lam),
          "Only the product `t = alpha lambda` matters.")
    region = solve_univariate_inequality(in_t, t, relational=False)
    solved = region.as_relational(t)
    d.add("solve", Kind.INEQUALITY, sp.Equivalent(in_t, solved, evaluate=False),
          "Solve `|1 - t| < 1` for `t`: `1 - t` must lie strictly between -1 and 1.",
          uses=("geometric", "in-t"))
    boundary = sp.Eq(in_t.lhs, in_t.rhs)
    d.solve("upper-end", boundary, t, region.sup,
            "The region ends where the factor reaches modulus 1: `|1 - t| = 1` at `t = 0` and at `"
            "t = 2`, the upper end of the interval.", uses=("solve",))
    d.result("upper", region.sup, step="upper-end", ends=("solve", solved),
             variable=(t, S.alpha * S.lam))
    return d.build(Witness(
        "Run gradient descent for 400 steps with `alpha lambda_n` just below and just above the "
        "bound (by 1/20) on a random quadratic, and compare the growth of the error in the "
        "top eigen-direction with `|1 - alpha lambda_n|^k`.", _witness))


def _witness(derivation, dps, rng):
    upper = derivation.results["upper"]
    problem = random_quadratic(rng, random_spectrum(rng, 4, 1, 5))
    top = problem.spectrum[-1]
    comparisons = []
    for side, offset in (("below", -mp.mpf(1) / 20), ("above", mp.mpf(1) / 20)):
        alpha = (mp.mpf(int(upper)) + offset) / top
        w0 = random_vector(rng, 4)
        x0 = problem.eigencoordinates(w0)[3]
        final = list(gradient_descent(problem.gradient, w0, alpha, 400))[-1]
        growth = abs(problem.eigencoordinates(final)[3] / x0)
        converges = growth < 1
        expected = side == "below"
        comparisons.append(Comparison(
            f"`alpha lambda_n {'<' if side == 'below' else '>'} {upper}`", converges == expected,
            None, f"`|x_n^400 / x_n^0|` = {mp.nstr(growth, 5)}; predicted "
            f"`|1 - alpha lambda_n|^400` = {mp.nstr(abs(1 - alpha * top) ** 400, 5)}"))
    return WitnessReport("convergence on both sides of `alpha lambda` = upper", tuple(comparisons))
