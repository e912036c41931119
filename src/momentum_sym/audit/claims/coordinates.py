"""Rules for the per-eigenvalue picture and the unrolled iterates: one step and k steps in
eigen-coordinates, the loss as a sum over eigenvalues, the coefficients gamma_i^k.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from momentum_sym.audit import scan
from momentum_sym.audit.claims.context import Context, Reading
from momentum_sym.audit.claims.readings import base_reading, coordinate_reading, iteration_offset
from momentum_sym.audit.claims.shapes import (
    NABLA,
    SUM,
    has_command,
    has_eigenvalue,
    is_symbol,
    strip_sum,
)
from momentum_sym.audit.claims.targets import make_candidate, make_plan
from momentum_sym.audit.keys import keys_of
from momentum_sym.audit.notation import Setting, flat
from momentum_sym.audit.plans import Plan, pairs
from momentum_sym.audit.relations import Relation


def state_letters(latex: str, setting: Setting) -> dict[str, set[int | str]]:
    """Letters of iterated quantities in ``latex`` with their offsets ('0' for starts)."""
    out: dict[str, set[int | str]] = {}
    for key in keys_of(latex):
        if len(key.base) > 1 or key.base in ("i", "j", "k", "t", "n", "e", "T"):
            continue
        offset = iteration_offset(key, setting)
        if offset is not None:
            out.setdefault(key.base, set()).add(offset)
        elif key.is_start():
            out.setdefault(key.base, set()).add("0")
    return out


def coordinates(r: Relation, ctx: Context) -> Plan | None:
    """Per-eigenvalue updates and closed forms: x_i^{k+1} = (1 - alpha lambda_i) x_i^k,
    y_{t} = beta y_{t-1} + lambda x_{t-1}, x_i^k = (1 - alpha lambda_i)^k x_i^0."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or r.relation != "=" or "\\nabla" in r.value:
        return None
    offset = iteration_offset(subject, s)
    if offset is None:
        return None
    state = state_letters(r.value, s)
    eigen = has_eigenvalue(r.value)
    scalar = subject.component is not None or eigen or \
        subject.base in s.coordinates or ctx.roles.get(subject.base)
    if not state or not scalar or SUM.search(r.value) or (
            (subject.base in s.iterates or subject.base in s.buffers) and not eigen):
        return None
    if any(k.base in (s.hessian, "A", "b", "Q") and k.sub is None for k in keys_of(r.value)):
        return None
    numeric = [o for v in state.values() for o in v if isinstance(o, int)]
    starts = [letter for letter, v in state.items() if "0" in v]
    if not numeric and starts:
        if subject.base not in starts:
            return None
        reading = base_reading(ctx, r.value)
        coordinate_reading(ctx, r.value, reading, base=0)
        # the left-hand side at step k + offset: the result's k shifted by it, either way
        step = f"k{offset:+d}".replace("+", " + ").replace("-", " - ")
        at = {"k": step.replace(" ", "")} if offset else {}
        if offset:
            reading.say(f"the left-hand side is at step {step}")
        candidate = make_candidate("gd-closed-form.x_k", r.value, reading, at=pairs(at))
        return make_plan([candidate], reading, strong=True, quantity="a coordinate after k steps")
    if not numeric:
        return None
    base = min(numeric)
    if offset - base != 1:
        return None
    letters = set(state) | {subject.base}
    if letters - {subject.base} and len(letters) > 2:
        return None
    reading = base_reading(ctx, r.value)
    coordinate_reading(ctx, r.value, reading, base=base)
    if len(letters) == 1:
        role = ctx.roles.get(subject.base)
        targets = ["gd-eigen-decoupling.x_next"] if role != "velocity" else []
        if not targets:
            return None
        return make_plan([make_candidate(t, r.value, reading) for t in targets], reading,
                         strong=True, quantity="one step in eigen-coordinates")
    role = ctx.roles.get(subject.base, "position")
    scale = s.buffer_scale
    velocity_next = any(ctx.roles.get(k.base) == "velocity" and iteration_offset(k, s) == base + 1
                        for k in keys_of(r.value))
    if scale is None or (scale != "1" and velocity_next):
        return Plan("unreadable", "the text's velocity is not the heavy ball's: this step "
                    "is not compared", quantity="one momentum step in eigen-coordinates")
    if role == "velocity":
        extra = {}
        if scale != "1":  # the text's velocity is c times the heavy ball's
            reading.where["G"] = "momentum-eigen-decoupling.y_next"
            extra["derived"] = f"{scale} G"
        return make_plan([make_candidate("momentum-eigen-decoupling.y_next", r.value, reading,
                                 **extra)], reading, strong=True,
                     quantity="one momentum step in eigen-coordinates")
    candidate = make_candidate("momentum-eigen-decoupling.x_next", r.value, reading)
    return make_plan([candidate], reading, strong=True,
                     quantity="one momentum step in eigen-coordinates")


def loss(r: Relation, ctx: Context) -> Plan | None:
    subject = flat(r.subject)
    if r.relation != "=" or not re.fullmatch(r"[fF]\([^()]*\)-[fF]\([^()]*(\\star|\*|\\ast)"
                                             r"[^()]*\)", subject):
        return None
    parts = strip_sum(r.value)
    if parts is None:
        return Plan("unreadable", "the loss gap is not written as a sum over eigenvalues",
                    quantity="f(w^k) - f(w*)")
    coefficient, summand = parts
    latex = f"{coefficient} {{{summand}}}" if coefficient else summand
    reading = base_reading(ctx, latex)
    coordinate_reading(ctx, latex, reading, base=0)
    reading.say("the i-th summand of the sum over eigenvalues")
    return make_plan([make_candidate("gd-loss-decomposition.term", latex, reading)], reading,
                 strong=True, quantity="f(w^k) - f(w*)", compared=latex)


