"""Small widgets shared by the control panels: a number field that commits on Enter or focus-out."""
from contextlib import contextmanager

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit

from ..typed_numbers import clean


def parse_number(text):
    """An int or float from typed text; anything else is passed on as text so the core names the problem."""
    cleaned = clean(text)
    for kind in (int, float):
        try:
            return kind(cleaned)
        except ValueError:
            pass
    return text.strip()


def show_number(value):
    return f"{value:.6g}" if isinstance(value, float) else str(value)


class NumberField(QLineEdit):
    """A line edit for one number. `committed(value)` fires when the learner presses Enter or leaves
    the field with a changed text; `show_value` sets the text without firing anything."""

    committed = Signal(object)

    def __init__(self, object_name, tooltip="", parent=None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setToolTip(tooltip)
        self._shown = ""
        self.editingFinished.connect(self._finish)

    def show_value(self, value):
        self._shown = show_number(value)
        if self.text() != self._shown:
            self.setText(self._shown)

    def _finish(self):
        if self.text().strip() != self._shown:
            self.committed.emit(parse_number(self.text()))


@contextmanager
def blocked(*widgets):
    """Set widgets from the model without their change signals calling back into the model."""
    previous = [w.blockSignals(True) for w in widgets]
    try:
        yield
    finally:
        for w, was in zip(widgets, previous):
            w.blockSignals(was)


class WrappingLabel(QLabel):
    """A word-wrapped note that claims the height its text needs at its width. A plain wrapped QLabel in
    a form inside a scroll area is given one line's height when the panel is short, and its text is cut
    off at the top and the bottom."""

    def __init__(self, object_name="", parent=None):
        super().__init__(parent, objectName=object_name, wordWrap=True)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
