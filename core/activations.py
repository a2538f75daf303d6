"""Activation functions f and their derivatives f', side by side.

Every function works elementwise on a matrix Z of shape (n_l, m) — one column
per sample — except softmax, which works per column and is only allowed on the
output layer together with the cross-entropy cost (then BP1 needs no f').

Each activation describes itself (core.notation.Description): `describe(name)` gives the name a
learner sees (`label`), f(z) (`formula`, `formula_html`) and f′(z) (`derivative`,
`derivative_html`). Adding an activation is one entry in ACTIVATIONS below.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import BadInput
from .notation import Description

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    f: Callable[[np.ndarray], np.ndarray]
    # f'(Z), given Z and A = f(Z); some derivatives are cheapest from A.
    df: Callable[[np.ndarray, np.ndarray], np.ndarray]
    description: Description  # formula "tanh(z)", derivative "1 − a²" (right-hand sides)

    @property
    def name(self):
        return self.description.name

    @property
    def formula(self):
        return self.description.formula

    @property
    def derivative_formula(self):
        return self.description.derivative


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


def _leaky(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


ACTIVATIONS = {a.name: a for a in (
    Activation(lambda z: z.copy(), lambda z, a: np.ones_like(z),
               Description("linear", "linear", "z", "z", "1", "1")),
    Activation(_sigmoid, lambda z, a: a * (1.0 - a),
               Description("sigmoid", "sigmoid", "1/(1 + e^−z)", "1/(1 + e<sup>−z</sup>)",
                           "a(1 − a)", "a(1 − a)")),
    Activation(np.tanh, lambda z, a: 1.0 - a * a,
               Description("tanh", "tanh", "tanh(z)", "tanh(z)", "1 − a²", "1 − a<sup>2</sup>")),
    Activation(lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float),
               Description("relu", "ReLU", "max(0, z)", "max(0, z)", "1 if z > 0 else 0",
                           "1 if z &gt; 0 else 0")),
    Activation(_leaky, lambda z, a: np.where(z > 0, 1.0, LEAKY_SLOPE),
               Description("leaky_relu", "leaky ReLU", f"max({LEAKY_SLOPE:g}z, z)", f"max({LEAKY_SLOPE:g}z, z)",
                           f"1 if z > 0 else {LEAKY_SLOPE:g}", f"1 if z &gt; 0 else {LEAKY_SLOPE:g}")),
    Activation(_softmax, _softmax_derivative,
               Description("softmax", "softmax", "e^z_j / Σ_r e^z_r",
                           "e<sup>z<sub>j</sub></sup> / Σ<sub>r</sub> e<sup>z<sub>r</sub></sup>",
                           "— (with cross-entropy, Δᴸ = (A − Y)/m)",
                           "— (with cross-entropy, Δ<sup>L</sup> = (A − Y)/m)")),
)}

NAMES = tuple(ACTIVATIONS)


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise BadInput(f"unknown activation {name!r}; choose one of {', '.join(NAMES)}") from None


def describe(name: str) -> Description:
    """How the activation `name` is shown to learners: label, f(z) and f′(z), plain and HTML."""
    return get(name).description
