"""Check the matrix-form gradient against central finite differences, one parameter at a time.

    numeric_i = (C(θ + ε e_i) − C(θ − ε e_i)) / 2ε
    relative error_i = |analytic_i − numeric_i| / max(|analytic_i|, |numeric_i|)

A correct backward pass gives errors around 1e-7 or smaller with ε = 1e-6 in
float64 (relu's kink can give a larger error when a z sits within ε of 0).

Not every gradient can be checked this way. Floating point rounds every value
of the pass; a gradient no larger than what that rounding alone can make, or
than what finite differences can tell apart from it, is at rounding level: two
correct computations of it may differ by 2× or more (once a network has
converged, every gradient is). Such parameters are counted as unresolved, not
compared: saying they "agree" or "disagree" would be reading noise. The level
of each parameter, `resolution`, is the larger of
  * ε_mach |C| / ε: what the cost's own rounding leaves in the finite difference;
  * the gradient a rounding-sized error ε_mach (|a| + |y|) in every output
    would give, with every term of the backward pass taken positive.
"""
from dataclasses import dataclass

import numpy as np

from . import activations as _activations

EPS_MACHINE = np.finfo(float).eps
AGREES_BELOW = 1e-5  # the largest relative error of a correct backward pass, with room to spare


@dataclass
class GradCheck:
    analytic: np.ndarray  # flat, like net.params
    numeric: np.ndarray
    relative_error: np.ndarray  # 0 where unresolved
    names: list  # parameter names, like net.parameter_names()
    resolution: np.ndarray  # per parameter: below this, a gradient is at rounding level

    @property
    def resolved(self):
        """True where backprop or finite differences give a gradient above rounding level."""
        return np.maximum(np.abs(self.analytic), np.abs(self.numeric)) > self.resolution

    @property
    def n_unresolved(self):
        return int(np.count_nonzero(~self.resolved))

    @property
    def worst(self):
        """Index in params of the largest relative error among the resolved parameters; when none is
        resolved, of the largest gradient."""
        if not self.resolved.any():
            return int(np.argmax(np.abs(self.analytic)))
        return int(np.argmax(np.where(self.resolved, self.relative_error, -1.0)))

    @property
    def max_relative_error(self):
        """Over the resolved parameters (0 when none is)."""
        return float(self.relative_error[self.worst]) if self.resolved.any() else 0.0

    @property
    def agrees(self):
        """True when every resolved gradient agrees, None when none could be compared."""
        return None if not self.resolved.any() else self.max_relative_error < AGREES_BELOW

    def unresolved_note(self):
        """'' or e.g. '3 of 25 gradients are below what finite differences can resolve (~1e-10), not compared'."""
        n = self.n_unresolved
        if n == 0 or n == len(self.analytic):
            return ""
        level = float(np.median(self.resolution[~self.resolved]))
        return (f"{n:,} of {len(self.analytic):,} gradient{'s are' if len(self.analytic) != 1 else ' is'} "
                f"below what finite differences can resolve (~{level:.0e}), not compared")

    def summary(self, digits=6):
        """One line: the largest error and where, and the verdict."""
        i = self.worst
        values = f"backprop {self.analytic[i]:.{digits}g}, finite differences {self.numeric[i]:.{digits}g}"
        if self.agrees is None:
            return (f"every gradient is at rounding level ({values} at {self.names[i]}): both are below what "
                    f"finite differences can resolve here (~{self.resolution[i]:.0e}), so there is nothing to compare")
        verdict = "agrees" if self.agrees else "DISAGREES: the backward pass does not match the cost"
        note = self.unresolved_note()
        return (f"largest relative error {self.max_relative_error:.2e} at {self.names[i]} ({values}) — {verdict}"
                + (f"; {note}" if note else ""))


def flat_gradient(net, X, Y, loss):
    """net.gradients as one flat vector in the order of net.params."""
    return _flat(net, *net.gradients(X, Y, loss))


