"""Steps per second of several ways to do the same work, measured side by side.

A shared machine's speed drifts, so the candidates are timed in interleaved
rounds (a, b, c, a, b, c, …) and each keeps its best round: a ratio between
two candidates then compares them under the same conditions.
"""
import time


class Candidate:
    """One way to take steps. `setup()` prepares a round, `block(k)` takes k steps (timed),
    `teardown()` undoes what setup changed. A round is at least `min_steps` long."""

    min_steps = 1

    def setup(self):
        pass

    def block(self, k):
        raise NotImplementedError

    def teardown(self):
        pass


def _time_block(candidate, k):
    candidate.setup()
    try:
        t0 = time.perf_counter()
        candidate.block(k)
        return time.perf_counter() - t0
    finally:
        candidate.teardown()


def calibrate(candidate, seconds):
    """The number of steps that takes about `seconds` (at least 1)."""
    k = 1
    while True:
        elapsed = _time_block(candidate, k)
        if elapsed >= seconds / 4 or k >= 1 << 24:
            return max(candidate.min_steps, round(k * seconds / max(elapsed, 1e-9)))
        k *= 4 if elapsed < seconds / 64 else 2


def steps_per_second(candidates, seconds, rounds):
    """{name: best steps/s} for a {name: Candidate}; each round runs each candidate for ~`seconds`."""
    ks = {name: calibrate(c, seconds) for name, c in candidates.items()}
    best = dict.fromkeys(candidates, 0.0)
    for _ in range(rounds):
        for name, c in candidates.items():
            best[name] = max(best[name], ks[name] / max(_time_block(c, ks[name]), 1e-12))
    return best
