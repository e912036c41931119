"""What every renderer shows, gathered once from a derivation and its report.

The view is backend-neutral: expressions stay SymPy objects and words stay plain
text; each renderer prints them in its own notation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport, StepReport
from momentum_sym.kernel.step import Step
from momentum_sym.kernel.text import Text
from momentum_sym.render import prose
from momentum_sym.render.present import by_falling_powers, by_rising_powers


@dataclass(frozen=True)
class Fact:
    """One line of the setting: words and the expressions they speak of."""

    label: str
    exprs: tuple[sp.Basic, ...]


@dataclass(frozen=True)
class StepView:
    number: int
    step: Step
    report: StepReport | None
    phrase: str
    fields: dict[str, sp.Basic]
    uses: tuple[str, ...]
    check: str
    status: str
    data: tuple[prose.DataLine, ...]
    claim: sp.Basic  # the step's claim in the form it is printed (see render.present)


@dataclass(frozen=True)
class DerivationView:
    derivation: Derivation
    report: DerivationReport | None
    assumptions: tuple[sp.Basic, ...]
    setting: tuple[Fact, ...]
    notation: tuple[tuple[str, Text], ...]  # symbol name, what it means
    steps: tuple[StepView, ...]
    results: tuple[tuple[str, sp.Basic], ...]
    status: str
    #: the conditions some results hold under beyond the assumptions, with those results
    conditions: tuple[tuple[tuple[str, ...], tuple[sp.Basic, ...]], ...] = ()


#: Assumptions SymPy holds in a symbol, as relations to show (first match wins).
SYMBOL_ASSUMPTIONS: tuple[tuple[Callable[[sp.Symbol], bool],
                                Callable[[sp.Symbol], sp.Basic]], ...] = (
    (lambda s: s.is_integer and s.is_positive, lambda s: sp.Contains(s, sp.S.Naturals,
                                                                       evaluate=False)),
    (lambda s: s.is_integer and s.is_nonnegative, lambda s: sp.Contains(s, sp.S.Naturals0,
                                                                          evaluate=False)),
    (lambda s: bool(s.is_positive), lambda s: sp.StrictGreaterThan(s, 0, evaluate=False)),
    (lambda s: bool(s.is_nonnegative), lambda s: sp.GreaterThan(s, 0, evaluate=False)),
    (lambda s: bool(s.is_negative), lambda s: sp.StrictLessThan(s, 0, evaluate=False)),
)


def _symbols_of(derivation: Derivation) -> list[sp.Symbol]:
    found: set[sp.Symbol] = set()
    exprs = [s.claim for s in derivation.steps] + [sp.sympify(v) for v in
                                                    derivation.results.values()]
    for expr in exprs:
        found |= {a for a in expr.atoms(sp.Symbol) if type(a) is sp.Symbol}
    return sorted(found, key=lambda s: s.name)


def assumptions(derivation: Derivation) -> tuple[sp.Basic, ...]:
    """The symbols' own assumptions (``alpha > 0``), then the domain's constraints."""
    out: list[sp.Basic] = []
    seen: set[str] = set()
    for symbol in _symbols_of(derivation):
        for applies, relation in SYMBOL_ASSUMPTIONS:
            if applies(symbol):
                out.append(relation(symbol))
                break
    for constraint in derivation.domain.constraints:
        out.append(constraint)
    unique = []
    for a in out:
        key = sp.srepr(a)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    return tuple(unique)


def setting(derivation: Derivation) -> tuple[Fact, ...]:
    """The matrices of the derivation's model, if it has one."""
    model = derivation.model
    if model is None:
        return ()
    facts = []
    if model.orthogonal:
        facts.append(Fact("orthogonal", tuple(
            sp.Eq(q.T * q, sp.Identity(q.shape[0]), evaluate=False) for q in model.orthogonal)))
    index = model.index if model.index is not None else sp.Symbol("i")
    if model.diagonal:
        facts.append(Fact("diagonal", tuple(
            sp.Eq(d, sp.Function("diag")(base[index]), evaluate=False)
            for d, base in model.diagonal.items())))
    if model.vectors:
        facts.append(Fact("vectors", tuple(model.vectors)))
    if model.definitions:
        facts.append(Fact("defined", tuple(sp.Eq(name, value, evaluate=False)
                                           for name, value in model.definitions)))
    return tuple(facts)


def _as_read(expr: sp.Basic, step: Step) -> sp.Basic:
    """``expr`` collected in the quantities the step says its reader follows."""
    return by_rising_powers(by_falling_powers(expr, step.written_in), step.series_in)


def view(derivation: Derivation, report: DerivationReport | None = None) -> DerivationView:
    reports = {r.label: r for r in report.steps} if report is not None else {}
    numbers = {s.label: j for j, s in enumerate(derivation.steps, start=1)}
    steps = []
    for j, step in enumerate(derivation.steps, start=1):
        step_report = reports.get(step.label)
        text, fields = prose.phrase(step)
        steps.append(StepView(j, step, step_report, text, fields,
                              tuple(prose.uses_labels(step, numbers)),
                              prose.check_text(step, step_report),
                              prose.status_word(step_report),
                              tuple(dataclasses.replace(line, expr=_as_read(line.expr, step))
                                    for line in prose.data_lines(step)),
                              _as_read(step.claim, step)))
    return DerivationView(
        derivation, report, assumptions(derivation), setting(derivation),
        tuple(sorted(derivation.notation.items())), tuple(steps),
        tuple((name, sp.sympify(value)) for name, value in derivation.results.items()),
        prose.status_line(report), result_conditions(derivation))


def result_conditions(derivation: Derivation
                      ) -> tuple[tuple[tuple[str, ...], tuple[sp.Basic, ...]], ...]:
    """Where the results hold beyond the derivation's assumptions: the inequalities among
    the assumptions of the step that derived each (a critical momentum real only where
    ``alpha lambda < 1``; a closed form that is 0/0 where ``sigma_1 = sigma_2``), each set
    of them with the results it holds for, in the results' order.  An equation among
    them names a quantity (``m = k - i``) and is no condition."""
    given = set(derivation.domain.constraints)
    grouped: dict[tuple[sp.Basic, ...], list[str]] = {}
    for name in derivation.results:
        step = derivation.origin(name)
        found = () if step is None else tuple(dict.fromkeys(
            a for a in step.assumptions
            if isinstance(a, sp.Rel) and not isinstance(a, sp.Eq) and a not in given))
        if found:
            grouped.setdefault(found, []).append(name)
    return tuple((tuple(names), found) for found, names in grouped.items())


def holds_where(names: Sequence[str], every: bool, conditions: Sequence[str],
                name_of: Callable[[str], str]) -> str:
    """'β and rate hold where α λ < 1.' (``They hold`` when they are every result)."""
    shown = [name_of(n) for n in names]
    if every:
        subject = "They hold" if len(names) > 1 else "It holds"
    else:
        subject = (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1
                   else shown[0]) + (" hold" if len(shown) > 1 else " holds")
    return f"{subject} where {' and '.join(conditions)}."
