"""The workloads of issue 5, float64, each a network, a loss, a batch size and data.

(a) the seed's 1→1 linear network, batch 1          (b) 2-4-2-1 tanh, batch 10 and 250
(c) 2-8-8-8-8-8-8-1 tanh, batch 500                  (d) 784-30-10 sigmoid, batch 10 and 100
(e) 784-256-256-10 relu, batch 256

(d) is Nielsen's MNIST network (sigmoid everywhere, mse, η = 3); (e) has relu
hidden layers and the usual softmax output with cross-entropy. The MNIST-sized
ones train on random MNIST-shaped data: speed does not depend on the values.
"""
from dataclasses import dataclass

import numpy as np

from core import Network, datasets
from core.datasets import Dataset


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    sizes: tuple
    activations: tuple
    loss: str
    batch: int
    lr: float
    data: str  # "seed", "circle" or "mnist-shaped"
    bias: bool = True

    def network(self):
        if self.data == "seed":
            return Network.from_arrays([[[-23.1]]], None, "linear")
        return Network(self.sizes, self.activations, self.bias, seed=0)

    def dataset(self, quick=False):
        """Training data with at least a few batches per epoch, and a test set to record."""
        if self.data == "seed":
            return datasets.points([[5.7]], [[50.1]], name="seed")
        n_train = max(4 * self.batch, 500) if quick else max(20 * self.batch, 1000)
        if self.data == "circle":
            return datasets.generate("circle", samples=2 * n_train, test_fraction=0.5, labels="pm1")
        rng = np.random.default_rng(0)
        n = n_train + n_train // 4
        X = rng.uniform(0.0, 1.0, (n, self.sizes[0]))
        Y = np.eye(self.sizes[-1])[rng.integers(0, self.sizes[-1], n)]  # one-hot classes
        return Dataset("mnist-shaped", "multiclass", X[:n_train], Y[:n_train], X[n_train:], Y[n_train:])

    @property
    def n_params(self):
        return sum(n * (p + self.bias) for n, p in zip(self.sizes[1:], self.sizes[:-1]))

    def product_flops(self):
        """Floating-point operations of the matrix products one step needs (no bias folding):
        forward W^l A^{l-1}, backward (W^l)^T Δ^l for l ≥ 2, gradient Δ^l (A^{l-1})^T."""
        m = self.batch
        pairs = list(zip(self.sizes[1:], self.sizes[:-1]))
        forward = sum(2 * n * p * m for n, p in pairs)
        backward = sum(2 * n * p * m for n, p in pairs[1:])
        return 2 * forward + backward  # the gradient products cost what the forward ones do


def _tanh(n):
    return ("tanh",) * n


WORKLOADS = (
    Workload("a", "(a) seed 1→1 linear", (1, 1), ("linear",), "mse", 1, 0.007, "seed", bias=False),
    Workload("b10", "(b) 2-4-2-1 tanh", (2, 4, 2, 1), _tanh(3), "mse", 10, 0.03, "circle"),
    Workload("b250", "(b) 2-4-2-1 tanh", (2, 4, 2, 1), _tanh(3), "mse", 250, 0.03, "circle"),
    Workload("c", "(c) 2-8×6-1 tanh", (2, 8, 8, 8, 8, 8, 8, 1), _tanh(7), "mse", 500, 0.03, "circle"),
    Workload("d10", "(d) 784-30-10 sigmoid", (784, 30, 10), ("sigmoid",) * 2, "mse", 10, 3.0, "mnist-shaped"),
    Workload("d100", "(d) 784-30-10 sigmoid", (784, 30, 10), ("sigmoid",) * 2, "mse", 100, 3.0, "mnist-shaped"),
    Workload("e", "(e) 784-256-256-10 relu", (784, 256, 256, 10), ("relu", "relu", "softmax"), "cross_entropy",
             256, 0.01, "mnist-shaped"),
)
