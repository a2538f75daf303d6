"""The main window: wires the controller to the diagram, the equations, the plots and the controls.

Layout (every panel but the diagram is a dock a learner can move, float or close):

    ┌ toolbar: Play · Step · Reset · speed · Undo · Redo ───────────┐
    │ settings │        diagram          │                          │
    ├──────────┴──────┬──────────────────┤       equations          │
    │  loss           │ weights  │ data  │   (the whole height)     │
    └ status: step · epoch · train/test loss · steps/s ─────────────┘
"""
import os

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QScrollArea, QStyle

from core import presets, weights_file
from core.csv_data import make_dataset, read_table
from core.errors import BadInput

from . import dialogs, menus
from .controller import SessionController
from .controls import ControlPanel, StatusReadout
from .diagram import DiagramView
from .equations import EquationPanel
from .plots import DataPlot, LossPlot, WeightsPlot, export_image
from .recovery import Recovery, orphans

ORGANIZATION = APPLICATION = "Backprop Lab"
STATE_VERSION = 1  # bump when the dock layout changes, so an old saved layout is not restored
MAX_RECENT = 8
DEFAULT_SIZE = (1440, 900)


def app_settings():
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION, APPLICATION)


class MainWindow(QMainWindow):
    """`MainWindow()` opens the default preset (the question's network); `MainWindow("circle")` a preset."""

    def __init__(self, preset=None, settings=None, recovery_folder=None, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or app_settings()
        self.controller = SessionController(name=preset or presets.DEFAULT)
        c = self.controller

        self.diagram = DiagramView(c)
        self.setCentralWidget(self.diagram)
        self.equations = EquationPanel(c)
        self.controls = ControlPanel(c)
        self.loss_plot, self.weights_plot, self.data_plot = LossPlot(c), WeightsPlot(c), DataPlot(c)
        self.plots = {"loss": self.loss_plot, "weights": self.weights_plot, "data": self.data_plot}
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
        }
        self.setCorner(Qt.TopLeftCorner, Qt.LeftDockWidgetArea)
        self.setCorner(Qt.BottomLeftCorner, Qt.BottomDockWidgetArea)
        self.setCorner(Qt.TopRightCorner, Qt.RightDockWidgetArea)
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks | QMainWindow.AllowNestedDocks)

        self.menu_actions = menus.build_actions(self)
        menus.build_menus(self, self.menu_actions)
        self.toolbar = menus.build_toolbar(self, self.menu_actions)
        menus.fill_view_menu(self, list(self.docks.values()))
        self.status = StatusReadout(c, self.statusBar())

        c.documentChanged.connect(self._update_title)
        c.playingChanged.connect(self._playing_changed)
        c.diverged.connect(self._diverged)
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
        for name in ("loss", "weights", "data"):
            self.addDockWidget(Qt.BottomDockWidgetArea, self.docks[name], Qt.Horizontal)
        width, height = self.width(), self.height()
        plots = [self.docks[n] for n in ("loss", "weights", "data")]
        self.resizeDocks([self.docks["equations"]], [int(width * 0.36)], Qt.Horizontal)
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

    def _save_layout(self):
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(STATE_VERSION))

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

    def _file_error(self, title, path, error):
        """A message box naming the problem, and the file when the core's message does not."""
        message = str(error)
        if os.path.basename(os.fspath(path)) not in message:
            message = f"{path}:\n{message}"
        dialogs.show_error(self, title, message)

    def _diverged(self, message):
        self.statusBar().showMessage("Training stopped: it diverged", 10_000)
        dialogs.show_error(self, "Training stopped", message)

    # ---- unsaved changes --------------------------------------------------------------------
    def maybe_save(self, doing):
        """True if the session may be replaced: nothing unsaved, or saved, or the learner discards it."""
        if not self.controller.dirty:
            return True
        self.controller.pause()
        answer = dialogs.ask_save_changes(self, self.controller.name, doing)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def closeEvent(self, event):
        if not self.maybe_save("quitting"):
            event.ignore()
            return
        self.controller.pause()
        self._save_layout()
        self.recovery.stop()
        event.accept()

    # ---- sessions ---------------------------------------------------------------------------
    def new_session(self, preset):
        """File ▸ New / Presets: start over from a built-in preset."""
        if self.maybe_save(f"opening the preset “{preset}”"):
            self.controller.load_preset(preset)
            self.statusBar().showMessage(presets.describe(preset), 8000)

    def open_dialog(self):
        if not self.maybe_save("opening another session"):
            return
        path = dialogs.open_file_name(self, "Open session", dialogs.SESSION_FILTER, self._folder())
        if path:
            self.open_path(path)

    def open_path(self, path):
        """Open a session file; on a problem say so and keep the current session. True if opened."""
        try:
            self.controller.open(path)
        except BadInput as e:
            self._file_error("Cannot open the session", path, e)
            return False
        self._remember(path)
        return True

    def save(self):
        """Save to the session's file, asking for a name the first time. True if saved."""
        if not self.controller.path:
            return self.save_as_dialog()
        return self.save_to(self.controller.path)

    def save_as_dialog(self):
        suggested = f"{self.controller.name}.json" if not self.controller.path else os.path.basename(self.controller.path)
        path = dialogs.save_file_name(self, "Save session", {dialogs.SESSION_FILTER: ".json"}, self._folder(),
                                      suggested)
        return self.save_to(path) if path else False

    def save_to(self, path):
        try:
            self.controller.save(path)
        except BadInput as e:
            self._file_error("Cannot save the session", path, e)
            return False
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def offer_recovery(self):
        """At start: if an earlier run crashed with unsaved work, offer to bring it back."""
        found = orphans(self.recovery.folder)
        if not found:
            return False
        answer = QMessageBox.question(
            self, "Restore unsaved work?",
            "Backprop Lab did not close properly last time and a session had unsaved changes.\n"
            "Restore it?", QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        restored = False
        if answer == QMessageBox.Yes:
            try:
                self.controller.restore(found[0])
                restored = True
            except BadInput as e:
                dialogs.show_error(self, "Cannot restore the session", str(e))
        for path in found:
            try:
                path.unlink()
            except OSError:
                pass
        return restored

    # ---- recent files -----------------------------------------------------------------------
    def recent_files(self):
        value = self.settings.value("recentFiles") or []
        return [value] if isinstance(value, str) else list(value)

    def _remember(self, path):
        path = os.path.abspath(path)
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])
        self.settings.setValue("lastFolder", os.path.dirname(path))

    def _folder(self):
        return self.settings.value("lastFolder") or os.path.expanduser("~")

    def fill_recent_menu(self):
        menu = self.recent_menu
        menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = menu.addAction(os.path.basename(path))
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not recent:
            menu.addAction("(none yet)").setEnabled(False)

    def open_recent(self, path):
        if self.maybe_save("opening another session"):
            self.open_path(path)

    # ---- data and weights -------------------------------------------------------------------
    def import_csv_dialog(self):
        path = dialogs.open_file_name(self, "Import data (CSV)", dialogs.CSV_FILTER, self._folder())
        if not path:
            return False
        try:
            names, rows = read_table(path)
        except BadInput as e:
            self._file_error("Cannot read the data", path, e)
            return False
        dialog = dialogs.CsvImportDialog(names, rows, os.path.basename(path), self)
        if not dialog.exec():
            return False
        return self._use_data(dialog.dataset)

    def import_csv_from(self, path, targets=None, test_fraction=0.0, seed=0):
        """Import a CSV without the dialog: `targets` are column names or indices (default: the last)."""
        try:
            names, rows = read_table(path)
            data = make_dataset(names, rows, targets, test_fraction, seed, name=os.path.basename(path))
        except BadInput as e:
            self._file_error("Cannot read the data", path, e)
            return False
        return self._use_data(data)

    def _use_data(self, data):
        try:
            self.controller.set_data(data)
        except BadInput as e:
            dialogs.show_error(self, "Cannot use the data", str(e))
            return False
        self.statusBar().showMessage(f"Training on {data.name}: {len(data.X_train)} training and "
                                     f"{len(data.X_test)} test samples", 8000)
        return True

    def export_weights_dialog(self):
        suggested = f"{self.controller.name}-weights.npz"
        path = dialogs.save_file_name(self, "Export weights", dialogs.WEIGHTS_FILTERS, self._folder(), suggested)
        return self.export_weights_to(path) if path else False

    def export_weights_to(self, path):
        try:
            weights_file.export_weights(self.controller.network, path)
        except BadInput as e:
            self._file_error("Cannot export the weights", path, e)
            return False
        self.statusBar().showMessage(f"Weights written to {path}", 5000)
        return True

    def import_weights_dialog(self):
        path = dialogs.open_file_name(self, "Import weights", dialogs.IMPORT_WEIGHTS_FILTER, self._folder())
        return self.import_weights_from(path) if path else False

    def import_weights_from(self, path):
        """Install the weights of an exported file as one undoable edit; they must fit the data."""
        try:
            network = weights_file.import_weights(path)
            self.controller.edit_network(network, f"Import weights from {os.path.basename(path)}")
        except BadInput as e:
            self._file_error("Cannot import the weights", path, e)
            return False
        return True

    def export_plot_dialog(self, which):
        suggested = f"{self.controller.name}-{which}.png"
        path = dialogs.save_file_name(self, f"Export the {which} plot", dialogs.IMAGE_FILTERS, self._folder(),
                                      suggested)
        return self.export_plot_to(which, path) if path else False

    def export_plot_to(self, which, path):
        """Save one plot ("loss", "weights" or "data") as an image; the format follows the extension."""
        try:
            export_image(self.plots[which], path)
        except BadInput as e:
            self._file_error("Cannot export the plot", path, e)
            return False
        self.statusBar().showMessage(f"Plot written to {path}", 5000)
        return True

    # ---- help -------------------------------------------------------------------------------
    def show_about(self):
        dialogs.show_about(self)

    def show_equations_help(self):
        dialogs.show_equations_help(self)
