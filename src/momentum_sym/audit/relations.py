"""What relations a formula states: chains, aligned rows, case splits, several
statements side by side.

``x^{k+1} = x^k - \\alpha\\lambda x^k = (1-\\alpha\\lambda)x^k`` states two relations
about ``x^{k+1}``; an aligned row that begins with ``&=`` continues the subject of the
row above; ``R^k = \\begin{cases} a & c_1 \\\\ b & c_2\\end{cases}`` states ``R^k = a``
when ``c_1`` and ``R^k = b`` when ``c_2``; ``\\alpha = ... \\quad \\beta = ...`` states
two things; ``\\text{for } 0 \\le \\beta < 1`` and ``, \\quad i \\neq 1`` are conditions;
``\\sigma_{1,2} = a \\pm b`` is ``\\sigma_1 = a + b`` and ``\\sigma_2 = a - b``.

Everything is LaTeX substrings of the formula (after :func:`normalise`); reading
them is left to the safe reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from momentum_sym.audit import scan

#: Environments whose rows are separate relations (or continue the row above).
ROW_ENVIRONMENTS = frozenset(
    f"{name}{star}" for name in ("align", "aligned", "alignat", "alignedat", "split",
                                 "gather", "gathered", "eqnarray", "flalign", "array")
    for star in ("", "*"))
#: Environments that hold one formula.
WRAPPERS = frozenset(f"{name}{star}" for name in ("equation", "displaymath", "math", "dmath",
                                                  "multline", "multlined")
                     for star in ("", "*"))
CONDITION_WORDS = ("for all", "for some", "for every", "for each", "for", "if", "when",
                   "whenever", "where", "with", "provided", "as", "since", "unless")
_TEXT = re.compile(r"\\(?:text|textrm|mathrm|textit|mbox|operatorname)\s*\{([^{}]*)\}")
_DROP = re.compile(r"\\(?:label|tag\*?|hspace\*?|vspace\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag|"
                   r"displaystyle|textstyle|scriptstyle|limits|nolimits|left\.|right\.)"
                   r"(?![A-Za-z])|\\[,;:!>]|~")
_OF_MATRIX = re.compile(r"(\\(?:lambda|kappa|sigma)\s*(?:_\s*\{[^{}]*\}|_\s*\\?[A-Za-z0-9]+)?)"
                        r"\s*(?:\\left)?\(\s*(?:\\mathbf\{[A-Z]\}|[A-Z])\s*(?:\\right)?\)")
_DOTS_ROW = re.compile(r"^\s*(?:[=&\s]|\\[vcl]?dots|\\ddots|\\quad|\\qquad)*$")


@dataclass(frozen=True)
class Relation:
    """One relation a formula states.

    ``subject`` is the member the relation is about (the first of its chain, or the
    subject carried from the row above), ``value`` the member compared with it, and
    ``relation`` their relation (``=``, ``<``, ``<=``, ``:=``, ``in`` ...), or
    ``range`` for a chain of inequalities (``members`` then holds the whole chain), or
    ``""`` for a formula that is a lone expression (``value`` is the expression)."""

    subject: str
    relation: str
    value: str
    members: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    condition: str = ""
    statement: int = 0  # which statement of the formula (rows and side-by-side ones)

    def latex(self) -> str:
        """The relation as LaTeX, for tables."""
        if self.relation == "range":
            out = self.members[0]
            for rel, member in zip(self.relations, self.members[1:], strict=True):
                out += f" {_SHOW.get(rel, rel)} {member}"
            return out
        if not self.relation:
            return self.value
        return f"{self.subject} {_SHOW.get(self.relation, self.relation)} {self.value}"


_SHOW = {"<=": "\\le", ">=": "\\ge", "!=": "\\neq", ":=": ":=", "<-": "\\leftarrow",
         "~": "\\approx",
         "in": "\\in", "->": "\\mapsto", "=>": "\\Rightarrow", "<=>": "\\iff"}


def _drop_command_with_group(text: str, command: str, keep: bool) -> str:
    """Remove ``\\command{arg}`` (keeping ``arg`` when ``keep``), with a following
    script for the brace commands (``\\underbrace{x}_{note}``)."""
    out = text
    for _ in range(50):
        m = re.search(r"\\" + command + r"(?![A-Za-z])\s*", out)
        if not m:
            break
        j = m.end()
        if j >= len(out) or out[j] != "{":
            out = out[:m.start()] + out[j:]
            continue
        end = scan._matching(out, j, "{", "}")
        inner = out[j + 1:end - 1]
        rest = end
        if command in ("underbrace", "overbrace"):
            script = re.match(r"\s*[_^]\s*", out[rest:])
            if script:
                k = rest + script.end()
                rest = scan._matching(out, k, "{", "}") if out[k:k + 1] == "{" else k + 1
        if not keep:
            inner = ""
        elif not inner.lstrip().startswith(("+", "-")):
            inner = "{" + inner + "}"  # a brace over "+ a - b" continues the sum
        out = out[:m.start()] + inner + out[rest:]
    return out


def normalise(latex: str) -> str:
    """Drop what states nothing: labels, spacing, colours, brace annotations,
    ``\\stackrel{def}{=}``; trailing punctuation."""
    text = latex.replace("\r", " ")
    text = re.sub(r"\\(stackrel|overset)\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\{=\}", ":=", text)
    text = _DROP.sub(" ", text)
    # lambda_min(A), kappa(A): the matrix in brackets names whose eigenvalue it is
    text = _OF_MATRIX.sub(r"\1", text)
    text = _drop_command_with_group(text, "color", keep=False)
    for brace in ("underbrace", "overbrace"):
        text = _drop_command_with_group(text, brace, keep=True)
    text = re.sub(r"\s+", " ", text).strip()
    while text and text[-1] in ".,;" and not text.endswith("\\,"):
        text = text[:-1].rstrip()
    return text


def _unwrap(text: str) -> list[tuple[str, bool]]:
    """Rows of the formula: (row text, whether it may continue the row above)."""
    text = text.strip()
    for _ in range(6):  # \begin{equation}\begin{split}...
        env = scan.environment(text)
        if env is None:
            break
        name, body = env
        if name in WRAPPERS:
            text = " ".join(r for r in scan.rows(body)) if name.startswith("multline") \
                else body.strip()
            continue
        if name in ROW_ENVIRONMENTS:
            filled = [r.strip() for r in scan.rows(body) if r.strip()]
            if len(filled) == 1 and scan.environment(filled[0]) is not None:
                text = filled[0]  # \begin{align}\begin{split}...: the inner rows count
                continue
            if name.startswith("array") and not any(
                    _has_relation(r.replace("&", " ")) for r in scan.rows(body)):
                return [(text, False)]  # a matrix, not an alignment
            out = []
            for row in scan.rows(body):
                row = " ".join(_cells(row))
                if row.strip() and not _DOTS_ROW.match(row):
                    out.append((row.strip(), True))
            return out
        break
    # a group around everything: {\color{black}{R^k} = ...}
    while text.startswith("{") and scan._matching(text, 0, "{", "}") == len(text):
        text = text[1:-1].strip()
    return [(text, False)]


def _cells(row: str) -> list[str]:
    """A row's alignment cells (top-level ``&`` removed)."""
    return [c for c in scan.split_top(row, "&")]


