"""The controls: the side panel (session description, training and data settings), the speed
slider for the toolbar and the status-bar readout."""
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .data import DataControls
from .description import SessionDescription
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
        self.description = SessionDescription(controller)
        self.training = TrainingControls(controller)
        self.data = DataControls(controller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.description)
        layout.addWidget(self.training)
        layout.addWidget(self.data)
        layout.addStretch(1)