def _flat(net, dW, db):
    flat = np.empty(net.n_params)
    for (W, b), gW, gb in zip(net.split(flat), dW, db):
        W[...] = gW
        if b is not None:
            b[...] = gb
    return flat


def rounding_level(net, X, Y, loss):
    """Per parameter, flat like net.params: the gradient that an error of ε_mach (|a| + |y|) in every
    output (what rounding leaves in a − y) would give, every term of BP1–BP4 taken positive."""
    A0, Yc, loss_fn = net._batch(X, Y, loss)
    Z, A = net._forward(A0)
    L, m = net.n_layers, Yc.shape[1]
    df = [None] + [_activations.get(name).df for name in net.activations]
    error = EPS_MACHINE * (np.abs(A[L]) + np.abs(Yc))
    if loss_fn.grad is None:                 # Δ^L = (A − Y)/m
        delta = error / m
    else:                                    # mse: ∇_A C = 2(A − Y)/m, then ⊙ f'(Z^L)
        delta = 2.0 * error / m * np.abs(df[L](Z[L], A[L]))
    dW, db = [None] * L, [None] * L
    for l in range(L, 0, -1):
        dW[l - 1] = delta @ np.abs(A[l - 1]).T
        db[l - 1] = delta.sum(axis=1) if net.bias[l - 1] else None
        if l > 1:
            delta = (np.abs(net.weights[l - 1]).T @ delta) * np.abs(df[l - 1](Z[l - 1], A[l - 1]))
    return _flat(net, dW, db)


def sample(net, n, seed=0):
    """Indices (into net.params, increasing) of about n parameters drawn at random, every weight
    matrix and bias vector getting its share and at least one: a check of a large network in
    seconds instead of minutes (two forward passes per parameter checked)."""
    if n >= net.n_params:
        return np.arange(net.n_params)
    rng = np.random.default_rng(seed)
    index = np.arange(net.n_params, dtype=float)  # each block's positions in params, via split
    chosen = []
    for block in (b for pair in net.split(index) for b in pair if b is not None):
        positions = block.ravel().astype(np.int64)
        k = min(len(positions), max(1, round(n * len(positions) / net.n_params)))
        chosen.append(rng.choice(positions, size=k, replace=False))
    return np.sort(np.concatenate(chosen))


def check_gradients(net, X, Y, loss="mse", eps=1e-6, indices=None, progress=None):
    """Backprop against finite differences for every parameter, or for those at `indices` (see
    sample): the GradCheck then lists those alone. `progress(done, total)`, if given, is called
    after each parameter (to report on a long check)."""
    analytic = flat_gradient(net, X, Y, loss)
    names = net.parameter_names()
    if indices is not None:
        indices = np.asarray(indices, dtype=np.int64)
        names = [names[i] for i in indices]
    else:
        indices = np.arange(net.n_params)
    numeric = np.empty(len(indices))
    largest_cost = abs(net.loss(X, Y, loss))
    params = net.params
    for n, i in enumerate(indices):
        saved = params[i]
        try:
            params[i] = saved + eps
            plus = net.loss(X, Y, loss)
            params[i] = saved - eps
            minus = net.loss(X, Y, loss)
        finally:
            params[i] = saved  # the network is left exactly as it was, whatever happens
        numeric[n] = (plus - minus) / (2 * eps)
        largest_cost = max(largest_cost, abs(plus), abs(minus))
        if progress is not None:
            progress(n + 1, len(indices))
    analytic = analytic[indices]
    resolution = np.maximum(rounding_level(net, X, Y, loss)[indices], EPS_MACHINE * largest_cost / eps)
    larger = np.maximum(np.abs(analytic), np.abs(numeric))
    with np.errstate(invalid="ignore", divide="ignore"):
        error = np.where(larger > resolution, np.abs(analytic - numeric) / larger, 0.0)
    return GradCheck(analytic, numeric, error, names, resolution)
