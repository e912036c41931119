"""Rules for the momentum iteration matrix R, its powers, its eigenvalues and
characteristic polynomial (the text's own velocity moved to the heavy ball's state).
"""

from __future__ import annotations

import dataclasses
import re

from momentum_sym.audit import scan
from momentum_sym.audit.claims.context import Context, Reading
from momentum_sym.audit.claims.readings import base_reading
from momentum_sym.audit.claims.shapes import NUMBER, is_symbol, matrix_cells, pmatrix
from momentum_sym.audit.claims.targets import QUANTITIES, make_candidate, make_plan
from momentum_sym.audit.keys import keys_of
from momentum_sym.audit.notation import flat
from momentum_sym.audit.plans import Plan
from momentum_sym.audit.relations import Relation
from momentum_sym.render.names import unicode_name


def in_engine_state(latex: str, ctx: Context, swapped: bool, reading: Reading) -> str | None:
    """The printed iteration matrix moved to the engine's state (velocity z, position):
    rows and columns swapped for a state printed (position, velocity), and the velocity
    rescaled when the text's buffer is c times z (then R = D M D^{-1}, D = diag(1/c, 1))."""
    scale = ctx.setting.buffer_scale
    if scale is None:
        return None
    if not swapped and scale == "1":
        return latex
    cells = matrix_cells(latex)
    if cells is None:
        return None
    if swapped:
        cells = [[cells[1][1], cells[1][0]], [cells[0][1], cells[0][0]]]
        reading.say("the state is printed (position, velocity): rows and columns swapped")
    if scale != "1":
        cells = [[cells[0][0], f"\\frac{{{cells[0][1]}}}{{{scale}}}"],
                 [f"{{{scale}}} {{{cells[1][0]}}}", cells[1][1]]]
        reading.say(f"the velocity is {unicode_name(scale)} times the heavy ball's: R = D M D⁻¹")
    return pmatrix(cells)


def matrix_r(r: Relation, ctx: Context) -> Plan | None:
    """R = (2x2 matrix), or a matrix of another name whose entries are in beta and lambda
    (matched by its entries: equal to R, or not checked)."""
    subject = flat(r.subject)
    s = ctx.setting
    named = re.fullmatch(r"R(\([^()]*\))?", subject) is not None
    other = re.fullmatch(r"[A-Z](\([^()]*\))?", subject) is not None and subject[0] not in (
        s.hessian, s.basis[0], "A", "Q", "I") and matrix_cells(r.value) is not None and {
        "beta", "lambda"} <= {k.base for k in keys_of(r.value)}
    if r.relation != "=" or not (named or other) or "\\begin" not in r.value:
        return None
    reading = base_reading(ctx, r.value)
    latex = in_engine_state(r.value, ctx, False, reading)
    if latex is None:
        return Plan("unreadable", "the text's velocity is not the heavy ball's (see the "
                    "readings): its iteration matrix is not the derived R",
                    quantity="the iteration matrix R")
    return make_plan([make_candidate(t, latex, reading) for t in QUANTITIES["R"][:1]], reading,
                 strong=named, quantity="the iteration matrix R",
                 compared=latex if latex != r.value else "")


def state_map(r: Relation, ctx: Context) -> Plan | None:
    """[v_{t+1}; x_{t+1}] = M [v_t; x_t] = R(...)[v_t; x_t]: M is the iteration matrix
    (rows in the printed order of the state)."""
    if r.relation != "=" or not r.subject.lstrip().startswith(("\\begin", "\\left")):
        return None
    its = [i for i in scan.items(r.value) if i.kind != "space"]
    matrices = [i for i in its if i.kind == "environment" or (
        i.kind == "group" and "\\begin" in i.text)]
    if len(matrices) == 2 and matrices[0].text.count("&") >= 2:
        order = [k.base for k in keys_of(r.subject)]
        roles = [ctx.roles.get(b, "position") for b in order]
        reading = base_reading(ctx, matrices[0].text)
        latex = in_engine_state(matrices[0].text, ctx, roles == ["position", "velocity"],
                                 reading)
        if latex is None:
            return Plan("unreadable", "the text's velocity is not the heavy ball's (see the "
                        "readings): its iteration matrix is not the derived R",
                        quantity="the iteration matrix R")
        return make_plan([make_candidate("momentum-iteration-matrix.R", latex, reading)], reading,
                     strong=True, quantity="the iteration matrix R", compared=latex)
    if matrices and re.search(r"R\s*(\^\{?[kt]\}?|\()", flat(r.value)):
        return Plan("definition", "the iterates in terms of the iteration matrix R",
                    quantity="the iteration matrix R")
    return None


