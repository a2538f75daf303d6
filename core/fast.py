"""The training step the Trainer runs: the same maths as Network.gradients, in fewer NumPy calls.

Network._forward/_backward are the definition — one line per equation, easy to
read. This module computes the same gradient (tests hold it to 1e-12) but is
built for speed, because the window asks for thousands of steps per frame and
a small network's step costs what its NumPy calls cost (~1 µs each), not what
its arithmetic costs:

* b^l is folded into W^l: each layer's parameters are the block [W^l | b^l]
  (a view into net.params, stored column by column, so W^l and b^l are each
  contiguous) and its input A^{l-1} carries an extra row of ones,
  so Z^l = [W^l | b^l] [A^{l-1}; 1^T] is one product, and BP3 and BP4 together
  are one product: [∂C/∂W^l | ∂C/∂b^l] = Δ^l [A^{l-1}; 1^T]^T.
* BP2 multiplies by the whole block too: [W^l | b^l]^T Δ^l has one extra row
  (b^l)^T Δ^l, which is simply not used. So every product is between
  contiguous (or transposed contiguous) arrays, which np.dot hands to BLAS
  without copying. np.dot writes only into row-major arrays, so a gradient
  block, stored column by column like its parameters, is computed as its
  transpose: [A^{l-1}; 1^T] (Δ^l)^T.
* Z^l is computed straight into A^l's buffer and f applied in place: every
  derivative needed here can be had from A^l (tanh 1 − a², sigmoid a(1 − a),
  relu and leaky relu from the sign of a). All A^l share one buffer, so the
  factors f'(Z^l) of a run of layers with the same activation take two calls
  for the whole run instead of two per layer.
* For each batch size m, every buffer is allocated once and every NumPy call
  of the step is written down once, as (function, arguments) pairs, in a
  "plan"; a step replays its plan. Gradients land in one flat vector shaped
  like net.params, so an optimizer updates every parameter at once.
"""
from functools import partial
from itertools import groupby

import numpy as np

from . import losses as _losses
from .accuracy import classes, rule_for
from .activations import LEAKY_SLOPE

try:  # np.dot itself, without the __array_function__ dispatch in front of it (a third of its cost here)
    from numpy._core._multiarray_umath import dot as _dot
except ImportError:  # NumPy < 2
    _dot = np.dot


def _activation_ops(name, A, scratch):
    """Calls that turn A from Z^l into f(Z^l), in place. `scratch` is a buffer like A."""
    if name == "tanh":
        return [(np.tanh, (A, A))]
    if name == "sigmoid":  # e^min(z, 0) / (1 + e^−|z|): the same operations as activations._sigmoid
        return [(np.absolute, (A, scratch)), (np.negative, (scratch, scratch)), (np.exp, (scratch, scratch)),
                (np.add, (1.0, scratch, scratch)), (partial(np.minimum, out=A), (A, 0.0)), (np.exp, (A, A)),
                (np.divide, (A, scratch, A))]
    if name == "relu":
        return [(partial(np.maximum, out=A), (A, 0.0))]
    if name == "leaky_relu":  # max(0.01z, z)
        return [(np.multiply, (A, LEAKY_SLOPE, scratch)), (partial(np.maximum, out=A), (A, scratch))]
    if name == "linear":
        return []
    if name == "softmax":  # e^(z − max z) / Σ e^(z − max z), per column
        column = scratch[0]
        return [(np.maximum.reduce, (A, 0, None, column)), (np.subtract, (A, column, A)), (np.exp, (A, A)),
                (np.add.reduce, (A, 0, None, column)), (np.divide, (A, column, A))]
    raise ValueError(name)


_NO_DERIVATIVE = ("linear", "softmax")  # f' = 1; softmax is only used where Δ^L = (A − Y)/m


def _derivative_ops(name, A, S):
    """Calls that write f'(Z) into S, given A = f(Z)."""
    if name == "tanh":  # 1 − a²
        return [(np.multiply, (A, A, S)), (np.subtract, (1.0, S, S))]
    if name == "sigmoid":  # a(1 − a)
        return [(np.subtract, (1.0, A, S)), (np.multiply, (A, S, S))]
    if name == "relu":  # 1 where z > 0, i.e. where a = max(z, 0) > 0; else 0
        return [(np.sign, (A, S))]
    if name == "leaky_relu":  # 1 where z > 0 (where a > 0), else the slope: (1 − slope)·1 + slope is 1.0
        return [(np.heaviside, (A, 0.0, S)), (np.multiply, (S, 1.0 - LEAKY_SLOPE, S)), (np.add, (S, LEAKY_SLOPE, S))]
    raise ValueError(name)


def _run(ops):
    for f, args in ops:
        f(*args)


