"""Dialogs: unsaved changes, errors, file names, importing a CSV, About and the equations guide.

The window calls these through this module (`dialogs.save_file_name(...)`), so a test can
replace one with a function that answers instead of a person.
"""
import os

from PySide6.QtWidgets import QFileDialog, QMessageBox

from .csv_import import CsvImportDialog
from .help import EQUATIONS_HELP, show_about, show_equations_help

__all__ = ["CsvImportDialog", "EQUATIONS_HELP", "ask_save_changes", "open_file_name", "save_file_name",
           "show_about", "show_equations_help", "show_error"]

SESSION_FILTER = "Backprop Lab sessions (*.json)"
WEIGHTS_FILTERS = {"NumPy arrays (*.npz)": ".npz", "JSON (*.json)": ".json",
                   "CSV, one line per parameter (*.csv)": ".csv"}
IMPORT_WEIGHTS_FILTER = "Weights (*.npz *.json)"
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
def open_file_name(parent, title, filters, folder=""):
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path


def save_file_name(parent, title, filters, folder="", suggested=""):
    """A file name to write; if the learner typed none, the extension of the chosen filter is added.
    `filters` maps a filter text to its extension."""
    start = os.path.join(folder, suggested) if suggested else folder
    path, chosen = QFileDialog.getSaveFileName(parent, title, start, ";;".join(filters))
    if path and not os.path.splitext(path)[1]:
        path += filters.get(chosen, next(iter(filters.values())))
    return path
