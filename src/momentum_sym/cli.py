"""The command line: ``momentum-sym`` and ``python -m momentum_sym``.

Exit codes: 0 success, 1 a check failed, 2 bad input (one line on stderr starting
``momentum-sym: error:``, never a traceback).

Subcommands are modules or objects with ``register(subparsers)``: it adds a
parser with ``subparsers.add_parser(...)`` and sets ``handler`` with
``parser.set_defaults(handler=run)``, where ``run(args) -> int`` returns the exit
code.  A handler signals bad input by raising :class:`UsageError`; it may use
:func:`resolve_ids` and :func:`bounded_int`.  Built-in commands are listed in
``COMMANDS``; ``OPTIONAL_COMMANDS`` names modules included when importable (the
audit's ``audit`` and ``check``).  They may import this module.

Only the command that is run is configured in full (its module imported, its
options built); the others are added by name and help alone, from static tables
(``COMMANDS``, ``LAZY_HELP``), so that ``list`` and ``--help`` import no
mathematics.  ``tests/test_registry.py`` holds the static help equal to what each
module registers.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROG = "momentum-sym"
MIN_DPS, MAX_DPS = 15, 1000
#: More points add little (every check is also decided symbolically, and the witness
#: runs the algorithm): the bound keeps a typo from running for hours.
MAX_SAMPLES = 1000


class UsageError(Exception):
    """Bad input: reported in one line, exit code 2."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but errors raise :class:`UsageError` instead of printing usage."""

    def error(self, message: str):
        raise UsageError(message)


def bounded_int(name: str, low: int | None = None, high: int | None = None,
                why: str = "") -> Callable[[str], int]:
    """An argparse type: an integer within ``[low, high]`` (``why`` says, after the
    bounds, why there are bounds)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer, got {text!r}") from None
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (f"between {low} and {high}" if low is not None and high is not None
                      else f"at least {low}" if low is not None else f"at most {high}")
            raise argparse.ArgumentTypeError(f"must be {bounds}, got {value}"
                                             + (f" ({why})" if why else ""))
        return value

    return parse


def resolve_ids(requested: Sequence[str]) -> list[str]:
    """Check result ids (all of them when none are given); unknown ids raise
    :class:`UsageError` with the closest known ids."""
    from momentum_sym import ids

    known = ids()
    if not requested:
        return list(known)
    for id in requested:
        if id not in known:
            from momentum_sym.results.method_catalog import METHODS

            if any(id.startswith(f"{name}-") for name in METHODS):
                # a method's family that is not registered: say why (this needs the
                # method's data, so only here is any mathematics imported)
                from momentum_sym.tactics.registry import why_not_registered

                reason = why_not_registered(id)
                if reason is not None:
                    raise UsageError(f"no result {id!r}: {reason}")
            close = difflib.get_close_matches(id, known, n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else (
                f"; see '{PROG} list'")
            raise UsageError(f"unknown result id {id!r}{hint}")
    return list(dict.fromkeys(requested))


def _check_options(parser: argparse.ArgumentParser) -> None:
    from momentum_sym.kernel.defaults import DEFAULT_DPS, DEFAULT_SAMPLES, DEFAULT_SEED

    parser.add_argument("--dps", type=bounded_int(
                            "--dps", MIN_DPS, MAX_DPS,
                            "the cost grows with the digits; see the scale curves in the README"),
                        default=DEFAULT_DPS,
                        help=f"working precision in digits, {MIN_DPS} to {MAX_DPS} "
                             f"(default {DEFAULT_DPS})")
    parser.add_argument("--samples", type=bounded_int(
                            "--samples", 1, MAX_SAMPLES,
                            "each check is also decided symbolically; more points add time, "
                            "not certainty"),
                        default=DEFAULT_SAMPLES,
                        help=f"random points per numeric check, 1 to {MAX_SAMPLES} "
                             f"(default {DEFAULT_SAMPLES})")
    parser.add_argument("--seed", type=bounded_int("--seed", 0), default=DEFAULT_SEED,
                        help=f"seed of the sampling (default {DEFAULT_SEED})")


def quiet_option(parser: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress line on a terminal (there is none when stderr is not one)."""
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress line on standard error (it is shown only on a "
                             "terminal)")


