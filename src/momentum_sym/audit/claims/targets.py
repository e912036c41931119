"""The derived results a quantity may be stated by, and choosing among them by the symbols
a formula is written in and the words around it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache

from momentum_sym.audit import sentences
from momentum_sym.audit.claims.context import Context, Reading
from momentum_sym.audit.claims.readings import canonical_pairs
from momentum_sym.audit.keys import keys_of
from momentum_sym.audit.notation import ZERO_DAMPENING
from momentum_sym.audit.plans import Candidate, Plan, pairs

#: Derived results that state each quantity, in order of preference.
QUANTITIES: dict[str, tuple[str, ...]] = {
    "step": ("gd-optimal-step-size.alpha", "momentum-optimal-parameters.alpha"),
    "momentum": ("critical-damping.beta", "momentum-optimal-parameters.beta"),
    "rate": ("gd-optimal-step-size.rate", "momentum-optimal-parameters.rate",
             "critical-damping.rate", "momentum-complex-rate.rate"),
    "count": ("effective-gradient-count.count",),
    "tikhonov": ("early-stopping-vs-tikhonov.tikhonov_filter",),
    "early-stopping": ("early-stopping-vs-tikhonov.gd_filter",),
    "gradient": ("quadratic-optimum.gradient",),
    "optimum": ("quadratic-optimum.w_star",),
    "optimum-component": ("rosenbrock-optimum.exact",),
    "sigma_1": ("momentum-eigenvalues.sigma_1",),
    "sigma_2": ("momentum-eigenvalues.sigma_2",),
    "R": ("momentum-iteration-matrix.R", "d2l-velocity-form.R"),
    "loss": ("gd-loss-decomposition.term",),
    "bound": ("rosenbrock-lower-bound.bound",),
    "gamma": ("unrolled-gd.gamma", "unrolled-momentum.gamma"),
    "gd-range": ("gd-step-size-range.upper",),
    "momentum-range": ("momentum-convergence-region.upper",),
}


#: Words that must be near a formula for a result to be what it states, when the
#: quantity alone does not decide (several rates, several betas).
CONTEXT: dict[str, re.Pattern[str]] = {
    "gd-optimal-step-size.rate": re.compile(r"optim|best|minimi[sz]|fastest", re.I),
    "momentum-optimal-parameters.rate": re.compile(r"optim|best|tun", re.I),
    "critical-damping.rate": re.compile(r"critical|damp", re.I),
    "momentum-complex-rate.rate": re.compile(r"complex|modul|magnitude", re.I),
    "critical-damping.beta": re.compile(r"critical|damp", re.I),
    "momentum-optimal-parameters.beta": re.compile(r"optim|best|tun", re.I),
    "gd-optimal-step-size.alpha": re.compile(r"optim|best|minimi[sz]|fastest", re.I),
    "momentum-optimal-parameters.alpha": re.compile(r"optim|best|tun", re.I),
}


#: The method each result belongs to, to prefer by the words around a formula.
MOMENTUM_WORDS = re.compile(r"momentum|heavy[- ]ball|velocity|polyak", re.I)


GD_WORDS = re.compile(r"gradient descent|\bGD\b", re.I)

#: plain gradient descent named as the method (not "gradient descent with momentum")
_PLAIN_GD = re.compile(r"(?<!accelerated )(?<!momentum )(?<!heavy-ball )(?<!heavy ball )"
                       r"(?:gradient descent|\bGD\b)(?!\s+(?:with|\+|and)\s+(?:polyak'?s?\s+|"
                       r"nesterov'?s?\s+|heavy[- ]ball\s+)?momentum)", re.I)


#: Other methods a text may be about, by the words that name them, and the engine's
#: name for each (its results are ``<method>-<family>``).
METHOD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "accelerated gradient (descent)", NAG and AGD name Nesterov's method
    (re.compile(r"nesterov|\bNAG\b|\bAGD\b|accelerated\s+gradient|"
                r"\bthe\s+accelerated\s+method\b", re.I), "nesterov"),
    (re.compile(r"quasi[- ]hyperbolic|\bQHM\b", re.I), "qhm"),
    (re.compile(r"sutskever|keras", re.I), "sutskever"),
    (re.compile(r"pytorch|torch\.optim", re.I), "pytorch-sgd"),
)
METHOD_TITLES = {"nesterov": "Nesterov's method", "qhm": "quasi-hyperbolic momentum",
                 "sutskever": "the Sutskever (Keras) form of momentum",
                 "pytorch-sgd": "PyTorch's SGD"}

#: The heavy ball's results that every method has under its own name, by family.
HEAVY_BALL_FAMILIES: dict[str, str] = {
    "momentum-convergence-region": "convergence-region",
    "critical-damping": "critical-damping",
    "momentum-optimal-parameters": "optimal-parameters",
    "momentum-eigenvalues": "eigenvalues",
    "momentum-iteration-matrix": "iteration-matrix",
    "unrolled-momentum": "unrolled",
}


#: the method of a section that writes out an update the audit reads as no derived
#: method's (:attr:`Context.method`): its sentences are compared with nothing
WRITTEN_OUT = "written-out"


def method_named(ctx: Context) -> str | None:
    """The method other than the heavy ball that the words around a formula name (its
    section, or its sentence, carried from an earlier formula of the same sentence), if
    any."""
    if ctx.method is not None:
        return ctx.method if ctx.method in METHOD_TITLES else None
    return last_method_named(f"{ctx.section} . {this_sentence(ctx.since or ctx.before)}")


#: the start of a sentence that speaks of the method of the sentence before: "Its
#: optimal step is", "For this method", "It converges when"
_REFERS_BACK = re.compile(
    r"^\W*(?:its|their|it|for\s+it|with\s+it|here|(?:for\s+|with\s+)?(?:this|the|that)"
    r"\s+(?:method|algorithm|scheme|iteration|variant|update)(?:'s)?)\b", re.I)


def refers_back(sentence: str) -> bool:
    """Whether ``sentence`` starts by referring to the method spoken of before."""
    return _REFERS_BACK.match(sentence) is not None


def this_sentence(before: str, clause: bool = False) -> str:
    """The words of ``before`` in the sentence (or clause) that ends with the formula: a
    method named in an earlier sentence is no longer the one spoken of for sure (see
    :attr:`Context.earlier_method`).  A paragraph break ends a sentence too."""
    return sentences.last(re.split(r"\n\s*\n", before)[-1], clause)


#: a method's name as a text writes it
_METHOD_NAME = (r"(?:the\s+|plain\s+|vanilla\s+|standard\s+|ordinary\s+|classical\s+)*(?:"
                r"gradient\s+descent|\bGD\b|heavy[- ]ball(?:\s+method)?|\bNAG\b|\bAGD\b|"
                r"accelerated\s+gradient(?:\s+descent)?|(?:SGD\s+with\s+)?momentum(?:\s+SGD|"
                r"\s+method)?|polyak(?:'s)?(?:\s+(?:method|momentum|"
                r"heavy[- ]ball))?|nesterov(?:'s)?(?:\s+(?:method|momentum|accelerated\s+"
                r"gradient))?|\bQHM\b|quasi[- ]hyperbolic\s+momentum|sutskever(?:'s)?|keras|"
                r"pytorch(?:'s)?(?:\s+SGD)?)")
#: a method named only to compare with: "better than gradient descent", "Unlike
#: gradient descent, ...", "compared with Nesterov's method" (its name only: the subject
#: may follow without a comma)
_COMPARED_WITH = re.compile(r"\b(?:than|unlike|compared\s+(?:with|to)|versus|vs\.?|"
                            r"relative\s+to|instead\s+of|as\s+opposed\s+to|in\s+contrast\s+"
                            rf"(?:with|to))\s+{_METHOD_NAME}", re.I)


_HEAVY_BALL = re.compile(r"heavy[- ]ball|polyak|classical\s+momentum|\bCM\b", re.I)


#: the end of a text inside a relative clause: "gradient descent, whose optimal step is"
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|whose|where|for\s+which|with\s+which)\b"
                              r"[^,.;:]*$", re.I)
#: a comparison that ends just before a relative clause: "Unlike gradient descent",
#: "beats gradient descent" (the clause then speaks of the method compared with)
_COMPARED_BEFORE_CLAUSE = re.compile(
    r"\b(?:than|unlike|compared\s+(?:with|to)|versus|as\s+opposed\s+to|in\s+contrast\s+"
    rf"(?:with|to)|beats?|outperforms?|improves?\s+on|over)\s+({_METHOD_NAME})\s*$", re.I)
#: where the words after a formula turn to another clause ("..., while the heavy ball")
_OTHER_CLAUSE = re.compile(r",|\b(?:while|whereas|but|and\s+for)\b", re.I)


def _last_mention(text: str) -> str:
    """The method named last in ``text``, as written ("" when none is)."""
    found = [m for pattern in (*(p for p, _ in METHOD_WORDS), _HEAVY_BALL, _PLAIN_GD)
             for m in pattern.finditer(text)]
    return max(found, key=lambda m: m.end()).group(0) if found else ""


def subject_words(text: str) -> str:
    """The words of ``text`` that may name the method spoken of: a method named only to
    compare with is left out, unless the text ends inside a method's own relative clause
    ("Unlike gradient descent, which ...", "beats gradient descent, whose ..."), which
    then speaks of that method alone."""
    inside = _RELATIVE_CLAUSE.search(text)
    if inside is not None:
        clause = _last_mention(inside.group(0))
        if clause:  # "..., for which the heavy ball attains"
            return clause
        compared = _COMPARED_BEFORE_CLAUSE.search(text[:inside.start()])
        if compared is not None:  # "Unlike gradient descent, which ..."
            return compared.group(1)
    return _COMPARED_WITH.sub(" ", text)


def names_heavy_ball(text: str) -> bool:
    """Whether the text names the heavy ball, other than to compare with it."""
    return _HEAVY_BALL.search(subject_words(text)) is not None


def last_method_named(text: str) -> str | None:
    """The method the text names last (None for the heavy ball or none at all), other
    than one named to compare with ("Unlike Nesterov's method, ...")."""
    text = subject_words(text)
    found: list[tuple[int, str | None]] = []
    for pattern, method in (*METHOD_WORDS, (_HEAVY_BALL, None)):
        found += [(m.end(), method) for m in pattern.finditer(text)]
    return max(found, key=lambda f: f[0])[1] if found else None


def for_method(target: str, method: str | None) -> str | None:
    """``target`` as a result of ``method``: the same family under the method's own id;
    None for a heavy-ball result the method has no counterpart of (the text is then not
    compared with the heavy ball's, which it is not about)."""
    import momentum_sym

    ident, name = target.split(".")
    if method is None or ident.startswith("gd-") or ident in ("effective-gradient-count",
                                                              "quadratic-optimum"):
        return target
    family = HEAVY_BALL_FAMILIES.get(ident)
    if family is None:
        return None if ident.startswith(("momentum-", "unrolled-momentum")) else target
    own = f"{method}-{family}"
    return f"{own}.{name}" if own in momentum_sym.ids() else None


#: Words before a lone expression that say what it is.
CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"effective (number|window)|number of (past )?gradients|remembers|"
                r"averages? (over )?(about )?", re.I), "count"),
    (re.compile(r"tikhonov|ridge", re.I), "tikhonov"),
    (re.compile(r"early stopping", re.I), "early-stopping"),
    (re.compile(r"\bmodulus\b|\bmagnitude\b|absolute value", re.I), "modulus"),
    (re.compile(r"\brates?\b|convergence|converges? (at|like|as)|contracts?|contraction|"
                r"(?:reduces?|cuts?) the error", re.I), "rate"),
    (re.compile(r"step[- ]?size|learning rate", re.I), "step"),
    (re.compile(r"critical (value|damping)|momentum (term|parameter|coefficient)", re.I),
     "momentum"),
)


