"""The iteration matrix R of momentum on one eigencomponent.

Problem.  Momentum in the eigenbasis (``momentum-eigen-decoupling``): for each
eigenvalue lambda the pair (y_i, x_i) obeys the lower-triangular system
L (y, x)^{k+1} = U (y, x)^k with L = [1 0; alpha 1] and U = [beta lambda; 0 1].

Derivation.  Take L and U from that derivation, invert L (SymPy ``Matrix.inv``)
and multiply: R = L^{-1} U.  Check that R applied to (y_i^k, x_i^k) gives the
derived ``y_next`` and ``x_next``, so (y_i^k, x_i^k) = R^k (y_i^0, x_i^0).

Result.  ``R`` = [[beta, lambda], [-alpha beta, 1 - alpha lambda]].

Source.  Goh, "Why Momentum Really Works", section "The Dynamics of Momentum"
(the matrix R); d2l.ai, "Momentum", R(beta, eta, lambda).
"""

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Domain, Kind, Witness
from momentum_sym.kernel.domain import interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.matrix_power import evaluate_matrix, power
from momentum_sym.witness.momentum_coordinates import eigen_trajectory
from momentum_sym.witness.quadratic import random_spectrum

ID = "momentum-iteration-matrix"
DECOUPLING = "momentum-eigen-decoupling"


def domain() -> Domain:
    """alpha, beta, one eigenvalue lambda and a state (y_i^k, x_i^k)."""
    return Domain(variables={
        S.alpha: interval("1/100", 2), S.beta: interval(0, "99/100"),
        S.lam: interval("1/10", 10), S.y_k: interval(-2, 2), S.x_k: interval(-2, 2)})


def derive():
    decoupling = momentum_sym.get(DECOUPLING)
    scalars = {S.y_comp[S.i]: S.y_k, S.x_comp[S.i]: S.x_k, S.lambdas[S.i]: S.lam}
    system = decoupling.step("system").claim
    lower = sp.Matrix(system.lhs.args[0]).xreplace(scalars)
    upper = sp.Matrix(system.rhs.args[0]).xreplace(scalars)
    state = sp.Matrix([S.y_k, S.x_k])
    d = DerivationBuilder(
        ID, "The iteration matrix of momentum",
        source="Goh (2017), The Dynamics of Momentum; d2l.ai, Momentum (quadratic case)",
        summary=("Inverting the lower-triangular system of each eigencomponent gives one "
                 "matrix `R = L^{-1} U` that advances (`y_i`, `x_i`) by a step, so after `k` steps "
                 "the state is `R^k` times the initial state: everything about momentum on a "
                 "quadratic is in the powers of this 2x2 matrix."),
        domain=domain(), uses=(DECOUPLING,))
    d.equation("system", Kind.DEFINITION, sp.Symbol("L"), lower,
               "The matrix of the unknowns (`y_i^{k+1}`, `x_i^{k+1}`) in the lower-triangular "
               "system of the decoupled recurrence.", uses=(f"{DECOUPLING}.system",))
    d.equation("right-side", Kind.DEFINITION, sp.Symbol("U"), upper,
               "The matrix of the known (`y_i^k`, `x_i^k`) on the right of that system.",
               uses=(f"{DECOUPLING}.system",))
    inverse = lower.inv()
    d.equation("inverse", Kind.SIMPLIFICATION, sp.MatMul(lower, inverse), sp.eye(2),
               "`L` is unit lower-triangular; its inverse flips the sign of the entry below the "
               "diagonal, as multiplying back shows.", uses=("system",))
    r_matrix = (inverse * upper).applyfunc(sp.expand)
    d.equation("product", Kind.EXPANSION, sp.MatMul(inverse, upper), r_matrix,
               "Multiply `L^{-1}` by `U`: this is the iteration matrix `R`.", uses=("inverse",
                                                                               "right-side"))
    explicit = sp.Matrix([decoupling.results["y_next"], decoupling.results["x_next"]])
    d.equation("one-step", Kind.SUBSTITUTION, explicit, sp.MatMul(r_matrix, state),
               "`R` applied to (`y_i^k`, `x_i^k`) reproduces the decoupled update, so "
               "`(y_i^{k+1}, x_i^{k+1}) = R (y_i^k, x_i^k)` and by repetition "
               "`(y_i^k, x_i^k) = R^k (y_i^0, x_i^0)`.",
               uses=("product", f"{DECOUPLING}.y_next", f"{DECOUPLING}.x_next"))
    d.result("R", r_matrix, step="product")
    d.name("lambda", "the eigenvalue `lambda_i` of the component")
    return d.build(Witness(
        "Run momentum on a random quadratic `(n = 4)` for 40 steps, rotate the iterates into "
        "the eigenbasis and compare (`y_i^k`, `x_i^k`) with `R^k (y_i^0, x_i^0)`, `R^k` by "
        "repeated "
        "squaring in mpmath.", _witness))


def _witness(derivation, dps, rng):
    r_matrix = derivation.results["R"]
    spectrum = random_spectrum(rng, 4, 0.1, 3)
    alpha, beta = mp.mpf(rng.uniform(0.2, 0.6)), mp.mpf(rng.uniform(0.3, 0.95))
    run = eigen_trajectory(rng, spectrum, alpha, beta, 40)
    worst = float(dps)
    for j, lam in enumerate(run.problem.spectrum):
        r = evaluate_matrix(r_matrix, {S.alpha: alpha, S.beta: beta, S.lam: lam})
        start = mp.matrix([run.y[0][j], run.x[0][j]])
        for kk in (1, 2, 7, 20, 40):
            predicted = power(r, kk) * start
            observed = mp.matrix([run.y[kk][j], run.x[kk][j]])
            scale = max(abs(start[0]), abs(start[1]))
            error = max(abs(predicted[m] - observed[m]) for m in range(2))
            digits = float(dps) if error == 0 else float(-mp.log10(error / scale))
            worst = min(worst, digits)
    return WitnessReport(
        "momentum iterates in eigencoordinates against `R^k` applied to the initial state",
        (Comparison("`R`", worst >= dps - 5, worst,
                    "4 eigencomponents, `k = 1`, 2, 7, 20, 40; error relative to the initial "
                    "state"),))
