"""The audit of one document: every formula found, every relation read and judged.

:func:`prepare` reads a :class:`~momentum_sym.audit.documents.Document` into
:class:`Work` items (one per relation, with its :class:`~momentum_sym.audit.plans.Plan`);
this is quick and pure.  :func:`judge` runs a work item's comparisons, each in a
worker process with a time limit (:func:`momentum_sym.audit.latex.run_bounded`), and
returns a :class:`Row` with the verdict.  :func:`audit_document` does both, with a time
budget for the whole file.

Verdicts: those of ``check`` (``equivalent``, ``different``, ``conditional``, ``limit``,
``undecided``, ``unreadable``) passed through as they are, and the audit's own
``definition`` (notation: nothing to check) and ``not-a-claim``.  A row is an
*erratum* when its verdict is ``different``, ``conditional`` or ``limit``, or when the
text has a slip of notation (a symbol printed without the superscript it has
everywhere else).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import string
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sympy as sp

from momentum_sym.audit import claims, relations, sentences, written
from momentum_sym.audit.claims import targets
from momentum_sym.audit.claims.denial import denial, sentence_doubt
from momentum_sym.audit.compare import Counterexample, Verdict, check
from momentum_sym.audit.documents import Document, Found
from momentum_sym.audit.keys import key_latex, key_unicode, keys_of
from momentum_sym.audit.latex import (
    MAX_CHARS,
    TimedOut,
    Unreadable,
    one_worker,
    parse,
    rebuild,
    run_bounded,
    warm_up,
)
from momentum_sym.audit.notation import Setting, setting_of
from momentum_sym.audit.plans import Candidate, Fact, Plan
from momentum_sym.kernel.sizes import small_enough_to_expand

CHECK_SECONDS = 60.0  # one comparison
FILE_SECONDS = 1800.0  # one document
ERRATA = ("different", "conditional", "limit")
VERDICTS = ("equivalent", "different", "conditional", "limit", "undecided", "definition",
            "not-a-claim", "unreadable")


@dataclass(frozen=True)
class Row:
    """One relation of a document with its verdict."""

    source: str
    title: str
    number: str  # "12" or "12b": the formula's number and the relation's letter
    line: int
    section: str
    before: str
    latex: str  # the formula as printed
    relation: str  # the relation as read
    quantity: str
    verdict: str
    message: str
    target: str | None = None
    reading: tuple[str, ...] = ()
    compared: str = ""
    counterexample: Counterexample | None = None
    correction_latex: str | None = None
    condition: str | None = None
    slip: str = ""
    correction_text: str | None = None  # the correction in Unicode, for a terminal

    @property
    def id(self) -> str:
        """Stable within a document: the file name and the relation's number."""
        return f"{self.source}#{self.number}"

    @property
    def erratum(self) -> bool:
        return self.verdict in ERRATA or bool(self.slip)

    @property
    def location(self) -> str:
        where = f"line {self.line}"
        if self.section:
            where += f", {self.section}"
        if self.before:
            where += f": \u201c{self.before}\u201d"
        return where

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["reading"] = list(self.reading)
        data["id"] = self.id
        data["erratum"] = self.erratum
        data["location"] = self.location
        return data


@dataclass(frozen=True)
class Work:
    """A relation to judge, with everything the judgement needs."""

    source: str
    title: str
    number: str
    found: Found
    relation: relations.Relation
    plan: Plan
    symbols: frozenset[str] = frozenset()
    #: words that put the sentence in doubt, before an earlier formula of it ("A common
    #: mistake is to claim ... (wrong), or that ...")
    doubted: str = ""


@dataclass(frozen=True)
class DocumentAudit:
    """The rows of one document and what the audit read from it."""

    name: str
    title: str
    format: str
    rows: tuple[Row, ...]
    readings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return counts(self.rows)

    def errata(self) -> list[Row]:
        return [r for r in self.rows if r.erratum]


def counts(rows: Iterable[Row]) -> dict[str, int]:
    """How many rows got each verdict, in the order of :data:`VERDICTS`."""
    tally = {v: 0 for v in VERDICTS}
    for row in rows:
        tally[row.verdict] = tally.get(row.verdict, 0) + 1
    return {v: n for v, n in tally.items() if n}


# -- reading ---------------------------------------------------------------------------


def _coefficients(latex: str) -> dict[str, sp.Expr]:
    """Each key of ``latex`` with its coefficient in the expanded expression (a lenient
    reading used only to tell positions from velocities)."""
    try:
        formula = parse(latex, known=lambda key: True)
        value = rebuild(formula.compared, lambda key: sp.Symbol(key))
    except (Unreadable, ValueError, TypeError, AttributeError):
        return {}
    if not isinstance(value, sp.Expr) or not small_enough_to_expand(value):
        return {}  # (a + b + c + d + e)^300 is not expanded here, outside a bounded worker
    expanded = sp.expand(value)
    return {str(s): expanded.coeff(s) for s in expanded.free_symbols}


