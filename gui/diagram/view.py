"""DiagramView: the network drawn as columns of neurons joined by weight lines, and edited by mouse.

The view only reads the network; every change goes through the controller
(`apply_edit`, `set_parameter`, `select`), which makes it an undoable command and
pauses training. The scene is rebuilt when the network is replaced
(`networkChanged`); while training (`trained`) only the pens and bias colours are
updated, so a frame costs a few numpy operations, not a new scene.
"""
import time

import numpy as np

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (QFrame, QGraphicsLineItem, QGraphicsRectItem, QGraphicsScene,
                               QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView, QMessageBox,
                               QToolTip)

from core import edits
from core.errors import BadInput

from .. import palette
from . import layout as geometry
from .items import (COLUMN_FILL, INK, MUTED, BiasItem, ButtonItem, NeuronItem, NumberItem, WeightLinesItem,
                    font)
from .layout import Hit, fmt, pretty_name, sub, sup
from .menus import build_menu
from .neuron_views import NeuronViewsMixin
from .value_editor import ValueEditor

HIT_TOLERANCE_PX = 5.0      # how far from a thin line a click still selects it
DIMMED_FADE = 0.78          # lines a step-through phase does not use are this much paler
MAX_LINE_LABELS = 16        # more gradient numbers than this on one matrix would be clutter
MIN_NUMBER_SPACING_PX = 15  # neurons closer than this on screen get no number beside them (it would overlap)
MAX_VALUE_LABELS = 6        # networks this small (the seed's) show every weight's value on its line
# at full speed the lines follow the weights at most this often: between two frames their colours and
# quarter-pixel widths barely change, and repainting a few hundred antialiased lines costs milliseconds
VALUES_INTERVAL_S = 1 / 15

DEFAULT_CAPTION = ("Lines are weights: <b style='color:{pos}'>blue</b> w&nbsp;&gt;&nbsp;0, "
                   "<b style='color:{neg}'>orange</b> w&nbsp;&lt;&nbsp;0, thicker = larger |w|; squares are biases. "
                   "Click to select, double-click to type a value, right-click a layer for its options.")


def _sup(text):
    return f"<sup>{text}</sup>"