def _cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cache of finished work (also: "
                             "MOMENTUM_SYM_NO_CACHE=1); the output is the same")


def _cached_text(args: argparse.Namespace, key: tuple[str, ...],
                 compute: Callable[[], tuple[str, bool]]) -> str:
    """The text of ``compute()`` (which also says whether every check passed), or the
    text it gave before for the same ``key`` (:mod:`cache`); failures are not kept."""
    from momentum_sym.cache import open_cache

    store = open_cache(args.no_cache)
    text = store.load_text(*key) if store is not None else None
    if text is None:
        text, passed = compute()
        if store is not None and passed:
            store.store_text(text, *key)
    return text


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@dataclass(frozen=True)
class Command:
    """A built-in subcommand."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]

    def register(self, subparsers: Any) -> None:
        parser = subparsers.add_parser(self.name, help=self.help, description=self.help)
        self.configure(parser)
        parser.set_defaults(handler=self.run)


# -- list ---------------------------------------------------------------------------

def _configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sections", action="store_true",
                        help="group the ids under the sections of the source texts")


def _run_list(args: argparse.Namespace) -> int:
    """Ids and titles from the registry's declared metadata: nothing is derived."""
    from momentum_sym import ids, title
    from momentum_sym.results import REGISTRY

    known = ids()
    width = max((len(i) for i in known), default=0)
    if not args.sections:
        for id in known:
            _out(f"{id:<{width}}  {title(id)}")
        return 0
    groups: dict[str, list[str]] = {}
    for id in known:
        groups.setdefault(REGISTRY.section(id) or "Other results", []).append(id)
    for j, (section, members) in enumerate(groups.items()):
        _out(("\n" if j else "") + section)
        for id in members:
            _out(f"  {id:<{width}}  {title(id)}")
    return 0


# -- show, explain --------------------------------------------------------------------

#: The formats of ``show`` (``momentum_sym.render.FORMATS``, named here so that the
#: parser is built without importing the renderers; a test holds the two equal).
SHOW_FORMATS = ("text", "latex", "markdown", "json")
#: The default folder of ``build`` (``momentum_sym.render.build.DEFAULT_OUT``).
DEFAULT_OUT = Path("derivations")


def _configure_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="a result id (see 'list')")
    parser.add_argument("--format", choices=SHOW_FORMATS, default="text",
                        help="output format (default text)")
    parser.add_argument("--no-check", action="store_true",
                        help="do not run the checks (faster; outcomes are left out)")
    _cache_option(parser)


def _view_key(args: argparse.Namespace, *options: str) -> tuple[str, ...]:
    """What a ``show`` or ``explain`` output depends on, besides the package."""
    from momentum_sym.kernel.defaults import DEFAULT_DPS, DEFAULT_SAMPLES, DEFAULT_SEED

    (id,) = resolve_ids([args.id])
    checks = "no-check" if args.no_check else (
        f"dps={DEFAULT_DPS} samples={DEFAULT_SAMPLES} seed={DEFAULT_SEED}")
    return (args.command, id, args.format, checks, *options)


def _derivation_and_report(args: argparse.Namespace):
    (id,) = resolve_ids([args.id])  # before any import of the mathematics
    from momentum_sym import get, verify

    derivation = get(id)
    return derivation, None if getattr(args, "no_check", False) else verify(derivation)


def _passed(report) -> bool:
    return report is None or report.passed


def _run_show(args: argparse.Namespace) -> int:
    def compute() -> tuple[str, bool]:
        derivation, report = _derivation_and_report(args)
        from momentum_sym.render import render

        return render(derivation, report, args.format), _passed(report)

    _out(_cached_text(args, _view_key(args), compute))
    return 0


def _configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="a result id (see 'list')")
    parser.add_argument("--numbers", action="store_true",
                        help="evaluate every step at one simple point, as a hand calculation")
    parser.add_argument("--format", choices=("text", "markdown", "latex"), default="text",
                        help="terminal text (default), Markdown, or a LaTeX fragment")
    parser.add_argument("--no-check", action="store_true",
                        help="do not run the checks (faster; outcomes are left out)")
    _cache_option(parser)


