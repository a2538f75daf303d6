"""The machine's large matrix-product speed: the ceiling for any float64 training step."""
import time

import numpy as np


def gflops(n=2048, rounds=3):
    """Best GFLOP/s of an n×n by n×n float64 product (2n³ operations) into a preallocated result."""
    rng = np.random.default_rng(0)
    A, B, C = rng.random((n, n)), rng.random((n, n)), np.empty((n, n))
    np.dot(A, B, out=C)  # warm up: threads started, pages touched
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        np.dot(A, B, out=C)
        best = min(best, time.perf_counter() - t0)
    return 2.0 * n ** 3 / best / 1e9
