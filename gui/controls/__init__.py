"""The controls: the side panel (session description, training and data settings), the speed
slider for the toolbar and the status-bar readout."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core import presets

from .data import DataControls
from .speed import SPEEDS, SpeedControl
from .status import StatusReadout
from .training import TrainingControls

__all__ = ["ControlPanel", "DataControls", "SPEEDS", "SpeedControl", "StatusReadout", "TrainingControls"]


class ControlPanel(QWidget):
    """Description of the session, then the Training and Data groups (each says in red why it refused a change)."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("controlPanel")
        self.controller = controller
        self.description = QLabel(objectName="descriptionLabel", wordWrap=True)
        self.description.setTextFormat(Qt.PlainText)
        self.description.setStyleSheet("color: #444;")
        self.training = TrainingControls(controller)
        self.data = DataControls(controller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.description)
        layout.addWidget(self.training)
        layout.addWidget(self.data)
        layout.addStretch(1)
        self._described = None
        controller.documentChanged.connect(self._describe)
        self._describe()

    def _describe(self):
        name = self.controller.name
        if name == self._described:  # documentChanged also comes for saves and the unsaved flag
            return
        self._described = name
        text = presets.describe(name) if name in presets.names() else ""
        self.description.setText(text)
        self.description.setVisible(bool(text))
