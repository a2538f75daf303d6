"""What every live plot shares: a styled pyqtgraph PlotWidget and redrawing at most once per frame.

A plot listens to the controller: `trained` (steps were taken) asks for a redraw,
`networkChanged` / `settingsChanged` ask for a rebuild (the shape of what is drawn
may have changed). When it redraws is the controller's pacer's (gui/pacing.py): while training
plays, a plot takes turns with the other costly views, at most every `min_interval` seconds, or
less often when its drawing is costly (it takes at most 1/COST_FACTOR of the time), and never in
the same frame as another plot at full speed, so the trainer keeps most of each second. A plot
that is hidden (a closed or tabbed-away dock) draws nothing until it is shown.

The view range follows the data with some slack (RangeFollower) instead of
pyqtgraph's autorange: the axes, which are costly to redraw, then stay still on
most frames, and the picture does not jitter while training.
"""
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..pacing import Pace
from .axes import ValueAxis

FRAME_S = 0.1  # the fastest a plot redraws while training plays (the window itself draws more often)
COST_FACTOR = 10  # a plot spends at most a tenth of the time drawing while training plays
TEXT = QColor(60, 60, 60)
ROOM_PLAYING, ROOM_PAUSED = 2.0, 1.05  # the step axis spans this many times the steps drawn...
AHEAD_S = 3.0  # ...and while playing at least this many seconds of training ahead of the last step
# room on each side of the values axis: while playing, values that leave the view (a falling loss,
# growing weights) get a quarter of their span to move into before the axis is redrawn again
MARGIN_PLAYING, MARGIN_PAUSED = 0.25, 0.06
AXIS_WIDTH = 52  # pixels for the left axis's tick labels and title, e.g. "-0.05" and "cost C"; it widens for more
AXIS_HEIGHT = 36
GRID_ALPHA = 0.15


class TimedPlotWidget(pg.PlotWidget):
    """A PlotWidget that remembers how long its last paint took, and counts its paints."""

    paint_seconds = 0.0
    paints = 0

    def paintEvent(self, event):
        start = time.perf_counter()
        super().paintEvent(event)
        self.paint_seconds = time.perf_counter() - start
        self.paints += 1


class MenuOnDemandViewBox(pg.ViewBox):
    """A ViewBox whose context menu ("View All", the axes' ranges...) is built on the first right click.
    pyqtgraph builds it with each ViewBox, a Qt Designer form per axis: some 5 ms of start-up per plot."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, enableMenu=False, **kwargs)
        self.state["enableMenu"] = True  # a right click asks getMenu for it...

    def getMenu(self, ev):
        if self.menu is None:
            self.setMenuEnabled(True)  # ...which builds it then
        return self.menu

    def getContextMenus(self, event):
        return self.getMenu(event).actions() if self.menuEnabled() else []


def make_plot_widget(x_label="", y_label="", axis_items=None):
    """A white PlotWidget with readable axes, downsampling and clip-to-view set on its PlotItem."""
    # a left axis that widens for wide labels, and writes one style of number (see axes.py)
    axis_items = {"left": ValueAxis("left"), **(axis_items or {})}
    widget = TimedPlotWidget(background="w", axisItems=axis_items, viewBox=MenuOnDemandViewBox())
    plot = widget.getPlotItem()
    font = QFont()
    font.setPointSizeF(8.5)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(TEXT))
        axis.setTextPen(pg.mkPen(TEXT))
        axis.setStyle(tickFont=font)
        # no "(x1e+27)" scale in the label: the ticks carry the numbers, readable on a log axis too
        axis.enableAutoSIPrefix(False)
        # the axis draws the grid across the whole plot, so every curve update repaints it: keep it as a
        # pixmap, redrawn only when the axis itself changes (its range, its size)
        axis.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
    # Fixed room for the tick labels: by default an axis grows or shrinks to fit its labels, and each
    # new label width while training plays lays the whole plot out again (most of a frame's cost);
    # the left axis widens only when a label does not fit (ValueAxis)
    plot.getAxis("left").setWidth(AXIS_WIDTH)
    plot.getAxis("bottom").setHeight(AXIS_HEIGHT)
    if x_label:
        plot.setLabel("bottom", x_label, color=TEXT.name())
    if y_label:
        plot.setLabel("left", y_label, color=TEXT.name())
    plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    plot.setMenuEnabled(True, enableViewBoxMenu=None)  # the ViewBox builds its own on demand
    widget.setMinimumSize(160, 120)
    return widget


def mark_lone_point(item, lone):
    """A line through a single point draws nothing (at step 0 every curve has one point): draw the
    point as a dot in the line's colour until there is a second one."""
    if getattr(item, "_lone_marked", False) == lone:
        return
    item._lone_marked = lone
    if lone:
        colour = pg.mkPen(item.opts["pen"]).color()
        item.setSymbol("o")
        item.setSymbolSize(7)
        item.setSymbolBrush(colour)
        item.setSymbolPen(colour)
    else:
        item.setSymbol(None)


