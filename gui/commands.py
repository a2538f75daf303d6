"""Undoable edits.

A typed weight is undone alone: the rest of the network keeps whatever training did since.
A change of the network as a whole (architecture, activation, bias, imported weights) keeps the
network before and after, and where the run stood (step, epoch, optimizer state, history), so
Undo returns to exactly that network at exactly that point of the run, and Redo to the edit's.
"""
from PySide6.QtGui import QUndoCommand

EDIT_WEIGHT_ID = 1001  # consecutive edits of the same weight merge into one undo step
HISTORY_COPY_LIMIT = 2 ** 20  # history values (rows × parameters) an undo step may keep a copy of


def _run_state(trainer):
    history = trainer.history
    return trainer.run_state(with_history=history.count * history.n_params <= HISTORY_COPY_LIMIT)


class ReplaceNetworkCommand(QUndoCommand):
    """Install `after` (redo) or `before` (undo) as the controller's network, with its point of the run."""

    def __init__(self, controller, before, after, text):
        super().__init__(text)
        self.controller = controller
        self.before, self.after = before.copy(), after.copy()
        self.before_run = _run_state(controller.trainer)
        self.after_run = None  # known once the edit has been done

    def redo(self):
        self.controller._install_network(self.after.copy(), self.after_run)
        if self.after_run is None:
            self.after_run = _run_state(self.controller.trainer)

    def undo(self):
        self.controller._install_network(self.before.copy(), self.before_run)


class SetParameterCommand(QUndoCommand):
    """Set one parameter (flat index into net.params) to a typed value; undo puts its old value back."""

    def __init__(self, controller, index, old, new, text):
        super().__init__(text)
        self.controller, self.index, self.old, self.new = controller, index, old, new

    def redo(self):
        self.controller._set_parameter_value(self.index, self.new)

    def undo(self):
        self.controller._set_parameter_value(self.index, self.old)

    def id(self):
        return EDIT_WEIGHT_ID

    def mergeWith(self, other):
        if other.index != self.index:
            return False
        self.new = other.new
        return True
