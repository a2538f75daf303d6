"""The diagram's interaction: what the mouse, the keyboard and the context menus do.

`DiagramInteraction` is the editing half of DiagramView (view.py), a mixin over DiagramScene
(scene.py), whose items it hit-tests. Nothing here changes the network directly: every change goes
through the controller (`apply_edit`, `set_parameter`, `select`), which makes it an undoable command
and pauses training. The words of tooltips and notes come from explain.py; the menus from menus.py.
"""
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QMessageBox, QToolTip

from core import edits
from core.errors import BadInput

from . import explain
from . import layout as geometry
from .items import BiasItem, NeuronItem
from .layout import Hit
from .menus import build_menu
from .value_editor import ValueEditor

HIT_TOLERANCE_PX = 5.0      # how far from a thin line a click still selects it


class DiagramInteraction:
    """Mouse, keyboard, menus, tooltips and editing of DiagramView (mixed in before DiagramScene)."""

    # ---- selection -------------------------------------------------------------------------------
    def select_parameter(self, kind, l, j, k=0):
        self.controller.select(self.controller.network.parameter_index(kind, l, j, k))
        self._show_selection(self.controller.selected)  # also when it was selected already

    def select_neuron(self, l, j):
        self.selected_neuron = (l, j)
        self.controller.select(None)
        self.refresh_values()
        self._set_note(explain.neuron_note(self.controller.network, l, j))

    def clear_selection(self):
        had_neuron, self.selected_neuron = self.selected_neuron is not None, None
        self.controller.select(None)
        if had_neuron:
            self.refresh_values()
        self._set_note(None)

    # ---- finding what is under the pointer -------------------------------------------------------
    def hit_at(self, scene_pos):
        """What a click at `scene_pos` (scene coordinates) is on: a Hit."""
        lay = self.layout_
        scale = self.transform().m11() or 1.0
        tol = HIT_TOLERANCE_PX / scale
        x, y = scene_pos.x(), scene_pos.y()
        for button in self.buttons.values():
            if button.sceneBoundingRect().adjusted(-2, -2, 2, 2).contains(scene_pos):
                return Hit("button", button=button)
        for item in self.scene().items(scene_pos):  # right on a neuron or a bias square: that one
            if isinstance(item, (BiasItem, NeuronItem)):
                return Hit("bias" if isinstance(item, BiasItem) else "neuron", item.l, item.j)
        near = QRectF(x - tol / 2, y - tol / 2, tol, tol)  # near one: a bias first (the smaller target)
        for item in self.scene().items(near):
            if isinstance(item, BiasItem):
                return Hit("bias", item.l, item.j)
        for item in self.scene().items(near):
            if isinstance(item, NeuronItem):
                return Hit("neuron", item.l, item.j)
        found = geometry.nearest_weight(lay, x, y, tol)
        if found:
            return Hit("weight", *found)
        for l, cx in enumerate(lay.column_x):
            if abs(x - cx) <= lay.column_w / 2 and lay.title_y <= y < lay.area_top:
                return Hit("column", l)
            if abs(x - cx) <= max(1.8 * lay.radius, 12) and lay.area_top <= y <= lay.area_bottom:
                return Hit("column", l)
        return Hit("empty")

    def scene_point_of(self, hit):
        """A scene point that hits `hit` (the centre of a neuron, the middle of a line, …) — for tests
        and for placing the value editor."""
        lay = self.layout_
        if hit.kind == "weight":
            return QPointF(*geometry.clear_point(lay, hit.l, hit.j, hit.k))
        if hit.kind == "bias":
            cx, cy, _ = lay.bias_marker(hit.l, hit.j)
            return QPointF(cx, cy)
        if hit.kind == "neuron":
            return QPointF(*lay.neuron(hit.l, hit.j))
        if hit.kind == "column":
            return QPointF(lay.column_x[hit.l], lay.title_y + 8)
        raise ValueError(f"no point for {hit}")

    # ---- mouse and keyboard ----------------------------------------------------------------------
    def _scene_pos(self, event):
        return self.mapToScene(event.position().toPoint())

    def mousePressEvent(self, event):
        if event.button() != Qt.LeftButton:
            event.accept()
            return
        hit = self.hit_at(self._scene_pos(event))
        if hit.kind == "button":
            if hit.button.enabled:
                hit.button.action()
            else:  # a disabled control still answers: it says why
                self._set_note(explain.refused(hit.button.tooltip, hit.button.reason), warning=True)
        elif hit.kind == "weight":
            self.select_parameter("W", hit.l, hit.j, hit.k)
        elif hit.kind == "bias":
            self.select_parameter("b", hit.l, hit.j)
        elif hit.kind == "neuron":
            self.select_neuron(hit.l, hit.j)
            self.open_card(hit.l, hit.j)
        else:
            self.clear_selection()
        event.accept()

    def mouseDoubleClickEvent(self, event):
        if event.button() != Qt.LeftButton:
            return
        hit = self.hit_at(self._scene_pos(event))
        if hit.kind in ("weight", "bias"):
            kind = "W" if hit.kind == "weight" else "b"
            self.select_parameter(kind, hit.l, hit.j, hit.k)
            self.open_editor(kind, hit.l, hit.j, hit.k, event.position().toPoint())
        elif hit.kind == "button" and hit.button.enabled and getattr(hit.button, "repeatable", True):
            hit.button.action()  # a quick second click on + adds another neuron (a toggle stays as clicked)
        event.accept()

    def mouseReleaseEvent(self, event):
        event.accept()

    def mouseMoveEvent(self, event):
        super().mouseMoveEvent(event)  # hover highlight of the buttons
        hit = self.hit_at(self._scene_pos(event))
        clickable = hit.kind in ("weight", "bias", "neuron") or (hit.kind == "button" and hit.button.enabled)
        self.viewport().setCursor(Qt.PointingHandCursor if clickable else Qt.ArrowCursor)
        if hit.kind == "weight":
            self.hover_line.setLine(self.lines[hit.l].line_at(hit.j, hit.k))
            self.hover_line.show()
        else:
            self.hover_line.hide()
        self._hover(hit)

    def leaveEvent(self, event):
        self.hover_line.hide()
        self._hover_left()
        super().leaveEvent(event)

    def keyPressEvent(self, event):
        if event.key() == Qt.Key_Escape:
            self.clear_selection()
        elif event.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self.selected_neuron:
            l, j = self.selected_neuron
            if 1 <= l < self.controller.network.n_layers:
                self.selected_neuron = None
                self.edit(edits.remove_neuron, l, j, text=f"Remove neuron {j} of layer {l}")
        else:
            super().keyPressEvent(event)

    def context_menu_at(self, view_pos):
        """The context menu for the point `view_pos` (viewport coordinates), not yet shown."""
        return build_menu(self, self.hit_at(self.mapToScene(view_pos)))

    def contextMenuEvent(self, event):
        menu = self.context_menu_at(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event):
        if event.type() == QEvent.ToolTip:
            text = self.tooltip_at(self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # ---- tooltips --------------------------------------------------------------------------------
    def tooltip_at(self, scene_pos):
        """The hover text for a scene point ('' for empty space)."""
        hit = self.hit_at(scene_pos)
        c = self.controller
        if hit.kind == "button":
            b = hit.button
            return b.tooltip if b.enabled else explain.refused(b.tooltip, b.reason)
        if hit.kind in ("weight", "bias"):
            kind = "W" if hit.kind == "weight" else "b"
            return explain.parameter_tooltip(c.network, kind, hit.l, hit.j, hit.k, c.next_step(), c.phase)
        if hit.kind == "neuron":
            text = explain.neuron_tooltip(c.network, hit.l, hit.j, c.next_step().trace)
            health = self.health_text(hit.l, hit.j)
            return f"{text}\n{health}" if health else text
        if hit.kind == "column":
            return explain.column_tooltip(c.network, hit.l)
        return ""

    # ---- editing ---------------------------------------------------------------------------------
    def edit(self, edit, *args, text=None):
        """Apply a core.edits function through the controller (undoable); a refusal is shown."""
        lock = "activations" if edit.__name__ == "set_activation" else "network"
        if lock in self.locked:  # a lesson keeps it as it is (gui/lesson_panel.py)
            self.warn(f"This lesson keeps the {lock} as it is")
            return
        try:
            self.controller.apply_edit(edit, *args, text=text)
        except BadInput as e:
            self.warn(str(e))

    def warn(self, message):
        """Say why an edit was refused (a window-modal box that does not block the event loop)."""
        box = QMessageBox(QMessageBox.Warning, "Cannot change the network",
                          message[:1].upper() + message[1:], QMessageBox.Ok, self)
        box.setObjectName("diagramWarning")
        box.setAttribute(Qt.WA_DeleteOnClose)
        self.last_warning = box
        box.open()

    def open_editor(self, kind, l, j, k=0, view_pos=None):
        """An inline editor for W^l_jk or b^l_j at `view_pos` (default: at the parameter)."""
        self.close_editor()
        if "weights" in self.locked:
            self.warn("This lesson keeps the weights as training makes them")
            return None
        self.controller.pause()  # the value typed must not be overwritten by the next step
        net = self.controller.network
        value = net.params[net.parameter_index(kind, l, j, k)]
        editor = ValueEditor(geometry.pretty_name(kind, l, j, k), value, self.viewport())
        if view_pos is None:
            view_pos = self.mapFromScene(self.scene_point_of(Hit("weight" if kind == "W" else "bias", l, j, k)))
        editor.adjustSize()
        x = min(max(0, view_pos.x() + 8), max(0, self.viewport().width() - editor.width()))
        y = min(max(0, view_pos.y() + 8), max(0, self.viewport().height() - editor.height() - 24))
        editor.move(QPoint(x, y))
        editor.committed.connect(lambda v: self._commit(kind, l, j, k, v))
        editor.closed.connect(self._editor_closed)
        self.editor = editor
        editor.show()
        editor.line.setFocus()
        return editor

    def _editor_closed(self):
        self.editor = None

    def close_editor(self):
        if self.editor is not None:
            self.editor.finish()
            self.editor = None

    def _commit(self, kind, l, j, k, value):
        try:
            self.controller.set_parameter(kind, l, j, k, value)
        except BadInput as e:
            self.warn(str(e))
