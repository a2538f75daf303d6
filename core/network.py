"""A multilayer perceptron in textbook column form (see docs/design.md, "Notation").

Layer l = 1..L has W^l of shape (n_l, n_{l-1}) and, optionally, b^l of shape
(n_l,). A batch of m samples is a matrix with one column per sample, so
A^0 = X^T has shape (n_0, m). The API takes and returns samples as rows (the
NumPy / PyTorch / spreadsheet convention) and transposes at the boundary.

All parameters live in one flat float64 vector, `net.params`; `net.weights[l-1]`
and `net.biases[l-1]` are views into it. That lets an optimizer update every
parameter in one vectorised operation. Layer l's part of the vector is the block
[W^l | b^l] stored column by column (as Fortran and MATLAB store a matrix):
first W^l's columns k = 0..n_{l-1}−1, then b^l as the last column. So W^l and
b^l are each one contiguous piece of memory — a notebook's `W -= η·dW` runs at
full speed — and the fast training step (core/fast.py) can still multiply by
the whole block, folding b^l into W^l. Files keep their own order (see
`file_order`): changing this layout changes no file.
"""
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import activations as _activations
from . import initializers
from . import losses as _losses
from .datasets import check_int
from .errors import BadInput
from .fast import FastStep

# Limits, checked before anything is allocated, so a file or a setting asking for more ends in a
# message rather than a MemoryError or a machine brought to a crawl. Parameters cost 8 bytes each
# several times over (weights, gradient, optimizer state, the trainer's history); the matrices of a
# pass cost 8 bytes per neuron per sample several times over (see working_memory).
MAX_PARAMETERS = 1_000_000
MAX_LAYER_SIZE = 1_000  # enough for a CSV's 999 input columns or a 28×28 image
MAX_LAYERS = 32  # layers with weights
MAX_SEED = 2**63 - 1  # seeds are whole numbers 0 … 2⁶³ − 1 (NumPy takes any non-negative one)
MAX_WORKING_BYTES = 2 ** 30  # the matrices of one pass over a batch (or over the evaluated samples)


def working_memory(sizes, m):
    """About how many bytes the matrices of one training pass over m samples take: Z, A, Δ and a
    spare of shape (n_l, m) for every layer, 8 bytes a number."""
    return 4 * 8 * int(m) * sum(int(s) for s in sizes)


def check_batch(sizes, m, what="a batch"):
    """BadInput if passing m samples at once through a network of these sizes needs too much memory."""
    need = working_memory(sizes, m)
    if need > MAX_WORKING_BYTES:
        raise BadInput(f"{what} of {m:,} samples through a network of {sum(sizes):,} neurons would need about "
                       f"{need / 2**30:.1f} GB of memory; the limit is {MAX_WORKING_BYTES / 2**30:g} GB. "
                       f"Use a smaller batch size or a smaller network")


class ParamList(Sequence):
    """The list of W^l (or b^l) views. `net.weights[i] = M` copies M in, checking its shape."""

    def __init__(self, views, kind):
        self._views = views
        self._kind = kind

    def __getitem__(self, i):
        return self._views[i]

    def __len__(self):
        return len(self._views)

    def __iter__(self):
        return iter(self._views)

    def __setitem__(self, i, value):
        view = self._views[i]
        if view is None:
            raise BadInput(f"layer {i + 1} has no bias")
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise BadInput(f"{self._kind}{i + 1} must be numbers of shape {view.shape}") from None
        if arr.shape != view.shape:
            raise BadInput(f"{self._kind}{i + 1} must have shape {view.shape}, got {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise BadInput(f"{self._kind}{i + 1} holds a value that is not a finite number")
        view[...] = arr

    def __repr__(self):
        return f"ParamList({self._views!r})"


@dataclass
class LayerTrace:
    """Every matrix of layer l in one step. Shapes: Z, A, delta, fprime (n_l, m); dW like W^l; db (n_l,) or None.
    fprime is f′(Z^l), the factor BP1 and BP2 multiply by; None for an output layer whose f′ cancels
    with its cross-entropy cost (softmax or sigmoid: Δ^L = (A^L − Y)/m)."""
    l: int
    Z: np.ndarray
    A: np.ndarray
    delta: np.ndarray
    dW: np.ndarray
    db: np.ndarray | None
    fprime: np.ndarray | None = None


@dataclass
class StepTrace:
    """One forward and backward pass: A0 = X^T (n_0, m), Y^T (n_L, m), the cost, one LayerTrace per layer,
    and grad_A = ∇_A C (n_L, m), the cost's gradient at the output that BP1 starts from (None when f′
    cancels, see LayerTrace.fprime)."""
    A0: np.ndarray
    Y: np.ndarray
    cost: float
    loss: str
    layers: list
    grad_A: np.ndarray | None = None

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)


