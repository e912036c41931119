"""Time whole ``momentum-sym`` processes, each figure also as a ratio to
``python -c "import sympy"`` measured in the same run (medians), as a Markdown table.

    python bench/bench.py [--runs 3] [--only NAME ...]

Each command runs in a fresh process (interpreter start-up and imports included),
as a user would run it.  "Cold" rows bypass the cache of finished work
(``--no-cache``); "warm" rows run with a cache in a temporary folder, filled by one
run before the timed ones (the user's own cache is never touched).  CPU is the user
and system time of the process and every worker it waited for.  Ratios, not seconds,
are what compare across machines and across a busy or an idle one.  Nothing here is
asserted by the tests.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
CLI = [PYTHON, "-m", "momentum_sym"]
SHOWN = "gd-optimal-step-size"


@dataclass(frozen=True)
class Row:
    name: str
    argv: list[str]
    warm: bool = False  # run once before timing, with the cache on


def rows(out: Path) -> list[Row]:
    return [
        Row("import sympy (reference)", [PYTHON, "-c", "import sympy"]),
        Row("list", [*CLI, "list"]),
        Row("--help", [*CLI, "--help"]),
        Row(f"show {SHOWN} (cold)", [*CLI, "show", SHOWN, "--no-cache"]),
        Row(f"show {SHOWN} (warm)", [*CLI, "show", SHOWN], warm=True),
        Row("verify (cold)", [*CLI, "verify", "--no-cache"]),
        Row("verify (warm)", [*CLI, "verify"], warm=True),
        Row("build (cold)", [*CLI, "build", "--no-cache", "--out", str(out / "cold")]),
        Row("build (warm)", [*CLI, "build", "--out", str(out / "warm")], warm=True),
    ]


def time_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its workers, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def machine() -> str:
    import mpmath.libmp

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    # mpmath falls back to pure Python without gmpy2: the checks then take longer
    return (f"{platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
            f"mpmath backend {mpmath.libmp.BACKEND}; load average before the run {load}")


def compile_package() -> None:
    """Write the package's bytecode before timing, as ``pip install`` does.  An editable
    install writes it at first import, but not where ``PYTHONDONTWRITEBYTECODE`` is set
    (as on this project's machine): there every run compiled each module from its
    source, a tenth of a second that no installed copy pays."""
    import importlib.util

    spec = importlib.util.find_spec("momentum_sym")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--only", nargs="*", default=None, metavar="WORD",
                        help="only the commands whose name contains one of these words "
                             "(the reference is always timed)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    print(f"Machine: {machine()}  ", flush=True)
    compile_package()
    work = Path(tempfile.mkdtemp(prefix="momentum-sym-bench-"))
    env = {**os.environ, "MOMENTUM_SYM_CACHE_DIR": str(work / "cache")}
    env.pop("MOMENTUM_SYM_NO_CACHE", None)
    results = []
    try:
        for row in rows(work):
            if (args.only and not row.name.startswith("import")
                    and not any(w in row.name for w in args.only)):
                continue
            if row.warm:
                time_once(row.argv, env)
            times = [time_once(row.argv, env) for _ in range(args.runs)]
            wall = statistics.median(t[0] for t in times)
            cpu = statistics.median(t[1] for t in times)
            codes = sorted({t[2] for t in times})
            results.append((row.name, wall, cpu, codes))
            print(f"  {row.name}: {wall:.2f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    reference = results[0][1]
    print(f"Median of {args.runs} run(s) of the whole process; ratio to `import sympy` "
          f"({reference:.2f} s in this run).\n")
    print("| command | median wall (s) | ratio to `import sympy` | CPU (s) | exit |")
    print("|---|---:|---:|---:|---|")
    for name, wall, cpu, codes in results:
        shown = name if name.startswith("import") else f"momentum-sym {name}"
        print(f"| `{shown}` | {wall:.2f} | {wall / reference:.1f}x | {cpu:.1f} | "
              f"{','.join(map(str, codes))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
