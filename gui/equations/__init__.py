"""The matrix-form equation view: EquationPanel(controller).

    format.py  numbers and matrices as HTML (no Qt)
    render.py  one training step as HTML, from a Snapshot of the trainer (no Qt)
    panel.py   the widget: QTextBrowser, step-through, linking, gradient check

EquationPanel is imported lazily so `gui.equations.render` can be used (and
tested) without loading Qt.
"""
__all__ = ["EquationPanel"]


def __getattr__(name):
    if name == "EquationPanel":
        from .panel import EquationPanel
        return EquationPanel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
