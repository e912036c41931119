"""The whole build of ``derivations/``: verification, the audit of the source
formulas and the figures run as independent tasks over worker processes, then
everything is rendered and written (or, with ``check``, compared).

The tasks are seeded by their own names, so the files do not depend on the
number of workers or the order in which tasks finish.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from momentum_sym import get
from momentum_sym.bounded import heap_shared_with_children
from momentum_sym.cache import Cache
from momentum_sym.kernel.defaults import DEFAULT_DPS, DEFAULT_SAMPLES, DEFAULT_SEED
from momentum_sym.overlap import Overlap, fork_pool, terminate
from momentum_sym.progress import expect, stage
from momentum_sym.render import build as files_of

if TYPE_CHECKING:
    from momentum_sym.kernel.derivation import Derivation

AUDIT_CHUNKS = 6  # the audit's claims split into this many tasks
FIGURE_VERSION_FILE = "figures/matplotlib-version.txt"
PLOTS_EXTRA = "momentum-sym[plots]"
PROG = "momentum-sym"


@dataclass(frozen=True)
class Settings:
    dps: int = DEFAULT_DPS
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED


def plots_available() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


#: The libraries whose versions the figures' bytes depend on: matplotlib draws, and
#: fontTools subsets the fonts embedded in each PDF (another version, other bytes).
DRAWING_LIBRARIES = ("matplotlib", "fonttools")


def drawn_by() -> str:
    """The contents of :data:`FIGURE_VERSION_FILE`: each drawing library and its version."""
    from importlib.metadata import PackageNotFoundError, version

    lines = []
    for name in DRAWING_LIBRARIES:
        try:
            lines.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            lines.append(f"{name} (not installed)")
    return "\n".join(lines) + "\n"


def _run_task(task: tuple[str, str, Settings]) -> Any:
    kind, key, settings = task
    if kind == "verify":
        from momentum_sym.kernel.verify import verify

        return verify(get(key), settings.dps, settings.samples, settings.seed)
    if kind == "audit":
        from momentum_sym.audit.catalogue import audit_entries, entries

        return audit_entries(entries()[int(key)::AUDIT_CHUNKS])
    if kind == "figure":
        from momentum_sym.figures import render

        return render(key, formats=("pdf", "svg"))
    raise ValueError(kind)


def _early_pool(jobs: int) -> ProcessPoolExecutor | None:
    """One worker forked now, before anything is derived (None when working serially)."""
    return fork_pool(1) if jobs > 1 else None


@dataclass(frozen=True)
class Outcome:
    files: dict[str, bytes]
    failures: list[str]
    differences: list[str]
    changed: list[str]
    notes: list[str]


def _figures_after(ids: Sequence[str]) -> dict[str, list[str]]:
    """Each figure's name under the last of ``ids`` (in their order) that it plots: its
    place in ``main.tex``, and the moment it can be drawn (all it plots is derived)."""
    from momentum_sym.figures import FIGURES

    placed: dict[str, list[str]] = {}
    for figure in FIGURES:
        used = [i for i in ids if any(u.split(".")[0] == i for u in figure.uses)]
        if used:
            placed.setdefault(used[-1], []).append(figure.name)
    return placed


def _figure_snippets(ids: Sequence[str]) -> dict[str, list[str]]:
    """Each figure placed after the last result that it plots, as LaTeX that includes it
    when it has been drawn and otherwise says how to draw it: ``main.tex`` is the same
    with or without the plots extra, and compiles either way."""
    from momentum_sym.figures import latex_include_if_drawn

    return {id: [latex_include_if_drawn(name) for name in names]
            for id, names in _figures_after(ids).items()}


def run(ids: Sequence[str], out: Path, check: bool = False, settings: Settings = Settings(),
        jobs: int = 1, progress: Callable[[str], None] | None = None,
        cache: Cache | None = None) -> Outcome:
    """Verify, audit and draw; render every file; write it (or only compare).

    With a ``cache`` (:mod:`momentum_sym.cache`), the files of a build that passed
    every check are stored under the ids and settings, and a later run with the same
    package, libraries and settings takes them from there: the same bytes, in a
    fraction of a second."""
    notes = []
    draw = plots_available()
    if not draw:
        notes.append(_not_drawn(out))
    key = ("build", str(settings.dps), str(settings.samples), str(settings.seed),
           "drawn" if draw else "not drawn", *ids)
    files = cache.load_files(*key) if cache is not None else None
    failures: list[str] = []
    if files is None:
        files, failures = _produce(ids, settings, draw, jobs, progress)
        if cache is not None and not failures:
            cache.store_files(files, *key)
    # figures not drawn here are left as an earlier build drew them (main.tex includes
    # each figure only if its file is there when it is compiled)
    managed, kept = (("html", "figures"), ()) if draw else (("html",), ("figures",))
    if failures:
        return Outcome(files, failures, [], [], notes)
    if check:
        compared, managed, kept = _comparable(out, files, managed, kept, notes)
        return Outcome(files, [], files_of.differences(out, compared, managed, kept), [],
                       notes)
    return Outcome(files, [], [], files_of.write(out, files, managed, kept), notes)


def _produce(ids: Sequence[str], settings: Settings, draw: bool, jobs: int,
             progress: Callable[[str], None] | None) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the build (name -> bytes, sorted by name) and the failed checks."""
    from momentum_sym.audit.cli import audit_latex, audit_markdown
    from momentum_sym.figures import names as figure_names
    from momentum_sym.html import render_book
    from momentum_sym.html.book import result_page
    from momentum_sym.results import sections

    figure_tasks = [("figure", name, settings) for name in figure_names()] if draw else []
    audit_tasks = [("audit", str(j), settings) for j in range(AUDIT_CHUNKS)]
    figures_after = _figures_after(ids)
    # The audit starts at once in a worker of its own, which derives the few results it
    # compares with, while this process derives everything, once: the workers that
    # verify are forked from it as results are derived (momentum_sym.overlap), and
    # inherit the derivations instead of each deriving what its tasks use again; the
    # files are rendered from these.  Each result's own files are rendered here as its
    # verification arrives, while the workers verify the others (this process would
    # otherwise wait idle, and render everything after them on one core).
    derived: list[Derivation] = []
    fragments: dict[str, dict[str, str]] = {}
    pages: dict[str, str] = {}

    def render_finished(task: tuple[str, str, Settings], result: Any) -> None:
        if task[0] == "verify":
            derivation = get(task[1])
            fragments[task[1]] = files_of.render_result(derivation, result)
            pages[task[1]] = result_page(derivation, result, derived)
        if progress is not None:
            progress(f"{task[0]} {task[1]}")

    early = _early_pool(jobs)
    try:
        with heap_shared_with_children():  # the pool forks its worker at the first task
            audit_futures = [early.submit(_run_task, task) for task in audit_tasks] \
                if early is not None else []

        def auditing() -> int:  # the cores the audit holds now
            return int(any(not f.done() for f in audit_futures))

        with Overlap(_run_task, jobs, reserved=auditing) as overlap:
            tasks = []
            for id in ids:
                stage(progress, f"deriving {id}")
                derived.append(get(id))
                # a figure is drawn as soon as what it plots is derived
                for task in [("verify", id, settings), *(
                        ("figure", name, settings) for name in figures_after.get(id, ())
                        if draw)]:
                    tasks.append(task)
                    overlap.ready(task)
            expect(progress, len(ids) + len(figure_tasks) + len(audit_tasks))
            later = [task for task in figure_tasks if task not in tasks]
            if early is None:
                later = audit_tasks + later
            results = overlap.finish(later, render_finished)
            tasks += later
        if early is not None:
            for task, future in zip(audit_tasks, audit_futures, strict=True):
                tasks.append(task)
                results.append(future.result())
                if progress is not None:
                    progress(f"{task[0]} {task[1]}")
    except BaseException:
        if early is not None:  # a failed or interrupted build does not wait for the audit
            terminate(early)
        raise
    if early is not None:
        early.shutdown()
    stage(progress, "rendering")
    by_task = {(kind, key): value for (kind, key, _), value in zip(tasks, results, strict=True)}

    verified = [(get(id), by_task["verify", id]) for id in ids]
    failures = files_of.build_failures(verified)
    audit_rows = _catalogue_order([by_task["audit", str(j)] for j in range(AUDIT_CHUNKS)])
    chapter = audit_latex(audit_rows)
    rendered = files_of.render_all(verified, sections(), _figure_snippets(ids), chapter,
                                   fragments)
    files = dict(rendered)
    files["audit.md"] = audit_markdown(audit_rows).encode("utf-8")
    for name, text in render_book(verified, [row.as_json() for row in audit_rows],
                                  pages).items():
        files[f"html/{name}"] = text.encode("utf-8")
    if draw:
        for name in figure_names():
            for fmt, content in by_task["figure", name].items():
                files[f"figures/{name}.{fmt}"] = content
        files[FIGURE_VERSION_FILE] = drawn_by().encode()
    return dict(sorted(files.items())), failures


