"""Rules for facts about the method on the quadratic: the gradient, the minimiser, update
rules with the gradient written out, changes of basis (do they decouple the update?),
identities in the eigenbasis.
"""

from __future__ import annotations

import dataclasses
import re

from momentum_sym.audit import scan
from momentum_sym.audit.claims.context import Context, Reading
from momentum_sym.audit.claims.readings import (
    base_offset,
    base_reading,
    canonical_pairs,
    coordinate_reading,
    iteration_offset,
    matrix_reading,
    vector_key,
    vector_reading,
)
from momentum_sym.audit.claims.shapes import (
    COMPONENT_CLOSE,
    SUM,
    diag,
    gradient_head,
    has_command,
    has_eigenvalue,
    is_symbol,
    lift_scalars,
    strip_sum,
    vector_lift,
)
from momentum_sym.audit.claims.targets import make_candidate, make_plan
from momentum_sym.audit.keys import key_latex, keys_of
from momentum_sym.audit.notation import flat
from momentum_sym.audit.plans import Fact, Plan, pairs
from momentum_sym.audit.relations import Relation
from momentum_sym.render.names import unicode_name


def gradient(r: Relation, ctx: Context) -> Plan | None:
    arg = gradient_head(r.subject) if r.relation == "=" else None
    if arg is None:
        return None
    if arg.endswith("|component"):
        return Plan("unreadable", "a component of a gradient: no derived result states the "
                    "gradient component by component", quantity="a gradient component")
    if "\\nabla" in r.value:
        return Plan("definition", "notation for the gradient")
    reading = base_reading(ctx, r.value)
    vector_reading(ctx, r.value, reading)
    arg_keys = keys_of(arg)
    if len(arg_keys) == 1:
        canonical = vector_key(arg_keys[0], ctx) or arg_keys[0].text
        # the gradient is stated at w; at w^k the same formula holds with w^k for w
        for key in keys_of(r.value):
            if (vector_key(key, ctx) or key.text) == canonical:
                reading.notation[key_latex(key.text)] = "w"
    return make_plan([make_candidate("quadratic-optimum.gradient", r.value, reading)], reading,
                 strong=True, quantity="the gradient")


def optimum(r: Relation, ctx: Context) -> Plan | None:
    key = is_symbol(r.subject)
    if key is None or r.relation != "=" or (key.sup not in ("star", "*", "ast") and \
            key.sub not in ("star",)):
        return None
    if len(key.base) > 1 or key.base in ("R", "L"):
        return None  # alpha^*, beta^*: optimal parameters, not the minimiser
    reading = base_reading(ctx, r.value)
    if key.component is not None or has_command(r.value, "\\kappa"):
        return make_plan([make_candidate("rosenbrock-optimum.exact", r.value, reading,
                                 limit="rosenbrock-optimum.limit")], reading,
                     strong=True, quantity="a component of the optimum")
    vector_reading(ctx, r.value, reading)
    return make_plan([make_candidate("quadratic-optimum.w_star", r.value, reading)], reading,
                 strong=True, quantity="the optimum")


