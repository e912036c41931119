"""How the notation of one relation is read: the document's readings that concern it,
iterates and buffers as the engine's vectors, per-eigenvalue coordinates as ``x_i^k``,
``y_i^k``.
"""

from __future__ import annotations

from collections.abc import Mapping

from momentum_sym.audit.claims.context import Context, Reading
from momentum_sym.audit.keys import Key, key_latex, key_unicode, keys_of
from momentum_sym.audit.notation import Setting, scale_unicode
from momentum_sym.audit.plans import pairs
from momentum_sym.render.names import unicode_name


def base_reading(ctx: Context, latex: str) -> Reading:
    """The document's readings that concern ``latex``."""
    s = ctx.setting
    reading = Reading()
    bases = {k.base for k in keys_of(latex)}
    texts = {k.text for k in keys_of(latex)}
    if "eta" in bases:
        if s.eta_step and not ctx.tikhonov():
            reading.notation["\\eta"] = "alpha"
            reading.say("η read as the step size α")
        else:
            reading.say("η read as the Tikhonov weight")
    elif s.eta_step:
        reading.notation["\\eta"] = "alpha"  # corrections are printed with eta
    if s.gamma_momentum and "gamma" in bases:
        reading.notation["\\gamma"] = "beta"
        reading.say("γ read as the momentum β")
    if s.mu_L:
        for printed, canonical in (("\\mu", "lambda_1"), ("L", "lambda_n")):
            if printed.lstrip("\\") in texts or (printed.lstrip("\\") in bases and printed != "L"):
                reading.notation[printed] = canonical
        if {"mu", "L"} & texts:
            reading.say("μ, L read as λ₁, λₙ")
    for printed, canonical in (("lambda_min", "lambda_1"), ("lambda_max", "lambda_n")):
        if printed in texts:
            reading.notation[key_latex(printed)] = canonical
            reading.say("λₘᵢₙ, λₘₐₓ read as λ₁, λₙ")
    for key in keys_of(latex):
        if key.base == "lambda" and key.sub in ("i", "j"):
            reading.notation[key_latex(key.text)] = "lambda"
    if s.hessian != "A" and s.hessian in bases:
        reading.notation[s.hessian] = "A"
        reading.say(f"{unicode_name(s.hessian)} read as the Hessian A")
    name, sign = s.linear
    if name in bases and (name, sign) != ("b", -1):
        if sign > 0:
            reading.where[name] = "-b"
            printed = unicode_name(name)
            reading.say(f"{printed} read as −b (the quadratic has +{printed}ᵀ x)")
        else:
            reading.notation[name] = "b"
    if s.iteration != "k" and s.iteration in texts:
        reading.notation[s.iteration] = "k"
    return reading


def iteration_offset(key: Key, setting: Setting) -> int | None:
    found = key.iteration(setting.iteration)
    return found[0] if found else None


def vector_key(key: Key, ctx: Context, base: int = 0) -> str | None:
    """The canonical key of an iterate, buffer or coordinate vector, or None (offsets
    counted from ``base``: x_{t-1} is x^k when the relation's earliest step is t-1)."""
    s = ctx.setting
    if key.component is not None:
        return None
    found = key.iteration(s.iteration)
    if found is not None and (key.sup if found[1] == "sub" else key.sub) is not None:
        return None  # v_t^2, w_{t-1}^T: a power or a transpose of the vector, not the vector
    offset = found[0] - base if found is not None else None
    if key.base in s.iterates:
        if key.sup in ("star", "*") or key.sub == "star":
            return "w^star"
        if offset == 0:
            return "w^k"
        if offset == 1:
            return "w^k+1"
        if key.sub is None and key.sup is None:
            return "w"
        if key.is_start():
            return "w^0"
        return None
    if key.base in s.buffers:
        return {0: "z^k", 1: "z^k+1"}.get(offset + s.buffer_shift) if offset is not None \
            else None
    role = ctx.roles.get(key.base)
    if key.base in s.coordinates or role:
        letter = "y" if role == "velocity" else "x"
        return {0: f"{letter}^k", 1: f"{letter}^k+1"}.get(offset) if offset is not None \
            else None
    return None


def base_offset(ctx: Context, *latex: str) -> int:
    """The earliest step of the iterates in ``latex`` (0 when there is none)."""
    offsets = [iteration_offset(k, ctx.setting) for text in latex for k in keys_of(text)]
    found = [o for o in offsets if o is not None]
    return min(found) if found else 0


def vector_reading(ctx: Context, latex: str, reading: Reading, base: int = 0) -> None:
    scale = ctx.setting.buffer_scale
    for key in keys_of(latex):
        canonical = vector_key(key, ctx, base)
        if canonical is not None and key.base in ctx.setting.buffers and scale not in (
                "1", None):
            reading.where[key_latex(key.text)] = f"{scale} {key_latex(canonical)}"
            reading.say(f"{key_unicode(key.text)} read as {scale_unicode(scale)} "
                        f"{key_unicode(canonical)} (the text's buffer)")
            continue
        if canonical is not None and canonical != key.text:
            reading.notation[key_latex(key.text)] = canonical
            if key.sub and iteration_offset(key, ctx.setting) is not None:
                reading.say(f"{key_unicode(f'{key.base}_{key.sub}')} read as "
                            f"{key_unicode(canonical)} (the iteration index as a subscript)")


def coordinate_reading(ctx: Context, latex: str, reading: Reading, base: int) -> None:
    """Per-eigenvalue coordinates (``x_i^k``, ``z_{t-1}``, bold ``z``, ``\\Lambda``, ``I``)
    to the canonical ``x_i^k``, ``y_i^k``, ``x_i^0``, ``lambda``, ``1``."""
    s = ctx.setting
    for key in keys_of(latex):
        if key.base == "Lambda" and key.sub is None and key.sup is None:
            reading.where["\\Lambda"] = "\\lambda"
            reading.say("coordinate by coordinate: Λ acts as λᵢ")
            continue
        if key.text == "I":
            reading.where["I"] = "1"
            reading.say("coordinate by coordinate: I acts as 1")
            continue
        if key.base in ("alpha", "beta", "eta", "lambda", "mu", "kappa", "sigma") or \
                len(key.base) > 1:
            continue
        role = ctx.roles.get(key.base, "position")
        letter = "y" if role == "velocity" else "x"
        offset = iteration_offset(key, s)
        scale = s.buffer_scale if role == "velocity" else "1"
        if key.is_start() and offset is None:
            canonical = f"{letter}_i^0"
        elif offset == base:
            canonical = f"{letter}_i^k"
        elif offset == base + 1 and role == "velocity" and scale == "1":
            reading.where[key_latex(key.text)] = "momentum-eigen-decoupling.y_next"
            reading.say(f"{key_unicode(key.text)} read as the derived yᵢᵏ⁺¹")
            continue
        else:
            continue
        if scale == "1":
            reading.notation[key_latex(key.text)] = canonical
        elif scale is not None:
            reading.where[key_latex(key.text)] = f"{scale} {key_latex(canonical)}"
            reading.say(f"{key_unicode(key.text)} read as {scale_unicode(scale)} "
                        f"{key_unicode(canonical)} (the text's velocity)")


def matrix_reading(ctx: Context, latex: str) -> Reading:
    reading = base_reading(ctx, latex)
    vector_reading(ctx, latex, reading)
    return reading


def canonical_pairs(notation: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Notation pairs with canonical keys written as LaTeX (``z^k+1`` as ``z^{k+1}``), the
    form the reader takes them in."""
    return pairs({printed: key_latex(canonical) for printed, canonical in notation.items()})
