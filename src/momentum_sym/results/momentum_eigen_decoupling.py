"""Momentum in the eigenbasis: n independent two-dimensional recurrences.

Problem.  Momentum on f(w) = 1/2 w^T A w - b^T w with A = Q Lambda Q^T:
z^{k+1} = beta z^k + grad f(w^k),  w^{k+1} = w^k - alpha z^{k+1}.

Derivation.  Change basis with x^k = Q^T (w^k - w*) and y^k = Q^T z^k (the
same change of basis as for gradient descent; the article prints Q where Q^T
is meant).  Substitute w^k = Q x^k + w*, z^k = Q y^k, b = A w* and
A = Q Lambda Q^T into the update, expand, and cancel Q^T Q = I: the matrix
recurrences y^{k+1} = beta y^k + Lambda x^k and x^{k+1} = x^k - alpha y^{k+1}.
Lambda is diagonal, so component i only involves lambda_i.  Collect the
unknowns of step k+1 on the left: a lower-triangular system
[1 0; alpha 1] (y, x)^{k+1} = [beta lambda; 0 1] (y, x)^k, inverted by SymPy.

Results.  ``y_next`` = beta y_i^k + lambda x_i^k;
``x_next`` = -alpha beta y_i^k + (1 - alpha lambda) x_i^k (per eigenvalue lambda).

Source.  Goh, "Why Momentum Really Works", section "The Dynamics of Momentum";
d2l.ai, "Momentum", section "Quadratic Convex Functions".
"""

import sympy as sp
from mpmath import mp

import momentum_sym
from momentum_sym.kernel import DerivationBuilder, Kind, Witness
from momentum_sym.kernel.matrices import read_component
from momentum_sym.kernel.outcome import Comparison, WitnessReport
from momentum_sym.results import symbols as S
from momentum_sym.results.quadratic_model import instance_domain, quadratic_model
from momentum_sym.witness.momentum_coordinates import eigen_trajectory
from momentum_sym.witness.quadratic import random_spectrum

ID = "momentum-eigen-decoupling"

Q, A, LAM = S.Q, S.A, S.Lambda


def _cancel_orthogonal(expr: sp.Basic) -> sp.Basic:
    """Replace every product Q^T Q by the identity."""
    return expr.subs(Q.T * Q, S.I_n).doit()