_NEGATION = re.compile(r"\b(not|never|no longer|isn't|aren't|is no)\b|n't\b", re.I)


def words_near(ctx: Context, pattern: re.Pattern[str]) -> bool:
    """Whether the section, the words before the formula or the rest of its sentence
    match ("Choosing beta = ... damps the oscillation critically"), unless that rest
    denies it ("... is not optimal")."""
    if pattern.search(ctx.words):
        return True
    sentence = ctx.after.split(". ")[0]
    return bool(pattern.search(sentence)) and not _NEGATION.search(sentence)


def make_plan(candidates: Sequence[Candidate], reading: Reading, strong: bool, quantity: str,
          compared: str = "", slip: str = "") -> Plan:
    return Plan(candidates=tuple(candidates), strong=strong, reading=tuple(reading.said),
                compared=compared, quantity=quantity, slip=slip)


def make_candidate(target: str, latex: str, reading: Reading, **extra) -> Candidate:
    return Candidate(target=target, latex=latex, notation=canonical_pairs(reading.notation),
                     where=pairs(reading.where), **extra)


@lru_cache(maxsize=256)
def result_keys(target: str) -> frozenset[str]:
    """The canonical keys a result may be written in (its symbols, its domain's)."""
    import momentum_sym
    from momentum_sym.audit.compare import _key

    ident, name = target.split(".")
    derivation = momentum_sym.get(ident)
    value = derivation.results[name]
    atoms = set(getattr(value, "free_symbols", set())) | set(derivation.domain.variables) | \
        set(derivation.domain.derived)
    out = {_key(str(getattr(a, "name", a))) for a in atoms}
    if {"lambda_1", "lambda_n"} <= out:
        out.add("kappa")
    if "kappa" in out:
        out |= {"lambda_1", "lambda_n"}
    if any(type(a).__name__ == "Identity" for a in getattr(value, "atoms", lambda *a: [])()):
        out.add("I")
    return frozenset(k for k in out if k)


