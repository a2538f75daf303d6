"""The speed slider: steps per second, from 1 up to as fast as possible."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from ..controller import MAX_SPEED
from .fields import blocked

SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, MAX_SPEED)


def speed_text(speed):
    if speed == MAX_SPEED:
        return "as fast as possible"
    return f"{speed:,} step/s" if speed == 1 else f"{speed:,} steps/s"


def speed_index(speed):
    if speed == MAX_SPEED:
        return len(SPEEDS) - 1
    return min(range(len(SPEEDS) - 1), key=lambda i: abs(SPEEDS[i] - speed))


class SpeedControl(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.slider = QSlider(Qt.Horizontal, objectName="speedSlider")
        self.slider.setRange(0, len(SPEEDS) - 1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setMinimumWidth(140)
        self.slider.setToolTip("Training speed. Drawing stays at the screen's rate; at full speed the "
                               "trainer runs many steps between frames")
        self.label = QLabel(objectName="speedLabel")
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("as fast as possible") + 6)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(QLabel("Speed"))
        layout.addWidget(self.slider)
        layout.addWidget(self.label)
        self.slider.valueChanged.connect(lambda i: controller.set_speed(SPEEDS[i]))
        controller.speedChanged.connect(self.sync)
        self.sync()

    def sync(self):
        with blocked(self.slider):
            self.slider.setValue(speed_index(self.controller.speed))
        self.label.setText(speed_text(self.controller.speed))