def _as_floats(X, what):
    try:
        return np.asarray(X, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise BadInput(f"{what} must be a table of numbers, one row per sample") from None


def _per_layer(value, n_layers, what):
    """Expand one value to one per layer, or check a given list has one per layer."""
    if isinstance(value, (str, bool, np.bool_)):
        return (value,) * n_layers
    try:
        values = tuple(value)
    except TypeError:
        raise BadInput(f"{what} must be one value or a list with one per layer") from None
    if len(values) != n_layers:
        raise BadInput(f"{what}: expected {n_layers} values (one per layer after the input), got {len(values)}")
    return values


def _whole_number(value, what):
    """An int from an int, a NumPy integer or a float with no fractional part; else BadInput."""
    if isinstance(value, (bool, np.bool_)):
        raise BadInput(f"{what} must have a whole number of neurons, got {value!r}")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and float(value).is_integer():
        return int(value)
    raise BadInput(f"{what} must have a whole number of neurons, got {value!r}")


def check_architecture(sizes, activations, bias):
    """Validate and normalise an architecture; returns (sizes, activations, bias) as tuples."""
    if isinstance(sizes, (str, bytes, dict)):
        raise BadInput("layer sizes must be a list of whole numbers, e.g. [2, 4, 1]")
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise BadInput("layer sizes must be a list of whole numbers, e.g. [2, 4, 1]") from None
    if len(sizes) < 2:
        raise BadInput("a network needs at least an input and an output layer")
    if len(sizes) - 1 > MAX_LAYERS:
        raise BadInput(f"a network has at most {MAX_LAYERS} layers after the input, not {len(sizes) - 1}")
    sizes = tuple(_whole_number(s, f"layer {i}") for i, s in enumerate(sizes))
    for i, s in enumerate(sizes):
        if not 1 <= s <= MAX_LAYER_SIZE:
            raise BadInput(f"layer {i} has {s} neurons; each layer needs 1 to {MAX_LAYER_SIZE}")
    n_layers = len(sizes) - 1
    activations = _per_layer(activations, n_layers, "activations")
    for l, name in enumerate(activations, start=1):
        _activations.get(name)
        if name == "softmax" and l != n_layers:
            raise BadInput(f"softmax is only allowed on the output layer, not on layer {l}")
    bias = _per_layer(bias, n_layers, "bias")
    if not all(isinstance(b, (bool, np.bool_)) for b in bias):
        raise BadInput("bias must be true/false, one value or one per layer")
    bias = tuple(bool(b) for b in bias)
    n_params = sum(n * (p + b) for n, p, b in zip(sizes[1:], sizes[:-1], bias))
    if n_params > MAX_PARAMETERS:
        raise BadInput(f"this network would have {n_params:,} parameters; the limit is {MAX_PARAMETERS:,}")
    return sizes, activations, bias


def _index(value, low, high, what, hint):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise BadInput(f"the {what} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise BadInput(f"there is no {what} {value}: {hint}")
    return int(value)


class Network:
    """A multilayer perceptron.

    >>> net = Network([2, 4, 1], activations="tanh", bias=True, seed=0)
    >>> net.forward(X)                       # X (m, 2) -> (m, 1)
    >>> dW, db = net.gradients(X, Y, "mse")  # ∂C/∂W^l, ∂C/∂b^l of the mean cost
    """

    def __init__(self, sizes, activations="tanh", bias=True, seed=0, init="auto"):
        self.sizes, self.activations, self.bias = check_architecture(sizes, activations, bias)
        self.seed = seed
        self.init = initializers.check_method(init)
        self._initial_params = None  # only for init == "explicit"
        self._allocate()
        if init == "explicit":  # values to be written by the caller; Reset returns to them
            self._initial_params = self.params.copy()
        else:
            self.reinitialize()

    # ---- construction -------------------------------------------------------------------------
    def _allocate(self):
        self.params = np.zeros(self.n_params)
        self.blocks = self.block_views(self.params)  # [W^l | b^l] per layer, (n_l, n_{l-1} + has_bias)
        weights, biases = [], []
        for block, n_prev, has_b in zip(self.blocks, self.sizes, self.bias):
            weights.append(block[:, :n_prev])                  # contiguous (column-major)
            biases.append(block[:, n_prev] if has_b else None)  # contiguous
        self.weights = ParamList(weights, "W")
        self.biases = ParamList(biases, "b")
        self._fast_steps = {}  # (cost, activations) → core.fast.FastStep over these blocks, for gradients()

    @classmethod
    def from_arrays(cls, weights, biases=None, activations="linear"):
        """A network with explicit starting values (Reset returns to them).

        weights: list of W^l, each (n_l, n_{l-1}); biases: list of b^l or None per layer (or None: no biases).
        """
        try:
            weights = [np.array(w, dtype=float, ndmin=2) for w in weights]
        except (TypeError, ValueError, OverflowError):
            raise BadInput("weights must be matrices of numbers (lists of rows)") from None
        if not weights:
            raise BadInput("at least one weight matrix is needed")
        for l, w in enumerate(weights, start=1):
            if w.ndim != 2:
                raise BadInput(f"W{l} must be a matrix, got {w.ndim} dimensions")
            if l > 1 and w.shape[1] != weights[l - 2].shape[0]:
                raise BadInput(f"W{l} has {w.shape[1]} columns but layer {l - 1} has {weights[l - 2].shape[0]} neurons")
        biases = [None] * len(weights) if biases is None else list(biases)
        if len(biases) != len(weights):
            raise BadInput(f"expected {len(weights)} biases (or null), got {len(biases)}")
        sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
        net = cls(sizes, activations, bias=[b is not None for b in biases], init="explicit")
        for l, (w, b) in enumerate(zip(weights, biases)):
            net.weights[l] = w
            if b is not None:
                try:
                    b = np.reshape(np.asarray(b, dtype=float), -1)
                except (TypeError, ValueError, OverflowError):
                    raise BadInput(f"b{l + 1} must be a list of numbers") from None
                net.biases[l] = b
        net._initial_params = net.params.copy()
        return net

    def reinitialize(self, seed=None):
        """Fresh starting values: from the seed (same seed, same values), or the explicit ones."""
        if seed is not None:
            self.seed = seed
        if self.init == "explicit":
            self.params[:] = self._initial_params
            return
        rng = np.random.default_rng(self.seed)
        for l in range(self.n_layers):
            W, b = initializers.layer_values(self.init, self.sizes[l + 1], self.sizes[l], self.activations[l], rng)
            self.weights[l] = W
            if self.bias[l]:
                self.biases[l] = b

    def copy(self):
        twin = Network.__new__(Network)
        twin.sizes, twin.activations, twin.bias = self.sizes, self.activations, self.bias
        twin.seed, twin.init = self.seed, self.init
        twin._initial_params = None if self._initial_params is None else self._initial_params.copy()
        twin._allocate()
        twin.params[:] = self.params
        return twin

    @property
    def seed(self):
        """The seed of the starting weights: the same seed gives the same weights."""
        return self._seed

    @seed.setter
    def seed(self, value):
        self._seed = check_int("seed", value, 0, MAX_SEED)

    # ---- description --------------------------------------------------------------------------
    @property
    def n_layers(self):
        """L: the number of layers with weights (the input layer 0 is not counted)."""
        return len(self.sizes) - 1

    @property
    def n_params(self):
        return sum(n * (p + b) for n, p, b in zip(self.sizes[1:], self.sizes[:-1], self.bias))

    def block_views(self, flat):
        """A vector laid out like `params` (a gradient, an optimizer's state) as one view per layer
        onto the block [W^l | b^l], shape (n_l, n_{l-1} + has_bias), stored column by column."""
        views, start = [], 0
        for n, n_prev, has_b in zip(self.sizes[1:], self.sizes[:-1], self.bias):
            width = n_prev + has_b
            views.append(flat[start:start + n * width].reshape(width, n).T)
            start += n * width
        return views

    def weight_views(self, flat):
        """A vector laid out like `params`: one 1-D view per layer onto its W^l part, which the
        column-by-column blocks (see block_views) keep in one contiguous piece."""
        views, start = [], 0
        for n, n_prev, has_b in zip(self.sizes[1:], self.sizes[:-1], self.bias):
            views.append(flat[start:start + n * n_prev])
            start += n * (n_prev + has_b)
        return views

    def parameter_names(self):
        """One name per entry of `params`, in order: 'W2[0,1]' is W^2_01, 'b1[3]' is b^1_3."""
        names = []
        for l, (n, n_prev, has_b) in enumerate(zip(self.sizes[1:], self.sizes[:-1], self.bias), start=1):
            for k in range(n_prev):
                names += [f"W{l}[{j},{k}]" for j in range(n)]
            if has_b:
                names += [f"b{l}[{j}]" for j in range(n)]
        return names

    def file_order(self):
        """Positions in `params` of the parameters in the order the session files list them: per
        layer, row by row, each row j as [W^l_j0, …, W^l_j(n−1), b^l_j]. `params[file_order()]` is
        that list; `params[file_order()] = saved` reads it back."""
        index = np.arange(self.n_params)
        return np.concatenate([block.reshape(-1) for block in self.block_views(index)])

    def parameter_index(self, kind, l, j, k=0):
        """Position in `params` of W^l_jk (kind 'W') or b^l_j (kind 'b'); l counts from 1.

        Raises BadInput for a parameter the network does not have (so an edit can never land on
        a neighbouring weight)."""
        if kind not in ("W", "b"):
            raise BadInput(f"a parameter is a weight 'W' or a bias 'b', not {kind!r}")
        l = _index(l, 1, self.n_layers, "layer", f"layers are 1 to {self.n_layers}")
        j = _index(j, 0, self.sizes[l] - 1, "neuron", f"layer {l} has neurons 0 to {self.sizes[l] - 1}")
        if kind == "W":
            k = _index(k, 0, self.sizes[l - 1] - 1, "input",
                       f"layer {l - 1} has neurons 0 to {self.sizes[l - 1] - 1}")
        elif not self.bias[l - 1]:
            raise BadInput(f"layer {l} has no bias")
        offset = sum(block.size for block in self.blocks[:l - 1])
        n = self.sizes[l]
        return offset + (k if kind == "W" else self.sizes[l - 1]) * n + j  # column-major: column k, row j

    def locate(self, index):
        """The parameter at flat position `index` of `params`: ('W', l, j, k) or ('b', l, j, 0);
        the inverse of parameter_index (layer l's block [W^l | b^l], column by column)."""
        offset = 0
        for l, block in enumerate(self.blocks, start=1):
            if 0 <= index < offset + block.size:
                c, j = divmod(index - offset, self.sizes[l])
                return ("W", l, j, c) if c < self.sizes[l - 1] else ("b", l, j, 0)
            offset += block.size
        raise IndexError(f"no parameter {index}")

    def split(self, flat):
        """A flat vector laid out like `params` (a gradient, the new parameters) as [(W^l, b^l or None)]."""
        out = []
        for l, part in enumerate(self.block_views(np.asarray(flat)), start=1):
            n_prev = self.sizes[l - 1]
            out.append((part[:, :n_prev], part[:, n_prev] if self.bias[l - 1] else None))
        return out

    def same_architecture(self, other):
        return (self.sizes, self.activations, self.bias) == (other.sizes, other.activations, other.bias)

    def __repr__(self):
        layers = " → ".join(str(s) for s in self.sizes)
        return f"Network({layers}, activations={list(self.activations)}, bias={list(self.bias)})"

    # ---- the maths ----------------------------------------------------------------------------
    def _columns(self, X, n, what):
        """Samples-as-rows (m, n) → columns (n, m), with a clear error on the wrong shape."""
        X = _as_floats(X, what)
        if X.ndim == 1:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != n:
            raise BadInput(f"{what} must have shape (m, {n}) — one row per sample — got {X.shape}")
        if not np.isfinite(X).all():
            raise BadInput(f"{what} holds a value that is not a finite number")
        return X.T

    def _forward(self, A0):
        """Z^l and A^l for l = 1..L, as lists indexed by l (index 0: Z unused, A^0 the input)."""
        Z, A = [None], [A0]
        for l in range(1, self.n_layers + 1):
            W, b, f = self.weights[l - 1], self.biases[l - 1], _activations.get(self.activations[l - 1]).f
            Z.append(W @ A[l - 1] + (b[:, None] if b is not None else 0.0))  # Z^l = W^l A^{l-1} + b^l 1^T
            A.append(f(Z[l]))                                                # A^l = f_l(Z^l)
        return Z, A

    def _backward(self, Z, A, Y, loss):
        """Δ^l, ∂C/∂W^l, ∂C/∂b^l for l = 1..L (lists indexed by l), given the forward pass."""
        L = self.n_layers
        W = [None, *self.weights]
        fprime = [None] + [_activations.get(name).df for name in self.activations]
        delta = [None] * (L + 1)
        if loss.grad is None:
            delta[L] = (A[L] - Y) / Y.shape[1]                                   # BP1, softmax/sigmoid + cross-entropy
        else:
            delta[L] = loss.grad(A[L], Y) * fprime[L](Z[L], A[L])               # BP1: Δ^L = ∇_A C ⊙ f'(Z^L)
        for l in range(L - 1, 0, -1):
            delta[l] = (W[l + 1].T @ delta[l + 1]) * fprime[l](Z[l], A[l])      # BP2: Δ^l = (W^{l+1})^T Δ^{l+1} ⊙ f'(Z^l)
        db = [None] + [delta[l].sum(axis=1) if self.bias[l - 1] else None for l in range(1, L + 1)]  # BP3: Δ^l 1
        dW = [None] + [delta[l] @ A[l - 1].T for l in range(1, L + 1)]          # BP4: Δ^l (A^{l-1})^T
        return delta, dW, db

    def _batch(self, X, Y, loss):
        loss = _losses.check_pair(loss, self.activations[-1])
        A0 = self._columns(X, self.sizes[0], "X")
        Yc = self._columns(Y, self.sizes[-1], "Y")
        if A0.shape[1] != Yc.shape[1]:
            raise BadInput(f"X has {A0.shape[1]} samples but Y has {Yc.shape[1]}")
        if A0.shape[1] == 0:
            raise BadInput("the batch is empty")
        _losses.check_targets(loss.name, Yc.T)
        return A0, Yc, loss

    def forward(self, X):
        """Outputs for samples X of shape (m, n_0): (m, n_L). A 1-D X is one sample."""
        X = _as_floats(X, "X")
        _, A = self._forward(self._columns(X, self.sizes[0], "X"))
        return A[-1].T if X.ndim == 2 else A[-1][:, 0]

    def loss(self, X, Y, loss="mse"):
        """The mean cost over the samples (rows) of X and Y."""
        A0, Yc, loss = self._batch(X, Y, loss)
        Z, A = self._forward(A0)
        return loss.value(Z[-1], A[-1], Yc)

    def gradients(self, X, Y, loss="mse"):
        """(dW, db): ∂C/∂W^l and ∂C/∂b^l (None where no bias) of the mean cost, as lists like weights/biases.

        The maths is textbook_gradients' (BP1–BP4 above, one line each); it is computed by
        core/fast.py in fewer NumPy calls, which the tests hold to the textbook within 1e-12.
        The arrays returned are new ones, owned by the caller."""
        A0, Yc, loss = self._batch(X, Y, loss)
        key = (loss.name, self.activations)
        step = self._fast_steps.get(key)
        if step is None:
            step = self._fast_steps[key] = FastStep(self, loss.name)
        if self.bias[0]:  # the fast step folds b^1 into W^1: its input carries a row of ones
            n0, m = A0.shape
            rows = np.empty((m, n0 + 1))  # samples as rows, [x, 1]: a plain copy of X, not a transposing one
            rows[:, :n0], rows[:, n0] = A0.T, 1.0
            A0 = rows.T
        dW, db = [], []
        for block, n_prev, has_bias in zip(step.new_gradient_blocks(A0, Yc), self.sizes, self.bias):
            dW.append(block[:, :n_prev])  # laid out like W^l (column-major), so W -= η·dW stays contiguous
            db.append(block[:, n_prev] if has_bias else None)
        return dW, db

    def textbook_gradients(self, X, Y, loss="mse"):
        """gradients() by the definition: _forward and _backward, each equation one line."""
        A0, Yc, loss = self._batch(X, Y, loss)
        Z, A = self._forward(A0)
        _, dW, db = self._backward(Z, A, Yc, loss)
        return dW[1:], db[1:]

    def trace(self, X, Y, loss="mse"):
        """Every matrix of one forward and backward pass, for showing the equations with numbers."""
        A0, Yc, loss_fn = self._batch(X, Y, loss)
        Z, A = self._forward(A0)
        delta, dW, db = self._backward(Z, A, Yc, loss_fn)
        L, cancels = self.n_layers, loss_fn.grad is None  # softmax/sigmoid + cross-entropy: f′ cancels in BP1
        fprime = [None if (l == L and cancels) else _activations.get(self.activations[l - 1]).df(Z[l], A[l])
                  for l in range(1, L + 1)]
        layers = [LayerTrace(l, Z[l], A[l], delta[l], dW[l], db[l], fprime[l - 1]) for l in range(1, L + 1)]
        grad_A = None if cancels else loss_fn.grad(A[L], Yc)
        return StepTrace(A0, Yc, loss_fn.value(Z[-1], A[-1], Yc), loss_fn.name, layers, grad_A)