def canonical_keys(latex: str, reading: Reading) -> set[str]:
    """The keys of ``latex`` after the reading (``where`` values contribute theirs)."""
    from momentum_sym.audit.compare import _key

    notation = {(_key(k) or k): (_key(v) or v) for k, v in reading.notation.items()}
    where = {(_key(k) or k): v for k, v in reading.where.items()}
    out: set[str] = set()
    for key in keys_of(latex):
        if key.text in where:
            value = where[key.text]
            if "." in value and "-" in value.split(".")[0]:
                continue  # a named result
            out |= {k.text for k in keys_of(value)}
            continue
        out.add(notation.get(key.text, key.text))
    return out


def fits(target: str, latex: str, reading: Reading) -> bool:
    return canonical_keys(latex, reading) <= result_keys(target) | {"T"}


@lru_cache(maxsize=256)
def value_keys(target: str) -> frozenset[str]:
    """The canonical keys of a result's own value (not its domain's)."""
    import momentum_sym
    from momentum_sym.audit.compare import _key

    ident, name = target.split(".")
    value = momentum_sym.get(ident).results[name]
    out = {_key(str(getattr(a, "name", a))) for a in getattr(value, "free_symbols", set())}
    if "kappa" in out:
        out |= {"lambda_1", "lambda_n"}
    if {"lambda_1", "lambda_n"} <= out:
        out.add("kappa")
    return frozenset(k for k in out if k)


