"""The top-level structure of a formula's LaTeX, as pieces of its source text.

A formula is cut into *items* at the top level (outside braces, brackets,
``\\left...\\right`` pairs and environments): commands with their braced arguments,
groups, environments and single characters.  Splitting at relations, separators
(``\\quad``, ``,``) or alignment rows, cutting a sum into terms, or unwrapping an
environment then works on these items and gives back LaTeX substrings, which the safe
reader (:mod:`momentum_sym.audit.latex`) reads in the end.

Nothing here evaluates anything: it only matches brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMAND = re.compile(r"\\([A-Za-z]+\*?|.)")
_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = {"}": "{", ")": "(", "]": "["}

#: Relations at the top level, with their normal names.
RELATIONS = {"=": "=", "<": "<", ">": ">", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=",
             "\\ge": ">=", "\\geq": ">=", "\\geqslant": ">=", "\\neq": "!=", "\\ne": "!=",
             "\\approx": "~", "\\sim": "~", "\\simeq": "~", "\\coloneqq": ":=",
             "\\triangleq": ":=", "\\equiv": ":=", "\\defeq": ":=", "\\lt": "<", "\\gt": ">",
             "\\in": "in", "\\notin": "in", "\\mapsto": "->", "\\to": "->",
             "\\rightarrow": "->", "\\Rightarrow": "=>", "\\implies": "=>", "\\iff": "<=>",
             "\\Leftrightarrow": "<=>", "\\propto": "~", "\\ll": "<", "\\gg": ">",
             "\\subset": "in", "\\subseteq": "in",
             # an assignment, as pseudo-code writes an update: v <- beta v + grad f(w)
             "\\leftarrow": "<-", "\\gets": "<-"}
#: Separators between statements of one formula.
SEPARATORS = frozenset({"\\quad", "\\qquad"})


@dataclass(frozen=True)
class Item:
    """One top-level item: its text and where it stands in the formula."""

    text: str
    start: int
    end: int
    kind: str  # "command" | "group" | "environment" | "char" | "space"

    @property
    def command(self) -> str:
        return self.text.split("{", 1)[0].strip() if self.kind == "command" else ""


def _matching(text: str, start: int, open_: str, close: str) -> int:
    """The offset after the bracket closing the one at ``start`` (len(text) if none)."""
    depth = 0
    j = start
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return len(text)


def _environment_end(text: str, start: int, name: str) -> int:
    """The offset after ``\\end{name}`` closing the environment opened at ``start``."""
    depth = 0
    pattern = re.compile(r"\\(begin|end)\{" + re.escape(name) + r"\}")
    for m in pattern.finditer(text, start):
        depth += 1 if m.group(1) == "begin" else -1
        if depth == 0:
            return m.end()
    return len(text)


def items(text: str) -> list[Item]:
    """The top-level items of ``text``."""
    out: list[Item] = []
    j = 0
    while j < len(text):
        c = text[j]
        if c.isspace():
            k = j
            while k < len(text) and text[k].isspace():
                k += 1
            out.append(Item(text[j:k], j, k, "space"))
            j = k
            continue
        if c == "{":
            k = _matching(text, j, "{", "}")
            out.append(Item(text[j:k], j, k, "group"))
            j = k
            continue
        if c == "\\":
            m = _COMMAND.match(text, j)
            name = m.group(1) if m else ""
            k = m.end() if m else j + 1
            if name == "begin":
                env = re.match(r"\{([^}]*)\}", text[k:])
                end = _environment_end(text, j, env.group(1)) if env else k
                out.append(Item(text[j:end], j, end, "environment"))
                j = end
                continue
            if name == "{":  # \{ ... \} is a group (a set, the argument of \max)
                end = _escaped_brace_end(text, j)
                out.append(Item(text[j:end], j, end, "group"))
                j = end
                continue
            if name == "left":
                end = _left_right_end(text, j)
                out.append(Item(text[j:end], j, end, "group"))
                j = end
                continue
            # arguments in braces belong to the command (\frac{a}{b}, \sqrt[3]{x})
            while k < len(text) and text[k] in "{[" and name not in ("\\", "left", "right"):
                if text[k] == "[" and name not in ("sqrt",):
                    break
                k = _matching(text, k, text[k], _OPEN[text[k]])
            out.append(Item(text[j:k], j, k, "command"))
            j = k
            continue
        if c in "([":
            k = _matching(text, j, c, _OPEN[c])
            out.append(Item(text[j:k], j, k, "group"))
            j = k
            continue
        out.append(Item(c, j, j + 1, "char"))
        j += 1
    return out


def _escaped_brace_end(text: str, start: int) -> int:
    """The offset after the ``\\}`` matching the ``\\{`` at ``start``."""
    depth = 0
    for m in re.finditer(r"\\[{}]", text[start:]):
        depth += 1 if m.group(0) == "\\{" else -1
        if depth == 0:
            return start + m.end()
    return len(text)


def _left_right_end(text: str, start: int) -> int:
    """The offset after the ``\\right`` delimiter matching ``\\left`` at ``start``."""
    depth = 0
    for m in re.finditer(r"\\(left|right)(?![A-Za-z])\s*(\\[A-Za-z]+|\\.|.)?", text[start:]):
        depth += 1 if m.group(1) == "left" else -1
        if depth == 0:
            return start + m.end()
    return len(text)


def relation_at(its: list[Item], j: int) -> tuple[str, int] | None:
    """The relation starting at item ``j`` (normal name, number of items), or None."""
    it = its[j]
    nxt = next((x for x in its[j + 1:] if x.kind != "space"), None)
    if it.kind == "char" and it.text in "=<>":
        if it.text in "<>" and nxt is not None and nxt.text == "=" and nxt.start == it.end:
            return it.text + "=", its.index(nxt) - j + 1
        return it.text, 1
    if it.kind == "char" and it.text == ":" and nxt is not None and nxt.text == "=":
        return ":=", its.index(nxt) - j + 1
    if it.kind == "command":
        name = it.command
        if name in RELATIONS:
            return RELATIONS[name], 1
        if name in ("\\stackrel", "\\overset") and it.text.rstrip().endswith("{=}"):
            return ":=", 1
    return None


def join(its: list[Item], text: str) -> str:
    """The source text spanned by ``its`` (in ``text``)."""
    if not its:
        return ""
    return text[its[0].start:its[-1].end].strip()


def split_top(text: str, at: str) -> list[str]:
    """``text`` cut at top-level occurrences of the character ``at``."""
    its = items(text)
    pieces: list[list[Item]] = [[]]
    for it in its:
        if it.kind == "char" and it.text == at:
            pieces.append([])
        else:
            pieces[-1].append(it)
    return [join(p, text) for p in pieces]


def terms(text: str) -> list[tuple[int, str]]:
    """``text`` as a signed sum of top-level terms: [(+1 or -1, term), ...]."""
    out: list[tuple[int, list[Item]]] = []
    sign = 1
    current: list[Item] = []
    for it in items(text):
        if it.kind == "char" and it.text in "+-":
            if any(x.kind != "space" for x in current):
                out.append((sign, current))
                current, sign = [], 1
            sign *= -1 if it.text == "-" else 1
            continue
        current.append(it)
    if any(x.kind != "space" for x in current):
        out.append((sign, current))
    return [(s, join(t, text)) for s, t in out]


_ROW = re.compile(r"\\\\(\s*\[[^\]]*\])?")


def rows(body: str) -> list[str]:
    """An environment body cut at top-level ``\\\\`` (with any ``[0.4em]`` spacing)."""
    its = items(body)
    pieces: list[list[Item]] = [[]]
    skip_spacing = False
    for it in its:
        if skip_spacing and it.kind == "space":
            continue
        if skip_spacing and it.kind == "group" and it.text.startswith("["):
            skip_spacing = False
            continue
        skip_spacing = False
        if it.kind == "command" and it.text.startswith("\\\\"):
            pieces.append([])
            skip_spacing = not it.text.endswith("]")
            continue
        pieces[-1].append(it)
    return [join(p, body) for p in pieces]


_ENV = re.compile(r"\A\\begin\{([A-Za-z]+\*?)\}(.*)\\end\{\1\}\Z", re.S)


def environment(text: str) -> tuple[str, str] | None:
    """(name, body) when ``text`` is exactly one environment, else None.  The column
    specification of ``array`` and ``alignat``'s column count are dropped."""
    m = _ENV.match(text.strip())
    if not m:
        return None
    name, body = m.group(1), m.group(2)
    if items(text.strip())[0].end != len(text.strip()):
        return None
    if name.rstrip("*") in ("array", "alignat", "alignedat", "tabular"):
        body = re.sub(r"\A\s*\{[^{}]*\}", "", body, count=1)
    return name, body
