"""``momentum-sym build``: verify every derivation and write ``derivations/``.

Writes ``<id>.tex`` (a fragment for ``\\input``), ``<id>.md``, ``index.md`` and
``main.tex`` (a standalone article inputting every fragment in registry order,
ending with the verification table).  Output is byte-identical run to run (no
timestamps, everything in a fixed order).  The folder is replaced as a whole
(:mod:`momentum_sym.render.folder`: written beside it, then swapped in), so that an
interrupted build leaves the previous folder complete; it is replaced only when a
file changes.  Generated files that no result produces any more are dropped;
files that no build makes are carried over, and ``--check`` names them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport
from momentum_sym.kernel.verify import DEFAULT_DPS, DEFAULT_SAMPLES, DEFAULT_SEED, verify
from momentum_sym.overlap import Overlap
from momentum_sym.progress import stage
from momentum_sym.render import folder, latex, markdown, prose
from momentum_sym.render.bibliography import cited

DEFAULT_OUT = Path("derivations")
GENERATED_HEADERS = (latex.GENERATED, markdown.GENERATED)

Verified = list[tuple[Derivation, DerivationReport]]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _verify_registered(task: tuple[str, int, int, int]) -> DerivationReport:
    """In a worker process: verify a registered derivation by its id."""
    from momentum_sym import get

    id, dps, samples, seed = task
    return verify(get(id), dps, samples, seed)


def _registered(d: Derivation) -> bool:
    from momentum_sym import get, ids

    return d.id in ids() and get(d.id) is d


def verify_all(derivations: Iterable[Derivation], dps: int = DEFAULT_DPS,
               samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
               progress: Callable[[str], None] | None = None, jobs: int = 1) -> Verified:
    """Verify each derivation (in ``jobs`` processes when they are all registered ones;
    the seeds depend only on the ids, so the reports are the same either way).
    ``progress`` is told each id as its verification finishes."""
    derivations = list(derivations)
    if jobs > 1 and len(derivations) > 1 and all(_registered(d) for d in derivations):
        with Overlap(_verify_registered, jobs) as overlap:
            reports = overlap.finish([(d.id, dps, samples, seed) for d in derivations],
                                     _told(progress))
        return list(zip(derivations, reports, strict=True))
    out = []
    for d in derivations:
        out.append((d, verify(d, dps, samples, seed)))
        if progress is not None:
            progress(d.id)
    return out


def derive_and_verify(ids: Sequence[str], dps: int = DEFAULT_DPS,
                      samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                      progress: Callable[[str], None] | None = None,
                      jobs: int = 1) -> Verified:
    """Derive the registered results ``ids`` here and verify them in ``jobs`` processes,
    each as soon as it is derived (:mod:`momentum_sym.overlap`): the same reports as
    :func:`verify_all` of the derivations, sooner."""
    from momentum_sym import get

    derivations = []
    with Overlap(_verify_registered, jobs) as overlap:
        for id in ids:
            stage(progress, f"deriving {id}")
            derivations.append(get(id))
            overlap.ready((id, dps, samples, seed))
        stage(progress, "checking")
        reports = overlap.finish((), _told(progress))
    return list(zip(derivations, reports, strict=True))


def _told(progress: Callable[[str], None] | None
          ) -> Callable[[tuple[str, int, int, int], DerivationReport], None] | None:
    """``progress`` as a callback of :class:`~momentum_sym.overlap.Overlap`: the id."""
    if progress is None:
        return None
    return lambda task, report: progress(task[0])


def build_failures(verified: Verified) -> list[str]:
    lines = []
    for d, report in verified:
        lines += prose.failures(d.id, list(d.steps), report)
    return lines


def render_result(d: Derivation, report: DerivationReport) -> dict[str, str]:
    """The LaTeX fragment and the Markdown page of one verified result."""
    return {f"{d.id}.tex": latex.fragment(d, report), f"{d.id}.md": markdown.page(d, report)}


def render_all(verified: Verified,
               sections: Sequence[tuple[str, Sequence[str]]] | None = None,
               figures: Mapping[str, Sequence[str]] | None = None,
               appendices: Sequence[str] = (),
               rendered: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, bytes]:
    """File name -> bytes, for every LaTeX and Markdown file of the build (``appendices``:
    LaTeX lines that end ``main.tex``, before its bibliography; ``rendered``: the files
    of results already rendered by :func:`render_result`, by id)."""
    files: dict[str, str] = {}
    for d, report in verified:
        files.update((rendered or {}).get(d.id) or render_result(d, report))
    files["index.md"] = markdown.index(verified)
    files["main.tex"] = latex.main_document(verified, sections, figures, appendices)
    files["references.bib"] = latex.bibtex(cited(d for d, _ in verified))
    return {name: text.encode("utf-8") for name, text in sorted(files.items())}


def _generated(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            first = handle.readline().decode("utf-8", "replace").rstrip("\n")
    except OSError:
        return False
    return first in GENERATED_HEADERS


def built_before(out: Path) -> bool:
    """Whether ``out`` holds an earlier build (a top-level file with the generated header)."""
    return any(p.is_file() and p.suffix in (".tex", ".md") and _generated(p)
               for p in out.iterdir())


#: What a file in the output folder that the build does not make is.
STALE = "stale"  # made by an earlier build, no longer made: removed
DEBRIS = "debris"  # a temporary file of an interrupted write: removed
KEPT = "kept"  # in a folder this build leaves as it is (figures not drawn here): kept
FOREIGN = "foreign"  # not made by any build (someone's notes, a compiled PDF): kept


def _debris(name: str) -> bool:
    """A temporary file of an interrupted atomic write (``.main.tex.XXXX.tmp``)."""
    return name.startswith(".") and name.endswith(".tmp")


def _kind(out: Path, name: str, managed: Sequence[str], kept: Sequence[str]) -> str:
    top, _, rest = name.partition("/")
    if _debris(name.rsplit("/", 1)[-1]):
        return DEBRIS
    if not rest and Path(name).suffix in (".tex", ".md") and _generated(out / name):
        return STALE
    if rest and top in managed:
        return STALE
    if rest and top in kept:
        return KEPT
    return FOREIGN


def others(out: Path, files: Mapping[str, bytes], managed: Sequence[str] = (),
           kept: Sequence[str] = ()) -> dict[str, str]:
    """Every path under ``out`` (dot-files included) that the build does not make, with
    its kind.  ``managed`` folders hold only generated files; ``kept`` folders are left as
    they are.  An empty folder is listed with a trailing slash."""
    if not out.is_dir():
        return {}
    found: dict[str, str] = {}
    for root, folders, names in os.walk(out):
        folders.sort()
        here = Path(root).relative_to(out)
        links = [f for f in folders if Path(root, f).is_symlink()]  # not walked into
        for name in sorted([*names, *links]):
            path = (here / name).as_posix()
            if path not in files:
                found[path] = _kind(out, path, managed, kept)
        if here != Path(".") and not names and not folders:
            found[here.as_posix() + "/"] = FOREIGN if here.parts[0] not in kept else KEPT
    return found


def stale(out: Path, files: Mapping[str, bytes], managed: Sequence[str] = ()) -> list[str]:
    """Generated files in ``out`` that the build no longer produces."""
    return sorted(n for n, kind in others(out, files, managed).items() if kind == STALE)


def differences(out: Path, files: Mapping[str, bytes], managed: Sequence[str] = (),
                kept: Sequence[str] = ()) -> list[str]:
    """What ``--check`` reports: files that differ or are missing, generated files no
    longer made, every other file in the folder that is not part of the build
    (dot-files and temporary files too), and what an interrupted build left beside it."""
    lines = []
    for name, content in files.items():
        path = out / name
        if not path.exists():
            lines.append(f"missing: {path}")
        elif path.read_bytes() != content:
            lines.append(f"differs: {path}")
    for name, kind in others(out, files, managed, kept).items():
        if kind == STALE:
            lines.append(f"stale: {out / name}")
        elif kind == DEBRIS:
            lines.append(f"not part of the build: {out / name} (left by an interrupted write)")
        elif kind == FOREIGN:
            lines.append(f"not part of the build: {out / name}")
    lines += [f"left by an interrupted build: {p}" for p in folder.leftovers(out)]
    return lines


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes files private; these are for reading
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _same(path: Path, content: bytes) -> bool:
    return path.is_file() and not path.is_symlink() and path.read_bytes() == content


def _write_file(path: Path, content: bytes) -> None:
    """Write into the staging folder (flushed to disk before the swap, all at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and not source.is_symlink():
        target.mkdir(exist_ok=True)
    else:
        shutil.copy2(source, target, follow_symlinks=False)


def write(out: Path, files: Mapping[str, bytes], managed: Sequence[str] = (),
          kept: Sequence[str] = ()) -> list[str]:
    """Replace ``out`` as a whole (:mod:`momentum_sym.render.folder`) when any file
    changes: the build's files, unchanged ones copied with their dates; the ``kept``
    folders and every file that no build makes carried over; stale generated files
    and temporary files of an interrupted write left behind.  Returns the names
    written or removed (none when the folder is already up to date)."""
    out = out.resolve()  # the folder a link points to is the one replaced
    folder.clean_leftovers(out)
    present = others(out, files, managed, kept)
    changed = [name for name, content in files.items() if not _same(out / name, content)]
    dropped = [name for name, kind in present.items() if kind in (STALE, DEBRIS)]
    if out.is_dir() and not changed and not dropped:
        return []
    folder.refuse_unless_replaceable(out, built_before)

    def fill(staging: Path) -> None:
        for name, content in files.items():
            target = staging / name
            if name in changed:
                _write_file(target, content)
            else:
                _copy(out / name, target)  # its date too: make-like tools see no change
        for name, kind in present.items():
            if kind in (KEPT, FOREIGN):
                _copy(out / name.rstrip("/"), staging / name.rstrip("/"))

    folder.replace(out, fill)
    return sorted(changed + dropped)


@dataclass(frozen=True)
class BuildResult:
    files: dict[str, bytes]
    failures: list[str]
    differences: list[str]
    changed: list[str]


def build(derivations: Iterable[Derivation], out: Path = DEFAULT_OUT, check: bool = False,
          dps: int = DEFAULT_DPS, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
          progress: Callable[[str], None] | None = None, jobs: int = 1) -> BuildResult:
    """Verify, render, then write (or, with ``check``, only compare).  Nothing is
    written when a check fails."""
    verified = verify_all(derivations, dps, samples, seed, progress, jobs)
    failures = build_failures(verified)
    files = render_all(verified)
    if failures:
        return BuildResult(files, failures, [], [])
    if check:
        return BuildResult(files, [], differences(out, files), [])
    return BuildResult(files, [], [], write(out, files))
