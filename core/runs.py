"""Putting a run aside and bringing it back: what undo keeps of a run that a change replaces.

A change that starts a new run (Reset, new data, another architecture) or continues one from other
weights (imported weights) replaces the Trainer. `set_aside(trainer)` keeps what is needed to bring
that run back exactly — the network, the data, the optimizer with its state, the point of the run
and the rows of the history in use (never its preallocated buffer) — and `bring_back(saved, like)`
makes a Trainer of it again, with the settings of `like`. Continuing after bring_back is the same,
bit for bit, as never having left the run (the shuffle of an epoch depends on the seed and the
epoch only).

Memory: the parameters and the optimizer's state once, and the history's rows in use.

    saved = set_aside(trainer)           # the trainer is replaced after this: its parts now belong to `saved`
    trainer = bring_back(saved, like=other_trainer)
"""
from dataclasses import dataclass

from . import optimizers
from .switching import trainer_like


@dataclass(frozen=True)
class SavedRun:
    network: object  # core.Network, with the weights of the run's point
    data: object  # core.datasets.Dataset
    optimizer: object  # core.optimizers.Optimizer, with its state (velocity, Adam's t, m, v)
    step: int
    epoch: int
    position: int  # in the epoch's order of the training samples
    history: tuple | None  # the rows in use, as History.restore takes them (see _rows)

    @property
    def nbytes(self):
        """What keeping this run costs beyond the objects it shares: the history rows and the parameters."""
        if self.history is None:
            return self.network.params.nbytes
        steps, train, test, params, _, accuracies, grad_norms = self.history
        rows = sum(a.nbytes for a in (steps, train, test, params, *accuracies, grad_norms))
        return rows + self.network.params.nbytes


    def arrays(self):
        """Every array this run keeps alive (some may be shared with other runs: count each once)."""
        rows = ()
        if self.history is not None:
            steps, train, test, params, _, accuracies, grad_norms = self.history
            rows = (steps, train, test, params, *accuracies, grad_norms)
        return (self.network.params, *object_arrays(self.optimizer), *dataset_arrays(self.data), *rows)


def object_arrays(obj):
    """The arrays among an object's attributes (an optimizer's state: velocity, Adam's m and v)."""
    return tuple(v for v in vars(obj).values() if hasattr(v, "nbytes"))


def dataset_arrays(data):
    """The arrays of a Dataset: inputs and targets, train and test, and the raw points under features."""
    return tuple(a for a in (data.X_train, data.Y_train, data.X_test, data.Y_test, data.X_train_raw,
                             data.X_test_raw) if a is not None)


def _rows(h, copy):
    """The history's rows in use as History.restore takes them: steps, losses, parameters, stride, and
    the accuracies and gradient norms (without them an undone change would bring its run back with
    no accuracy curve and no gradient flow)."""
    take = (lambda a: a.copy()) if copy else (lambda a: a)
    return (take(h.steps), take(h.train_loss), take(h.test_loss), take(h.params), h.stride,
            (take(h.train_accuracy), take(h.test_accuracy)), take(h.grad_norms))


def set_aside(trainer):
    """A SavedRun of `trainer` as it stands. It takes the trainer's network and optimizer (not copies):
    the trainer must be replaced, not trained further."""
    h = trainer.history
    rows = _rows(h, copy=True) if h.count else None
    return SavedRun(trainer.network, trainer.data, trainer.optimizer, trainer.step_count, trainer.epoch,
                    trainer.position, rows)


def bring_back(saved, like):
    """A Trainer at the point of the run `saved`, with every setting of `like` but the optimizer, which
    comes back with its state (its settings are those it had when the run was set aside)."""
    trainer = trainer_like(like, saved.network, saved.data)
    trainer.optimizer = saved.optimizer
    trainer.resume(saved.step, saved.epoch, saved.position, saved.history)
    return trainer


def copy_optimizer(optimizer, n_params):
    """An independent optimizer with the same settings and state."""
    settings = optimizer.settings()
    twin = optimizers.make(settings.pop("name"), **settings)
    twin.load_state_dict(optimizer.state_dict(), n_params)
    return twin


def continued(trainer, network):
    """A Trainer that goes on with `trainer`'s run (step, position, optimizer state, history) from the
    weights of `network`, which has the same architecture (e.g. imported weights). `trainer` is left as it is."""
    h = trainer.history
    rows = _rows(h, copy=False) if h.count else None
    saved = SavedRun(network, trainer.data, copy_optimizer(trainer.optimizer, network.n_params),
                     trainer.step_count, trainer.epoch, trainer.position, rows)
    twin = bring_back(saved, like=trainer)
    twin.set_network(network)  # the newest row of the history described the old weights
    return twin