def ranked(quantity: str, latex: str, reading: Reading, ctx: Context,
            require_context: bool) -> list[str]:
    """The results stating ``quantity`` that ``latex`` fits, best first (those written in
    the same symbols before those that only share a domain)."""
    method = method_named(ctx)
    own = {t: for_method(t, method) for t in QUANTITIES.get(quantity, ())}
    targets = [t for t in own.values() if t is not None and fits(t, latex, reading)]
    keys = canonical_keys(latex, reading)
    # a result that does not depend on a symbol of the formula is not what it states
    # (rate(alpha) is not the optimal rate, which does not depend on alpha)
    targets = [t for t in targets if keys <= value_keys(t) | {"T"}]
    # the words that call a result what it is are those of its heavy-ball counterpart
    # (nesterov-optimal-parameters.alpha is optimal as momentum-optimal-parameters is)
    original = {mapped: t for t, mapped in own.items() if mapped is not None}

    def cue(t: str) -> re.Pattern[str] | None:
        return CONTEXT.get(original.get(t, t))

    if require_context:
        near = [t for t in targets if cue(t) is None or words_near(ctx, cue(t))]
        targets = near
    # a text about a method with momentum (by its words, or by naming Nesterov's, QHM...)
    # states that method's results before gradient descent's
    momentum = bool(MOMENTUM_WORDS.search(ctx.words)) or method is not None or \
        bool(ctx.earlier_method)
    gd = bool(GD_WORDS.search(ctx.words))

    def score(t: str) -> tuple[int, int]:
        words = 0
        if cue(t) is not None and words_near(ctx, cue(t)):
            words += 2
        is_momentum = not t.startswith("gd-")
        if (momentum and is_momentum) or (gd and not momentum and not is_momentum):
            words += 1
        return (-words, list(own.values()).index(t))

    return sorted(targets, key=score)


