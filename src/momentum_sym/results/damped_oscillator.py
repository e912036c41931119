"""Momentum as a discretised damped harmonic oscillator.

Problem.  Momentum on one eigencomponent, y^{k+1} = beta y^k + lambda x^k,
x^{k+1} = x^k - alpha y^{k+1}.  In what limit is this a physical simulation of
a mass on a spring with friction, and does critical damping of the iteration
match critical damping of the oscillator?

Derivation.  Solve the position update of the previous step for the velocity,
y^k = (x^{k-1} - x^k)/alpha, and substitute: the two-step recurrence
x^{k+1} = x^k - alpha lambda x^k + beta (x^k - x^{k-1}).  Scale alpha = h^2 and
beta = 1 - c h and read the iterates as samples x^k = x(t), x^{k+-1} = x(t +- h)
of a smooth curve; expand with ``series`` (Taylor with a Lagrange remainder),
collect powers of h and take the ``limit`` of the residual over h^2.  The
exponential trial solution gives the characteristic polynomial; ``solve`` on its
``discriminant`` gives the critical friction.  Independently, ``solve`` on the
discriminant of the recurrence's own characteristic polynomial gives the
critical momentum (equal to ``critical-damping``'s beta), and an expansion in h
compares the two.

Results.  ``ode``: x'' + c x' + lambda x = 0, the damped oscillator with
friction c = (1 - beta)/sqrt(alpha), time t = k sqrt(alpha) and velocity
x' = -sqrt(alpha) y; ``critical_friction`` = 2 sqrt(lambda).  The critical
momentum (1 - sqrt(alpha lambda))^2 = 1 - 2 sqrt(lambda) h + lambda h^2 equals
1 - c h at the critical friction up to the term lambda h^2: they agree to first
order in h.

Source.  Goh, "Why Momentum Really Works", section "The Critical Damping
Coefficient" (the physical interpretation, the spring analogy and its figure).
The article's "we can think of -y_i^k as velocity" holds up to the scale
sqrt(alpha): the velocity of the limiting curve is -sqrt(alpha) y.
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.domain import Domain, interval
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.witness.checks import compare_numbers

ID = "damped-oscillator"
CRITICAL_DAMPING = "critical-damping"

h = sp.Symbol("h", positive=True)  # the time step
c = sp.Symbol("c", positive=True)  # the friction coefficient
r = sp.Symbol("r")  # exponent of the trial solution e^{r t}
z = sp.Symbol("z")  # variable of the recurrence's characteristic polynomial
time = S.t  # continuous time
curve = sp.Function("x")  # the limiting curve x(t)
x_prev, x_now, x_next = (sp.Symbol(f"x^{{{j}}}", real=True) for j in ("k-1", "k", "k+1"))
y_now, y_next = sp.Symbol("y^{k}", real=True), sp.Symbol("y^{k+1}", real=True)
# x(t), x'(t), x''(t) and the third derivative at the intermediate points of Taylor's theorem
X0, X1, X2 = (sp.Symbol(name, real=True) for name in ("x(t)", "x'(t)", "x''(t)"))
X3_plus = sp.Symbol(r"x'''(\xi_{+})", real=True)
X3_minus = sp.Symbol(r"x'''(\xi_{-})", real=True)
X3_PLUS_MINUS = r"x'''(\xi_{\pm})"  # both at once, in the notation list


def domain() -> Domain:
    states = {s: interval(-2, 2) for s in (x_prev, x_now, x_next, y_now, y_next, X0, X1, X2,
                                           X3_plus, X3_minus, r, z)}
    return Domain(variables={
        S.alpha: interval("1/100", 1), S.beta: interval(0, "99/100"),
        S.lam: interval("1/10", 10), h: interval("1/1000", "1/2"), c: interval("1/10", 5),
        time: interval(0, 3), **states})


def _taylor(step: sp.Expr, remainder: sp.Symbol) -> sp.Expr:
    """x(t + step) by SymPy's series to second order, with the Lagrange remainder
    step^3/6 x'''(xi), and derivatives written as the symbols X0, X1, X2."""
    series = sp.series(curve(time + h), h, 0, 3).removeO().doit()
    names = {curve(time).diff(time, 2): X2, curve(time).diff(time): X1, curve(time): X0}
    polynomial = series.xreplace(names).xreplace({h: step})
    return polynomial + step**3 / 6 * remainder


def derive():
    alpha, beta, lam = S.alpha, S.beta, S.lam
    d = DerivationBuilder(
        ID, "Momentum as a damped harmonic oscillator",
        source="Goh (2017), The Critical Damping Coefficient (the physical interpretation)",
        summary=("With step size `alpha = h^2` and momentum `beta = 1 - c h`, the iterates of "
                 "momentum are samples at spacing `h` of the damped oscillator "
                 "`x'' + c x' + lambda x = 0`: a mass on a spring of stiffness `lambda` with "
                 "friction `c`. The oscillator is critically damped at `c = 2 sqrt(lambda)`, and "
                 "the article's critical momentum `(1 - sqrt(alpha lambda))^2` is `1 - 2 sqrt("
                 "lambda) h` to first order in `h`: the two notions of critical damping agree."),
        domain=domain(), uses=(CRITICAL_DAMPING,))
    d.name("h", "the time step: `alpha = h^2`, iterate `k` sits at time `t = k h`")
    d.name("c", "the friction coefficient: `beta = 1 - c h`")
    d.name(X3_PLUS_MINUS, "the third derivative at a point between `t` and `t +- h` (Taylor)")

    d.add("update", Kind.DEFINITION, sp.And(
        sp.Eq(y_next, beta * y_now + lam * x_now), sp.Eq(x_next, x_now - alpha * y_next)),
        "Momentum on one eigencomponent: the velocity-like `y` is damped by `beta` and pushed by "
        "the spring force `lambda x`; the position `x` moves against it.")
    previous = sp.Eq(x_now, x_prev - alpha * y_now)
    (velocity,) = sp.solve(previous, y_now)
    d.solve("velocity", previous, y_now, velocity,
            "The position update one step earlier, `x^k = x^{k-1} - alpha y^k`, gives `y^k` as a "
            "difference of positions.", uses=("update",))
    two_step_raw = x_now - alpha * (beta * y_now + lam * x_now)
    two_step = sp.collect(sp.expand(two_step_raw.xreplace({y_now: velocity})), [x_now, x_prev])
    d.equation("two-step", Kind.SUBSTITUTION, two_step_raw, two_step,
               "Put the velocity update and `y^k` into the position update: a recurrence in "
               "positions alone, `x^{k+1} = x^k - alpha lambda x^k + beta (x^k - x^{k-1})`.",
               uses=("update", "velocity"), assumptions=(sp.Eq(y_now, velocity),))
    scaling = {alpha: h**2, beta: 1 - c * h}
    d.add("scaling", Kind.ANSATZ, sp.And(*(sp.Eq(k, v) for k, v in scaling.items())),
          "Suppose the step size shrinks like `h^2` and the momentum tends to 1 like `1 - c h`, "
          "and read `x^k` as the value `x(t)` at `t = k h` of a smooth curve; the next steps prove "
          "this is the right scaling, because it leaves a finite limit.")
    plus, minus = _taylor(h, X3_plus), _taylor(-h, X3_minus)
    d.add("taylor", Kind.DEFINITION, sp.And(
        sp.Eq(x_next, plus), sp.Eq(x_prev, minus), sp.Eq(x_now, X0)),
        "Taylor's theorem (SymPy's series to second order, Lagrange remainder): the "
        "neighbouring iterates are the curve at `t + h` and `t - h`.", uses=("scaling",),
        series_in=(h,))
    residual = x_next - two_step
    substitution = {x_next: plus, x_prev: minus, x_now: X0, **scaling}
    collected = sp.collect(sp.expand(residual.xreplace(substitution)), h)
    d.equation("residual", Kind.EXPANSION, residual, collected,
               "Substitute the scaling and the expansions into `x^{k+1}` minus the right side of "
               "the recurrence and collect powers of `h`: the terms of order 1 and `h` cancel.",
               uses=("two-step", "scaling", "taylor"),
               assumptions=tuple(sp.Eq(k, v) for k, v in substitution.items()),
               series_in=(h,))
    leading = sp.limit(collected / h**2, h, 0)
    d.equation("limit", Kind.LIMIT, sp.Limit(collected / h**2, h, 0), leading,
               "Divide by `h^2` and let `h` tend to 0: the remainders are multiplied by `h` and "
               "vanish, leaving `x'' + c x' + lambda x`.", uses=("residual",), series_in=(h,))
    derivatives = {X0: curve(time), X1: curve(time).diff(time), X2: curve(time).diff(time, 2)}
    ode_lhs = leading.xreplace(derivatives)
    d.result("ode", sp.Eq(ode_lhs, 0), step="limit", rename=derivatives)
    trial = ode_lhs.xreplace({curve(time): sp.exp(r * time)})
    characteristic = sp.expand(sp.simplify(trial.doit() * sp.exp(-r * time)))
    d.equation("characteristic", Kind.DIFFERENTIATION, trial * sp.exp(-r * time),
               characteristic,
               "The residual vanishes for every `t`, so `x(t)` solves the damped oscillator "
               "`x'' + c x' + lambda x = 0`; try `x = e^{r t}`: each derivative brings a "
               "factor `"
               "r`, leaving the characteristic polynomial.", uses=("limit",), written_in=(r,))
    discriminant = sp.discriminant(characteristic, r)
    equation = sp.Eq(discriminant, 0)
    (critical,) = sp.solve(equation, c)
    d.solve("critical-friction", equation, c, critical,
            "The oscillator is critically damped when the two roots of `r^2 + c r + lambda` "
            "coincide, so its discriminant `c^2 - 4 lambda` vanishes: `c = 2 sqrt(lambda) "
            "(c > 0)`.", uses=("characteristic",))
    d.result("critical_friction", critical, step="critical-friction")

    # the article's critical damping, from the recurrence itself
    recurrence_poly = sp.collect(sp.expand(z**2 - two_step.xreplace({x_now: z, x_prev: 1})), z)
    d.equation("recurrence-poly", Kind.SUBSTITUTION, x_next - two_step,
               recurrence_poly,
               "Trying `x^k = z^k` in the two-step recurrence (divide by `z^{k-1}`) gives its "
               "characteristic polynomial, the same as that of the matrix `R`.",
               uses=("two-step",),
               assumptions=(sp.Eq(x_next, z**2), sp.Eq(x_now, z), sp.Eq(x_prev, 1)),
               written_in=(z,))
    damping_equation = sp.Eq(sp.discriminant(recurrence_poly, z), 0)
    solutions = sp.solve(damping_equation, beta)
    below_one = [b for b in solutions
                 if (b - 1).xreplace({alpha: sp.Rational(1, 4), lam: 1}).is_negative]
    (critical_beta,) = below_one
    d.solve("critical-damping", damping_equation, beta, critical_beta,
            "The iteration is critically damped when the roots of its characteristic "
            "polynomial coincide: the discriminant vanishes at `beta = (1 +- sqrt(alpha "
            "lambda))^2`, and the root below 1 is `(1 - sqrt(alpha lambda))^2`.",
            uses=("recurrence-poly",))
    article = momentum_sym.get(CRITICAL_DAMPING).results["beta"]
    d.equation("article-critical", Kind.SIMPLIFICATION, critical_beta, article,
               "The same critical momentum as the article's, found there from the "
               "discriminant of the iteration matrix `R`.",
               uses=("critical-damping", f"{CRITICAL_DAMPING}.beta"))
    # the article's square, (h sqrt(lambda) - 1)^2 once alpha = h^2 (h > 0), as compared
    critical_in_h = article.xreplace({alpha: h**2})
    friction_beta = (1 - c * h).xreplace({c: critical})
    difference = sp.expand(critical_in_h - friction_beta)
    with sp.evaluate(False):  # the two momenta side by side, before the arithmetic
        compared = critical_in_h - friction_beta
    d.equation("compare", Kind.EXPANSION, compared, difference,
               "With `alpha = h^2`, the critical momentum `(1 - h sqrt(lambda))^2` minus the "
               "momentum `1 - c h` at the critical friction is `lambda h^2`.",
               uses=("article-critical", "critical-friction", "scaling"))
    first_order = sp.limit(difference / h, h, 0)
    d.equation("first-order", Kind.LIMIT, sp.Limit(difference / h, h, 0), first_order,
               "Divided by `h` the difference still tends to 0: the two critical dampings agree "
               "to first order in `h`.", uses=("compare",))
    return d.build(Witness(
        "Integrate `x'' + c x' + lambda x = 0` with mpmath's odefun and compare with the "
        "critically damped solution from dsolve, and with momentum run at `alpha = h^2`, `"
        "beta = 1 - c h` for shrinking `h` (first-order convergence).",
        lambda derivation, dps, rng: _witness(derivation.results, dps, rng)))


def _momentum_positions(alpha, beta, lam, x0, y0, steps):
    x, y = x0, y0
    for _ in range(steps):
        y = beta * y + lam * x
        x = x - alpha * y
    return x


def _witness(results, dps, rng) -> WitnessReport:
    lam = mp.mpf(rng.randint(5, 40)) / 10
    x0, v0 = mp.mpf(rng.uniform(0.5, 1.5)), mp.mpf(rng.uniform(-1, 1))
    ode_lhs = results["ode"].lhs
    c_critical = sp.lambdify(S.lam, results["critical_friction"], "mpmath")(lam)
    comparisons = []
    # 1. the critically damped ODE: numerical integration against dsolve
    critical_ode = ode_lhs.xreplace({c: results["critical_friction"]})
    start, speed = sp.Symbol("x_0", real=True), sp.Symbol("v_0", real=True)
    solution = sp.dsolve(critical_ode, curve(time), ics={
        curve(0): start, curve(time).diff(time).subs(time, 0): speed}).rhs
    closed = sp.lambdify((time, S.lam, start, speed), solution, "mpmath")
    numeric = _integrate(c_critical, lam, x0, v0)
    for when in (1, 2):
        comparisons.append(compare_numbers(
            f"critical ODE at `t = {when}`", numeric(when)[0], closed(when, lam, x0, v0), dps - 8,
            "mpmath odefun against dsolve"))
    # 2. momentum with alpha = h^2, beta = 1 - c h converges to the ODE, to first order
    friction = mp.mpf(rng.randint(5, 30)) / 10
    flow = _integrate(friction, lam, x0, v0)
    target = flow(1)[0]
    errors = []
    for steps in (100, 200, 400):
        step = mp.one / steps
        x = _momentum_positions(step**2, 1 - friction * step, lam, x0, -v0 / step, steps)
        errors.append(abs(x - target))
    ratios = [errors[j] / errors[j + 1] for j in range(2)]
    comparisons.append(Comparison(
        "momentum tends to the ODE, first order", all(1.7 < q < 2.3 for q in ratios)
        and errors[-1] < mp.mpf("0.02") * max(1, abs(target)), None,
        f"`c = {mp.nstr(friction, 3)}`: `|x^N - x(1)|` = "
        + ", ".join(mp.nstr(e, 3) for e in errors) + " for `h = 1/100`, 1/200, 1/400 "
        f"(ratios {', '.join(mp.nstr(q, 3) for q in ratios)})"))
    return WitnessReport("the damped oscillator against dsolve and against momentum",
                         tuple(comparisons))


def _integrate(friction, lam, x0, v0):
    return mp.odefun(lambda _t, state: [state[1], -friction * state[1] - lam * state[0]],
                     0, [x0, v0])
