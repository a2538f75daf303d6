"""The training step the Trainer runs: the same maths as Network.gradients, in fewer NumPy calls.

Network._forward/_backward are the definition — one line per equation, easy to
read. This module computes exactly the same gradient (tests hold it to 1e-12)
but is built for speed, because the window asks for thousands of steps per
frame and a small network's step is dominated by per-call overhead:

* b^l is folded into W^l: each layer's parameters are the block [W^l | b^l]
  (a view into net.params) and each activation buffer A^{l-1} carries an extra
  row of ones, so Z^l = [W^l | b^l] [A^{l-1}; 1^T] is one product, and BP3 and
  BP4 together are one product: [∂C/∂W^l | ∂C/∂b^l] = Δ^l [A^{l-1}; 1^T]^T.
* every buffer is allocated once per batch size and written with `out=`;
* gradients land directly in one flat vector, so the optimizer updates every
  parameter with a handful of vectorised operations.
"""
import numpy as np

from . import losses as _losses


def _apply(name, Z, out):
    """out ← f(Z), in place."""
    if name == "tanh":
        np.tanh(Z, out=out)
    elif name == "sigmoid":  # 0.5(1 + tanh(z/2)), the same operations as activations._sigmoid
        np.multiply(Z, 0.5, out=out)
        np.tanh(out, out=out)
        out += 1.0
        out *= 0.5
    elif name == "relu":
        np.maximum(Z, 0.0, out=out)
    elif name == "leaky_relu":  # max(0.01z, z)
        np.multiply(Z, 0.01, out=out)
        np.maximum(out, Z, out=out)
    elif name == "linear":
        np.copyto(out, Z)
    elif name == "softmax":
        np.subtract(Z, Z.max(axis=0), out=out)
        np.exp(out, out=out)
        out /= out.sum(axis=0)
    else:
        raise ValueError(name)


def _times_derivative(name, D, Z, A, tmp):
    """D ← D ⊙ f'(Z), in place; A = f(Z)."""
    if name == "tanh":  # f' = 1 − a²
        np.multiply(A, A, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        D *= tmp
    elif name == "sigmoid":  # f' = a(1 − a)
        np.subtract(1.0, A, out=tmp)
        tmp *= A
        D *= tmp
    elif name == "relu":
        D *= Z > 0
    elif name == "leaky_relu":
        np.copyto(tmp, 0.01)
        tmp[Z > 0] = 1.0
        D *= tmp
    elif name != "linear":
        raise ValueError(name)


class _Buffers:
    """Preallocated matrices for one batch size m."""

    def __init__(self, sizes, m):
        L = len(sizes) - 1
        # A[l] for l = 1..L-1 has an extra row of ones for the next layer's bias; A[L] does not.
        self.A = [None] + [np.ones((n + 1, m)) for n in sizes[1:-1]] + [np.empty((sizes[-1], m))]
        self.Z = [None] + [np.empty((n, m)) for n in sizes[1:]]
        self.D = [None] + [np.empty((n, m)) for n in sizes[1:]]
        self.T = [None] + [np.empty((n, m)) for n in sizes[1:]]
        self.L = L


class FastStep:
    """Computes the gradient of the mean cost into `self.grad` (flat, like net.params).

    Call `gradient(A0, Y)` with A0 = [X^T; 1^T] of shape (n_0 + 1, m) — the input
    with a row of ones — and Y of shape (n_L, m).
    """

    def __init__(self, net, loss):
        self.net = net
        self.loss = _losses.check_pair(loss, net.activations[-1])
        self.grad = np.zeros_like(net.params)
        self.grad_blocks = []
        start = 0
        for block in net.blocks:
            self.grad_blocks.append(self.grad[start:start + block.size].reshape(block.shape))
            start += block.size
        self._buffers = {}

    def buffers(self, m):
        if m not in self._buffers:
            self._buffers[m] = _Buffers(self.net.sizes, m)
        return self._buffers[m]

    def gradient(self, A0, Y):
        """Fill self.grad; returns the buffers, whose A[L] holds the output for this batch."""
        net, m = self.net, Y.shape[1]
        buf = self.buffers(m)
        L, acts, sizes, blocks = buf.L, net.activations, net.sizes, net.blocks
        inputs = [None] * (L + 1)  # [A^{l-1}; 1^T], or just A^{l-1} where layer l has no bias
        outputs = [None] + [buf.A[l][:sizes[l]] for l in range(1, L)] + [buf.A[L]]
        A_prev = A0
        for l in range(1, L + 1):
            inputs[l] = A_prev if net.bias[l - 1] else A_prev[:sizes[l - 1]]
            np.matmul(blocks[l - 1], inputs[l], out=buf.Z[l])          # Z^l = [W^l | b^l] [A^{l-1}; 1]
            _apply(acts[l - 1], buf.Z[l], outputs[l])                   # A^l = f(Z^l)
            A_prev = buf.A[l]
        D = buf.D
        np.subtract(outputs[L], Y, out=D[L])
        if self.loss.grad is None:
            D[L] *= 1.0 / m                                             # BP1 with cross-entropy
        else:                                                           # BP1 with mse: 2(A − Y)/m ⊙ f'(Z^L)
            D[L] *= 2.0 / m
            _times_derivative(acts[L - 1], D[L], buf.Z[L], outputs[L], buf.T[L])
        for l in range(L, 0, -1):
            np.matmul(D[l], inputs[l].T, out=self.grad_blocks[l - 1])  # BP3 + BP4: Δ^l [A^{l-1}; 1]^T
            if l > 1:
                W = blocks[l - 1][:, :sizes[l - 1]]
                np.matmul(W.T, D[l], out=D[l - 1])                      # BP2: (W^l)^T Δ^l ⊙ f'(Z^{l-1})
                _times_derivative(acts[l - 2], D[l - 1], buf.Z[l - 1], outputs[l - 1], buf.T[l - 1])
        return buf