def _one_line(versions: bytes) -> str:
    return ", ".join(versions.decode("utf-8", "replace").split("\n")).strip(", ")


def _catalogue_order(chunks: Sequence[Sequence[Any]]) -> list[Any]:
    """The audit's rows in the catalogue's reading order: chunk ``j`` holds the rows of
    entries ``j, j + AUDIT_CHUNKS, ...`` (one row per entry), so interleaving the chunks
    restores the order without reading the catalogue again in this process (which
    costs seconds: every formula of the texts is read)."""
    rows = []
    for i in range(max((len(c) for c in chunks), default=0)):
        rows += [c[i] for c in chunks if i < len(c)]
    return rows


def _not_drawn(out: Path) -> str:
    how = f"pip install '{PLOTS_EXTRA}' then {PROG} build"
    if (out / "figures").is_dir():
        return f"figures not drawn (no matplotlib): those in {out / 'figures'} are kept; " \
               f"to redraw them: {how}"
    return f"figures not drawn (no matplotlib): main.tex says where each goes; to draw them: {how}"


def _comparable(out: Path, files: dict[str, bytes], managed: tuple[str, ...],
                kept: tuple[str, ...], notes: list[str]
                ) -> tuple[dict[str, bytes], tuple[str, ...], tuple[str, ...]]:
    """Figures drawn by other libraries may differ in bytes: they are compared (and
    the folder of figures held to the build's) only when the committed ones were drawn
    by the installed versions, or there are none."""
    version = files.get(FIGURE_VERSION_FILE)
    committed = out / FIGURE_VERSION_FILE
    if version is None or not committed.exists() or committed.read_bytes() == version:
        return files, managed, kept
    notes.append(f"figures not compared: drawn here with {_one_line(version)}, those in "
                 f"{out} with {_one_line(committed.read_bytes())}")
    return ({name: content for name, content in files.items()
             if not name.startswith("figures/")},
            tuple(m for m in managed if m != "figures"), (*kept, "figures"))