def _redirected(candidate: Candidate, method: str) -> Candidate | None:
    """``candidate`` compared with ``method``'s own result of the same family (and its
    readings of other results too); None when the method has no such result."""
    target = for_method(candidate.target, method)
    if target is None:
        return None
    where = tuple((k, (for_method(v, method) or v) if re.fullmatch(
        r"[a-z0-9-]+\.[A-Za-z_0-9]+", v) else v) for k, v in candidate.where)
    return dataclasses.replace(candidate, target=target, where=where)


def _also_for_earlier_method(plan: Plan, ctx: Context) -> Plan:
    """A plan for a sentence that names no method, in a section that named one before
    ("For Nesterov's method, ... . Its optimal rate is ..."): the heavy ball's results
    and that method's own are both compared, so that a formula is held to neither
    reading alone."""
    method = ctx.earlier_method
    if not method or not plan.candidates:
        return plan
    added = [redirected for c in plan.candidates
             if (redirected := _redirected(c, method)) is not None
             and redirected.target != c.target]
    if not added:
        return plan
    # the method's own first: a formula different from both is reported against it
    ambiguous = {c.target: METHOD_TITLES[method] for c in added}
    return dataclasses.replace(plan, candidates=(*added, *plan.candidates),
                               extra={**plan.extra, "ambiguous": ambiguous})


_DAMPENING = re.compile(r"dampen|\\tau\b", re.I)
_ITERATION_SUBJECT = re.compile(r"\^\{?\(?[kt]([+-]1)?\)?\}?")
_NEXT_ITERATE = re.compile(r"[_^]\{?\(?[kt]\s*\+\s*1\)?\}?")


def is_update_subject(subject: str) -> bool:
    """Whether ``subject`` is a sequence at the next step (x_{k+1}, w^{t+1})."""
    return _NEXT_ITERATE.search(subject) is not None


def _of_gradient_descent(target: str) -> bool:
    """A result of gradient descent alone (its step, range and iterates)."""
    return target.startswith(("gd-", "unrolled-gd."))


def _of_momentum(target: str) -> bool:
    """A result of one momentum method (the heavy ball's or another's own)."""
    ident = target.split(".")[0]
    return ident in HEAVY_BALL_FAMILIES or ident.startswith(
        ("momentum-", "heavy-ball-", "critical-damping", "unrolled-momentum",
         *(f"{m}-" for _, m in METHOD_WORDS)))


#: words that set the momentum aside (beta = 0, nu = 0, "without momentum"): gradient
#: descent's results may then be what a sentence states
_MOMENTUM_ASIDE = re.compile(r"\\(?:beta|nu)\s*=\s*0(?![.\d])|momentum[- ]free|momentum\s+aside|"
                             r"momentum\s+set\s+to\s+zero|\b(?:zero|without|no)\s+"
                             r"momentum|momentum\s*(?:of|set\s+to|equal\s+to|=|\s)\s*`?0(?![.\d])",
                             re.I)


def momentum_aside_in(words: str) -> bool:
    """Whether ``words`` set the momentum aside ("without momentum", beta = 0)."""
    return _MOMENTUM_ASIDE.search(words) is not None