def _has_relation(text: str) -> bool:
    its = scan.items(text)
    return any(scan.relation_at(its, j) for j in range(len(its)))


def _is_condition_word(it: scan.Item) -> str | None:
    if it.kind == "command" and it.command in ("\\forall",):
        return "for all"
    m = _TEXT.fullmatch(it.text.strip())
    if it.kind == "command" and m:
        words = m.group(1).strip().lower().rstrip(",:")
        for word in CONDITION_WORDS:
            if words == word or words.startswith(word + " "):
                return words
        if words in ("and", ",", "or", "i.e.", "that is"):
            return "and"
    return None


@dataclass
class _Segment:
    text: str
    after: str  # what separated it from the segment before: "", "quad", "comma", a word


def _segments(row: str) -> list[_Segment]:
    """A row cut at top-level separators."""
    its = scan.items(row)
    segments: list[_Segment] = [_Segment("", "")]
    current: list[scan.Item] = []

    def close(after: str) -> None:
        segments[-1].text = scan.join(current, row)
        segments.append(_Segment("", after))
        current.clear()

    for it in its:
        word = _is_condition_word(it)
        if word is not None:
            close(word)
        elif it.kind == "command" and it.command in scan.SEPARATORS:
            if any(x.kind != "space" for x in current) or segments[-1].after == "":
                close("quad")
            elif segments[-1].after in ("comma",):
                segments[-1].after = "quad"
        elif it.kind == "char" and it.text in ",;":
            close("comma")
        else:
            current.append(it)
    segments[-1].text = scan.join(current, row)
    return [s for s in segments if s.text or s.after not in ("", "quad", "comma")]


def _statements(row: str) -> list[tuple[str, str]]:
    """(statement, condition) pairs of a row."""
    out: list[list[str]] = []  # [statement, condition]
    pending_word = None
    for seg in _segments(row):
        if seg.after not in ("", "quad", "comma", "and"):
            pending_word = seg.after
        has = _has_relation(seg.text)
        if not seg.text:
            continue
        if pending_word and out:
            out[-1][1] = (out[-1][1] + "; " if out[-1][1] else "") + f"{pending_word} {seg.text}"
            pending_word = None
            continue
        pending_word = None
        if out and not has:
            # a comma inside a list (x_1, ..., x_n) or a trailing note: keep it with its
            # statement
            sep = ", " if seg.after == "comma" else " \\quad "
            out[-1][0] += sep + seg.text
            continue
        if out and has and _is_side_condition(seg.text):
            out[-1][1] = (out[-1][1] + "; " if out[-1][1] else "") + seg.text
            continue
        if out and seg.after == "comma" and not _has_relation(out[-1][0]):
            out[-1][0] += ", " + seg.text
            continue
        out.append([seg.text, ""])
    return [(s, c) for s, c in out]


