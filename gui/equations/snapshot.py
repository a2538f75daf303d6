"""What one rendering of the equation page reads: a Snapshot of the trainer and the next step, and the
view's Options (mode, step-through phase, selection, width). No Qt."""
from dataclasses import dataclass, field

import numpy as np

from core.preview import preview


@dataclass
class Snapshot:
    """Everything one rendering needs: the network, the trainer's settings and the next step.

    Gathered once (from a Trainer, or from the controller's cached NextStep) so rendering reads
    plain arrays and never changes the model."""
    network: object  # core.Network (read only: traced again for one sample)
    loss: str
    optimizer: str
    lr: float
    hyper: dict  # momentum / beta1, beta2, eps
    opt_state: dict  # velocity / t, m, v before the step
    l1: float
    l2: float
    step: int  # steps taken so far; the view shows step `step + 1`
    params: np.ndarray  # θ before the step (flat, like net.params)
    X: np.ndarray  # the batch, samples as rows
    Y: np.ndarray
    trace: object  # core.network.StepTrace of the batch
    grad: np.ndarray  # flat gradient the optimizer applies (regularisation included)
    new_params: np.ndarray  # θ after the step
    features: tuple = ()  # the input features A⁰ holds (core.features names); () for the inputs themselves
    _sample_trace: object = field(default=None, repr=False)

    @classmethod
    def from_trainer(cls, trainer, next_step=None):
        """next_step: the controller's cached core.preview.NextStep, else previewed here."""
        net = trainer.network
        nxt = next_step if next_step is not None else preview(trainer)
        X, Y, trace, grad, new_params = nxt.X, nxt.Y, nxt.trace, nxt.grad, nxt.new_params
        settings = trainer.optimizer.settings()
        name, lr = settings.pop("name"), settings.pop("lr")
        return cls(net, trainer.loss, name, lr, settings, trainer.optimizer.state_dict(), trainer.l1, trainer.l2,
                   trainer.step_count, net.params.copy(), X, Y, trace, grad, new_params,
                   features=tuple(trainer.data.features))

    # ---- the layout of the flat parameter vector (see core.network: rows of [W^l | b^l]) --------
    @property
    def L(self):
        return len(self.network.sizes) - 1

    def index(self, kind, l, j, k=0):
        """Position in the flat parameters of W^l_jk (kind "W") or b^l_j (kind "b"); l from 1."""
        return self.network.parameter_index(kind, l, j, k)

    def locate(self, index):
        """(kind, l, j, k) of a flat index: ("W", l, j, k) or ("b", l, j, None); None if out of range."""
        if index is None or not 0 <= index < self.network.n_params:
            return None
        kind, l, j, k = self.network.locate(index)
        return (kind, l, j, k if kind == "W" else None)

    def split(self, flat):
        """A flat vector laid out like params → [(W^l, b^l or None)] for l = 1..L."""
        return self.network.split(flat)

    @property
    def sample_trace(self):
        """The trace of the batch's first sample alone (m = 1): the one-sample view."""
        if self._sample_trace is None:
            self._sample_trace = self.network.trace(self.X[:1], self.Y[:1], self.loss)
        return self._sample_trace

    @property
    def m(self):
        return self.trace.A0.shape[1]

    def is_seed_scalar(self):
        """The question's own network: 1 → 1, linear, no bias, squared error, plain SGD, one sample."""
        return self._plain_scalar_chain() and self.L == 1

    def is_seed_chain(self):
        """The question's extension 1 → 1 → 1 with the same restrictions."""
        return self._plain_scalar_chain() and self.L == 2

    def _plain_scalar_chain(self):
        net = self.network
        return (all(n == 1 for n in net.sizes) and all(a == "linear" for a in net.activations)
                and not any(net.bias) and self.loss == "mse" and self.optimizer == "sgd"
                and not self.l1 and not self.l2 and self.m == 1)


@dataclass
class Options:
    mode: str = "batch"  # "batch": A is n × m; "sample": the first sample as column vectors
    phase: int | None = None  # step-through: index into phases(L); show up to it, highlight it
    selected: int | None = None  # flat parameter index
    width: float = 80.0  # room for an equation row, in widths of a digit
    digit_px: float = 8.0  # the width of a digit in pixels, to line up the "=" of successive lines
    colors: dict = field(default_factory=dict)
    quiz: bool = False  # Quiz me: entries link to "blank:kind:l:i:j", the scalar walk-throughs are left out
    hidden: frozenset = frozenset()  # the quiz's open blanks as shown ("-363.54", "(4×2)"): drawn as "?"
