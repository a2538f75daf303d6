"""Activation functions f and their derivatives f', side by side.

Every function works elementwise on a matrix Z of shape (n_l, m) — one column
per sample — except softmax, which works per column and is only allowed on the
output layer together with the cross-entropy cost (then BP1 needs no f').
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import BadInput

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    name: str
    f: Callable[[np.ndarray], np.ndarray]
    # f'(Z), given Z and A = f(Z); some derivatives are cheapest from A.
    df: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: str  # for the equation view, e.g. "tanh(z)"
    derivative_formula: str  # e.g. "1 − a²"


def _sigmoid(z):
    # 1/(1 + e^−z) for z ≥ 0 and e^z/(1 + e^z) for z < 0, as one formula: e^min(z, 0) / (1 + e^−|z|).
    # No exponent is positive, so nothing overflows, and tiny values keep their relative precision
    # (0.5(1 + tanh(z/2)) is 0 for every z ≤ −38 and loses digits from z ≈ −20 down).
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


def _softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _softmax_derivative(z, a):
    raise ValueError("softmax has no elementwise derivative; "
                     "it is only used with the cross-entropy cost, where Δ^L = (A − Y)/m")


ACTIVATIONS = {
    "linear": Activation("linear", lambda z: z.copy(), lambda z, a: np.ones_like(z), "z", "1"),
    "sigmoid": Activation("sigmoid", _sigmoid, lambda z, a: a * (1.0 - a), "1/(1 + e^−z)", "a(1 − a)"),
    "tanh": Activation("tanh", np.tanh, lambda z, a: 1.0 - a * a, "tanh(z)", "1 − a²"),
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float),
                       "max(0, z)", "1 if z > 0 else 0"),
    "leaky_relu": Activation("leaky_relu", lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
                             lambda z, a: np.where(z > 0, 1.0, LEAKY_SLOPE),
                             "max(0.01z, z)", "1 if z > 0 else 0.01"),
    "softmax": Activation("softmax", _softmax, _softmax_derivative, "e^z / Σ e^z", "—"),
}

NAMES = tuple(ACTIVATIONS)


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise BadInput(f"unknown activation {name!r}; choose one of {', '.join(NAMES)}") from None
