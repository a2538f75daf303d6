"""The gradient-flow plot: ‖∂C/∂W^l‖ (Frobenius) of each layer over the steps, on a log scale.

Read from the history (recorded with the loss, see core/history.py). Layers near the input
drawn light, near the output dark: a deep sigmoid network shows its vanishing gradients as a
fan of lines decades apart, the light ones at the bottom.
"""
import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from .. import palette
from .base import LivePlot
from .loss import LossAxis

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def layer_colour(l, L):
    """From a light blue (layer 1) to a dark blue (layer L)."""
    t = 0.0 if L <= 1 else (l - 1) / (L - 1)
    light, dark = np.array([140, 190, 235]), np.array([10, 40, 110])
    r, g, b = (light + t * (dark - light)).astype(int)
    return QColor(int(r), int(g), int(b))


class GradientFlowPlot(LivePlot):
    title = "gradient flow: ‖∂C/∂W<sup>l</sup>‖ per layer (the step before each point)"

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        self.setObjectName("gradientFlowPlot")
        self.legend = self.plot.addLegend(offset=(-8, 8), labelTextColor=palette.TEXT,
                                           brush=QColor(palette.BACKGROUND.red(), palette.BACKGROUND.green(),
                                                        palette.BACKGROUND.blue(), 200))
        self.curves = []
        self.plot.setLogMode(y=True)

    def axis_labels(self):
        return "step", "‖∂C/∂W‖"

    def axis_items(self):
        return {"left": LossAxis("left")}

    def rebuild(self):
        self._gate.forget()
        L = self.controller.trainer.network.n_layers
        if len(self.curves) == L:
            return
        for curve in self.curves:
            self.plot.removeItem(curve)
        self.legend.clear()
        self.curves = []
        for l in range(1, L + 1):
            curve = self.plot.plot(pen=pg.mkPen(layer_colour(l, L), width=1), antialias=True)
            self.curves.append(curve)
            if L <= 12:  # a legend for 32 layers would cover the plot: the colours run light to dark
                self.legend.addItem(curve, f"W{str(l).translate(_SUP)}")

    def refresh(self):
        history = self.controller.trainer.history
        if not self._gate.changed(history):
            return
        self.redraws += 1
        norms = history.grad_norms
        if norms.shape[1] != len(self.curves):
            self.rebuild()
        steps = history.steps
        with np.errstate(all="ignore"):
            for l, curve in enumerate(self.curves):
                values = norms[:, l]
                ok = np.isfinite(values) & (values > 0)
                curve.setData(steps[ok], values[ok])
            shown = norms[np.isfinite(norms) & (norms > 0)]
        if len(shown) and len(steps):
            self.range.follow(steps[0], steps[-1], np.log10(shown.min()), np.log10(shown.max()))