class _Forward:
    """The buffers and calls of a forward pass over m samples (columns).

    All A^l live in one buffer, `acts`, one after the other; below A^l sits a
    row of ones when layer l + 1 has a bias. `inputs[l]` is what layer l
    multiplies: [A^{l-1}; 1^T] or A^{l-1} (for l ≥ 2; layer 1's input is the batch).
    """

    def __init__(self, net, m, keep_output_z=False):
        sizes, bias, L = net.sizes, net.bias, net.n_layers
        offsets, rows = [None], 0
        for l in range(1, L + 1):
            offsets.append(rows)
            rows += sizes[l] + (l < L and bias[l])
        self.acts = np.ones((rows, m))
        self.A = [None] + [self.acts[offsets[l]:offsets[l] + sizes[l]] for l in range(1, L + 1)]
        self.inputs = [None, None] + [self.acts[offsets[l - 1]:offsets[l - 1] + sizes[l - 1] + bias[l - 1]]
                                      for l in range(2, L + 1)]
        # a spare matrix for the activations that need one (leaky relu, softmax)
        self.scratch = [None] + [np.empty((sizes[l], m)) if net.activations[l - 1] in ("leaky_relu", "softmax", "sigmoid")
                                 else None for l in range(1, L + 1)]
        # Z^L kept apart when the cost needs it (the cross-entropies' stable log terms)
        self.Z_out = np.empty((sizes[L], m)) if keep_output_z else self.A[L]
        # ops[0]: f for layer 1 (after the caller's product with the batch); then product and f per layer
        self.ops = []
        for l in range(1, L + 1):
            target = self.Z_out if l == L else self.A[l]
            if l > 1:
                self.ops.append((_dot, (net.blocks[l - 1], self.inputs[l], target)))
            if target is not self.A[l]:
                self.ops.append((np.copyto, (self.A[l], target)))
            self.ops += _activation_ops(net.activations[l - 1], self.A[l], self.scratch[l])
        self.first_target = self.Z_out if L == 1 else self.A[1]
        self.offsets = offsets
        self.net = net

    def run(self, A0):
        """A0: the batch, (n_0 + 1, m) with a row of ones if layer 1 has a bias, else (n_0, m)."""
        _dot(self.net.blocks[0], A0, self.first_target)
        _run(self.ops)
        return self.A[-1]


class _Plan:
    """A whole training step for batch size m, as replayable calls: the forward pass, then
    f'(Z^l), BP1, and BP3+BP4 and BP2 layer by layer. The gradient lands in `grad_blocks`."""

    def __init__(self, net, loss, m, grad_blocks):
        sizes, bias, acts, L = net.sizes, net.bias, net.activations, net.n_layers
        fw = self.forward = _Forward(net, m)
        # f'(Z^l) for every layer that needs one, into S, laid out like fw.acts; a run of layers
        # with the same activation is one slice of both, so its factors take one set of calls
        S = np.empty_like(fw.acts)
        self.fprime = [None] + [S[fw.offsets[l]:fw.offsets[l] + sizes[l]] for l in range(1, L + 1)]
        needs = [None] + [acts[l - 1] not in _NO_DERIVATIVE for l in range(1, L + 1)]
        if loss.grad is None:
            needs[L] = False  # Δ^L = (A − Y)/m
        self.backward = []
        for (needed, name), run in groupby(range(1, L + 1), key=lambda l: (needs[l], acts[l - 1])):
            if needed:
                run = list(run)
                rows = slice(fw.offsets[run[0]], fw.offsets[run[-1]] + sizes[run[-1]])
                self.backward += _derivative_ops(name, fw.acts[rows], S[rows])
        # Δ^l, l < L, with room for the extra row of BP2's block product (not used)
        delta = [None] + [np.empty((sizes[l] + (l < L and bias[l]), m)) for l in range(1, L + 1)]
        D = self.D = [None] + [delta[l][:sizes[l]] for l in range(1, L + 1)]
        self.residual_vector = D[L].reshape(-1)  # A^L − Y as one vector (a view), while it is that
        # BP1, once the caller has set Δ^L ← A^L − Y: the mean cost's factor, then ⊙ f'(Z^L)
        if loss.name == "mse":
            self.backward.append((np.multiply, (D[L], 2.0 / m, D[L])))
        elif loss.grad is None:
            self.backward.append((np.multiply, (D[L], 1.0 / m, D[L])))
        else:
            raise ValueError(f"no fast BP1 for the {loss.name} cost")
        if needs[L]:
            self.backward.append((np.multiply, (D[L], self.fprime[L], D[L])))
        # l = L..2: BP3+BP4, then BP2 into layer l − 1 (layer 1's gradient needs the batch: see FastStep)
        for l in range(L, 1, -1):
            self.backward.append((_dot, (fw.inputs[l], D[l].T, grad_blocks[l - 1].T)))  # [∂C/∂W^l | ∂C/∂b^l]^T
            self.backward.append((_dot, (net.blocks[l - 1].T, D[l], delta[l - 1])))  # [W^l | b^l]^T Δ^l
            if needs[l - 1]:
                self.backward.append((np.multiply, (D[l - 1], self.fprime[l - 1], D[l - 1])))  # ⊙ f'(Z^{l-1})


MAX_PLANS = 8  # batch sizes whose buffers are kept (a trainer uses one or two; a notebook may try many)


