"""The optimal parameters of a method over a spectrum [lambda_1, lambda_n], and their rate.

Problem.  Choose the step size alpha (and the momentum beta, if the method has one) so
that the worst rate over every eigenvalue lambda in [lambda_1, lambda_n] is as small as
possible: minimise max_lambda max |sigma_j(alpha lambda, beta)| (a min-max problem).

Method (a candidate, proved to balance; then certified numerically).  Write
s = sqrt(alpha lambda_1) and kappa = lambda_n / lambda_1, so alpha lambda_n = kappa s^2.

* At the small end of the spectrum take the critical momentum beta*(alpha lambda_1)
  (``<method>-critical-damping``): a double eigenvalue of modulus rho(s), the fastest
  the slow component can go.  A method without momentum has one eigenvalue there,
  rho(s) = sigma_1(s^2) (``<method>-eigenvalues``).
* At the large end the same parameters must do no worse: the balance puts -rho(s)
  among the eigenvalues at lambda_n, that is p(-rho(s)) = 0 for the characteristic
  polynomial p at t = kappa s^2 (``<method>-characteristic-polynomial``).  This is an
  equation in s and kappa; SymPy factors it and ``solve`` gives the candidate s*,
  the root for which the worst rate over the spectrum (computed from the method's own
  iteration matrix) is smallest.
* alpha = s*^2 / lambda_1, beta = beta*(s*^2), rate = rho(s*), each simplified in kappa.
  The other eigenvalue at lambda_n is checked to be no larger in modulus (the product
  of the roots is the constant term).

That the balanced candidate is the global minimum of the worst rate over all (alpha,
beta) is *not* proved here: the witness certifies it numerically at high precision on
a grid of parameters around it and over the spectrum, and reports it as numeric
evidence.

Result.  ``alpha``, ``beta`` (methods with momentum) and ``rate``, functions of
lambda_1, lambda_n (through kappa) and of the method's fixed settings.

Source.  Goh (2017), "Optimal parameters" (the heavy ball); the same min-max for any
method given as data.
"""

from __future__ import annotations

import random

import sympy as sp
from mpmath import mp

from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.domain import Domain, interval
from momentum_sym.kernel.outcome import Comparison, Status, WitnessReport
from momentum_sym.kernel.symbolic import decide_zero
from momentum_sym.methods.run import one_step_matrix, spectral_radius
from momentum_sym.results import symbols as S
from momentum_sym.tactics.common import (
    SIGMA,
    Analysis,
    NotApplicable,
    T,
    in_t,
    proved,
    simplest,
    title,
)
from momentum_sym.tactics.witnesses import draw_parameters, evaluate

FAMILY = "optimal-parameters"
REQUIRES = "an iteration matrix of size at most 2"
s_ = sp.Symbol("s", positive=True)  # sqrt(alpha lambda_1)
KAPPAS = (sp.Rational(10), sp.Rational(100), sp.Rational(7, 2))


def applies(analysis: Analysis) -> bool:
    return analysis.get("iteration-matrix").results["R"].rows <= 2


def _settings(analysis: Analysis) -> tuple[sp.Symbol, ...]:
    method = analysis.method
    return tuple(p.symbol for p in method.parameters
                 if p.symbol not in (method.step_size, method.momentum))


def end_rate(analysis: Analysis) -> tuple[sp.Expr | None, sp.Expr, str]:
    """(beta*(t) or None, rho(t), the id.name of rho) in t = alpha lambda: the choice at
    the small end of the spectrum and the modulus of its eigenvalue there."""
    method = analysis.method
    if method.momentum is None:
        sigma = analysis.get("eigenvalues").results["sigma_1"]
        rho = in_t(sigma, method.step_size)
        return None, rho, analysis.ref("eigenvalues", "sigma_1")
    found = analysis.get("critical-damping").results
    beta_t = in_t(found["beta"], method.step_size)
    rate_t = in_t(found["rate"], method.step_size)
    inner = rate_t.args[0] if isinstance(rate_t, sp.Abs) else rate_t
    small = inner.xreplace({T: sp.Rational(1, 100)}).xreplace(
        {x: sp.Rational(1, 2) for x in inner.free_symbols if x != T})
    rho = inner if small > 0 else -inner
    return beta_t, sp.expand(rho), analysis.ref("critical-damping", "rate")


