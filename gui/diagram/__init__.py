"""The network-diagram editor: `DiagramView(controller)`, a QGraphicsView over the network.

    view.py          DiagramView: puts the parts below together and connects them to the controller
    scene.py         the drawing: builds, places and refreshes the items
    stepthrough.py   a step-through phase on the diagram: the active layer, its numbers
    interaction.py   mouse, keyboard, tooltips, the value editor: clicks become controller calls
    explain.py       the words: titles, tooltips, notes, captions (no Qt, tested headless)
    items.py         what is drawn: neurons, bias squares, weight lines, +/− buttons
    layout.py        pure geometry (no Qt): where everything goes, hit-testing of lines
    menus.py         the context menus
    value_editor.py  the inline editor for typing a weight

DiagramView is imported lazily, so explain.py and layout.py can be used (and tested) without Qt.
"""
__all__ = ["DiagramView"]


def __getattr__(name):
    if name == "DiagramView":
        from .view import DiagramView
        return DiagramView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