def _run_explain(args: argparse.Namespace) -> int:
    def compute() -> tuple[str, bool]:
        derivation, report = _derivation_and_report(args)
        from momentum_sym.render import explain

        text = explain(derivation, report, numbers=args.numbers, format=args.format)
        return text, _passed(report)

    _out(_cached_text(args, _view_key(args, f"numbers={args.numbers}"), compute))
    return 0


# -- verify ----------------------------------------------------------------------------

def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=bounded_int("--jobs", 1, 64), default=None,
                        help="processes for the checks (default: CPUs, at most 4); the "
                             "output does not depend on it")


def _configure_verify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="result ids (default: all)")
    _check_options(parser)
    _jobs_option(parser)
    _cache_option(parser)
    quiet_option(parser)


def verify_lines(derivation, report) -> list[str]:
    """One line per step (label, status and method, digits), then the witness."""
    from momentum_sym.render import prose

    width = max((len(s.label) for s in derivation.steps), default=0)
    width = max(width, len("witness"))
    lines = [f"{derivation.id}: {derivation.title}"]
    for step, r in zip(derivation.steps, report.steps, strict=True):
        status = "FAILED" if not r.passed else r.symbolic.status.value
        numeric = r.numeric
        if numeric is None:
            evidence = "-"
        elif numeric.digits is None:
            evidence = f"held {numeric.held}/{numeric.samples}"
        else:
            evidence = f"{prose.digits_text(numeric.digits)} digits"
        method = prose.text_unicode(r.symbolic.method) + (
            f" ({prose.text_unicode(r.symbolic.detail)})" if r.symbolic.detail else "")
        lines.append(f"  {step.label:<{width}}  {status:<9} {evidence:<10} {method}")
    for r in report.results:
        status = "FAILED" if not r.passed else r.symbolic.status.value
        lines.append(f"  {'= ' + r.name:<{width}}  {status:<9} {'-':<10} "
                     f"published; from step {r.step}: {prose.text_unicode(r.symbolic.method)}")
    if report.witness is not None:
        status = "passed" if report.witness.passed else "FAILED"
        parts = "; ".join(f"{prose.prose_unicode(c.name)} {prose.digits_text(c.digits)} digits"
                          + ("" if c.passed else " FAILED") for c in report.witness.comparisons)
        lines.append(f"  {'witness':<{width}}  {status:<9} {parts}")
    return lines


def _verified_lines(args: argparse.Namespace, chosen: list[str]) -> dict[str, dict]:
    """Each id's lines and failures: from the cache (results that passed every check
    are kept there), the others verified now, over ``--jobs`` processes."""
    from momentum_sym.cache import open_cache

    store = open_cache(args.no_cache)

    def key(id: str) -> tuple[str, ...]:
        return ("verify", id, f"dps={args.dps} samples={args.samples} seed={args.seed}")

    found: dict[str, dict] = {}
    for id in chosen:
        entry = store.load_json(*key(id)) if store is not None else None
        if isinstance(entry, dict):
            found[id] = entry
    missing = [id for id in chosen if id not in found]
    if missing:
        from momentum_sym.progress import Progress
        from momentum_sym.render import prose
        from momentum_sym.render.build import default_jobs, derive_and_verify

        jobs = args.jobs if args.jobs is not None else default_jobs()
        with Progress("verify", len(missing), quiet=args.quiet) as progress:
            verified = derive_and_verify(missing, args.dps, args.samples, args.seed,
                                         progress=progress, jobs=jobs)
        for derivation, report in verified:
            entry = {"lines": verify_lines(derivation, report),
                     "failures": prose.failures(derivation.id, list(derivation.steps),
                                                report)}
            found[derivation.id] = entry
            if store is not None and not entry["failures"]:
                store.store_json(entry, *key(derivation.id))
    return found


def _run_verify(args: argparse.Namespace) -> int:
    failures: list[str] = []
    chosen = resolve_ids(args.ids)
    found = _verified_lines(args, chosen)
    for id in chosen:
        for line in found[id]["lines"]:
            _out(line)
        failures += found[id]["failures"]
    if failures:
        for line in failures:
            print(f"{PROG}: {line}", file=sys.stderr)
        _out(f"FAILED: {len(failures)} check(s) failed")
        return 1
    _out(f"verified {len(chosen)} result(s) at dps {args.dps}, {args.samples} samples, "
         f"seed {args.seed}: all checks passed")
    return 0