def _roles(all_relations: Sequence[relations.Relation], setting: Setting) -> dict[str, str]:
    """Position and velocity letters: the one multiplied by lambda is the position, the
    one multiplied by beta alone the velocity; coordinates of the buffer are velocities."""
    roles: dict[str, str] = {}
    for r in all_relations:
        if r.relation != "=" or not any(k.base in ("lambda", "Lambda") for k in
                                        keys_of(r.value)):
            continue
        for key, coefficient in _coefficients(r.value).items():
            base = re.match(r"[A-Za-z]+", key)
            letter = base.group(0) if base else key
            if len(letter) != 1 or letter in ("i", "k", "t", "n", "I"):
                continue
            names = {str(s).split("_")[0] for s in getattr(coefficient, "free_symbols", ())}
            if "lambda" in names or "Lambda" in names:
                roles.setdefault(letter, "position")
            elif "beta" in names:
                roles.setdefault(letter, "velocity")
    for r in all_relations:
        subject = claims.is_symbol(r.subject)
        if subject is None or subject.base in roles or r.relation not in ("=", ":="):
            continue
        inner = {k.base for k in keys_of(r.value)}
        if inner & set(setting.buffers) and not inner & set(setting.iterates) and \
                subject.base in setting.coordinates:
            roles[subject.base] = "velocity"
        elif inner & set(setting.iterates) and subject.base in setting.coordinates:
            roles[subject.base] = "position"
    return roles


def _local(siblings: Sequence[relations.Relation]) -> dict[str, str]:
    """Definitions a formula makes for itself (``R_j = \\frac{R - \\sigma_j I}{...}``),
    instantiated for the indices 1 and 2."""
    out: dict[str, str] = {}
    for r in siblings:
        key = claims.is_symbol(r.subject)
        if key is None or r.relation != "=" or key.sub not in ("j", "i"):
            continue
        for n in ("1", "2"):
            value = re.sub(r"_\{\s*" + key.sub + r"\s*\}|_" + key.sub + r"(?![A-Za-z])",
                           "_{" + n + "}", r.value)
            out[key_latex(f"{key.base}_{n}")] = value
    return out


#: Formulas longer than this are not cut into relations (the reader refuses them anyway).
MAX_FORMULA = 2 * MAX_CHARS


def _split(found: Found) -> list[relations.Relation] | str:
    """The relations of a formula, or why it cannot be cut into relations."""
    if len(found.latex) > MAX_FORMULA:
        return f"the formula is too long ({len(found.latex)} characters, at most {MAX_FORMULA})"
    try:
        return relations.split(found.latex)
    except (ValueError, IndexError, KeyError, TypeError, RecursionError) as error:
        return f"cannot cut the formula into relations ({type(error).__name__})"


def _label(number: int, j: int, count: int) -> str:
    """``12`` for a formula with one relation, ``12a`` ... ``12z``, ``12aa`` ... else."""
    if count == 1:
        return str(number)
    letters = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return f"{number}{letters}"


def _setting(document: Document, per_formula: list) -> Setting:
    everything = [r for rs in per_formula if not isinstance(rs, str) for r in rs]
    return setting_of(everything, document.prose,
                      [(f.latex, f.before) for f in document.formulas])


