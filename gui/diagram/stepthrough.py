"""The diagram during a step-through: the active layer highlighted, its numbers on the neurons and lines.

`DiagramStepThrough` is a mixin of DiagramView (view.py) over DiagramScene (scene.py): when the
controller's phase changes (`phaseChanged`, a core.phases.Phase or None) it tints the active column,
writes activations, errors δ or gradients beside the neurons and on the lines of the layer the phase
works on, dims the lines the phase does not use, and sets the caption (words from explain.py).
"""
from PySide6.QtGui import QBrush, QColor

from .. import palette
from . import explain
from . import layout as geometry
from .items import INK, NumberItem
from .layout import fmt

MAX_LINE_LABELS = 16        # more gradient numbers than this on one matrix would be clutter
MIN_NUMBER_SPACING_PX = 15  # neurons closer than this on screen get no number beside them (it would overlap)


class DiagramStepThrough:
    """The phase's marks on the diagram (mixed in before DiagramScene, whose items it writes on)."""

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
        L = net.n_layers
        l = phase.layer
        if phase.kind == "forward":
            self._numbers(0, trace.A0[:, 0])
            for i in range(1, l + 1):
                self._numbers(i, trace.layers[i - 1].A[:, 0])
        elif phase.kind == "cost":
            out = trace.layers[-1].A[:, 0]
            self._numbers(L, out, [f"{fmt(a)}  (y = {fmt(y)})" for a, y in zip(out, trace.Y[:, 0])])
        elif phase.kind in ("bp1", "bp2"):
            for i in range(l, L + 1):
                self._numbers(i, trace.layers[i - 1].delta[:, 0])
        elif phase.kind == "gradients":
            t = trace.layers[l - 1]
            if t.db is not None:
                self._numbers(l, t.db, [f"∂b {fmt(v)}" for v in t.db])
            self._line_numbers(l, t.dW)
        text = explain.phase_caption(net, trace, phase, self.controller.trainer.optimizer.name)
        if self._numbers_hidden:
            text += explain.CROWDED_NOTE
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
        """Beside each neuron, on its right; on its left where the right would run off the diagram's
        edge (the output layer's "0.9976  (y = 1)" was cut to "0.9976 (y…")."""
        lay = self.layout_
        for l, row in enumerate(self.numbers):
            for j, item in enumerate(row):
                x, y = lay.neuron(l, j)
                rect = item.boundingRect()
                left = x + lay.radius + 4
                if left + rect.width() > lay.width - 2:
                    left = x - lay.radius - 4 - rect.width()
                item.setPos(left, y - rect.height() / 2 - (lay.radius * 0.2 if lay.spacing > 30 else 0))

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