def unrolled(r: Relation, ctx: Context) -> Plan | None:
    """w^{k+1} = w^0 + sum_i c_i grad f(w^i): the coefficient c is gamma."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or subject.base not in s.iterates or "\\nabla" not in r.value:
        return None
    if not SUM.search(r.value):
        return None
    terms = scan.terms(r.value)
    summed = [(sign, t) for sign, t in terms if SUM.search(t)]
    if len(summed) != 1:
        return None
    sign, term = summed[0]
    coefficient, summand = strip_sum(term)
    m = NABLA.search(summand)
    if not m:
        return None
    end = scan._matching(summand, m.end() - 1, "(", ")")
    rest = (summand[:m.start()] + summand[end:]).strip()
    if re.search(r"\\gamma|\\Gamma", rest):
        return Plan("definition", "the class of linear first-order methods",
                    quantity="unrolled iterates")
    parts = [p for p in (coefficient, rest) if p]
    latex = ("-" if sign < 0 else "") + " ".join(f"{{{p}}}" for p in parts) if parts else \
        ("-1" if sign < 0 else "1")
    reading = base_reading(ctx, latex)
    reading.say("the coefficient of ∇f(wⁱ) in wᵏ⁺¹")
    target = "unrolled-momentum.gamma" if has_command(latex, "\\beta") else "unrolled-gd.gamma"
    derived = gamma_coefficient(target)
    if derived:
        reading.where["G"] = target
    candidate = make_candidate(target, latex, reading, derived=derived)
    return make_plan([candidate], reading, strong=True,
                     quantity="the coefficient of grad f(w^i) in w^{k+1}", compared=latex)


@lru_cache(maxsize=8)
def gamma_coefficient(target: str) -> str | None:
    """The coefficient of grad f(w^i) in w^{k+1} as the derivation states it, in terms
    of its named result ``G`` (``- \\alpha G`` when it writes w^0 - alpha sum gamma grad f),
    or None when gamma is that coefficient itself."""
    import sympy as sp

    import momentum_sym

    ident, _ = target.split(".")
    for step in momentum_sym.get(ident).steps:
        rhs = getattr(step.claim, "rhs", None)
        if rhs is None or not isinstance(rhs, sp.Expr) or not rhs.has(sp.Sum):
            continue
        for total in rhs.atoms(sp.Sum):
            inner = total.function
            gradients = [a for a in inner.free_symbols if "nabla" in a.name]
            gammas = [a for a in inner.free_symbols if a.name.startswith(("gamma", "\\gamma"))]
            if not gradients or not gammas:
                continue
            outside = sp.simplify((rhs - rhs.subs(total, 0)) / total)
            coefficient = sp.simplify(outside * inner / (gradients[0] * gammas[0]))
            return None if coefficient == 1 else sp.latex(coefficient) + " G"
    return None


def unrolled_terms(r: Relation, ctx: Context) -> Plan | None:
    """w^2 = w^0 - alpha grad f(w^0) - alpha grad f(w^1): each coefficient is gamma_i^k."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or subject.base not in s.iterates or r.relation != "=":
        return None
    terms = scan.terms(r.value)
    starts = [t for _, t in terms if (is_symbol(t) and is_symbol(t).base == subject.base
                                      and is_symbol(t).is_start())]
    gradients = [(sign, t) for sign, t in terms if NABLA.search(t)]
    dots = [t for _, t in terms if re.fullmatch(r"(\\[cl]?dots\s*)+", t.strip())]
    if not starts or len(gradients) + 1 + len(dots) != len(terms):
        return None
    if dots or re.search(r"\\[cl]?dots", r.value):
        return Plan("unreadable", "the unrolled iterate written with dots: the terms in "
                    "between cannot be read", quantity="unrolled iterates")
    step = subject.sup if subject.sup is not None else subject.sub
    if step is None or not step.isdigit() or int(step) < 2:
        return None
    target = "unrolled-momentum.gamma" if has_command(r.value, "\\beta") else "unrolled-gd.gamma"
    derived = gamma_coefficient(target)
    candidates = []
    reading = Reading()
    for sign, term in gradients:
        m = NABLA.search(term)
        end = scan._matching(term, m.end() - 1, "(", ")")
        index = keys_of(term[m.end():end - 1])
        if len(index) != 1 or not (index[0].sup or index[0].sub or "").isdigit():
            return None
        coefficient = (term[:m.start()] + term[end:]).strip() or "1"
        latex = ("-" if sign < 0 else "") + "{" + coefficient + "}"
        reading = base_reading(ctx, latex)
        if derived:
            reading.where["G"] = target
        at = {"i": index[0].sup or index[0].sub, "k": str(int(step) - 1)}
        candidates.append(make_candidate(target, latex, reading, derived=derived, at=pairs(at)))
    reading.say("each coefficient of ∇f(wⁱ) against γᵢᵏ")
    plan = make_plan(candidates, reading, strong=True, quantity="unrolled iterates")
    return dataclasses.replace(plan, extra={"all": True})