class LivePlot(QWidget):
    """A titled plot that follows the controller. Subclasses implement `rebuild()` and `refresh()`.

    rebuild(): the network or the data changed: reset what depends on them.
    refresh(): draw the current state; should return quickly when nothing changed.
    """

    title = ""
    min_interval = FRAME_S  # seconds between redraws while training plays, at least

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.widget = make_plot_widget(*self.axis_labels(), axis_items=self.axis_items())
        self.plot = self.widget.getPlotItem()
        self.header = QHBoxLayout()
        self.header.setContentsMargins(4, 2, 4, 0)
        self.caption = QLabel(self.title)
        self.caption.setTextFormat(Qt.RichText)
        self.caption.setStyleSheet("color: #555;")
        # a long caption wraps at the plot's edge rather than widening the dock over its neighbour
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.header.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.header)
        layout.addWidget(self.widget, 1)

        self.range = RangeFollower(self.plot, on_resume=self._range_resumed,
                                   steps_ahead=lambda: AHEAD_S * controller.achieved_rate)
        self._gate = HistoryGate()  # subclasses ask it whether the history changed since they drew it
        self.redraws = 0  # how many times refresh() actually drew (for tests and benchmarks)
        self._built = False  # rebuild() runs before the first drawing, and again on each structure change
        controller.pacer.register(self, Pace(min_interval=self.min_interval, max_share=1 / COST_FACTOR))
        controller.trained.connect(self.request)
        controller.playingChanged.connect(self.range.set_playing)
        controller.networkChanged.connect(self._structure_changed)
        controller.settingsChanged.connect(lambda: self._structure_changed(keep_range=True))

    def axis_labels(self):
        return "", ""

    def axis_items(self):
        return None

    # ---- scheduling -------------------------------------------------------------------------
    def _structure_changed(self, keep_range=False):
        if not keep_range:  # a new network or data: fit the view afresh (a new learning rate keeps it)
            self.range.reset()
        self._built = True
        self.rebuild()
        self.request()

    def _range_resumed(self):
        self._gate.forget()
        self.request()

    def request(self):
        """Redraw: now if training is not playing, else at this plot's next turn (gui/pacing.py)."""
        self.controller.pacer.request(self)

    @property
    def paint_seconds(self):
        """What Qt took to paint the plot after its last drawing (part of its cost, for the pacer)."""
        return self.widget.paint_seconds

    def draw(self):
        """Called by the pacer: rebuild first if the structure changed, then draw the current state."""
        if not self._built:
            self._built = True
            self.rebuild()
        self.refresh()

    def showEvent(self, event):
        super().showEvent(event)
        self.controller.pacer.shown(self)

    def rebuild(self):
        pass

    def refresh(self):
        raise NotImplementedError


