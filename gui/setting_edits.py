"""The trainer's settings as undoable edits: learning rate, batch size, optimizer and μ, cost, λ₁, λ₂, seed.

SettingEdits is a part of SessionController (gui/controller.py): each `set_…` asks the trainer to
take the value (its setters check it: BadInput changes nothing), then pushes a SettingCommand
named after the setting and its new value ("learning rate 0.5"), so Edit › Undo says what it
undoes. Settings take effect at the next step, without a reset. A new setting is one entry in
SETTINGS (how to read it from a Trainer and put a value back) and one `set_…` method.
"""
from core import losses, optimizers

from .commands import SettingCommand


class SettingEdits:
    """Mixed into SessionController, which provides `trainer`, `undo_stack` and `_changed()`."""

    def _apply_setting(self, key, value):
        """Called by undo commands only: put `value` into setting `key` (see SETTINGS)."""
        SETTINGS[key][1](self.trainer, value)
        self._changed()

    def _change_setting(self, key, change, label):
        """Make `change(trainer)` (which checks the value: BadInput changes nothing) an undoable step
        named after the setting and its new value: "learning rate 0.5"."""
        read = SETTINGS[key][0]
        old = read(self.trainer)
        change(self.trainer)
        new = read(self.trainer)
        if key == "optimizer" or new != old:
            shown = optimizers.describe(new.name).label if key == "optimizer" else \
                losses.describe(new).label if key == "loss" else new[0] if key == "seed" else new
            shown = f"{shown:g}" if isinstance(shown, float) else shown
            self.undo_stack.push(SettingCommand(self, key, old, new, f"{label} {shown}"))

    def set_lr(self, value):
        self._change_setting("lr", lambda t: setattr(t, "lr", value), "learning rate")

    def set_batch_size(self, value):
        self._change_setting("batch_size", lambda t: setattr(t, "batch_size", value), "batch size")

    def set_optimizer(self, name, **settings):
        self._change_setting("optimizer", lambda t: t.set_optimizer(name, **settings), "optimizer")

    def set_loss(self, name):
        self._change_setting("loss", lambda t: setattr(t, "loss", name), "cost")

    def set_momentum(self, value):
        """Change μ of the momentum optimizer, keeping its velocity (no restart)."""
        self._change_setting("momentum", lambda t: t.set_optimizer_setting("momentum", value), "momentum μ")

    def set_regularisation(self, l1=None, l2=None):
        if l1 is not None:
            self._change_setting("l1", lambda t: setattr(t, "l1", l1), "L1 λ₁")
        if l2 is not None:
            self._change_setting("l2", lambda t: setattr(t, "l2", l2), "L2 λ₂")

    def set_seed(self, seed):
        """The seed for initial weights (used at the next Reset) and for shuffling (from the next epoch)."""
        self._change_setting("seed", lambda t: t.set_seed(seed), "seed")


# setting → (read it from a Trainer, put a value read so back); see SettingCommand
SETTINGS = {
    "lr": (lambda t: t.lr, lambda t, v: setattr(t, "lr", v)),
    "batch_size": (lambda t: t.batch_size, lambda t, v: setattr(t, "batch_size", v)),
    "optimizer": (lambda t: t.optimizer, lambda t, v: setattr(t, "optimizer", v)),
    "momentum": (lambda t: t.optimizer.momentum, lambda t, v: setattr(t.optimizer, "momentum", v)),
    "loss": (lambda t: t.loss, lambda t, v: setattr(t, "loss", v)),
    "l1": (lambda t: t.l1, lambda t, v: setattr(t, "l1", v)),
    "l2": (lambda t: t.l2, lambda t, v: setattr(t, "l2", v)),
    "seed": (lambda t: (t.seed, t.network.seed), lambda t, v: (setattr(t, "seed", v[0]), setattr(t.network, "seed", v[1]))),
}