def prepare(document: Document) -> list[Work]:
    """Every relation of ``document`` with its plan, in reading order."""
    per_formula = [_split(f) for f in document.formulas]
    setting = _setting(document, per_formula)
    everything = [r for rs in per_formula if not isinstance(rs, str) for r in rs]
    roles = _roles(everything, setting)
    work: list[Work] = []
    carried: str | None = None  # a method named earlier in the same sentence
    earlier: str | None = None  # the method the section named last (None: the heavy ball)
    doubted = ""  # words doubting the sentence, from an earlier formula of it
    fixed = ""  # a parameter value the sentence sets
    from_outline = False  # whether the method in force came from the section
    previous = None
    outline = _Outline(document.title)
    inverted = next((r.latex() for r in everything if _inverse_kappa(r)), "") or (
        "κ, the inverse condition number" if _INVERSE_WORDS.search(document.prose) else "")
    for number, (found, rels) in enumerate(zip(document.formulas, per_formula, strict=True),
                                           start=1):
        if previous is None or previous.section != found.section:
            earlier = targets.last_method_named(found.section)
            outline.enter(found.outline or ((found.section,) if found.section else ()))
        spoken = found.since or found.before  # the words since the formula before
        if targets.last_method_named(spoken) is not None or targets.names_heavy_ball(spoken) \
                or "heavy-ball" in _named(spoken):  # "the momentum method" too
            earlier = targets.last_method_named(spoken)
        if not _same_sentence(previous, found):
            # "Take beta = 0.5. Momentum then converges iff ...": the value still holds
            carry = bool(fixed) and previous is not None and \
                _IMPERATIVE.match(previous.sentence or "") is not None
            fixed = _fixed_after(found.after) or (fixed if carry else "")
        back = not _same_sentence(previous, found) and targets.refers_back(found.sentence)
        before = _named_before(spoken, found.sentence) if back else set()
        if back and len(outline.written - {"gd"}) > 1:  # two methods' rules written above
            before = outline.written
        if len(before - {"gd"}) > 1:  # "It ..." after a sentence naming two: both readings
            carried, earlier = None, next(iter(sorted(before & set(targets.METHOD_TITLES))),
                                          earlier)
        else:
            carried = _method_in_force(found, previous, carried, earlier)
            if carried is None and back:
                carried = _last_named(spoken, found.sentence)  # "Its optimal rate is"
        same = _same_sentence(previous, found)
        if (carried is None and not same) or (same and from_outline and not (
                _named(found.sentence) or targets.last_method_named(found.sentence))):
            # the section's method (again for a later formula of the sentence, which an
            # update written in it may decide)
            carried, from_outline = outline.in_force(), True
        else:
            from_outline = False
        outline.spoken(spoken)
        doubted = sentence_doubt(found.sentence or found.before) or (
            doubted if _same_sentence(previous, found) and ";" not in found.since else "")
        previous = found
        if isinstance(rels, str):
            relation = relations.Relation("", "", found.latex[:200])
            work.append(Work(document.name, document.title, str(number), found, relation,
                             Plan("unreadable", rels), setting.symbols))
            continue
        local = _local(rels)
        if not rels:
            rels = [relations.Relation("", "", found.latex)]
        for j, r in enumerate(rels):
            ctx = claims.Context(setting=setting, before=found.before, after=found.after,
                                 section=found.section, siblings=tuple(rels), roles=roles,
                                 local=local, method=carried,
                                 earlier_method=earlier or outline.inherited(),
                                 since=found.since)
            try:
                plan = claims.plan(r, ctx)
            except (Unreadable, ValueError, KeyError, IndexError, TypeError,
                    RecursionError) as error:
                plan = Plan("unreadable", f"could not read what it states "
                            f"({type(error).__name__})")
            plan = outline.planned(r, plan, number)
            if "\\not" in r.latex():  # \not= beside a name was read as part of the name
                plan = Plan("unreadable", "a negated relation (\\not) is not compared",
                            quantity=plan.quantity)
            if inverted and "\\kappa" in r.latex() and plan.verdict not in ("not-a-claim",):
                plan = Plan("definition", f"the text's condition number is {inverted}, the "
                            "inverse of the derivations' L/μ: formulas in κ are not "
                            "compared", quantity="kappa") if _inverse_kappa(r) else \
                    Plan("unreadable", f"written in κ, which the text defines as the "
                         f"inverse of the derivations' ({inverted})",
                         quantity=plan.quantity) if plan.candidates or plan.facts else plan
            value = _FIXED.fullmatch(r.latex().strip())
            if value is not None and re.search(r"[1-9]", value.group(2)):
                fixed = fixed or value.group(0)
            elif fixed and plan.candidates and not re.search(
                    rf"\\{_FIXED.match(fixed).group(1)}(?![A-Za-z])", r.latex()):
                # a formula without the parameter (0 < t < 3.8 at beta = 0.9) is a value
                # at it; one written in it (2 + 2 beta) still claims every value
                plan = Plan("unreadable", f"stated where the sentence fixes {fixed}: derived "
                            "results hold for every value of a parameter, and are compared "
                            "so", quantity=plan.quantity)
            work.append(Work(document.name, document.title, _label(number, j, len(rels)),
                             found, r, plan, setting.symbols, doubted))
    return work




