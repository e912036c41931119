"""Momentum with stochastic gradients: a deterministic part plus a decaying sum of errors.

Problem.  Momentum with an error e^k added to each gradient,
z^{k+1} = beta z^k + (A w^k - b) + e^k,  w^{k+1} = w^k - alpha z^{k+1},
on f(w) = 1/2 w^T A w - b^T w.  For independent zero-mean errors whose
eigencomponents have variance s^2, what is E f(w^k) - f(w*)?

Derivation.  In the eigencoordinates x = Q^T (w - w*), y = Q^T z the error enters
as epsilon^k = Q^T e^k; the article's lower-triangular system with the error
added is inverted by SymPy: (y, x)^{k+1} = R (y, x)^k + u epsilon^k with
u = (1, -alpha) and R from ``momentum-iteration-matrix``.  By linearity each
error evolves under R from its own step: the ansatz
x^k = d(k) + sum_{j=0}^{k-1} gamma(k-1-j) epsilon^j, with d(k) the x-component
of R^k (y^0, x^0) and gamma(m) that of R^m u, is checked against the update
with symbolic errors for the first steps.  Cayley-Hamilton (R^2 = (sigma_1 +
sigma_2) R - sigma_1 sigma_2 I, sigma_1, sigma_2 the eigenvalues of R, found
from the characteristic polynomial by Vieta with ``solve``) gives a two-step
recurrence for the x-components; ``rsolve`` solves it, and induction on k
(resp. on the lag m) proves the closed forms for the whole state.  Squaring
and taking expectations (mean 0, variance s^2, uncorrelated) leaves
d(k)^2 + s^2 sum_m gamma(m)^2, checked for the first steps by applying the
moments to SymPy's expanded polynomial.  Finally the stationary variance
solves the Lyapunov equation P = R P R^T + s^2 u u^T (``solve``).

Results (per eigencomponent, E f - f* is their sum over i).
``deterministic`` = lambda/2 d(k)^2,
``stochastic`` = lambda s^2/2 sum_{m=0}^{k-1} gamma(m)^2, with
d(k), gamma(m) in closed form in sigma_1^k, sigma_2^k, valid for sigma_1 != sigma_2
(at a repeated root, i.e. critical damping, take the limit sigma_2 -> sigma_1, as in
``matrix-power-2x2.repeated``); gamma(m) = -alpha (sigma_1^{m+1} - sigma_2^{m+1})
/ (sigma_1 - sigma_2);
``stationary`` = alpha s^2 (1 + beta) / (2 (1 - beta) (2 + 2 beta - alpha lambda)),
the limit of the stochastic term as k -> infinity (it grows with beta: the
errors compound).

Source.  Goh, "Why Momentum Really Works", section "Momentum with Stochastic
Gradients" and its footnotes.  Errata found by the derivation:
* the article prints the error part as epsilon_i^k sum_{j=1}^{k} R^{k-j} (1, -alpha)^T,
  one error pulled out of the sum; each error stays at its own step:
  sum_{j=1}^{k} R^{k-j} (1, -alpha)^T epsilon_i^{j-1} (= sum_{j=0}^{k-1} R^{k-1-j} u epsilon_i^j);
* epsilon^k = Q . error(w^k) should be Q^T error(w^k);
* in the footnote the deterministic term lambda/2 e_2^T R^k (y^0, x^0) lacks its
  square, the stochastic factor E[epsilon^k] (which is 0) should be the variance
  s^2 = E[(epsilon^k)^2], and the "inequalities" are equalities.
The footnote's system [1 0; alpha 1] (y, x)^{k+1} = [beta lambda; 0 1] (y, x)^k
+ (epsilon^k, 0) is right.
"""

from __future__ import annotations

import random

import sympy as sp
from mpmath import mp
from sympy.utilities.lambdify import implemented_function

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Induction, Kind, Witness
from momentum_sym.kernel.domain import Domain, IntegerRange, interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import quadratic_model
from momentum_sym.witness.checks import compare_numbers
from momentum_sym.witness.quadratic import random_quadratic, random_vector

ID = "stochastic-decomposition"
ITERATION_MATRIX = "momentum-iteration-matrix"

