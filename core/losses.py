"""Costs C(A^L, Y) over a batch of m samples (columns), always the batch *mean*.

    mse                   C = (1/m) Σ_samples Σ_outputs (a − y)²   (the seed's cost: no ½)
    cross_entropy         C = −(1/m) Σ y log a          with a softmax output layer
    binary_cross_entropy  C = −(1/m) Σ [y log a + (1 − y) log(1 − a)]   with a sigmoid output

For the two cross-entropies BP1 simplifies to Δ^L = (A^L − Y)/m, which is both
the textbook form and the numerically safe one (no division by a(1 − a)).

Each cost describes itself (core.notation.Description): `describe(name)` gives the name a learner
sees (`label`: "cross-entropy", never the key "cross_entropy"), C (`formula`, `formula_html`) and
what BP1 starts from (`derivative`: ∇_A C, or Δ^L itself when f′ cancels). Adding a cost is one
entry in LOSSES below.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import BadInput
from .notation import Description


def _log_softmax(z):
    shifted = z - z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


@dataclass(frozen=True)
class Loss:
    # value(Z, A, Y) -> float. Z is passed so the log terms can be computed stably.
    value: Callable[[np.ndarray, np.ndarray, np.ndarray], float]
    # ∇_A C, shape (n_L, m); None for the pairs whose Δ^L is (A − Y)/m.
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray] | None
    output_activation: str | None  # the activation this loss requires, None = any but softmax
    description: Description

    @property
    def name(self):
        return self.description.name

    @property
    def label(self):
        return self.description.label

    @property
    def formula(self):
        return self.description.formula


def _mse(z, a, y):
    return float(np.sum((a - y) ** 2) / a.shape[1])


def _mse_grad(a, y):
    return 2.0 * (a - y) / a.shape[1]


def _cross_entropy(z, a, y):
    return float((0.0 - np.sum(y * _log_softmax(z))) / a.shape[1])  # 0.0 − 0.0 is 0, never −0


def _binary_cross_entropy(z, a, y):
    # log σ(z) = −log(1 + e^−z) and log(1 − σ(z)) = −log(1 + e^z), both stable.
    return float(np.sum(y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)) / a.shape[1])


_DELTA_CANCELS = ("Δᴸ = (A − Y)/m", "Δ<sup>L</sup> = (A − Y)/m")  # BP1 when f′ cancels

LOSSES = {loss.name: loss for loss in (
    Loss(_mse, _mse_grad, None,
         Description("mse", "mean squared error", "C = (1/m) Σ (a − y)²", "C = (1/m) Σ (a − y)<sup>2</sup>",
                     "∇_A C = (2/m)(A − Y)", "∇<sub>A</sub>C = (2/m)(A − Y)")),
    Loss(_cross_entropy, None, "softmax",
         Description("cross_entropy", "cross-entropy", "C = −(1/m) Σ y log a", "C = −(1/m) Σ y log a",
                     *_DELTA_CANCELS)),
    Loss(_binary_cross_entropy, None, "sigmoid",
         Description("binary_cross_entropy", "binary cross-entropy",
                     "C = −(1/m) Σ [y log a + (1 − y) log(1 − a)]",
                     "C = −(1/m) Σ [y log a + (1 − y) log(1 − a)]", *_DELTA_CANCELS)),
)}

NAMES = tuple(LOSSES)


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise BadInput(f"unknown loss {name!r}; choose one of {', '.join(NAMES)}") from None


def describe(name: str) -> Description:
    """How the cost `name` is shown to learners: label, C and what BP1 starts from, plain and HTML."""
    return get(name).description


def check_pair(loss_name: str, output_activation: str) -> Loss:
    """The loss, if it may be used with this output activation; else BadInput saying why."""
    loss = get(loss_name)
    if loss.output_activation is not None and output_activation != loss.output_activation:
        raise BadInput(f"the {loss.label} cost needs a {loss.output_activation} output layer, "
                       f"but the output layer is {output_activation}")
    if loss.output_activation is None and output_activation == "softmax":
        raise BadInput(f"a softmax output layer needs the cross-entropy cost, not {loss.label}")
    return loss


def _row_text(row):
    return "[" + ", ".join(f"{v:.6g}" for v in row) + "]"


def check_targets(loss_name: str, Y) -> None:
    """BadInput unless the targets Y (samples as rows) are ones this cost is defined for.

    cross_entropy compares two probability distributions: each row of Y must be ≥ 0 and sum to 1
    (one-hot labels, or soft labels). Only then is Δ^L = (A − Y)/m the exact gradient.
    binary_cross_entropy needs targets from 0 to 1 (a probability); other costs take any number.
    """
    if loss_name not in ("cross_entropy", "binary_cross_entropy"):
        return  # mse is defined for any target
    Y = np.asarray(Y, dtype=float)
    if Y.ndim != 2:
        Y = Y.reshape(-1, 1) if Y.ndim < 2 else Y.reshape(len(Y), -1)  # one row per sample
    if loss_name == "cross_entropy" and Y.shape[1] == 1:
        # a softmax over one output is 1 whatever the weights, and every target must then be 1: the
        # cost is 0 at every step and nothing is learnt
        raise BadInput("the cross-entropy cost with a softmax output needs two outputs or more (a softmax "
                       "over one output is always 1, so nothing would be learnt); for two classes use one "
                       "sigmoid output with the binary cross-entropy cost, or two softmax outputs")
    if loss_name == "cross_entropy":
        sums = Y.sum(axis=1)
        bad = np.flatnonzero((Y < 0).any(axis=1) | (np.abs(sums - 1.0) > 1e-9))
        if bad.size:
            raise BadInput(f"the cross-entropy cost needs targets that are class probabilities (≥ 0, each "
                           f"sample's targets summing to 1, e.g. one-hot labels); sample {bad[0] + 1} has "
                           f"{_row_text(Y[bad[0]])}")
    elif loss_name == "binary_cross_entropy":
        bad = np.flatnonzero(((Y < 0) | (Y > 1)).any(axis=1))
        if bad.size:
            raise BadInput(f"the binary cross-entropy cost needs targets from 0 to 1 (e.g. labels 0 and 1); "
                           f"sample {bad[0] + 1} has {_row_text(Y[bad[0]])}")
