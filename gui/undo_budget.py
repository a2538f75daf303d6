"""A bound on what the undo stack keeps.

The stack holds at most UNDO_STEPS steps (QUndoStack.setUndoLimit), and the arrays its steps keep
alive — runs set aside with their history rows, data sets, optimizers with their state — within
UNDO_BYTES: past the budget the oldest steps are dropped, never the newest one nor a step that Redo
still needs. An array shared by several steps (the data of consecutive edits of the network) or by
the run shown counts once, or not at all.

QUndoStack can only drop its oldest commands through its undo limit, which cannot change while it
holds commands; so the stack is rebuilt from copies of the steps it keeps, pushed while
Command.replaying is set (nothing is applied again), and its index is put back.
"""
from PySide6.QtCore import QTimer

from core.runs import dataset_arrays, object_arrays

from .commands import Command

UNDO_STEPS = 500
UNDO_BYTES = 256 * 1024 * 1024


def current_arrays(trainer):
    """The arrays of the run shown: not kept for undo's sake."""
    return (trainer.network.params, *object_arrays(trainer.optimizer), *dataset_arrays(trainer.data))


def step_bytes(stack, shown=()):
    """What each step of the stack keeps, oldest first; a shared array counts for the newest step
    that keeps it, an array of the run shown (`shown`) for none."""
    seen = {id(a) for a in shown}
    sizes = []
    for i in reversed(range(stack.count())):
        size = 0
        for a in stack.command(i).kept_arrays():
            if id(a) not in seen:
                seen.add(id(a))
                size += a.nbytes
        sizes.append(size)
    return sizes[::-1]


def keep_within_budget(stack, shown=(), budget=UNDO_BYTES):
    """Drop the oldest steps until the rest keep at most `budget` bytes (the newest always stays).
    Returns how many were dropped."""
    sizes = step_bytes(stack, shown)
    if sum(sizes) <= budget:
        return 0
    total, first = 0, len(sizes)
    while first > 0 and (first == len(sizes) or total + sizes[first - 1] <= budget):
        first -= 1
        total += sizes[first]
    index = stack.index()
    first = min(first, index)  # the steps above the index are undone ones that Redo replays in order
    if first == 0:
        return 0
    copies = [stack.command(i).copy() for i in range(first, stack.count())]
    Command.replaying = True
    try:
        stack.clear()
        for command in copies:
            stack.push(command)
        stack.setIndex(index - first)
    finally:
        Command.replaying = False
    return first


class UndoBudget:
    """Mixed into SessionController (which sets `undo_bytes` and connects the stack's indexChanged to
    `_check_undo_budget_soon`): after each change of the stack, the budget is kept."""

    def _check_undo_budget_soon(self):
        # not from inside the stack's own push: the stack may be rebuilt
        if not self._budget_check_due and not Command.replaying:
            self._budget_check_due = True
            QTimer.singleShot(0, self.keep_undo_within_budget)

    def keep_undo_within_budget(self):
        """Drop the oldest undo steps while the stack keeps more than `undo_bytes`. Returns how many went."""
        self._budget_check_due = False
        return keep_within_budget(self.undo_stack, current_arrays(self.trainer), self.undo_bytes)