s1, s2 = S.sigma_1, S.sigma_2
lag = sp.Symbol("m", integer=True, nonnegative=True)  # steps since the error
j = sp.Symbol("j", integer=True, nonnegative=True)  # the step of an error
z = sp.Symbol("z")  # variable of the characteristic polynomial
noise = sp.Symbol("s", positive=True)  # the standard deviation of each error component
eps_k = sp.Symbol("epsilon_i^k", real=True)
y_next, x_next = sp.Symbol("y_i^{k+1}", real=True), sp.Symbol("x_i^{k+1}", real=True)
x_prev = sp.Symbol("x_i^{k-1}", real=True)
errors = sp.IndexedBase("epsilon_i")  # epsilon_i[j] = epsilon_i^j, for display
deterministic_x = sp.Function("d")  # d(k): x-component of R^k (y^0, x^0)
response_x = sp.Function("gamma")  # gamma(m): x-component of R^m u
error_vector = sp.MatrixSymbol("e^k", S.n, 1)
FINITE = 3  # steps unrolled with symbolic errors
MOMENTS = 3  # steps whose expected square is expanded


def error_symbol(step: int) -> sp.Symbol:
    return sp.Symbol(rf"\epsilon_i^{{{step}}}", real=True)


def domain(eigen: dict[sp.Symbol, sp.Expr]) -> Domain:
    """Sampled through the eigenvalues of R: sigma_1, sigma_2 and lambda are drawn and
    beta, lambda follow from ``eigen`` (Vieta), which is also a reparametrisation valid
    on the whole domain.  This covers distinct real eigenvalues; the identities are
    rational, so they hold for complex ones too (the witness runs both)."""
    states = {x: interval(-2, 2) for x in (S.y_0, S.x_0, S.y_k, S.x_k, eps_k, y_next, x_next,
                                           x_prev, z,
                                           *(error_symbol(t) for t in range(FINITE)))}
    return Domain(
        variables={S.alpha: interval("1/100", 2), s1: interval("1/2", "99/100"),
                   s2: interval("1/100", "49/100"), noise: interval("1/10", 2),
                   S.k: IntegerRange(0, 30), lag: IntegerRange(0, 30), **states},
        reparametrisations=(eigen,), derived=eigen)


def expectation(polynomial: sp.Expr, variables: list[sp.Symbol], sd: sp.Expr) -> sp.Expr:
    """E of a polynomial in independent zero-mean errors with standard deviation ``sd``:
    each monomial factorises into the moments E[e] = 0, E[e^2] = sd^2 (E[e^3] = 0,
    E[e^4] = 3 sd^4 for Gaussians; only degrees up to 2 occur here)."""
    moments = {0: sp.Integer(1), 1: sp.Integer(0), 2: sd**2, 3: sp.Integer(0), 4: 3 * sd**4}
    poly = sp.Poly(sp.expand(polynomial), *variables)
    total = sp.Integer(0)
    for powers, coefficient in poly.terms():
        term = coefficient
        for power in powers:
            term *= moments[power]
        total += term
    return total