def scale(rho_t: sp.Expr) -> sp.Expr:
    """c such that rho depends on t only through sqrt(c t) (c = 1 - tau for PyTorch's
    dampening, 1 without square roots); raises :class:`NotApplicable` otherwise."""
    radicals = [p for p in sp.sympify(rho_t).atoms(sp.Pow) if p.exp == sp.Rational(1, 2)]
    if not any(T in p.base.free_symbols for p in radicals):
        return sp.Integer(1)
    product = sp.cancel(sp.Mul(*(p.base for p in radicals)) / T)
    if T in product.free_symbols:
        raise NotApplicable("the rate at the small end of the spectrum is not a function of "
                            "the square root of a multiple of alpha lambda; no closed-form "
                            "balance is derived")
    return product


def _in_s(expr: sp.Expr, c: sp.Expr = sp.S.One) -> sp.Expr:
    """``expr`` at t = s^2/c; square roots of products combined as for positive factors
    (c > 0 wherever the method converges: sqrt(1 - tau) sqrt(1/(1 - tau)) = 1)."""
    return sp.expand(sp.powsimp(sp.expand(expr.xreplace({T: s_**2 / c})), force=True))


def worst_rate(analysis: Analysis, values: dict, lambdas) -> mp.mpf:
    """max over the given eigenvalues of the spectral radius of one step of the method
    (its own rule, no derived formula)."""
    return max(spectral_radius(one_step_matrix(analysis.method, values, lam))
               for lam in lambdas)


def _candidates(analysis: Analysis, equation: sp.Expr) -> list[sp.Expr]:
    """Positive roots in s of the balance equation, from each factor."""
    found = []
    numerator = sp.fraction(sp.factor(equation))[0]
    for factor, _ in sp.factor_list(numerator)[1]:
        if s_ not in factor.free_symbols:
            continue
        try:
            roots = sp.solve(factor, s_, simplify=False)
        except NotImplementedError:
            continue
        # a root of a factor with |...| in it comes as a Piecewise over the signs: each
        # branch is a candidate (chosen numerically below; the step that records the
        # root checks that it is one)
        branches = [b for r in roots for b in
                    ([e for e, _ in r.args] if isinstance(r, sp.Piecewise) else [r])]
        found += [r for r in branches if r not in found and r.is_finite is not False
                  and r is not sp.nan]
    return found


def _numeric_point(analysis: Analysis, kappa: sp.Rational) -> dict:
    rng = random.Random(7)
    values = draw_parameters(analysis.method, rng)
    point = {x: sp.Rational(str(mp.nstr(values[x], 6))) for x in _settings(analysis)}
    point[S.kappa] = kappa
    return point


def _vanishes(value: sp.Expr) -> bool:
    """Whether ``value`` (a factor at a root, a function of kappa) is proved zero for
    every condition number kappa > 1 (the kernel's decision, signs of |...| included;
    a modulus whose sign real algebra proves, |kappa^(-1/2) - 1| say, is opened first)."""
    return sp.simplify(value) == 0 or any(
        decide_zero(form, (S.kappa > 1,), ()).status is Status.PROVED
        for form in dict.fromkeys((value, _moduli_opened(value))))


def _moduli_opened(value: sp.Expr) -> sp.Expr:
    """``value`` with each |x| whose sign is proved for every kappa > 1 written as x or
    -x (a modulus left where the sign is not proved)."""
    def opened(modulus: sp.Abs) -> sp.Expr:
        inside = modulus.args[0]
        if proved(inside >= 0, (S.kappa > 1,)):
            return inside
        if proved(inside <= 0, (S.kappa > 1,)):
            return -inside
        return modulus
    return value.replace(lambda e: isinstance(e, sp.Abs), opened)


