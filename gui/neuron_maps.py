"""Neuron maps for the views: what every neuron computes over the input plane, as colours.

One NeuronMaps object per window computes the maps with core.maps (one batched forward over
a grid for all neurons) and keeps the last result until the weights change, so the diagram's
small maps and the data plot's large one share a pass. Colours follow TensorFlow Playground and
the rest of the app: blue for positive, orange for negative, white for zero.

Value scales, so a map shows what its neuron can do: tanh as is (−1..1); sigmoid and softmax
around ½ (0..1 → −1..1); relu, linear, leaky relu and the inputs relative to the largest |a| of
their layer over the plane. Sensitivities and δ relative to the largest |value| of their neuron.
"""
import numpy as np

from core.maps import forward_columns, grid_points, input_activations, sensitivities
from core.predictions import PLAYGROUND_GENERATORS, PLAYGROUND_SQUARE, plane_grid  # the data plot's rule

from . import drawing, palette

SMALL_GRID = 16   # the diagram's maps: points per side
LARGE_GRID = 60   # the data plot's map


def _rgb(color):
    return np.array([color.red(), color.green(), color.blue()], dtype=float)


POSITIVE, NEGATIVE, WHITE = _rgb(palette.POSITIVE), _rgb(palette.NEGATIVE), np.full(3, 255.0)


LEVELS = 255  # colours per side of white: finer than the eye tells apart on a small map
_luts = {}


def _lut(strength):
    """(2·LEVELS + 1, 3) uint8: the colour of t = −1 … +1 in equal steps, at this strength."""
    lut = _luts.get(strength)
    if lut is None:
        t = np.linspace(-1.0, 1.0, 2 * LEVELS + 1)[:, None] * strength
        lut = np.where(t > 0, WHITE + t * (POSITIVE - WHITE), WHITE - t * (NEGATIVE - WHITE))
        lut = _luts[strength] = np.rint(lut).astype(np.uint8)
    return lut


def diverging_rgb(t, strength=1.0):
    """uint8 colours (..., 3) for values t in −1..1: orange (−1), white (0), blue (+1); strength < 1 fades.
    By table look-up: a map of thousands of cells costs one indexing, not a dozen float passes."""
    t = np.nan_to_num(np.asarray(t, dtype=float), nan=0.0, posinf=1.0, neginf=-1.0)
    index = np.rint((np.clip(t, -1.0, 1.0) + 1.0) * LEVELS).astype(np.intp)
    return _lut(strength)[index]


def scaled(values, activation):
    """Layer values (n, ...) to −1..1 for colouring (see the module's docstring)."""
    if activation == "tanh":
        return values
    if activation in ("sigmoid", "softmax"):
        return 2.0 * values - 1.0
    top = np.max(np.abs(values)) if values.size else 0.0
    return values / top if top > 1e-12 else np.zeros_like(values)


def per_neuron_scaled(values, power=1.0):
    """(n, ...) to −1..1, each neuron by its own largest |value|; power < 1 lifts the small values
    (δ is large for a few samples and small for most: with power ½ those still show)."""
    top = np.max(np.abs(values.reshape(len(values), -1)), axis=1) if values.size else np.zeros(0)
    top = np.where(top > 1e-300, top, 1.0)
    t = values / top.reshape(-1, *([1] * (values.ndim - 1)))
    return t if power == 1.0 else np.sign(t) * np.abs(t) ** power


DELTA_POWER = 0.5  # colours of δ: sign(δ)·√(|δ|/max|δ|)


class NeuronMaps:
    """Maps of every neuron for the controller's current network and data (a 2-D input plane)."""

    def __init__(self, controller):
        self.controller = controller
        self._cache = {}  # (what, grid) → (key, value)

    # ---- what the plane is --------------------------------------------------------------------
    def available(self):
        """Maps need the network's inputs to be a function of a 2-D point: the raw point (x1, x2) or
        input features of it (the data's inputs_for)."""
        t = self.controller.trainer
        return t.data.n_raw_inputs == 2 and len(t.data.X_train) > 0

    def features(self):
        """The callable from raw points (P, 2) to A⁰ rows (P, n_0): the data's input features."""
        return self.controller.trainer.data.inputs_for

    def plane(self):
        """(low, high) corners of the plane shown: the data plot's (the data's extent with a margin,
        Playground's square at least for its problems and for drawn data)."""
        d = self.controller.trainer.data
        square = drawing.is_drawn(d) or d.source.get("generator") in PLAYGROUND_GENERATORS
        low, high, _ = plane_grid(np.vstack([d.raw_train, d.raw_test]), 1, cover=PLAYGROUND_SQUARE if square else None)
        return low, high

    def axes(self, n):
        """Cell centres along x and y for an n × n grid over the plane."""
        low, high = self.plane()
        return [low[i] + (np.arange(n) + 0.5) * (high[i] - low[i]) / n for i in (0, 1)]

    def _key(self):
        t = self.controller.trainer
        return (id(t.network), id(t.data), t.step_count, hash(t.network.params.tobytes()))

    def _cached(self, what, n, compute):
        key = self._key()
        hit = self._cache.get((what, n))
        if hit is not None and hit[0] == key:
            return hit[1]
        value = compute()
        self._cache[(what, n)] = (key, value)
        return value

    # ---- values -------------------------------------------------------------------------------
    def activations(self, n=SMALL_GRID):
        """[a^l over the grid] for l = 0..L, each (n_l, n, n): row iy is y (bottom row first)."""
        def compute():
            net = self.controller.trainer.network
            xs, ys = self.axes(n)
            with np.errstate(all="ignore"):
                # single precision: colours need three digits, and its tanh is several times faster
                _, A = forward_columns(net, input_activations(net, grid_points(xs, ys), self.features()), np.float32)
            return [a.reshape(a.shape[0], n, n) for a in A]
        return self._cached("forward", n, compute)

    def sensitivities(self, n=SMALL_GRID):
        """[None, ∂a^L/∂z^l over the grid for l = 1..L] (see core.maps.sensitivities)."""
        def compute():
            with np.errstate(all="ignore"):
                return sensitivities(self.controller.trainer.network, *self.axes(n), self.features())
        return self._cached("sensitivity", n, compute)

    def deltas(self):
        """(points, [None, Δ^1, …, Δ^L]) over the training set (its first 2000 samples): the raw
        points (m, 2) where they are drawn, and Δ^l (n_l, m) from Network.trace."""
        def compute():
            t = self.controller.trainer
            X, Y = t.data.X_train[:2000], t.data.Y_train[:2000]
            with np.errstate(all="ignore"):
                trace = t.network.trace(X, Y, t.loss)
            return t.data.raw_train[:2000], [None] + [layer.delta for layer in trace]
        return self._cached("deltas", 0, compute)

    # ---- colours ------------------------------------------------------------------------------
    def forward_rgb(self, n=SMALL_GRID):
        """[(n_l, n, n, 3) uint8] for l = 0..L."""
        net = self.controller.trainer.network
        maps = self.activations(n)
        kinds = ["input", *net.activations]
        return [diverging_rgb(scaled(a, kind)) for a, kind in zip(maps, kinds)]

    def backward_rgb(self, n=SMALL_GRID, strength=0.45):
        """[None, (n_l, n, n, 3) uint8] for l = 1..L: the sensitivity, faint."""
        return [None] + [diverging_rgb(per_neuron_scaled(s), strength) for s in self.sensitivities(n)[1:]]