def derive():
    alpha, beta, lam, k = S.alpha, S.beta, S.lam, S.k
    iteration = momentum_sym.get(ITERATION_MATRIX)
    r_matrix = iteration.results["R"]
    lower = iteration.step("system").rhs
    upper = iteration.step("right-side").rhs
    determinant = (z - r_matrix[0, 0]) * (z - r_matrix[1, 1]) - r_matrix[0, 1] * r_matrix[1, 0]
    charpoly = sp.collect(sp.expand(determinant), z)
    roots_form = sp.expand((z - s1) * (z - s2))
    constant = sp.Eq(charpoly.coeff(z, 0), roots_form.coeff(z, 0))
    (beta_value,) = sp.solve(constant, beta)
    linear = sp.Eq(charpoly.coeff(z, 1).xreplace({beta: beta_value}), roots_form.coeff(z, 1))
    (lambda_value,) = sp.solve(linear, lam)
    eigen = {beta: beta_value, lam: lambda_value}
    model = quadratic_model(vectors=(S.w_k, S.z_k, S.w_star, error_vector), definitions=(
        (S.b, S.A * S.w_star),
        (S.z_next, S.beta * S.z_k + (S.A * S.w_k - S.b) + error_vector)))
    d = DerivationBuilder(
        ID, "Momentum with stochastic gradients",
        source="Goh (2017), Momentum with Stochastic Gradients (and its footnotes)",
        summary=("Each gradient error enters the eigencomponent at its own step, through `"
                 "u = (1, -alpha)`, and is then carried along by `R` like the initial state. For "
                 "independent zero-mean errors of variance `s^2` the expected loss splits into "
                 "the noiseless loss `lambda/2 d(k)^2` and a stochastic term `lambda s^2/2` times "
                 "the sum of the squared impulse responses, which tends to `"
                 "alpha s^2 (1 + beta)/(2 (1 - beta)(2 + 2 beta - alpha lambda))`: small step "
                 "sizes shrink it, and momentum makes it larger."),
        domain=domain(eigen), model=model, uses=(ITERATION_MATRIX,))
    d.name("epsilon_i^k", "component `i` of `Q^T e^k`, the gradient error at step `k`")
    d.name("u", "(1, `-alpha`): how an error enters (`y_i`, `x_i`)")
    d.name("d(k)", "the `x`-component of `R^k (y_i^0, x_i^0)`: the noiseless iterate")
    d.name("gamma(m)", "the `x`-component of `R^m u`: the effect of an error `m` steps later")
    d.name("sigma_1, sigma_2", "the eigenvalues of `R` (momentum-eigenvalues), here distinct")
    d.name("s", "the standard deviation of each error component")

    # 1. the error in the eigenbasis
    rotated = S.Q.T * S.z_next
    d.equation("error-coordinates", Kind.MATRIX, rotated,
               beta * S.Q.T * S.z_k + S.Lambda * S.Q.T * (S.w_k - S.w_star)
               + S.Q.T * error_vector,
               "Rotate the noisy velocity update into the eigenbasis (`b = A w*`, `"
               "A = Q Lambda Q^T`): the error enters as `Q^T e^k`, so `epsilon^k = Q^T e^k` (the "
               "article writes `Q`).", uses=("momentum-eigen-decoupling.y_next",))
    state = sp.Matrix([S.y_k, S.x_k])
    new = sp.Matrix([y_next, x_next])
    kick = sp.Matrix([eps_k, 0])
    d.equation("system", Kind.DEFINITION, sp.MatMul(lower, new),
               sp.MatAdd(sp.MatMul(upper, state), kick),
               "Component `i`: the lower-triangular system of the noiseless iteration, with the "
               "error added to the velocity equation (the article's footnote).",
               uses=("error-coordinates", f"{ITERATION_MATRIX}.system"))
    inverse = lower.inv()
    direction = inverse * sp.Matrix([1, 0])
    one_step = r_matrix * state + direction * eps_k
    d.equation("one-step", Kind.EXPANSION, sp.MatMul(inverse, upper * state + kick),
               one_step,
               "Multiply by the inverse of the lower-triangular matrix: the noiseless step `R` "
               "plus the error along `u = (1, -alpha)`.",
               uses=("system", f"{ITERATION_MATRIX}.R"))

    # 2. each error at its own step
    start = sp.Matrix([S.y_0, S.x_0])
    d.equation("superposition", Kind.ANSATZ, S.x_k,
               deterministic_x(k) + sp.Sum(response_x(k - 1 - j) * errors[j], (j, 0, k - 1)),
               "The step is linear, so the errors add up: the error of step `j` enters at step `"
               "j + 1` through `u` and then evolves like any state, so it contributes `"
               "gamma(k - 1 - j) epsilon^j` to `x^k`, next to the noiseless `d(k)`.",
               uses=("one-step",))
    iterates, current = [], start
    for step in range(FINITE):
        current = r_matrix * current + direction * error_symbol(step)
        iterates.append(current.applyfunc(sp.expand))
    formula = [(r_matrix**last * start + sum(
        (r_matrix**(last - 1 - t) * direction * error_symbol(t) for t in range(last)),
        sp.zeros(2, 1))) for last in range(1, FINITE + 1)]
    d.equation("first-steps", Kind.EXPANSION, sp.Matrix.vstack(*iterates),
               sp.Matrix.vstack(*formula),
               f"A check by hand: {FINITE} noisy steps with symbolic errors give exactly "
               "`R^k (y^0, x^0) + sum_j R^{k-1-j} u epsilon^j`, each error with the power of `R` "
               "of the steps since it entered.", uses=("one-step", "superposition"))

    # 3. closed forms through the eigenvalues of R
    d.equation("charpoly", Kind.EXPANSION, determinant, charpoly,
               "The characteristic polynomial `det(z I - R)`.", uses=("one-step",),
               written_in=(z,))
    d.add("vieta-beta", Kind.DEFINITION, constant,
          "Name its roots `sigma_1`, `sigma_2` (the eigenvalues of `R`): the constant terms of `"
          "det(z I - R)` and `(z - sigma_1)(z - sigma_2)` agree, so `beta = sigma_1 sigma_2`.",
          uses=("charpoly",))
    d.solve("vieta-lambda", linear, lam, lambda_value,
            "The `z` coefficients agree: `1 + beta - alpha lambda = sigma_1 + sigma_2`, so `"
            "alpha lambda = (1 - sigma_1)(1 - sigma_2)`.", uses=("vieta-beta",))
    trace, product = s1 + s2, s1 * s2
    d.equation("cayley-hamilton", Kind.EXPANSION, sp.MatMul(r_matrix, r_matrix),
               trace * r_matrix - product * sp.eye(2),
               "Cayley-Hamilton: `R` satisfies its characteristic polynomial, `"
               "R^2 = (sigma_1 + sigma_2) R - sigma_1 sigma_2 I`; multiplied by `R^k` it gives the "
               "same two-step recurrence for every component of `R^k v`.",
               uses=("vieta-lambda",), )
    p = deterministic_x
    recurrence = sp.Eq(p(k + 2), trace * p(k + 1) - product * p(k))
    first = (r_matrix * start)[1]
    d.add("x-recurrence", Kind.DEFINITION, sp.And(
        sp.Eq(p(0), S.x_0), sp.Eq(p(1), first), recurrence),
        "The noiseless `x`-component starts at `x^0`, moves to the `x`-component of `R (y^0, "
        "x^0)`, "
        "and then follows the Cayley-Hamilton recurrence.", uses=("cayley-hamilton",))
    closed_x = sp.rsolve(recurrence.lhs - recurrence.rhs, p(k), {p(0): S.x_0, p(1): first})
    (y_from_x,) = sp.solve(sp.Eq(S.x_k, x_prev - alpha * S.y_k), S.y_k)
    earlier = closed_x.xreplace({k: k - 1}).replace(  # sigma^(k-1) = sigma^k / sigma
        lambda e: e.is_Pow and e.exp == k - 1, lambda e: e.base**k / e.base)
    closed_state = sp.Matrix([sp.factor(y_from_x.xreplace({x_prev: earlier, S.x_k: closed_x})),
                              closed_x])
    d.add("deterministic-state", Kind.INDUCTION, sp.Eq(
        sp.MatPow(sp.MatrixSymbol("R", 2, 2), k) * sp.MatrixSymbol("s^0", 2, 1), closed_state,
        evaluate=False),
        "rsolve solves the recurrence for `x`; the position update gives `y^k = (x^{k-1} - x^k)/"
        "alpha`. By induction on `k` this pair is (`y^0`, `x^0`) at `k = 0` and is multiplied by "
        "`R` at "
        "each step, so it is `R^k (y^0, x^0)`.", uses=("x-recurrence",),
        data=Induction(k, 0, start, lambda value: r_matrix * value,
                       sp.Eq(new, sp.MatMul(r_matrix, state))))
    closed_response = closed_state.xreplace({S.y_0: direction[0], S.x_0: direction[1]})
    closed_response = closed_response.xreplace({k: lag}).applyfunc(sp.factor)
    d.add("impulse-response", Kind.INDUCTION, sp.Eq(
        sp.MatPow(sp.MatrixSymbol("R", 2, 2), lag) * sp.MatrixSymbol("u", 2, 1),
        closed_response, evaluate=False),
        "The same closed form started from `u = (1, -alpha)` instead of (`y^0`, `x^0`): an error "
        "that entered `m` steps ago has been multiplied by `R m` times (induction on `m`).",
        uses=("deterministic-state",),
        data=Induction(lag, 0, direction, lambda value: r_matrix * value,
                       sp.Eq(new, sp.MatMul(r_matrix, state))))
    numerator, denominator = sp.fraction(sp.factor(closed_state[1].xreplace(eigen)))
    d_k = sp.collect(sp.expand(sp.powsimp(numerator)), [s1**k, s2**k], sp.factor) / denominator
    gamma_m = sp.factor(closed_response[1].xreplace(eigen))
    d.equation("eigen-form", Kind.SIMPLIFICATION,
               sp.Matrix([closed_state[1], closed_response[1]]), sp.Matrix([d_k, gamma_m]),
               "Write `beta` and `lambda` through the eigenvalues (`beta = sigma_1 sigma_2`, `"
               "alpha lambda = (1 - sigma_1)(1 - sigma_2)`) and factor: `d(k)` and `gamma(m) = "
               "-alpha (sigma_1^{m+1} - sigma_2^{m+1})/(sigma_1 - sigma_2)`.",
               uses=("deterministic-state", "impulse-response", "vieta-lambda"))

    # 4. the expected loss
    d.add("moments", Kind.DEFINITION, sp.And(
        sp.Eq(sp.Symbol(r"\mathbf{E}[\epsilon_i^{j}]"), 0),
        sp.Eq(sp.Symbol(r"\mathbf{E}[\epsilon_i^{j} \epsilon_i^{l}]"),
              noise**2 * sp.KroneckerDelta(j, lag))),
        "The model of the errors (following Flammarion and Bach): independent, mean zero, "
        "variance `s^2` in each eigencomponent (isotropic errors stay isotropic under `Q^T`).")
    d.equation("expected-square", Kind.ANSATZ, sp.Symbol(r"\mathbf{E}[(x_i^{k})^{2}]"),
               deterministic_x(k)**2 + noise**2 * sp.Sum(response_x(k - 1 - j)**2,
                                                         (j, 0, k - 1)),
               "Square the superposition and take expectations: the cross terms with one error "
               "have mean 0, products of two different errors have mean 0, and each square "
               "has mean `s^2`.", uses=("superposition", "moments"))
    names = [error_symbol(t) for t in range(MOMENTS)]
    expanded, predicted = [], []
    for last in range(1, MOMENTS + 1):
        x_last = iterates[last - 1][1].xreplace(
            {error_symbol(t): names[t] if t < MOMENTS else 0 for t in range(FINITE)})
        expanded.append(sp.factor(expectation(x_last**2, names, noise)))
        noiseless = (r_matrix**last * start)[1]
        predicted.append(noiseless**2 + noise**2 * sum(
            ((r_matrix**m * direction)[1]**2 for m in range(last)), sp.Integer(0)))
    d.equation("expected-first-steps", Kind.EXPANSION, sp.Matrix(expanded),
               sp.Matrix(predicted),
               f"A check by hand for `k` = 1, ..., {MOMENTS}: expand `(x^k)^2` as a polynomial "
               "in the symbolic errors and apply the moments monomial by monomial.",
               uses=("first-steps", "expected-square"))
    generic = implemented_function(sp.Function("f"), lambda m: mp.sqrt(m + 2) * mp.cos(m))
    d.equation("reindex", Kind.SUM, sp.Sum(generic(k - 1 - j)**2, (j, 0, k - 1)),
               sp.Sum(generic(lag)**2, (lag, 0, k - 1)),
               "Count the errors by their age `m = k - 1 - j` instead of their step `j`: the "
               "newest error `(j = k - 1)` has `m = 0`, the oldest `(j = 0)` has `m = k - 1`; this "
               "holds for any sequence `f`, here `gamma`.",
               uses=("impulse-response", "expected-square"))
    summed = sp.Sum(gamma_m**2, (lag, 0, k - 1))
    deterministic = lam / 2 * d_k**2
    stochastic = lam * noise**2 / 2 * summed
    in_parameters = sp.Matrix([
        lam / 2 * closed_state[1] ** 2,
        lam * noise**2 / 2 * sp.Sum(closed_response[1] ** 2, (lag, 0, k - 1))])
    d.equation("loss-terms", Kind.SUBSTITUTION, in_parameters,
               sp.Matrix([deterministic, stochastic]),
               "The `i`-th term of the expected `f(w^k) - f^*` is `lambda/2` times the expected "
               "`(x_i^k)^2`: the noiseless "
               "part `"
               "lambda/2 d(k)^2` plus the noise `lambda s^2/2 sum_m gamma(m)^2`, written through "
               "the eigenvalues of `R`.", uses=("expected-square", "reindex", "eigen-form"),
               assumptions=tuple(sp.Eq(symbol, value) for symbol, value in eigen.items()))
    d.result("deterministic", deterministic, step="loss-terms")
    d.result("stochastic", stochastic, step="loss-terms")

    # 5. the stationary stochastic term
    p11, p12, p22 = sp.symbols("p_11 p_12 p_22")
    covariance = sp.Matrix([[p11, p12], [p12, p22]])
    lyapunov = r_matrix * covariance * r_matrix.T + noise**2 * direction * direction.T - covariance
    solution = sp.solve(list(lyapunov), [p11, p12, p22], dict=True)[0]
    stationary_covariance = covariance.xreplace(solution).applyfunc(sp.factor)
    d.equation("lyapunov", Kind.SIMPLIFICATION,
               sp.MatAdd(sp.MatMul(r_matrix, stationary_covariance, r_matrix.T),
                         sp.MatMul(noise**2 * direction, direction.T)),
               stationary_covariance,
               "For large `k` the covariance of the error part, `sum_m R^m u u^T (R^m)^T s^2`, "
               "settles where one more step leaves it unchanged: `P = R P R^T + s^2 u u^T`, three "
               "linear equations that solve gives.", uses=("one-step", "moments"))
    stationary = sp.factor(lam / 2 * stationary_covariance[1, 1])
    d.equation("stationary", Kind.SIMPLIFICATION,
               sp.Mul(lam / 2, stationary_covariance[1, 1], evaluate=False), stationary,
               "The stationary stochastic term is `lambda/2` times the `x`-variance: `"
               "alpha s^2 (1 + beta)/(2 (1 - beta)(2 + 2 beta - alpha lambda))`, growing with `"
               "beta`.", uses=("lyapunov",))
    d.result("stationary", stationary, step="stationary")
    return d.build(Witness(
        "Random quadratic `(n = 3)`: the exact expected `f(w^k) - f^*` by propagating the mean "
        "and the "
        "covariance of momentum with isotropic Gaussian errors in mpmath, against the sum "
        "over eigencomponents of the two terms; a seeded Monte Carlo run; the stochastic term "
        "at large `k` against the stationary one.",
        lambda derivation, dps, rng: _witness(derivation.results, dps, rng)))