def choose(analysis: Analysis, beta_t, c, roots: list[sp.Expr]) -> sp.Expr:
    """The root whose parameters have the smallest worst rate over the spectrum, at a
    few condition numbers (choosing the move; the steps that follow are checked)."""
    method = analysis.method
    best, best_score = None, None
    for root in roots:
        score = mp.mpf(0)
        for kappa in KAPPAS:
            point = _numeric_point(analysis, kappa)
            value = root.xreplace(point)
            if not value.is_real or not value.is_positive:
                score = None
                break
            with mp.workdps(30):
                s_value = mp.mpf(sp.N(value, 30))
                values = {x: mp.mpf(sp.N(v, 30)) for x, v in point.items() if x != S.kappa}
                t_value = s_value**2 / mp.mpf(sp.N(c.xreplace(point), 30))
                values[method.step_size] = t_value  # lambda_1 = 1
                if beta_t is not None:
                    b = beta_t.xreplace({T: sp.Float(str(t_value), 30), **point})
                    b = sp.N(b, 30)
                    if not b.is_real or not 0 <= b < 1:
                        score = None
                        break
                    values[method.momentum] = mp.mpf(b)
                lambdas = [1 + (float(kappa) - 1) * j / 40 for j in range(41)]
                worst = worst_rate(analysis, values, lambdas)
                if worst >= 1:  # some component diverges: no optimum, whatever balances
                    score = None
                    break
                score += worst
        if score is not None and (best_score is None or score < best_score):
            best, best_score = root, score
    if best is None:
        raise NotApplicable(f"{method.name}: no root of the balance equation derived here "
                            "(the fast end's eigenvalue -rho, the negative of the slow end's "
                            "rate, the way the heavy ball's optimum balances them) gives "
                            "convergent parameters; an optimum balanced otherwise (the two "
                            "ends' eigenvalues equal and positive, say) is not derived")
    return best


D_ = sp.Symbol("d", positive=True)  # sqrt(kappa) - 1, in reparametrisations
P_ = sp.Symbol("p", positive=True)  # sqrt(lambda_1)


def domain(analysis: Analysis) -> Domain:
    """The method's parameters, the spectrum lambda_1 < lambda_n (kappa their ratio), s;
    reparametrisations that make sqrt(kappa) and sqrt(lambda) rational."""
    method = analysis.method
    variables = {p.symbol: p.sample for p in method.parameters}
    variables.update({S.lambda_1: interval("1/10", 2), S.lambda_n: interval("1/5", 40),
                      s_: interval("1/100", "99/100"), S.lam: interval("1/10", 10)})
    below_one = {p.symbol: 1 - sp.Dummy(f"u_{p.symbol.name}", positive=True)
                 for p in method.parameters if (p.symbol < 1) in p.constraints
                 and p.symbol != method.momentum}
    return Domain(
        variables=variables, constraints=(*method.constraints, S.lambda_1 < S.lambda_n),
        derived={S.kappa: S.lambda_n / S.lambda_1},
        reparametrisations=(*((below_one,) if below_one else ()),
            {S.lambda_1: P_**2, S.lambda_n: (P_ + D_) ** 2, S.kappa: (P_ + D_) ** 2 / P_**2},
            {S.lambda_n: S.lambda_1 * (1 + D_) ** 2, S.kappa: (1 + D_) ** 2}))


def fraction_form(expr: sp.Expr) -> sp.Expr:
    """One quotient, numerator and denominator factored: (sqrt(kappa) - 1)/(sqrt(kappa)
    + 1) rather than 1 - 2/(sqrt(kappa) + 1)."""
    numerator, denominator = sp.fraction(sp.together(sp.sympify(expr)))
    return sp.factor(numerator) / sp.factor(denominator)


