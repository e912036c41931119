"""The ``audit`` and ``check`` subcommands (registered by :mod:`momentum_sym.cli`).

``momentum-sym audit [--source FILE] [--format text|markdown|json]``: every
catalogue entry with its verdict.  ``momentum-sym check LATEX --against ID.NAME
[--format json]``: one formula; exit 0 equivalent, 1 different or limit, 2 when
the formula cannot be read, names a symbol the result does not have, or the
target is unknown.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from momentum_sym.audit.catalogue import AuditEntry, audit, counts, load, source_names
from momentum_sym.audit.compare import UnknownTarget, Verdict, check, split_target
from momentum_sym.audit.latex import MAX_CHARS, TimedOut, Unreadable, run_bounded

CHECK_SECONDS = 60.0

#: Verdicts that make a printed formula an erratum.
ERRATA = ("different", "conditional", "limit", "unreadable")

#: ``check`` exit codes by verdict (DESIGN, "Verdicts"); unreadable input is 2.
EXIT_CODES = {"equivalent": 0, "different": 1, "conditional": 1, "limit": 1, "undecided": 3,
              "unreadable": 2}


def _usage_error(message: str) -> Exception:
    from momentum_sym.cli import UsageError

    return UsageError(message)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# -- rendering ------------------------------------------------------------------------


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _code(latex: str) -> str:
    latex = " ".join(str(latex).split())
    return "`" + latex.replace("`", "'").replace("|", "\\|") + "`" if latex else ""


def _point(entry: AuditEntry) -> str:
    c = entry.counterexample
    if c is None:
        return ""
    point = ", ".join(f"{k} = {v}" for k, v in c.point.items())
    where = f"holds only where ${entry.condition_latex}$; " if entry.condition_latex else ""
    return f"{where}at {point}: printed {c.formula_value}, derived {c.derived_value}"


def _title(source: str) -> str:
    return load()["sources"].get(source, {}).get("title", source)


def audit_markdown(results: Iterable[AuditEntry] | None = None) -> str:
    """The readable errata table for ``derivations/audit.md``."""
    results = list(audit() if results is None else results)
    lines = ["# Audit of the source formulas", "",
             "Every formula of the source texts, compared with the derived results "
             "(`momentum-sym audit`). A formula is *equivalent* when it is proved equal to the "
             "derivation on the result's domain, *different* when a point of the domain "
             "separates them (certified: the point is given, so that it can be re-evaluated), "
             "*conditional* when it holds only on a stated part of the domain, *limit* when "
             "it holds only in a limit, and *undecided* when only numeric agreement was "
             "found.", ""]
    tally = counts(results)
    lines += ["| verdict | entries |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in tally.items()]
    errata = [r for r in results if r.verdict in ERRATA]
    lines += ["", "## Errata", ""]
    if errata:
        lines += ["| id | where | as printed | verdict | counterexample | correction |",
                  "|---|---|---|---|---|---|"]
        for r in errata:
            lines.append(" | ".join([
                f"| {r.id}", _cell(f"{_title(r.source)}, {r.location}"),
                _code(r.compared_latex or r.latex), r.verdict or "",
                _cell(_point(r) or r.message), (_code(r.correction_latex or "") + " |")]))
    else:
        lines.append("No erratum found.")
    notes = [r for r in results if r.note]
    if notes:
        lines += ["", "## Notes on the printed text", "",
                  "Slips in notation found while transcribing (not all can be compared):", ""]
        lines += [f"- **{r.id}** ({r.source}, {r.location}): {r.note}" for r in notes]
    for source in sorted({r.source for r in results}):
        lines += ["", f"## {_title(source)}", "", f"Source file `{source}`.", "",
                  "| id | where | formula | claims | verdict |", "|---|---|---|---|---|"]
        for r in results:
            if r.source != source:
                continue
            verdict = r.verdict or r.kind
            if r.kind == "claim" and r.verdict is None:
                verdict = "not compared"
            lines.append(f"| {r.id} | {_cell(r.location)} | {_code(r.compared_latex or r.latex)}"
                         f" | {r.target or ''} | {verdict} |")
    return "\n".join(lines) + "\n"


def _text(results: list[AuditEntry]) -> str:
    lines = []
    for r in results:
        verdict = r.verdict or (r.kind if r.kind != "claim" else "not compared")
        lines.append(f"{r.id:8} {verdict:12} {r.target or '-':36} {r.message}")
        if r.counterexample is not None:
            lines.append(f"{'':8} counterexample {_point(r)}")
        if r.correction_latex:
            lines.append(f"{'':8} correction {r.correction_latex}")
    lines.append("totals: " + ", ".join(f"{k} {v}" for k, v in counts(results).items()))
    return "\n".join(lines)


# -- audit ----------------------------------------------------------------------------


def _configure_audit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", action="append", metavar="FILE",
                        help="only this seed file (a name such as 001_dca7dfbbfee52c11.txt or "
                             "its number 001); repeat for several")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")


def _run_audit(args: argparse.Namespace) -> int:
    sources = args.source or None
    if sources:
        known = source_names()
        for s in sources:
            if not any(n == s or n.startswith(s) or s.endswith(n) for n in known):
                raise _usage_error(f"unknown source {s!r}; the sources are {', '.join(known)}")
    results = audit(sources)
    if args.format == "json":
        _write(json.dumps([r.as_json() for r in results], indent=1, sort_keys=False))
    elif args.format == "markdown":
        _write(audit_markdown(results))
    else:
        _write(_text(results))
    return 0


# -- check ----------------------------------------------------------------------------


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("latex", metavar="LATEX", help="the formula, in LaTeX")
    parser.add_argument("--against", required=True, metavar="ID.NAME",
                        help="the derived result to compare with, e.g. critical-damping.beta")
    parser.add_argument("--format", choices=("text", "json"), default="text")


#: Options of ``check`` that take a value (the formula is the other argument).
_CHECK_OPTIONS = ("--against", "--format")


def prepare_argv(argv: list[str]) -> list[str]:
    """Let the formula of ``check`` begin with a minus sign (``check '-\\alpha' ...``):
    argparse would take it for an option, so it is moved after ``--``."""
    if "check" not in argv or "--" in argv:
        return argv
    at = argv.index("check")
    rest, j = argv[at + 1:], 0
    while j < len(rest):
        token = rest[j]
        if token in _CHECK_OPTIONS:
            j += 2
            continue
        if token.startswith(tuple(f"{o}=" for o in _CHECK_OPTIONS)) or token in ("-h",
                                                                               "--help"):
            j += 1
            continue
        if token.startswith("-"):
            return [*argv[:at + 1], *rest[:j], *rest[j + 1:], "--", token]
        return argv
    return argv


def check_bounded(latex: str, target: str, timeout: float = CHECK_SECONDS) -> Verdict:
    """:func:`check` in a worker with a time limit; unreadable input never raises."""
    if len(latex) > MAX_CHARS:
        return Verdict("unreadable", target,
                       f"the formula is too long ({len(latex)} characters, at most {MAX_CHARS})")
    ident, name = split_target(target)  # UnknownTarget propagates: exit 2
    try:
        return run_bounded(check, latex, f"{ident}.{name}", timeout=timeout)
    except TimedOut as error:
        return Verdict("unreadable", f"{ident}.{name}", f"the check {error}")
    except (Unreadable, RuntimeError) as error:
        return Verdict("unreadable", f"{ident}.{name}", str(error))


def _run_check(args: argparse.Namespace) -> int:
    try:
        verdict = check_bounded(args.latex, args.against)
    except UnknownTarget as error:
        raise _usage_error(str(error)) from None
    code = EXIT_CODES.get(verdict.verdict, 2)
    if args.format == "json":
        _write(json.dumps(verdict.as_json(), indent=1))
        if code == 2:
            print(f"momentum-sym: error: cannot read the formula: {verdict.message}",
                  file=sys.stderr)
        return code
    if code == 2:
        raise _usage_error(f"cannot read the formula: {verdict.message}")
    lines = [f"{verdict.verdict}: {verdict.message}"]
    if verdict.counterexample is not None:
        c = verdict.counterexample
        lines.append("counterexample: " + ", ".join(f"{k} = {v}" for k, v in c.point.items()))
        lines.append(f"  formula: {c.formula_value}")
        lines.append(f"  derived: {c.derived_value}")
        if c.difference:
            lines.append(f"  difference: {c.difference}")
    if verdict.correction_latex:
        lines.append(f"derived ({verdict.target}): {verdict.correction_latex}")
    _write("\n".join(lines))
    return code


def register(subparsers: Any) -> None:
    """Add ``audit`` and ``check`` to the ``momentum-sym`` command line."""
    parser = subparsers.add_parser(
        "audit", help="a verdict on every formula of the source texts",
        description="Compare every formula of the source texts with the derived results.")
    _configure_audit(parser)
    parser.set_defaults(handler=_run_audit)
    parser = subparsers.add_parser(
        "check", help="check one LaTeX formula against a derived result",
        description="Check a LaTeX formula against a derived result, on the result's domain. "
                    "Exit 0: equivalent (proved); 1: different (a certified counterexample), "
                    "conditional (holds only on a stated part of the domain) or only in a "
                    "limit; 3: undecided (numeric agreement only, never called equivalent); "
                    "2: the formula cannot be read. A formula may begin with a minus sign.")
    _configure_check(parser)
    parser.set_defaults(handler=_run_check)
