"""The built-in methods, each written as its source writes it.

Problem.  Minimise a convex quadratic f by a first-order method.

Methods (the update of one step, k = 0, 1, ...):

* ``gd``: gradient descent, w^{k+1} = w^k - alpha grad f(w^k) (Goh 2017).
* ``heavy-ball``: the article's momentum, z^{k+1} = beta z^k + grad f(w^k),
  w^{k+1} = w^k - alpha z^{k+1}, z^0 = 0 (Goh 2017; Polyak 1964).
* ``d2l``: d2l.ai's velocity form, v_{t+1} = beta v_t + g_t, x_{t+1} = x_t - eta v_{t+1}
  (eta written alpha).
* ``nesterov``: Nesterov's accelerated gradient with constant momentum,
  y^k = w^k + beta (w^k - w^{k-1}), w^{k+1} = y^k - alpha grad f(y^k), w^{-1} = w^0.
* ``pytorch-sgd``: ``torch.optim.SGD(lr=alpha, momentum=beta, dampening=tau)``:
  b_{t} = beta b_{t-1} + (1 - tau) g_t, theta_t = theta_{t-1} - lr b_t, except that the
  first step sets the buffer to the gradient itself, without dampening.
* ``pytorch-sgd-nesterov``: the same with ``nesterov=True`` (which PyTorch allows only
  with zero dampening): the step is lr (g_t + beta b_t).
* ``sutskever``: Sutskever et al. (2013) and Keras, v <- mu v - lr g, w <- w + v.
* ``qhm``: quasi-hyperbolic momentum (Ma and Yarats 2019),
  g_{t+1} = beta g_t + (1 - beta) grad f(w_t), w_{t+1} = w_t - alpha ((1 - nu) grad f(w_t)
  + nu g_{t+1}).

Source.  Each method names its own; the PyTorch rule is the pseudo-code of the
``torch.optim.SGD`` documentation (version 2), with its first-step buffer rule.
"""

from __future__ import annotations

import sympy as sp

from momentum_sym.methods.model import Method, at, grad, parameter
from momentum_sym.results import symbols as S

tau = sp.Symbol("tau", nonnegative=True)  # PyTorch's dampening
nu = sp.Symbol("nu", nonnegative=True)  # QHM's immediate-discount factor

_ALPHA = parameter(S.alpha, "the step size", "step", "1/100", 2)
_BETA = parameter(S.beta, "the momentum", "momentum", 0, "99/100", (S.beta < 1,))


def _eq(lhs: sp.Basic, rhs: sp.Basic) -> sp.Eq:
    return sp.Eq(lhs, rhs, evaluate=False)


def _rename(p, code: str, meaning: str | None = None):
    from dataclasses import replace

    return replace(p, code=code, meaning=meaning or p.meaning)


w, w1, w0 = at("w"), at("w", 1), at("w", -1)


def gradient_descent() -> Method:
    return Method(
        "gd", "Gradient descent", (_ALPHA,),
        (_eq(w1, w - S.alpha * grad(w)),),
        state=(w,), initial={}, coordinates={"w": "x"},
        source="Goh (2017), First Steps: Gradient Descent",
        description="Step against the gradient with a fixed step size.",
        noun_phrase="gradient descent")


def heavy_ball() -> Method:
    z, z1 = at("z"), at("z", 1)
    return Method(
        "heavy-ball", "The heavy ball (momentum as the article writes it)", (_ALPHA, _BETA),
        (_eq(z1, S.beta * z + grad(w)), _eq(w1, w - S.alpha * z1)),
        state=(z, w), initial={z: 0}, coordinates={"z": "y", "w": "x"},
        source="Goh (2017), The Dynamics of Momentum; Polyak (1964)",
        description="A velocity `z` sums the gradients with decay `beta`; the iterate steps "
                    "against it.")


def d2l() -> Method:
    v, v1, x, x1 = at("v"), at("v", 1), at("x"), at("x", 1)
    return Method(
        "d2l", "d2l.ai's velocity form", (_rename(_ALPHA, "eta"), _BETA),
        (_eq(v1, S.beta * v + grad(x)), _eq(x1, x - S.alpha * v1)),
        state=(v, x), initial={v: 0}, iterate="x", coordinates={"v": "v", "x": "x"},
        source="d2l.ai, Momentum, The Momentum Method (`eta` written `alpha`)",
        description="The heavy ball in d2l's letters: velocity `v`, iterate `x`.")


