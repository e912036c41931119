"""The works the derivations cite, and which derivation cites which.

A derivation names its source in words ("Goh (2017), Choosing a Step-size"); the
book's bibliography lists the works behind those words.  Each work is found by the
phrases that name it in a derivation's source, reasons and summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.text import Text


@dataclass(frozen=True)
class Work:
    key: str
    authors: str
    title: str
    where: str
    year: int
    url: str
    named_by: tuple[str, ...]  # phrases that cite it in a derivation's text


WORKS: tuple[Work, ...] = (
    Work("goh2017", "Gabriel Goh", "Why momentum really works", "Distill", 2017,
         "https://distill.pub/2017/momentum", ("Goh (2017)", "Goh,", "Goh 2017")),
    Work("zhang2023", "Aston Zhang, Zachary C. Lipton, Mu Li and Alexander J. Smola",
         "Dive into Deep Learning, chapter Optimization Algorithms: Momentum",
         "Cambridge University Press", 2023, "https://d2l.ai", ("d2l.ai", "d2l's")),
    Work("qa2017", "Readers of Distill", "Questions and answers on the change of basis in "
         "'Why momentum really works'", "question-and-answer thread", 2017,
         "https://distill.pub/2017/momentum", ("Question-and-answer thread",)),
    Work("polyak1964", "Boris T. Polyak", "Some methods of speeding up the convergence of "
         "iteration methods", "USSR Computational Mathematics and Mathematical Physics "
         "4(5):1-17", 1964, "https://doi.org/10.1016/0041-5553(64)90137-5",
         ("Polyak",)),
    Work("jury1964", "Eliahu I. Jury", "Theory and Application of the z-Transform Method",
         "Wiley", 1964, "", ("Jury",)),
    Work("williams1992", "Kenneth S. Williams", "The nth power of a 2x2 matrix",
         "Mathematics Magazine 65(5):336", 1992, "https://doi.org/10.2307/2691246",
         ("Williams",)),
    Work("nesterov2004", "Yurii Nesterov", "Introductory Lectures on Convex Optimization: "
         "A Basic Course", "Kluwer", 2004, "https://doi.org/10.1007/978-1-4419-8853-9",
         ("Nesterov",)),
    Work("flammarion2015", "Nicolas Flammarion and Francis Bach", "From averaging to "
         "acceleration, there is only a step-size", "Conference on Learning Theory", 2015,
         "https://proceedings.mlr.press/v40/Flammarion15.html", ("Flammarion",)),
    Work("sutskever2013", "Ilya Sutskever, James Martens, George Dahl and Geoffrey Hinton",
         "On the importance of initialization and momentum in deep learning",
         "International Conference on Machine Learning", 2013,
         "https://proceedings.mlr.press/v28/sutskever13.html", ("Sutskever",)),
    Work("ma2019", "Jerry Ma and Denis Yarats", "Quasi-hyperbolic momentum and Adam for deep "
         "learning", "International Conference on Learning Representations", 2019,
         "https://arxiv.org/abs/1810.06801", ("quasi-hyperbolic", "QHM")),
    Work("paszke2019", "Adam Paszke and others", "PyTorch: an imperative style, "
         "high-performance deep learning library", "Advances in Neural Information "
         "Processing Systems", 2019, "https://pytorch.org", ("PyTorch", "torch.optim")),
)


def _words(value: object) -> str:
    return value.words() if isinstance(value, Text) else str(value)


def cited_by(derivation: Derivation) -> tuple[Work, ...]:
    """The works a derivation names (source first), in the order of :data:`WORKS`."""
    text = " ".join([derivation.source, _words(derivation.summary),
                     *(_words(s.reason) for s in derivation.steps)])
    return tuple(w for w in WORKS if any(phrase in text for phrase in w.named_by))


def cited(derivations) -> tuple[Work, ...]:
    keys = {w.key for d in derivations for w in cited_by(d)}
    return tuple(w for w in WORKS if w.key in keys)
