"""The ``audit`` and ``check`` subcommands (registered by :mod:`momentum_sym.cli`).

``momentum-sym audit [FILE ...] [--source NAME] [--format text|markdown|json]``: every
formula of the files (``.tex``, ``.md``, ``.html``, ``.txt``, or ``-`` for standard
input; with no FILE, the bundled texts) with a verdict on each relation it states; exit
0 when no erratum is found, 1 when one is, 2 when a file cannot be read as text.
``momentum-sym check LATEX --against ID.NAME [--format json]``: one formula; exit 0
equivalent, 1 different or limit, 2 when the formula cannot be read, names a symbol the
result does not have, or the target is unknown.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from momentum_sym.audit import report
from momentum_sym.audit.compare import UnknownTarget, Verdict, check, split_target
from momentum_sym.audit.latex import MAX_CHARS, TimedOut, Unreadable, run_bounded
from momentum_sym.audit.review import Row
from momentum_sym.bounded import OutOfMemory
from momentum_sym.render.names import unicode_name

CHECK_SECONDS = 60.0

#: ``check`` exit codes by verdict (DESIGN, "Verdicts"); unreadable input is 2.
EXIT_CODES = {"equivalent": 0, "different": 1, "conditional": 1, "limit": 1, "undecided": 3,
              "unreadable": 2}


def _usage_error(message: str) -> Exception:
    from momentum_sym.cli import UsageError

    return UsageError(message)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# -- audit ----------------------------------------------------------------------------


def bundled_audits(results: Iterable[Row] | Iterable[Any] | None = None) -> list[Any]:
    """The audits of the bundled texts: run (when no rows are given), or the rows of a
    build grouped by document with each document's readings and notes."""
    from momentum_sym.audit import catalogue
    from momentum_sym.audit.review import DocumentAudit, setting_readings

    if results is None:
        return list(catalogue.audit())
    items = list(results)
    if items and isinstance(items[0], DocumentAudit):
        return items
    documents = {d.name: d for d in catalogue.bundled_documents()}
    audits = []
    for name in dict.fromkeys(r.source for r in items):
        own = tuple(r for r in items if r.source == name)
        document = documents.get(name)
        readings = setting_readings(document) if document is not None else ()
        audits.append(DocumentAudit(name, own[0].title, document.format if document else "",
                                    own, readings, catalogue.missing_notes(name)))
    return audits


def audit_markdown(results: Iterable[Row] | Iterable[Any] | None = None) -> str:
    """The Markdown report of the bundled texts for ``derivations/audit.md``."""
    return report.markdown(bundled_audits(results))


def audit_latex(results: Iterable[Row] | Iterable[Any] | None = None) -> list[str]:
    """The audit of the bundled texts as an appendix chapter of ``main.tex``."""
    from momentum_sym.render.names import escape_text

    return report.latex_chapter(bundled_audits(results), escape_text)


def _configure_audit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="documents to audit (.tex, .md, .html, .txt; - for standard "
                             "input); none: the bundled texts")
    parser.add_argument("--source", action="append", metavar="NAME",
                        help="only this bundled text (a file name or its number, e.g. 001); "
                             "repeat for several")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--timeout", type=float, default=CHECK_SECONDS, metavar="SECONDS",
                        help=f"time for one comparison (default {CHECK_SECONDS:g})")
    from momentum_sym.cli import quiet_option

    quiet_option(parser)


def _run_audit(args: argparse.Namespace) -> int:
    from momentum_sym.audit import catalogue
    from momentum_sym.audit.documents import NotText, read_path
    from momentum_sym.audit.review import audit_document
    from momentum_sym.progress import Progress

    if not 0 < args.timeout <= 3600:
        raise _usage_error(f"--timeout must be more than 0 and at most 3600 seconds, got "
                           f"{args.timeout:g}")
    if args.files and args.source:
        raise _usage_error("give files or --source, not both")
    if args.files:
        documents = []
        for path in args.files:
            try:
                documents.append(read_path(path))
            except NotText as error:
                raise _usage_error(str(error)) from None
        with Progress("audit", quiet=args.quiet) as progress:
            audits = [audit_document(d, args.timeout, progress=progress) for d in documents]
    else:
        known = catalogue.source_names()
        if not known:
            raise _usage_error("the bundled texts are not installed; give a FILE to audit")
        for s in args.source or []:
            if not any(n == s or n.startswith(s) or s.endswith(n) for n in known):
                raise _usage_error(f"unknown source {s!r}; the bundled texts are "
                                   f"{', '.join(known)} (to audit a file of your own, "
                                   "give its path)")
        with Progress("audit", quiet=args.quiet) as progress:
            audits = catalogue.audit(args.source, args.timeout, progress=progress)
    if args.format == "json":
        _write(report.json_text(audits))
    elif args.format == "markdown":
        _write(report.markdown(audits))
    else:
        _write(report.text(audits))
    return 1 if any(r.erratum for a in audits for r in a.rows) else 0


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
    # read, and not decided within its bounds: undecided, as in the audit
    except TimedOut as error:
        return Verdict("undecided", f"{ident}.{name}", f"not decided: the check {error}")
    except OutOfMemory as error:
        return Verdict("undecided", f"{ident}.{name}", f"not decided: {error}")
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
        lines.append("counterexample: " + ", ".join(f"{unicode_name(k)} = {v}"
                                                    for k, v in c.point.items()))
        lines.append(f"  formula: {c.formula_value}")
        lines.append(f"  derived: {c.derived_value}")
        if c.difference:
            lines.append(f"  difference: {c.difference}")
    if verdict.correction_text:
        lines.append(f"derived ({verdict.target}): {verdict.correction_text}")
        lines.append(f"  as LaTeX: {verdict.correction_latex}")
    elif verdict.correction_latex:
        lines.append(f"derived ({verdict.target}): {verdict.correction_latex}")
    _write("\n".join(lines))
    return code


def register(subparsers: Any) -> None:
    """Add ``audit`` and ``check`` to the ``momentum-sym`` command line."""
    parser = subparsers.add_parser(
        "audit", help="a verdict on every formula of a document (default: the bundled texts)",
        description="Find every formula of the documents (.tex, .md, .html, .txt; - for "
                    "standard input), read what it claims and compare it with the derived "
                    "results; with no FILE, the bundled texts. Exit 0: no erratum; 1: errata "
                    "found; 2: a file cannot be read as text.")
    _configure_audit(parser)
    parser.set_defaults(handler=_run_audit)
    parser = subparsers.add_parser(
        "check", help="check one LaTeX formula against a derived result",
        description="Check a LaTeX formula against a derived result, on the result's domain. "
                    "Exit 0: equivalent (proved); 1: different (a certified counterexample), "
                    "conditional (holds only on a stated part of the domain) or only in a "
                    "limit; 3: undecided (numeric agreement only, or the check ran out of its "
                    "time or memory; never called equivalent); "
                    "2: the formula cannot be read. A formula may begin with a minus sign.")
    _configure_check(parser)
    parser.set_defaults(handler=_run_check)