def change_of_basis(r: Relation, ctx: Context) -> Plan | None:
    """x^k = M(w^k - w^*) or y^k = M z^k: checked by whether M decouples the update."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or r.relation not in ("=", ":=") or subject.component is not None:
        return None
    if subject.base in s.iterates or subject.base in s.buffers:
        return None
    value = flat(r.value)
    m = re.match(r"^([A-Z])(\^\{?(T|-1|\\top)\}?)?\(?(.*?)\)?$", value)
    if not m:
        return None
    matrix, power, inner = m.group(1), m.group(3), m.group(4)
    inner_terms = scan.terms(inner)
    if not inner_terms:
        return None
    vector_keys = keys_of(inner_terms[0][1])
    if len(vector_keys) != 1:
        return None
    first = vector_keys[0]
    position = first.base in s.iterates
    velocity = first.base in s.buffers
    if not (position or velocity) or (velocity and len(inner_terms) != 1) or (
            position and len(inner_terms) != 2):
        return None
    reading = Reading()
    facts = []
    plans_extra = []
    centre_note = ""
    printed_matrix = matrix + {"T": "^T", "\\top": "^T", "-1": "^{-1}"}.get(power or "", "")
    if position:
        center = inner_terms[1][1]
        center_key = is_symbol(center)
        if center_key is None or center_key.sup not in ("star", "*", "ast"):
            # the centre must be the minimiser for the update to decouple
            creading = base_reading(ctx, center)
            vector_reading(ctx, center, creading)
            sign = "-" if inner_terms[1][0] < 0 else ""
            latex = center if sign == "-" else f"-({center})"
            plans_extra.append(make_candidate("quadratic-optimum.w_star", latex, creading))
            centre_note = (f"its centre {unicode_name(center)} must be the minimiser w⋆ for "
                           "the update to decouple")
            reading.said.extend(creading.said)
            reading.say("the centre of the change of basis must be the minimiser w⋆")
    known = {s.basis[0]}
    if matrix in known:
        transposed = power in ("T", "\\top") or (power == "-1")
        # coordinates M (w - w*) decouple when M A M^T is diagonal
        expression = {True: "Q^T", False: "Q"}[transposed]
        correct = "Q^T" if s.basis[1] else "Q"
        kind = "basis-position" if position else "basis-velocity"
        fix = r.value.replace(printed_matrix, correct.replace("Q", s.basis[0]), 1) \
            if expression != correct else ""
        facts.append(Fact(kind, "momentum-eigen-decoupling", expression, "Lambda",
                          correction=f"{r.subject} = {fix}" if fix else ""))
        basis, hessian = unicode_name(s.basis[0]), unicode_name(s.hessian)
        reading.say(f"{basis} holds the eigenvectors as columns ({hessian} = {basis} Λ {basis}ᵀ)"
                    if s.basis[1] else f"{hessian} = {basis}ᵀ Λ {basis}")
    elif not plans_extra:
        return Plan("unreadable", f"a change of basis with {matrix}, which the text does not "
                    "relate to the eigenvectors of the Hessian", quantity="a change of basis")
    return Plan(candidates=tuple(plans_extra), facts=tuple(facts), strong=True,
                reading=tuple(reading.said), quantity="a change of basis",
                extra={"note": centre_note} if centre_note else {})


def assignment(r: Relation, ctx: Context) -> Plan | None:
    """An update written as pseudo-code, ``v <- beta v + grad f(w)``: the method itself
    (there is no iteration index to check it against)."""
    if r.relation != "<-":
        return None
    if "\\nabla" in r.value or any("\\nabla" in other.value for other in ctx.siblings):
        momentum = any(b in r.value for b in ("\\beta", "\\gamma", "\\mu")) or any(
            "\\beta" in other.value for other in ctx.siblings)
        method = "the momentum (heavy-ball) update" if momentum else \
            "the gradient-descent update"
        return Plan("definition", f"{method}, as an assignment: the method itself",
                    quantity="an update rule")
    return Plan("definition", "an assignment: notation", quantity="an update rule")


def update(r: Relation, ctx: Context) -> Plan | None:
    """Update rules: with the abstract gradient they define the method; with the
    gradient of the quadratic written out they are checked against the method."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or r.relation != "=":
        return None
    offset = iteration_offset(subject, s)
    concrete = (subject.sup or subject.sub or "").isdigit()
    if (offset is None and not concrete) or subject.component is not None:
        return None
    if subject.base not in s.iterates and subject.base not in s.buffers:
        return None
    if has_eigenvalue(r.value):
        return None
    if SUM.search(r.value):
        return None
    if "\\nabla" in r.value:
        method = "the momentum (heavy-ball) update" if (
            subject.base in s.buffers or any(k.base in s.buffers for k in keys_of(r.value))
        ) else "the gradient-descent update"
        return Plan("definition", f"{method}: the method itself", quantity="an update rule")
    base = base_offset(ctx, r.subject, r.value)
    reading = base_reading(ctx, r.value)
    vector_reading(ctx, r.value, reading, base)
    expected = vector_key(subject, ctx, base)
    if expected is None or concrete:
        return None
    value_bases = {k.base for k in keys_of(r.value)}
    uses_buffer = bool(value_bases & set(s.buffers)) or subject.base in s.buffers
    uses_gradient = bool(value_bases & {s.hessian, "A", s.linear[0], "b"})
    if not uses_gradient and not uses_buffer:
        return None  # neither the gradient nor the buffer: not an update rule
    if uses_buffer and s.buffer_scale is None:
        return Plan("definition", "an update of a method other than the heavy ball",
                    quantity="an update rule")
    if uses_buffer and not uses_gradient and any(
            "\\nabla" in other.value for other in ctx.siblings):
        return Plan("definition", "the momentum (heavy-ball) update: the method itself",
                    quantity="an update rule")
    momentum = subject.base in s.buffers or any(k.base in s.buffers
                                                 for k in keys_of(r.value))
    derivation = "momentum-eigen-decoupling" if momentum else "gd-eigen-decoupling"
    expected = key_latex(expected)
    if subject.base in s.buffers and s.buffer_scale not in ("1", None):
        expected = f"{s.buffer_scale} {expected}"
    fact = Fact("update", derivation, r.value, expected,
                canonical_pairs(reading.notation),
                pairs(reading.where))
    reading.say("the update with the gradient A w − b of the quadratic")
    return Plan(facts=(fact,), strong=True, reading=tuple(reading.said),
                quantity="an update rule on the quadratic")


