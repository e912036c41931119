"""Time whole ``momentum-sym`` processes: median of several runs, as a Markdown table.

    python bench/bench.py [--runs 3]

Each command runs in a fresh process (interpreter start-up and imports included),
as a user would run it.  Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "momentum_sym"]


def commands(out: Path) -> list[tuple[str, list[str]]]:
    return [
        ("build --out TMP", [*CLI, "build", "--out", str(out)]),
        ("verify", [*CLI, "verify"]),
        ("show gd-optimal-step-size", [*CLI, "show", "gd-optimal-step-size"]),
        ("show gd-optimal-step-size --format json",
         [*CLI, "show", "gd-optimal-step-size", "--format", "json"]),
        ("list", [*CLI, "list"]),
    ]


def time_once(argv: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - start, done.returncode


def machine() -> str:
    return (f"{platform.platform()}; {os.cpu_count()} CPUs; {platform.processor() or '?'}; "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    out = Path(tempfile.mkdtemp(prefix="momentum-sym-bench-"))
    try:
        rows = []
        for name, command in commands(out):
            times, codes = [], set()
            for _ in range(args.runs):
                seconds, code = time_once(command)
                times.append(seconds)
                codes.add(code)
            rows.append((name, statistics.median(times), min(times), max(times), codes))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"Machine: {machine()}  ")
    print(f"Median of {args.runs} run(s) of the whole process.\n")
    print("| command | median (s) | min (s) | max (s) | exit |")
    print("|---|---:|---:|---:|---|")
    for name, median, low, high, codes in rows:
        exit_codes = ",".join(str(c) for c in sorted(codes))
        print(f"| `momentum-sym {name}` | {median:.2f} | {low:.2f} | {high:.2f} | {exit_codes} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
