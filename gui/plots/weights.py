"""The weights plot: the trajectory of every weight and bias over steps.

All trajectories of one colour are one PlotDataItem: their points are joined
end to end with NaN separators (`connect='finite'`), so a network with
hundreds of parameters costs two items, not hundreds. Colours follow the sign
of each parameter's current value, as the diagram colours its lines. The
selected parameter is drawn again on top, thick, as its own curve.

The joined arrays go back and forth in x, which pyqtgraph's own downsampling
and clip-to-view assume never happens, so these two items sit in the ViewBox
directly and are decimated here instead: the rows in view, reduced to at most
one (min, max) pair per pixel column and parameter (`decimate`).
"""
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from .. import palette
from .base import LivePlot, mark_lone_point

MAX_POINTS = 100_000  # points drawn for all trajectories together, however many parameters there are
MAX_CURVES = 500  # beyond this many parameters, an evenly spaced sample of their curves is drawn
PIXELS_PER_BUCKET = 3  # one (min, max) pair per three pixel columns looks the same, with a third of the points
MIN_BUCKETS = 16
CLICK_TOLERANCE_PX = 6.0


def decimate(steps, params, x_range=None, buckets=512):
    """(xs (K,), ys (K, n)): the rows of `params` whose step lies in x_range (plus one beyond each end),
    peak-decimated to `buckets` (min, max) pairs when there are more rows than that; the last row is
    always kept, so every trajectory ends at its latest value."""
    lo, hi = 0, len(steps)
    if x_range is not None and len(steps):
        lo = max(0, int(np.searchsorted(steps, x_range[0], "left")) - 1)
        hi = min(len(steps), int(np.searchsorted(steps, x_range[1], "right")) + 1)
    steps, params = steps[lo:hi], params[lo:hi]
    if len(steps) <= 2 * buckets:
        return steps.astype(float), params
    starts = np.linspace(0, len(steps), buckets, endpoint=False).astype(np.intp)
    low = np.minimum.reduceat(params, starts, axis=0)
    high = np.maximum.reduceat(params, starts, axis=0)
    xs = np.append(np.repeat(steps[starts].astype(float), 2), float(steps[-1]))
    ys = np.empty((2 * buckets + 1, params.shape[1]))
    ys[0:-1:2], ys[1:-1:2], ys[-1] = low, high, params[-1]
    return xs, ys