_INDEX = re.compile(r"^\s*[a-z]\s*(\\neq|\\ne|\\in|\\notin|\\geq?|\\leq?|[<>=])")


def _is_side_condition(text: str) -> bool:
    """``i \\neq 1``, ``i \\in D``, ``w \\in \\mathbf{R}^n``: a restriction, not a claim."""
    its = scan.items(text)
    rels = [scan.relation_at(its, j) for j in range(len(its))]
    names = [r[0] for r in rels if r]
    return bool(names) and (all(n in ("in", "!=") for n in names) or (
        _INDEX.match(text) is not None and len(text) <= 12))


def _chain(statement: str) -> tuple[list[str], list[str]]:
    """Members and relations of a statement at the top level."""
    its = scan.items(statement)
    members: list[list[scan.Item]] = [[]]
    relations: list[str] = []
    j = 0
    while j < len(its):
        found = scan.relation_at(its, j)
        if found is not None:
            name, width = found
            relations.append(name)
            members.append([])
            j += width
            continue
        members[-1].append(its[j])
        j += 1
    return [scan.join(m, statement) for m in members], relations


def _expand_cases(member: str) -> list[tuple[str, str]]:
    """A member with a top-level ``cases`` environment, one (member, condition) per case."""
    for it in scan.items(member):
        env = scan.environment(it.text) if it.kind == "environment" else None
        if env and env[0].rstrip("*") in ("cases", "dcases"):
            out = []
            for row in scan.rows(env[1]):
                cells = _cells(row)
                if not cells or not cells[0].strip():
                    continue
                condition = " ".join(c.strip() for c in cells[1:]).strip()
                condition = _TEXT.sub(lambda m: m.group(1), condition).strip()
                condition = re.sub(r"^(if|for|when|otherwise)\b", "", condition).strip()
                replaced = member[:it.start] + "{" + cells[0].strip() + "}" + member[it.end:]
                out.append((replaced.strip(), condition))
            return out or [(member, "")]
    return [(member, "")]


_PM = re.compile(r"\\(pm|mp)(?![A-Za-z])")
_PAIR_SUBSCRIPT = re.compile(r"_\{\s*1\s*,\s*2\s*\}|_\{\s*\\pm\s*\}")


def _expand_pm(subject: str, value: str) -> list[tuple[str, str]]:
    """``\\sigma_{1,2} = a \\pm b``: the + branch for index 1, the - branch for 2."""
    if not _PM.search(value):
        return [(subject, value)]
    plus = _PM.sub(lambda m: "+" if m.group(1) == "pm" else "-", value)
    minus = _PM.sub(lambda m: "-" if m.group(1) == "pm" else "+", value)
    if _PAIR_SUBSCRIPT.search(subject):
        return [(_PAIR_SUBSCRIPT.sub("_{1}", subject), plus),
                (_PAIR_SUBSCRIPT.sub("_{2}", subject), minus)]
    return [(subject, plus), (subject, minus)]


def _tidy(text: str) -> str:
    """A member or condition without separators and final punctuation at its ends."""
    text = re.sub(r"\\q?quad(?![A-Za-z])", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    while text and (text[-1] in ".,;" or text.endswith("\\\\")) and \
            not text.endswith("\\,"):
        text = text[:-2 if text.endswith("\\\\") else -1].rstrip()
    return text


def split(latex: str) -> list[Relation]:
    """The relations ``latex`` states, in order (a lone expression is one relation with
    an empty ``relation``)."""
    text = normalise(latex)
    out: list[Relation] = []
    subject, carried = "", "="
    statement_number = 0
    for row, continues in _unwrap(text):
        for statement, condition in _statements(row):
            members, relations = _chain(statement)
            members = [_tidy(m) for m in members]
            condition = _tidy(condition)
            start = "="
            if continues and relations and not members[0] and subject:
                members[0], start = subject, carried
            elif continues and not relations and out and not statement.strip():
                continue
            found = _relations(members, relations, condition, statement_number, start)
            subject = members[0]
            carried = next((r for r in [start, *relations] if r not in ("=", ":=")), "=")
            out.extend(found)
            statement_number += 1
    return out


def _relations(members: list[str], relations: list[str], condition: str,
               statement: int, start: str = "=") -> list[Relation]:
    if not relations:
        return [Relation("", "", members[0], (members[0],), (), condition, statement)]
    if all(r in ("<", "<=", ">", ">=") for r in relations) and len(members) > 2:
        return [Relation(members[0], "range", members[-1], tuple(members), tuple(relations),
                         condition, statement)]
    out = []
    subject = members[0]
    strongest = start
    for _j, (rel, member) in enumerate(zip(relations, members[1:], strict=True)):
        if rel != "=":
            strongest = rel
        if not member.strip():
            continue
        for value, case in _expand_cases(member):
            for s, v in _expand_pm(subject, value):
                cond = "; ".join(c for c in (condition, case) if c)
                out.append(Relation(s, rel if strongest == "=" else strongest, v, tuple(members),
                                    tuple(relations), cond, statement))
    return out
