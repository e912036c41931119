"""Symbols and an exact sample point shared by the tests of the compiled evaluators
(exact rationals, mpmath closures): a real, a positive and a natural number."""

from fractions import Fraction

import sympy as sp

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
POINT = {x: Fraction(-3, 7), y: Fraction(4, 9), k: 5}
