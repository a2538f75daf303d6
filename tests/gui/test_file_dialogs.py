"""The file dialogs never read the files they list: typing /proc/ once froze the window for good
(Qt's default icon provider opened /proc/kmsg to guess its type, and that read never returns)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo

from gui.dialogs import NameOnlyIcons, file_dialog

ROOT = Path(__file__).resolve().parents[2]

TYPE_PROC = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
from gui.dialogs import file_dialog
dialog = file_dialog(None, "Export weights", "", "NumPy arrays (*.npz)", save=True)
dialog.show()
def settle(seconds):
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
edit = dialog.findChild(QLineEdit, "fileNameEdit")
for ch in "/proc/":
    edit.insert(ch)
    settle(0.05)
dialog.setDirectory("/proc")
settle(1.5)
print("answered")
"""


def test_names_and_icons_come_from_the_name_alone(qtbot, tmp_path):
    icons = NameOnlyIcons()
    (tmp_path / "w.npz").write_bytes(b"")
    assert icons.type(QFileInfo(str(tmp_path / "w.npz"))) == "NPZ file"
    assert icons.type(QFileInfo(str(tmp_path))) == "Folder"
    assert not icons.icon(QFileInfo(str(tmp_path / "w.npz"))).isNull()
    assert file_dialog(None, "t", str(tmp_path), "*", save=True).iconProvider() is not None


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="needs Linux's /proc/kmsg")
def test_typing_proc_in_a_file_dialog_does_not_freeze_the_window():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        run = subprocess.run([sys.executable, "-c", TYPE_PROC.format(root=str(ROOT))], env=env,
                             capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the file dialog froze on /proc/")
    assert "answered" in run.stdout, run.stderr[-500:]
