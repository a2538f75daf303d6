"""A window killed (kill -9) while training leaves a recovery file; the next start restores it."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from core import session
from gui import MainWindow

ROOT = Path(__file__).resolve().parents[2]

PLAY_CIRCLE = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, {settings!r})
app = QApplication([])
from gui import MainWindow
window = MainWindow("circle", recovery_folder={folder!r})
window.show()
window.controller.play()
print("playing", flush=True)
app.exec()
"""


def _recovered_step(folder):
    """The step saved in the newest recovery file of the folder, or None."""
    for path in folder.glob("recovery-*.json"):
        try:
            return json.loads(path.read_text())["state"]["step"]
        except (OSError, ValueError, KeyError):
            return None  # a write in progress is never seen (writes are atomic), but be safe
    return None


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_kill_during_training_then_the_next_start_restores_the_session(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "recovery"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BACKPROP_LAB_AUTOSAVE_MS="200")
    script = PLAY_CIRCLE.format(root=str(ROOT), settings=str(tmp_path / "settings"), folder=str(folder))
    child = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "playing"
        deadline = time.monotonic() + 60
        while (_recovered_step(folder) or 0) < 100:  # a few autosaves while it trains
            assert time.monotonic() < deadline, "no recovery file was written while training"
            assert child.poll() is None, "the window exited by itself"
            time.sleep(0.1)
        time.sleep(0.5)  # kill it at a moment of its own choosing, maybe mid-save
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    [left] = list(folder.glob("recovery-*.json"))
    saved, _, _ = session.load(left)  # whole and loadable
    assert saved.step_count >= 100

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    window = MainWindow(recovery_folder=folder)
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.Yes)
    assert window.offer_recovery()
    c = window.controller
    assert c.trainer.step_count == saved.step_count
    assert np.array_equal(c.network.params, saved.network.params)
    assert c.dirty  # restored work is unsaved work
    c.step(10)  # and it trains on from there
    assert c.trainer.step_count == saved.step_count + 10
    c.dirty = False
