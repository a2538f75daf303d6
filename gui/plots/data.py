"""The data plot: the data and what the network does with it.

Four pictures, chosen by the data:
    plane   2-D data: the network's output as a heatmap over the input plane (the raw points
            (x1, x2): with input features the network is fed their features), the samples on
            top (train: white outline, test: black outline), as in TensorFlow Playground.
            Softmax outputs colour each region by its class; for 2-D regression the heatmap is
            the prediction and the points are coloured by their target on the same scale.
            "Discretize output" shows only the sign / the most likely class; "Show test data"
            off hides the test points. Drawn data is edited here by clicking (gui/drawing.py).
            While the pointer is on a neuron of the diagram, its map replaces the output (show_neuron);
            for several classes a confusion matrix sits below the plot.
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

from core.errors import BadInput
from core.maps import picture_outputs
from core.predictions import PLAYGROUND_GENERATORS, PLAYGROUND_SQUARE, line_inputs, outputs_over_history, plane_grid

from .. import drawing, palette
from ..neuron_maps import NeuronMaps
from .base import LivePlot, mark_lone_point
from .neuron_overlay import NeuronOverlay, confusion_html
from .point_sample import MAX_SHOWN, BrushCache, dot_size, shown_indices, shown_note

GRID = 60  # the heatmap is the network evaluated on GRID × GRID points, once per frame at most
MIN_GRID = 20
# ...but a redraw multiplies at most this many weights by inputs: a network of a million parameters
# (the limit) evaluated on 3,600 points would block the window for a second each time
GRID_WORK = 30_000_000
CURVE_POINTS = 200
STEPS_MODE_MAX_SAMPLES = 4
MAX_FIT_POINTS = 2000
HEAT_STRENGTH = 0.5  # how far a confident region moves from white towards its class colour
REGRESSION_HEAT = 0.85  # a prediction is shown stronger: most targets are small (multi Gaussian's are 0 far out)
CLASS_COLORS = (palette.POSITIVE, palette.NEGATIVE, QColor(46, 160, 67), QColor(140, 80, 170),
                QColor(200, 60, 60), QColor(110, 110, 110))




def choose_mode(data):
    if drawing.is_drawn(data):
        return "plane"
    if len(data.X_train) + len(data.X_test) <= STEPS_MODE_MAX_SAMPLES:
        return "steps"
    if data.n_raw_inputs == 2:
        return "plane"
    if data.n_inputs == 1:
        return "curve"
    return "fit"


def grid_size(n_params, work=GRID_WORK):
    """The heatmap's side for a network of n_params: GRID, or fewer points (at least MIN_GRID) when
    GRID × GRID forward passes would multiply more than `work` weights."""
    return int(np.clip(np.sqrt(work / max(n_params, 1)), MIN_GRID, GRID))


def _rgb(color):
    return np.array([color.red(), color.green(), color.blue()], dtype=float)


def point_colours(Y, middle):
    """A colour per sample: for one output, blue above `middle` (the positive class), orange below;
    for several outputs (one-hot), the colour of the largest."""
    if Y.shape[1] > 1:
        return [CLASS_COLORS[c % len(CLASS_COLORS)] for c in np.argmax(Y, axis=1)]
    return [CLASS_COLORS[0] if y > middle else CLASS_COLORS[1] for y in Y[:, 0]]


def value_colours(values, y_low, y_high):
    """A colour per target value of a regression: blue above the middle of (y_low, y_high), orange
    below, as strong as the value is far from the middle (the heatmap's scale at full strength)."""
    rgb = heat_colours(np.asarray(values, float)[:, None], y_low, y_high, scale=1.0)
    return [QColor(*map(int, c)) for c in rgb]


def heat_colours(outputs, y_low, y_high, discrete=False, scale=HEAT_STRENGTH):
    """(N, 3) uint8 colours for network outputs (N, n_L): white where undecided, towards the class colour
    where confident. One output: its position between y_low and y_high (−1/+1 or 0/1). `discrete`:
    only which side (or which class) at full heat, as Playground's "Discretize output"."""
    n = outputs.shape[1]
    if n == 1:
        t = (2 * outputs[:, 0] - (y_low + y_high)) / max(y_high - y_low, 1e-12)
        t = np.clip(np.nan_to_num(t), -1.0, 1.0)
        if discrete:
            t = np.where(t >= 0, 1.0, -1.0)
        colour = np.where(t[:, None] > 0, _rgb(CLASS_COLORS[0]), _rgb(CLASS_COLORS[1]))
        strength = np.abs(t) * scale
    else:
        p = np.clip(np.nan_to_num(outputs), 0.0, None)
        p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
        best = np.argmax(p, axis=1)
        palette_rgb = np.array([_rgb(CLASS_COLORS[c % len(CLASS_COLORS)]) for c in range(n)])
        colour = palette_rgb[best]
        strength = (p.max(axis=1) - 1.0 / n) / (1.0 - 1.0 / n) * scale
        if discrete:
            strength = np.full(len(p), scale)
    rgb = 255.0 + strength[:, None] * (colour - 255.0)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def _samples(data):
    train = f"<span style='color:{palette.TRAIN.name()}'>train</span>"
    test = f"<span style='color:{palette.TEST.name()}'>test</span>"
    return f"{train} and {test} samples" if len(data.X_test) else f"{train} samples"


class DataPlot(NeuronOverlay, LivePlot):
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
        self._brushes, self._points_xy, self._recoloured = {}, {}, False
        self._shown, self._sample_note = {}, ""  # the rows drawn of each data set (a sample of large data)
        self.shared_brushes = BrushCache()
        for item in (self.train_points, self.test_points):
            self.plot.addItem(item)
        self.legend = pg.LegendItem(offset=(-8, 8), labelTextColor=palette.TEXT,
                                    brush=QColor(palette.BACKGROUND.red(), palette.BACKGROUND.green(),
                                                 palette.BACKGROUND.blue(), 200))
        self.legend.setParentItem(self.plot.getViewBox())
        self.curves = []        # fitted curve or outputs over steps
        self.target_lines = []  # the targets in steps mode, the identity in fit mode
        self.mode = None
        self._data = self._key = None
        self._grid = None
        self.target_value = lambda: 1.0  # the value a click gives a drawn regression point (the Data panel's)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        controller.viewChanged.connect(self._view_changed)
        self.neuron_maps = NeuronMaps(controller)  # the window shares its own with the diagram
        self.neuron = None  # (l, j, "forward" or "backward"): a neuron's map shown instead of the output
        self._output_caption = ""
        self.confusion = QLabel(objectName="confusionMatrix")
        self.confusion.setTextFormat(Qt.RichText)
        self.confusion.setStyleSheet("color: #444;")  # a grey caption: the dark themes lighten it
        self.confusion.setContentsMargins(6, 0, 6, 0)
        self.confusion.setToolTip("Confusion matrix on the training set: rows are the true class, columns the "
                                  "class the network gives; the diagonal counts the samples it gets right")
        self.confusion.hide()
        self.layout().addWidget(self.confusion)

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
        # only the steps mode has entries; an empty legend would still draw its pale box in the corner
        self.legend.setVisible(bool(self.legend.items))
        self.test_points.setVisible(self.controller.view["show_test"])

    def _labels(self, x, y, caption):
        self.plot.setLabel("bottom", x, color=palette.TEXT.name())
        self.plot.setLabel("left", y, color=palette.TEXT.name())
        self.caption.setText(caption)

    def _set_points(self, data, x_of, y_of, brushes_of, limit=MAX_SHOWN):
        """Put the train and test samples (their raw points) on the plot, at most `limit` of them
        together (a fixed random sample, see point_sample.py); brushes_of(X, Y, train) gives a colour
        per sample of the rows it is given."""
        self._brushes, self._points_xy, self._recoloured = {}, {}, False
        sets = ((self.train_points, data.raw_train, data.Y_train, True),
                (self.test_points, data.raw_test, data.Y_test, False))
        picks = shown_indices([len(X) for _, X, _, _ in sets], limit)
        self._shown = {item: rows for (item, *_), rows in zip(sets, picks)}
        self._sample_note = shown_note(sum(map(len, picks)), sum(len(X) for _, X, _, _ in sets))
        for (item, X, Y, train), rows in zip(sets, picks):
            if len(rows):
                X, Y = X[rows], Y[rows]
                self._brushes[item] = self.shared_brushes(brushes_of(X, Y, train))
                self._points_xy[item] = (x_of(X, Y), y_of(X, Y))
                item.setData(*self._points_xy[item], brush=self._brushes[item], pen=self._pens[item],
                             size=dot_size(sum(map(len, picks))))
                # no legend entry: over the samples it would hide some; the caption explains the colours
            else:
                item.setData([], [])

    def _noted(self, caption):
        """The caption, with what part of the samples is drawn when it is a sample."""
        return f"{caption} · {self._sample_note}" if self._sample_note else caption

    def _build_plane(self, data, net):
        # Playground's problems and drawn data are shown on Playground's square, at least
        square = drawing.is_drawn(data) or data.source.get("generator") in PLAYGROUND_GENERATORS
        self._grid_n = grid_size(net.n_params)
        low, high, self._grid = plane_grid(np.vstack([data.raw_train, data.raw_test]), self._grid_n,
                                           cover=PLAYGROUND_SQUARE if square else None)
        self._plane = (low, high)
        Y = np.vstack([data.Y_train, data.Y_test])
        self._y_range = (float(Y.min()), float(Y.max())) if Y.shape[1] == 1 else (0.0, 1.0)
        regression = data.task == "regression"
        if regression:  # a scale symmetric about 0, as Playground's −1 … 1
            reach = max(float(np.abs(Y).max()), 1.0 if drawing.is_drawn(data) else 1e-9)  # (drawn: the slider's ±1)
            self._y_range = (-reach, reach)
        if self._y_range[0] == self._y_range[1]:  # one class drawn so far: still a ±1 (or 0/1) scale
            self._y_range = (0.0, 1.0) if data.source.get("labels") == "01" else (-1.0, 1.0)
        middle = 0.5 * sum(self._y_range)
        colours = (lambda X_, Y_, train: value_colours(Y_[:, 0], *self._y_range)) if regression else \
            (lambda X_, Y_, train: point_colours(Y_, middle))
        self._set_points(data, lambda X_, Y_: X_[:, 0], lambda X_, Y_: X_[:, 1], colours)
        names = ("x1", "x2") if data.features or not data.input_names else data.input_names
        if regression:
            caption = (f"the prediction: <span style='color:{CLASS_COLORS[0].name()}'>positive</span> / "
                       f"<span style='color:{CLASS_COLORS[1].name()}'>negative</span>; points coloured by "
                       f"their target")
        elif Y.shape[1] > 1:
            classes = ", ".join(f"<span style='color:{CLASS_COLORS[c % len(CLASS_COLORS)].name()}'>"
                                f"{data.output_names[c] if c < len(data.output_names) else c}</span>"
                                for c in range(Y.shape[1]))
            caption = f"the network's class: {classes}"
        else:
            caption = (f"the network's output: <span style='color:{CLASS_COLORS[0].name()}'>"
                       f"positive</span> / <span style='color:{CLASS_COLORS[1].name()}'>negative</span>")
        caption += " · test samples edged black" if len(data.X_test) and self.controller.view["show_test"] else ""
        if self._grid_n < GRID:  # a large network: a coarser heatmap keeps each redraw short
            caption += f" · output on a {self._grid_n} × {self._grid_n} grid"
        if drawing.is_drawn(data):
            caption += " · click: + · shift-click: − · ctrl-click: remove"
        self._output_caption = caption = self._noted(caption)
        self._labels(names[0], names[1], caption)

    def _build_curve(self, data, net):
        self._xs = line_inputs(np.vstack([data.X_train, data.X_test]), CURVE_POINTS)
        self._set_points(data, lambda X_, Y_: X_[:, 0], lambda X_, Y_: Y_[:, 0],
                         lambda X_, Y_, train: [palette.TRAIN if train else palette.TEST] * len(X_))
        curve = self.plot.plot(pen=pg.mkPen(30, 30, 30, width=2.5), antialias=True)
        self.curves.append(curve)
        x_name = data.input_names[0] if data.input_names else "x"
        y_name = data.output_names[0] if data.output_names else "y"
        more = f" (first of {data.n_outputs} outputs)" if data.n_outputs > 1 else ""
        self._labels(x_name, y_name, self._noted(f"the network's curve{more} over the {_samples(data)}"))

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
        target = lambda X_, Y_: Y_[:, 0]  # noqa: E731  (the predictions replace y when drawn)
        self._set_points(data, target, target, lambda X_, Y_, train: [palette.TRAIN if train else palette.TEST]
                         * len(X_), limit=MAX_FIT_POINTS)
        line = pg.InfiniteLine(pos=(0, 0), angle=45, pen=pg.mkPen(palette.NEUTRAL, style=Qt.DashLine))
        self.plot.addItem(line)
        self.target_lines.append(line)
        y_name = data.output_names[0] if data.output_names else "y"
        self._labels(f"target {y_name}", f"prediction of {y_name}",
                     self._noted(f"prediction against target for the {_samples(data)}; on the diagonal it is exact"))

    # ---- drawing ------------------------------------------------------------------------------
    def refresh(self):
        trainer = self.controller.trainer
        if not self._gate.changed(trainer.history, (trainer.step_count, id(trainer.network), self.neuron)):
            return
        self.redraws += 1
        with np.errstate(all="ignore"):
            getattr(self, f"_draw_{self.mode}")(trainer.data, trainer.network)

    def _draw_plane(self, data, net):
        several = data.n_outputs > 1 and data.task != "regression"
        self.confusion.setVisible(several)
        if several:
            self.confusion.setText(confusion_html(net.forward(data.X_train[:2000]), data.Y_train[:2000],
                                                  data.output_names))
        if self.neuron is not None and self.neuron[0] <= net.n_layers and self.neuron[1] < net.sizes[self.neuron[0]]:
            self._draw_neuron(data, net, *self.neuron)
            return
        self.neuron = None
        self.caption.setText(self._output_caption)
        self._restore_points()
        colours = heat_colours(picture_outputs(net, data.inputs_for(self._grid)), *self._y_range,
                               discrete=self.controller.view["discretize"],
                               scale=REGRESSION_HEAT if data.task == "regression" else HEAT_STRENGTH)
        self._set_plane_image(colours.reshape(self._grid_n, self._grid_n, 3))

    def _set_plane_image(self, rgb):
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        low, high = self._plane
        self.image.setRect(QRectF(low[0], low[1], high[0] - low[0], high[1] - low[1]))  # after the image has a size
        self.range.follow(low[0], high[0], low[1], high[1], grow_right=False)

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
            mark_lone_point(curve, len(history.steps) == 1)
        if len(history.steps):
            low = min(np.nanmin(flat), data.Y_train.min())
            high = max(np.nanmax(flat), data.Y_train.max())
            self.range.follow(history.steps[0], history.steps[-1], low, high)

    def _draw_fit(self, data, net):
        values = []
        for item, X in ((self.train_points, data.X_train), (self.test_points, data.X_test)):
            if len(X):
                x, y = item.data["x"].copy(), net.forward(X[self._shown[item]])[:, 0]
                item.setData(x, y, brush=self._brushes[item])
                values += [x, y]
        if values:
            both = np.concatenate(values)
            low, high = np.nanmin(both), np.nanmax(both)
            self.range.follow(low, high, low, high, grow_right=False)

    # ---- the view's toggles and drawing by hand --------------------------------------------------
    def _view_changed(self):
        self._data = None  # the caption and the test points follow the toggles: build again
        self.rebuild()
        self._gate.forget()
        self.request()

    def _clicked(self, event):
        """On drawn data: click adds a positive point, shift-click a negative one, ctrl-click
        removes the nearest (each an undoable step). Elsewhere clicks do what they always did."""
        data = self.controller.trainer.data
        if self.mode != "plane" or not drawing.is_drawn(data) or event.button() != Qt.LeftButton:
            return
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        x, y = point.x(), point.y()
        modifiers = event.modifiers()
        try:
            if modifiers & Qt.ControlModifier:
                drawing.remove_nearest(self.controller, x, y)
            else:
                value = self.target_value() if data.task == "regression" else 1.0
                drawing.add_point(self.controller, x, y, -value if modifiers & Qt.ShiftModifier else value)
        except BadInput as e:
            self.caption.setText(str(e))
            return
        event.accept()
