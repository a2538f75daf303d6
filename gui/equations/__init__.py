"""The matrix-form equation view: EquationPanel(controller).

    format.py    numbers and matrices as HTML (no Qt)
    snapshot.py  Snapshot (the trainer and its next step, gathered once) and Options (no Qt)
    page.py      Page: the writing kit every section uses: symbols, matrices, aligned equations (no Qt)
    sections/    the parts of the page, one module per phase kind (forward, cost, backward, update),
                 plus the header, the selected parameter's chain rule and the question's reduction
    render.py    the driver: one training step as HTML, the sections in order (no Qt)
    panel.py     the widget: QTextBrowser, step-through, linking, gradient check

EquationPanel is imported lazily so `gui.equations.render` can be used (and
tested) without loading Qt.
"""
__all__ = ["EquationPanel"]


def __getattr__(name):
    if name == "EquationPanel":
        from .panel import EquationPanel
        return EquationPanel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
