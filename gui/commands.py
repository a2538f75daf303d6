"""Undoable edits. Each keeps the network before and after, so Undo restores it exactly, weights included."""
from PySide6.QtGui import QUndoCommand

EDIT_WEIGHT_ID = 1001  # consecutive edits of the same weight merge into one undo step


class ReplaceNetworkCommand(QUndoCommand):
    """Install `after` (redo) or `before` (undo) as the controller's network."""

    def __init__(self, controller, before, after, text, parameter=None):
        super().__init__(text)
        self.controller = controller
        self.before, self.after = before.copy(), after.copy()
        self.parameter = parameter  # flat index of the one weight this edit changed, for merging

    def redo(self):
        self.controller._install_network(self.after.copy())

    def undo(self):
        self.controller._install_network(self.before.copy())

    def id(self):
        return EDIT_WEIGHT_ID if self.parameter is not None else -1

    def mergeWith(self, other):
        if other.parameter != self.parameter or not self.after.same_architecture(other.after):
            return False
        self.after = other.after.copy()
        return True
