"""Whether the words around a formula deny it.

"The best step is 2/(L + mu) (and not $\\alpha = 1/L$)", "rather than
$\\beta = 0.9$", "$\\alpha = 1/L$ is not optimal": the text does not claim the formula,
it claims the opposite.  The audit compares formulas with what the engine derives, so
a denied formula that is different from the derived one is no erratum, and one that
equals it would be, but only if the denial was read right.  Neither is certain from
the words, so a denied formula is judged undecided, with what it would have been
(:func:`momentum_sym.audit.review.judge`): never a false erratum, never a false
agreement.

Only words next to the formula count: a negation that ends the words before it ("not",
"rather than", "instead of", "isn't"), that starts the words after it ("is not",
"does not hold", "is wrong", ", but that is wrong", "(wrong)"), or that puts its whole sentence in
doubt ("It is not true that", "A common mistake is to say that", "One might think").
"Not only" is no denial, nor a "not" that contrasts what follows (", not 1/L").
"""

from __future__ import annotations

import re

from momentum_sym.audit import sentences

_NOT = r"(?:not(?!\s+(?:only|just|merely)\b)|never|nor|n't|cannot)"
#: the words before a denied formula end so: "(and not", "rather than", "isn't equal to"
_BEFORE = re.compile(
    rf"(?:\b{_NOT}|\brather\s+than|\binstead\s+of|\bother\s+than|\bunlike)"
    r"(?:\s+(?:be|equal\s+to|simply|exactly|quite|at|by|as|the\s+\w+(?:\s+\w+)?))?"
    r"\s*[(:,]?\s*$", re.I)
#: the words after a denied formula start so: "is not optimal", "does not hold", "is
#: wrong", ", but that is wrong"; a bare "not" after it ("... is 2/(L + mu), not 1/L")
#: denies what follows, not the formula
_WRONG = r"(?:wrong|false|incorrect|a\s+(?:common\s+)?(?:mistake|misconception|myth))"
_AFTER = re.compile(
    rf"^\s*(?:\(\s*(?:also\s+|again\s+|equally\s+|both\s+)?{_WRONG}\s*\)|[),]?\s*(?:"
    rf"(?:is|are|was|were|does|do|did|would|will|can|could|should|must)\s+(?:be\s+)?"
    rf"\b{_NOT}\b"
    rf"|(?:is|are|was|were)\s+{_WRONG}\b"
    r"|(?:isn't|aren't|wasn't|doesn't|don't|won't|can't|cannot)\b"
    rf"|[,;]?\s*(?:but|which|and)\s+(?:that\s+|this\s+|it\s+)?"
    rf"(?:is|was|would\s+be|turns\s+out\s+to\s+be)\s+{_WRONG}"
    r"(?=(?:\s+in\s+general|\s+here|\s+in\s+this\s+case)?\s*(?:[.;:!?)]|$))"
    rf"|;\s*(?:this|that|it)\s+is\s+{_WRONG}\b))", re.I)
#: words that put the rest of their sentence in doubt: "It is not true that ...", "A
#: common mistake is to say that ...", "One might think ..."
_SAY = r"(?:say|think|claim|believe|assume|state|write|suggest|assert)"
_DOUBTED = re.compile(
    r"\b(?:(?:it\s+is|it's)\s+(?:not\s+true|false|wrong|a\s+myth)\s+that"
    r"|(?:it\s+is\s+|it's\s+)?(?:a\s+)?(?:common\s+)?(?:mistake|misconception|myth)\s+"
    rf"(?:is\s+)?(?:to\s+{_SAY}|that\s+(?:the|a|one|it)\b)"
    rf"|common\s+error\s+is\s+(?:to\s+{_SAY}|that)"
    r"|(?:claimed|said|stated|believed|thought|assumed)\s*,\s*"
    r"(?:wrongly|incorrectly|mistakenly|falsely)\s*,\s*that"
    r"|(?:one|you|many|some(?:one)?|people)\s+(?:might|may|could|would|often|usually|"
    r"commonly|sometimes)\s+(?:think|expect|guess|believe|assume|say|claim)"
    r"|(?:wrongly|incorrectly|mistakenly|falsely)\s+(?:say|said|claim|claimed|think|"
    r"thought|believe|believed|assume|assumed|state|stated|write|written))\b", re.I)


def sentence_doubt(before: str) -> str:
    """The words before a formula that put its whole sentence in doubt ("A common
    mistake is to claim"), as written; they hold for every later formula of the
    sentence too."""
    found = _DOUBTED.search(sentences.last(before))
    if found is None or ";" in sentences.last(before)[found.end():]:
        return ""  # "A common mistake is to write ...; the right one is ..."
    return found.group(0)


def denial(before: str, after: str) -> str:
    """The words that deny the formula between ``before`` and ``after``, as they are
    written ("" when none do)."""
    found = _BEFORE.search(before)
    if found is not None:
        return found.group(0).strip(" (:,")
    doubt = sentence_doubt(before)
    if doubt:
        return doubt
    found = _AFTER.match(after)
    if found is not None:
        return found.group(0).strip(" (),;")
    return ""
