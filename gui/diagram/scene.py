"""The diagram's drawing: the scene's items, where they go, and what they show.

`DiagramScene` is the drawing half of DiagramView (view.py): it builds the items of items.py at the
places layout.py computes, keeps their colours and widths in step with the weights, draws the
selection, puts a step-through phase's numbers on the neurons and lines, and writes the caption.
The words come from explain.py; what a click or a key does is interaction.py's.

The scene is rebuilt when the network is replaced (`rebuild`, on networkChanged); while training
only the pens and bias colours are updated (`refresh_values`), so a frame costs a few numpy
operations, not a new scene. New kinds of item (a neuron's map, a card) are built in `rebuild`,
placed in `_place` and refreshed in `refresh_values` or `_show_phase`.
"""
import numpy as np

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView

from core import edits

from .. import palette
from . import explain
from . import features as feature_chips
from . import layout as geometry
from .items import COLUMN_FILL, INK, MUTED, BiasItem, ButtonItem, NeuronItem, NumberItem, WeightLinesItem, font
from .layout import fmt

DIMMED_FADE = 0.78          # lines a step-through phase does not use are this much paler
MAX_VALUE_LABELS = 6        # networks this small (the seed's) show every weight's value on its line
# at full speed the lines follow the weights at most this often: between two frames their colours and
# quarter-pixel widths barely change, and repainting a few hundred antialiased lines costs milliseconds
VALUES_INTERVAL_S = 1 / 15
VALUES_SHARE = 0.06  # ...and, for a large network, spend at most this share of the time on it (drawing
# has a fifth in all at full speed, see gui/pacing.py: the costly views take their turns in the rest)
# ...and re-colour at most about this many lines per redraw, the matrices taking turns: repainting the
# 7,400 lines of the editor's largest network (8 hidden layers of 32) takes some 25 ms, too long for one frame
LINES_PER_DRAW = 2_500


