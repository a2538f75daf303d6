"""Fixtures shared by window tests (opt in by name: files with their own settings keep them)."""
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from gui import MainWindow


@pytest.fixture
def private_settings(tmp_path):
    """The window's QSettings in this test's folder, not the user's."""
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def circle_window(qtbot, tmp_path, monkeypatch, private_settings):
    """A shown window on `circle`, 1400×880; closing it discards unsaved changes."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    w = MainWindow("circle", recovery_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.resize(1400, 880)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.controller.pause()
