"""Rules for scalar quantities: step sizes, momentum parameters, rates and counts named by
their symbol or by the words before them, ranges of alpha lambda, lower bounds.
"""

from __future__ import annotations

import dataclasses
import re

from momentum_sym.audit import sentences
from momentum_sym.audit.claims.context import Context, Reading
from momentum_sym.audit.claims.readings import base_reading
from momentum_sym.audit.claims.shapes import NUMBER, is_symbol
from momentum_sym.audit.claims.targets import (
    CUES,
    QUANTITIES,
    canonical_keys,
    make_candidate,
    make_plan,
    methods_in_sentence,
    momentum_set_aside,
    ranked,
    this_sentence,
)
from momentum_sym.audit.documents.prose import FORMULA
from momentum_sym.audit.keys import keys_of
from momentum_sym.audit.notation import flat
from momentum_sym.audit.plans import Plan
from momentum_sym.audit.relations import Relation

#: Words saying a bound is the exact range, not a sufficient condition.
RANGE_WORDS = re.compile(r"if and only if|\biff\b|exactly|precisely|all workable|"
                         r"the (range|interval)|necessary and sufficient", re.I)
DIVERGE_WORDS = re.compile(r"diverg|unstable|blows? up|explod", re.I)
CONVERGE_WORDS = re.compile(r"converg|\bstable\b", re.I)
#: a clause ends at a colon too: "Tuning requires care: it converges whenever ..."
_CLAUSE_END = re.compile(r"[.!?;:](?:\s|$)|\n\s*\n")
# a clause ends a sentence's say: "it converges for x; for y it diverges"
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n\s*\n")
#: Words that say the clause is about the rest of the line, not the region: "diverges
#: unless", "outside of which it diverges"
_CONTRAST = re.compile(r"\b(?:unless|except|outside|otherwise|beyond|apart\s+from|"
                       r"other\s+than)\b", re.I)
#: a contrast right before a formula: "except when $...$", "unless $...$"
_CONTRAST_NEAR = re.compile(r"\b(?:unless|except(?:\s+(?:when|if|for|where))?|"
                            r"outside(?:\s+of)?|otherwise|other\s+than)\s*$", re.I)
#: Words that make a bound a necessary condition ("converges only if alpha <= 2/L")
NECESSARY_WORDS = re.compile(r"(?<!if\sand\s)\bonly\s+(?:if|when)\b|\bnecessary\b|"
                             r"\b(?:requires?|must|needs?\s+to)\s*$", re.I)
#: Words that turn what a clause says around (does not converge, no longer stable).
_NEGATION = re.compile(r"\b(?:not|no longer|never|fails?|cannot|can't|doesn't|don't|lost|"
                       r"loses|stops?|ceases?|without)\b", re.I)



#: words that say a rate is of the function values, not of the error
_OF_VALUES = re.compile(r"function[- ]values?|objective|\bloss\b|optimality\s+gap|squared|"
                        r"\bin\s+\$?f\$?(?![\w(])|\\\|[^$]*\\\|\s*\^\s*\{?2|"
                        r"\bf\(x_?\{?k|suboptimality|f\s*-\s*f\^?\{?\*|f\^\\star", re.I)

#: words that state a necessary condition ("converges only if", "a necessary condition",
#: "does not converge unless"): the region lies inside it, which no comparison of ends
#: decides
_NECESSARY = re.compile(r"(?<!and )\bonly\s+(?:if|when)\b|\bnecessary\b(?!\s+and\s+sufficient)|"
                        r"\bunless\b|\bcan\s+only\b", re.I)


#: A preposition just before the words of a cue: they say where the quantity is taken.
_MODIFIER = re.compile(
    r"\b(?:at|under|with|for|near|past|beyond|below|above)\s+(?:[\w-]+\s+){0,2}$", re.I)

def _said_inside(ctx: Context) -> str | None:
    """What the words say of the region: "necessary" where they state a necessary
    condition for convergence (the region must lie inside it)."""
    said = said_of_region(ctx)
    return "necessary" if said == "converges" and _NECESSARY.search(
        this_sentence(ctx.before)) else said


#: words that state a sufficient condition ("converges if 0 < alpha lambda < 1",
#: "whenever"), not the whole region ("if and only if" is the whole region)
_SUFFICIENT = re.compile(r"\b(?:whenever|as\s+long\s+as|provided|(?<!only )if)\b"
                         r"(?!\s+and\s+only)", re.I)