# -- witness ------------------------------------------------------------------------

def _eigenvalues(alpha, beta, lam):
    """sigma_1, sigma_2 of R (complex when the discriminant is negative)."""
    trace = 1 + beta - alpha * lam
    root = mp.sqrt(mp.mpc(trace**2 - 4 * beta))
    return (trace + root) / 2, (trace - root) / 2


def _terms(results):
    symbols = (S.alpha, S.beta, S.lam, s1, s2, noise, S.k, S.y_0, S.x_0)
    return {name: sp.lambdify(symbols, results[name], "mpmath")
            for name in ("deterministic", "stochastic")}


def _predicted(terms, problem, alpha, beta, sd, steps, w0, z0):
    x0 = problem.eigencoordinates(w0)
    y0 = problem.Q.T * z0
    total = mp.zero
    imaginary = mp.zero
    for i, lam in enumerate(problem.spectrum):
        sigma = _eigenvalues(alpha, beta, lam)
        for name in ("deterministic", "stochastic"):
            value = mp.mpc(terms[name](alpha, beta, lam, *sigma, sd, steps, y0[i], x0[i]))
            total += value.real
            imaginary = max(imaginary, abs(value.imag))
    return total, imaginary


def _exact_expectation(problem, alpha, beta, sd, steps, w0, z0):
    """E f(w^k) - f* by linearity: the mean follows noiseless momentum, the covariance
    of (z, w) follows C -> M C M^T + s^2 B B^T (errors isotropic with variance s^2)."""
    n = problem.n
    eye = mp.eye(n)
    step = mp.matrix(2 * n, 2 * n)
    for r in range(n):
        for col in range(n):
            step[r, col] = beta * eye[r, col]
            step[r, n + col] = problem.A[r, col]
            step[n + r, col] = -alpha * beta * eye[r, col]
            step[n + r, n + col] = eye[r, col] - alpha * problem.A[r, col]
    entry = mp.matrix(2 * n, n)
    for r in range(n):
        entry[r, r] = 1
        entry[n + r, r] = -alpha
    mean = mp.matrix([*z0, *(w0 - problem.w_star)])
    covariance = mp.matrix(2 * n, 2 * n)
    for _ in range(steps):
        mean = step * mean
        covariance = step * covariance * step.T + sd**2 * entry * entry.T
    error = mp.matrix([mean[n + r] for r in range(n)])
    loss = (error.T * problem.A * error)[0] / 2
    loss += sum(problem.A[r, col] * covariance[n + col, n + r]
                for r in range(n) for col in range(n)) / 2
    return loss


