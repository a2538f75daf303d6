"""Starting values for the weights.

    xavier   W ~ U(−r, r), r = √(6 / (n_in + n_out))   (Glorot & Bengio 2010; for tanh, sigmoid)
    he       W ~ N(0, 2 / n_in)                         (He et al. 2015; for relu)
    uniform  W, b ~ U(−0.5, 0.5)
    playground  W ~ U(−0.5, 0.5), b = 0.1               (TensorFlow Playground's choice, src/nn.ts)
    zeros    W = 0                                      (to show why symmetry must be broken)
    auto     xavier, or he where the layer is relu / leaky_relu

Biases start at zero except with `uniform` and `playground`. `explicit` values are given by the
caller (see Network.from_arrays) and are what Reset returns to.
"""
import numpy as np

from .errors import BadInput

METHODS = ("auto", "xavier", "he", "uniform", "playground", "zeros")


def check_method(method: str) -> str:
    if method not in METHODS and method != "explicit":
        raise BadInput(f"unknown weight initialisation {method!r}; choose one of {', '.join(METHODS)}")
    return method


def layer_values(method: str, n_out: int, n_in: int, activation: str, rng: np.random.Generator):
    """(W, b) for one layer: W of shape (n_out, n_in), b of shape (n_out,)."""
    if method == "auto":
        method = "he" if activation in ("relu", "leaky_relu") else "xavier"
    if method == "xavier":
        r = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-r, r, size=(n_out, n_in)), np.zeros(n_out)
    if method == "he":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in)), np.zeros(n_out)
    if method == "uniform":
        return rng.uniform(-0.5, 0.5, size=(n_out, n_in)), rng.uniform(-0.5, 0.5, size=n_out)
    if method == "playground":
        return rng.uniform(-0.5, 0.5, size=(n_out, n_in)), np.full(n_out, 0.1)
    if method == "zeros":
        return np.zeros((n_out, n_in)), np.zeros(n_out)
    raise BadInput(f"unknown weight initialisation {method!r}")
