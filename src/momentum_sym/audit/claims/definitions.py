"""Rules for what states nothing to check: values chosen, memberships, approximations,
notation, definitions (the condition number is checked for consistency).
"""

from __future__ import annotations

import re

from momentum_sym.audit.claims.context import Context
from momentum_sym.audit.claims.readings import base_reading, iteration_offset
from momentum_sym.audit.claims.shapes import NUMBER, SUM, has_command, is_symbol
from momentum_sym.audit.claims.targets import make_candidate
from momentum_sym.audit.keys import keys_of
from momentum_sym.audit.notation import flat
from momentum_sym.audit.plans import Plan
from momentum_sym.audit.relations import Relation


def not_a_claim(r: Relation, ctx: Context) -> Plan | None:
    if r.relation and SUM.fullmatch(r.value.replace(" ", "")):
        return Plan("unreadable", "a sum without a summand (a stray relation sign after the "
                    "sum?)", quantity="a sum")
    if r.relation in ("in", "->", "=>", "<=>", "~"):
        what = {"in": "a membership", "->": "a map", "~": "an approximation"}.get(
            r.relation, "an implication")
        return Plan("not-a-claim", f"{what}: nothing to compare")
    if r.relation in ("=", ":=") and NUMBER.match(r.value.replace("\\infty", "")) and (
            keys_of(r.subject)):
        return Plan("not-a-claim", "a value chosen for a parameter or a starting point")
    subject = is_symbol(r.subject)
    value_keys = {k.text for k in keys_of(r.value)}
    if r.relation == "=" and subject is not None and subject.component and value_keys and \
            value_keys <= {"i", "j", "n"}:
        return Plan("not-a-claim", "an example of values")
    if r.relation == "!=":
        return Plan("not-a-claim", "a condition")
    if not r.relation and (is_symbol(r.value) or NUMBER.match(r.value)):
        return Plan("not-a-claim", "a symbol or a number in the text")
    return None


def definitions(r: Relation, ctx: Context) -> Plan | None:
    s = ctx.setting
    subject = flat(r.subject)
    if r.relation == ":=" and not re.search(r"\\kappa|condition", r.subject + r.value):
        return Plan("definition", "a definition (:=)")
    # the model problem f(w) = 1/2 w^T A w - b^T w, the eigendecomposition, Q = [q_1 ...]
    if re.fullmatch(r"[A-Za-z](\^[a-z])?\([^()]*\)", subject) and r.relation == "=" and \
            re.search(r"frac\{?1\}?\{?2\}?|tfrac12|frac12|\^2|\^T|\\sum", flat(r.value)):
        return Plan("definition", "the objective (the model problem)")
    if subject == s.hessian and re.search(r"diag|\\Lambda", flat(r.value)):
        return Plan("definition", "the eigendecomposition (notation)")
    if re.fullmatch(r"[A-Z]", subject) and re.search(r"\[.*\\[lc]?dots.*\]", r.value):
        return Plan("definition", "the columns of a matrix (notation)")
    if re.search(r"\\text\{(model|minimi[sz]e)", r.subject + r.value) or "\\mapsto" in r.value:
        return Plan("definition", "a model or a problem statement")
    if "for some" in r.condition:
        return Plan("definition", "a class of methods (for some coefficients)")
    if all(is_symbol(m) or re.fullmatch(r"\s*(\\[lcv]?dots|\d+)\s*", m) for m in r.members) \
            and any(is_symbol(m) for m in r.members) and \
            r.relation in ("=", "<", "<=", ">", ">=", "range") and not any(
            k.sup in ("T", "-1") for m in r.members for k in keys_of(m)):
        return Plan("definition", "notation: names or orders symbols")
    return None


def kappa(r: Relation, ctx: Context) -> Plan | None:
    """kappa = lambda_n / lambda_1 (or L / mu): a definition, checked for consistency."""
    if r.relation not in ("=", ":=") or not any(
            (is_symbol(m) and is_symbol(m).base == "kappa") for m in r.members):
        return None
    if (is_symbol(r.value) and is_symbol(r.value).base == "kappa") or "condition" in r.value \
            or has_command(r.value, "\\kappa") or NUMBER.match(r.value):
        return Plan("definition", "names the condition number kappa", quantity="kappa")
    reading = base_reading(ctx, r.value)
    candidate = make_candidate("gd-optimal-step-size.rate", r.value, reading,
                           derived="\\frac{\\lambda_n}{\\lambda_1}")
    return Plan(candidates=(candidate,), strong=True, reading=tuple(reading.said),
                compared=r.value, quantity="the condition number kappa",
                extra={"definition": True})


def spectral_radius(r: Relation, ctx: Context) -> Plan | None:
    value = flat(r.value if r.relation in ("", "=") else r.subject)
    if re.fullmatch(r"\\max\(\|\\sigma_\{?1\}?\|,\|\\sigma_\{?2\}?\|\)|"
                    r"\\max\\\{\|\\sigma_\{?1\}?\|,\|\\sigma_\{?2\}?\|\\\}", value):
        return Plan("definition", "the rate of momentum as the spectral radius of R "
                    "(sigma_1, sigma_2 its eigenvalues)", quantity="rate")
    if re.match(r"\{?\\(max_|min_|arg ?min|mathop)", value) and re.search(
            r"rate|optimal|\\alpha|\\beta", flat(r.subject)):
        return Plan("definition", "defined as an extremum (the largest factor over the "
                    "eigenvalues, or the best parameter)", quantity="rate")
    return None


def new_symbol(r: Relation, ctx: Context) -> Plan | None:
    key = is_symbol(r.subject)
    if key is None or r.relation not in ("=", ":="):
        return None
    if key.sub in ("i", "j") and any(re.match(r"\\?" + key.base + "_", k) for k in ctx.local):
        return Plan("definition", f"notation used by the formula ({r.subject.strip()})")
    for other in ctx.siblings:
        if other is not r and other.relation == "=" and key.text in {
                k.text for k in keys_of(other.value)}:
            return Plan("definition", f"notation used by the formula ({r.subject})")
    return None


def fresh_symbol(r: Relation, ctx: Context) -> Plan | None:
    """A symbol the text introduces (``Z = ...``, ``b' = ...``): notation."""
    key = is_symbol(r.subject)
    if key is None or r.relation not in ("=", ":="):
        return None
    if key.base in ("alpha", "beta", "eta", "kappa", "sigma", "lambda", "gamma", "rho", "mu",
                    "R") or key.base in ctx.setting.iterates + ctx.setting.buffers:
        return None
    if key.base in ctx.setting.coordinates and iteration_offset(key, ctx.setting) is not None:
        return None
    return Plan("definition", f"introduces the notation {r.subject.strip()}")


def expression(r: Relation, ctx: Context) -> Plan | None:
    """A lone expression no words name: notation, not a claim."""
    if r.relation:
        return None
    return Plan("not-a-claim", "an expression the text does not state a value for")