def said_beyond(ctx: Context) -> str:
    """What the words nearest a bound with the region beyond it (alpha lambda > 2) say
    happens there: "diverges", "converges", or "" when they say neither (or negate
    what they say)."""
    said = said_of_region(ctx, contrast=False)
    if said in ("converges", "diverges") and _CONTRAST_NEAR.search(
            _SENTENCE_END.split(ctx.before)[-1]):
        # "stable except when alpha lambda >= 2": the words are about the other side
        return "diverges" if said == "converges" else "converges"
    return "" if said == "negated" else said


def said_of_region(ctx: Context, contrast: bool = True) -> str:
    """What the words nearest a region say happens in it: "diverges", "converges",
    "negated" when a negation in the formula's clause would turn either around ("does
    not converge", "fails to converge") or, with ``contrast``, when its words are about
    the rest of the line ("unless", "outside"), or "" when they say neither.  The last such
    word before the formula decides, else the first after it."""
    def found(text: str) -> list[tuple[int, str]]:
        return sorted((m.start(), kind) for kind, words in (
            ("diverges", DIVERGE_WORDS), ("converges", CONVERGE_WORDS))
            for m in words.finditer(text))

    # the formula's own clause only; a negation anywhere in it ("does not converge",
    # "convergence is lost") leaves it unsaid rather than read the wrong way round
    clause_before = _SENTENCE_END.split(ctx.before)[-1]
    clause_after = _SENTENCE_END.split(ctx.after)[0]
    before, after = found(clause_before), found(clause_after)
    turning = (_NEGATION, _CONTRAST) if contrast else (_NEGATION,)
    if (before or after) and any(words.search(clause) for words in turning
                                 for clause in (clause_before, clause_after)):
        return "negated"
    return before[-1][1] if before else after[0][1] if after else ""


def range_variable(latex: str, reading: Reading) -> str | None:
    """``alpha lambda`` (or ``alpha`` alone) as the varying product of a range."""
    keys = canonical_keys(latex, reading)
    if keys == {"alpha", "lambda"} or keys == {"alpha", "lambda_n"}:
        return "product"
    if keys == {"alpha"}:
        return "alpha"
    return None


#: words that make a range one of the eigenvalues' regimes, not of convergence
REGIME_WORDS = re.compile(r"complex|real (?:and distinct )?eigenvalues|oscillat|regime|"
                          r"critically damped|over-?damped|under-?damped|ripple", re.I)
_CONVERGENCE_TOPIC = re.compile(r"converg|stab|diverg|step[- ]sizes? (?:range|work)", re.I)