def momentum_set_aside(ctx: Context) -> bool:
    """Whether the formula's own clause sets the momentum aside (beta = 0, nu = 0,
    "without momentum"): gradient descent's results may then be what it states."""
    after = _OTHER_CLAUSE.split(sentences.first(ctx.after, clause=True), maxsplit=1)[0]
    # the words before with the formulas among them: "With $\beta = 0$, ... $0 < t < 2$"
    return _MOMENTUM_ASIDE.search(f"{this_sentence(ctx.before)} {after}") is not None


def methods_in_sentence(ctx: Context) -> frozenset[str]:
    """The methods the formula's own sentence names ("gd", "heavy-ball", "nesterov",
    ...), before or after the formula, with the one carried from an earlier formula of
    the sentence; the section's named method when the sentence names none."""
    # the words after the formula, to the end of its sentence: none when they start
    # with a capital (a display formula ends its sentence without a full stop)
    after = "" if ctx.after.lstrip()[:1].isupper() else _OTHER_CLAUSE.split(
        sentences.first(ctx.after), maxsplit=1)[0]
    before = this_sentence(ctx.since or ctx.before)
    inside = _RELATIVE_CLAUSE.search(before)
    if inside is not None and (_last_mention(inside.group(0)) or _COMPARED_BEFORE_CLAUSE.search(
            before[:inside.start()])):
        after = ""  # the relative clause of a method speaks of it alone
    words = f"{subject_words(before)} . {_COMPARED_WITH.sub(' ', after)}"
    named = named_methods(words)
    if ctx.method is not None and not named:
        # carried from an earlier formula of the sentence, unless the words since name
        # one ("The heavy ball allows ..., while gradient descent needs ...")
        named.add(ctx.method or "heavy-ball")
    if not named:
        # a heading about Nesterov's method, QHM ...; one about the heavy ball may well
        # have sentences about gradient descent ("Without momentum the range is ...")
        named = {method for pattern, method in METHOD_WORDS if pattern.search(ctx.section)}
    return frozenset(named)


#: "momentum" as the name of a method ("Momentum converges iff ...", "SGD with momentum")
#: (not the parameter: "the optimal momentum", "a momentum of 0.9", "momentum beta")
_MOMENTUM_WORD = re.compile(
    r"(?:^|[.!?]\s+)\W*momentum\s+(?:converges|diverges|has|achieves|attains|reaches|needs|"
    r"requires|allows|admits|accelerates|gets|takes|works|runs)\b|"
    r"\b(?:with|classical|plain|vanilla|standard)\s+momentum\b|"
    r"\bmomentum\s+(?:method|SGD|gradient\s+descent|GD|algorithm|iteration)s?\b", re.I)


def named_methods(words: str) -> set[str]:
    """The methods ``words`` name ("gd", "heavy-ball", "nesterov", ...; the words with
    those named only to compare with taken out, :func:`subject_words`).  "Momentum"
    alone (the momentum method, SGD with momentum) names the heavy ball, and gradient
    descent with momentum is no plain gradient descent, unless the words set the
    momentum aside ("without momentum", beta = 0)."""
    named = {method for pattern, method in METHOD_WORDS if pattern.search(words)}
    if _HEAVY_BALL.search(words):
        named.add("heavy-ball")
    kept = _MOMENTUM_ASIDE.sub(" ", words)
    if not named and _MOMENTUM_WORD.search(kept):
        named.add("heavy-ball")
    if _PLAIN_GD.search(words) and not re.search(r"\bmomentum\b", kept, re.I):
        # "gradient descent with a momentum term", "momentum gradient descent": not plain
        named.add("gd")
    return named


