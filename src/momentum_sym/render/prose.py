"""Words around the mathematics: what each kind of step says, how a check is
reported, and prose printed in each format.  A reason is data (words and SymPy
parts, read once from its backticked notation by :mod:`momentum_sym.kernel.inline_math`);
nothing here guesses which words are mathematics.  Everything here is a table over
kinds and statuses; nothing here knows the mathematics of any result.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from momentum_sym.kernel.inline_math import prose
from momentum_sym.kernel.kinds import Kind
from momentum_sym.kernel.outcome import DerivationReport, NumericOutcome, Status, StepReport
from momentum_sym.kernel.step import CaseSplit, Induction, Solve, Step
from momentum_sym.kernel.text import Text, as_text, join
from momentum_sym.render import names, printers

#: How a step of each kind is introduced ("{unknown}" and "{index}" come from its data).
KIND_PHRASES: dict[Kind, str] = {
    Kind.DEFINITION: "By definition",
    Kind.ANSATZ: "Suppose",
    Kind.SUBSTITUTION: "Substituting",
    Kind.EXPANSION: "Expanding",
    Kind.SIMPLIFICATION: "Simplifying",
    Kind.SOLVE: "Solving for {unknown}",
    Kind.SUM: "Summing",
    Kind.INDUCTION: "By induction on {index}",
    Kind.CASE_SPLIT: "By cases",
    Kind.LIMIT: "Taking the limit",
    Kind.DIFFERENTIATION: "Differentiating",
    Kind.INEQUALITY: "Comparing",
    Kind.MATRIX: "By matrix algebra",
}

#: The fields a phrase may use, read from the step's data (by the data's type).
DATA_FIELDS: dict[type, Callable[[object], dict[str, sp.Basic]]] = {
    Solve: lambda data: {"unknown": data.unknown},
    Induction: lambda data: {"index": data.index},
}

#: How a given (unproved) step is reported, by kind.
GIVEN_PHRASES: dict[Kind, str] = {
    Kind.DEFINITION: "given: a definition, stated rather than proved",
    Kind.ANSATZ: "stated: an ansatz, which later steps prove",
}

#: How each symbolic status is reported: the words before and after the method.
STATUS_PHRASES: dict[Status, tuple[str, str]] = {
    Status.PROVED: ("proved by ", ""),
    Status.UNDECIDED: ("undecided symbolically (", "); numeric evidence only"),
    Status.FAILED: ("FAILED: ", ""),
    Status.TRIVIAL: ("FAILED: trivial, both sides are the same expression (", ")"),
}


def phrase(step: Step) -> tuple[str, dict[str, sp.Basic]]:
    """The phrase that introduces ``step`` and the expressions it names (a
    renderer prints each field in its own notation)."""
    fields = DATA_FIELDS.get(type(step.data), lambda data: {})(step.data)
    return KIND_PHRASES.get(step.kind, step.kind.value.capitalize()), fields


_FIELD = re.compile(r"\{(\w+)\}")


def phrase_parts(text: str) -> list[tuple[bool, str]]:
    """``"Solving for {unknown}"`` -> ``[(False, "Solving for "), (True, "unknown")]``."""
    parts: list[tuple[bool, str]] = []
    position = 0
    for match in _FIELD.finditer(text):
        if match.start() > position:
            parts.append((False, text[position:match.start()]))
        parts.append((True, match.group(1)))
        position = match.end()
    if position < len(text):
        parts.append((False, text[position:]))
    return parts


def digits_text(digits: float | None) -> str:
    """Digits of agreement rounded down (a claim never shows more than was seen)."""
    if digits is None:
        return "-"
    return str(math.floor(digits + 1e-9))


def numeric_text(numeric: NumericOutcome | None) -> str:
    if numeric is None:
        return ""
    if numeric.digits is None:
        text = (f"held at {numeric.held} of {numeric.samples} samples "
                f"(dps {numeric.dps})")
    else:
        text = (f"{digits_text(numeric.digits)} digits at dps {numeric.dps} over "
                f"{numeric.samples} samples")
    if not numeric.passed:
        point = ", ".join(f"{k} = {v}" for k, v in numeric.worst_point.items())
        needed = f", {digits_text(numeric.required_digits)} needed" if numeric.digits else ""
        text += f" (FAILED{needed}; at {point})" if point else f" (FAILED{needed})"
    return text


def check_text(step: Step, report: StepReport | None) -> Text:
    """One sentence: the symbolic verdict and the numeric evidence (words and the
    mathematics the check names, printed by each format)."""
    if report is None:
        return as_text("not checked")
    symbolic = report.symbolic
    if symbolic.status is Status.GIVEN:
        return as_text(GIVEN_PHRASES.get(step.kind, "given"))
    before, after = STATUS_PHRASES[symbolic.status]
    text = before + as_text(symbolic.method) + after
    if symbolic.detail:
        text = text + " (" + as_text(symbolic.detail) + ")"
    numeric = numeric_text(report.numeric)
    if numeric:
        text = text + ("; numerically " + numeric)
    return text


def status_word(report: StepReport | None) -> str:
    if report is None:
        return "unchecked"
    if not report.passed:
        return "failed"
    return report.symbolic.status.value


@dataclass(frozen=True)
class Tally:
    """The verification figures of one derivation, for tables."""

    proved: int
    undecided: int
    given: int
    failed: int
    min_digits: str
    dps: int
    samples: int
    witness: str
    passed: bool


def tally(report: DerivationReport) -> Tally:
    witness = "none" if report.witness is None else (
        "passed" if report.witness.passed else "FAILED")
    failed = sum(1 for s in report.steps if not s.passed)
    return Tally(report.count(Status.PROVED), report.count(Status.UNDECIDED),
                 report.count(Status.GIVEN), failed, digits_text(report.min_digits),
                 report.dps, report.samples, witness, report.passed)


def status_line(report: DerivationReport | None) -> str:
    """``verified: 4 proved, 1 given; at least 49 digits; witness passed``."""
    if report is None:
        return "not checked"
    t = tally(report)
    counts = ", ".join(f"{n} {word}" for n, word in (
        (t.proved, "proved"), (t.undecided, "undecided"), (t.given, "given"),
        (t.failed, "failed")) if n)
    head = "verified" if t.passed else "FAILED"
    digits = f"; at least {t.min_digits} digits" if t.min_digits != "-" else ""
    return f"{head}: {counts}{digits}; witness {t.witness}"


# -- worked numbers -----------------------------------------------------------------


def substitution_text(values) -> Text:
    """``alpha = 1/10, lambda = 2`` as words and mathematics."""
    return join((Text((sp.Eq(symbol, value, evaluate=False),)) for symbol, value in values),
                ", ")


def worked_heading(w) -> Text | None:
    """"With numbers (alpha = 1/10, lambda = 2; on the instance n = 2)", or None when the
    step has no numbers (a given step, one SymPy cannot evaluate)."""
    if w.left is None and not w.outcome:
        return None
    head = as_text("With numbers")
    extras = []
    if w.values:
        extras.append(substitution_text(w.values))
    if w.note and not (isinstance(w.note, str) and w.note == "given"):
        extras.append(as_text(w.note))
    if extras:
        head = head + " (" + join(extras, "; ") + ")"
    return head


# -- prose as data: words and SymPy objects ----------------------------------------


def text_unicode(text: Text | str) -> str:
    """Words as they are, mathematics in one line of Unicode."""
    return "".join(s if isinstance(s, str) else printers.inline_text(s)
                   for s in as_text(text).segments)


#: A relation between two pieces of mathematics (a chain p(1) = alpha lambda > 0 is
#: read as pieces joined by these words), in LaTeX.
RELATIONS_LATEX = {"=": "=", "<": "<", ">": ">", "<=": r"\leq", ">=": r"\geq", "≤": r"\leq",
                    "≥": r"\geq", "!=": r"\neq", "≠": r"\neq"}


def chains(segments: tuple) -> list[str | list]:
    """The segments with each chain of mathematics joined by relations made one list of
    its pieces: [a, "=", b, ">", c], set as one formula (a relation between two inline
    formulas would be set in text type, with text spacing)."""
    out: list[str | list] = []
    for j, s in enumerate(segments):
        relation = isinstance(s, str) and s.strip() in RELATIONS_LATEX and 0 < j < len(
            segments) - 1 and not isinstance(segments[j + 1], str) and out and isinstance(
            out[-1], list)
        if relation:
            out[-1].append(s.strip())
        elif isinstance(s, str):
            out.append(s)
        elif out and isinstance(out[-1], list) and isinstance(out[-1][-1], str):
            out[-1].append(s)  # the piece after a relation
        else:
            out.append([s])
    return out


def _math_latex(pieces: list) -> str:
    return "$" + " ".join(RELATIONS_LATEX[p] if isinstance(p, str) else printers.latex_inline(p)
                          for p in pieces) + "$"


def text_latex(text: Text | str, words=names.escape_text) -> str:
    """Words escaped for LaTeX (``words`` may add break opportunities), mathematics in
    inline math mode, a chain of relations as one formula."""
    return "".join(words(s) if isinstance(s, str) else _math_latex(s)
                   for s in chains(as_text(text).segments))


def text_markdown(text: Text | str) -> str:
    return "".join(escape_markdown(s) if isinstance(s, str) else _math_latex(s)
                   for s in chains(as_text(text).segments))


def prose_unicode(text: Text | str, keep_together: bool = False) -> str:
    """Prose (``Text``, or a string with backticked mathematics) in Unicode;
    ``keep_together`` joins each formula with no-break spaces so that wrapping does not
    split it."""
    def math(part: sp.Basic) -> str:
        out = printers.inline_text(part)
        return out.replace(" ", "\u00a0") if keep_together else out
    return "".join(s if isinstance(s, str) else math(s) for s in prose(text).segments)


def prose_latex(text: Text | str) -> str:
    return text_latex(prose(text))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|$#])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def prose_markdown(text: Text | str) -> str:
    return text_markdown(prose(text))


def uses_labels(step: Step, numbers: dict[str, int]) -> list[str]:
    """``uses`` as readable references: ``step 2 (differentiate)`` or ``other-id.name``."""
    out = []
    for use in step.uses:
        if use in numbers:
            out.append(f"step {numbers[use]} ({use})")
        else:
            out.append(use)
    return out


@dataclass(frozen=True)
class DataLine:
    """An extra display carried by a step's data: ``label`` (words), an optional
    ``condition`` (shown after "when"), and the expression."""

    label: str
    expr: sp.Basic
    condition: sp.Basic | None = None


def data_lines(step: Step) -> list[DataLine]:
    """The equation solved, the recurrence and base case of an induction, the cases
    of a case split."""
    extract = DATA_DISPLAYS.get(type(step.data))
    return extract(step.data) if extract else []


def _induction_lines(data: Induction) -> list[DataLine]:
    return [DataLine("recurrence", data.recurrence),
            DataLine(f"base case, at {data.index} = {data.base}", data.base_value)]


DATA_DISPLAYS: dict[type, Callable[[object], list[DataLine]]] = {
    Solve: lambda data: [DataLine("the equation solved", data.equation)],
    Induction: _induction_lines,
    CaseSplit: lambda data: [DataLine(f"case {j}", claim, condition) for j, (condition, claim)
                             in enumerate(data.cases, start=1)],
}


def failures(derivation_id: str, steps: list[Step], report: DerivationReport) -> list[str]:
    """One line per failed step or witness comparison, naming the derivation and step."""
    by_label = {s.label: s for s in steps}
    out = []
    for r in report.failures:
        step = by_label.get(r.label)
        why = (text_unicode(check_text(step, r)) if step is not None
               else r.symbolic.status.value)
        out.append(f"{derivation_id}: step '{r.label}' failed: {why}")
    for r in report.result_failures:
        detail = f" ({text_unicode(r.symbolic.detail)})" if r.symbolic.detail else ""
        out.append(f"{derivation_id}: result '{r.name}' is not what step '{r.step}' "
                   f"derived: {r.symbolic.status.value}, {text_unicode(r.symbolic.method)}"
                   f"{detail}")
    if report.witness is not None:
        for c in report.witness.comparisons:
            if not c.passed:
                detail = f"; {prose_unicode(c.detail)}" if c.detail else ""
                out.append(f"{derivation_id}: witness comparison '{prose_unicode(c.name)}' "
                           "failed: "
                           f"{digits_text(c.digits)} digits{detail}")
    return out
