"""The trainer: runs n optimizer steps on mini-batches and keeps a bounded history.

Mini-batches: the training set is shuffled at the start of every epoch with a
permutation drawn from a generator seeded by (seed, epoch), and walked through
in order, `batch_size` samples a step (the last batch of an epoch may be
smaller). So the whole random state is (seed, epoch, position): saving those
three numbers and the weights is enough to resume bit-for-bit.

Divergence: training stops with `RunResult.diverged` set, keeping the last weights whose cost and
values are all finite. Every step checks the cost of its mini-batch under the weights in force (one
dot product: see FastStep.residual), a run checks every weight after it and the cost of the next
mini-batch under the weights it ends on, and each history row the loss; so weights whose loss is
infinite are not kept, even while they are finite.
A run counts at most MAX_STEPS steps: there it stops with `RunResult.at_limit` set and a message.

History: a row holds the step, the train loss, the test loss, the train and
test accuracy (classification only, see core/accuracy.py), the gradient flow
‖∂C/∂W^l‖_F per layer (of the mini-batch step just taken: the fast step has
that gradient at hand, so it costs L norms) and every parameter. "Train loss" and "test loss" are the mean cost of the current
weights over the first EVAL_SAMPLES samples of the training and the test set
(all of them for sets up to that size), computed afresh for each row — not
the loss of the mini-batch just used. Rows are recorded every step at first
when that is cheap (the seed's networks), else every 2nd, 4th, … step so that
recording costs at most about a tenth of training: see `first_stride`.

Speed: steps run through core/fast.py (the same maths as Network.gradients in
fewer NumPy calls), in a loop that does nothing else per step.
"""
import math
from dataclasses import dataclass

import numpy as np

from . import losses as _losses
from . import optimizers as _optimizers
from .datasets import Dataset, check_float, check_int
from .errors import BadInput
from .fast import Evaluator, FastStep
from .history import History
from .network import MAX_SEED, check_batch

MAX_BATCH_SIZE = 100_000
# The most steps a run counts: the step is a float in the plots and the history's step column, and a
# float64 counts whole numbers exactly up to 2⁵³. A run stops there with a message (see Trainer.run).
MAX_STEPS = 2**53
EVAL_SAMPLES = 2000  # the loss curves use at most this many samples, so recording stays cheap
GATHER_BYTES = 64 * 1024  # a batch this large is gathered at each step (see Trainer._steps)
# The history's first stride (see first_stride) comes from rough costs on a desktop CPU; only
# their ratios matter, and only to choose how often to record at the start of a run.
RECORD_SHARE = 0.1       # recording may cost about this fraction of training time...
RECORD_FREE_NS = 30_000  # ...or, when a record costs less than this, be taken every step
CALL_NS = 1000           # the fixed cost of one NumPy call
FLOP_NS = 0.05           # one floating-point operation inside a matrix product (~20 GFLOP/s)
ELEMENT_NS = 15          # one element of an activation or its derivative (tanh: ~14 ns)


def first_stride(network, batch_size, n_eval):
    """How often the history records at the start of a run (the stride then doubles as it fills).

    A record is a forward pass over the n_eval samples of the loss curves. It is taken every
    step when it is cheap in absolute terms — the seed's tiny networks, where a learner steps by
    hand and sees every step — and otherwise every s-th step, s a power of two, so that recording
    costs at most RECORD_SHARE of the steps between two records: a few hundred samples through a
    tanh network, or thousands through an MNIST-sized one, cost many steps.
    """
    flops = 2 * sum(n * p for n, p in zip(network.sizes[1:], network.sizes[:-1]))  # forward, per sample
    neurons = sum(network.sizes[1:])
    L = network.n_layers
    step_ns = (7 * L * CALL_NS                                      # ~7 calls per layer
               + batch_size * (3 * flops * FLOP_NS                  # forward, BP2, BP3+BP4 products
                               + 2 * neurons * ELEMENT_NS))         # f and f'
    record_ns = (2 * L + 10) * CALL_NS + n_eval * (flops * FLOP_NS + neurons * ELEMENT_NS)
    stride = 1
    while record_ns > RECORD_FREE_NS and record_ns > RECORD_SHARE * stride * step_ns:
        stride *= 2
    return stride


