"""The network-diagram editor (placeholder until the editor lands): DiagramView(controller)."""
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView


class DiagramView(QGraphicsView):
    def __init__(self, controller, parent=None):
        super().__init__(QGraphicsScene(), parent)
        self.controller = controller
        self.setObjectName("diagramView")