def _method_in_force(found, previous, carried: str | None, earlier: str | None
                     ) -> str | None:
    """The method a formula is about: the one the words of its sentence before it name
    last; else the one in force for an earlier formula of the same sentence; else, for a
    sentence that starts by referring back ("Its optimal step is"), the method an
    earlier sentence named (None: read from the words around the formula; "" for the
    heavy ball)."""
    sentence = found.sentence or targets.this_sentence(found.before)
    if len(targets.named_methods(targets.subject_words(sentence)) - {"gd"}) > 1:
        return None  # "The heavy ball, which Nesterov later improved, ...": both readings
    named = targets.last_method_named(f"{found.section} . {sentence}")
    if named is not None or targets.names_heavy_ball(sentence):
        return named or ""
    methods = targets.named_methods(targets.subject_words(sentence))
    if methods == {"heavy-ball"} or methods == {"gd"}:  # "Momentum converges iff ..."
        return "" if methods == {"heavy-ball"} else "gd"
    if _same_sentence(previous, found):
        return carried
    # only from the sentence's own start (the last words before a formula may begin
    # anywhere in it)
    return earlier if earlier and targets.refers_back(found.sentence) else None


#: a parameter given a value ("With $\\beta = 0.9$, ..."); 0 sets a parameter aside,
#: which the rules read themselves (momentum_set_aside, PyTorch's dampening)
_FIXED = re.compile(r"\\(beta|mu|nu|tau|gamma|alpha|eta|epsilon)\s*=\s*"
                    r"(\d+(?:\.\d+)?(?:\s*/\s*\d+)?|\\[dt]?frac\s*\{\s*\d+\s*\}\s*\{\s*\d+\s*\})"
                    r"(?=\s*(?:$|[,;:)]|\.(?!\d)|\s(?![\s/^_*]*[/^_*(\\{\w])))")


#: a sentence that sets something for what follows ("Take beta = 0.5.")
_IMPERATIVE = re.compile(r"\W*(?:take|fix|set|let|choose|pick|assume|suppose|consider)\b",
                         re.I)


def _fixed_after(after: str) -> str:
    """A parameter value set later in the formula's sentence ("... when $\\beta = 0.9$")."""
    found = _FIXED.search(sentences.first(after))
    return found.group(0) if found is not None and re.search(r"[1-9]", found.group(2)) else ""


_SMALL = ("\\mu", "\\lambda_1", "\\lambda_\\min", "\\lambda_min", "m", "\\ell",
          "\\sigma_\\min^2", "\\sigma_min^2")
_LARGE = ("L", "\\lambda_n", "\\lambda_\\max", "\\lambda_max", "M", "\\lambda_d",
          "\\sigma_\\max^2", "\\sigma_max^2")


def _ratios(top: tuple[str, ...], bottom: tuple[str, ...]) -> frozenset[str]:
    """top / bottom as texts write it, braces and spaces left out."""
    return frozenset(f for a in top for b in bottom
                     for f in (f"{a}/{b}", f"\\frac{a}{b}", f"{a}{b}^-1", f"{a}\\cdot{b}^-1"))


#: the inverse of the condition number, and the condition number itself, as written
_INVERSE_KAPPA = _ratios(_SMALL, _LARGE)
_KAPPA = _ratios(_LARGE, _SMALL)
_KAPPA_INVERSE_NAMES = frozenset({"\\kappa^-1", "1/\\kappa", "\\frac1\\kappa"})
#: words that call kappa the inverse of the condition number (mu / L)
_INVERSE_WORDS = re.compile(r"inverse\s+(?:of\s+the\s+)?condition\s+number", re.I)


def _flat(latex: str) -> str:
    flat = re.sub(r"[{}\s]|\\left|\\right|\\,", "", latex)
    return flat.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")


def _inverse_kappa(r: relations.Relation) -> bool:
    """``kappa = mu / L`` (or ``1/kappa = L/mu``): the text's kappa is the inverse of the
    derivations' L / mu."""
    if r.relation not in ("=", ":="):
        return False
    subject, value = _flat(r.subject), _flat(r.value)
    return (subject == "\\kappa" and value in _INVERSE_KAPPA) or (
        subject in _KAPPA_INVERSE_NAMES and value in _KAPPA)


#: a sequence's value at step k or k + 1 (x_{k+1}, y_k, w^{k+1}): an update's subject
_SEQUENCE_VALUE = re.compile(r"\s*\\?[A-Za-z]+\s*[_^]\s*\{?\(?\s*[kt]\s*(?:\+\s*1)?\s*\)?\}?\s*")
_TITLES = {"gd": "gradient descent", "heavy-ball": "the heavy ball",
           **targets.METHOD_TITLES}


