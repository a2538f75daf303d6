"""Update rules. Each works on the flat parameter vector θ and its gradient g in place.

    sgd       θ ← θ − η g                                       (the seed's update)
    momentum  v ← μ v − η g;  θ ← θ + v
    adam      t ← t+1;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²
              θ ← θ − η m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)

State (velocity, moments, t) is plain numbers so a session file can hold it and
resuming is bit-for-bit the same as never stopping.

Every setting checks what it is given (`opt.momentum = 1.5` raises BadInput, naming it as a learner
knows it: "momentum μ must be at least 0 and below 1"), so the window, the CLI and a notebook share
the rules. Each optimizer describes itself with a class attribute `description`
(core.notation.Description): the name shown to learners (`label`: "Adam"), its update (`formula`,
`formula_html`) and its settings' names (`settings`); `describe(name)` returns it. Adding an
optimizer is one class here and one entry in CLASSES.
"""
import numpy as np

from .datasets import _short
from .errors import BadInput
from .notation import Description

MAX_ADAM_STEPS = 2**53  # beyond this t is not exact as a float and β^t cannot be computed
# How each setting is named to a learner (messages, fields): one place for all optimizers.
SETTING_LABELS = {"lr": "learning rate η", "momentum": "momentum μ", "beta1": "Adam's β₁",
                  "beta2": "Adam's β₂", "eps": "Adam's ε"}


def describe_setting(key):
    """The learner's name of an optimizer setting: 'momentum μ' for 'momentum'."""
    return SETTING_LABELS.get(key, key)


class Setting:
    """An optimizer setting that checks every value given to it (BadInput) before keeping it."""

    def __init__(self, check):
        self.check = check

    def __set_name__(self, owner, name):
        self.key, self.slot = name, "_" + name

    def __get__(self, optimizer, owner=None):
        return self if optimizer is None else getattr(optimizer, self.slot)

    def __set__(self, optimizer, value):
        setattr(optimizer, self.slot, self.check(describe_setting(self.key), value))


