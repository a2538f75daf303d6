"""The run a generated script repeats: the starting weights, the data, the settings, the order of
the batches, and the weights and cost the app reaches after N steps.

The run is replayed from step 0 by a fresh Trainer made from the session's own description
(architecture, initial weights, data, loss, optimizer, batch size, seed, L1/L2), so the numbers a
script checks itself against are the app's own. A session whose weights were typed in, or whose
settings were changed during the run, replays with its settings of now from its initial weights.
"""
from dataclasses import dataclass

import numpy as np

from .. import session
from ..errors import BadInput

MAX_STEPS = 1_000_000
MAX_EMBEDDED_NUMBERS = 2_000_000  # data, weights and batch orders written into one script


@dataclass
class Replay:
    name: str
    sizes: tuple
    activations: tuple
    bias: tuple
    loss: str
    optimizer: dict          # {"name", "lr", and its hyperparameters}
    batch_size: int
    seed: int
    l1: float
    l2: float
    steps: int
    X: np.ndarray            # training samples as rows, (n, n_0)
    Y: np.ndarray            # their targets as rows, (n, n_L)
    W0: list                 # initial W^l, (n_l, n_{l-1})
    b0: list                 # initial b^l, (n_l,), or None
    W: list                  # the app's W^l after `steps` steps
    b: list                  # the app's b^l after `steps` steps, or None
    cost: float              # the app's mean cost over the training set after `steps` steps
    orders: list             # each epoch's order of the samples (0-based), or [] for full batches
    w_trajectory: list       # the one weight after each step, when the network has only one

    @property
    def n_layers(self):
        return len(self.sizes) - 1

    @property
    def shuffled(self):
        return self.batch_size < len(self.X)


def fresh_trainer(trainer):
    """A trainer like `trainer` at step 0: the same description, the initial weights."""
    d = session.to_dict(trainer, with_history=False)
    for key in ("weights", "biases", "state", "history"):
        d.pop(key, None)
    return session.from_dict(d, where="the session")


def replay(trainer, steps=None, name=""):
    """Run the session's setup from step 0 for `steps` steps (default: as many as it has taken)."""
    steps = trainer.step_count if steps is None else steps
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 0 <= steps <= MAX_STEPS:
        raise BadInput(f"the number of steps must be a whole number from 0 to {MAX_STEPS:,}, got {steps!r}")
    steps = int(steps)
    t = fresh_trainer(trainer)
    net, data = t.network, t.data
    n = len(data.X_train)
    shuffled = t.batch_size < n
    epochs = -(-steps * min(t.batch_size, n) // n) + 1 if shuffled else 0
    size = data.X_train.size + data.Y_train.size + 2 * net.n_params + (epochs * n if shuffled else 0)
    if size > MAX_EMBEDDED_NUMBERS:
        raise BadInput(f"a script for this run would hold {size:,} numbers (data, weights and batch orders); "
                       f"the limit is {MAX_EMBEDDED_NUMBERS:,}. Use fewer samples or fewer steps")
    W0 = [w.copy() for w in net.weights]
    b0 = [None if b is None else b.copy() for b in net.biases]
    trajectory = []
    if net.n_params == 1:
        for _ in range(steps):
            _run(t, 1)
            trajectory.append(float(net.params[0]))
    else:
        _run(t, steps)
    orders = [np.random.default_rng([t.seed, e]).permutation(n) for e in range(t.epoch + 1)] if shuffled else []
    return Replay(name=name, sizes=net.sizes, activations=net.activations, bias=net.bias, loss=t.loss,
                  optimizer=t.optimizer.settings(), batch_size=t.batch_size, seed=t.seed, l1=t.l1, l2=t.l2,
                  steps=steps, X=data.X_train.copy(), Y=data.Y_train.copy(), W0=W0, b0=b0,
                  W=[w.copy() for w in net.weights], b=[None if b is None else b.copy() for b in net.biases],
                  cost=net.loss(data.X_train, data.Y_train, t.loss), orders=orders, w_trajectory=trajectory)


def _run(trainer, steps):
    result = trainer.run(steps)
    if result.diverged:
        raise BadInput(f"no script written: {result.message}")
