"""What every live plot shares: a styled pyqtgraph PlotWidget and redrawing at most once per frame.

A plot listens to the controller: `trained` (steps were taken) asks for a redraw,
`networkChanged` / `settingsChanged` ask for a rebuild (the shape of what is drawn
may have changed). While training plays, redraws are throttled to FRAME_S; a plot
that is hidden (a closed or tabbed-away dock) draws nothing until it is shown.
"""
import time

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

FRAME_S = 1 / 30  # the fastest a plot redraws while training plays
TEXT = QColor(60, 60, 60)
GRID_ALPHA = 0.15


def make_plot_widget(x_label="", y_label=""):
    """A white PlotWidget with readable axes, downsampling and clip-to-view set on its PlotItem."""
    widget = pg.PlotWidget(background="w")
    plot = widget.getPlotItem()
    font = QFont()
    font.setPointSizeF(8.5)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(TEXT))
        axis.setTextPen(pg.mkPen(TEXT))
        axis.setStyle(tickFont=font)
    if x_label:
        plot.setLabel("bottom", x_label, color=TEXT.name())
    if y_label:
        plot.setLabel("left", y_label, color=TEXT.name())
    plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    plot.setMenuEnabled(True)
    widget.setMinimumSize(160, 120)
    return widget


class LivePlot(QWidget):
    """A titled plot that follows the controller. Subclasses implement `rebuild()` and `refresh()`.

    rebuild(): the network or the data changed: reset what depends on them.
    refresh(): draw the current state; should return quickly when nothing changed.
    """

    title = ""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.widget = make_plot_widget(*self.axis_labels())
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

        self.redraws = 0  # how many times refresh() actually drew (for tests and benchmarks)
        self._last_draw = 0.0
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._draw_now)
        controller.trained.connect(self.request)
        controller.networkChanged.connect(self._structure_changed)
        controller.settingsChanged.connect(self._structure_changed)

    def axis_labels(self):
        return "", ""

    # ---- scheduling -------------------------------------------------------------------------
    def _structure_changed(self):
        self.rebuild()
        self.request()

    def request(self):
        """Redraw soon: now if idle, else at the next frame boundary while training plays."""
        self._stale = True
        if not self.isVisible():
            return
        wait = FRAME_S - (time.perf_counter() - self._last_draw)
        if not self.controller.playing or wait <= 0:
            self._draw_now()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(wait * 1000)))

    def _draw_now(self):
        self._timer.stop()
        self._last_draw = time.perf_counter()
        self._stale = False
        self.refresh()

    def showEvent(self, event):
        super().showEvent(event)
        if self._stale:
            self._draw_now()

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