def _held_to_named(plan: Plan, ctx: Context) -> Plan:
    """Candidates of the methods the sentence names only: a text about the heavy ball or
    Nesterov's method is not held to gradient descent's results, nor one about gradient
    descent to momentum's.  A sentence that names both ("Unlike gradient descent, the
    heavy ball ...") is read both ways, and a definite verdict needs the readings to
    agree."""
    named = methods_in_sentence(ctx)
    if not plan.candidates or momentum_set_aside(ctx) or plan.extra.get("definition"):
        return plan  # (a definition of kappa is compared with the quadratic's, any method's)
    if not named:
        return plan
    momentum = named - {"gd"}
    if "gd" in named and momentum:
        gd = {c.target: "gradient descent" for c in plan.candidates
              if _of_gradient_descent(c.target)}
        if gd and len(gd) < len(plan.candidates):
            return dataclasses.replace(plan, extra={**plan.extra, "ambiguous": gd,
                                                    "both_named": True})
        return plan
    keep = (lambda t: not _of_gradient_descent(t)) if momentum else (
        lambda t: not _of_momentum(t))
    kept = tuple(c for c in plan.candidates if keep(c.target))
    if len(kept) == len(plan.candidates):
        return plan
    if not kept and not plan.facts:
        title = ("gradient descent" if not momentum else
                 METHOD_TITLES.get(next(iter(sorted(momentum))), "the heavy ball"))
        return Plan("unreadable", f"about {title}, which has no derived result stating "
                    f"{plan.quantity or 'this'}", quantity=plan.quantity)
    return dataclasses.replace(plan, candidates=kept)


def for_named_method(plan: Plan, r_subject: str, ctx: Context) -> Plan:
    """A plan made for the heavy ball, redirected to the method the words around the
    formula name (Nesterov's, QHM, ...): each candidate compared with that method's own
    result of the same family; one the method has no counterpart of is dropped, and
    checks of the heavy ball's update are not applied.  A text about another method is
    never judged by the heavy ball's formulas."""
    named = methods_in_sentence(ctx)
    several = sorted(m for m in named if m in METHOD_TITLES)
    if len(named - {"gd"}) > 1 and several and plan.candidates:
        # a sentence that names two momentum methods: each one's reading, definite only
        # where they agree
        plan = _also_for_earlier_method(_held_to_named(plan, ctx), dataclasses.replace(
            ctx, earlier_method=several[-1]))
        return dataclasses.replace(plan, extra={**plan.extra, "both_named": True})
    if ctx.method == WRITTEN_OUT and (plan.candidates or plan.facts):
        return Plan("unreadable", "about the method this section writes out, whose update "
                    "is no derived method's: nothing derived states its results",
                    quantity=plan.quantity)
    plan = _held_to_named(plan, ctx)
    method = method_named(ctx)
    if method is None:
        if ctx.method == "" or methods_in_sentence(ctx) & {"heavy-ball", "gd"}:
            return plan  # the sentence names its method: an earlier one is not in force
        return _also_for_earlier_method(plan, ctx)
    title = METHOD_TITLES[method]
    candidates = [redirected for c in plan.candidates
                  if (redirected := _redirected(c, method)) is not None]
    words = f"{ctx.words} {sentences.first(ctx.after)}"
    if method == "pytorch-sgd" and (ZERO_DAMPENING.search(words) or (
            not ctx.setting.dampening and not _DAMPENING.search(words))):
        # PyTorch's dampening is 0 unless it is set: a text that never names it (nowhere
        # in the document), or says it is 0, means that default, not every dampening
        undamped = [c for c in candidates if not _DAMPENING.search(c.latex)]
        if undamped:
            candidates = [dataclasses.replace(c, at=(*c.at, ("\\tau", "0")))
                          if c in undamped else c for c in candidates]
            said = "the words set it to 0" if ZERO_DAMPENING.search(words) else \
                "the words name none"
            plan = dataclasses.replace(plan, reading=(
                *plan.reading, f"τ = 0: PyTorch's default dampening ({said})"))
    facts = tuple(f for f in plan.facts if not f.derivation.startswith("momentum-"))
    update = _ITERATION_SUBJECT.search(r_subject) is not None
    if plan.verdict == "definition" and "update" in plan.message:
        return dataclasses.replace(plan, message=f"an update of {title}: the method itself")
    if (plan.candidates or plan.facts) and not candidates and not facts:
        if update:
            return Plan("definition", f"an update of {title}: the method itself",
                        quantity="an update rule")
        return Plan("unreadable", f"about {title}, which has no derived result stating "
                    f"{plan.quantity or 'this'}", quantity=plan.quantity)
    if plan.verdict == "unreadable" and update and not plan.candidates:
        return Plan("definition", f"an update of {title}: the method itself",
                    quantity="an update rule")
    return dataclasses.replace(plan, candidates=tuple(candidates), facts=facts)