# -- build -----------------------------------------------------------------------------

def _configure_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the folder differs from the build")
    _jobs_option(parser)
    _cache_option(parser)
    quiet_option(parser)


def _run_build(args: argparse.Namespace) -> int:
    from momentum_sym import ids
    from momentum_sym.cache import open_cache
    from momentum_sym.pipeline import run
    from momentum_sym.progress import Progress
    from momentum_sym.render.build import default_jobs

    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} exists and is not a folder")
    from momentum_sym.render.build import built_before
    from momentum_sym.render.folder import Refused, refuse_unless_replaceable

    jobs = args.jobs if args.jobs is not None else default_jobs()
    try:
        if not args.check:  # before the work, not after it
            refuse_unless_replaceable(args.out, built_before)
        with Progress("build", quiet=args.quiet) as progress:
            result = run(ids(), args.out, args.check, jobs=jobs, progress=progress,
                         cache=open_cache(args.no_cache))
    except Refused as error:  # a folder of someone's, or the one we stand in
        raise UsageError(str(error)) from None
    except OSError as error:  # a folder that cannot be written, a full disk
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    for note in result.notes:
        _out(f"note: {note}")
    if result.failures:
        for line in result.failures:
            print(f"{PROG}: {line}", file=sys.stderr)
        _out(f"build failed: {len(result.failures)} check(s) failed; nothing written")
        return 1
    if args.check:
        if result.differences:
            for line in result.differences:
                _out(line)
            _out(f"{args.out} is out of date: run '{PROG} build'")
            return 1
        _out(f"{args.out} is up to date ({len(result.files)} files)")
        return 0
    changed = result.changed
    listed = ": " + ", ".join(changed) if 0 < len(changed) <= 12 else ""
    _out(f"wrote {len(changed)} of {len(result.files)} files to {args.out}"
         + (listed if changed else " (all up to date)"))
    return 0


COMMANDS: list[Any] = [
    Command("list", "list result ids and titles", _configure_list, _run_list),
    Command("show", "show one derivation, with its checks", _configure_show, _run_show),
    Command("explain", "the teaching view: each step with its reason",
            _configure_explain, _run_explain),
    Command("verify", "run every check of some or all derivations",
            _configure_verify, _run_verify),
    Command("build", "verify everything and regenerate derivations/",
            _configure_build, _run_build),
]

#: Modules with ``register(subparsers)``, included when they can be imported.
OPTIONAL_COMMANDS: tuple[str, ...] = ("momentum_sym.audit.cli", "momentum_sym.methods.cli")

#: For a module of ``OPTIONAL_COMMANDS``: each command it registers with its help, so
#: that the module is imported only when one of its commands is run.  A module not
#: listed here is imported whenever the parser is built (correct, only slower).
LAZY_HELP: dict[str, tuple[tuple[str, str], ...]] = {
    "momentum_sym.audit.cli": (
        ("audit", "a verdict on every formula of a document (default: the bundled texts)"),
        ("check", "check one LaTeX formula against a derived result"),
    ),
    "momentum_sym.methods.cli": (
        ("analyze", "a user's own update rule through the method derivations"),
        ("compare", "methods side by side: regions, optimal parameters, rates"),
    ),
}


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        parents = {module.rsplit(".", j)[0] for j in range(module.count("."))}
        if error.name in parents:
            return None  # that module (or its package) does not exist yet
        raise


def commands() -> list[Any]:
    found = [_optional(m) for m in OPTIONAL_COMMANDS]
    return [*COMMANDS, *(m for m in found if m is not None)]


EPILOG = f"""\
'{PROG} COMMAND --help' explains a command and its options.

examples:
  {PROG} explain critical-damping --numbers
  {PROG} check '\\frac{{2}}{{\\lambda_1+\\lambda_n}}' --against gd-optimal-step-size.alpha
  {PROG} build --out notes/derivations

exit codes: 0 success, 1 a check failed (or a formula differs), 2 bad input (one line
on stderr), 3 for check: undecided.

environment: MOMENTUM_SYM_WORKER_MEMORY, the memory limit of each worker that checks
a formula (check, audit, build), such as 2G (default 1G); MOMENTUM_SYM_CACHE_DIR, the
cache of finished work (default $XDG_CACHE_HOME/momentum-sym or ~/.cache/momentum-sym);
MOMENTUM_SYM_NO_CACHE=1 bypasses it, like --no-cache.
"""


