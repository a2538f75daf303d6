"""The network-diagram editor: `DiagramView(controller)`, a QGraphicsView over the network.

    view.py          the view: builds the scene, turns clicks into controller calls
    items.py         what is drawn: neurons, bias squares, weight lines, +/− buttons
    layout.py        pure geometry (no Qt): where everything goes, hit-testing of lines
    menus.py         the context menus
    value_editor.py  the inline editor for typing a weight
"""
from .view import DiagramView

__all__ = ["DiagramView"]
