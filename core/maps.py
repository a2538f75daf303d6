"""What every neuron computes over the input plane (forward) and the blame it receives (backward).

Forward: a neuron map is a^l_j over a grid of input points. All grid points go
through the network at once, as the columns of one batch: P = len(xs)·len(ys)
points, so each layer costs one product Z^l = W^l A^{l-1} + b^l 1^T of shape
(n_l, P), whatever the number of neurons.

Backward, two quantities:
* per sample: δ^l_j for every training sample, the columns of Δ^l (the trace the
  equations show; Δ^l carries the 1/m of the mean cost);
* per point of the plane: the output's sensitivity ∂a^L_o/∂z^l_j — how much the
  output shown moves when neuron j's weighted input moves. It follows BP2 with
  the output in place of the cost:
      G^L = ∂a^L_o/∂Z^L        (f_L'(z^L_o) on row o, 0 elsewhere; softmax: a_o(1[j=o] − a_j))
      G^l = ((W^{l+1})^T G^{l+1}) ⊙ f_l'(Z^l)
  "The output shown" o is the only output of a one-output network, and for several
  outputs the largest one at that point (the predicted class, which the data plot colours).

Layer 0 holds the network's inputs A^0: the raw point (x, y), or the input features
the data defines, given as `features`: a callable mapping points (P, 2) to A^0 rows (P, n_0).
"""
import numpy as np

from . import activations as _activations
from .errors import BadInput


def grid_points(xs, ys):
    """The grid as rows (P, 2), P = len(ys)·len(xs), row iy·len(xs) + ix holding (xs[ix], ys[iy])."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if xs.ndim != 1 or ys.ndim != 1 or not len(xs) or not len(ys):
        raise BadInput("a map needs a non-empty list of x values and one of y values")
    gx, gy = np.meshgrid(xs, ys)  # (len(ys), len(xs)) each
    return np.column_stack([gx.ravel(), gy.ravel()])


def input_activations(network, points, features=None):
    """A^0 for the points (rows (P, 2)): (n_0, P). `features`: a callable points → (P, n_0), or None
    for the raw coordinates (then the network must have 2 inputs)."""
    A0 = points if features is None else np.asarray(features(points), dtype=float)
    if A0.ndim != 2 or A0.shape != (len(points), network.sizes[0]):
        raise BadInput(f"the network has {network.sizes[0]} input(s), but a point of the plane gives "
                       f"{A0.shape[-1] if A0.ndim == 2 else '?'}: maps need the inputs to come from the 2-D point")
    return A0.T


def forward_columns(network, A0, dtype=None):
    """Z^l, A^l for l = 0..L (Z[0] None): the textbook forward on the columns of A0. dtype=np.float32
    computes in single precision (for pictures: see picture_outputs)."""
    A0 = np.asarray(A0, dtype=dtype)
    Z, A = [None], [A0]
    for W, b, name in zip(network.weights, network.biases, network.activations):
        W, b = np.asarray(W, dtype=A0.dtype), None if b is None else np.asarray(b, dtype=A0.dtype)
        Z.append(W @ A[-1] + (b[:, None] if b is not None else 0.0))  # Z^l = W^l A^{l-1} + b^l 1^T
        A.append(_activations.get(name).f(Z[-1]))                      # A^l = f_l(Z^l)
    return Z, A


def picture_outputs(network, rows):
    """a^L (P, n_L) for input rows (P, n_0), in single precision: a heatmap's colours need three
    digits, and single precision's tanh and exp run several times faster (a deep network's heatmap
    is mostly activation functions: 8 layers of 32 tanh over 3,600 points)."""
    _, A = forward_columns(network, np.asarray(rows, dtype=float).T, np.float32)
    return A[-1].T.astype(float)


def neuron_maps(network, xs, ys, features=None):
    """maps[l][j, iy, ix] = a^l_j at the input point (xs[ix], ys[iy]), for l = 0..L.

    Returns a list of L + 1 arrays, maps[l] of shape (n_l, len(ys), len(xs))."""
    shape = (len(ys), len(xs))
    _, A = forward_columns(network, input_activations(network, grid_points(xs, ys), features))
    return [a.reshape(a.shape[0], *shape) for a in A]


def shown_output(A_L):
    """Index of the output the plane shows at each point (columns of A^L): 0 for one output,
    else the largest (the predicted class). Shape (P,)."""
    return np.zeros(A_L.shape[1], dtype=int) if A_L.shape[0] == 1 else np.argmax(A_L, axis=0)


def sensitivities(network, xs, ys, features=None):
    """sens[l][j, iy, ix] = ∂a^L_o/∂z^l_j at the point (xs[ix], ys[iy]), o the output shown there
    (see shown_output), for l = 1..L; sens[0] is None (inputs have no z). Shapes (n_l, len(ys), len(xs))."""
    shape = (len(ys), len(xs))
    Z, A = forward_columns(network, input_activations(network, grid_points(xs, ys), features))
    L = network.n_layers
    o = shown_output(A[L])
    cols = np.arange(A[L].shape[1])
    G = [None] * (L + 1)
    name = network.activations[L - 1]
    if name == "softmax":  # ∂a_o/∂z_j = a_o (1[j = o] − a_j)
        G[L] = -A[L] * A[L][o, cols]
        G[L][o, cols] += A[L][o, cols]
    else:
        G[L] = np.zeros_like(A[L])
        G[L][o, cols] = _activations.get(name).df(Z[L], A[L])[o, cols]
    for l in range(L - 1, 0, -1):
        fprime = _activations.get(network.activations[l - 1]).df(Z[l], A[l])
        G[l] = (network.weights[l].T @ G[l + 1]) * fprime  # BP2 with a^L_o in place of C
    return [None] + [g.reshape(g.shape[0], *shape) for g in G[1:]]


def sample_deltas(network, X, Y, loss="mse"):
    """δ^l_j for every sample: [None, Δ^1, …, Δ^L], Δ^l of shape (n_l, m) — column s is sample s —
    from Network.trace, the pass the equations show (so it includes the mean cost's 1/m)."""
    trace = network.trace(X, Y, loss)
    return [None] + [layer.delta for layer in trace]
