"""How the cost of checking grows: with the digits (dps), with the samples per check,
with k in R^k, and with the size n of the generic matrix instances.  Markdown tables,
each time also as a ratio to ``import sympy`` measured in the same run.

    python bench/scale.py [--jobs 2] [--curve dps samples k n]

Every point is independent, so the sweep is spread over a standard-library
``ProcessPoolExecutor`` (forked after the derivations are made, so no worker derives
anything); each point reports the CPU time of its own work (``time.process_time``),
which does not depend on how many points run at once.  To spread a larger sweep over
a cluster, submit the same ``point`` function to a Dask ``Client`` (``client.map``)
or to Ray (``ray.remote(point)``): both take a picklable function and its
arguments, which is all ``point`` is.  Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from mpmath import mp

#: A derivation of each kind of work: scalar algebra, matrices, a witness that searches.
IDS = ("gd-optimal-step-size", "momentum-iteration-matrix", "critical-damping")
MATRIX_ID = "gd-eigen-decoupling"
CURVES = {
    "dps": (50, 100, 200, 400),
    "samples": (2, 8, 32, 128),
    "k": (10, 10**3, 10**6, 10**9),
    "n": (2, 3, 4),
}
N_SECONDS = 300.0  # a size whose exact check takes longer is reported as such


def _verify(id: str, dps: int = 50, samples: int = 8, derivation=None) -> list[str]:
    """Verify; the ids that failed (reported beside the time: a sweep finds them)."""
    from momentum_sym import get, verify

    report = verify(derivation or get(id), dps, samples)
    return [] if report.passed else [id]


def _power(k: int) -> float:
    """R^k at 50 digits by the derived closed form and by repeated squaring; the
    digits of agreement."""
    import sympy as sp

    from momentum_sym import get

    closed = get("matrix-power-2x2").results["distinct"]
    R = get("momentum-iteration-matrix").results["R"]
    with mp.workdps(50):
        # real distinct eigenvalues (0.887..., 0.112...): the closed form's own case
        numbers = {"alpha": mp.mpf("0.1"), "beta": mp.mpf("0.1"), "lambda": mp.mpf(1)}
        values = {s: numbers[s.name] for s in R.free_symbols}
        matrix = mp.matrix([[mp.mpmathify(sp.lambdify(sorted(e.free_symbols, key=str), e,
                                                      "mpmath")(*(values[s] for s in sorted(
                                                          e.free_symbols, key=str))))
                             for e in row] for row in R.tolist()])
        s1, s2 = sorted(mp.eig(matrix)[0], key=lambda z: -mp.re(z))
        symbols = {s.name: s for s in closed.free_symbols}

        def exact(x) -> sp.Float:
            return sp.Float(mp.nstr(mp.re(x), 60), 60)

        instance = closed.xreplace({
            symbols["R"]: sp.ImmutableMatrix(2, 2, [exact(x) for x in matrix]),
            symbols["sigma_1"]: exact(s1), symbols["sigma_2"]: exact(s2),
            symbols["k"]: sp.Integer(k)}).doit()
        by_formula = mp.matrix([[mp.mpf(str(sp.N(instance[i, j], 50))) for j in range(2)]
                                for i in range(2)])
        by_squaring = matrix**k
        scale = max(abs(x) for x in by_squaring) or mp.one
        error = max(abs(a - b) for a, b in zip(by_formula, by_squaring, strict=True)) / scale
        return float(-mp.log10(error)) if error else 50.0


def _sized(n: int) -> list[str]:
    from momentum_sym import get

    d = get(MATRIX_ID)
    model = dataclasses.replace(d.model, symbolic_sizes=(n,), numeric_sizes=(n,))
    return _verify(MATRIX_ID, derivation=dataclasses.replace(d, model=model))


def point(curve: str, value: int) -> tuple[str, int, float, str]:
    """One point of one curve: (curve, value, CPU seconds, note).  Every point starts
    from the same state: SymPy's cache and the compiled numeric functions are cleared
    (a worker may have run another point before)."""
    from sympy.core.cache import clear_cache

    from momentum_sym.kernel.numeric import _compiled

    clear_cache()
    _compiled.cache_clear()
    start = time.process_time()
    note = ""
    if curve in ("dps", "samples"):
        failed = [f for id in IDS for f in _verify(id, **{curve: value})]
        note = f"FAILED: {', '.join(failed)}" if failed else "all checks passed"
    elif curve == "k":
        _power(value)  # the first call pays for lambdify and imports: not timed
        start = time.process_time()
        for _ in range(20):  # one evaluation is too quick to time alone
            digits = _power(value)
        note = f"closed form and squaring agree to {digits:.0f} digits"
    elif curve == "n":
        from momentum_sym.bounded import TimedOut, run

        before = _children_cpu()  # the check runs in a bounded child process
        try:
            failed = run(_sized, value, timeout=N_SECONDS)
        except TimedOut:
            return curve, value, float("nan"), f"over {N_SECONDS:g} s"
        return (curve, value, _children_cpu() - before,
                f"FAILED: {MATRIX_ID}" if failed else
                "exact on the generic instance, and a random numeric one")
    return curve, value, time.process_time() - start, note


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sympy_import() -> float:
    """The CPU seconds of ``python -c "import sympy"`` (median of 3): CPU, like the
    points, so that a busy machine does not move the ratios."""
    times = []
    for _ in range(3):
        before = _children_cpu()
        subprocess.run([sys.executable, "-c", "import sympy"], check=True)
        times.append(_children_cpu() - before)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--curve", nargs="*", choices=sorted(CURVES), default=list(CURVES))
    args = parser.parse_args(argv)
    reference = sympy_import()
    from momentum_sym import get

    for id in (*IDS, MATRIX_ID, "matrix-power-2x2"):
        get(id)  # before the fork: the workers inherit every derivation
    tasks = [(curve, value) for curve in args.curve for value in CURVES[curve]]
    context = multiprocessing.get_context("fork")
    # each point measures the CPU of its own work, so the points may share workers
    with ProcessPoolExecutor(max_workers=args.jobs, mp_context=context) as pool:
        results = list(pool.map(point, *zip(*tasks, strict=True)))
    print(f"`import sympy`: {reference:.2f} s of CPU (median of 3) in this run. CPU seconds per "
          f"point; ids {', '.join(IDS)} for dps and samples, {MATRIX_ID} for n.\n")
    for curve in args.curve:
        print(f"| {curve} | CPU (s) | ratio to `import sympy` | note |")
        print("|---:|---:|---:|---|")
        for name, value, seconds, note in results:
            if name == curve:
                shown = f"10^{len(str(value)) - 1}" if curve == "k" and value >= 1000 else value
                print(f"| {shown} | {seconds:.2f} | {seconds / reference:.1f}x | {note} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
