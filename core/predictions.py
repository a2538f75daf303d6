"""What the network predicts where the Data plot looks: over the input plane, along a line, and at
every row of the history. Pure NumPy, so the plot only draws.

    low, high, grid = plane_grid(X, 60)        # the 60×60 cell centres around the samples X
    xs = line_inputs(X, 400)                   # 400 inputs along a 1-D data set, a little beyond it
    out = outputs_over_history(net, history.params, X)   # (rows, m, n_L)
"""
import numpy as np

from . import activations

# Playground's view of the plane: its problems (and data drawn on it) are shown on this square at least
PLAYGROUND_SQUARE = (-6.0, 6.0)
PLAYGROUND_GENERATORS = ("circle", "xor", "two-gaussians", "spiral", "plane", "multi-gaussian")
PLANE_MARGIN = 0.08  # the plane extends this share of the data's spread beyond the samples
LINE_MARGIN = 0.05


def plane_grid(X, n, cover=None):
    """(low, high, grid) for a 2-D input: the corners of the plane around the samples X (m, 2) and
    the centres of its n×n cells as rows (n², 2), row r·n + c at (x of column c, y of row r), row 0
    at the bottom. cover=(lo, hi): the plane reaches at least from lo to hi on both axes (e.g.
    Playground's square −6 … 6)."""
    X = np.asarray(X, float)
    low, high = X.min(axis=0), X.max(axis=0)
    margin = PLANE_MARGIN * np.maximum(high - low, 1e-9)
    low, high = low - margin, high + margin
    if cover is not None:
        low, high = np.minimum(low, cover[0]), np.maximum(high, cover[1])
    cx = low[0] + (np.arange(n) + 0.5) * (high[0] - low[0]) / n
    cy = low[1] + (np.arange(n) + 0.5) * (high[1] - low[1]) / n
    gx, gy = np.meshgrid(cx, cy)
    return low, high, np.column_stack([gx.ravel(), gy.ravel()])


def line_inputs(X, n):
    """n evenly spaced inputs over a 1-D data set's range X (m, 1), a little beyond both ends."""
    low, high = float(np.min(X)), float(np.max(X))
    pad = LINE_MARGIN * max(high - low, 1e-9)
    return np.linspace(low - pad, high + pad, n)


def outputs_over_history(network, params_rows, X):
    """(R, m, n_L): the network's outputs on samples X (m, n_0), once for each row of parameters
    (the history), all rows at once. Same layout as Network.params: per layer the block [W^l | b^l],
    column by column."""
    R, m = len(params_rows), len(X)
    A = np.broadcast_to(np.asarray(X, float).T, (R, network.sizes[0], m))
    start = 0
    for l, block in enumerate(network.blocks):
        n, width = block.shape
        n_prev = network.sizes[l]
        Wb = params_rows[:, start:start + n * width].reshape(R, width, n).transpose(0, 2, 1)
        start += n * width
        Z = Wb[:, :, :n_prev] @ A                                    # Z^l = W^l A^{l−1}, every row at once
        if network.bias[l]:
            Z = Z + Wb[:, :, n_prev][:, :, None]                     # + b^l 1^T
        f = activations.get(network.activations[l]).f
        # activations work on columns (n_l, samples): treat every (row, sample) pair as a column
        A = f(Z.transpose(1, 0, 2).reshape(n, R * m)).reshape(n, R, m).transpose(1, 0, 2)
    return A.transpose(0, 2, 1)
