"""What a claim rule may look at (:class:`Context`), and a reading of the notation in
progress (:class:`Reading`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from momentum_sym.audit.notation import TIKHONOV_WORDS, Setting
from momentum_sym.audit.plans import Plan
from momentum_sym.audit.relations import Relation


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
    #: the method the sentence is about, when named before an earlier formula of it
    #: ("" for the heavy ball); None: read from the words around this formula
    method: str | None = None
    #: a method other than the heavy ball that an earlier sentence of the section named
    #: last, when this one names none ("Its optimal step is ..."): its results are
    #: compared besides the heavy ball's
    earlier_method: str | None = None
    #: the prose since the formula before this one (its sentence's words, without that
    #: formula's LaTeX, which ``before`` may hold)
    since: str = ""

    @property
    def words(self) -> str:
        return f"{self.section} . {self.before}"

    def tikhonov(self) -> bool:
        return bool(TIKHONOV_WORDS.search(f"{self.section} {self.before} {self.after}"))


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


Rule = Callable[[Relation, Context], Plan | None]
