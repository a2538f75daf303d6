"""The machine's large matrix-product speed: the ceiling for any float64 training step."""
import numpy as np

from .timing import Candidate


def flops(n):
    """Operations of an n×n by n×n product: n² dot products of length n, a multiply and an add each."""
    return 2.0 * n ** 3


class Gemm(Candidate):
    """One step is one n×n by n×n float64 product into a preallocated result."""

    def __init__(self, n):
        rng = np.random.default_rng(0)
        self.A, self.B, self.C = rng.random((n, n)), rng.random((n, n)), np.empty((n, n))

    def block(self, k):
        A, B, C = self.A, self.B, self.C
        for _ in range(k):
            np.dot(A, B, out=C)