def _monte_carlo(problem, alpha, beta, sd, steps, w0, z0, runs, seed):
    """Plain floating point: the mean and standard error of f(w^k) - f*."""
    rng = random.Random(seed)
    n = problem.n
    a = [[float(problem.A[r, c]) for c in range(n)] for r in range(n)]
    b = [float(problem.b[r]) for r in range(n)]
    star = [float(problem.w_star[r]) for r in range(n)]
    al, be, s = float(alpha), float(beta), float(sd)
    q = [[float(problem.Q[r, c]) for c in range(n)] for r in range(n)]
    values = []
    for _ in range(runs):
        w = [float(v) for v in w0]
        zz = [float(v) for v in z0]
        for _ in range(steps):
            noise_eigen = [rng.gauss(0.0, s) for _ in range(n)]
            e = [sum(q[r][c] * noise_eigen[c] for c in range(n)) for r in range(n)]
            grad = [sum(a[r][c] * w[c] for c in range(n)) - b[r] + e[r] for r in range(n)]
            zz = [be * zz[r] + grad[r] for r in range(n)]
            w = [w[r] - al * zz[r] for r in range(n)]
        diff = [w[r] - star[r] for r in range(n)]
        values.append(sum(diff[r] * a[r][c] * diff[c] for r in range(n) for c in range(n)) / 2)
    mean = sum(values) / runs
    variance = sum((v - mean) ** 2 for v in values) / (runs - 1)
    return mean, (variance / runs) ** 0.5


