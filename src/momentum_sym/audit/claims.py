"""What a relation claims, worked out without a hand catalogue.

Each relation of a formula (:mod:`relations`) is read with the document's
:class:`~momentum_sym.audit.notation.Setting` and the words around it, and turned into
a :class:`~momentum_sym.audit.plans.Plan` by the first rule of :data:`RULES` that
recognises it.  A rule recognises a relation by the quantity it is about -- the
left-hand side (``\\nabla f(w)``, ``w^\\star``, ``x_i^{k+1}``, ``R^k``, ``\\sigma_1``,
``\\beta``, a rate, ``f(w^k) - f(w^\\star)``, ``\\gamma_i^k``, a range of ``\\alpha\\lambda``)
or, for a lone expression, the words before it ("the convergence rate is") -- and
lists the derived results it may state (:data:`QUANTITIES`).  Those whose symbols fit
are compared; the words around the formula decide between several.

A relation identified by its quantity is a *strong* claim: if it disagrees with every
fitting result, it is an erratum.  A relation matched only because its symbols fit a
result is judged equivalent when it equals one, and otherwise left as not checked:
the audit never calls a formula wrong without knowing what it claims.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from momentum_sym.audit import scan
from momentum_sym.audit.documents.prose import FORMULA
from momentum_sym.audit.keys import Key, key_latex, keys_of
from momentum_sym.audit.notation import TIKHONOV_WORDS, Setting, flat
from momentum_sym.audit.plans import Candidate, Fact, Plan, pairs
from momentum_sym.audit.relations import Relation

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
    "gd-optimal-step-size.alpha": re.compile(r"optim|best|minimi[sz]|gradient descent", re.I),
    "momentum-optimal-parameters.alpha": re.compile(r"optim|best|tun|momentum", re.I),
}
#: The method each result belongs to, to prefer by the words around a formula.
MOMENTUM_WORDS = re.compile(r"momentum|heavy[- ]ball|velocity|polyak", re.I)
GD_WORDS = re.compile(r"gradient descent|\bGD\b", re.I)

#: Words before a lone expression that say what it is.
CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"effective (number|window)|number of (past )?gradients|remembers|"
                r"averages? (over )?(about )?", re.I), "count"),
    (re.compile(r"tikhonov|ridge", re.I), "tikhonov"),
    (re.compile(r"early stopping", re.I), "early-stopping"),
    (re.compile(r"\bmodulus\b|\bmagnitude\b|absolute value", re.I), "modulus"),
    (re.compile(r"\brates?\b|convergence|converges? (at|like|as)", re.I), "rate"),
    (re.compile(r"step[- ]?size|learning rate", re.I), "step"),
    (re.compile(r"critical (value|damping)|momentum (term|parameter|coefficient)", re.I),
     "momentum"),
)

_SUM = re.compile(r"\\sum(\\limits)?(_\{[^{}]*\}|_[A-Za-z0-9])?(\^\{[^{}]*\}|\^[A-Za-z0-9])?")
_NABLA = re.compile(r"\\nabla(?:_\{?[a-z]\}?)?\s*([fhFgLJ])\s*(?:\\left)?\(")
_NUMBER = re.compile(r"^[\s\d.,+\-{}()^]*$")


@dataclass(frozen=True)
class Context:
    """What a rule may look at besides the relation."""

    setting: Setting
    before: str = ""
    after: str = ""
    section: str = ""
    siblings: tuple[Relation, ...] = ()
    roles: Mapping[str, str] = field(default_factory=dict)  # letter -> position|velocity
    local: Mapping[str, str] = field(default_factory=dict)  # this formula's definitions

    @property
    def words(self) -> str:
        return f"{self.section} . {self.before}"

    def tikhonov(self) -> bool:
        return bool(TIKHONOV_WORDS.search(f"{self.section} {self.before} {self.after}"))


# -- readings ---------------------------------------------------------------------------


@dataclass
class Reading:
    """Printed keys to canonical keys (``notation``), printed keys to values
    (``where``), and the sentences that say so."""

    notation: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)

    def say(self, sentence: str) -> None:
        if sentence not in self.said:
            self.said.append(sentence)


def _base_reading(ctx: Context, latex: str) -> Reading:
    """The document's readings that concern ``latex``."""
    s = ctx.setting
    reading = Reading()
    bases = {k.base for k in keys_of(latex)}
    texts = {k.text for k in keys_of(latex)}
    if "eta" in bases:
        if s.eta_step and not ctx.tikhonov():
            reading.notation["\\eta"] = "alpha"
            reading.say("eta read as the step size alpha")
        else:
            reading.say("eta read as the Tikhonov weight")
    elif s.eta_step:
        reading.notation["\\eta"] = "alpha"  # corrections are printed with eta
    if s.mu_L:
        for printed, canonical in (("\\mu", "lambda_1"), ("L", "lambda_n")):
            if printed.lstrip("\\") in texts or (printed.lstrip("\\") in bases and printed != "L"):
                reading.notation[printed] = canonical
        if {"mu", "L"} & texts:
            reading.say("mu, L read as lambda_1, lambda_n")
    for printed, canonical in (("lambda_min", "lambda_1"), ("lambda_max", "lambda_n")):
        if printed in texts:
            reading.notation[key_latex(printed)] = canonical
            reading.say("lambda_min, lambda_max read as lambda_1, lambda_n")
    for key in keys_of(latex):
        if key.base == "lambda" and key.sub in ("i", "j"):
            reading.notation[key_latex(key.text)] = "lambda"
    if s.hessian != "A" and s.hessian in bases:
        reading.notation[s.hessian] = "A"
        reading.say(f"{s.hessian} read as the Hessian A")
    name, sign = s.linear
    if name in bases and (name, sign) != ("b", -1):
        if sign > 0:
            reading.where[name] = "-b"
            reading.say(f"{name} read as -b (the quadratic has +{name}^T x)")
        else:
            reading.notation[name] = "b"
    if s.iteration != "k" and s.iteration in texts:
        reading.notation[s.iteration] = "k"
    return reading