def check_positive(what, value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise BadInput(f"{what} must be a number, got {_short(value)}") from None
    except OverflowError:  # a whole number with hundreds of digits, as typed
        raise BadInput(f"{what} must be a finite number; this one is far too large") from None
    if not (np.isfinite(value) and value > 0):
        raise BadInput(f"{what} must be a positive finite number, got {value}")
    return value


def check_fraction(what, value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise BadInput(f"{what} must be a number, got {_short(value)}") from None
    except OverflowError:  # a whole number with hundreds of digits, as typed
        raise BadInput(f"{what} must be a finite number; this one is far too large") from None
    if not 0.0 <= value < 1.0:
        raise BadInput(f"{what} must be at least 0 and below 1, got {value}")
    return value


class Optimizer:
    description = None  # a Description, set by each optimizer
    hyper = ()  # keys of its settings besides lr, in the order a session file lists them
    lr = Setting(check_positive)

    def __init__(self, lr):
        self.lr = lr

    @property
    def name(self):
        return self.description.name

    @property
    def formula(self):
        return self.description.formula

    def step(self, params, grad):
        raise NotImplementedError

    def preview(self, params, grad):
        """θ after one step, without changing θ or the optimizer's state (for the equation view)."""
        state = self.state_dict()
        new = params.copy()
        self.step(new, grad.copy())
        self.load_state_dict(state, params.size)
        return new

    def reset(self):
        """Forget the state (after the architecture changed)."""

    def state_dict(self):
        return {}

    def load_state_dict(self, state, n_params):
        pass

    def settings(self):
        return {"name": self.name, "lr": self.lr, **{h: getattr(self, h) for h in self.hyper}}


class SGD(Optimizer):
    description = Description("sgd", "SGD", "W ← W − η ∂C/∂W", "W ← W − η ∂C/∂W")

    def step(self, params, grad):
        grad *= self.lr
        params -= grad


class Momentum(Optimizer):
    description = Description("momentum", "momentum", "V ← μV − η ∂C/∂W;  W ← W + V",
                              "V ← μV − η ∂C/∂W; &nbsp;W ← W + V", settings=(("momentum", "μ"),))
    hyper = ("momentum",)
    momentum = Setting(check_fraction)

    def __init__(self, lr, momentum=0.9):
        super().__init__(lr)
        self.momentum = momentum
        self.velocity = None

    def step(self, params, grad):
        if self.velocity is None or self.velocity.shape != params.shape:
            self.velocity = np.zeros_like(params)
        self.velocity *= self.momentum
        grad *= self.lr
        self.velocity -= grad
        params += self.velocity

    def reset(self):
        self.velocity = None

    def state_dict(self):
        return {"velocity": None if self.velocity is None else self.velocity.copy()}

    def load_state_dict(self, state, n_params):
        self.velocity = _vector_or_none(state.get("velocity"), n_params, "momentum velocity")


class Adam(Optimizer):
    description = Description(
        "adam", "Adam", "M ← β₁M + (1−β₁)G;  V ← β₂V + (1−β₂)G²;  W ← W − η M̂/(√V̂ + ε),  G = ∂C/∂W",
        "M ← β<sub>1</sub>M + (1 − β<sub>1</sub>)G; &nbsp;V ← β<sub>2</sub>V + (1 − β<sub>2</sub>)G<sup>2</sup>; "
        "&nbsp;W ← W − η M̂/(√V̂ + ε), &nbsp;G = ∂C/∂W",
        settings=(("beta1", "β₁"), ("beta2", "β₂"), ("eps", "ε")))
    hyper = ("beta1", "beta2", "eps")
    beta1 = Setting(check_fraction)
    beta2 = Setting(check_fraction)
    eps = Setting(check_positive)

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.reset()

    def step(self, params, grad):
        if self.m is None or self.m.shape != params.shape:
            self.m, self.v, self._tmp = np.zeros_like(params), np.zeros_like(params), np.empty_like(params)
        m, v, tmp = self.m, self.v, self._tmp
        beta1, beta2 = self.beta1, self.beta2  # each a checked setting: read once a step
        self.t += 1
        m *= beta1
        np.multiply(grad, 1.0 - beta1, out=tmp)
        m += tmp
        v *= beta2
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - beta2
        v += tmp
        # θ −= η m̂ / (√v̂ + ε) with the bias corrections folded into two scalars
        np.sqrt(v, out=tmp)
        tmp *= 1.0 / np.sqrt(1.0 - beta2 ** self.t)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr / (1.0 - beta1 ** self.t)
        params -= tmp

    def reset(self):
        self.t, self.m, self.v, self._tmp = 0, None, None, None

    def state_dict(self):
        return {"t": self.t,
                "m": None if self.m is None else self.m.copy(),
                "v": None if self.v is None else self.v.copy()}

    def load_state_dict(self, state, n_params):
        t = state.get("t", 0)
        if not isinstance(t, int) or isinstance(t, bool) or not 0 <= t <= MAX_ADAM_STEPS:
            raise BadInput(f"adam step count t must be a whole number from 0 to {MAX_ADAM_STEPS}")
        m = _vector_or_none(state.get("m"), n_params, "adam m")
        v = _vector_or_none(state.get("v"), n_params, "adam v")
        if (m is None) != (v is None):
            raise BadInput("adam state needs both m and v, or neither")
        if v is not None and np.any(v < 0):
            raise BadInput("adam v must not be negative")
        self.t, self.m, self.v = t, m, v
        self._tmp = None if m is None else np.empty_like(m)


CLASSES = {cls.description.name: cls for cls in (SGD, Momentum, Adam)}
NAMES = tuple(CLASSES)


def describe(name):
    """How the optimizer `name` is shown to learners: label, update formula (plain and HTML), settings."""
    if name not in CLASSES:
        raise BadInput(f"unknown optimizer {name!r}; choose one of {', '.join(NAMES)}")
    return CLASSES[name].description


def make(name, lr, **hyper):
    cls = CLASSES[describe(name).name]
    unknown = set(hyper) - set(cls.hyper)
    if unknown:
        raise BadInput(f"the {cls.description.label} optimizer has no setting {', '.join(sorted(unknown))}")
    return cls(lr, **hyper)


def _vector_or_none(value, n, what):
    if value is None:
        return None
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise BadInput(f"{what} must be a list of finite numbers") from None
    if arr.shape != (n,):
        raise BadInput(f"{what} must have {n} entries, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise BadInput(f"{what} holds a value that is not a finite number")
    return arr
