"""The NumPy candidates for one workload: the API path, the Trainer, and the floor."""
import numpy as np

from core import Trainer

from .timing import Candidate


class ApiPath(Candidate):
    """What a notebook user writes: `Network.gradients` on a batch of rows, then W ← W − η ∂C/∂W."""

    def __init__(self, workload, data):
        self.net = workload.network()
        self.loss, self.lr, self.m = workload.loss, workload.lr, workload.batch
        self.X, self.Y = data.X_train, data.Y_train
        self.i = 0

    def block(self, k):
        net, X, Y, m, lr, loss = self.net, self.X, self.Y, self.m, self.lr, self.loss
        n, i = len(X), self.i
        for _ in range(k):
            if i + m > n:
                i = 0
            dW, db = net.gradients(X[i:i + m], Y[i:i + m], loss)
            for W, b, gW, gb in zip(net.weights, net.biases, dW, db):
                W -= lr * gW
                if b is not None:
                    b -= lr * gb
            i += m
        self.i = i


class TrainerPath(Candidate):
    """`Trainer.run(k)` from step 0 each round: shuffled mini-batches and history recording included.
    A round covers at least two epochs, so each epoch's shuffle is paid for by all of its steps."""

    def __init__(self, workload=None, data=None, make_trainer=None):
        if make_trainer is None:
            def make_trainer():
                return Trainer(workload.network(), data, loss=workload.loss, optimizer="sgd",
                               lr=workload.lr, batch_size=workload.batch)
        self.make_trainer = make_trainer
        self.trainer = None
        probe = make_trainer()
        self.min_steps = 2 * -(-len(probe.data.X_train) // probe.effective_batch_size)

    def setup(self):
        self.trainer = self.make_trainer()

    def block(self, k):
        result = self.trainer.run(k)
        if result.diverged:
            raise RuntimeError(f"the benchmark diverged: {result.message}")


class Floor(Candidate):
    """Only the matrix products one step needs, on preallocated contiguous arrays: forward W^l A^{l-1},
    backward (W^l)^T Δ^l, gradient Δ^l (A^{l-1})^T. No activation, no update, no bias: a lower bound."""

    def __init__(self, workload):
        rng = np.random.default_rng(0)
        m, sizes = workload.batch, workload.sizes
        self.products = []
        for l in range(1, len(sizes)):
            n, p = sizes[l], sizes[l - 1]
            W, A, D = rng.random((n, p)), rng.random((p, m)), rng.random((n, m))
            self.products.append((W, A, np.empty((n, m))))                              # forward
            if l > 1:
                self.products.append((np.ascontiguousarray(W.T), D, np.empty((p, m))))  # backward
            self.products.append((D, np.ascontiguousarray(A.T), np.empty((n, p))))      # gradient

    def block(self, k):
        products, dot = self.products, np.dot
        for _ in range(k):
            for a, b, out in products:
                dot(a, b, out=out)