def _offset(key: Key, setting: Setting) -> int | None:
    found = key.iteration(setting.iteration)
    return found[0] if found else None


def _vector_key(key: Key, ctx: Context, base: int = 0) -> str | None:
    """The canonical key of an iterate, buffer or coordinate vector, or None (offsets
    counted from ``base``: x_{t-1} is x^k when the relation's earliest step is t-1)."""
    s = ctx.setting
    if key.component is not None:
        return None
    offset = _offset(key, s)
    offset = offset - base if offset is not None else None
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
        return {0: "z^k", 1: "z^k+1"}.get(offset) if offset is not None else None
    role = ctx.roles.get(key.base)
    if key.base in s.coordinates or role:
        letter = "y" if role == "velocity" else "x"
        return {0: f"{letter}^k", 1: f"{letter}^k+1"}.get(offset) if offset is not None \
            else None
    return None


def _base_offset(ctx: Context, *latex: str) -> int:
    """The earliest step of the iterates in ``latex`` (0 when there is none)."""
    offsets = [_offset(k, ctx.setting) for text in latex for k in keys_of(text)]
    found = [o for o in offsets if o is not None]
    return min(found) if found else 0


def _vector_reading(ctx: Context, latex: str, reading: Reading, base: int = 0) -> None:
    scale = ctx.setting.buffer_scale
    for key in keys_of(latex):
        canonical = _vector_key(key, ctx, base)
        if canonical is not None and key.base in ctx.setting.buffers and scale not in (
                "1", None):
            reading.where[key_latex(key.text)] = f"{scale} {key_latex(canonical)}"
            reading.say(f"{key.text} read as {scale} {canonical} (the text's buffer)")
            continue
        if canonical is not None and canonical != key.text:
            reading.notation[key_latex(key.text)] = canonical
            if key.sub and _offset(key, ctx.setting) is not None:
                reading.say(f"{key.base}_{key.sub} read as {canonical} (the iteration index "
                            "as a subscript)")


# -- helpers --------------------------------------------------------------------------


def is_symbol(latex: str) -> Key | None:
    """The key when ``latex`` is a single (decorated) symbol."""
    found = keys_of(latex)
    if len(found) != 1:
        return None
    rest = flat(latex)
    rest = re.sub(r"[_^](\{[^{}]*(\{[^{}]*\}[^{}]*)*\}|\\[A-Za-z]+|.)", "", rest)
    if re.search(r"\\(sqrt|frac|tfrac|dfrac|cdot|times|sum|prod|max|min)(?![A-Za-z])|"
                 r"[-+/*|]", rest):
        return None
    rest = re.sub(r"\\(text|mathrm|operatorname)\{[^{}]*\}", "", rest)
    rest = re.sub(r"\\[A-Za-z]+", "", rest).replace("{", "").replace("}", "").replace("'", "")
    return found[0] if len(rest) <= 1 else None


def _has(latex: str, *commands: str) -> bool:
    return any(re.search(re.escape(c) + r"(?![A-Za-z])", latex) for c in commands)


def _words_near(ctx: Context, pattern: re.Pattern[str]) -> bool:
    return bool(pattern.search(ctx.words) or pattern.search(ctx.after))


def _plan(candidates: Sequence[Candidate], reading: Reading, strong: bool, quantity: str,
          compared: str = "", slip: str = "") -> Plan:
    return Plan(candidates=tuple(candidates), strong=strong, reading=tuple(reading.said),
                compared=compared, quantity=quantity, slip=slip)