class _Outline:
    """Which method the sections of a document speak of, for a sentence that names none.

    A section is about the one method its heading names, or that the updates it writes
    out are (read as rules, :mod:`momentum_sym.audit.written`), when those agree: its
    sentences are then held to that method's results.  A section that writes out an
    update of a method with no derived results is about that method: its sentences are
    compared with nothing.  Under a heading that names none, Nesterov's method, QHM,
    the Sutskever form or PyTorch's SGD named by the nearest heading above that names a
    method is one reading of its sentences among others (:meth:`inherited`).
    """

    def __init__(self, title: str):
        self.title = title
        self.headings: tuple[str, ...] = ()  # the section's own heading, last
        self.named: set[str] = set()  # the methods the section's prose names
        self.written_out = 0  # the formula number of an update of an unknown method
        self.updates: list[str] = []  # the section's update equations, as written
        self.written: set[str] = set()  # the derived methods they are

    def enter(self, headings: tuple[str, ...]) -> None:
        """A new section: the headings it is nested in, then its own."""
        self.headings = headings
        self.named, self.written_out = set(), 0
        self.updates, self.written = [], set()

    def spoken(self, words: str) -> None:
        self.named |= _named(words)

    def planned(self, relation: relations.Relation, plan: Plan, number: int) -> Plan:
        """Takes note of an update the section writes out, and says which method it is."""
        if relation.relation != "=" or not _SEQUENCE_VALUE.fullmatch(relation.subject):
            return plan
        self.updates.append(relation.latex())
        if not any("\\nabla" in u for u in self.updates):
            return plan
        found = written.method_written(self.updates)
        if found is not None:
            if found == written.UNKNOWN:
                self.written_out = self.written_out or number
            else:
                self.written.add(found)
            if (plan.verdict == "definition" and "update" in plan.message) or (
                    plan.verdict == "unreadable" and found != written.UNKNOWN
                    and not plan.candidates and not plan.facts):
                return dataclasses.replace(plan, verdict="definition", message=(
                    "an update of a method with no derived results: the method itself"
                    if found == written.UNKNOWN else
                    f"the update of {_TITLES.get(found, found)}: the method itself"))
        elif not self.written_out and targets.is_update_subject(relation.subject) and (
                (plan.verdict == "unreadable" and "\\nabla" in relation.value) or
                "other than the heavy ball" in plan.message):
            self.written_out = number
        return plan

    def in_force(self) -> str | None:
        """The method of the section ("" for the heavy ball, "gd", "nesterov", ...;
        :data:`targets.WRITTEN_OUT` for a method written out that has no derived
        results); None when nothing decides."""
        if self.written_out:
            return targets.WRITTEN_OUT
        own = _heading_named(self.headings[-1]) if self.headings else set()
        if own and self.written and self.written != own:
            return None  # the heading and the updates written disagree
        own = own or self.written
        if len(own) != 1:
            return None
        method = next(iter(own))
        return "" if method == "heavy-ball" else method

    def _parent(self) -> set[str]:
        """The methods the nearest heading above the section's (or the title) names."""
        for heading in (*reversed(self.headings[:-1]), self.title):
            named = _heading_named(heading)
            if named:
                return named
        return set()

    def inherited(self) -> str | None:
        """A method other than the heavy ball that the nearest heading above the
        section's that names one (or the title) names."""
        parent = self._parent()
        return next(iter(parent)) if len(parent) == 1 and not parent & {
            "heavy-ball", "gd"} else None


def _named_before(spoken: str, sentence: str) -> set[str]:
    """The methods the last sentence before ``sentence`` that names any names ("We now
    use momentum." names the heavy ball)."""
    before = spoken[:spoken.rfind(sentence)] if sentence in spoken else spoken
    cuts = [0, *(end for _, end in sentences.ends(before))]
    for start, end in reversed(list(zip(cuts, [*cuts[1:], len(before)], strict=True))):
        piece = before[start:end]
        named = _named(piece) or ({"heavy-ball"} if _HEADING_MOMENTUM.search(piece) and not
                                  targets.momentum_aside_in(piece) else set())
        if named:
            return named
    return set()


def _last_named(spoken: str, sentence: str) -> str | None:
    """The method the sentence before ``sentence`` names, when it names one alone (""
    for the heavy ball, "gd", "nesterov", ...)."""
    named = _named_before(spoken, sentence)
    if len(named) != 1:
        return None
    method = next(iter(named))
    return "" if method == "heavy-ball" else method


def _named(words: str) -> set[str]:
    return targets.named_methods(targets.subject_words(words))


def _heading_named(heading: str) -> set[str]:
    """The methods a heading names: "momentum" in it names the heavy ball ("The
    Dynamics of Momentum"), unless it is the parameter ("Choosing the momentum")."""
    named = _named(heading)
    if not named and _HEADING_MOMENTUM.search(heading) and not \
            targets.momentum_aside_in(heading):
        named = {"heavy-ball"}
    return named


_HEADING_MOMENTUM = re.compile(
    r"(?<!the )(?<!a )(?<!optimal )(?<!critical )(?<!choosing )(?<!tuning )(?<!large )"
    r"(?<!high )(?<!small )\bmomentum\b(?!\s+(?:parameter|coefficient|term|value)s?)", re.I)


