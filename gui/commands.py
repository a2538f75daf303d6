"""Undoable changes: every change of the session goes through the controller's undo stack.

Each command's text says what it undoes ("learning rate 0.5" shows as "Undo learning rate 0.5").
Three kinds, each keeping only what its change replaced:

- SetParameterCommand: one typed weight or bias (two floats). It is undone alone: the rest of the
  network keeps whatever training did since.
- SettingCommand: one setting (learning rate, batch size, optimizer, μ, cost, λ₁, λ₂, seed): the
  value before and after. Consecutive changes of the same setting merge into one undo step, but
  for the optimizer, which comes back with its state (velocity, Adam's moments).
- ReplaceRunCommand: a change that replaces the run — Reset, new or imported data, a change of the
  network's architecture, imported weights. It keeps the run not shown as a core.runs.SavedRun
  (the network, the data, the optimizer with its state, the point of the run and the history's rows
  in use), so Undo returns to exactly that network at exactly that point of the run, and Redo to the
  change's. Consecutive changes of the same data setting merge too.

All derive from Command, which can copy itself into a rebuilt stack without being applied again
(gui/undo_budget.py drops the oldest steps when the stack holds too much) and says what it keeps.
"""
from PySide6.QtGui import QUndoCommand

from core.runs import bring_back, object_arrays, set_aside

EDIT_WEIGHT_ID = 1001  # consecutive edits of the same weight merge into one undo step
SETTING_IDS = {key: 2000 + i for i, key in enumerate(("lr", "batch_size", "momentum", "loss", "l1", "l2", "seed"))}
DATA_IDS = {key: 3000 + i for i, key in enumerate(("generator", "samples", "noise", "test_fraction", "seed"))}


class Command(QUndoCommand):
    """An undoable change: subclasses define apply(), revert() and, to merge, merge(other).

    While Command.replaying is set (a stack being rebuilt from copies of its newest commands), push,
    undo and setIndex change nothing: the copies are already in the state they describe."""
    replaying = False

    def redo(self):
        if not Command.replaying:
            self.apply()

    def undo(self):
        if not Command.replaying:
            self.revert()

    def mergeWith(self, other):
        return not Command.replaying and self.merge(other)

    def merge(self, other):
        return False

    def copy(self):
        """A new command with the same text and state (a stack's commands cannot move to another)."""
        twin = type(self).__new__(type(self))
        QUndoCommand.__init__(twin, self.text())
        twin.__dict__.update(self.__dict__)
        return twin

    def kept_arrays(self):
        """The arrays this command keeps alive that the current run may not share: what undo costs."""
        return ()


class SetParameterCommand(Command):
    """Set one parameter (flat index into net.params) to a typed value; undo puts its old value back."""

    def __init__(self, controller, index, old, new, text):
        super().__init__(text)
        self.controller, self.index, self.old, self.new = controller, index, old, new

    def apply(self):
        self.controller._set_parameter_value(self.index, self.new)

    def revert(self):
        self.controller._set_parameter_value(self.index, self.old)

    def id(self):
        return EDIT_WEIGHT_ID

    def merge(self, other):
        if other.index != self.index:
            return False
        self.new = other.new
        return True


class SettingCommand(Command):
    """Setting `key` (see SETTING_IDS) from `old` to `new`; the controller applies a value with
    `_apply_setting(key, value)`. Values are what the setting holds (a number, a name, for the
    optimizer the Optimizer object itself with its state), so undo restores it exactly."""

    def __init__(self, controller, key, old, new, text):
        super().__init__(text)
        self.controller, self.key, self.old, self.new = controller, key, old, new

    def apply(self):
        self.controller._apply_setting(self.key, self.new)

    def revert(self):
        self.controller._apply_setting(self.key, self.old)

    def id(self):
        # a switch of optimizer is not merged: undoing it brings back the old one with its state
        return -1 if self.key == "optimizer" else SETTING_IDS[self.key]

    def kept_arrays(self):
        if self.key != "optimizer":
            return ()
        return object_arrays(self.old) + object_arrays(self.new)  # each with its state

    def merge(self, other):
        if other.key != self.key:
            return False
        self.new = other.new
        self.setText(other.text())
        if self.new == self.old:
            self.setObsolete(True)  # back where it started: nothing left to undo
        return True


class ReplaceRunCommand(Command):
    """Install the Trainer `after` (a new run, or the old one going on from new weights). The run not
    installed is kept set aside (core.runs), and undo and redo swap it with the installed one.
    `merge_key`: changes of the same data setting, one after the other, are one undo step."""

    def __init__(self, controller, after, text, merge_key=None):
        super().__init__(text)
        self.controller = controller
        self.merge_key = merge_key
        self._new = after  # installed by the first redo
        self.saved = None  # the run not installed: before the change after redo, after it after undo

    def kept_arrays(self):
        return self.saved.arrays() if self.saved is not None else ()

    def _swap(self):
        c = self.controller
        other = set_aside(c.trainer)
        c._install_trainer(bring_back(self.saved, like=c.trainer))
        self.saved = other

    def apply(self):
        if self._new is not None:
            c = self.controller
            self.saved = set_aside(c.trainer)
            c._install_trainer(self._new)
            self._new = None
        else:
            self._swap()

    def revert(self):
        self._swap()

    def id(self):
        return DATA_IDS.get(self.merge_key, -1)

    def merge(self, other):
        if other.merge_key != self.merge_key:
            return False
        self.setText(other.text())  # the run before the first change stays set aside; the ones between go
        return True