def regions(r: Relation, ctx: Context) -> Plan | None:
    """0 < alpha lambda < 2 (+ 2 beta), |1 - alpha lambda| < 1, alpha < 2/L, alpha lambda > 2."""
    if r.relation not in ("range", "<", "<=", ">", ">="):
        return None
    # the formula's own clause: "...; the eigenvalues are complex in the middle" is another
    clause = f"{this_sentence(ctx.before, clause=True)} {sentences.first(ctx.after, clause=True)}"
    if REGIME_WORDS.search(clause) and not _CONVERGENCE_TOPIC.search(clause):
        # "complex eigenvalues exactly when ...": a regime, which no region states
        return Plan("unreadable", "a range of a regime of the eigenvalues (complex, real, "
                    "oscillating), not of convergence: not compared",
                    quantity="a regime's range")
    members = list(r.members) if r.relation == "range" else [r.subject, r.value]
    relations = list(r.relations) if r.relation == "range" else [r.relation]
    if len(members) == 3 and is_symbol(members[1]) and all(
            NUMBER.match(m) for m in (members[0], members[2])):
        return Plan("not-a-claim", "the range of a parameter (a domain)")
    reading = base_reading(ctx, " ".join(members))
    # |1 - alpha lambda| < 1 is the range 0 < alpha lambda < 2
    if len(members) == 2 and relations[0] in ("<", "<=") and flat(members[1]) == "1":
        m = re.fullmatch(r"\|1-(.*)\||\\left\|1-(.*)\\right\|", flat(members[0]))
        if m:
            inner = m.group(1) or m.group(2)
            if range_variable(inner, reading) == "product":
                # the whole relation is compared: |1 - t| <= 1 takes in t = 2
                whole_relation = r.latex()
                plan = make_plan([make_candidate("gd-step-size-range.upper", whole_relation,
                                                 reading)], reading, strong=True,
                                 quantity="the step-size range", compared=whole_relation)
                plan.extra["inside"] = said_of_region(ctx)
                return plan
        return None
    for j, member in enumerate(members):
        kind = range_variable(member, reading)
        if kind is None:
            continue
        if j + 1 < len(members) and relations[j] in ("<", "<="):
            bound, upper_side = members[j + 1], True
        elif j > 0 and relations[j - 1] in (">", ">="):
            bound, upper_side = members[j - 1], True
        elif j + 1 < len(members) and relations[j] in (">", ">="):
            bound, upper_side = members[j + 1], False  # divergence beyond the bound
        else:
            continue
        if range_variable(bound, reading) is not None or (not keys_of(bound) and \
                not re.search(r"\d", bound)):
            continue
        # a bound without beta is still a claim about the region of the momentum method
        # the sentence names ("Nesterov's method converges iff 0 < alpha lambda < 2")
        named = methods_in_sentence(ctx)
        quantity = "momentum-range" if "beta" in canonical_keys(bound, reading) or (
            named and "gd" not in named and not momentum_set_aside(ctx)) else "gd-range"
        targets = QUANTITIES[quantity]
        if quantity == "gd-range" and len(named) > 1:
            # "Unlike gradient descent, the heavy ball converges when ...": both regions
            targets = (*targets, *QUANTITIES["momentum-range"])
        extra = {}
        if kind == "alpha":
            # over the eigenvalue the bound is written in: lambda itself (one curvature,
            # alpha < 2/lambda), else the largest (alpha < 2/L for the whole spectrum)
            own = "lambda" in canonical_keys(bound, reading) and \
                "lambda_n" not in canonical_keys(bound, reading)
            extra["derived"] = "\\frac{G}{\\lambda}" if own else "\\frac{G}{\\lambda_n}"
            reading.where["G"] = targets[0]
            reading.say("a bound on α: the bound on α λ over " + ("λ" if own else "λₙ"))
        if not upper_side:
            reading.say("the region beyond the bound")
        # the whole range (0 < alpha lambda < U), or words that say so, claim the range;
        # a bound alone may be a sufficient condition ("for alpha <= 1/L it converges")
        # the words of the formula's own sentence say which (an "iff" of a sentence before
        # is not this one's)
        sentence = this_sentence(ctx.before)
        whole = not _NECESSARY.search(sentence) and ((
            len(members) == 3 and flat(members[0]) == "0" and not
            _SUFFICIENT.search(sentence)) or (RANGE_WORDS.search(sentence) is not None) or (
            not upper_side and DIVERGE_WORDS.search(sentence) is not None
            and not _SUFFICIENT.search(sentence)))
        if quantity == "momentum-range" and "beta" not in canonical_keys(bound, reading):
            # a range without beta for a momentum method: the whole region only where the
            # words say so (iff, exactly); "converges whenever 0 < t < 2" may be a true
            # sufficient condition
            whole = not _NECESSARY.search(sentence) and (
                RANGE_WORDS.search(sentence) is not None or
                re.search(r"\bonly\b", sentence) is not None)
        if kind == "product" and upper_side:
            # the region itself is compared, as check does: its ends, whether each is
            # included, and its side of the bound; then what the words say of it
            region = r.latex()
            plan = make_plan([make_candidate(t, region, reading) for t in targets], reading,
                             strong=whole, quantity="the step-size range", compared=region)
            plan.extra["inside"] = _said_inside(ctx)
            return plan
        plan = make_plan([make_candidate(t, bound, reading, **extra) for t in targets],
                         reading, strong=whole, quantity="the step-size range", compared=bound)
        if upper_side:  # a bound on alpha: what the words say of the region below it
            plan.extra["inside"] = _said_inside(ctx)
        if not upper_side:  # the bound is compared; what is said of the region is judged
            plan.extra["beyond"] = said_beyond(ctx)
            if (">=" in relations[j:j + 1] or "<=" in relations[j - 1:j]) \
                    and not _CONTRAST_NEAR.search(_SENTENCE_END.split(ctx.before)[-1]):
                # "diverges for alpha lambda >= 2": at the bound itself it neither
                # converges nor diverges
                plan.extra["closed_beyond"] = True
        elif ("<=" in relations[j:j + 1] or ">=" in relations[j - 1:j]) \
                and said_of_region(ctx) == "converges" \
                and not NECESSARY_WORDS.search(_CLAUSE_END.split(ctx.before)[-1]):
            # "converges for alpha <= 2/L" takes in the bound itself, where the slowest
            # component stands still or oscillates: it does not converge there ("only if
            # alpha <= 2/L", a necessary condition, is true)
            plan.extra["closed"] = True
        return plan
    return None


