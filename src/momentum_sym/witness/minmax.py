"""A numeric min-max search for momentum's parameters, independent of any formula.

For a spectrum lambda_1 <= ... <= lambda_n, minimise over (alpha, beta) the largest
spectral radius of momentum's 2x2 iteration matrix over the spectrum, by nested
golden-section searches in mpmath.  The spectral radius is computed from the
matrix of one momentum step on an eigencomponent, (y, x) -> (beta y + lambda x,
x - alpha (beta y + lambda x)), by the quadratic formula on its trace and
determinant, not from any derived result.

The nested search evaluates the worst radius some thirty thousand times.  It runs in
MPFR (``gmpy2``, the library mpmath itself computes with) at mpmath's working
precision: the same correctly rounded arithmetic, seven times sooner than through
mpmath's number objects.  Its answers are returned as mpmath numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import gmpy2
import mpmath
from mpmath import mp


def step_radius(alpha, beta, lam) -> mpmath.mpf:
    """The spectral radius of the one-step map of momentum on an eigencomponent."""
    # columns: the images of (1, 0) and (0, 1) under one step
    y1, x1 = beta, -alpha * beta
    y2, x2 = lam, 1 - alpha * lam
    trace, det = y1 + x2, y1 * x2 - y2 * x1
    disc = trace * trace - 4 * det
    if disc < 0:
        return _sqrt(det)
    return (abs(trace) + _sqrt(disc)) / 2


def _sqrt(x):
    return gmpy2.sqrt(x) if isinstance(x, gmpy2.mpfr) else mp.sqrt(x)


def worst_radius(alpha, beta, spectrum: Sequence) -> mpmath.mpf:
    return max(step_radius(alpha, beta, lam) for lam in spectrum)


def golden_section(f: Callable, low, high, tolerance) -> tuple:
    """(argmin, min) of a unimodal f on [low, high] (MPFR numbers): the best point
    evaluated.

    Returning the best evaluated value (rather than f at the bracket's centre)
    matters at a kink with a square-root side, where the centre can be far worse."""
    ratio = (gmpy2.sqrt(5) - 1) / 2
    c, d = high - ratio * (high - low), low + ratio * (high - low)
    fc, fd = f(c), f(d)
    best = min((fc, c), (fd, d))
    # each step shrinks the bracket by ratio; stop there even if the working precision
    # cannot resolve the tolerance
    steps = int(gmpy2.ceil(gmpy2.log(tolerance / (high - low)) / gmpy2.log(ratio))) + 1
    for _ in range(max(steps, 0)):
        if high - low <= tolerance:
            break
        if fc < fd:
            high, d, fd = d, c, fc
            c = high - ratio * (high - low)
            fc = f(c)
            best = min(best, (fc, c))
        else:
            low, c, fc = c, d, fd
            d = low + ratio * (high - low)
            fd = f(d)
            best = min(best, (fd, d))
    return best[1], best[0]


@dataclass(frozen=True)
class MinMax:
    alpha: mpmath.mpf
    beta: mpmath.mpf
    value: mpmath.mpf


def minimax_parameters(spectrum: Sequence, tolerance) -> MinMax:
    """min over alpha in (0, 4/lambda_n), beta in [0, 1) of the worst radius over the
    spectrum (momentum diverges for alpha lambda_n >= 2 + 2 beta, so nothing is lost),
    at mpmath's working precision; ``tolerance`` is the final bracket width."""
    with gmpy2.context(gmpy2.get_context(), precision=mp.prec):
        exact = sorted(_mpfr(lam) for lam in spectrum)
        width = _mpfr(tolerance)
        zero, one = gmpy2.mpfr(0), gmpy2.mpfr(1)

        def best_beta(alpha):
            return golden_section(lambda b: worst_radius(alpha, b, exact), zero, one, width)

        alpha, value = golden_section(lambda a: best_beta(a)[1], zero, 4 / exact[-1], width)
        beta, value = best_beta(alpha)
        return MinMax(_mpf(alpha), _mpf(beta), _mpf(value))


def _mpfr(x) -> gmpy2.mpfr:
    """A finite mpmath number as MPFR, exactly within the search's context (its
    mantissa fits mpmath's working precision)."""
    value = mp.mpf(x)
    if not mp.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    sign, mantissa, exponent, _ = value._mpf_
    return gmpy2.mul_2exp(gmpy2.mpfr(-mantissa if sign else mantissa), exponent)


def _mpf(x: gmpy2.mpfr) -> mpmath.mpf:
    """An MPFR number as mpmath's, exactly."""
    mantissa, exponent = x.as_mantissa_exp()
    return mp.mpf((int(mantissa), int(exponent)))