def derive(analysis: Analysis) -> Derivation:
    method = analysis.method
    step, beta = method.step_size, method.momentum
    beta_t, rho_t, rho_ref = end_rate(analysis)
    c = scale(rho_t)
    p = analysis.get("characteristic-polynomial").results["polynomial"]
    p_t = in_t(p, step)
    d = DerivationBuilder(
        analysis.id(FAMILY), title(FAMILY, method),
        source=method.source,
        summary=(f"Over a spectrum [`lambda_1`, `lambda_n`], the parameters of {method.noun} "
                 "that balance the two ends (the slow end critically damped, the fast end "
                 "no worse) give the rate derived here, a function of "
                 "`kappa = lambda_n/lambda_1`. "
                 "That they balance is proved; that nothing does better is certified "
                 "numerically at high precision (numeric evidence, not a proof)."),
        domain=domain(analysis),
        uses=tuple(dict.fromkeys(r.split(".")[0] for r in (
            rho_ref, analysis.ref("characteristic-polynomial", "polynomial")))))
    d.name("s", "the square root of `alpha lambda_1`")
    d.name("kappa", "the condition number `lambda_n / lambda_1`")
    d.name("rho", "the rate at the small end of the spectrum")
    d.add("variables", Kind.DEFINITION, sp.And(
        sp.Eq(s_, sp.sqrt(c * step * S.lambda_1)), sp.Eq(S.kappa, S.lambda_n / S.lambda_1)),
        "Measure the step size at the small end by `s`, the square root through which the "
        "rate there depends on it; then `alpha lambda_n = kappa alpha lambda_1`.")
    rho_s = sp.factor(_in_s(rho_t, c))
    at_slow_end = (sp.Eq(s_, sp.sqrt(c * step * S.lambda_1)),)
    if beta_t is None:
        d.equation("slow-end", Kind.SUBSTITUTION, rho_t.xreplace({T: step * S.lambda_1}),
                   rho_s,
                   "At `lambda_1` the one eigenvalue is `sigma_1(alpha lambda_1)`, positive for a "
                   "small step: the rate of the slowest component is `rho = 1 - s^2`.",
                   uses=(rho_ref, "variables"), assumptions=at_slow_end)
        beta_s = None
    else:
        beta_s = simplest(_in_s(beta_t, c))
        d.equation("slow-end", Kind.SUBSTITUTION,
                   sp.Matrix([beta_t.xreplace({T: step * S.lambda_1}),
                              rho_t.xreplace({T: step * S.lambda_1})]),
                   sp.Matrix([beta_s, rho_s]),
                   "At `lambda_1` take the critical momentum for `alpha lambda_1 = s^2`: the "
                   "slowest component gets a double eigenvalue, of modulus `rho`.",
                   uses=(analysis.ref("critical-damping", "beta"), rho_ref, "variables"),
                   assumptions=at_slow_end)
    fast = p_t.xreplace({T: S.kappa * s_**2 / c})
    if beta_s is not None:
        fast = fast.xreplace({beta: beta_s})
    rho = sp.Symbol("rho", positive=True)
    shown = sp.collect(sp.expand(fast.xreplace({SIGMA: -rho})), rho)
    balance = sp.factor(sp.together(sp.expand(fast.xreplace({SIGMA: -rho_s}))))
    d.equation("fast-end", Kind.SUBSTITUTION, shown, balance,
               "At `lambda_n`, with the same parameters `(alpha lambda_n = kappa s^2)`, the "
               "worst the fast component may do is an eigenvalue `-rho`: put `sigma = -rho` "
               "into the characteristic polynomial there.",
               uses=(analysis.ref("characteristic-polynomial", "polynomial"), "slow-end"),
               assumptions=(sp.Eq(rho, rho_s),))
    roots = _candidates(analysis, balance)
    s_star = choose(analysis, beta_t, c, roots)
    s_star = simplest(s_star)
    numerator = sp.fraction(balance)[0]
    factor = next((f for f, _ in sp.factor_list(numerator)[1]
                   if s_ in f.free_symbols and _vanishes(f.xreplace({s_: s_star}))), None)
    if factor is None:
        raise NotApplicable(f"{analysis.method.name}: the chosen root of the balance "
                            "equation could not be proved a root of one of its factors")
    d.solve("balance", sp.Eq(factor, 0), s_, s_star,
            "The balance: `-rho` is an eigenvalue at `lambda_n` exactly when this factor "
            "vanishes; of its roots, this one gives the smallest worst rate (the others "
            "leave the spectrum unbalanced or diverge).", uses=("fast-end",))
    kappa_pos = (S.kappa > 1,)
    alpha_value = simplest(sp.factor(s_star**2 / (c * S.lambda_1)))
    d.solve("alpha", sp.Eq(s_star, sp.sqrt(c * step * S.lambda_1)), step, alpha_value,
            "Back from `s` to the step size.",
            uses=("balance", "variables"), assumptions=kappa_pos)
    in_lambdas = simplest(alpha_value.xreplace({S.kappa: S.lambda_n / S.lambda_1}))
    d.equation("alpha-lambdas", Kind.SUBSTITUTION, alpha_value, in_lambdas,
               "The same step size in the two ends of the spectrum.",
               uses=("alpha",), assumptions=(sp.Eq(S.kappa, S.lambda_n / S.lambda_1),))
    d.result("alpha", in_lambdas, step="alpha-lambdas")
    rate = fraction_form(simplest(_moduli_opened(rho_s.xreplace({s_: s_star}))))
    with sp.evaluate(False):  # s* put in, before the arithmetic
        rate_at = rho_s.xreplace({s_: s_star})
    d.equation("rate", Kind.SUBSTITUTION, rate_at, rate,
               "The rate: `rho` at the balanced `s`, a function of `kappa` alone.",
               uses=("slow-end", "balance"), assumptions=kappa_pos)
    if beta_s is not None:
        beta_value = fraction_form(simplest(beta_s.xreplace({s_: s_star})))
        with sp.evaluate(False):
            beta_at = beta_s.xreplace({s_: s_star})
        d.equation("beta", Kind.SUBSTITUTION, beta_at, beta_value,
                   "The momentum: the critical momentum at the balanced `s`.",
                   uses=("slow-end", "balance"), assumptions=kappa_pos)
        d.result("beta", beta_value, step="beta")
    d.result("rate", rate, step="rate")
    # the other eigenvalue at lambda_n: product of the roots = constant term
    poly = sp.Poly(fast, SIGMA)
    constant = poly.coeff_monomial(1) / poly.LC()
    constant = simplest(constant.xreplace({s_: s_star}))
    if poly.degree() == 2:
        d.add("other-root", Kind.INEQUALITY, sp.Le(sp.Abs(constant), rate**2, evaluate=False),
              "The other eigenvalue at `lambda_n` is the constant term divided by `-rho`; its "
              "modulus is at most `rho` exactly when the constant term is at most `rho^2` in "
              "modulus, so the fast end is no worse than the slow one.",
              uses=("fast-end", "balance", "rate"),
              assumptions=kappa_pos)
    d.add("rate-below-one", Kind.INEQUALITY, sp.Lt(rate, 1, evaluate=False),
          "The balanced rate is below 1: the method converges on the whole spectrum.",
          uses=("rate",), assumptions=kappa_pos)
    return d.build(Witness(
        f"Certify numerically, at high precision, that the derived parameters of "
        f"{method.noun} are the best: at `kappa = 10` and 100 the worst spectral radius of "
        "one step of the method's own rule over 201 eigenvalues in [`lambda_1`, `lambda_n`] "
        "equals the derived rate, and no point of a grid of (`alpha`, `beta`) around the "
        "candidate does better (numeric evidence of global optimality, not a proof).",
        lambda derivation, dps, rng: _witness(analysis, derivation, dps, rng)))