class HistoryGate:
    """Says whether a history has changed since it was last drawn (same object and same version)."""

    def __init__(self):
        self._history, self._version, self._extra = None, -1, None

    def changed(self, history, extra=None):
        if history is self._history and history.version == self._version and extra == self._extra:
            return False
        self._history, self._version, self._extra = history, history.version, extra
        return True

    def forget(self):
        self._history = None


LEFT_SLIVER = 0.02  # of the span: room left of the first step, so its tick shows


def _stretch(low, high, data_low, data_high, grow_right=False, margin=0.06, room=2.0, ahead=0.0):
    """A new (low, high) for one axis, or None to keep (low, high): the data is inside and fills at
    least half of what a new range would give it (so a range is not set again while the data grows
    a little at a time, but a view left far too wide after a pan or a reset is).

    Values axis: the data's span plus `margin` of it on each side.
    grow_right (the steps axis): from the data's start to `room` times its span, and at least `ahead`
    past its end: room to grow into, so this costly-to-redraw axis changes ever more rarely (and not
    every frame in the first second of a run, when the steps double from one frame to the next)."""
    if not (np.isfinite(data_low) and np.isfinite(data_high)):
        return None
    span = data_high - data_low
    if grow_right:
        span = max(span, 1.0)
        new = data_low - LEFT_SLIVER * span, max(data_low + room * span, data_high + ahead)
    else:
        if span <= 0:
            span = max(abs(data_high), 1e-9) * 0.2
        new = data_low - margin * span, data_high + margin * span
    inside = low <= data_low and data_high <= high
    if inside and 2 * (new[1] - new[0]) >= high - low:
        return None
    return new


class RangeFollower:
    """Keeps a ViewBox's range around the data, moving it only when the data leaves it or fills too
    little of it. A pan or zoom by the learner stops the following; the plot's "A" button resumes it."""

    def __init__(self, plot_item, on_resume=None, steps_ahead=None):
        self.plot = plot_item
        self.on_resume = on_resume
        self.steps_ahead = steps_ahead  # () → steps to leave ahead while playing (e.g. a few seconds' worth)
        self.playing = False
        self.vb = plot_item.getViewBox()
        self.following = True
        self.room = ROOM_PAUSED  # how far ahead of the data the step axis reaches (see set_playing)
        self.margin = MARGIN_PAUSED
        self._bounds = None
        self._force = True
        self.vb.disableAutoRange()
        self.vb.sigRangeChangedManually.connect(self._moved_by_hand)
        plot_item.autoBtn.clicked.disconnect()
        plot_item.autoBtn.clicked.connect(self.resume)

    def _moved_by_hand(self, *_):
        self.following = False

    def resume(self):
        self.following = True
        self._force = True
        self.plot.autoBtn.hide()
        if self._bounds is not None:
            self.follow(*self._bounds)
        if self.on_resume is not None:
            self.on_resume()

    def reset(self):
        """New data or network: the next bounds set the range afresh."""
        self._force = True

    def set_playing(self, playing):
        """Playing: leave room for the steps to come. Paused: fit the steps there are."""
        self.playing = playing
        self.room = ROOM_PLAYING if playing else ROOM_PAUSED
        self.margin = MARGIN_PLAYING if playing else MARGIN_PAUSED
        if not playing and self._bounds is not None:
            self._force = True
            self.follow(*self._bounds)

    def follow(self, x_low, x_high, y_low, y_high, grow_right=True):
        self._bounds = (x_low, x_high, y_low, y_high, grow_right)
        if not self.following:
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        if self._force:
            x0 = x1 = y0 = y1 = np.nan  # nothing is inside a NaN range: both axes are set
        ahead = self.steps_ahead() if self.playing and self.steps_ahead is not None else 0.0
        x = _stretch(x0, x1, x_low, x_high, grow_right=grow_right, room=self.room, ahead=ahead)
        y = _stretch(y0, y1, y_low, y_high, margin=self.margin)
        if (x is None and y is None) or (self._force and (x is None or y is None)):
            return
        self._force = False
        self.vb.setRange(xRange=x or (x0, x1), yRange=y or (y0, y1), padding=0)