def derive():
    gradient = momentum_sym.get("quadratic-optimum").results["gradient"].xreplace({S.w: S.w_k})
    z_update = S.beta * S.z_k + gradient
    w_update = S.w_k - S.alpha * S.z_next
    x_of = lambda w: Q.T * (w - S.w_star)  # noqa: E731 - the change of basis
    model = quadratic_model(vectors=(S.w_k, S.z_k, S.w_star), definitions=(
        (S.b, A * S.w_star), (S.z_next, z_update), (S.w_next, w_update),
        (S.x_vec, x_of(S.w_k)), (S.y_vec, Q.T * S.z_k),
        (S.x_vec_next, x_of(S.w_next)), (S.y_vec_next, Q.T * S.z_next)),
        components={S.x_vec: S.x_comp, S.y_vec: S.y_comp, S.x_vec_next: S.x_comp_next,
                    S.y_vec_next: S.y_comp_next})
    d = DerivationBuilder(
        ID, "Momentum decouples in the eigenbasis",
        source="Goh (2017), The Dynamics of Momentum; d2l.ai, Momentum (quadratic case)",
        summary=("In the coordinates `x = Q^T (w - w*)`, `y = Q^T z` the momentum update splits "
                 "into `n` independent pairs (`y_i`, `x_i`): each pair obeys a lower-triangular "
                 "system whose inverse gives `y_i^{k+1} = beta y_i^k + lambda_i x_i^k` and `"
                 "x_i^{k+1} = -alpha beta y_i^k + (1 - alpha lambda_i) x_i^k`."),
        domain=instance_domain(), model=model, uses=("quadratic-optimum",))

    d.equation("velocity-update", Kind.DEFINITION, S.z_next, z_update,
               "The momentum update: the new velocity is `beta` times the old one plus the "
               "gradient `A w - b` of the quadratic at `w^k`.",
               uses=("quadratic-optimum.gradient",))
    d.equation("position-update", Kind.DEFINITION, S.w_next, w_update,
               "The position moves a step `alpha` against the new velocity.")
    d.equation("x-coordinates", Kind.DEFINITION, S.x_vec, x_of(S.w_k),
               "Measure the error `w^k - w*` along the eigenvectors of `A`: its coordinates are `"
               "Q^T (w^k - w*)` (the same definition at every `k`).")
    d.equation("y-coordinates", Kind.DEFINITION, S.y_vec, Q.T * S.z_k,
               "Measure the velocity along the same eigenvectors.")
    d.equation("optimum", Kind.DEFINITION, S.b, A * S.w_star,
               "Describe the quadratic by its optimum: `w* = A^{-1} b` (quadratic-optimum), so `"
               "b = A w*`.", uses=("quadratic-optimum.w_star",))
    back_w, back_z = Q * S.x_vec + S.w_star, Q * S.y_vec
    d.equation("back-w", Kind.MATRIX, S.w_k, back_w,
               "`Q` is orthogonal, `Q Q^T = I`, so multiplying `x^k = Q^T (w^k - w*)` by `Q` gives "
               "back `w^k - w*`.", uses=("x-coordinates",))
    d.equation("back-z", Kind.MATRIX, S.z_k, back_z,
               "Likewise `Q y^k = Q Q^T z^k = z^k`.", uses=("y-coordinates",))

    # y^{k+1} = Q^T z^{k+1}
    y_sub = (Q.T * z_update).xreplace({S.b: A * S.w_star}).xreplace(
        {S.w_k: back_w, S.z_k: back_z, A: Q * LAM * Q.T})
    d.equation("y-substitute", Kind.MATRIX, S.y_vec_next, y_sub,
               "Write `y^{k+1} = Q^T z^{k+1}` with the velocity update, then replace `b` by `A "
               "w*`, `"
               "w^k` and `z^k` by their eigencoordinates and `A` by `Q Lambda Q^T`.",
               uses=("velocity-update", "optimum", "back-w", "back-z"))
    y_expanded = sp.expand(y_sub)
    d.equation("y-expand", Kind.MATRIX, y_sub, y_expanded,
               "Multiply out: the two terms with `w*` are equal and opposite, so they cancel.",
               uses=("y-substitute",))
    y_vector = _cancel_orthogonal(y_expanded)
    d.equation("y-orthogonal", Kind.MATRIX, y_expanded, y_vector,
               "`Q^T Q = I` removes every rotation: the velocity recurrence in the eigenbasis.",
               uses=("y-expand",))

    # x^{k+1} = Q^T (w^{k+1} - w*)
    x_sub = x_of(w_update).xreplace({S.w_k: back_w, S.z_next: Q * S.y_vec_next})
    d.equation("x-substitute", Kind.MATRIX, S.x_vec_next, x_sub,
               "Write `x^{k+1} = Q^T (w^{k+1} - w*)` with the position update, and replace `w^k` "
               "and `z^{k+1}` by their eigencoordinates.",
               uses=("position-update", "back-w", "y-coordinates"))
    x_vector = _cancel_orthogonal(sp.expand(x_sub))
    d.equation("x-orthogonal", Kind.MATRIX, x_sub, x_vector,
               "Multiply out; `w*` cancels and `Q^T Q = I`, leaving the position recurrence.",
               uses=("x-substitute",))

    # component i: Lambda is diagonal
    entries = {S.x_vec: S.x_comp[S.i], S.y_vec: S.y_comp[S.i], S.Lambda: S.lambdas[S.i],
               S.y_vec_next: S.y_comp_next[S.i]}
    y_component = read_component(y_vector, entries)
    d.equation("y-component", Kind.MATRIX, S.y_comp_next[S.i], y_component,
               "Read off component `i`; `Lambda` is diagonal, so component `i` of `Lambda x^k` is `"
               "lambda_i x_i^k`: no other component enters.", uses=("y-orthogonal",))
    x_component = read_component(x_vector, entries)
    d.equation("x-component", Kind.MATRIX, S.x_comp_next[S.i], x_component,
               "Component `i` of the position recurrence involves only `y_i` and `x_i`.",
               uses=("x-orthogonal",))

    # the lower-triangular system for (y_i, x_i)
    new = sp.Matrix([S.y_comp_next[S.i], S.x_comp_next[S.i]])
    old = sp.Matrix([S.y_comp[S.i], S.x_comp[S.i]])
    equations = [sp.Eq(S.y_comp_next[S.i], y_component),
                 sp.Eq(S.x_comp_next[S.i], x_component)]
    lower, rest = sp.linear_eq_to_matrix(equations, list(new))
    upper, _ = sp.linear_eq_to_matrix(list(rest), list(old))
    d.equation("system", Kind.MATRIX, sp.MatMul(lower, new), sp.MatMul(upper, old),
               "Move the unknowns of step `k+1` to the left and those of step `k` to the right: "
               "a lower-triangular 2x2 system for each eigenvalue.",
               uses=("y-component", "x-component"))
    inverse = lower.inv()
    d.equation("invert", Kind.MATRIX, new, sp.MatMul(inverse, upper, old),
               "A unit lower-triangular matrix is inverted by flipping the sign below the "
               "diagonal; multiply both sides by that inverse.", uses=("system",))
    explicit = (inverse * upper * old).applyfunc(sp.expand)
    d.equation("multiply", Kind.MATRIX, new, explicit,
               "Multiply out: each new coordinate is an explicit combination of the old ones.",
               uses=("invert",))

    scalars = {S.y_comp[S.i]: S.y_k, S.x_comp[S.i]: S.x_k, S.lambdas[S.i]: S.lam}
    d.result("y_next", sp.collect(explicit[0].xreplace(scalars), [S.y_k, S.x_k]),
             step="multiply", rename=scalars)
    d.result("x_next", sp.collect(explicit[1].xreplace(scalars), [S.y_k, S.x_k]),
             step="multiply", rename=scalars)
    d.name("lambda", "the eigenvalue `lambda_i = Lambda_ii` of the component")
    d.name("x_i^k, y_i^k", "component `i` of `x^k = Q^T (w^k - w*)` and `y^k = Q^T z^k`")
    return d.build(Witness(
        "Run momentum on a random quadratic `(n = 5)`, rotate each iterate into the eigenbasis "
        "(`w*` by LU solve) and compare each coordinate at `k+1` with `y^+` and `x^+` "
        "at `k`.",
        _witness))