def _same_sentence(previous, found) -> bool:
    """Whether ``found`` is in the sentence of the formula before it: no sentence ends in
    the words between them."""
    if previous is None or previous.section != found.section:
        return False
    # a paragraph break ends a sentence too (a display formula ends one without a stop)
    return not sentences.has_end(found.since) and not re.search(r"\n\s*\n", found.since)


def setting_readings(document: Document) -> tuple[str, ...]:
    """The document's notation readings, in sentences."""
    return _setting(document, [_split(f) for f in document.formulas]).readings


# -- judging ----------------------------------------------------------------------------


def _run(function: Callable[..., Verdict], *args: Any, target: str,
         timeout: float) -> Verdict:
    try:
        return run_bounded(function, *args, timeout=timeout)
    except TimedOut as error:  # read, but neither proved nor refuted in time
        return Verdict("undecided", target, f"not decided: the check {error}")
    except (Unreadable, RuntimeError) as error:
        return Verdict("unreadable", target, str(error).splitlines()[0][:300])


def compare_candidate(candidate: Candidate) -> Verdict:
    """One comparison, by ``check`` (the verdict policy shared with the command line)."""
    return check(candidate.latex, candidate.target, notation=dict(candidate.notation),
                 where=dict(candidate.where), at=dict(candidate.at) or None,
                 derived_latex=candidate.derived, limit_target=candidate.limit)


def _check(candidate: Candidate, timeout: float) -> Verdict:
    return _checked(candidate, timeout)


@functools.lru_cache(maxsize=4096)
def _checked(candidate: Candidate, timeout: float) -> Verdict:
    # a formula a document repeats (in each section, in a table) is compared once:
    # the comparison depends only on the candidate
    return _run(compare_candidate, candidate, target=candidate.target, timeout=timeout)


def _fact(fact: Fact, timeout: float) -> Verdict:
    from momentum_sym.audit.facts import check_fact

    return _run(check_fact, fact, target=fact.derivation, timeout=timeout)


_PREFERENCE = ("equivalent", "conditional", "limit", "undecided", "different", "unreadable")


def _too_wide(verdicts: Sequence[Verdict], plan) -> Verdict | None:
    """A region stated as one where the method converges, as a sufficient condition
    ("converges whenever alpha lambda <= 2 + 2 beta"), with a point inside it and
    outside the derived region: false as a sufficient condition too.  (A narrower
    region, 1 < alpha lambda < 2 + 2 beta, may be a true sufficient condition: it is
    left to :func:`_choose`.)"""
    said = plan.extra.get("inside")
    if plan.strong or said not in ("converges", "necessary"):
        return None  # the words must say it converges there: "we assume t < 3" does not
    # a sufficient condition is refuted where it holds and the method diverges; a
    # necessary one ("converges only if") where the method converges and it fails
    refuting = ("holds", "fails") if said == "converges" else ("fails", "holds")
    for v in verdicts:
        example = v.counterexample
        if v.verdict == "different" and example is not None and (
                example.formula_value, example.derived_value) == refuting:
            return dataclasses.replace(v, message=(
                f"{v.message}: it takes in a point where the method does not converge, so "
                "it is false even as a sufficient condition" if said == "converges" else
                f"{v.message}: it leaves out a point where the method converges, so it is "
                "false even as a necessary condition"))
    return None


def _choose(verdicts: Sequence[Verdict], strong: bool) -> Verdict:
    """One verdict from the comparisons with the results a relation may state."""
    for kind in _PREFERENCE:
        found = [v for v in verdicts if v.verdict == kind]
        if not found:
            continue
        if kind == "different" and not strong:
            closest = found[0]
            return Verdict("unreadable", closest.target,
                           f"equals none of the derived results its symbols fit (closest: "
                           f"{closest.target}, which it differs from)")
        return found[0]
    return Verdict("unreadable", "", "nothing to compare")


def _both_readings(verdicts: Sequence[Verdict], plan: Plan) -> Verdict:
    """A sentence that names no method, after one that named another method than the
    heavy ball: the formula read as the heavy ball's and as that method's.  A definite
    verdict needs both readings to agree; where one holds and the other does not, which
    method is meant decides, and the words do not say."""
    titles = plan.extra["ambiguous"]  # the targets of the other method -> its title
    method = [v for v in verdicts if v.target in titles]
    heavy_ball = [v for v in verdicts if v.target not in titles]
    readings = [_too_wide(group, plan) or _choose(group, plan.strong)
                for group in (method, heavy_ball) if group]
    if len(readings) == 2 and (readings[0].verdict == "equivalent") != \
            (readings[1].verdict == "equivalent"):
        holds, fails = readings if readings[0].verdict == "equivalent" else readings[::-1]
        title = next(iter(titles.values()))
        why = ("the sentence names more than one method" if plan.extra.get("both_named")
               else f"the sentence names no method, after one about {title}")
        return Verdict("undecided", holds.target, (
            f"{why}: the formula holds for {holds.target} and not for {fails.target} "
            f"({fails.message})"))
    return readings[0]


