"""Train ▸ Run to step N… and Run until test loss ≤ x…: play at the chosen speed and stop exactly there
(a learner stops at step 20 to compare with the question's table)."""
from PySide6.QtWidgets import QInputDialog

from core.errors import BadInput

from .dialogs import show_error


def ask_run_to_step(window):
    c = window.controller
    now = c.trainer.step_count
    step, ok = QInputDialog.getInt(window, "Run to step", f"Play until step (now {now:,}):",
                                   max(20, now + 1) if now < 20 else now + 100, now + 1, 2**31 - 1, 1)
    if ok:
        _start(window, c.run_to_step, step)


def ask_run_until_loss(window):
    c = window.controller
    which = c.trainer.goal_loss_name()
    now = c.trainer.losses()[1 if which == "test" else 0]
    loss, ok = QInputDialog.getDouble(window, f"Run until the {which} loss", f"Play until the {which} loss is at "
                                      f"most (now {now:.4g}):", now / 10 if now == now else 0.01, 0.0, 1e12, 6)
    if ok:
        _start(window, c.run_until_loss, loss)


def follow_goals(window):
    """The status bar says while a run to a goal plays, and where it stopped."""
    c = window.controller

    def show(text):
        if text:
            window.statusBar().showMessage(text[:1].upper() + text[1:] + "…")
        else:
            window.statusBar().showMessage(f"Stopped at step {c.trainer.step_count:,}", 8000)
    c.goalChanged.connect(show)


def _start(window, run, value):
    try:
        run(value)
    except BadInput as e:
        show_error(window, "Cannot run", str(e))