def nesterov() -> Method:
    y = at("y")
    return Method(
        "nesterov", "Nesterov's accelerated gradient (constant momentum)", (_ALPHA, _BETA),
        (_eq(y, w + S.beta * (w - w0)), _eq(w1, y - S.alpha * grad(y))),
        state=(w, w0), initial={w0: w}, coordinates={"w": "x", "y": "u"},
        source="Nesterov (1983), constant-momentum form; Sutskever et al. (2013)",
        description="Extrapolate along the last step, then take a gradient step at the "
                    "extrapolated point.")


def _pytorch_parameters():
    return (_rename(_ALPHA, "lr", "the learning rate"),
            _rename(_BETA, "momentum"),)


def pytorch_sgd() -> Method:
    m, m1 = at("m"), at("m", 1)
    dampening = parameter(tau, "the dampening", "setting", 0, "9/10", (tau < 1,), tuned=False,
                          code="dampening")
    return Method(
        "pytorch-sgd", "PyTorch's SGD with momentum",
        (*_pytorch_parameters(), dampening),
        (_eq(m1, S.beta * m + (1 - tau) * grad(w)), _eq(w1, w - S.alpha * m1)),
        state=(m, w), initial={m: 0}, first_step={m1: grad(w)},
        coordinates={"m": "y", "w": "x"},
        source="PyTorch documentation, torch.optim.SGD (nesterov=False)",
        description="The momentum buffer `m` takes `1 - tau` (one minus "
                    "the dampening) of each gradient, except the first, which it takes "
                    "whole; the iterate steps `alpha` (the learning rate) against it.")


def pytorch_sgd_nesterov() -> Method:
    m, m1 = at("m"), at("m", 1)
    return Method(
        "pytorch-sgd-nesterov", "PyTorch's SGD with nesterov=True",
        _pytorch_parameters(),
        (_eq(m1, S.beta * m + grad(w)), _eq(w1, w - S.alpha * (grad(w) + S.beta * m1))),
        state=(m, w), initial={m: 0}, coordinates={"m": "y", "w": "x"},
        source="PyTorch documentation, torch.optim.SGD (nesterov=True, dampening=0)",
        description="The buffer as for plain momentum (PyTorch requires zero dampening "
                    "here, so the first-step rule changes nothing); the step uses the "
                    "gradient plus momentum times the new buffer.")


def sutskever() -> Method:
    v, v1 = at("v"), at("v", 1)
    return Method(
        "sutskever", "Sutskever's (and Keras') momentum",
        (_rename(_ALPHA, "learning_rate", "the learning rate"), _rename(_BETA, "momentum")),
        (_eq(v1, S.beta * v - S.alpha * grad(w)), _eq(w1, w + v1)),
        state=(v, w), initial={v: 0}, coordinates={"v": "y", "w": "x"},
        source="Sutskever, Martens, Dahl and Hinton (2013); Keras SGD (nesterov=False)",
        description="The velocity `v` holds the step itself: `v` becomes `mu v - lr g`, then "
                    "`w` becomes `w + v`.")


def qhm() -> Method:
    g, g1 = at("g"), at("g", 1)
    # default: the value Ma and Yarats recommend (nu = 0.7), used only where a setting
    # needs a value (compare); no derivation uses it
    discount = parameter(nu, "the immediate discount factor", "setting", 0, 1, (nu <= 1,),
                         code="nu", default="7/10")
    return Method(
        "qhm", "Quasi-hyperbolic momentum (QHM)", (_ALPHA, _BETA, discount),
        (_eq(g1, S.beta * g + (1 - S.beta) * grad(w)),
         _eq(w1, w - S.alpha * ((1 - nu) * grad(w) + nu * g1))),
        state=(g, w), initial={g: 0}, coordinates={"g": "y", "w": "x"},
        source="Ma and Yarats (2019), Quasi-hyperbolic momentum and Adam for deep learning",
        description="A weighted average of the plain gradient (weight `1 - nu`) and a "
                    "normalised momentum buffer (weight `nu`).",
        noun_phrase="quasi-hyperbolic momentum (QHM)")


BUILDERS = {
    "gd": gradient_descent,
    "heavy-ball": heavy_ball,
    "d2l": d2l,
    "nesterov": nesterov,
    "pytorch-sgd": pytorch_sgd,
    "pytorch-sgd-nesterov": pytorch_sgd_nesterov,
    "sutskever": sutskever,
    "qhm": qhm,
}