class DiagramView(NeuronViewsMixin, QGraphicsView):
    """The network-diagram editor. `DiagramView(controller)`; objectName "diagramView".
    Each neuron's map, card and health: see neuron_views.py."""

    neuronHovered = Signal(int, int, str)  # (l, j, "forward" or "backward"): the pointer is on a neuron
    neuronLeft = Signal()                  # ...and has left it

    def __init__(self, controller, parent=None, maps=None):
        super().__init__(parent)
        self.setObjectName("diagramView")
        self.setScene(QGraphicsScene(self))
        self.controller = controller
        self.setRenderHint(QPainter.Antialiasing)
        self.setRenderHint(QPainter.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.NoFrame)
        self.setBackgroundBrush(QBrush(QColor(255, 255, 255)))
        self.setAlignment(Qt.AlignCenter)
        self.viewport().setMouseTracking(True)
        self.setMinimumSize(300, 240)
        self.setFocusPolicy(Qt.StrongFocus)

        self.layout_ = None
        self.selected_neuron = None   # (l, j): a neuron has no parameter index, so it is kept here
        self.editor = None            # the open ValueEditor, if any
        self.last_warning = None      # the last QMessageBox shown for a refused edit
        self._note = None             # a one-off message for the caption (why a control is disabled)

        controller.networkChanged.connect(self.rebuild)
        controller.trained.connect(self._trained)
        controller.playingChanged.connect(self._playing_changed)
        self._values_at = 0.0  # when refresh_values last ran for a `trained`
        self._values_stale = False
        controller.settingsChanged.connect(self._settings_changed)
        controller.selectionChanged.connect(self._show_selection)
        controller.phaseChanged.connect(self._show_phase)
        self._init_neuron_views(maps)
        self.rebuild()

    # ---- building -------------------------------------------------------------------------------
    def rebuild(self):
        """A new scene for the controller's network (after an edit, undo, open, reset or new data)."""
        self.close_editor()
        net = self.controller.network
        self._built_for = self._architecture(net)
        scene = self.scene()
        scene.clear()
        self._note = None
        if self.selected_neuron is not None and not (self.selected_neuron[0] < len(net.sizes)
                                                     and self.selected_neuron[1] < net.sizes[self.selected_neuron[0]]):
            self.selected_neuron = None
        self.neurons = [[self._add(NeuronItem(l, j)) for j in range(n)] for l, n in enumerate(net.sizes)]
        self.biases = {l: [self._add(BiasItem(l, j)) for j in range(net.sizes[l])]
                       for l in range(1, len(net.sizes)) if net.bias[l - 1]}
        self.lines = {l: self._add(WeightLinesItem(l)) for l in range(1, len(net.sizes))}
        self.numbers = [[self._add(NumberItem()) for _ in range(n)] for n in net.sizes]
        for row in self.numbers:
            for item in row:
                item.hide()
        self.line_labels = []
        n_weights = sum(W.size for W in net.weights)
        self.value_labels = {} if n_weights > MAX_VALUE_LABELS else {
            (l, j, k): self._add(NumberItem()) for l, W in enumerate(net.weights, start=1)
            for j in range(W.shape[0]) for k in range(W.shape[1])}
        self.columns = [self._add(QGraphicsRectItem()) for _ in net.sizes]
        for rect in self.columns:
            rect.setBrush(QBrush(COLUMN_FILL))
            rect.setPen(QPen(Qt.NoPen))
            rect.setZValue(-5)
            rect.hide()
        self.titles = [(self._text(self._title(l), 10, True), self._text(self._subtitle(l), 9, color=MUTED))
                       for l in range(len(net.sizes))]
        self.counts = [self._text(self._count_text(l), 9, color=INK if 1 <= l < net.n_layers else MUTED)
                       for l in range(len(net.sizes))]
        self.header = self._text(self._hidden_text(), 10, True)
        self.buttons = self._make_buttons(net)
        self.caption = self._add(QGraphicsTextItem())
        self.caption.setFont(font(9))
        self.caption.setDefaultTextColor(MUTED)
        self.selection_line = self._add(QGraphicsLineItem())
        self.selection_line.setZValue(2)
        self.selection_line.hide()
        self.hover_line = self._add(QGraphicsLineItem())
        self.hover_line.setZValue(1.5)
        self.hover_line.setPen(QPen(QColor(0, 0, 0, 60), 7))  # a soft halo under the line being pointed at
        self.hover_line.hide()
        self._build_neuron_views()
        self._place()
        self._show_selection(self.controller.selected)
        self._show_phase(self.controller.phase)

    @staticmethod
    def _architecture(net):
        return net.sizes, net.bias

    def _in_sync(self):
        """False between the controller installing a new network and our rebuild: an undo command
        emits phaseChanged and selectionChanged first, and the old items must not be fed the new
        network's (differently shaped) weights."""
        return self.layout_ is not None and self._built_for == self._architecture(self.controller.network)

    def _add(self, item):
        self.scene().addItem(item)
        return item

    def _text(self, text, point_size, bold=False, color=INK):
        item = self._add(QGraphicsSimpleTextItem(text))
        item.setFont(font(point_size, bold))
        item.setBrush(QBrush(color))
        item.setZValue(5)
        return item

    def _title(self, l):
        net = self.controller.network
        return "input" if l == 0 else "output" if l == net.n_layers else f"layer {l}"

    def _subtitle(self, l):
        net = self.controller.network
        if l == 0:
            return "the data"
        return net.activations[l - 1] + ("" if net.bias[l - 1] else ", no bias")

    def _count_text(self, l, short=False):
        net = self.controller.network
        n = net.sizes[l]
        if l == 0:
            return f"{n} input{'s' * (n != 1)}"
        if l == net.n_layers:
            return f"{n} output{'s' * (n != 1)}"
        return str(n) if short else f"{n} neuron{'s' * (n != 1)}"

    def _hidden_text(self):
        h = self.controller.network.n_layers - 1
        return f"{h} hidden layer{'s' * (h != 1)}"

    def _make_buttons(self, net):
        L = net.n_layers
        buttons = {
            "remove_layer": ButtonItem("−", lambda: self.edit(edits.remove_layer, L - 1, text=f"Remove layer {L - 1}"),
                                       f"Remove hidden layer {L - 1} (the last one)",
                                       None if L > 1 else "there is no hidden layer to remove"),
            "add_layer": ButtonItem("+", lambda: self.edit(edits.add_layer, text=f"Add hidden layer {L}"),
                                    "Add a hidden layer before the output", edits.why_not_add_layer(net)),
        }
        for l in range(1, L):
            buttons[("remove_neuron", l)] = ButtonItem(
                "−", lambda l=l: self.edit(edits.remove_neuron, l, text=f"Remove neuron from layer {l}"),
                f"Remove the last neuron of layer {l}", edits.why_not_remove_neuron(net, l))
            buttons[("add_neuron", l)] = ButtonItem(
                "+", lambda l=l: self.edit(edits.add_neuron, l, text=f"Add neuron to layer {l}"),
                f"Add a neuron to layer {l}", edits.why_not_add_neuron(net, l))
        for button in buttons.values():
            self._add(button)
        return buttons

    # ---- placing (on build and on every resize) ---------------------------------------------------
    def _place(self):
        net = self.controller.network
        size = self.viewport().size()
        lay = geometry.compute(net.sizes, size.width(), size.height())
        self.layout_ = lay
        self.scene().setSceneRect(0, 0, lay.width, lay.height)
        r = lay.radius
        for l, row in enumerate(self.neurons):
            for j, item in enumerate(row):
                item.place(*lay.neuron(l, j), r)
        for l, row in self.biases.items():
            for j, item in enumerate(row):
                item.place(*lay.bias_marker(l, j))
        for l, item in self.lines.items():
            item.set_geometry(*geometry.segments(lay, l))
        for l, rect in enumerate(self.columns):
            rect.setRect(QRectF(lay.column_x[l] - lay.column_w * 0.46, lay.title_y - 2,
                                lay.column_w * 0.92, lay.area_bottom - lay.title_y + 2))
        for l, (title, subtitle) in enumerate(self.titles):
            self._center(title, lay.column_x[l], lay.title_y)
            self._center(subtitle, lay.column_x[l], lay.title_y + title.boundingRect().height())
        short = lay.column_w < 2 * geometry.BUTTON + 80
        for l, count in enumerate(self.counts):
            if 1 <= l < net.n_layers:
                count.setText(self._count_text(l, short))
            self._center(count, lay.column_x[l], lay.controls_y - count.boundingRect().height() / 2)
            if ("add_neuron", l) in self.buttons:
                side = lay.layer_button
                half = count.boundingRect().width() / 2 + side * 0.3 + side / 2
                self.buttons[("remove_neuron", l)].place(lay.column_x[l] - half, lay.controls_y, side)
                self.buttons[("add_neuron", l)].place(lay.column_x[l] + half, lay.controls_y, side)
        middle = lay.width / 2
        self._center(self.header, middle, lay.header_y - self.header.boundingRect().height() / 2)
        half = self.header.boundingRect().width() / 2 + 8 + geometry.BUTTON / 2
        self.buttons["remove_layer"].place(middle - half, lay.header_y, geometry.BUTTON)
        self.buttons["add_layer"].place(middle + half, lay.header_y, geometry.BUTTON)
        self.caption.setTextWidth(lay.width - 2 * geometry.MARGIN)
        self.caption.setPos(geometry.MARGIN, lay.caption_y)
        # a view smaller than the legible minimum shows the diagram scaled down, and past MIN_SCALE scrolls
        scale, scrolls = geometry.view_scale(lay, size.width(), size.height())
        policy = Qt.ScrollBarAsNeeded if scrolls else Qt.ScrollBarAlwaysOff
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        self.resetTransform()
        if scale < 1.0:
            self.scale(scale, scale)
        self.centerOn(lay.width / 2, lay.height / 2)
        self.refresh_values()
        self._place_numbers()
        self._place_neuron_views()

    @staticmethod
    def _center(item, x, top):
        item.setPos(x - item.boundingRect().width() / 2, top)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.layout_ is not None:
            self.close_editor()
            self._place()
            self._show_selection(self.controller.selected)
            self._show_phase(self.controller.phase)

    # ---- live values ------------------------------------------------------------------------------
    def _trained(self):
        self.refresh_maps()
        c, now = self.controller, time.perf_counter()
        if c.playing and c.full_speed and now - self._values_at < VALUES_INTERVAL_S:
            self._values_stale = True
            return
        self._values_at = now
        self.refresh_values()

    def _playing_changed(self, playing):
        if not playing and self._values_stale:  # paused: the lines show where training stopped
            self.refresh_values()

    def refresh_values(self):
        """Pens and bias colours from the current weights (or, for the layer whose gradients a
        step-through phase shows, from ∂C/∂W^l). Called after steps (at full speed at most every
        VALUES_INTERVAL_S) and when the network or the phase changes."""
        self._values_stale = False
        if not self._in_sync():
            return
        net = self.controller.network
        phase = self.controller.phase
        max_abs = max(float(np.max(np.abs(W))) for W in net.weights)
        thickest = self.layout_.line_width_limit()
        used = self._lines_in_use(phase)
        for l, item in self.lines.items():
            fade, focus = 0.0 if used is None or l in used else DIMMED_FADE, None
            if phase is None and self.selected_neuron is not None:
                # a selected neuron: its incoming weights (row j of W^l) and outgoing ones
                # (column j of W^{l+1}) stand out, the rest fade
                sl, sj = self.selected_neuron
                focus = np.zeros(net.weights[l - 1].shape, dtype=bool)
                if l == sl:
                    focus[sj, :] = True
                elif l == sl + 1:
                    focus[:, sj] = True
                fade = DIMMED_FADE
            if phase is not None and phase.kind == "gradients" and phase.layer == l:
                dW = self.controller.next_step().trace.layers[l - 1].dW
                item.set_values(dW, float(np.max(np.abs(dW))), thickest, fade)
            else:
                item.set_values(net.weights[l - 1], max_abs, thickest, fade, focus)
        for l, row in self.biases.items():
            for j, item in enumerate(row):
                item.set_value(net.biases[l - 1][j])
        updated = self.controller.next_step().new_params if phase and phase.kind == "update" else None
        for (l, j, k), item in self.value_labels.items():
            W = net.weights[l - 1]
            text = f"{geometry.pretty_name('W', l, j, k, scalar=W.size == 1)} = {fmt(W[j, k])}"
            if updated is not None:  # the update phase: the value before and after this step
                text += f" → {fmt(updated[net.parameter_index('W', l, j, k)])}"
            item.setText(text)
            x, y = geometry.clear_point(self.layout_, l, j, k)
            rect = item.boundingRect()
            item.setPos(x - rect.width() / 2, y - rect.height() - 3)  # above the line, not on it
            item.setVisible(phase is None or phase.kind != "gradients" or phase.layer != l)
        self._show_selection(self.controller.selected)

    def _settings_changed(self):
        self.switch.setVisible(self.neuron_maps.available())
        self.refresh_maps(force=True)  # new data: a new plane
        # a new batch size, cost or data changes the next step, so the numbers of a phase too
        if self.controller.phase is not None:
            self._show_phase(self.controller.phase)

    # ---- selection --------------------------------------------------------------------------------
    def _show_selection(self, index):
        """Highlight parameter `index` (selected here or in any other view)."""
        if not self._in_sync():
            return
        if index is not None and self.selected_neuron is not None:
            self.selected_neuron = None  # one selection at a time: a parameter replaces a neuron
            self.refresh_values()        # un-fades the lines, then comes back here
            return
        net = self.controller.network
        for row in self.biases.values():
            for item in row:
                item.set_selected(False)
        self.selection_line.hide()
        if index is not None:
            kind, l, j, k = net.locate(index)
            if kind == "W" and l in self.lines:
                pen = QPen(palette.SELECTED, max(self.lines[l].pen_at(j, k).widthF() + 2.5, 3.5))
                pen.setCapStyle(Qt.RoundCap)
                self.selection_line.setPen(pen)
                self.selection_line.setLine(self.lines[l].line_at(j, k))
                self.selection_line.show()
            elif kind == "b" and l in self.biases:
                self.biases[l][j].set_selected(True)
        self._restyle_neurons()

    def _restyle_neurons(self):
        phase = self.controller.phase
        active = self._active_layers(phase)
        for l, row in enumerate(self.neurons):
            for j, item in enumerate(row):
                item.set_look(selected=self.selected_neuron == (l, j), active=l in active,
                              mark=self.neuron_pen(l, j), hollow=self.maps_shown())

    def select_parameter(self, kind, l, j, k=0):
        self.controller.select(self.controller.network.parameter_index(kind, l, j, k))
        self._show_selection(self.controller.selected)  # also when it was selected already

    def select_neuron(self, l, j):
        self.selected_neuron = (l, j)
        self.controller.select(None)
        self.refresh_values()
        self._set_note(self._neuron_note(l, j))

    def clear_selection(self):
        had_neuron, self.selected_neuron = self.selected_neuron is not None, None
        self.controller.select(None)
        if had_neuron:
            self.refresh_values()
        self._set_note(None)

    def _neuron_note(self, l, j):
        net = self.controller.network
        if l == 0:
            return f"Input neuron {j}: a{_sup(0)}<sub>{j}</sub> is input {j} of each sample."
        text = f"Neuron {j} of layer {l}: its incoming weights are row {j} of W{_sup(l)}"
        if l < net.n_layers:
            text += f", its outgoing weights column {j} of W{_sup(l + 1)}"
        return text + (". Delete removes it." if l < net.n_layers else ".")

    # ---- finding what is under the pointer -----------------------------------------------------------
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

    # ---- mouse and keyboard -------------------------------------------------------------------------
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
                self._set_note(f"{hit.button.tooltip}: not possible, {hit.button.reason}.", warning=True)
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
        elif hit.kind == "button" and hit.button.enabled:
            hit.button.action()  # a quick second click on + adds another neuron
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

    # ---- tooltips ---------------------------------------------------------------------------------
    def tooltip_at(self, scene_pos):
        """The hover text for a scene point ('' for empty space)."""
        hit = self.hit_at(scene_pos)
        net = self.controller.network
        if hit.kind == "button":
            b = hit.button
            return b.tooltip if b.enabled else f"{b.tooltip}: not possible, {b.reason}."
        if hit.kind in ("weight", "bias"):
            return self._parameter_tooltip("W" if hit.kind == "weight" else "b", hit.l, hit.j, hit.k)
        if hit.kind == "neuron":
            return self._neuron_tooltip(hit.l, hit.j)
        if hit.kind == "column":
            l = hit.l
            if l == 0:
                return (f"Input layer: {net.sizes[0]} neurons, one per input of the data set "
                        "(change the data to change them).")
            what = "Output layer" if l == net.n_layers else f"Hidden layer {l}"
            shape = f"{net.sizes[l]}×{net.sizes[l - 1]}"
            bias = f", b{sup(l)} has {net.sizes[l]} entries" if net.bias[l - 1] else ", no bias"
            extra = " Its size follows the data." if l == net.n_layers else ""
            return (f"{what}: {net.sizes[l]} neurons, {net.activations[l - 1]}. W{sup(l)} is {shape}{bias}.{extra}"
                    "\nRight-click for activation, bias and layer options.")
        return ""

    def _parameter_tooltip(self, kind, l, j, k=0):
        net = self.controller.network
        index = net.parameter_index(kind, l, j, k)
        label = pretty_name(kind, l, j, k)  # as the diagram and the equations write it: W¹₂₁
        value = net.params[index]
        if kind == "W":
            where = [f"the weight from neuron {k} of layer {l - 1} to neuron {j} of layer {l}",
                     f"(row {j}, column {k} of W{sup(l)})"]
        else:
            where = [f"the bias of neuron {j} of layer {l} (entry {j} of b{sup(l)})"]
        nxt = self.controller.next_step()
        m = len(nxt.X)
        # short lines: a tooltip is read at a glance, and long ones run off the screen
        lines = [f"{label} = {fmt(value)}", *where,
                 f"∂C/∂{label} = {fmt(nxt.grad[index])}",
                 f"(the gradient for the next step, on its batch of {m} sample{'s' * (m != 1)})"]
        if self.controller.phase is not None and self.controller.phase.kind == "update":
            lines.append(f"after this update: {label} = {fmt(nxt.new_params[index])}")
        lines.append("Double-click to type a new value.")
        return "\n".join(lines)

    def _neuron_tooltip(self, l, j):
        net = self.controller.network
        trace = self.controller.next_step().trace
        m = trace.A0.shape[1]
        sample = "sample 1 of the next batch" + (f" (of {m})" if m > 1 else "")
        if l == 0:
            return f"Input neuron {j}: a⁰{sub(j)} = x{sub(j)} = {fmt(trace.A0[j, 0])} for {sample}."
        t = trace.layers[l - 1]
        lines = [f"Neuron {j} of layer {l} ({net.activations[l - 1]})"]
        if net.bias[l - 1]:
            lines.append(f"bias {pretty_name('b', l, j)} = {fmt(net.biases[l - 1][j])}")
        lines += [f"for {sample}:",
                  f"z{sup(l)}{sub(j)} = {fmt(t.Z[j, 0])},  a{sup(l)}{sub(j)} = {fmt(t.A[j, 0])},  "
                  f"δ{sup(l)}{sub(j)} = {fmt(t.delta[j, 0])}",
                  *([self.health_text(l, j)] if self.health_text(l, j) else []),
                  "Click for its weights and its equations, right-click for options."]
        return "\n".join(lines)

    # ---- editing ----------------------------------------------------------------------------------
    def edit(self, edit, *args, text=None):
        """Apply a core.edits function through the controller (undoable); a refusal is shown."""
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

    # ---- step-through -----------------------------------------------------------------------------
    @staticmethod
    def _active_layers(phase):
        if phase is None:
            return set()
        if phase.layer is not None:
            return {phase.layer}
        return set()

    def _lines_in_use(self, phase):
        """The weight matrices a phase works with (the rest are dimmed); None: all, normal view."""
        if phase is None:
            return None
        L = self.controller.network.n_layers
        return {"forward": {phase.layer}, "cost": set(), "bp1": set(), "bp2": {(phase.layer or 0) + 1},
                "gradients": {phase.layer}, "update": set(range(1, L + 1))}[phase.kind]

    def _show_phase(self, phase):
        """Highlight the layer a step-through phase works on and put its numbers on the diagram."""
        if not self._in_sync():
            return
        net = self.controller.network
        for row in self.numbers:
            for item in row:
                item.hide()
        for item in self.line_labels:
            self.scene().removeItem(item)
        self.line_labels = []
        active = self._active_layers(phase)
        for l, rect in enumerate(self.columns):
            rect.setVisible(l in active)
            self.titles[l][0].setBrush(QBrush(palette.ACTIVE if l in active else INK))
        self.refresh_values()
        self._numbers_hidden = False
        if phase is None:
            self._update_caption()
            return
        trace = self.controller.next_step().trace
        m = trace.A0.shape[1]
        L = net.n_layers
        sample = "sample 1 of the batch" + (f" of {m}" if m > 1 else "")
        l = phase.layer
        if phase.kind == "forward":
            self._numbers(0, trace.A0[:, 0])
            for i in range(1, l + 1):
                self._numbers(i, trace.layers[i - 1].A[:, 0])
            bias = f" + b{_sup(l)}" if net.bias[l - 1] else ""
            text = (f"<b>Forward, layer {l}</b>: z{_sup(l)} = W{_sup(l)} a{_sup(l - 1)}{bias}, "
                    f"a{_sup(l)} = {net.activations[l - 1]}(z{_sup(l)}). "
                    f"Numbers on the neurons: activations a, for {sample} (column 1 of A).")
        elif phase.kind == "cost":
            out = trace.layers[-1].A[:, 0]
            self._numbers(L, out, [f"{fmt(a)}  (y = {fmt(y)})" for a, y in zip(out, trace.Y[:, 0])])
            text = (f"<b>Cost</b> C = {fmt(trace.cost)} ({trace.loss}, the mean over the batch of {m}). "
                    f"On the outputs: a{_sup(L)} and the target y, for {sample}.")
        elif phase.kind in ("bp1", "bp2"):
            for i in range(l, L + 1):
                self._numbers(i, trace.layers[i - 1].delta[:, 0])
            what = "BP1" if phase.kind == "bp1" else "BP2"
            rule = (f"δ{_sup(L)} = ∇<sub>a</sub>C ⊙ f′(z{_sup(L)})" if phase.kind == "bp1" else
                    f"δ{_sup(l)} = (W{_sup(l + 1)})<sup>T</sup> δ{_sup(l + 1)} ⊙ f′(z{_sup(l)})")
            text = (f"<b>{what}, layer {l}</b>: {rule}. Numbers on the neurons: errors δ, "
                    f"for {sample} (column 1 of Δ).")
        elif phase.kind == "gradients":
            t = trace.layers[l - 1]
            if t.db is not None:
                self._numbers(l, t.db, [f"∂b {fmt(v)}" for v in t.db])
            self._line_numbers(l, t.dW)
            text = (f"<b>BP3, BP4, layer {l}</b>: the lines of W{_sup(l)} now show ∂C/∂W{_sup(l)} = "
                    f"Δ{_sup(l)} (A{_sup(l - 1)})<sup>T</sup> (colour = sign, width = size; hover for the number)"
                    + (f", the neurons ∂C/∂b{_sup(l)} = Δ{_sup(l)} 1" if t.db is not None else "")
                    + f": sums over the whole batch of {m}.")
        else:
            text = ("<b>Update</b>: W ← W − η ∂C/∂W for every layer. Hover a line to see its value "
                    "before and after this step.")
        if self._numbers_hidden:
            text += " Some layers are too crowded for numbers: hover a neuron to read them."
        self._update_caption(text)

    def _numbers(self, l, values, texts=None):
        """Write `values` beside the neurons of layer l, if the neurons are far enough apart on
        screen for one line of text each; otherwise the tooltips carry them (see the caption)."""
        if self.layout_.spacing * self.transform().m11() < MIN_NUMBER_SPACING_PX:
            self._numbers_hidden = True
            return
        texts = texts or [fmt(v) for v in values]
        for j, text in enumerate(texts):
            item = self.numbers[l][j]
            item.setText(text)
            item.show()
        self._place_numbers()

    def _place_numbers(self):
        lay = self.layout_
        for l, row in enumerate(self.numbers):
            for j, item in enumerate(row):
                x, y = lay.neuron(l, j)
                h = item.boundingRect().height()
                item.setPos(x + lay.radius + 4, y - h / 2 - (lay.radius * 0.2 if lay.spacing > 30 else 0))

    def _line_numbers(self, l, dW):
        """∂C/∂W^l_jk written on the lines, when there are few enough to read."""
        if dW.size > MAX_LINE_LABELS:
            return
        for j in range(dW.shape[0]):
            for k in range(dW.shape[1]):
                line = self.lines[l].line_at(j, k)
                text = fmt(dW[j, k])
                if self.value_labels:  # a tiny network: room to say what the number is
                    text = f"∂C/∂{geometry.pretty_name('W', l, j, k, scalar=dW.size == 1)} = {text}"
                item = NumberItem(text)
                item.plate = QColor(255, 255, 255, 235)
                # each source neuron k gets its own distance along the lines: labels of one fan
                # are then apart vertically, and different fans apart horizontally
                n_in = dW.shape[1]
                t = 0.5 if n_in == 1 else 0.22 + 0.45 * k / (n_in - 1)
                point = line.pointAt(t)
                rect = item.boundingRect()
                item.setPos(point.x() - rect.width() / 2, point.y() - rect.height() / 2)
                self._add(item)
                self.line_labels.append(item)

    def number_text(self, l, j):
        """The number shown beside neuron j of layer l ('' when none is shown)."""
        item = self.numbers[l][j]
        return item.text() if item.isVisible() else ""

    # ---- the caption ------------------------------------------------------------------------------
    def _update_caption(self, text=None):
        self._phase_caption = text
        self._render_caption()

    def _set_note(self, note, warning=False):
        self._note = (note, warning) if note else None
        self._render_caption()

    def _render_caption(self):
        text = getattr(self, "_phase_caption", None)
        if text is None:
            text = DEFAULT_CAPTION.format(pos=palette.POSITIVE.name(), neg=palette.NEGATIVE.name())
            if not self.biases:
                text = text.replace(" squares are biases.", " no layer has a bias.")
        if self._note:  # replaces the caption until the next click: the caption has room for two lines
            note, warning = self._note
            color = "#be1428" if warning else INK.name()
            text = f"<span style='color:{color}'>{note}</span>"
        self.caption.setHtml(text)

    def caption_text(self):
        return self.caption.toPlainText()
