"""The matrix-form equation view (placeholder until the view lands): EquationPanel(controller)."""
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget


class EquationPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("equationView")
        QVBoxLayout(self).addWidget(self.browser)
