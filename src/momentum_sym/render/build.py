"""``momentum-sym build``: verify every derivation and write ``derivations/``.

Writes ``<id>.tex`` (a fragment for ``\\input``), ``<id>.md``, ``index.md`` and
``main.tex`` (a standalone article inputting every fragment in registry order,
ending with the verification table).  Output is byte-identical run to run (no
timestamps, everything in a fixed order); each file is written atomically (a
temporary file in the same folder, then ``os.replace``) and only when its bytes
change.  Files carrying the generated header that no result produces any more
are removed.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from momentum_sym.kernel.derivation import Derivation
from momentum_sym.kernel.outcome import DerivationReport
from momentum_sym.kernel.verify import DEFAULT_DPS, DEFAULT_SAMPLES, DEFAULT_SEED, verify
from momentum_sym.render import latex, markdown, prose
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
    the seeds depend only on the ids, so the reports are the same either way)."""
    derivations = list(derivations)
    if jobs > 1 and len(derivations) > 1 and all(_registered(d) for d in derivations):
        tasks = [(d.id, dps, samples, seed) for d in derivations]
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            reports = list(pool.map(_verify_registered, tasks))
        return list(zip(derivations, reports, strict=True))
    out = []
    for d in derivations:
        if progress is not None:
            progress(d.id)
        out.append((d, verify(d, dps, samples, seed)))
    return out


def build_failures(verified: Verified) -> list[str]:
    lines = []
    for d, report in verified:
        lines += prose.failures(d.id, list(d.steps), report)
    return lines


def render_all(verified: Verified,
               sections: Sequence[tuple[str, Sequence[str]]] | None = None,
               figures: Mapping[str, Sequence[str]] | None = None) -> dict[str, bytes]:
    """File name -> bytes, for every LaTeX and Markdown file of the build."""
    files: dict[str, str] = {}
    for d, report in verified:
        files[f"{d.id}.tex"] = latex.fragment(d, report)
        files[f"{d.id}.md"] = markdown.page(d, report)
    files["index.md"] = markdown.index(verified)
    files["main.tex"] = latex.main_document(verified, sections, figures)
    files["references.bib"] = latex.bibtex(cited(d for d, _ in verified))
    return {name: text.encode("utf-8") for name, text in sorted(files.items())}


def _generated(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            first = handle.readline().decode("utf-8", "replace").rstrip("\n")
    except OSError:
        return False
    return first in GENERATED_HEADERS


def stale(out: Path, files: dict[str, bytes], managed: Sequence[str] = ()) -> list[str]:
    """Generated files in ``out`` that the build no longer produces: top-level files
    with the generated header, and any file in a ``managed`` subfolder."""
    if not out.is_dir():
        return []
    found = [p.name for p in out.iterdir()
             if p.is_file() and p.suffix in (".tex", ".md") and p.name not in files
             and _generated(p)]
    for folder in managed:
        if (out / folder).is_dir():
            found += [f"{folder}/{p.name}" for p in (out / folder).iterdir()
                      if p.is_file() and not p.name.startswith(".")
                      and f"{folder}/{p.name}" not in files]
    return sorted(found)


def differences(out: Path, files: dict[str, bytes], managed: Sequence[str] = ()) -> list[str]:
    """What ``--check`` reports: files that differ, are missing, or are stale."""
    lines = []
    for name, content in files.items():
        path = out / name
        if not path.exists():
            lines.append(f"missing: {path}")
        elif path.read_bytes() != content:
            lines.append(f"differs: {path}")
    lines += [f"stale: {out / name}" for name in stale(out, files, managed)]
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


def write(out: Path, files: dict[str, bytes], managed: Sequence[str] = ()) -> list[str]:
    """Write every file whose bytes changed; remove stale generated files.
    Returns the names written or removed."""
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, content in files.items():
        path = out / name
        if path.exists() and path.read_bytes() == content:
            continue
        write_atomic(path, content)
        changed.append(name)
    for name in stale(out, files, managed):
        (out / name).unlink()
        changed.append(name)
    return changed


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