def _combine(verdicts: Sequence[Verdict]) -> Verdict:
    """All parts of a relation must hold: the worst verdict stands."""
    order = ("different", "conditional", "limit", "unreadable", "undecided", "equivalent")
    for kind in order:
        for v in verdicts:
            if v.verdict == kind:
                return v
    return verdicts[0]


_UNKNOWN = re.compile(r"unknown symbol (\S+)|does not have: (\S+?)(?:,|$)")


def _slip(verdict: Verdict, work: Work) -> tuple[str, str] | None:
    """A symbol printed without the superscript it carries everywhere else:
    (what the slip is, the key it stands for)."""
    m = _UNKNOWN.search(verdict.message)
    if not m:
        return None
    key = (m.group(1) or m.group(2)).strip()
    variants = sorted(s for s in work.symbols if s.startswith(key + "^") and not
                      s.endswith(("star", "prime")))
    if not variants:
        return None
    nearby = {k.text for k in keys_of(work.found.latex)}
    variants.sort(key=lambda v: (v not in nearby, v))  # the variant the formula itself uses
    return (f"{key_unicode(key)} is printed without a superscript; the text writes "
            f"{key_unicode(variants[0])} everywhere else", variants[0])


def _beyond(verdict: Verdict, said: str) -> Verdict:
    """A right bound with the region beyond it (alpha lambda > 2 + 2 beta): right when
    the words say the method diverges there, wrong when they say it converges, and
    undecided when they say neither."""
    if said == "diverges":
        return verdict
    if said == "converges":
        return dataclasses.replace(verdict, verdict="different", message=(
            f"the bound is the derived one ({verdict.message}), but the method converges "
            "below it and diverges beyond it"))
    return dataclasses.replace(verdict, verdict="undecided", message=(
        f"the bound is the derived one ({verdict.message}); the words do not say whether "
        "the method diverges beyond it"))


def _strict(verdict: Verdict, there: str) -> Verdict:
    """A right bound written with its end included (alpha <= 2/L, alpha lambda >= 2):
    wrong, since at the bound itself the method ``there`` (does not converge, ...)."""
    return dataclasses.replace(verdict, verdict="different", message=(
        f"the bound is the derived one ({verdict.message}), but at the bound itself the "
        f"method {there}: the inequality is strict"))


def _inside(verdict: Verdict, said: str) -> Verdict:
    """The derived region of convergence, stated: right unless the words say the method
    diverges there (wrong), or negate what they say ("fails to converge", undecided)."""
    if said == "diverges":
        return dataclasses.replace(verdict, verdict="different", message=(
            f"this is the region where the method converges ({verdict.message}); the "
            "words say it diverges there"))
    if said == "negated":
        return dataclasses.replace(verdict, verdict="undecided", message=(
            f"the region is the derived one ({verdict.message}); the words around it are "
            "negated, so what they say of it is not read"))
    return verdict


