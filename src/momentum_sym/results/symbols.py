"""The canonical symbols of the theory (names as in DESIGN.md).

Assumptions live in the symbols where SymPy can hold them (positivity,
integrality); bounds such as ``beta < 1`` live in each derivation's domain.
"""

import sympy as sp

alpha = sp.Symbol("alpha", positive=True)  # step size
beta = sp.Symbol("beta", nonnegative=True)  # momentum
lam = sp.Symbol("lambda", positive=True)  # one eigenvalue of A
lambda_1 = sp.Symbol("lambda_1", positive=True)  # smallest eigenvalue
lambda_n = sp.Symbol("lambda_n", positive=True)  # largest eigenvalue
kappa = sp.Symbol("kappa", positive=True)  # condition number lambda_n / lambda_1
eta = sp.Symbol("eta", positive=True)  # Tikhonov penalty
k = sp.Symbol("k", integer=True, nonnegative=True)  # iteration
i = sp.Symbol("i", integer=True, nonnegative=True)  # component index
sigma_1 = sp.Symbol("sigma_1")
sigma_2 = sp.Symbol("sigma_2")
t = sp.Symbol("t", real=True)  # a scratch variable, e.g. t = alpha*lambda

# Per-eigenvalue coordinates (scalars): the i-th component of x^k and y^k.
x_0 = sp.Symbol("x_i^0", real=True)
x_k = sp.Symbol("x_i^k", real=True)
y_0 = sp.Symbol("y_i^0", real=True)
y_k = sp.Symbol("y_i^k", real=True)

# Matrix-level symbols, of size n.
n = sp.Symbol("n", integer=True, positive=True)
A = sp.MatrixSymbol("A", n, n)
Q = sp.MatrixSymbol("Q", n, n)
Lambda = sp.MatrixSymbol("Lambda", n, n)
I_n = sp.Identity(n)
b = sp.MatrixSymbol("b", n, 1)
w = sp.MatrixSymbol("w", n, 1)
v = sp.MatrixSymbol("v", n, 1)
w_star = sp.MatrixSymbol(r"w^{\star}", n, 1)
w_k = sp.MatrixSymbol("w^k", n, 1)
w_next = sp.MatrixSymbol("w^{k+1}", n, 1)
z_k = sp.MatrixSymbol("z^k", n, 1)
z_next = sp.MatrixSymbol("z^{k+1}", n, 1)
x_vec = sp.MatrixSymbol("x^k", n, 1)
x_vec_next = sp.MatrixSymbol("x^{k+1}", n, 1)
y_vec = sp.MatrixSymbol("y^k", n, 1)
y_vec_next = sp.MatrixSymbol("y^{k+1}", n, 1)
lambdas = sp.IndexedBase("lambda")  # lambda[i]: the i-th eigenvalue, the diagonal of Lambda
x_comp = sp.IndexedBase("x^k")  # x^k[i]: the i-th component of x^k
x_comp_next = sp.IndexedBase("x^{k+1}")
y_comp = sp.IndexedBase("y^k")
y_comp_next = sp.IndexedBase("y^{k+1}")