class FastStep:
    """Computes the gradient of the mean cost into `self.grad` (flat, like net.params).

    Call `gradient(A0, Y)` with A0 the batch as columns, X^T, with a row of ones
    below it when layer 1 has a bias (`input_rows` rows in all), and Y^T, (n_L, m).
    """

    def __init__(self, net, loss):
        self.net = net
        self.loss = _losses.check_pair(loss, net.activations[-1])
        self.input_rows = net.sizes[0] + net.bias[0]
        self.grad = np.zeros_like(net.params)
        self.grad_blocks = net.block_views(self.grad)  # [∂C/∂W^l | ∂C/∂b^l], laid out like net.blocks
        self._plans = {}
        self.residual = 0.0  # Σ (a − y)² of the last batch (see gradient)

    def plan(self, m):
        plan = self._plans.get(m)
        if plan is None:
            if len(self._plans) >= MAX_PLANS:
                del self._plans[next(iter(self._plans))]  # the oldest
            plan = self._plans[m] = _Plan(self.net, self.loss, m, self.grad_blocks)
        return plan

    def gradient(self, A0, Y):
        """Fill self.grad; returns A^L, the output for this batch (a buffer reused by the next call).
        Also sets self.residual, Σ (a − y)² over the batch: finite exactly when the batch's cost is
        (for mse it is m·C; the cross-entropies are infinite only where A^L is NaN), so the trainer
        sees a diverging loss at every step for the price of one dot product."""
        plan = self._plans.get(Y.shape[1]) or self.plan(Y.shape[1])
        out = plan.forward.run(A0)
        np.subtract(out, Y, plan.D[-1])                                   # Δ^L starts as A^L − Y
        self.residual = _dot(plan.residual_vector, plan.residual_vector)
        _run(plan.backward)
        _dot(A0, plan.D[1].T, self.grad_blocks[0].T)                      # [∂C/∂W^1 | ∂C/∂b^1]^T = A0 (Δ^1)^T
        return out

    def cost_is_finite(self, A0, Y):
        """Whether the batch's cost is finite under the current weights: a forward pass and Σ (a − y)²,
        no gradient (see gradient, self.residual)."""
        plan = self._plans.get(Y.shape[1]) or self.plan(Y.shape[1])
        np.subtract(plan.forward.run(A0), Y, plan.D[-1])
        return bool(np.isfinite(_dot(plan.residual_vector, plan.residual_vector)))

    def new_gradient_blocks(self, A0, Y):
        """[∂C/∂W^l | ∂C/∂b^l] per layer in new arrays, laid out like net.blocks, for a caller to keep.
        Layer 1's block (the largest in an MNIST-like network) is computed straight into its new
        array rather than copied there; the others are copied out of self.grad."""
        plan = self._plans.get(Y.shape[1]) or self.plan(Y.shape[1])
        plan.forward.run(A0)
        np.subtract(plan.forward.A[-1], Y, plan.D[-1])
        _run(plan.backward)
        first = _dot(A0, plan.D[1].T).T                                  # ([∂C/∂W^1 | ∂C/∂b^1]^T)^T
        return [first] + [block.copy(order="K") for block in self.grad_blocks[1:]]


class Evaluator:
    """The mean cost on fixed sets of samples — e.g. the first samples of the training and
    test sets — in one forward pass over all of them, with the buffers allocated once."""

    def __init__(self, net, loss, parts):
        """parts: (X, Y) pairs with samples as rows; `costs()` returns one mean cost per part."""
        self.loss = _losses.check_pair(loss, net.activations[-1])
        self.counts = [len(X) for X, _ in parts]
        X = np.concatenate([X for X, _ in parts])
        Y = np.concatenate([Y for _, Y in parts])
        columns = [X.T, np.ones((1, len(X)))] if net.bias[0] else [X.T]
        self.A0 = np.ascontiguousarray(np.vstack(columns))
        self.Y = np.ascontiguousarray(Y.T)
        self.forward = _Forward(net, len(X), keep_output_z=True) if len(X) else None
        # accuracy: one rule for all parts (a test set of one class alone would suggest another)
        self.rule = rule_for(Y)
        self.true_classes = classes(Y, self.rule) if self.rule and len(Y) else None

    def costs(self):
        """The mean cost of each part."""
        return self.evaluate()[0]

    def evaluate(self):
        """(costs, accuracies): per part, the mean cost and the share classified right (NaN for a
        regression or an empty part; see core/accuracy.py), from one forward pass."""
        nans = [float("nan")] * len(self.counts)
        if self.forward is None:
            return nans, nans
        with np.errstate(over="ignore", invalid="ignore"):  # weights on the way to divergence: inf, said so
            return self._evaluate(nans)

    def _evaluate(self, nans):
        A = self.forward.run(self.A0)
        Z, Y, value = self.forward.Z_out, self.Y, self.loss.value
        out, start = [], 0
        for count in self.counts:
            part = slice(start, start + count)
            out.append(value(Z[:, part], A[:, part], Y[:, part]) if count else float("nan"))
            start += count
        if self.true_classes is None:
            return out, nans
        right = classes(A.T, self.rule) == self.true_classes
        accuracies, start = [], 0
        for count in self.counts:
            accuracies.append(float(right[start:start + count].mean()) if count else float("nan"))
            start += count
        return out, accuracies
