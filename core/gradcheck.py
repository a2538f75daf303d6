"""Check the matrix-form gradient against central finite differences, one parameter at a time.

    numeric_i = (C(θ + ε e_i) − C(θ − ε e_i)) / 2ε
    relative error_i = |analytic_i − numeric_i| / max(|analytic_i|, |numeric_i|, floor)

A correct backward pass gives errors around 1e-7 or smaller with ε = 1e-6 in
float64 (relu's kink can give a larger error when a z sits within ε of 0).
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class GradCheck:
    analytic: np.ndarray  # flat, like net.params
    numeric: np.ndarray
    relative_error: np.ndarray
    names: list  # parameter names, like net.parameter_names()

    @property
    def worst(self):
        """Index in params of the largest relative error."""
        return int(np.argmax(self.relative_error))

    @property
    def max_relative_error(self):
        return float(self.relative_error[self.worst])

    def summary(self):
        i = self.worst
        return (f"largest relative error {self.max_relative_error:.2e} at {self.names[i]} "
                f"(backprop {self.analytic[i]:.6g}, finite differences {self.numeric[i]:.6g})")


def flat_gradient(net, X, Y, loss):
    """net.gradients as one flat vector in the order of net.params."""
    dW, db = net.gradients(X, Y, loss)
    return np.concatenate([(np.column_stack([w, b]) if b is not None else w).ravel() for w, b in zip(dW, db)])


def check_gradients(net, X, Y, loss="mse", eps=1e-6, floor=1e-8):
    analytic = flat_gradient(net, X, Y, loss)
    numeric = np.empty_like(analytic)
    params = net.params
    for i in range(params.size):
        saved = params[i]
        try:
            params[i] = saved + eps
            plus = net.loss(X, Y, loss)
            params[i] = saved - eps
            minus = net.loss(X, Y, loss)
        finally:
            params[i] = saved  # the network is left exactly as it was, whatever happens
        numeric[i] = (plus - minus) / (2 * eps)
    error = np.abs(analytic - numeric) / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return GradCheck(analytic, numeric, error, net.parameter_names())
