"""What the data plot shows of one neuron, and the confusion matrix below it.

A mixin of DataPlot (gui/plots/data.py): while the pointer is on a neuron of the diagram, the plane
shows that neuron instead of the output —
    Forward   its activation a^l_j over the plane, the samples over it;
    Backward  the training samples coloured by δ^l_j (a column entry of Δ^l each) over a faint map of
              the output's sensitivity ∂a^L/∂z^l_j (gui/neuron_maps.py, core/maps.py).
Leaving the neuron returns to the output.
"""
import pyqtgraph as pg

from core.accuracy import confusion_matrix

from .. import palette
from ..neuron_maps import DELTA_POWER, LARGE_GRID, diverging_rgb, per_neuron_scaled

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sup(n):
    return str(n).translate(_SUP)


def _sub(n):
    return str(n).translate(_SUB)


def confusion_html(outputs, Y, names=()):
    """A small table: rows the true class, columns the predicted one, the diagonal in bold."""
    counts = confusion_matrix(outputs, Y)
    if counts is None:
        return ""
    n = len(counts)
    label = lambda c: names[c] if c < len(names) else str(c)  # noqa: E731
    head = "".join(f"<td align='right'>&nbsp;{label(c)}</td>" for c in range(n))
    rows = "".join("<tr><td>" + label(t) + "&nbsp;</td>" + "".join(
        f"<td align='right'>{'<b>' if t == p else ''}{counts[t, p]}{'</b>' if t == p else ''}</td>"
        for p in range(n)) + "</tr>" for t in range(n))
    return f"<table cellspacing='0' cellpadding='1'><tr><td>true ↓ / given →</td>{head}</tr>{rows}</table>"



class NeuronOverlay:
    """Needs from the plot: controller, neuron_maps, neuron, mode, caption, image, train_points,
    test_points, _brushes, _pens, _points_xy, _recoloured, shared_brushes, _noted, _gate,
    _set_plane_image (and draws through controller.pacer)."""

    # ---- a neuron's map (the diagram asks while the pointer is on a neuron) -------------------
    def show_neuron(self, l, j, direction="forward"):
        """Show neuron j of layer l over the plane: its activation (forward) or, backward, the training
        samples coloured by its δ over a faint map of the output's sensitivity to its z."""
        if self.mode != "plane" or not self.neuron_maps.available():
            return
        self.neuron = (l, j, direction)
        self._gate.forget()
        self.controller.pacer.draw_now(self)

    def show_output(self):
        """Back to the network's output (the pointer left the neuron)."""
        if self.neuron is None:
            return
        self.neuron = None
        self._gate.forget()
        self.controller.pacer.draw_now(self)

    def _restore_points(self):
        """The samples as _set_points drew them, after a backward map recoloured them."""
        if not self._recoloured:
            return
        self._recoloured = False
        self.test_points.setVisible(self.controller.view["show_test"])
        for item in (self.train_points, self.test_points):
            if item in self._brushes:
                item.setData(*self._points_xy[item], brush=self._brushes[item], pen=self._pens[item])

    def _draw_neuron(self, data, net, l, j, direction):
        maps, n = self.neuron_maps, LARGE_GRID
        name = f"a{_sup(l)}{_sub(j)}" if direction == "forward" or l == 0 else f"δ{_sup(l)}{_sub(j)}"
        where = f"input {j}" if l == 0 else f"neuron {j} of layer {l}"
        if direction == "forward" or l == 0:
            self._restore_points()
            self._set_plane_image(maps.forward_rgb(n)[l][j])
            self.caption.setText(self._noted(f"<b>{name}</b> over the plane ({where}): "
                                             f"<span style='color:{palette.POSITIVE.name()}'>positive</span> / "
                                             f"<span style='color:{palette.NEGATIVE.name()}'>negative</span>"))
            return
        self._set_plane_image(maps.backward_rgb(n)[l][j])
        X, deltas = maps.deltas()
        colours = diverging_rgb(per_neuron_scaled(deltas[l][j:j + 1], DELTA_POWER)[0])
        self._recoloured = True
        self.train_points.setData(X[:, 0], X[:, 1], brush=self.shared_brushes(colours),
                                  pen=pg.mkPen(110, 110, 110, width=0.8))  # a sample with δ ≈ 0 is white
        self.test_points.setVisible(False)
        self.caption.setText(f"<b>{name}</b> per training sample (dots) over the output's sensitivity "
                             f"∂a<sup>L</sup>/∂z{_sup(l)}{_sub(j)} (faint): where {where} takes its blame")