def _witness(derivation, dps, rng):
    results = derivation.results
    spectrum = random_spectrum(rng, 5, 0.1, 3)
    alpha, beta = mp.mpf(rng.uniform(0.2, 0.5)), mp.mpf(rng.uniform(0.3, 0.95))
    steps = 25
    run = eigen_trajectory(rng, spectrum, alpha, beta, steps)
    symbols = (S.alpha, S.beta, S.lam, S.y_k, S.x_k)
    comparisons = []
    for name, label, coordinate in (("y_next", "`y^+`", run.y), ("x_next", "`x^+`", run.x)):
        f = sp.lambdify(symbols, results[name], "mpmath")
        worst = mp.inf
        for kk in range(steps):
            for j, lam in enumerate(run.problem.spectrum):
                predicted = f(alpha, beta, lam, run.y[kk][j], run.x[kk][j])
                observed = coordinate[kk + 1][j]
                scale = max(abs(observed), abs(run.y[kk][j]), abs(run.x[kk][j]))
                error = abs(predicted - observed)
                digits = dps if error == 0 else float(-mp.log10(error / scale))
                worst = min(worst, digits)
        worst = min(float(worst), float(dps))
        comparisons.append(Comparison(label, worst >= dps - 5, worst,
                                      f"worst agreement over {steps} steps and 5 "
                                      "eigencomponents"))
    return WitnessReport("momentum iterates in eigencoordinates against the recurrences",
                         tuple(comparisons))