def _witness(results, dps, rng) -> WitnessReport:
    terms = _terms(results)
    spectrum = (mp.mpf("0.05"), mp.mpf(rng.uniform(0.2, 1)), mp.mpf(rng.uniform(1, 2)))
    problem = random_quadratic(rng, spectrum)
    alpha, beta = mp.mpf("0.4"), mp.mpf(rng.uniform(0.5, 0.8))
    sd = mp.mpf(rng.uniform(0.05, 0.3))
    w0, z0 = problem.w_star + random_vector(rng, problem.n), random_vector(rng, problem.n)
    comparisons = []
    regimes = sorted("complex" if (1 + beta - alpha * lam)**2 < 4 * beta else "real"
                     for lam in spectrum)
    for steps in (1, 6, 25):
        exact = _exact_expectation(problem, alpha, beta, sd, steps, w0, z0)
        predicted, imaginary = _predicted(terms, problem, alpha, beta, sd, steps, w0, z0)
        comparisons.append(compare_numbers(
            f"expected `f - f^*` at `k = {steps}`", exact, predicted, dps - 8,
            f"eigenvalue regimes {', '.join(regimes)}; largest imaginary part "
            f"{mp.nstr(imaginary, 3)}"))
    steps, runs = 12, 3000
    exact = _exact_expectation(problem, alpha, beta, sd, steps, w0, z0)
    mean, stderr = _monte_carlo(problem, alpha, beta, sd, steps, w0, z0, runs,
                                rng.randrange(2**32))
    deviation = abs(mean - float(exact)) / stderr
    comparisons.append(Comparison(
        "Monte Carlo", deviation < 4, None,
        f"{runs} seeded runs, `k = {steps}`: mean {mean:.6g}, standard error {stderr:.2g}, "
        f"exact {mp.nstr(exact, 8)}, {deviation:.2f} standard errors apart"))
    stationary = sp.lambdify((S.alpha, S.beta, S.lam, noise), results["stationary"], "mpmath")
    lam = spectrum[1]
    sigma = _eigenvalues(alpha, beta, lam)
    # the stochastic term approaches its limit like max|sigma|^(2k): take k large enough
    # for that tail to be below the working precision, whatever the precision
    decay = -2 * mp.log10(max(abs(s) for s in sigma))
    late_k = int(mp.ceil((dps + 10) / decay))
    late = mp.mpc(terms["stochastic"](alpha, beta, lam, *sigma, sd, late_k, 0, 0)).real
    comparisons.append(compare_numbers(
        f"stationary (`k = {late_k}`)", late, stationary(alpha, beta, lam, sd), dps - 8,
        f"the tail beyond `k = {late_k}` is below the working precision"))
    return WitnessReport("momentum with Gaussian gradient errors on a random quadratic",
                         tuple(comparisons))