def _stub(subparsers: Any, name: str, help: str) -> None:
    """A command by name and help alone (``--help`` lists it; it is not run)."""
    subparsers.add_parser(name, help=help, description=help)


def _loaded_modules(command: str | None) -> list[Any]:
    """The optional modules to import: all of them (``command`` None), else the one
    that provides ``command`` and those whose commands are not declared."""
    chosen = []
    for module in OPTIONAL_COMMANDS:
        declared = LAZY_HELP.get(module)
        if command is None or declared is None or command in dict(declared):
            found = _optional(module)
            if found is not None:
                chosen.append(found)
    return chosen


def build_parser(command: str | None = None) -> ArgumentParser:
    """The parser; with ``command``, only that command is configured in full (the
    others by name and help), so that building it imports only what that command
    needs.  ``""`` configures none (the top-level ``--help``)."""
    from momentum_sym import __version__

    parser = ArgumentParser(
        prog=PROG, description="Derive, check and typeset gradient descent with momentum.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for builtin in COMMANDS:
        if command is None or builtin.name == command:
            builtin.register(subparsers)
        else:
            _stub(subparsers, builtin.name, builtin.help)
    loaded = _loaded_modules(command)
    for module in OPTIONAL_COMMANDS:
        found = next((m for m in loaded if m.__name__ == module), None)
        if found is not None:
            found.register(subparsers)
        elif module in LAZY_HELP and command is not None:
            for name, help in LAZY_HELP[module]:
                _stub(subparsers, name, help)
    return parser


def _command_of(argv: Sequence[str]) -> str:
    """The command named in ``argv`` (the first word that is not an option: the
    top-level options take no value), or ``""``."""
    return next((a for a in argv if not a.startswith("-")), "")


def _settings() -> None:
    """Environment settings are read before any work, so that a bad one is bad input."""
    from momentum_sym.bounded import BadSetting, memory_limit

    try:
        memory_limit()
    except BadSetting as error:
        raise UsageError(str(error)) from None


#: Python's cyclic garbage collector: objects allocated between two collections of
#: the youngest generation (Python's default is 700), and young collections between
#: two of the middle one, middle ones between two of the oldest (10 and 10)
COLLECTION_THRESHOLDS = (50_000, 20, 100)


def _collect_less_often() -> None:
    """SymPy allocates millions of short-lived objects, and with Python's defaults the
    cyclic collector ran every 700 of them, and through the older generations every
    few hundred thousand: about a fourteenth of a cold ``verify`` (28.2 to 26.3 s of
    CPU, on one core).  The peak memory stays within a few megabytes (169 to 172 MB).
    Workers forked later inherit the setting."""
    gc.set_threshold(*COLLECTION_THRESHOLDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    With no command, the usage and the commands are printed on stderr, then the one
    line of bad input, and the exit code is 2 (as argparse does for a missing argument)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        command = _command_of(argv)
        parser = build_parser(command)
        if not argv:
            sys.stderr.write(parser.format_help() + "\n")
            raise UsageError(f"a command is required; '{PROG} COMMAND --help' explains one")
        arguments = argv
        for module in _loaded_modules(command):  # arguments that need care before argparse
            prepare = getattr(module, "prepare_argv", None)
            if prepare is not None:
                arguments = prepare(arguments)
        try:
            args = parser.parse_args(arguments)
        except SystemExit as done:  # --help and --version
            return int(done.code or 0)
        _settings()
        _collect_less_often()
        return int(args.handler(args))
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:  # Ctrl-C: workers end with this process; no traceback
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a defect of ours: one line, as for the check's workers
        if os.environ.get("MOMENTUM_SYM_TRACEBACK"):
            raise
        where = error.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        function = where.tb_frame.f_code.co_name if where is not None else "?"
        print(f"{PROG}: error: the computation stopped on an internal error "
              f"({type(error).__name__} in {function}); please report it with the command "
              f"(MOMENTUM_SYM_TRACEBACK=1 shows where)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
