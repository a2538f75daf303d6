"""The main window: wires the controller to the diagram, the equations, the plots and the controls.

Layout (every panel but the diagram is a dock a learner can move, float or close):

    ┌ toolbar: Play · Step · Reset · speed · Undo · Redo ───────────┐
    │ settings │        diagram          │                          │
    ├──────────┴──────┬──────────────────┤       equations          │
    │  loss           │ weights  │ data  │   (the whole height)     │
    └ status: step · epoch · train/test loss · steps/s ─────────────┘
"""
import os
import time

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QStyle

from core import presets

from . import dialogs, menus
from .controller import SessionController
from .controls import ControlPanel, StatusReadout
from .diagram import DiagramView
from .dialogs.workflows import FileWorkflows
from .equations import EquationPanel
from .exports import Exports
from .neuron_maps import NeuronMaps
from .plots import DataPlot, GradientFlowPlot, LossPlot, WeightsPlot
from .recovery import Recovery
from .teaching import Teaching

ORGANIZATION = APPLICATION = "Backprop Lab"
STATE_VERSION = 2  # bump when the dock layout changes, so an old saved layout is not restored
DEFAULT_SIZE = (1440, 900)
FIT_WINDOW_S = 3.0  # after the first show, how long a move by the window manager refits the frame


def fit_frame(available, frame, inner):
    """(x, y, width, height) for a window whose frame (QRect, title bar and border included) does not fit
    in the screen's available QRect: the inner size shrunk by the frame's border, the frame centred
    (move() places the frame's corner). None if it fits already."""
    if available.contains(frame):
        return None
    border_w, border_h = frame.width() - inner.width(), frame.height() - inner.height()
    width = min(inner.width(), available.width() - border_w)
    height = min(inner.height(), available.height() - border_h)
    return (available.x() + max(0, (available.width() - width - border_w) // 2),
            available.y() + max(0, (available.height() - height - border_h) // 2), width, height)


def app_settings():
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION, APPLICATION)


class MainWindow(FileWorkflows, QMainWindow):
    """`MainWindow()` opens the default preset (the question's network); `MainWindow("circle")` a preset.
    The file menu's workflows (open, save, import, export, recent files) are in dialogs/workflows.py.

    Closing a window with unsaved changes asks Save / Discard / Cancel: a test that leaves its window
    dirty replaces `gui.dialogs.ask_save_changes` (see tests/gui/test_window.py)."""

    def __init__(self, preset=None, settings=None, recovery_folder=None, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or app_settings()
        self.controller = SessionController(name=preset or presets.DEFAULT)
        c = self.controller

        self.neuron_maps = NeuronMaps(c)  # one pass over the plane for the diagram's maps and the data plot
        self.diagram = DiagramView(c, maps=self.neuron_maps)
        self.setCentralWidget(self.diagram)
        self.equations = EquationPanel(c)
        self.controls = ControlPanel(c)
        self.loss_plot, self.weights_plot, self.data_plot = LossPlot(c), WeightsPlot(c), DataPlot(c)
        self.data_plot.neuron_maps = self.neuron_maps
        self.diagram.neuronHovered.connect(self.data_plot.show_neuron)
        self.diagram.neuronLeft.connect(self.data_plot.show_output)
        self.gradient_plot = GradientFlowPlot(c)
        self.plots = {"loss": self.loss_plot, "weights": self.weights_plot, "data": self.data_plot,
                      "gradients": self.gradient_plot}
        self.data_plot.target_value = self.controls.data.target_value  # a drawn point's value
        scroll = QScrollArea(objectName="controlScroll", widgetResizable=True)
        scroll.setWidget(self.controls)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.NoFrame)
        # never narrower than the controls (no clipped fields), room for a vertical scroll bar
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width() + 4)
        self.docks = {
            "controls": self._dock("controlsDock", "Settings", scroll, Qt.LeftDockWidgetArea),
            "equations": self._dock("equationsDock", "Equations of the next step", self.equations,
                                    Qt.RightDockWidgetArea),
            "loss": self._dock("lossDock", "Loss", self.loss_plot, Qt.BottomDockWidgetArea),
            "weights": self._dock("weightsDock", "Weights and biases", self.weights_plot, Qt.BottomDockWidgetArea),
            "data": self._dock("dataDock", "Data and prediction", self.data_plot, Qt.BottomDockWidgetArea),
            "gradients": self._dock("gradientsDock", "Gradient flow", self.gradient_plot, Qt.BottomDockWidgetArea),
        }
        self.setCorner(Qt.TopLeftCorner, Qt.LeftDockWidgetArea)
        self.setCorner(Qt.BottomLeftCorner, Qt.BottomDockWidgetArea)
        self.setCorner(Qt.TopRightCorner, Qt.RightDockWidgetArea)
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks | QMainWindow.AllowNestedDocks)

        self.menu_actions = menus.build_actions(self)
        menus.build_menus(self, self.menu_actions)
        self.exports = Exports(self)  # File ▸ Export as code / model / figure / history, Copy as LaTeX
        self.toolbar = menus.build_toolbar(self, self.menu_actions)
        menus.fill_view_menu(self, list(self.docks.values()))
        self._add_maps_action()
        self.status = StatusReadout(c, self.statusBar())
        self.teaching = Teaching(self)  # lessons, worksheets, projector mode (gui/teaching.py)

        c.documentChanged.connect(self._update_title)
        c.playingChanged.connect(self._playing_changed)
        c.diverged.connect(self._diverged)
        c.stopped.connect(lambda message: dialogs.show_error(self, "Training stopped", message))
        self._playing_changed(c.playing)
        self._update_title()
        self._restore_layout()
        self.recovery = Recovery(c, folder=recovery_folder)

    # ---- layout -----------------------------------------------------------------------------
    def _dock(self, name, title, widget, area):
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def default_layout(self):
        """The layout a first start shows, scaled to the screen: wide equations, plots along the bottom."""
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.addDockWidget(Qt.LeftDockWidgetArea, self.docks["controls"])
        self.addDockWidget(Qt.RightDockWidgetArea, self.docks["equations"])
        self.removeDockWidget(self.docks["gradients"])  # out of its tab group first, or a stray tab bar stays
        for name in ("loss", "weights", "data"):
            self.addDockWidget(Qt.BottomDockWidgetArea, self.docks[name], Qt.Horizontal)
        self.tabifyDockWidget(self.docks["weights"], self.docks["gradients"])  # a tab beside the weights
        self.docks["gradients"].show()
        self.docks["weights"].raise_()
        width, height = self.width(), self.height()
        plots = [self.docks[n] for n in ("loss", "weights", "data")]
        self.resizeDocks([self.docks["equations"]], [int(width * 0.38)], Qt.Horizontal)
        self.resizeDocks([self.docks["controls"]], [max(self.docks["controls"].minimumSizeHint().width(),
                                                        int(width * 0.21))], Qt.Horizontal)
        self.resizeDocks(plots, [int(height * 0.35)] * 3, Qt.Vertical)
        self.resizeDocks(plots, [int(width * 0.64 / 3)] * 3, Qt.Horizontal)

    def _default_size(self):
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        if available is None:
            self.resize(*DEFAULT_SIZE)
            return
        width, height = min(DEFAULT_SIZE[0], available.width()), min(DEFAULT_SIZE[1], available.height())
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2, available.y() + (available.height() - height) // 2)

    def _restore_layout(self):
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry) and isinstance(state, QByteArray) \
                and self.restoreState(state, STATE_VERSION):
            return
        self._default_size()
        self.default_layout()
        QTimer.singleShot(0, self.default_layout)  # again once the window has its real size
        self._fit_once_framed = True

    def showEvent(self, event):
        super().showEvent(event)
        if getattr(self, "_fit_once_framed", False):
            # A window manager adds its title bar and border only once the window is on screen, so the
            # size chosen before (the screen's available size at most) can push the status bar off the
            # bottom. Fit again when the frame is known: the window manager moves the window into its
            # frame (moveEvent), and in case it says nothing, soon after showing and a second later.
            self._fit_once_framed = False
            self._fit_until = time.monotonic() + FIT_WINDOW_S
            for delay in (0, 250, 1000):
                QTimer.singleShot(delay, self.fit_frame_on_screen)

    def moveEvent(self, event):
        super().moveEvent(event)
        if time.monotonic() < getattr(self, "_fit_until", 0.0):
            QTimer.singleShot(0, self.fit_frame_on_screen)

    def fit_frame_on_screen(self):
        """Shrink and move the window so that its frame (title bar and border included) fits in the
        screen's available geometry; True if it had to change."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen() or not self.isVisible():
            return False
        fitted = fit_frame(screen.availableGeometry(), self.frameGeometry(), self.geometry())
        if fitted is None:
            return False
        x, y, width, height = fitted
        self.resize(width, height)
        self.move(x, y)
        self.default_layout()
        return True

    def _save_layout(self):
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(STATE_VERSION))

    def _add_maps_action(self):
        """View ▸ Neuron maps, in step with the switch over the diagram."""
        action = self.view_menu.addAction("Neuron &maps")
        action.setObjectName("actionNeuronMaps")
        action.setCheckable(True)
        action.setChecked(self.diagram.maps_on)
        action.setToolTip("Draw in every neuron what it computes over the input plane")
        action.toggled.connect(self.diagram.set_maps_on)
        self.diagram.switch.check.toggled.connect(action.setChecked)
        self.view_menu.insertAction(self.view_menu.actions()[0], action)
        self.view_menu.insertSeparator(self.view_menu.actions()[1])
        self.maps_action = action

    # ---- following the controller -----------------------------------------------------------
    def _update_title(self):
        c = self.controller
        file_part = f" — {os.path.basename(c.path)}" if c.path else ""
        title = f"{c.name}{'*' if c.dirty else ''}{file_part} — Backprop Lab"
        if title != self.windowTitle():
            self.setWindowTitle(title)

    def _playing_changed(self, playing):
        play = self.menu_actions.play
        play.setChecked(playing)
        play.setText("&Pause" if playing else "&Play")
        play.setIcon(self.style().standardIcon(QStyle.SP_MediaPause if playing else QStyle.SP_MediaPlay))

    def _diverged(self, message):
        self.statusBar().showMessage("Training stopped: it diverged", 10_000)
        dialogs.show_error(self, "Training stopped", message)

    # ---- closing ----------------------------------------------------------------------------
    def closeEvent(self, event):
        if not self.maybe_save("quitting"):
            event.ignore()
            return
        self.controller.pause()
        self._save_layout()
        self.recovery.stop()
        event.accept()

    # ---- help -------------------------------------------------------------------------------
    def show_about(self):
        dialogs.show_about(self)

    def show_equations_help(self):
        dialogs.show_equations_help(self)
