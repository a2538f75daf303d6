"""Neurons that have stopped learning: saturated or dead over a set of samples.

A neuron passes on blame through f'(z) (BP2: Δ^l = (W^{l+1})^T Δ^{l+1} ⊙ f'(Z^l)). Where f'(z) is
about zero for nearly every sample, its weights hardly change and the layers below it hear nothing:
    saturated  tanh or sigmoid with |z| beyond SATURATION_Z for at least SATURATED_SHARE of the
               samples (f'(z) is then below 1% of its largest value: tanh'(3) ≈ 0.0099, σ'(6) ≈ 0.0025)
    dead       relu with z ≤ 0 for every sample (f'(z) = 0: it never learns again)
"""
from dataclasses import dataclass

import numpy as np

from .maps import forward_columns

SATURATION_Z = {"tanh": 3.0, "sigmoid": 6.0}
SATURATED_SHARE = 0.95


@dataclass(frozen=True)
class Unhealthy:
    l: int      # layer, 1..L
    j: int      # neuron in the layer
    kind: str   # "saturated" or "dead"
    share: float  # the share of samples where it is so


def unhealthy_neurons(network, X):
    """Saturated and dead neurons of the hidden and output layers over the samples X (rows (m, n_0))."""
    Z, _ = forward_columns(network, np.asarray(X, dtype=float).T)
    found = []
    for l, name in enumerate(network.activations, start=1):
        z = Z[l]  # (n_l, m)
        if name in SATURATION_Z:
            share = np.mean(np.abs(z) > SATURATION_Z[name], axis=1)
            found += [Unhealthy(l, int(j), "saturated", float(share[j]))
                      for j in np.flatnonzero(share >= SATURATED_SHARE)]
        elif name == "relu":
            share = np.mean(z <= 0, axis=1)
            found += [Unhealthy(l, int(j), "dead", 1.0) for j in np.flatnonzero(share == 1.0)]
    return found
