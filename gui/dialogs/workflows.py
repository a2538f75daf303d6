"""The window's file workflows: sessions, recent files, data and weights, plot images.

A mixin for MainWindow, which provides `controller`, `settings`, `plots`, `recovery`,
`recent_menu` and a status bar. Each dialog-driven slot (`open_dialog`, `save_as_dialog`,
…) asks for a file name and calls a method that takes the path (`open_path`, `save_to`,
…), which tests call directly. Every problem the core reports (BadInput) ends in a
message box naming it, and the session stays as it was.
"""
import os

from PySide6.QtWidgets import QMessageBox

from core import presets, weights_file
from core.csv_data import make_dataset, read_table
from core.errors import BadInput

from .. import dialogs
from ..plots import export_image
from ..recovery import describe, orphans

MAX_RECENT = 8


class FileWorkflows:
    """File ▸ New, Open, Save, Save As, Open recent, Import data, Import/Export weights, Export plot image."""

    def _file_error(self, title, path, error):
        """A message box naming the problem, and the file when the core's message does not."""
        message = str(error)
        if os.path.basename(os.fspath(path)) not in message:
            message = f"{path}:\n{message}"
        dialogs.show_error(self, title, message)

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
        if self.teaching.open_argument(path, ask=False):  # a lesson file opens as a lesson
            self._remember(path)
            return True
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
        path = self.controller.path
        suggested = os.path.basename(path) if path else f"{self.controller.name}.json"
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
            "Backprop Lab did not close properly last time and a session had unsaved changes:\n"
            f"{describe(found[0])}.\nRestore it?", QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        restored = False
        if answer == QMessageBox.Yes:
            try:
                self.controller.restore(found[0])
                restored = True
            except BadInput as e:
                dialogs.show_error(self, "Cannot restore the session", str(e))
        # this one is answered; any other crashed window's work is offered at the next start
        try:
            found[0].unlink()
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
            table = read_table(path)
        except BadInput as e:
            self._file_error("Cannot read the data", path, e)
            return False
        dialog = dialogs.CsvImportDialog(*table, os.path.basename(path), self, classes=table.classes)
        if not dialog.exec():
            return False
        return self._use_data(dialog.dataset)

    def import_csv_from(self, path, targets=None, test_fraction=0.0, seed=0):
        """Import a CSV without the dialog: `targets` are column names or indices (default: the last)."""
        try:
            table = read_table(path)
            data = make_dataset(*table, targets, test_fraction, seed, name=os.path.basename(path),
                                classes=table.classes)
        except BadInput as e:
            self._file_error("Cannot read the data", path, e)
            return False
        return self._use_data(data)

    def _use_data(self, data):
        try:
            self.controller.set_data(data, f"import data {data.name}")
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
            weights_file.export_weights(self.controller.network, path,
                                        inputs=self.controller.trainer.data.features or None)
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
