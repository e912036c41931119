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
"rather than", "instead of", "isn't") or that starts the words after it ("is not",
"does not hold", "is wrong").  "Not only" is no denial.
"""

from __future__ import annotations

import re

_NOT = r"(?:not(?!\s+(?:only|just|merely)\b)|never|nor|n't|cannot)"
#: the words before a denied formula end so: "(and not", "rather than", "isn't equal to"
_BEFORE = re.compile(
    rf"(?:\b{_NOT}|\brather\s+than|\binstead\s+of|\bother\s+than|\bunlike)"
    r"(?:\s+(?:be|equal\s+to|simply|exactly|quite|at|by|as|the\s+\w+(?:\s+\w+)?))?"
    r"\s*[(:,]?\s*$", re.I)
#: the words after a denied formula start so: "is not optimal", "does not hold", "is wrong"
_AFTER = re.compile(
    r"^\s*[),]?\s*(?:"
    rf"(?:(?:is|are|was|were|does|do|did|would|will|can|could|should|must)\s+(?:be\s+)?)?"
    rf"\b{_NOT}\b"
    r"|(?:is|are|was|were)\s+(?:wrong|false|incorrect|a\s+mistake)\b"
    r"|(?:isn't|aren't|wasn't|doesn't|don't|won't|can't|cannot)\b)", re.I)


def denial(before: str, after: str) -> str:
    """The words that deny the formula between ``before`` and ``after``, as they are
    written ("" when none do)."""
    found = _BEFORE.search(before)
    if found is not None:
        return found.group(0).strip(" (:,")
    found = _AFTER.match(after)
    if found is not None:
        return found.group(0).strip(" ),")
    return ""