def lower_bound(r: Relation, ctx: Context) -> Plan | None:
    subject = flat(r.subject)
    if not re.fullmatch(r"\\\|.*\\\|(_\{?\\infty\}?|_\{?2\}?)?", subject) or \
            r.relation not in (">=", ">", "="):
        return None
    m = re.search(r"\\\|[^|]*(\^\{?0\}?|_0)[^|]*\\\|(_\{?\\infty\}?)?$", flat(r.value))
    if m:
        latex = r.value[:r.value.rfind("\\|", 0, r.value.rfind("\\|"))].strip()
        reading = base_reading(ctx, latex)
        reading.say("the factor multiplying the initial error")
        return make_plan([make_candidate("rosenbrock-lower-bound.bound", latex, reading)], reading,
                     strong=True, quantity="a lower bound on the error", compared=latex)
    return Plan("unreadable", "a bound on the error without the initial error it is "
                "relative to (the derived bound is relative)", quantity="a lower bound")


def scalar_quantity(r: Relation, ctx: Context) -> Plan | None:
    """alpha = ..., beta = ..., rate = ..., a lone expression the words name."""
    quantity = None
    strong = True
    if r.relation == "=":
        key = is_symbol(r.subject)
        subject = flat(r.subject)
        if re.search(r"rate|\\rho", subject):
            quantity = "rate"
        elif key is not None and key.base == "gamma" and ctx.setting.gamma_momentum:
            quantity = "momentum"
        elif key is not None and key.base in ("alpha", "eta", "h", "gamma") and (
                key.base == "alpha" or ctx.setting.eta_step or key.sup == "star"):
            quantity = "step"
        elif key is not None and key.base == "beta":
            quantity = "momentum"
        elif re.search(r"optimal|\\alpha|\\beta", subject) and key is None:
            quantity = "step" if "\\alpha" in subject or "\\eta" in subject else (
                "momentum" if "\\beta" in subject else None)
        latex = r.value
    elif not r.relation:
        latex = r.value
        best = (False, -1)
        for pattern, name in CUES:
            whole = name in ("tikhonov", "early-stopping")
            near = ctx.before if whole else " ".join(ctx.before.split(" ")[-8:])
            found = list(pattern.finditer(near))
            # the formula must be the first one after the words that name it
            rest = near[found[-1].end():] if found else ""
            if not found or (not whole and ("\\" in rest or FORMULA in rest)):
                continue
            position = len(ctx.before) - len(near) + found[-1].start()
            # the words nearest to the formula decide, unless they only say where the
            # other is taken ("the rate at critical damping is ...": a rate)
            rank = (not _MODIFIER.search(near[:found[-1].start()]), position)
            if rank > best:
                best, quantity = rank, name
    else:
        return None
    if quantity is None:
        return None
    if quantity == "modulus":
        quantity = "rate"
    if quantity == "rate" and _OF_VALUES.search(
            f"{this_sentence(ctx.before)} {sentences.first(ctx.after)}"):
        # the derived rates are of the error; the loss contracts by their square
        return Plan("unreadable", "a rate of the function values (the loss), which no "
                    "derived result states: the derived rates are of the error",
                    quantity=quantity)
    reading = base_reading(ctx, latex)
    if quantity == "tikhonov" and ctx.setting.eta_step:
        reading.notation.pop("\\eta", None)
    if r.subject:
        star = " optimal" if re.search(r"\^\{?(\\star|\*|\\ast)", r.subject) else ""
        ctx = dataclasses.replace(ctx, before=f"{ctx.before} {flat(r.subject)}{star}")
    targets = ranked(quantity, latex, reading, ctx,
                      require_context=quantity in ("rate", "step", "momentum"))
    if not targets and r.relation and quantity in ("step", "momentum"):
        # no word calls it the best: a chosen step or momentum. It is compared with the
        # derived values its symbols fit (an equal one is said), and a different one is
        # the text's own choice, not an erratum
        chosen = ranked(quantity, latex, reading, ctx, require_context=False)
        if chosen:
            plan = make_plan([make_candidate(t, latex, reading) for t in chosen[:3]], reading,
                             strong=False, quantity=quantity)
            plan.extra["choice"] = True
            return plan
    if not targets:
        if not r.relation:
            return None
        return Plan("unreadable", f"no derived result states this {quantity.replace('-', ' ')}"
                    " with these symbols", quantity=quantity)
    return make_plan([make_candidate(t, latex, reading) for t in targets[:3]], reading,
                     strong=strong, quantity=quantity)