def in_place(r: Relation, ctx: Context) -> Plan | None:
    """An update written in place, as in code: ``theta = theta - v_t`` (Ruder's
    overview), ``w = w - alpha grad f(w)``.  The name on both sides is the iterate after
    and before the step, so it is read as ``theta_t = theta_{t-1} - v_t`` (v_t is made
    from theta before the step) or ``w^{k+1} = w^k - alpha grad f(w^k)`` (the reading
    is stated) and judged as that update is."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or r.relation != "=" or subject.sub or subject.sup \
            or subject.base not in s.iterates:
        return None
    keys = keys_of(r.value)
    if not any(k.base == subject.base and not (k.sub or k.sup) for k in keys):
        return None  # the name is not updated from itself
    current = [k for k in keys if k.base != subject.base and s.iteration in (k.sub, k.sup)]
    name, step = r.subject.strip(), s.iteration
    if current:  # theta = theta - v_t: v_t is made from theta before the step
        script = "_" if current[0].sub == step else "^"
        if current[0].base in s.buffers and s.buffer_shift:  # v_k made from the x_k
            after, before = f"{name}{script}{{{step}+1}}", f"{name}{script}{{{step}}}"
        else:
            after, before = f"{name}{script}{{{step}}}", f"{name}{script}{{{step}-1}}"
    elif "\\nabla" in r.value:  # w = w - alpha grad f(w): one step from w
        after, before = f"{name}^{{{step}+1}}", f"{name}^{{{step}}}"
    else:
        return None  # no step to read the name at
    # the name itself, not a letter of a command (\\max) nor a script (\\nabla_\\theta)
    alone = r"(?<![A-Za-z\\_^])(?<![_^]\{)" + re.escape(name) + r"(?![A-Za-z_^])"
    outside_gradients = re.sub(r"\\nabla[^()]*\([^()]*\)", " ", r.value)
    if len(re.findall(alone, outside_gradients)) != 1:
        return None  # theta theta - v_t: not one step from theta
    value = re.sub(alone, lambda _: before, r.value)
    judged = update(dataclasses.replace(r, subject=after, value=value), ctx)
    if judged is None:
        return None
    said = (f"{unicode_name(name)} = {unicode_name(r.value)} read as {unicode_name(after)} = "
            f"{unicode_name(value)} (an update written in place)")
    # the same line may be an equation (a fixed point: theta = theta - eta v_t only if
    # v_t = 0): the reading is confirmed when the update holds, never made an erratum
    return dataclasses.replace(judged, reading=(said, *judged.reading),
                               extra={**judged.extra, "tentative": True})


def identity(r: Relation, ctx: Context) -> Plan | None:
    """Vector identities in the eigenbasis: x_i^{k+1} = (Q^T(w^{k+1} - w^*))_i,
    w^k - w^* = Q x^k, (Q^T A w^k - Q^T b)_i = lambda_i x_i^k: checked on the
    gradient-descent derivation's matrix model."""
    if r.relation != "=":
        return None
    subject, value = r.subject, r.value
    lifted = any(COMPONENT_CLOSE.search(m) for m in (subject, value))
    if lifted:
        subject = lift_scalars(vector_lift(diag(subject)))
        value = lift_scalars(vector_lift(diag(value)))
    else:
        subject, value = diag(subject), diag(value)
    s = ctx.setting
    matrices = {k.base for m in (subject, value) for k in keys_of(m)
                if k.base in ("Q", "A", "Lambda", s.hessian, s.basis[0]) and k.sub is None}
    if not matrices and not lifted:
        return None
    if "\\sum" in value or "\\nabla" in value + subject or "\\|" in value + subject:
        return None
    vectors = [k for m in (subject, value) for k in keys_of(m) if vector_key(k, ctx)]
    others = {k.base for m in (subject, value) for k in keys_of(m)} - matrices - {
        "alpha", "beta", "I", "T"}
    if not vectors and not lifted and others:
        return None
    reading = matrix_reading(ctx, subject + " " + value)
    if lifted:
        reading.say("the i-th components read as the whole vectors")
    momentum = any(k.base in s.buffers or ctx.roles.get(k.base) == "velocity"
                   for m in (subject, value) for k in keys_of(m))
    derivation = "momentum-eigen-decoupling" if momentum else "gd-eigen-decoupling"
    fact = Fact("identity", derivation, value, subject, canonical_pairs(reading.notation),
                pairs(reading.where))
    return Plan(facts=(fact,), strong=True, reading=tuple(reading.said),
                quantity="an identity in the eigenbasis",
                compared=f"{value} = {subject}" if lifted else "")


def expansion(r: Relation, ctx: Context) -> Plan | None:
    """w^k - w^* = sum_i c_i q_i: the coefficient of the eigenvector q_i is the i-th
    eigen-coordinate, x_i^k."""
    subject = flat(r.subject)
    s = ctx.setting
    letters = "".join(s.iterates)
    if r.relation != "=" or not re.fullmatch(
            r"([" + letters + r"])(\^\{?[^{}]*\}?|_\{?[^{}]*\}?)-\1(\^|_)\{?(\\star|\*|\\ast)\}?",
            subject):
        return None
    body = strip_sum(r.value)
    value = body[1] if body and not body[0] else r.value
    column = s.basis[0].lower()
    m = re.search(column + r"_\{?i\}?(?![A-Za-z0-9])", value)
    if not m:
        return None
    latex = (value[:m.start()] + value[m.end():]).strip()
    reading = base_reading(ctx, latex)
    coordinate_reading(ctx, latex, reading, base=0)
    reading.say(f"the coefficient of the eigenvector {unicode_name(column + '_i')}")
    return make_plan([make_candidate("gd-closed-form.x_k", latex, reading)], reading, strong=True,
                 quantity="the error along an eigenvector", compared=latex)
