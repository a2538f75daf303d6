"""Dialogs: unsaved changes, errors, file names, importing a CSV, About and the equations guide.

The window calls these through this module (`dialogs.save_file_name(...)`), so a test can
replace one with a function that answers instead of a person.
"""
import os

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QMessageBox

from .csv_import import CsvImportDialog
from .help import EQUATIONS_HELP, show_about, show_equations_help

__all__ = ["CsvImportDialog", "EQUATIONS_HELP", "ask_save_changes", "open_file_name", "save_file_name",
           "show_about", "show_equations_help", "show_error"]

SESSION_FILTER = "Backprop Lab sessions (*.json)"
WEIGHTS_FILTERS = {"NumPy arrays (*.npz)": ".npz", "JSON (*.json)": ".json",
                   "CSV, one line per parameter (*.csv)": ".csv"}
IMPORT_WEIGHTS_FILTER = "Weights (*.npz *.json *.mat)"
CSV_FILTER = "CSV tables (*.csv *.txt *.tsv);;All files (*)"
IMAGE_FILTERS = {"PNG image (*.png)": ".png", "JPEG image (*.jpg)": ".jpg"}


# ---- questions and messages ------------------------------------------------------------------
def ask_save_changes(parent, name, doing):
    """Save / Discard / Cancel before `doing` (e.g. "opening another file")."""
    return QMessageBox.question(
        parent, "Unsaved changes",
        f"“{name}” has changes that are not saved.\nSave them before {doing}?",
        QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)


def show_error(parent, title, message):
    QMessageBox.warning(parent, title, message)


# ---- file names (the window's dialog-driven slots call these; tests call the *_to / *_path methods) ----
class NameOnlyIcons(QFileIconProvider):
    """File icons and type names from the name alone.

    Qt's own provider opens a file to guess its type when the name does not say; on a special
    file that never answers (typing /proc/ reaches /proc/kmsg) the read blocks and the window
    freezes for good. Only Qt's own (non-native) file dialog uses this provider."""

    def type(self, info):
        if info.isDir():
            return "Folder"
        return f"{info.suffix().upper()} file" if info.suffix() else "File"

    def icon(self, what):
        if isinstance(what, QFileInfo):
            what = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
        return super().icon(what)


_ICONS = None


def file_dialog(parent, title, start, filters, save):
    """A QFileDialog that never reads the files it lists (see NameOnlyIcons)."""
    global _ICONS
    if _ICONS is None:
        _ICONS = NameOnlyIcons()
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setIconProvider(_ICONS)
    dialog.setAcceptMode(QFileDialog.AcceptSave if save else QFileDialog.AcceptOpen)
    dialog.setFileMode(QFileDialog.AnyFile if save else QFileDialog.ExistingFile)
    return dialog


def _ask(dialog):
    """(path, chosen filter) or ("", "") when cancelled."""
    if dialog.exec() != QDialog.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def open_file_name(parent, title, filters, folder=""):
    path, _ = _ask(file_dialog(parent, title, folder, filters, save=False))
    return path


def save_file_name(parent, title, filters, folder="", suggested=""):
    """A file name to write; if the learner typed none, the extension of the chosen filter is added.
    `filters` maps a filter text to its extension."""
    start = os.path.join(folder, suggested) if suggested else folder
    path, chosen = _ask(file_dialog(parent, title, start, ";;".join(filters), save=True))
    if path and not os.path.splitext(path)[1]:
        path += filters.get(chosen, next(iter(filters.values())))
    return path