def _witness(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    with mp.workdps(max(dps, 30)):
        return _run(analysis, derivation, dps, rng)


def _run(analysis: Analysis, derivation, dps, rng) -> WitnessReport:
    method = analysis.method
    step, beta = method.step_size, method.momentum
    comparisons = []
    settings = draw_parameters(method, rng)
    for kappa in (mp.mpf(10), mp.mpf(100)):
        point = {x: settings[x] for x in _settings(analysis)}
        point.update({S.lambda_1: mp.one, S.lambda_n: kappa, S.kappa: kappa})
        alpha = evaluate(derivation.results["alpha"], point)
        rate = evaluate(derivation.results["rate"], point)
        values = {**{x: point[x] for x in _settings(analysis)}, step: alpha}
        if beta is not None:
            values[beta] = evaluate(derivation.results["beta"], point)
        lambdas = [1 + (kappa - 1) * j / 200 for j in range(201)]
        worst = worst_rate(analysis, values, lambdas)
        # relative to the larger of the two: a derived rate of 0 is no division by zero
        scale = max(abs(worst), abs(rate))
        agree = abs(worst - rate) / scale if scale else mp.zero
        digits = float(dps) if agree == 0 else min(float(dps), float(-mp.log10(agree)))
        # near a double eigenvalue the spectral radius loses half the digits
        comparisons.append(Comparison(
            f"worst rate at `kappa = {mp.nstr(kappa, 3)}`", digits >= dps / 2 - 8, digits,
            "`max` over 201 eigenvalues of the spectral radius of one step against the "
            "derived rate"))
        better = []
        coarse = [lambdas[j] for j in range(0, 201, 8)] + [lambdas[-1]]
        for da in (-2, -1, 0, 1, 2):
            for db in ((-2, -1, 0, 1, 2) if beta is not None else (0,)):
                if da == 0 and db == 0:
                    continue
                trial = dict(values)
                trial[step] = alpha * (1 + mp.mpf(da) / 100)
                if beta is not None:
                    trial[beta] = values[beta] + mp.mpf(db) / 200
                    if not 0 <= trial[beta] < 1:
                        continue
                if worst_rate(analysis, trial, coarse) < rate * (1 - mp.mpf(10) ** -12):
                    better.append((da, db))
        comparisons.append(Comparison(
            f"no better neighbour at `kappa = {mp.nstr(kappa, 3)}` (numeric evidence)",
            not better, None,
            "`alpha` within 2% either way, `beta` within 0.01 either way: no grid point has a "
            "smaller worst rate"
            + (f"; better at {better}" if better else "")))
    return WitnessReport(f"{method.title}: the derived optimum against the method's own "
                         "spectral radius over the spectrum", tuple(comparisons))