def matrix_power(r: Relation, ctx: Context) -> Plan | None:
    if r.relation != "=" or not re.fullmatch(r"\{?R\^\{?k\}?\}?", flat(r.subject)):
        return None
    condition = flat(r.condition)
    if "\\neq" in condition or "\\ne" in condition:
        targets = ["matrix-power-2x2.distinct"]
    elif "=" in condition:
        targets = ["matrix-power-2x2.repeated"]
    else:
        targets = ["matrix-power-2x2.distinct", "matrix-power-2x2.repeated"]
    reading = base_reading(ctx, r.value)
    for printed, definition in ctx.local.items():
        reading.where[printed] = definition
        reading.say(f"{unicode_name(printed)} as the text defines it")
    return make_plan([make_candidate(t, r.value, reading) for t in targets], reading,
                 strong=len(targets) == 1, quantity="R^k")


def eigenvalues(r: Relation, ctx: Context) -> Plan | None:
    key = is_symbol(r.subject)
    if key is None or key.base != "sigma" or r.relation != "=" or key.sub not in ("1", "2"):
        return None
    reading = base_reading(ctx, r.value)
    target = f"momentum-eigenvalues.sigma_{key.sub}"
    return make_plan([make_candidate(target, r.value, reading)], reading, strong=True,
                 quantity=f"the eigenvalue sigma_{key.sub} of R")


def characteristic(r: Relation, ctx: Context) -> Plan | None:
    """sigma^2 - (1 + beta - alpha lambda) sigma + beta = 0: both derived eigenvalues of R
    must be roots."""
    if r.relation != "=" or not NUMBER.match(r.value) or flat(r.value) != "0":
        return None
    keys = {k.text for k in keys_of(r.subject)}
    if "sigma" not in keys or keys & {"sigma_1", "sigma_2"}:
        return None
    # compared as "leading term = minus the others", so that no side is zero
    terms = scan.terms(r.subject)
    lead = [t for t in terms if re.search(r"\\sigma\s*\^\s*\{?2", t[1])]
    if len(lead) != 1 or len(terms) < 2:
        return None
    sign, term = lead[0]
    others = " ".join(f"{'+' if t_sign * sign < 0 else '-'} {{{t}}}"
                      for t_sign, t in terms if (t_sign, t) != lead[0])
    candidates = []
    reading = Reading()
    for root in ("sigma_1", "sigma_2"):
        reading = base_reading(ctx, r.subject)
        reading.where["\\sigma"] = f"momentum-eigenvalues.{root}"
        candidates.append(make_candidate(f"momentum-eigenvalues.{root}", term, reading,
                                     derived=f"0 {others}"))
    reading.say("the characteristic polynomial of R: the derived eigenvalues must be roots")
    plan = make_plan(candidates, reading, strong=True, quantity="the characteristic polynomial",
                 compared=r.subject)
    return dataclasses.replace(plan, extra={"all": True})


def eigenvalue_identity(r: Relation, ctx: Context) -> Plan | None:
    """sigma_1 sigma_2 = beta, sigma_1 + sigma_2 = 1 + beta - alpha lambda: identities in
    the eigenvalues of R (without |.|, which would hold only where they are complex)."""
    if r.relation != "=" or is_symbol(r.subject) is not None:
        return None
    keys = {k.text for k in keys_of(r.subject)}
    if not keys & {"sigma_1", "sigma_2"} or "|" in r.subject + r.value or \
            (keys_of(r.subject) and not keys <= {"sigma_1", "sigma_2"}):
        return None
    reading = base_reading(ctx, r.value)
    reading.where.update({"\\sigma_{1}": "momentum-eigenvalues.sigma_1",
                          "\\sigma_{2}": "momentum-eigenvalues.sigma_2"})
    reading.say("σ₁, σ₂ read as the derived eigenvalues of R")
    return make_plan([make_candidate("momentum-eigenvalues.sigma_1", r.value, reading,
                             derived=r.subject)], reading, strong=True,
                 quantity="the eigenvalues of R")
