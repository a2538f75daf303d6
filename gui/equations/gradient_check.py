"""The equation panel's gradient check: backprop against central finite differences on the next
step's batch, the verdict in words (core.gradcheck says when a gradient is at rounding level),
and the worst parameter selected."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from core.errors import BadInput
from core.gradcheck import check_gradients

# Finite differences cost two forward passes per parameter, each about (parameters × samples)
# multiply-adds, plus Python's overhead per pass: beyond these the check would freeze the window
# for seconds, so it is refused with a message instead.
MAX_CHECK_PARAMS = 20_000
MAX_CHECK_WORK = 4e9  # parameters² × samples


def run_gradient_check(panel):
    """Check, show the result under the panel's buttons, select the worst parameter; the GradCheck or None."""
    c = panel.controller
    net = c.network
    try:
        step = c.next_step()
    except BadInput as e:
        panel._show_check(f"Gradient check not possible: {e}")
        return None
    m = len(step.X)
    if net.n_params > MAX_CHECK_PARAMS or float(net.n_params) ** 2 * m > MAX_CHECK_WORK:
        panel._show_check(f"Gradient check skipped: {net.n_params:,} parameters × {m} samples would take "
                          "too long here (two forward passes per parameter). Try it on a smaller network "
                          "or batch; the maths is the same.")
        return None
    QGuiApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        # on a copy: the check nudges every parameter by ±ε, and the model must never be seen half-nudged
        result = check_gradients(net.copy(), step.X, step.Y, c.trainer.loss)
    finally:
        QGuiApplication.restoreOverrideCursor()
    panel.last_check = result
    i = result.worst
    head = f"Gradient check, step {c.trainer.step_count + 1}, batch of {m}: "
    if result.agrees is None:
        panel._show_check(head + result.summary(digits=7) + ".")
        c.select(i)
        return result
    verdict = ("agrees: backprop is right" if result.agrees else
               "DISAGREES: the backward pass does not match the cost")
    kink = ""
    if not result.agrees and any(a in ("relu", "leaky_relu") for a in net.activations):
        kink = " (relu's kink can do this when some z is within ε of 0)"
    note = result.unresolved_note()
    panel._show_check(head + f"largest relative error {result.max_relative_error:.2e} at {result.names[i]} "
                      f"(backprop {result.analytic[i]:.7g}, finite differences {result.numeric[i]:.7g}) — "
                      f"{verdict}{kink}" + (f". {note[0].upper()}{note[1:]}" if note else "") + ".")
    c.select(i)
    return result

