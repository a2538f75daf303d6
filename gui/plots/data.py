"""The data plot: the data and what the network does with it.

Four pictures, chosen by the data:
    plane   2-D classification: the network's output as a heatmap over the input plane,
            the samples on top (train: white outline, test: black outline), as in
            TensorFlow Playground. Softmax outputs colour each region by its class.
    curve   1-D regression: the fitted curve over the samples.
    steps   a handful of samples (the seed's networks): each output over the steps,
            with its target as a dashed line: a = W·x climbing to y = 50.1.
    fit     anything else (e.g. a CSV with many inputs): prediction against target.
"""
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from core import activations
from core.accuracy import confusion_matrix

from .. import palette
from ..neuron_maps import DELTA_POWER, LARGE_GRID, NeuronMaps, diverging_rgb, per_neuron_scaled
from .base import LivePlot

GRID = 60  # the heatmap is the network evaluated on GRID × GRID points, once per frame at most
CURVE_POINTS = 200
STEPS_MODE_MAX_SAMPLES = 4
MAX_FIT_POINTS = 2000
HEAT_STRENGTH = 0.5  # how far a confident region moves from white towards its class colour
CLASS_COLORS = (palette.POSITIVE, palette.NEGATIVE, QColor(46, 160, 67), QColor(140, 80, 170),
                QColor(200, 60, 60), QColor(110, 110, 110))


def choose_mode(data):
    if len(data.X_train) + len(data.X_test) <= STEPS_MODE_MAX_SAMPLES:
        return "steps"
    if data.n_inputs == 2 and data.task in ("binary", "multiclass"):
        return "plane"
    if data.n_inputs == 1:
        return "curve"
    return "fit"


def _rgb(color):
    return np.array([color.red(), color.green(), color.blue()], dtype=float)


def point_colours(Y, middle):
    """A colour per sample: for one output, blue above `middle` (the positive class), orange below;
    for several outputs (one-hot), the colour of the largest."""
    if Y.shape[1] > 1:
        return [CLASS_COLORS[c % len(CLASS_COLORS)] for c in np.argmax(Y, axis=1)]
    return [CLASS_COLORS[0] if y > middle else CLASS_COLORS[1] for y in Y[:, 0]]


def heat_colours(outputs, y_low, y_high):
    """(N, 3) uint8 colours for network outputs (N, n_L): white where undecided, towards the class colour
    where confident. One output: its position between y_low and y_high (−1/+1 or 0/1)."""
    n = outputs.shape[1]
    if n == 1:
        t = (2 * outputs[:, 0] - (y_low + y_high)) / max(y_high - y_low, 1e-12)
        t = np.clip(np.nan_to_num(t), -1.0, 1.0)
        colour = np.where(t[:, None] > 0, _rgb(CLASS_COLORS[0]), _rgb(CLASS_COLORS[1]))
        strength = np.abs(t) * HEAT_STRENGTH
    else:
        p = np.clip(np.nan_to_num(outputs), 0.0, None)
        p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
        best = np.argmax(p, axis=1)
        palette_rgb = np.array([_rgb(CLASS_COLORS[c % len(CLASS_COLORS)]) for c in range(n)])
        colour = palette_rgb[best]
        strength = (p.max(axis=1) - 1.0 / n) / (1.0 - 1.0 / n) * HEAT_STRENGTH
    rgb = 255.0 + strength[:, None] * (colour - 255.0)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def outputs_over_history(network, params_rows, X):
    """(R, m, n_L): the network's outputs on samples X (m, n_0), once for each row of parameters
    (the history), all rows at once. Same layout as Network.params: per layer the block [W^l | b^l]."""
    R, m = len(params_rows), len(X)
    A = np.broadcast_to(np.asarray(X, float).T, (R, network.sizes[0], m))
    start = 0
    for l, block in enumerate(network.blocks):
        n, width = block.shape
        n_prev = network.sizes[l]
        Wb = params_rows[:, start:start + n * width].reshape(R, n, width)
        start += n * width
        Z = Wb[:, :, :n_prev] @ A
        if network.bias[l]:
            Z = Z + Wb[:, :, n_prev][:, :, None]
        f = activations.get(network.activations[l]).f
        # activations work on columns (n_l, samples): treat every (row, sample) pair as a column
        A = f(Z.transpose(1, 0, 2).reshape(n, R * m)).reshape(n, R, m).transpose(1, 0, 2)
    return A.transpose(0, 2, 1)


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
    return (f"<table cellspacing='0' cellpadding='1'><tr><td>true ↓ / given →</td>{head}</tr>{rows}</table>")