def canonical_pairs(notation: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Notation pairs with canonical keys written as LaTeX (``z^k+1`` as ``z^{k+1}``), the
    form the reader takes them in."""
    return pairs({printed: key_latex(canonical) for printed, canonical in notation.items()})


def _candidate(target: str, latex: str, reading: Reading, **extra) -> Candidate:
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


def _canonical_keys(latex: str, reading: Reading) -> set[str]:
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


def _fits(target: str, latex: str, reading: Reading) -> bool:
    return _canonical_keys(latex, reading) <= result_keys(target) | {"T"}


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


def _ranked(quantity: str, latex: str, reading: Reading, ctx: Context,
            require_context: bool) -> list[str]:
    """The results stating ``quantity`` that ``latex`` fits, best first (those written in
    the same symbols before those that only share a domain)."""
    targets = [t for t in QUANTITIES.get(quantity, ()) if _fits(t, latex, reading)]
    keys = _canonical_keys(latex, reading)
    # a result that does not depend on a symbol of the formula is not what it states
    # (rate(alpha) is not the optimal rate, which does not depend on alpha)
    targets = [t for t in targets if keys <= value_keys(t) | {"T"}]
    if require_context:
        near = [t for t in targets if t not in CONTEXT or _words_near(ctx, CONTEXT[t])]
        targets = near
    momentum = bool(MOMENTUM_WORDS.search(ctx.words))
    gd = bool(GD_WORDS.search(ctx.words))

    def score(t: str) -> tuple[int, int]:
        words = 0
        if t in CONTEXT and _words_near(ctx, CONTEXT[t]):
            words += 2
        is_momentum = not t.startswith("gd-")
        if (momentum and is_momentum) or (gd and not momentum and not is_momentum):
            words += 1
        return (-words, QUANTITIES[quantity].index(t))

    return sorted(targets, key=score)


# -- rules ------------------------------------------------------------------------------

Rule = Callable[[Relation, Context], Plan | None]


def _expansion(r: Relation, ctx: Context) -> Plan | None:
    """w^k - w^* = sum_i c_i q_i: the coefficient of the eigenvector q_i is the i-th
    eigen-coordinate, x_i^k."""
    subject = flat(r.subject)
    s = ctx.setting
    letters = "".join(s.iterates)
    if r.relation != "=" or not re.fullmatch(
            r"([" + letters + r"])(\^\{?[^{}]*\}?|_\{?[^{}]*\}?)-\1(\^|_)\{?(\\star|\*|\\ast)\}?",
            subject):
        return None
    body = _strip_sum(r.value)
    value = body[1] if body and not body[0] else r.value
    column = s.basis[0].lower()
    m = re.search(column + r"_\{?i\}?(?![A-Za-z0-9])", value)
    if not m:
        return None
    latex = (value[:m.start()] + value[m.end():]).strip()
    reading = _base_reading(ctx, latex)
    _coordinate_reading(ctx, latex, reading, base=0)
    reading.say(f"the coefficient of the eigenvector {column}_i")
    return _plan([_candidate("gd-closed-form.x_k", latex, reading)], reading, strong=True,
                 quantity="the error along an eigenvector", compared=latex)


def _unrolled_terms(r: Relation, ctx: Context) -> Plan | None:
    """w^2 = w^0 - alpha grad f(w^0) - alpha grad f(w^1): each coefficient is gamma_i^k."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or subject.base not in s.iterates or r.relation != "=":
        return None
    terms = scan.terms(r.value)
    starts = [t for _, t in terms if (is_symbol(t) and is_symbol(t).base == subject.base
                                      and is_symbol(t).is_start())]
    gradients = [(sign, t) for sign, t in terms if _NABLA.search(t)]
    dots = [t for _, t in terms if re.fullmatch(r"(\\[cl]?dots\s*)+", t.strip())]
    if not starts or len(gradients) + 1 + len(dots) != len(terms):
        return None
    if dots or re.search(r"\\[cl]?dots", r.value):
        return Plan("unreadable", "the unrolled iterate written with dots: the terms in "
                    "between cannot be read", quantity="unrolled iterates")
    step = subject.sup if subject.sup is not None else subject.sub
    if step is None or not step.isdigit() or int(step) < 2:
        return None
    target = "unrolled-momentum.gamma" if _has(r.value, "\\beta") else "unrolled-gd.gamma"
    derived = _gamma_coefficient(target)
    candidates = []
    reading = Reading()
    for sign, term in gradients:
        m = _NABLA.search(term)
        end = scan._matching(term, m.end() - 1, "(", ")")
        index = keys_of(term[m.end():end - 1])
        if len(index) != 1 or not (index[0].sup or index[0].sub or "").isdigit():
            return None
        coefficient = (term[:m.start()] + term[end:]).strip() or "1"
        latex = ("-" if sign < 0 else "") + "{" + coefficient + "}"
        reading = _base_reading(ctx, latex)
        if derived:
            reading.where["G"] = target
        at = {"i": index[0].sup or index[0].sub, "k": str(int(step) - 1)}
        candidates.append(_candidate(target, latex, reading, derived=derived, at=pairs(at)))
    reading.say("each coefficient of grad f(w^i) against gamma_i^k")
    plan = _plan(candidates, reading, strong=True, quantity="unrolled iterates")
    return dataclasses.replace(plan, extra={"all": True})


def _characteristic(r: Relation, ctx: Context) -> Plan | None:
    """sigma^2 - (1 + beta - alpha lambda) sigma + beta = 0: both derived eigenvalues of R
    must be roots."""
    if r.relation != "=" or not _NUMBER.match(r.value) or flat(r.value) != "0":
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
        reading = _base_reading(ctx, r.subject)
        reading.where["\\sigma"] = f"momentum-eigenvalues.{root}"
        candidates.append(_candidate(f"momentum-eigenvalues.{root}", term, reading,
                                     derived=f"0 {others}"))
    reading.say("the characteristic polynomial of R: the derived eigenvalues must be roots")
    plan = _plan(candidates, reading, strong=True, quantity="the characteristic polynomial",
                 compared=r.subject)
    return dataclasses.replace(plan, extra={"all": True})


def _eigenvalue_identity(r: Relation, ctx: Context) -> Plan | None:
    """sigma_1 sigma_2 = beta, sigma_1 + sigma_2 = 1 + beta - alpha lambda: identities in
    the eigenvalues of R (without |.|, which would hold only where they are complex)."""
    if r.relation != "=" or is_symbol(r.subject) is not None:
        return None
    keys = {k.text for k in keys_of(r.subject)}
    if not keys & {"sigma_1", "sigma_2"} or "|" in r.subject + r.value or \
            (keys_of(r.subject) and not keys <= {"sigma_1", "sigma_2"}):
        return None
    reading = _base_reading(ctx, r.value)
    reading.where.update({"\\sigma_{1}": "momentum-eigenvalues.sigma_1",
                          "\\sigma_{2}": "momentum-eigenvalues.sigma_2"})
    reading.say("sigma_1, sigma_2 read as the derived eigenvalues of R")
    return _plan([_candidate("momentum-eigenvalues.sigma_1", r.value, reading,
                             derived=r.subject)], reading, strong=True,
                 quantity="the eigenvalues of R")


def _fresh_symbol(r: Relation, ctx: Context) -> Plan | None:
    """A symbol the text introduces (``Z = ...``, ``b' = ...``): notation."""
    key = is_symbol(r.subject)
    if key is None or r.relation not in ("=", ":="):
        return None
    if key.base in ("alpha", "beta", "eta", "kappa", "sigma", "lambda", "gamma", "rho", "mu",
                    "R") or key.base in ctx.setting.iterates + ctx.setting.buffers:
        return None
    if key.base in ctx.setting.coordinates and _offset(key, ctx.setting) is not None:
        return None
    return Plan("definition", f"introduces the notation {r.subject.strip()}")


def _not_a_claim(r: Relation, ctx: Context) -> Plan | None:
    if r.relation in ("in", "->", "=>", "<=>", "~"):
        what = {"in": "a membership", "->": "a map", "~": "an approximation"}.get(
            r.relation, "an implication")
        return Plan("not-a-claim", f"{what}: nothing to compare")
    if r.relation in ("=", ":=") and _NUMBER.match(r.value.replace("\\infty", "")) and (
            keys_of(r.subject)):
        return Plan("not-a-claim", "a value chosen for a parameter or a starting point")
    subject = is_symbol(r.subject)
    value_keys = {k.text for k in keys_of(r.value)}
    if r.relation == "=" and subject is not None and subject.component and value_keys and \
            value_keys <= {"i", "j", "n"}:
        return Plan("not-a-claim", "an example of values")
    if r.relation == "!=":
        return Plan("not-a-claim", "a condition")
    if not r.relation and (is_symbol(r.value) or _NUMBER.match(r.value)):
        return Plan("not-a-claim", "a symbol or a number in the text")
    return None


def _definitions(r: Relation, ctx: Context) -> Plan | None:
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


def _kappa(r: Relation, ctx: Context) -> Plan | None:
    """kappa = lambda_n / lambda_1 (or L / mu): a definition, checked for consistency."""
    if r.relation not in ("=", ":=") or not any(
            (is_symbol(m) and is_symbol(m).base == "kappa") for m in r.members):
        return None
    if (is_symbol(r.value) and is_symbol(r.value).base == "kappa") or "condition" in r.value \
            or _has(r.value, "\\kappa") or _NUMBER.match(r.value):
        return Plan("definition", "names the condition number kappa", quantity="kappa")
    reading = _base_reading(ctx, r.value)
    candidate = _candidate("gd-optimal-step-size.rate", r.value, reading,
                           derived="\\frac{\\lambda_n}{\\lambda_1}")
    return Plan(candidates=(candidate,), strong=True, reading=tuple(reading.said),
                compared=r.value, quantity="the condition number kappa",
                extra={"definition": True})


def _gradient_head(latex: str) -> str | None:
    """The argument of ``\\nabla f(ARG)`` when ``latex`` is exactly a gradient."""
    m = _NABLA.match(flat(latex))
    if not m:
        return None
    text = flat(latex)
    end = scan._matching(text, m.end() - 1, "(", ")")
    rest = text[end:]
    if rest and not re.fullmatch(r"(\\right\))?(_\{?[ij]\}?)?", rest):
        return None
    return text[m.end():end - 1] + ("|component" if rest and "_" in rest else "")


def _gradient(r: Relation, ctx: Context) -> Plan | None:
    arg = _gradient_head(r.subject) if r.relation == "=" else None
    if arg is None:
        return None
    if arg.endswith("|component"):
        return Plan("unreadable", "a component of a gradient: no derived result states the "
                    "gradient component by component", quantity="a gradient component")
    if "\\nabla" in r.value:
        return Plan("definition", "notation for the gradient")
    reading = _base_reading(ctx, r.value)
    _vector_reading(ctx, r.value, reading)
    arg_keys = keys_of(arg)
    if len(arg_keys) == 1:
        canonical = _vector_key(arg_keys[0], ctx) or arg_keys[0].text
        # the gradient is stated at w; at w^k the same formula holds with w^k for w
        for key in keys_of(r.value):
            if (_vector_key(key, ctx) or key.text) == canonical:
                reading.notation[key_latex(key.text)] = "w"
    return _plan([_candidate("quadratic-optimum.gradient", r.value, reading)], reading,
                 strong=True, quantity="the gradient")


def _optimum(r: Relation, ctx: Context) -> Plan | None:
    key = is_symbol(r.subject)
    if key is None or r.relation != "=" or (key.sup not in ("star", "*", "ast") and \
            key.sub not in ("star",)):
        return None
    if len(key.base) > 1 or key.base in ("R", "L"):
        return None  # alpha^*, beta^*: optimal parameters, not the minimiser
    reading = _base_reading(ctx, r.value)
    if key.component is not None or _has(r.value, "\\kappa"):
        return _plan([_candidate("rosenbrock-optimum.exact", r.value, reading,
                                 limit="rosenbrock-optimum.limit")], reading,
                     strong=True, quantity="a component of the optimum")
    _vector_reading(ctx, r.value, reading)
    return _plan([_candidate("quadratic-optimum.w_star", r.value, reading)], reading,
                 strong=True, quantity="the optimum")


def _strip_sum(latex: str) -> tuple[str, str] | None:
    """(coefficient before the sum, summand) when ``latex`` is ``c \\sum_i s``."""
    m = _SUM.search(latex)
    if not m:
        return None
    return latex[:m.start()].strip(), latex[m.end():].strip()


def _loss(r: Relation, ctx: Context) -> Plan | None:
    subject = flat(r.subject)
    if r.relation != "=" or not re.fullmatch(r"[fF]\([^()]*\)-[fF]\([^()]*(\\star|\*|\\ast)"
                                             r"[^()]*\)", subject):
        return None
    parts = _strip_sum(r.value)
    if parts is None:
        return Plan("unreadable", "the loss gap is not written as a sum over eigenvalues",
                    quantity="f(w^k) - f(w*)")
    coefficient, summand = parts
    latex = f"{coefficient} {{{summand}}}" if coefficient else summand
    reading = _base_reading(ctx, latex)
    _coordinate_reading(ctx, latex, reading, base=0)
    reading.say("the i-th summand of the sum over eigenvalues")
    return _plan([_candidate("gd-loss-decomposition.term", latex, reading)], reading,
                 strong=True, quantity="f(w^k) - f(w*)", compared=latex)


def _coordinate_reading(ctx: Context, latex: str, reading: Reading, base: int) -> None:
    """Per-eigenvalue coordinates (``x_i^k``, ``z_{t-1}``, bold ``z``, ``\\Lambda``, ``I``)
    to the canonical ``x_i^k``, ``y_i^k``, ``x_i^0``, ``lambda``, ``1``."""
    s = ctx.setting
    for key in keys_of(latex):
        if key.base == "Lambda" and key.sub is None and key.sup is None:
            reading.where["\\Lambda"] = "\\lambda"
            reading.say("coordinate by coordinate: Lambda acts as lambda_i")
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
        offset = _offset(key, s)
        scale = s.buffer_scale if role == "velocity" else "1"
        if key.is_start() and offset is None:
            canonical = f"{letter}_i^0"
        elif offset == base:
            canonical = f"{letter}_i^k"
        elif offset == base + 1 and role == "velocity" and scale == "1":
            reading.where[key_latex(key.text)] = "momentum-eigen-decoupling.y_next"
            reading.say(f"{key.text} read as the derived y_i^(k+1)")
            continue
        else:
            continue
        if scale == "1":
            reading.notation[key_latex(key.text)] = canonical
        elif scale is not None:
            reading.where[key_latex(key.text)] = f"{scale} {key_latex(canonical)}"
            reading.say(f"{key.text} read as {scale} {canonical} (the text's velocity)")


def _state_letters(latex: str, setting: Setting) -> dict[str, set[int | str]]:
    """Letters of iterated quantities in ``latex`` with their offsets ('0' for starts)."""
    out: dict[str, set[int | str]] = {}
    for key in keys_of(latex):
        if len(key.base) > 1 or key.base in ("i", "j", "k", "t", "n", "e", "T"):
            continue
        offset = _offset(key, setting)
        if offset is not None:
            out.setdefault(key.base, set()).add(offset)
        elif key.is_start():
            out.setdefault(key.base, set()).add("0")
    return out


def _lambda_in(latex: str) -> bool:
    return any(k.base in ("lambda", "Lambda") for k in keys_of(latex))


def _coordinates(r: Relation, ctx: Context) -> Plan | None:
    """Per-eigenvalue updates and closed forms: x_i^{k+1} = (1 - alpha lambda_i) x_i^k,
    y_{t} = beta y_{t-1} + lambda x_{t-1}, x_i^k = (1 - alpha lambda_i)^k x_i^0."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or r.relation != "=" or "\\nabla" in r.value:
        return None
    offset = _offset(subject, s)
    if offset is None:
        return None
    state = _state_letters(r.value, s)
    eigen = _lambda_in(r.value)
    scalar = subject.component is not None or eigen or \
        subject.base in s.coordinates or ctx.roles.get(subject.base)
    if not state or not scalar or _SUM.search(r.value) or (
            (subject.base in s.iterates or subject.base in s.buffers) and not eigen):
        return None
    if any(k.base in (s.hessian, "A", "b", "Q") and k.sub is None for k in keys_of(r.value)):
        return None
    numeric = [o for v in state.values() for o in v if isinstance(o, int)]
    starts = [letter for letter, v in state.items() if "0" in v]
    if not numeric and starts:
        if subject.base not in starts:
            return None
        reading = _base_reading(ctx, r.value)
        _coordinate_reading(ctx, r.value, reading, base=0)
        at = {"k": f"k+{offset}"} if offset > 0 else {}
        if offset:
            reading.say(f"the left-hand side is at step k+{offset}")
        candidate = _candidate("gd-closed-form.x_k", r.value, reading, at=pairs(at))
        return _plan([candidate], reading, strong=True, quantity="a coordinate after k steps")
    if not numeric:
        return None
    base = min(numeric)
    if offset - base != 1:
        return None
    letters = set(state) | {subject.base}
    if letters - {subject.base} and len(letters) > 2:
        return None
    reading = _base_reading(ctx, r.value)
    _coordinate_reading(ctx, r.value, reading, base=base)
    if len(letters) == 1:
        role = ctx.roles.get(subject.base)
        targets = ["gd-eigen-decoupling.x_next"] if role != "velocity" else []
        if not targets:
            return None
        return _plan([_candidate(t, r.value, reading) for t in targets], reading, strong=True,
                     quantity="one step in eigen-coordinates")
    role = ctx.roles.get(subject.base, "position")
    scale = s.buffer_scale
    velocity_next = any(ctx.roles.get(k.base) == "velocity" and _offset(k, s) == base + 1
                        for k in keys_of(r.value))
    if scale is None or (scale != "1" and velocity_next):
        return Plan("unreadable", "the text's velocity is not the heavy ball's: this step "
                    "is not compared", quantity="one momentum step in eigen-coordinates")
    if role == "velocity":
        extra = {}
        if scale != "1":  # the text's velocity is c times the heavy ball's
            reading.where["G"] = "momentum-eigen-decoupling.y_next"
            extra["derived"] = f"{scale} G"
        return _plan([_candidate("momentum-eigen-decoupling.y_next", r.value, reading,
                                 **extra)], reading, strong=True,
                     quantity="one momentum step in eigen-coordinates")
    return _plan([_candidate("momentum-eigen-decoupling.x_next", r.value, reading)], reading,
                 strong=True, quantity="one momentum step in eigen-coordinates")


_COMPONENT_CLOSE = re.compile(r"\)\s*_\s*(\{\s*[ij]\s*\}|[ij])(?![A-Za-z0-9])")


def _vector_lift(latex: str) -> str:
    """``(V)_i`` written as ``(V)``: the i-th component of a vector identity read as the
    whole vector."""
    out = latex
    for _ in range(20):
        m = _COMPONENT_CLOSE.search(out)
        if not m:
            break
        depth, j = 0, m.start()
        while j >= 0:
            depth += {")": 1, "(": -1}.get(out[j], 0)
            if depth == 0:
                break
            j -= 1
        if j < 0:
            break
        out = out[:m.start() + 1] + out[m.end():]
    return out


def _lift_scalars(latex: str) -> str:
    """``\\lambda_i x_i^k`` as ``\\Lambda x^k``: per-component symbols as vectors."""
    out = re.sub(r"\\lambda\s*_\s*(\{\s*i\s*\}|i)(?![A-Za-z0-9])", r"\\Lambda ", latex)
    script = r"(\{[^{}]*\}|[A-Za-z0-9])"
    out = re.sub(r"([xyz])\s*_\s*(?:\{\s*i\s*\}|i)\s*\^\s*" + script, r"\1^\2", out)
    out = re.sub(r"([xyz])\s*\^\s*" + script + r"\s*_\s*(?:\{\s*i\s*\}|i)(?![A-Za-z0-9])",
                 r"\1^\2", out)
    return out


def _diag(latex: str) -> str:
    return re.sub(r"\\(?:text|operatorname|mathrm)\s*\{diag\}\s*\((?:[^()]*)\)|"
                  r"\bdiag\s*\((?:[^()]*)\)", r"\\Lambda ", latex)


def _matrix_reading(ctx: Context, latex: str) -> Reading:
    reading = _base_reading(ctx, latex)
    _vector_reading(ctx, latex, reading)
    return reading


def _identity(r: Relation, ctx: Context) -> Plan | None:
    """Vector identities in the eigenbasis: x_i^{k+1} = (Q^T(w^{k+1} - w^*))_i,
    w^k - w^* = Q x^k, (Q^T A w^k - Q^T b)_i = lambda_i x_i^k: checked on the
    gradient-descent derivation's matrix model."""
    if r.relation != "=":
        return None
    subject, value = r.subject, r.value
    lifted = any(_COMPONENT_CLOSE.search(m) for m in (subject, value))
    if lifted:
        subject = _lift_scalars(_vector_lift(_diag(subject)))
        value = _lift_scalars(_vector_lift(_diag(value)))
    else:
        subject, value = _diag(subject), _diag(value)
    s = ctx.setting
    matrices = {k.base for m in (subject, value) for k in keys_of(m)
                if k.base in ("Q", "A", "Lambda", s.hessian, s.basis[0]) and k.sub is None}
    if not matrices and not lifted:
        return None
    if "\\sum" in value or "\\nabla" in value + subject or "\\|" in value + subject:
        return None
    vectors = [k for m in (subject, value) for k in keys_of(m) if _vector_key(k, ctx)]
    others = {k.base for m in (subject, value) for k in keys_of(m)} - matrices - {
        "alpha", "beta", "I", "T"}
    if not vectors and not lifted and others:
        return None
    reading = _matrix_reading(ctx, subject + " " + value)
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


def _change_of_basis(r: Relation, ctx: Context) -> Plan | None:
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
            creading = _base_reading(ctx, center)
            _vector_reading(ctx, center, creading)
            sign = "-" if inner_terms[1][0] < 0 else ""
            latex = center if sign == "-" else f"-({center})"
            plans_extra.append(_candidate("quadratic-optimum.w_star", latex, creading))
            centre_note = (f"its centre {center} must be the minimiser w* for the update to "
                           "decouple")
            reading.said.extend(creading.said)
            reading.say("the centre of the change of basis must be the minimiser w*")
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
        reading.say(f"{s.basis[0]} holds the eigenvectors as columns "
                    f"({s.hessian} = {s.basis[0]} Lambda {s.basis[0]}^T)"
                    if s.basis[1] else f"{s.hessian} = {s.basis[0]}^T Lambda {s.basis[0]}")
    elif not plans_extra:
        return Plan("unreadable", f"a change of basis with {matrix}, which the text does not "
                    "relate to the eigenvectors of the Hessian", quantity="a change of basis")
    return Plan(candidates=tuple(plans_extra), facts=tuple(facts), strong=True,
                reading=tuple(reading.said), quantity="a change of basis",
                extra={"note": centre_note} if centre_note else {})


def _update(r: Relation, ctx: Context) -> Plan | None:
    """Update rules: with the abstract gradient they define the method; with the
    gradient of the quadratic written out they are checked against the method."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or r.relation != "=":
        return None
    offset = _offset(subject, s)
    concrete = (subject.sup or subject.sub or "").isdigit()
    if (offset is None and not concrete) or subject.component is not None:
        return None
    if subject.base not in s.iterates and subject.base not in s.buffers:
        return None
    if _lambda_in(r.value):
        return None
    if _SUM.search(r.value):
        return None
    if "\\nabla" in r.value:
        method = "the momentum (heavy-ball) update" if (
            subject.base in s.buffers or any(k.base in s.buffers for k in keys_of(r.value))
        ) else "the gradient-descent update"
        return Plan("definition", f"{method}: the method itself", quantity="an update rule")
    base = _base_offset(ctx, r.subject, r.value)
    reading = _base_reading(ctx, r.value)
    _vector_reading(ctx, r.value, reading, base)
    expected = _vector_key(subject, ctx, base)
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
    reading.say("the update with the gradient A w - b of the quadratic")
    return Plan(facts=(fact,), strong=True, reading=tuple(reading.said),
                quantity="an update rule on the quadratic")


def _unrolled(r: Relation, ctx: Context) -> Plan | None:
    """w^{k+1} = w^0 + sum_i c_i grad f(w^i): the coefficient c is gamma."""
    s = ctx.setting
    subject = is_symbol(r.subject)
    if subject is None or subject.base not in s.iterates or "\\nabla" not in r.value:
        return None
    if not _SUM.search(r.value):
        return None
    terms = scan.terms(r.value)
    summed = [(sign, t) for sign, t in terms if _SUM.search(t)]
    if len(summed) != 1:
        return None
    sign, term = summed[0]
    coefficient, summand = _strip_sum(term)
    m = _NABLA.search(summand)
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
    reading = _base_reading(ctx, latex)
    reading.say("the coefficient of grad f(w^i) in w^{k+1}")
    target = "unrolled-momentum.gamma" if _has(latex, "\\beta") else "unrolled-gd.gamma"
    derived = _gamma_coefficient(target)
    if derived:
        reading.where["G"] = target
    return _plan([_candidate(target, latex, reading, derived=derived)], reading, strong=True,
                 quantity="the coefficient of grad f(w^i) in w^{k+1}", compared=latex)


@lru_cache(maxsize=8)
def _gamma_coefficient(target: str) -> str | None:
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


def _range_variable(latex: str, reading: Reading) -> str | None:
    """``alpha lambda`` (or ``alpha`` alone) as the varying product of a range."""
    keys = _canonical_keys(latex, reading)
    if keys == {"alpha", "lambda"} or keys == {"alpha", "lambda_n"}:
        return "product"
    if keys == {"alpha"}:
        return "alpha"
    return None


def _regions(r: Relation, ctx: Context) -> Plan | None:
    """0 < alpha lambda < 2 (+ 2 beta), |1 - alpha lambda| < 1, alpha < 2/L, alpha lambda > 2."""
    if r.relation not in ("range", "<", "<=", ">", ">="):
        return None
    members = list(r.members) if r.relation == "range" else [r.subject, r.value]
    relations = list(r.relations) if r.relation == "range" else [r.relation]
    if len(members) == 3 and is_symbol(members[1]) and all(
            _NUMBER.match(m) for m in (members[0], members[2])):
        return Plan("not-a-claim", "the range of a parameter (a domain)")
    reading = _base_reading(ctx, " ".join(members))
    # |1 - alpha lambda| < 1 is the range 0 < alpha lambda < 2
    if len(members) == 2 and relations[0] in ("<", "<=") and flat(members[1]) == "1":
        m = re.fullmatch(r"\|1-(.*)\||\\left\|1-(.*)\\right\|", flat(members[0]))
        if m:
            inner = m.group(1) or m.group(2)
            if _range_variable(inner, reading) == "product":
                reading.say("|1 - t| < 1 is 0 < t < 2")
                target = "gd-step-size-range.upper"
                return _plan([_candidate(target, "2", reading)], reading, strong=True,
                             quantity="the step-size range", compared="2")
        return None
    for j, member in enumerate(members):
        kind = _range_variable(member, reading)
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
        if _range_variable(bound, reading) is not None or (not keys_of(bound) and \
                not re.search(r"\d", bound)):
            continue
        quantity = "momentum-range" if "beta" in _canonical_keys(bound, reading) else "gd-range"
        targets = QUANTITIES[quantity]
        extra = {}
        if kind == "alpha":
            extra["derived"] = "\\frac{G}{\\lambda_n}"
            reading.where["G"] = targets[0]
            reading.say("a bound on alpha: the bound on alpha lambda over lambda_n")
        if not upper_side:
            reading.say("divergence beyond the bound")
        return _plan([_candidate(t, bound, reading, **extra) for t in targets], reading,
                     strong=True, quantity="the step-size range", compared=bound)
    return None


def _cells(latex: str) -> list[list[str]] | None:
    """The entries of a 2x2 matrix written as one environment (pmatrix, bmatrix,
    array inside a left/right pair), or None."""
    text = latex.strip()
    m = re.fullmatch(r"\\left\s*[(\[]\s*(.*?)\s*\\right\s*[)\]]", text, re.S)
    if m:
        text = m.group(1).strip()
    env = scan.environment(text)
    if env is None:
        return None
    rows = [[c.strip() for c in scan.split_top(row, "&")] for row in scan.rows(env[1])
            if row.strip()]
    if len(rows) != 2 or any(len(row) != 2 for row in rows):
        return None
    return rows


def _pmatrix(cells: list[list[str]]) -> str:
    return ("\\begin{pmatrix} " + " \\\\ ".join(" & ".join(f"{{{c}}}" for c in row)
                                               for row in cells) + " \\end{pmatrix}")


def _in_engine_state(latex: str, ctx: Context, swapped: bool, reading: Reading) -> str | None:
    """The printed iteration matrix moved to the engine's state (velocity z, position):
    rows and columns swapped for a state printed (position, velocity), and the velocity
    rescaled when the text's buffer is c times z (then R = D M D^{-1}, D = diag(1/c, 1))."""
    scale = ctx.setting.buffer_scale
    if scale is None:
        return None
    if not swapped and scale == "1":
        return latex
    cells = _cells(latex)
    if cells is None:
        return None
    if swapped:
        cells = [[cells[1][1], cells[1][0]], [cells[0][1], cells[0][0]]]
        reading.say("the state is printed (position, velocity): rows and columns swapped")
    if scale != "1":
        cells = [[cells[0][0], f"\\frac{{{cells[0][1]}}}{{{scale}}}"],
                 [f"{{{scale}}} {{{cells[1][0]}}}", cells[1][1]]]
        reading.say(f"the velocity is {scale} times the heavy ball's: R = D M D^(-1)")
    return _pmatrix(cells)


def _matrix_r(r: Relation, ctx: Context) -> Plan | None:
    """R = (2x2 matrix), or a matrix of another name whose entries are in beta and lambda
    (matched by its entries: equal to R, or not checked)."""
    subject = flat(r.subject)
    s = ctx.setting
    named = re.fullmatch(r"R(\([^()]*\))?", subject) is not None
    other = re.fullmatch(r"[A-Z](\([^()]*\))?", subject) is not None and subject[0] not in (
        s.hessian, s.basis[0], "A", "Q", "I") and _cells(r.value) is not None and {
        "beta", "lambda"} <= {k.base for k in keys_of(r.value)}
    if r.relation != "=" or not (named or other) or "\\begin" not in r.value:
        return None
    reading = _base_reading(ctx, r.value)
    latex = _in_engine_state(r.value, ctx, False, reading)
    if latex is None:
        return Plan("unreadable", "the text's velocity is not the heavy ball's (see the "
                    "readings): its iteration matrix is not the derived R",
                    quantity="the iteration matrix R")
    return _plan([_candidate(t, latex, reading) for t in QUANTITIES["R"][:1]], reading,
                 strong=named, quantity="the iteration matrix R",
                 compared=latex if latex != r.value else "")


def _state_map(r: Relation, ctx: Context) -> Plan | None:
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
        reading = _base_reading(ctx, matrices[0].text)
        latex = _in_engine_state(matrices[0].text, ctx, roles == ["position", "velocity"],
                                 reading)
        if latex is None:
            return Plan("unreadable", "the text's velocity is not the heavy ball's (see the "
                        "readings): its iteration matrix is not the derived R",
                        quantity="the iteration matrix R")
        return _plan([_candidate("momentum-iteration-matrix.R", latex, reading)], reading,
                     strong=True, quantity="the iteration matrix R", compared=latex)
    if matrices and re.search(r"R\s*(\^\{?[kt]\}?|\()", flat(r.value)):
        return Plan("definition", "the iterates in terms of the iteration matrix R",
                    quantity="the iteration matrix R")
    return None


def _matrix_power(r: Relation, ctx: Context) -> Plan | None:
    if r.relation != "=" or not re.fullmatch(r"\{?R\^\{?k\}?\}?", flat(r.subject)):
        return None
    condition = flat(r.condition)
    if "\\neq" in condition or "\\ne" in condition:
        targets = ["matrix-power-2x2.distinct"]
    elif "=" in condition:
        targets = ["matrix-power-2x2.repeated"]
    else:
        targets = ["matrix-power-2x2.distinct", "matrix-power-2x2.repeated"]
    reading = _base_reading(ctx, r.value)
    for printed, definition in ctx.local.items():
        reading.where[printed] = definition
        reading.say(f"{printed} as the text defines it")
    return _plan([_candidate(t, r.value, reading) for t in targets], reading,
                 strong=len(targets) == 1, quantity="R^k")


def _eigenvalues(r: Relation, ctx: Context) -> Plan | None:
    key = is_symbol(r.subject)
    if key is None or key.base != "sigma" or r.relation != "=" or key.sub not in ("1", "2"):
        return None
    reading = _base_reading(ctx, r.value)
    target = f"momentum-eigenvalues.sigma_{key.sub}"
    return _plan([_candidate(target, r.value, reading)], reading, strong=True,
                 quantity=f"the eigenvalue sigma_{key.sub} of R")


def _lower_bound(r: Relation, ctx: Context) -> Plan | None:
    subject = flat(r.subject)
    if not re.fullmatch(r"\\\|.*\\\|(_\{?\\infty\}?|_\{?2\}?)?", subject) or \
            r.relation not in (">=", ">", "="):
        return None
    m = re.search(r"\\\|[^|]*(\^\{?0\}?|_0)[^|]*\\\|(_\{?\\infty\}?)?$", flat(r.value))
    if m:
        latex = r.value[:r.value.rfind("\\|", 0, r.value.rfind("\\|"))].strip()
        reading = _base_reading(ctx, latex)
        reading.say("the factor multiplying the initial error")
        return _plan([_candidate("rosenbrock-lower-bound.bound", latex, reading)], reading,
                     strong=True, quantity="a lower bound on the error", compared=latex)
    return Plan("unreadable", "a bound on the error without the initial error it is "
                "relative to (the derived bound is relative)", quantity="a lower bound")


def _scalar_quantity(r: Relation, ctx: Context) -> Plan | None:
    """alpha = ..., beta = ..., rate = ..., a lone expression the words name."""
    quantity = None
    strong = True
    if r.relation == "=":
        key = is_symbol(r.subject)
        subject = flat(r.subject)
        if re.search(r"rate|\\rho", subject):
            quantity = "rate"
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
        best = -1
        for pattern, name in CUES:
            whole = name in ("tikhonov", "early-stopping")
            near = ctx.before if whole else " ".join(ctx.before.split(" ")[-8:])
            found = list(pattern.finditer(near))
            # the formula must be the first one after the words that name it
            rest = near[found[-1].end():] if found else ""
            if not found or (not whole and ("\\" in rest or FORMULA in rest)):
                continue
            position = len(ctx.before) - len(near) + found[-1].start()
            if position > best:  # the words nearest to the formula decide
                best, quantity = position, name
    else:
        return None
    if quantity is None:
        return None
    if quantity == "modulus":
        quantity = "rate"
    reading = _base_reading(ctx, latex)
    if quantity == "tikhonov" and ctx.setting.eta_step:
        reading.notation.pop("\\eta", None)
    if r.subject:
        star = " optimal" if re.search(r"\^\{?(\\star|\*|\\ast)", r.subject) else ""
        ctx = dataclasses.replace(ctx, before=f"{ctx.before} {flat(r.subject)}{star}")
    targets = _ranked(quantity, latex, reading, ctx,
                      require_context=quantity in ("rate", "step", "momentum"))
    if not targets:
        if not r.relation:
            return None
        return Plan("unreadable", f"no derived result states this {quantity.replace('-', ' ')}"
                    " with these symbols", quantity=quantity)
    return _plan([_candidate(t, latex, reading) for t in targets[:3]], reading, strong=strong,
                 quantity=quantity)


def _spectral_radius(r: Relation, ctx: Context) -> Plan | None:
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


def _expression(r: Relation, ctx: Context) -> Plan | None:
    """A lone expression no words name: notation, not a claim."""
    if r.relation:
        return None
    return Plan("not-a-claim", "an expression the text does not state a value for")


def _new_symbol(r: Relation, ctx: Context) -> Plan | None:
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


RULES: tuple[tuple[str, Rule], ...] = (
    ("characteristic polynomial", _characteristic),
    ("eigenvalue identity", _eigenvalue_identity),
    ("not a claim", _not_a_claim),
    ("change of basis", _change_of_basis),
    ("definition", _definitions),
    ("condition number", _kappa),
    ("gradient", _gradient),
    ("optimum", _optimum),
    ("loss", _loss),
    ("expansion in eigenvectors", _expansion),
    ("unrolled", _unrolled),
    ("unrolled terms", _unrolled_terms),
    ("update rule", _update),
    ("eigen-coordinates", _coordinates),
    ("identity", _identity),
    ("iteration matrix", _matrix_r),
    ("state map", _state_map),
    ("matrix power", _matrix_power),
    ("eigenvalues", _eigenvalues),
    ("lower bound", _lower_bound),
    ("spectral radius", _spectral_radius),
    ("range", _regions),
    ("quantity", _scalar_quantity),
    ("local notation", _new_symbol),
    ("new symbol", _fresh_symbol),
    ("expression", _expression),
)


def plan(r: Relation, ctx: Context) -> Plan:
    """How ``r`` is judged: the first rule that recognises it, or not checked."""
    for _, rule in RULES:
        found = rule(r, ctx)
        if found is not None:
            return found
    return Plan("unreadable", "what this states matches no derived result or method fact")