class DiagramScene(QGraphicsView):
    """The drawing half of DiagramView; reads `self.controller` and never changes the model.

    The step-through marks (`_show_phase`, `_numbers`, `_lines_in_use`) come from
    stepthrough.DiagramStepThrough, mixed in beside this class."""

    # ---- building --------------------------------------------------------------------------------
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
        self.titles = [(self._text(explain.layer_title(net, l), 10, True),
                        self._text(explain.layer_subtitle(net, l), 9, color=MUTED)) for l in range(len(net.sizes))]
        self.counts = [self._text(explain.count_text(net, l), 9, color=INK if 1 <= l < net.n_layers else MUTED)
                       for l in range(len(net.sizes))]
        self.header = self._text(explain.hidden_text(net), 10, True)
        self.buttons = self._make_buttons(net)
        self.feature_lines = []  # (the scene was cleared: the old ones are gone)
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
        buttons.update(feature_chips.make_chips(self))  # for points (x1, x2): the input features
        for button in buttons.values():
            self._add(button)
        return buttons

    # ---- placing (on build and on every resize) --------------------------------------------------
    def _place(self):
        net = self.controller.network
        size = self.viewport().size()
        lay = geometry.compute(net.sizes, size.width(), size.height(),
                               top=self._room_for_switch(size.width(), size.height()))
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
                count.setText(explain.count_text(net, l, short))
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
        feature_chips.place_chips(self, lay)
        self.caption.setTextWidth(lay.width - 2 * geometry.MARGIN)
        self.caption.setPos(geometry.MARGIN, lay.caption_y)
        # a view smaller than the legible minimum shows the diagram scaled down, and past MIN_SCALE scrolls;
        # projector mode (gui/projector.py) zooms on top of that, scrolling too
        scale, scrolls = geometry.view_scale(lay, size.width(), size.height())
        zoom = getattr(self, "_zoom", 1.0)
        policy = Qt.ScrollBarAsNeeded if scrolls or zoom > 1 else Qt.ScrollBarAlwaysOff
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        self.resetTransform()
        if scale * zoom != 1.0:
            self.scale(scale * zoom, scale * zoom)
        # when it scrolls, the top first: the header (how many hidden layers, [−] [+]) and each layer's
        # name and neuron count, then the neurons a scroll down
        self.centerOn(lay.width / 2, 0 if scrolls or zoom > 1 else lay.height / 2)
        self.refresh_values()
        self._place_numbers()
        self._place_neuron_views()

    def set_zoom(self, zoom):
        """Projector mode: the diagram `zoom` times larger, scrolling when it no longer fits."""
        if zoom == getattr(self, "_zoom", 1.0):
            return
        self._zoom = zoom
        policy = Qt.ScrollBarAsNeeded if zoom > 1 else Qt.ScrollBarAlwaysOff
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        if self.layout_ is not None:
            self._place()

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

    # ---- live values -----------------------------------------------------------------------------
    def draw(self):
        """Called by the controller's pacer after steps (gui/pacing.py; at full speed at most every
        VALUES_INTERVAL_S, and on pause). At full speed a large network's matrices take turns."""
        playing_fast = self.controller.playing and self.controller.full_speed
        if self.refresh_values(line_budget=LINES_PER_DRAW if playing_fast else None) is False and playing_fast:
            self.controller.pacer.request(self)  # the other matrices at the next turn (all of them on pause)

    def _matrices_this_time(self, line_budget):
        """The layers whose lines a redraw re-colours: all, or the next few in turn holding about
        `line_budget` lines."""
        layers = list(self.lines)
        if line_budget is None or sum(item.drawn_count for item in self.lines.values()) <= line_budget:
            return layers
        start = getattr(self, "_line_turn", 0) % len(layers)
        chosen, count = [], 0
        for l in layers[start:] + layers[:start]:
            chosen.append(l)
            count += self.lines[l].drawn_count
            if count >= line_budget:
                break
        self._line_turn = start + len(chosen)
        return chosen

    def refresh_values(self, line_budget=None):
        """Pens and bias colours from the current weights (or, for the layer whose gradients a
        step-through phase shows, from ∂C/∂W^l). Called after steps (see `draw`) and when the
        network or the phase changes. `line_budget`: re-colour only some matrices, in turn; returns
        whether all of them were."""
        if not self._in_sync():
            return
        net = self.controller.network
        phase = self.controller.phase
        max_abs = max(float(np.max(np.abs(W))) for W in net.weights)
        thickest = self.layout_.line_width_limit()
        used = self._lines_in_use(phase)
        matrices = self._matrices_this_time(line_budget)
        for l in matrices:
            item = self.lines[l]
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
            item.setVisible(phase is None or phase.kind != "gradients" or phase.layer != l)
        if self.value_labels:  # beside their lines, clear of each other, the neurons and the biases
            keys = list(self.value_labels)
            sizes = [self.value_labels[key].boundingRect() for key in keys]
            places = geometry.label_places(self.layout_, [(*key, r.width(), r.height()) for key, r in zip(keys, sizes)])
            for key, (left, top) in zip(keys, places):
                self.value_labels[key].setPos(left, top)
        self._show_selection(self.controller.selected)
        return len(matrices) == len(self.lines)

    def _settings_changed(self):
        self.switch.setVisible(self.neuron_maps.available())
        self.refresh_maps(force=True)  # new data: a new plane
        # a new batch size, cost or data changes the next step, so the numbers of a phase too
        if self.controller.phase is not None:
            self._show_phase(self.controller.phase)

    # ---- selection -------------------------------------------------------------------------------
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
        hollow = self.maps_shown()  # (once: a layer of 1,000 neurons restyles on every selection)
        for l, row in enumerate(self.neurons):
            for j, item in enumerate(row):
                item.set_look(selected=self.selected_neuron == (l, j), active=l in active,
                              mark=self.neuron_pen(l, j), hollow=hollow)

    # ---- the caption -----------------------------------------------------------------------------
    def _update_caption(self, text=None):
        self._phase_caption = text
        self._render_caption()

    def _set_note(self, note, warning=False):
        self._note = (note, warning) if note else None
        self._render_caption()

    def _render_caption(self):
        text = getattr(self, "_phase_caption", None)
        if text is None:
            text = explain.default_caption(palette.POSITIVE.name(), palette.NEGATIVE.name(), bool(self.biases))
            text += explain.sampled_lines_note([(l, item.drawn_count, item.weight_count) for l, item in
                                                self.lines.items() if item.drawn_count < item.weight_count])
        if self._note:  # replaces the caption until the next click: the caption has room for two lines
            note, warning = self._note
            color = "#be1428" if warning else INK.name()
            text = f"<span style='color:{color}'>{note}</span>"
        self.caption.setHtml(text)

    def caption_text(self):
        return self.caption.toPlainText()