def _samples(data):
    train = f"<span style='color:{palette.TRAIN.name()}'>train</span>"
    test = f"<span style='color:{palette.TEST.name()}'>test</span>"
    return f"{train} and {test} samples" if len(data.X_test) else f"{train} samples"


class DataPlot(LivePlot):
    title = ""
    # the prediction changes slowly and its heatmap costs a forward pass over a 60×60 grid plus an
    # image: four times a second shows it just as well and leaves the frames to the training
    min_interval = 0.25

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        self.setObjectName("dataPlot")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1), brush=pg.mkBrush(150, 150, 150),
                                               name="train")
        self.test_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen(30, 30, 30, width=1.2),
                                              brush=pg.mkBrush(150, 150, 150), name="test")
        self._pens = {self.train_points: pg.mkPen("w", width=1), self.test_points: pg.mkPen(30, 30, 30, width=1.2)}
        for item in (self.train_points, self.test_points):
            self.plot.addItem(item)
        self.legend = pg.LegendItem(offset=(-8, 8), labelTextColor=(60, 60, 60), brush=(255, 255, 255, 200))
        self.legend.setParentItem(self.plot.getViewBox())
        self.curves = []        # fitted curve or outputs over steps
        self.target_lines = []  # the targets in steps mode, the identity in fit mode
        self.mode = None
        self._data = self._key = None
        self._grid = None
        self.neuron_maps = NeuronMaps(controller)  # the window shares its own with the diagram
        self.neuron = None  # (l, j, "forward" or "backward"): a neuron's map shown instead of the output
        self._output_caption = ""
        self.confusion = QLabel(objectName="confusionMatrix")
        self.confusion.setTextFormat(Qt.RichText)
        self.confusion.setStyleSheet("color: #3c3c3c; padding: 0 6px;")
        self.confusion.setToolTip("Confusion matrix on the training set: rows are the true class, columns the "
                                  "class the network gives; the diagonal counts the samples it gets right")
        self.confusion.hide()
        self.layout().addWidget(self.confusion)

    # ---- a neuron's map (the diagram asks while the mouse is over a neuron) -------------------
    def show_neuron(self, l, j, direction="forward"):
        """Show neuron j of layer l over the plane: its activation (forward) or, backward, the training
        samples coloured by its δ over a faint map of the output's sensitivity to its z."""
        if self.mode != "plane" or not self.neuron_maps.available():
            return
        self.neuron = (l, j, direction)
        self._gate.forget()
        self._draw_now()

    def show_output(self):
        """Back to the network's output (the mouse left the neuron)."""
        if self.neuron is None:
            return
        self.neuron = None
        self._gate.forget()
        self._draw_now()

    # ---- structure: what to draw for this data and network -----------------------------------
    def rebuild(self):
        trainer = self.controller.trainer
        data, net = trainer.data, trainer.network
        key = (net.sizes, net.activations, net.bias)
        self._gate.forget()
        if data is self._data and key == self._key:  # (the data object is kept, so `is` cannot be fooled)
            return
        self._data, self._key = data, key
        self.neuron = None
        self.mode = choose_mode(data)
        for item in self.curves + self.target_lines:
            self.plot.removeItem(item)
        self.curves, self.target_lines = [], []
        self.legend.clear()
        self.legend.setOffset((-8, -8) if self.mode == "steps" else (-8, 8))  # where the curves are not
        self.image.setVisible(self.mode == "plane")
        self.plot.setAspectLocked(self.mode == "plane")
        getattr(self, f"_build_{self.mode}")(data, net)

    def _labels(self, x, y, caption):
        self.plot.setLabel("bottom", x, color="#3c3c3c")
        self.plot.setLabel("left", y, color="#3c3c3c")
        self.caption.setText(caption)

    def _set_points(self, data, x_of, y_of, brushes_of):
        """Put the train and test samples on the plot; brushes_of(X, Y, train) gives a colour per sample."""
        self._brushes = {}
        self._points_xy = {}
        self._recoloured = False
        for item, X, Y, train in ((self.train_points, data.X_train, data.Y_train, True),
                                  (self.test_points, data.X_test, data.Y_test, False)):
            if len(X):
                self._brushes[item] = [pg.mkBrush(c) for c in brushes_of(X, Y, train)]
                self._points_xy[item] = (x_of(X, Y), y_of(X, Y))
                item.setData(*self._points_xy[item], brush=self._brushes[item])
                # no legend entry: over the samples it would hide some; the caption explains the colours
            else:
                item.setData([], [])

    def _build_plane(self, data, net):
        X = np.vstack([data.X_train, data.X_test])
        low, high = X.min(axis=0), X.max(axis=0)
        margin = 0.08 * np.maximum(high - low, 1e-9)
        low, high = low - margin, high + margin
        self._plane = (low, high)
        cx = low[0] + (np.arange(GRID) + 0.5) * (high[0] - low[0]) / GRID
        cy = low[1] + (np.arange(GRID) + 0.5) * (high[1] - low[1]) / GRID
        gx, gy = np.meshgrid(cx, cy)  # row r is y = cy[r]: row 0 is at the bottom of the view
        self._grid = np.column_stack([gx.ravel(), gy.ravel()])
        Y = np.vstack([data.Y_train, data.Y_test])
        self._y_range = (float(Y.min()), float(Y.max())) if Y.shape[1] == 1 else (0.0, 1.0)
        middle = 0.5 * sum(self._y_range)
        self._set_points(data, lambda X_, Y_: X_[:, 0], lambda X_, Y_: X_[:, 1],
                         lambda X_, Y_, train: point_colours(Y_, middle))
        names = data.input_names or ("x1", "x2")
        if Y.shape[1] > 1:
            classes = ", ".join(f"<span style='color:{CLASS_COLORS[c % len(CLASS_COLORS)].name()}'>"
                                f"{data.output_names[c] if c < len(data.output_names) else c}</span>"
                                for c in range(Y.shape[1]))
            caption = f"the network's class: {classes}"
        else:
            caption = (f"the network's output: <span style='color:{CLASS_COLORS[0].name()}'>"
                       f"positive</span> / <span style='color:{CLASS_COLORS[1].name()}'>negative</span>")
        caption += " · test samples edged black" if len(data.X_test) else ""
        self._output_caption = caption
        self._labels(names[0], names[1], caption)

    def _build_curve(self, data, net):
        X = np.vstack([data.X_train, data.X_test])
        low, high = float(X.min()), float(X.max())
        pad = 0.05 * max(high - low, 1e-9)
        self._xs = np.linspace(low - pad, high + pad, CURVE_POINTS)
        self._set_points(data, lambda X_, Y_: X_[:, 0], lambda X_, Y_: Y_[:, 0],
                         lambda X_, Y_, train: [palette.TRAIN if train else palette.TEST] * len(X_))
        curve = self.plot.plot(pen=pg.mkPen(30, 30, 30, width=2.5), antialias=True)
        self.curves.append(curve)
        x_name = data.input_names[0] if data.input_names else "x"
        y_name = data.output_names[0] if data.output_names else "y"
        more = f" (first of {data.n_outputs} outputs)" if data.n_outputs > 1 else ""
        self._labels(x_name, y_name, f"the network's curve{more} over the {_samples(data)}")

    def _build_steps(self, data, net):
        self.train_points.setData([], [])
        self.test_points.setData([], [])
        X, Y = data.X_train, data.Y_train
        shades = (palette.TRAIN, palette.TEST, QColor(46, 160, 67), QColor(140, 80, 170))
        targets = []
        for i in range(len(X)):
            for k in range(Y.shape[1]):
                colour = shades[(i * Y.shape[1] + k) % len(shades)]
                curve = self.plot.plot(pen=pg.mkPen(colour, width=2.5), antialias=True)
                line = pg.InfiniteLine(pos=Y[i, k], angle=0, pen=pg.mkPen(colour, width=1.5, style=Qt.DashLine))
                self.plot.addItem(line)
                self.curves.append(curve)
                self.target_lines.append(line)
                targets.append(f"{Y[i, k]:g}")
        if self.curves:
            self.legend.addItem(self.curves[0], "output a" if len(self.curves) == 1 else "outputs")
            sample = pg.PlotDataItem(pen=self.target_lines[0].pen)
            self.legend.addItem(sample, "target y")
        self._labels("step", "output a", f"output a over the steps · target y = {', '.join(targets)}")

    def _build_fit(self, data, net):
        first = lambda X_, Y_: Y_[:MAX_FIT_POINTS, 0]  # noqa: E731  (the predictions replace y when drawn)
        self._set_points(data, first, first, lambda X_, Y_, train: [palette.TRAIN if train else palette.TEST]
                         * min(len(X_), MAX_FIT_POINTS))
        line = pg.InfiniteLine(pos=(0, 0), angle=45, pen=pg.mkPen(palette.NEUTRAL, style=Qt.DashLine))
        self.plot.addItem(line)
        self.target_lines.append(line)
        y_name = data.output_names[0] if data.output_names else "y"
        self._labels(f"target {y_name}", f"prediction of {y_name}",
                     f"prediction against target for the {_samples(data)}; on the diagonal it is exact")

    # ---- drawing ------------------------------------------------------------------------------
    def refresh(self):
        trainer = self.controller.trainer
        if not self._gate.changed(trainer.history, (trainer.step_count, id(trainer.network), self.neuron)):
            return
        self.redraws += 1
        with np.errstate(all="ignore"):
            getattr(self, f"_draw_{self.mode}")(trainer.data, trainer.network)

    def _draw_plane(self, data, net):
        self.confusion.setVisible(data.n_outputs > 1)
        if data.n_outputs > 1:
            self.confusion.setText(confusion_html(net.forward(data.X_train[:2000]), data.Y_train[:2000],
                                                  data.output_names))
        if self.neuron is not None and self.neuron[0] <= net.n_layers and self.neuron[1] < net.sizes[self.neuron[0]]:
            self._draw_neuron(data, net, *self.neuron)
            return
        if self.neuron is not None:
            self.neuron = None
        self.caption.setText(self._output_caption)
        self._restore_point_colours()
        colours = heat_colours(net.forward(self._grid), *self._y_range)
        self._set_plane_image(colours.reshape(GRID, GRID, 3))

    def _restore_point_colours(self):
        """The samples as _set_points drew them, after a backward map recoloured them."""
        if not self._recoloured:
            return
        self._recoloured = False
        for item in (self.train_points, self.test_points):
            item.setVisible(True)
            if item in self._brushes:
                item.setData(*self._points_xy[item], brush=self._brushes[item], pen=self._pens[item])

    def _set_plane_image(self, rgb):
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        low, high = self._plane
        self.image.setRect(QRectF(low[0], low[1], high[0] - low[0], high[1] - low[1]))  # after the image has a size
        self.range.follow(low[0], high[0], low[1], high[1], grow_right=False)

    def _draw_neuron(self, data, net, l, j, direction):
        maps, n = self.neuron_maps, LARGE_GRID
        name = f"a{_sup(l)}{_sub(j)}" if direction == "forward" else f"δ{_sup(l)}{_sub(j)}"
        where = "input" if l == 0 else f"neuron {j} of layer {l}"
        if direction == "forward" or l == 0:
            self._restore_point_colours()
            self._set_plane_image(maps.forward_rgb(n)[l][j])
            self.caption.setText(f"<b>{name}</b> over the plane ({where}): "
                                 f"<span style='color:{palette.POSITIVE.name()}'>positive</span> / "
                                 f"<span style='color:{palette.NEGATIVE.name()}'>negative</span>")
            return
        self._set_plane_image(maps.backward_rgb(n)[l][j])
        X, deltas = maps.deltas()
        colours = diverging_rgb(per_neuron_scaled(deltas[l][j:j + 1], DELTA_POWER)[0])
        self._recoloured = True
        self.train_points.setData(X[:, 0], X[:, 1], brush=[pg.mkBrush(*c) for c in colours],
                                  pen=pg.mkPen(110, 110, 110, width=0.8))  # a sample with δ ≈ 0 is white
        self.test_points.setVisible(False)
        self.caption.setText(f"<b>{name}</b> per training sample (dots) over the output's sensitivity "
                             f"∂a<sup>L</sup>/∂z{_sup(l)}{_sub(j)} (faint): where {where} takes its blame")

    def _draw_curve(self, data, net):
        ys = net.forward(self._xs[:, None])[:, 0]
        self.curves[0].setData(self._xs, ys)
        targets = np.concatenate([data.Y_train[:, 0], data.Y_test[:, 0]])
        self.range.follow(self._xs[0], self._xs[-1], min(np.nanmin(ys), targets.min()),
                          max(np.nanmax(ys), targets.max()), grow_right=False)

    def _draw_steps(self, data, net):
        history = self.controller.trainer.history
        outputs = outputs_over_history(net, history.params, data.X_train)  # (R, m, n_L)
        flat = outputs.reshape(len(history.steps), -1)
        for c, curve in enumerate(self.curves):
            curve.setData(history.steps, flat[:, c])
        if len(history.steps):
            low = min(np.nanmin(flat), data.Y_train.min())
            high = max(np.nanmax(flat), data.Y_train.max())
            self.range.follow(history.steps[0], history.steps[-1], low, high)

    def _draw_fit(self, data, net):
        values = []
        for item, X in ((self.train_points, data.X_train), (self.test_points, data.X_test)):
            if len(X):
                x, y = item.data["x"].copy(), net.forward(X[:MAX_FIT_POINTS])[:, 0]
                item.setData(x, y, brush=self._brushes[item])
                values += [x, y]
        if values:
            both = np.concatenate(values)
            low, high = np.nanmin(both), np.nanmax(both)
            self.range.follow(low, high, low, high, grow_right=False)