def judge(work: Work, timeout: float = CHECK_SECONDS) -> Row:
    """The verdict on one relation."""
    plan = work.plan
    common = {"source": work.source, "title": work.title, "number": work.number,
              "line": work.found.line, "section": work.found.section,
              "before": work.found.before, "latex": work.found.latex,
              "relation": work.relation.latex(), "quantity": plan.quantity,
              "reading": plan.reading, "compared": plan.compared}
    if plan.verdict is not None:
        return Row(**common, verdict=plan.verdict, message=plan.message)
    verdicts = []
    if plan.candidates and plan.extra.get("all"):
        verdicts += [_check(c, timeout) for c in plan.candidates]  # every one must hold
    elif plan.candidates:
        checked = [_check(c, timeout) for c in plan.candidates]
        chosen = _both_readings(checked, plan) if plan.extra.get("ambiguous") else \
            _too_wide(checked, plan) or _choose(checked, plan.strong)
        if plan.extra.get("choice") and chosen.verdict == "unreadable":
            chosen = Verdict("definition", "", f"a choice of the {plan.quantity} (no word "
                             f"calls it optimal); it is none of the derived values its "
                             f"symbols fit")
        verdicts.append(chosen)
    verdicts += [_fact(f, timeout) for f in plan.facts]
    verdict = _combine(verdicts)
    slip = ""
    if verdict.verdict == "unreadable":
        found = _slip(verdict, work)
        if found is not None and plan.candidates:
            slip, intended = found
            missing = _UNKNOWN.search(verdict.message)
            printed = key_latex((missing.group(1) or missing.group(2)).strip())
            retry = dataclasses.replace(plan.candidates[0], where=tuple(sorted(
                (*plan.candidates[0].where, (printed, key_latex(intended))))))
            again = _check(retry, timeout)
            if again.verdict == "equivalent":
                verdict = dataclasses.replace(
                    verdict, message=f"{slip}; read as {key_unicode(intended)} it holds "
                    f"({again.target}: {again.message})")
    if "beyond" in plan.extra and verdict.verdict == "equivalent":
        verdict = _beyond(verdict, plan.extra["beyond"])
        if plan.extra.get("closed_beyond") and verdict.verdict == "equivalent":
            verdict = _strict(verdict, "neither converges nor diverges")
    if "inside" in plan.extra and verdict.verdict == "equivalent":
        verdict = _inside(verdict, plan.extra["inside"])
    if plan.extra.get("closed") and verdict.verdict == "equivalent":
        verdict = _strict(verdict, "does not converge")
    denied = denial(work.found.before, work.found.after) or work.doubted
    if denied and verdict.verdict in (*ERRATA, "equivalent"):
        verdict = Verdict("undecided", verdict.target, (
            f"the text denies it (“{denied}”); as a claim it would be {verdict.verdict}: "
            f"{verdict.message}"), verdict.formula_srepr)
    if plan.extra.get("tentative") and verdict.verdict in (*ERRATA, "undecided"):
        verdict = dataclasses.replace(verdict, verdict="unreadable", message=(
            f"read so, it is {verdict.verdict} ({verdict.message}); not flagged: written "
            "so it may also be an equation"))
    if plan.extra.get("note") and verdict.verdict not in ("equivalent", "unreadable"):
        verdict = dataclasses.replace(verdict,
                                      message=f"{plan.extra['note']}: {verdict.message}")
    if plan.extra.get("definition") and verdict.verdict == "equivalent":
        return Row(**common, verdict="definition",
                   message=f"the condition number, as the engine's κ = λₙ/λ₁ "
                   f"({verdict.message})", target=verdict.target)
    return Row(**common, verdict=verdict.verdict, message=verdict.message,
               target=verdict.target or None, counterexample=verdict.counterexample,
               correction_latex=verdict.correction_latex,
               correction_text=getattr(verdict, "correction_text", None),
               condition=(getattr(verdict, "condition_latex", None)
                          or getattr(verdict, "condition", None)), slip=slip)


def preload(work: Iterable[Work]) -> None:
    """Derive every result the work needs and warm the parser here, so that forked
    workers find them ready."""
    import momentum_sym

    warm_up()
    idents = set()
    for w in work:
        for c in w.plan.candidates:
            idents.add(c.target.split(".")[0])
            for _, value in c.where:
                if re.fullmatch(r"[a-z0-9-]+\.[A-Za-z_0-9]+", value):
                    idents.add(value.split(".")[0])
        for f in w.plan.facts:
            idents.add(f.derivation)
    for ident in sorted(idents):
        if ident in momentum_sym.ids():
            momentum_sym.get(ident)


def audit_document(document: Document, timeout: float = CHECK_SECONDS,
                   budget: float = FILE_SECONDS, notes: Sequence[str] = (),
                   progress: Callable[[str], None] | None = None) -> DocumentAudit:
    """Every relation of ``document`` with its verdict."""
    work = prepare(document)
    preload(work)
    with one_worker():
        return _audited(document, work, timeout, budget, notes, progress)


def _audited(document: Document, work: Sequence[Work], timeout: float, budget: float,
             notes: Sequence[str], progress: Callable[[str], None] | None) -> DocumentAudit:
    start = time.monotonic()
    rows = []
    for item in work:
        if time.monotonic() - start > budget:
            rows.append(Row(item.source, item.title, item.number, item.found.line,
                            item.found.section, item.found.before, item.found.latex,
                            item.relation.latex(), item.plan.quantity, "unreadable",
                            f"not checked: the file's time budget ({budget:g} s) ran out"))
            continue
        if progress is not None:
            progress(f"{document.name} {item.number}")
        rows.append(judge(item, timeout))
    return DocumentAudit(document.name, document.title, document.format, tuple(rows),
                         setting_readings(document), tuple(notes))


__all__ = ["CHECK_SECONDS", "ERRATA", "VERDICTS", "DocumentAudit", "Row", "Work",
           "audit_document", "counts", "judge", "prepare"]

