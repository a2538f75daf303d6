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
def make_window(qtbot, tmp_path):
    """`make_window(preset=None, size=(1400, 880))`: a shown window, its recovery files in this test's
    folder; training is paused when the test ends."""
    made = []

    def make(preset=None, size=(1400, 880)):
        w = MainWindow(preset, recovery_folder=tmp_path / "recovery")
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w
    yield make
    for w in made:
        w.controller.pause()


@pytest.fixture
def circle_window(make_window, monkeypatch, private_settings):
    """A shown window on `circle`, 1400×880; closing it discards unsaved changes."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    return make_window("circle")


class _StoppedClock:
    """Stands in for a module's `time`: perf_counter() moves only when a test moves `now`."""

    def __init__(self):
        self.now = 100.0

    def perf_counter(self):
        return self.now


@pytest.fixture
def stopped_clock(monkeypatch):
    """`stopped_clock(module)` gives `module` a clock that moves only when told (clock.now += seconds):
    what a piece of code would have measured, without timing anything."""
    def install(module):
        clock = _StoppedClock()
        monkeypatch.setattr(module, "time", clock)
        return clock
    return install
