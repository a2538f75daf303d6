"""The run a generated script repeats: the starting weights, the data, the settings, the order of
the batches, and the weights and cost the app reaches after N steps.

The run is replayed from step 0 by a fresh Trainer made from the session's own description
(architecture, initial weights, data, loss, optimizer, batch size, seed, L1/L2), so the numbers a
script checks itself against are the app's own. A session whose weights were typed in, or whose
settings were changed during the run, replays with its settings of now from its initial weights.
"""
from dataclasses import dataclass

import numpy as np

from .. import losses as _losses
from .. import optimizers as _optimizers
from .. import session
from ..errors import BadInput

MAX_STEPS = 1_000_000
MAX_EMBEDDED_NUMBERS = 2_000_000  # data, weights and batch orders written into one script
# Two correct float64 computations of the same step that add the same numbers in another order
# differ in the last bits. Most runs keep such differences at that size; a chaotic one (a high
# learning rate with momentum, say) doubles them every few dozen steps until they are as large as
# the weights. A script is held to 1e-12, so the run is checked where two orders still agree to this:
AGREEMENT = 1e-13
COMPARED_STEPS = 10_000  # a run still agreeing after this many steps is taken to be one that keeps to it


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
    features: tuple = ()     # the input features A⁰ holds (core/features.py), computed from P
    P: np.ndarray = None     # the raw training points (n, 2) when there are features
    check_step: int = 0      # the step the script checks itself at (= steps unless the run is chaotic)
    W_check: list = None     # the app's W^l and b^l at check_step
    b_check: list = None

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
    size = data.raw_train.size + data.Y_train.size + 2 * net.n_params + (epochs * n if shuffled else 0)
    if size > MAX_EMBEDDED_NUMBERS:
        raise BadInput(f"a script for this run would hold {size:,} numbers (data, weights and batch orders); "
                       f"the limit is {MAX_EMBEDDED_NUMBERS:,}. Use fewer samples or fewer steps")
    W0 = [w.copy() for w in net.weights]
    b0 = [None if b is None else b.copy() for b in net.biases]
    textbook = _Textbook(t)
    trajectory, check = [], (0, W0, b0)
    done, agree = 0, True
    for checkpoint in _checkpoints(steps, every_step=net.n_params == 1):
        _run(t, checkpoint - done)
        if agree and checkpoint <= COMPARED_STEPS:
            textbook.advance(checkpoint - textbook.steps)
            agree = textbook.difference() <= AGREEMENT
        if agree:
            check = (checkpoint, [w.copy() for w in net.weights], [None if b is None else b.copy() for b in net.biases])
        done = checkpoint
        if net.n_params == 1:
            trajectory.append(float(net.params[0]))
    orders = [np.random.default_rng([t.seed, e]).permutation(n) for e in range(t.epoch + 1)] if shuffled else []
    return Replay(name=name, sizes=net.sizes, activations=net.activations, bias=net.bias, loss=t.loss,
                  optimizer=t.optimizer.settings(), batch_size=t.batch_size, seed=t.seed, l1=t.l1, l2=t.l2,
                  steps=steps, X=data.X_train.copy(), Y=data.Y_train.copy(), W0=W0, b0=b0,
                  W=[w.copy() for w in net.weights], b=[None if b is None else b.copy() for b in net.biases],
                  cost=net.loss(data.X_train, data.Y_train, t.loss), orders=orders, w_trajectory=trajectory,
                  check_step=check[0], W_check=check[1], b_check=check[2],
                  features=tuple(data.features), P=None if not data.features else data.raw_train.copy())


def _checkpoints(steps, every_step=False):
    """1, 2, 4, 8, … and `steps` itself (every step for a one-weight network)."""
    if every_step:
        return list(range(1, steps + 1))
    points, c = [], 1
    while c < steps:
        points.append(c)
        c *= 2
    return points + ([steps] if steps else [])


class _Textbook:
    """The same run by Network.textbook_gradients, one equation a line, beside the app's fast
    step: another order of the same additions, to see whether the run magnifies rounding."""

    def __init__(self, trainer):
        self.app = trainer
        self.net = trainer.network.copy()
        settings = trainer.optimizer.settings()
        self.optimizer = _optimizers.make(settings.pop("name"), settings.pop("lr"), **settings)
        mask = self.net.copy()
        mask.params[:] = 0.0
        for l in range(mask.n_layers):
            mask.weights[l] = np.ones_like(mask.weights[l])
        self.mask = mask.params.copy()  # 1 for weights, 0 for biases: regularisation is of weights
        self.gradient = self.net.copy()  # its parameters hold ∂C/∂θ, laid out like θ
        self.steps = self.epoch = self.position = 0
        self.order = None
        self.loss = _losses.get(trainer.loss)

    def advance(self, k):
        t, net, data = self.app, self.net, self.app.data
        n, b = len(data.X_train), t.batch_size
        for _ in range(k):
            if self.position == 0 or self.order is None:
                self.order = np.random.default_rng([t.seed, self.epoch]).permutation(n) if b < n else np.arange(n)
            rows = self.order[self.position:self.position + b]
            Z, A = net._forward(data.X_train[rows].T)  # textbook_gradients without its checks of the input
            _, dW, db = net._backward(Z, A, data.Y_train[rows].T, self.loss)
            for l in range(1, net.n_layers + 1):
                self.gradient.weights[l - 1][...] = dW[l]
                if db[l] is not None:
                    self.gradient.biases[l - 1][...] = db[l]
            grad = self.gradient.params.copy()
            if t.l2:
                grad += net.params * self.mask * t.l2
            if t.l1:
                grad += np.sign(net.params) * self.mask * t.l1
            with np.errstate(all="ignore"):
                self.optimizer.step(net.params, grad)
            self.steps += 1
            self.position += len(rows)
            if self.position == n:
                self.epoch, self.position = self.epoch + 1, 0

    def difference(self):
        """The largest difference from the app's parameters, relative for values above 1."""
        app = self.app.network.params
        with np.errstate(all="ignore"):
            d = np.max(np.abs(self.net.params - app) / np.maximum(1.0, np.abs(app)), initial=0.0)
        return float(d) if np.isfinite(d) else np.inf


def _run(trainer, steps):
    result = trainer.run(steps)
    if result.diverged:
        raise BadInput(f"no script written: {result.message}")