def drawn_columns(n, limit=MAX_CURVES, always=None):
    """The parameters whose curves are drawn: all of them, or every k-th when there are more than
    `limit` (thousands of overlapping curves read as one band, and cost a frame to draw), with the
    parameter `always` (the selected one) among them."""
    columns = np.arange(0, n, max(1, -(-n // limit)))
    if always is not None and 0 <= always < n and len(columns) < n:
        columns = np.union1d(columns, [always])
    return columns


def parameter_name(network, index):
    """'W2[0,1]' for W^2_01, 'b1[3]' for b^1_3: the name Network.parameter_names() gives `index`,
    without making a million of them."""
    kind, l, j, k = network.locate(index)
    return f"W{l}[{j},{k}]" if kind == "W" else f"b{l}[{j}]"


def sample_note(drawn, n):
    """The caption's note when a sample of the curves is drawn."""
    return f"showing {drawn:,} of {n:,} weights and biases" if drawn < n else ""


def nan_joined(xs, ys):
    """Trajectories ys[:, i] over xs, laid end to end with a NaN between them: two flat arrays."""
    k, n = ys.shape
    x = np.empty((n, k + 1))
    x[:, :k], x[:, k] = xs, np.nan
    y = np.empty((n, k + 1))
    y[:, :k], y[:, k] = ys.T, np.nan
    return x.ravel(), y.ravel()


def nearest_trajectory(steps, params, x, y, px, py, tolerance=CLICK_TOLERANCE_PX):
    """The column of `params` whose line (over `steps`) passes closest to the point (x, y), if it is
    within `tolerance` pixels; px, py are the data units of one pixel. Else None."""
    if len(steps) == 0 or params.shape[1] == 0 or not (px > 0 and py > 0):
        return None
    lo = max(0, int(np.searchsorted(steps, x - tolerance * px, "left")) - 1)
    hi = min(len(steps), int(np.searchsorted(steps, x + tolerance * px, "right")) + 1)
    if hi <= lo:
        return None
    X = (steps[lo:hi] - x) / px  # offsets from the click, in pixels
    Y = (params[lo:hi] - y) / py
    if hi - lo == 1:
        dist = np.hypot(X[0], Y[0])
    else:
        ax, bx = X[:-1, None], X[1:, None]
        ay, by = Y[:-1], Y[1:]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.clip(np.where(length2 > 0, -(ax * dx + ay * dy) / length2, 0.0), 0.0, 1.0)
        dist = np.hypot(ax + t * dx, ay + t * dy).min(axis=0)
    best = int(np.argmin(dist))
    return best if dist[best] <= tolerance else None


class WeightsPlot(LivePlot):
    title = "every W and b"

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        self.setObjectName("weightsPlot")
        self.vb = self.plot.getViewBox()
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(palette.NEUTRAL, style=Qt.DashLine)))
        self.positive = pg.PlotDataItem(pen=pg.mkPen(palette.weight_color(1, 190), width=1), connect="finite")
        self.negative = pg.PlotDataItem(pen=pg.mkPen(palette.weight_color(-1, 190), width=1), connect="finite")
        self.selected = self.plot.plot(pen=pg.mkPen(palette.SELECTED, width=3), antialias=True)
        self.selected.setObjectName("weightsSelected")
        for item, name in ((self.positive, "weightsPositive"), (self.negative, "weightsNegative")):
            item.setObjectName(name)
            item.setDownsampling(ds=1, auto=False)  # decimated here, see the module's docstring
            item.setClipToView(False)
            self.vb.addItem(item)
        self.selected.setZValue(10)
        self.caption.setToolTip("Every weight and bias over the steps: blue positive, orange negative "
                                "(as in the diagram). Click a curve to select that parameter.")
        self.widget.scene().sigMouseClicked.connect(self._clicked)
        self.vb.sigXRangeChanged.connect(self._range_changed)
        controller.selectionChanged.connect(self._selection_changed)

    def axis_labels(self):
        return "step", "value"

    def rebuild(self):
        self._gate.forget()
        n = self.controller.network.n_params
        # One-pixel (cosmetic) pens: Qt's raster engine strokes a wider antialiased pen about 20 times
        # slower (13 ms against 0.7 ms for 25 trajectories), which would cost the training its frames.
        for item, sign in ((self.positive, 1), (self.negative, -1)):
            item.setPen(pg.mkPen(palette.weight_color(sign, 230 if n <= 60 else 170), width=1))
            item.opts["antialias"] = n <= 60

    def _range_changed(self):
        if not self.range.following:  # the learner zoomed or panned: draw the rows now in view
            self._gate.forget()
            self.request()

    def _buckets(self, n_params):
        width = int(self.vb.width()) or 400
        return max(MIN_BUCKETS, min(width // PIXELS_PER_BUCKET, MAX_POINTS // max(1, 2 * n_params)))

    def refresh(self):
        history = self.controller.trainer.history
        drawn = drawn_columns(history.params.shape[1], always=self.controller.selected)
        signs = np.signbit(self.controller.network.params[drawn])  # (of the curves drawn: their colours)
        if not self._gate.changed(history, (signs.tobytes(), drawn.tobytes())):
            return
        self.redraws += 1
        x_range = None if self.range.following else self.vb.viewRange()[0]
        xs, ys = decimate(history.steps, history.params[:, drawn], x_range, self._buckets(len(drawn)))
        for item, columns in ((self.positive, ~signs), (self.negative, signs)):
            if len(xs) and columns.any():
                item.setData(*nan_joined(xs, ys[:, columns]))
            else:
                item.setData(np.zeros(0), np.zeros(0))
            mark_lone_point(item, len(xs) == 1)
        if len(xs):
            self.range.follow(history.steps[0], history.steps[-1], ys.min(), ys.max())
        self._draw_selected()

    def _draw_selected(self):
        history, index = self.controller.trainer.history, self.controller.selected
        n = history.params.shape[1]
        note = sample_note(len(drawn_columns(n, always=index)), n)
        if index is None or index >= n:
            self.selected.setData(np.zeros(0), np.zeros(0))
            self.caption.setText(f"{self.title} · {note or f'{n:,}'} · click a curve to select it")
            return
        self.selected.setData(history.steps, history.params[:, index])
        mark_lone_point(self.selected, len(history.steps) == 1)
        network = self.controller.network
        name = parameter_name(network, index) if index < network.n_params else f"#{index}"
        value = network.params[index]
        self.caption.setText(f"{self.title} · selected <b style='color:{palette.SELECTED.name()}'>{name} = "
                             f"{value:.5g}</b>{' · ' + note if note else ''}")

    def _selection_changed(self, index):
        if self.isVisible():
            self._draw_selected()
        else:  # drawn when shown
            self._gate.forget()
        n = self.controller.network.n_params
        if not self.isVisible() or len(drawn_columns(n)) < n:
            self.request()  # (a sample of the curves takes the selected one in)

    def _clicked(self, event):
        if event.button() != Qt.LeftButton or not self.vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.vb.mapSceneToView(event.scenePos())
        px, py = self.vb.viewPixelSize()
        history = self.controller.trainer.history
        index = nearest_trajectory(history.steps, history.params, point.x(), point.y(), px, py)
        self.controller.select(index)
        event.accept()
