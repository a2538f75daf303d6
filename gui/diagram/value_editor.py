"""The inline editor that opens on a double-clicked weight or bias: type a number, Enter sets it.

Inline rather than a dialog so the learner still sees the diagram (and the line being
edited) while typing. A bad entry keeps the editor open with a message under it.
"""
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from .layout import fmt, parse_number


class ValueEditor(QFrame):
    committed = Signal(float)
    closed = Signal()

    def __init__(self, label, value, parent=None):
        super().__init__(parent)
        self.setObjectName("diagramValueEditor")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.name = QLabel(f"{label} =")
        # the exact value (Enter without a change keeps it exactly), wide enough to be read whole
        self.line = QLineEdit(repr(float(value)))
        self.line.setObjectName("diagramValueLine")
        self.line.setMinimumWidth(max(120, self.line.fontMetrics().horizontalAdvance(self.line.text()) + 16))
        self.line.selectAll()
        self.line.setToolTip(f"Now {fmt(value)}. Enter sets the new value, Esc cancels.")
        self.message = QLabel()
        self.message.setObjectName("diagramValueMessage")
        self.message.setStyleSheet("color: rgb(190, 20, 40);")
        self.message.setWordWrap(True)
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name)
        row.addWidget(self.line)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.message)
        self.line.returnPressed.connect(self._accept)
        self.line.installEventFilter(self)
        self._done = False

    def _accept(self):
        try:
            value = parse_number(self.line.text())
        except ValueError as e:
            self.message.setFixedWidth(max(self.width() - 12, 220))  # wrap under the field, not wider
            self.message.setText(str(e))
            self.message.show()
            self.adjustSize()
            self._stay_inside_parent()
            return
        self.finish()
        self.committed.emit(value)

    def _stay_inside_parent(self):
        parent = self.parentWidget()
        if parent is not None:
            self.move(min(self.x(), max(0, parent.width() - self.width())),
                      min(self.y(), max(0, parent.height() - self.height())))

    def finish(self):
        if not self._done:
            self._done = True
            self.hide()
            self.closed.emit()
            self.deleteLater()

    def eventFilter(self, obj, event):
        if obj is self.line:
            if event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape:
                self.finish()
                return True
            # clicking elsewhere cancels, as in a spreadsheet; the line edit's own menu does not
            if event.type() == QEvent.FocusOut and event.reason() not in (Qt.PopupFocusReason,
                                                                          Qt.ActiveWindowFocusReason):
                self.finish()
        return super().eventFilter(obj, event)