def check_memory(network, data, batch_size):
    """BadInput, before anything is allocated, if one step's batch or one evaluation of the loss
    curves would pass more samples through `network` than MAX_WORKING_BYTES allow (network.py)."""
    n_train, n_test = len(data.X_train), len(data.X_test)
    m = min(batch_size, n_train)
    check_batch(network.sizes, m, "a batch" if m == batch_size else
                f"a batch size of {batch_size:,} takes all {n_train:,} training samples at each step; a batch")
    check_batch(network.sizes, min(n_train, EVAL_SAMPLES) + min(n_test, EVAL_SAMPLES),
                "evaluating the loss on a set")


@dataclass
class RunState:
    step: int
    epoch: int
    position: int
    optimizer: dict  # Optimizer.state_dict()
    history: object  # a History copy, or None


@dataclass
class RunResult:
    steps: int  # steps actually taken
    diverged: bool = False
    message: str = ""
    reached: bool = False  # run_to / run_until: the goal was met
    at_limit: bool = False  # stopped at MAX_STEPS, the most steps a run counts (message says so)


def _finite(x):
    return bool(np.isfinite(x).all())


class Trainer:
    """Trains `network` on `data`.

    >>> t = Trainer(Network([2, 4, 1]), datasets.generate("circle"), loss="mse", lr=0.03, batch_size=10)
    >>> t.run(1000)
    >>> t.history.train_loss[-1]
    """

    def __init__(self, network, data: Dataset, loss="mse", optimizer="sgd", lr=0.03, batch_size=10,
                 seed=0, l1=0.0, l2=0.0, history_capacity=2048, **optimizer_settings):
        # every setting checked before anything is kept or allocated
        self._check_data_fits(network, data)
        _losses.check_pair(loss, network.activations[-1])
        self._check_targets(loss, data)
        batch_size = self._checked_batch_size(network, data, batch_size)
        self.network, self.data, self._loss, self._batch_size = network, data, loss, batch_size
        self.optimizer = optimizer if isinstance(optimizer, _optimizers.Optimizer) else \
            _optimizers.make(optimizer, lr, **optimizer_settings)
        self.seed = seed
        self.l1, self.l2 = l1, l2
        self.history_capacity = history_capacity
        self._rebuild()

    # ---- settings (each takes effect at the next step, no reset needed) ---------------------
    @property
    def lr(self):
        return self.optimizer.lr

    @lr.setter
    def lr(self, value):
        self.optimizer.lr = value

    @property
    def batch_size(self):
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value):
        self._batch_size = self._checked_batch_size(self.network, self.data, value)

    @staticmethod
    def _checked_batch_size(network, data, value):
        value = check_int("batch size", value, 1, MAX_BATCH_SIZE)
        check_memory(network, data, value)
        return value

    @property
    def seed(self):
        """The seed of the shuffling (each epoch's order comes from (seed, epoch))."""
        return self._seed

    @seed.setter
    def seed(self, value):
        self._seed = check_int("seed", value, 0, MAX_SEED)

    def set_seed(self, seed):
        """One seed for the shuffling (from the next epoch) and the starting weights (at the next reset)."""
        seed = check_int("seed", seed, 0, MAX_SEED)
        self.seed = self.network.seed = seed

    def set_optimizer_setting(self, key, value):
        """Change one setting of the optimizer (lr, momentum μ, Adam's beta1, ...), keeping its state."""
        if key != "lr" and key not in self.optimizer.hyper:
            raise BadInput(f"{_optimizers.describe_setting(key)} is not a setting of "
                           f"{_optimizers.describe(self.optimizer.name).label}")
        setattr(self.optimizer, key, value)

    @property
    def l1(self):
        return self._l1

    @l1.setter
    def l1(self, value):
        self._l1 = check_float("L1 regularisation", value, 0.0, 10.0)

    @property
    def l2(self):
        return self._l2

    @l2.setter
    def l2(self, value):
        self._l2 = check_float("L2 regularisation", value, 0.0, 10.0)

    @property
    def loss(self):
        return self._loss

    @loss.setter
    def loss(self, name):
        _losses.check_pair(name, self.network.activations[-1])
        self._check_targets(name, self.data)
        self._loss = name
        self._make_fast()
        self._record_now(replace=True)

    def set_optimizer(self, name, **settings):
        """Switch optimizer, keeping the learning rate unless given; its state starts empty."""
        settings.setdefault("lr", self.lr)
        self.optimizer = _optimizers.make(name, **settings)

    @property
    def effective_batch_size(self):
        return min(self.batch_size, len(self.data.X_train))

    # ---- network and data -------------------------------------------------------------------
    @staticmethod
    def _check_data_fits(network, data):
        if data.n_inputs != network.sizes[0] or data.n_outputs != network.sizes[-1]:
            raise BadInput(f"the data has {data.n_inputs} input(s) and {data.n_outputs} output(s), but the network "
                           f"has {network.sizes[0]} input(s) and {network.sizes[-1]} output(s)")
        if len(data.X_train) == 0:
            raise BadInput("the data has no training samples")

    @staticmethod
    def _check_targets(loss, data):
        """The cross-entropies are only defined for probability targets (see losses.check_targets)."""
        _losses.check_targets(loss, data.Y_train)
        if len(data.Y_test):
            _losses.check_targets(loss, data.Y_test)

    def check_network(self, network):
        """BadInput unless this trainer could train `network` (changing nothing): it fits the data's
        inputs and outputs, its output layer suits the cost, and a batch through it fits in memory."""
        self._check_data_fits(network, self.data)
        _losses.check_pair(self._loss, network.activations[-1])
        check_memory(network, self.data, self.batch_size)

    def set_network(self, network):
        """Train this network from now on. With the same architecture the run goes on (history,
        optimizer state and position kept: e.g. a weight typed in, or an edit undone); a new
        architecture starts a new run (step 0, empty history, fresh optimizer state)."""
        self.check_network(network)
        same = network.same_architecture(self.network)
        self.network = network
        if same:
            self._make_fast()
            self._record_now(replace=True)
        else:
            self._rebuild()

    def set_data(self, data):
        """New data with the same inputs and outputs: the weights and step count are kept; the epoch,
        the optimizer's state and the history start again (they describe the old data)."""
        self._check_data_fits(self.network, data)
        self._check_targets(self._loss, data)
        check_memory(self.network, data, self.batch_size)
        self.data = data
        self._rebuild(keep_step=True)

    def run_state(self, with_history=True):
        """Where the run stands, apart from the weights: step, epoch, position in the epoch, the
        optimizer's state and (if asked) a copy of the history. See restore_run."""
        return RunState(self.step_count, self.epoch, self.position, self.optimizer.state_dict(),
                        self.history.copy() if with_history else None)

    def restore_run(self, state):
        """Go back to a point of a run of this architecture on this data (the weights are set apart,
        e.g. by undo)."""
        if not 0 <= state.position < len(self.data.X_train):
            raise BadInput(f"position {state.position} is outside the {len(self.data.X_train)} training samples")
        self.step_count, self.epoch, self.position = state.step, state.epoch, state.position
        self.optimizer.load_state_dict(state.optimizer, self.network.n_params)
        if state.history is not None and state.history.n_params == self.network.n_params:
            self.history = state.history.copy()
        else:
            self.history.clear()
        self._record_now(replace=True)

    def resume(self, step, epoch, position, history=None):
        """Continue a saved run: the weights and optimizer state are already in place.
        `history`: (steps, train_loss, test_loss, params, stride[, accuracies, grad_norms]) of its
        record so far, if saved (see History.restore). BadInput, changing nothing, for counters no run
        reaches: a step beyond MAX_STEPS, an epoch beyond the step (each epoch takes a step at least)."""
        step = check_int("step", step, 0, MAX_STEPS)
        epoch = check_int("epoch", epoch, 0, step)
        self.step_count, self.epoch, self.position = step, epoch, position
        if history is not None:
            self.history.restore(*history)  # exactly as it was: the run goes on as if never stopped
        else:
            self.history.clear()
        if not self.history.count:
            self._record_now()

    def reset(self, seed=None):
        """Re-initialise the weights (from `seed`, or the network's own), step 0, empty history."""
        self.network.reinitialize(seed)
        self._rebuild()

    def _make_fast(self):
        """The fast step and the loss evaluator for the current network, loss and data."""
        d, n = self.data, EVAL_SAMPLES
        self._fast = FastStep(self.network, self._loss)
        self._last_norms = None  # ‖∂C/∂W^l‖_F of the last step taken (see _keep_grad_norms)
        self._evaluator = Evaluator(self.network, self._loss,
                                    [(d.X_train[:n], d.Y_train[:n]), (d.X_test[:n], d.Y_test[:n])])

    def _rebuild(self, keep_step=False):
        net, data = self.network, self.data
        self._make_fast()
        self.optimizer.reset()
        # The data once as rows [x, 1] (the 1 only if layer 1 has a bias) and y; batches are cut from
        # them in each epoch's order (see _steps).
        X = data.X_train
        self._X_rows = np.hstack([X, np.ones((len(X), 1))]) if net.bias[0] else np.array(X)
        self._Y_rows = np.array(data.Y_train)
        self._epoch_cache = (-1, None, None)  # (epoch, its order of the samples, the data in that order)
        self._batch_buffers = {}
        # 1 for weights, 0 for biases: regularisation applies to weights only
        self._weight_mask = np.zeros_like(net.params)
        for W, _ in net.split(self._weight_mask):
            W[...] = 1.0
        self._tmp = np.empty_like(net.params)
        if not keep_step:
            self.step_count = 0
        self.epoch, self.position = 0, 0
        n_eval = min(len(data.X_train), EVAL_SAMPLES) + min(len(data.X_test), EVAL_SAMPLES)
        self.history = History(net.n_params, self.history_capacity,
                               first_stride(net, self.effective_batch_size, n_eval), net.n_layers)
        self.diverged = False
        self._loss_finite = True  # the last step found the cost of the weights in force finite
        self._record_now()

    # ---- losses -----------------------------------------------------------------------------
    def losses(self):
        """(train loss, test loss) in one pass of the evaluator; see train_loss and test_loss."""
        return self._evaluator.costs()

    def accuracies(self):
        """(train, test) share of samples classified right (NaN for a regression or no test set),
        over the same samples as the losses."""
        return self._evaluator.evaluate()[1]

    def train_loss(self):
        """The mean cost over the training set (its first EVAL_SAMPLES samples)."""
        return self._evaluator.costs()[0]

    def test_loss(self):
        """The mean cost over the test set (its first EVAL_SAMPLES samples; NaN when there is none)."""
        return self._evaluator.costs()[1]

    def record(self):
        """Add a history row for the current step now, even between the evenly spaced ones
        (a learner stepping by hand sees every step). False if the loss or a weight is not finite."""
        return self._record_now()

    def _record_now(self, replace=False):
        """Add a history row for the current step. Returns False if the loss or a weight is not finite."""
        with np.errstate(all="ignore"):
            (train, test), accuracy = self._evaluator.evaluate()
        ok = np.isfinite(train) and _finite(self.network.params)
        if ok:
            if replace and self.history.count and self.history.steps[-1] == self.step_count:
                self.history.drop_last()  # the weights changed without a step: this row is out of date
            self.history.record(self.step_count, train, test, self.network.params, accuracy, self._grad_norms())
        return ok

    def _keep_grad_norms(self):
        """Note ‖∂C/∂W^l‖_F for l = 1..L of the gradient about to be applied (regularisation included).
        Once per call of run, so a dot product of W^l's contiguous piece rather than np.linalg.norm
        (a tenth of the time; in the window a frame calls run twice)."""
        self._last_norms = [math.sqrt(float(np.dot(w, w))) for w in self.network.weight_views(self._fast.grad)]

    def _grad_norms(self):
        """The gradient norms of the last step taken, or None when no step was taken since the
        network or the cost changed (nothing to show yet)."""
        return self._last_norms

    # ---- mini-batches -----------------------------------------------------------------------
    def _epoch_order(self):
        """This epoch's order of the training samples: a permutation, or None for a full batch
        (the order cannot matter, so there is no shuffle)."""
        if self._epoch_cache[0] != self.epoch:
            n = len(self._X_rows)
            order = None if self.effective_batch_size >= n else \
                np.random.default_rng([self.seed, self.epoch]).permutation(n)
            self._epoch_cache = (self.epoch, order, None)
        return self._epoch_cache[1]

    def _epoch_data(self):
        """[X^T; 1^T] and Y^T with columns in this epoch's order, made by one gather of rows: the
        transpose of rows is F-ordered, so a batch is a contiguous block of columns."""
        order = self._epoch_order()
        if self._epoch_cache[2] is None:
            X, Y = (self._X_rows, self._Y_rows) if order is None else (self._X_rows[order], self._Y_rows[order])
            self._epoch_cache = (self.epoch, order, (X.T, Y.T))
        return self._epoch_cache[2]

    def _batch(self, start, end):
        """[X^T; 1^T] and Y^T of this epoch's samples start..end-1."""
        order = self._epoch_order()
        rows = slice(start, end) if order is None else order[start:end]
        return self._X_rows[rows].T, self._Y_rows[rows].T

    def _next_slice(self):
        n = len(self._X_rows)
        return self.position, min(self.position + self.batch_size, n)

    def peek_batch(self):
        """(X, Y) with samples as rows: the batch the next step will use."""
        X, Y = self._batch(*self._next_slice())
        return X[:self.network.sizes[0]].T.copy(), Y.T.copy()

    # ---- stepping ---------------------------------------------------------------------------
    def _steps(self, k):
        """Take k steps (no recording, no checks): the loop the speed of training depends on.

        Small batches are cut from a shuffled copy of the whole data made once per epoch. A
        large batch (GATHER_BYTES or more) is gathered at each step into a buffer that stays in
        the cache for the step's products, instead: copying the whole data set at once costs
        several times more per byte when it does not fit in the cache.
        """
        fast = self._fast
        gradient, update, finite = fast.gradient, self.optimizer.step, math.isfinite
        params, grad, b = self.network.params, fast.grad, self.batch_size
        regularise = self._regularise if (self._l1 or self._l2) else None
        gather = b * self._X_rows.shape[1] * self._X_rows.itemsize >= GATHER_BYTES
        X_rows, Y_rows, take = self._X_rows, self._Y_rows, np.take
        # the optimizer consumes the gradient buffer: its norms for the history are taken before the
        # update of the last step (at most one comparison per step)
        last = k - 1
        self._loss_finite = True
        while k:
            n, pos = len(X_rows), self.position
            todo = min(k, -(-(n - pos) // b))  # steps left in this epoch
            order = self._epoch_order() if gather else None
            if order is None:
                X, Y = self._epoch_data()
            for i in range(todo):
                end = pos + b if pos + b < n else n
                if order is None:
                    gradient(X[:, pos:end], Y[:, pos:end])
                else:
                    bx, by = self._buffers(end - pos)
                    take(X_rows, order[pos:end], 0, bx, "clip")
                    take(Y_rows, order[pos:end], 0, by, "clip")
                    gradient(bx.T, by.T)
                if not finite(fast.residual):  # the weights in force have no finite cost: stop before them
                    self._loss_finite, todo = False, i
                    break
                if regularise is not None:
                    regularise(grad)
                if i == last:
                    self._keep_grad_norms()
                update(params, grad)
                pos = end
            k -= todo
            last -= todo
            self.step_count += todo
            if pos == n:
                self.epoch, self.position = self.epoch + 1, 0
            else:
                self.position = pos
            if not self._loss_finite:
                return

    def _buffers(self, m):
        """Rows for a gathered batch of m samples: x (with its 1) and y."""
        buffers = self._batch_buffers.get(m)
        if buffers is None:
            buffers = self._batch_buffers[m] = (np.empty((m, self._X_rows.shape[1])),
                                                np.empty((m, self._Y_rows.shape[1])))
        return buffers

    def _step(self):
        self._steps(1)

    def _regularise(self, grad):
        """Add the gradient of (l2/2)·Σ W² + l1·Σ |W| (weights only, not biases)."""
        if self._l2:
            np.multiply(self.network.params, self._weight_mask, out=self._tmp)
            self._tmp *= self._l2
            grad += self._tmp
        if self._l1:
            np.sign(self.network.params, out=self._tmp)
            self._tmp *= self._weight_mask
            self._tmp *= self._l1
            grad += self._tmp

    def gradient_for_next_step(self):
        """The flat gradient (regularisation included) the next step will apply, without taking it."""
        self._fast.gradient(*self._batch(*self._next_slice()))
        grad = self._fast.grad.copy()
        self._regularise(grad)
        return grad

    def _state(self):
        return (self.network.params.copy(), self.optimizer.state_dict(), self.step_count, self.epoch, self.position)

    def _restore(self, state):
        params, opt, self.step_count, self.epoch, self.position = state
        self.network.params[:] = params
        self.optimizer.load_state_dict(opt, params.size)

    def _advance(self, n, check_end=True):
        """Take n steps, recording history when due. Returns (steps taken, all finite?): False as
        soon as a step finds the cost of the weights in force infinite or NaN, or a row due has an
        infinite loss or weight; at the end, the weights and (unless `check_end` is False) their loss."""
        done = 0
        while done < n:
            due = self.history.next_due(self.step_count + 1)
            chunk = min(n - done, due - self.step_count)
            before = self.step_count
            self._steps(chunk)
            done += self.step_count - before
            if not self._loss_finite:
                return done, False
            if self.step_count == due and not self._record_now():
                return done, False
        return done, _finite(self.network.params) and (not check_end or self._next_cost_is_finite())

    def _next_cost_is_finite(self):
        """Whether the weights now have a finite cost on the next step's mini-batch: the check each step
        makes of the weights in force, made for the weights a run ends on (one forward pass of a batch,
        not an evaluation of the loss curves' thousands of samples). The epoch's cached order is left
        as it was: a seed or batch size changed before the next run still applies to it."""
        cache = self._epoch_cache
        try:
            return self._fast.cost_is_finite(*self._batch(*self._next_slice()))
        finally:
            self._epoch_cache = cache

    def run_to(self, step):
        """Step until the step count is `step` (a learner stops at step 20 to compare with the
        question's table); nothing is taken when it is already there or past it."""
        step = check_int("step", step, 0, 10**12)
        result = self.run(max(0, step - self.step_count))
        result.reached = self.step_count == step
        return result

    def goal_loss_name(self):
        """Which loss run_until watches: the test loss, or the training loss when there is no test data."""
        return "test" if len(self.data.X_test) else "train"

    def run_until(self, loss, max_steps):
        """Step until the test loss (the training loss without test data: see goal_loss_name) is at
        most `loss`, looking after every step, or until max_steps have been taken.
        RunResult.reached says whether the loss got there."""
        loss = check_float("target loss", loss, 0.0, 1e300)
        max_steps = check_int("steps", max_steps, 0, 10**12)
        column = 1 if self.goal_loss_name() == "test" else 0
        done, before = 0, None
        while True:
            with np.errstate(all="ignore"):
                costs = self.losses()
            if before is not None and not np.isfinite(costs[0]):  # the step just taken diverged
                self._restore(before)
                return RunResult(done - 1, True, self._diverged_message())
            if costs[column] <= loss:
                return RunResult(done, reached=True)
            if done == max_steps:
                return RunResult(done)
            before = self._state()
            result = self._run(1, check_end=False)  # the loss is looked at above, once per step
            done += result.steps
            if result.diverged or result.at_limit:
                result.steps = done
                return result

    def run(self, n=1):
        """Take n steps. Stops early, keeping the last weights whose loss is finite, if training diverges."""
        return self._run(n)

    def _run(self, n, check_end=True):
        n = check_int("steps", n, 0, 10**12)
        if n == 0:
            return RunResult(0)
        allowed = min(n, MAX_STEPS - self.step_count)
        if allowed < n:
            result = self._run(allowed, check_end) if allowed else RunResult(0)
            if not result.diverged:
                result.at_limit = True
                result.message = (f"training stopped at step {self.step_count:,}: a run counts at most "
                                  f"{MAX_STEPS:,} steps. Reset to start again from step 0.")
            return result
        self.diverged = False
        start = self._state()
        with np.errstate(all="ignore"):
            done, ok = self._advance(n, check_end)
            if ok:
                return RunResult(done)
            # Something became non-finite: go back and replay one step at a time to find the last good
            # state. The same checks as _advance (the batch's cost and the weights every step, the loss
            # when a row is due, and at the end), so the replay stops where the run went wrong at no
            # more cost than the run itself. A step that finds the cost of the weights in force not
            # finite takes nothing: those weights are bad, and the state before the step that made
            # them is the last good one.
            self._restore(start)
            states = [self._state()]  # the state before the last step taken, and now
            for _ in range(done):
                before = states[-1]
                self._step()
                if not self._loss_finite:
                    self._restore(states[0])
                    break
                due = self.step_count == self.history.next_due(self.step_count)
                if not _finite(self.network.params) or (due and not self._record_now()):
                    self._restore(before)
                    break
                states = [before, self._state()]
            else:
                # every step taken passed its checks: what failed was the next step's cost or the loss
                # at the end, both of the weights now, so the good ones are those before the last step
                self._restore(states[0])
            good = self.step_count - start[2]
        self.diverged = True
        return RunResult(good, True, self._diverged_message())

    def _diverged_message(self):
        self.diverged = True
        return (f"training diverged at step {self.step_count + 1}: the loss or a weight became infinite or "
                f"NaN. The weights are those of step {self.step_count}. Try a smaller learning rate "
                f"(now {self.lr:g}).")
