"""In the window, what used to escape into Qt as a traceback now ends in a message."""
import struct
import zipfile

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMessageBox

from core import weights_file
from gui import MainWindow
from gui.controls.fields import NumberField


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def boxes(monkeypatch):
    shown = []

    def record(kind):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.Ok
        return box
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    return shown


@pytest.fixture
def window(qtbot, tmp_path, boxes):
    w = MainWindow(recovery_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.controller.pause()


def test_importing_an_npz_with_a_header_cut_short_shows_a_message(window, tmp_path, boxes):
    window.new_session("circle")
    good, bad = tmp_path / "good.npz", tmp_path / "bad.npz"
    window.export_weights_to(str(good))
    text = b"{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2"
    header = text + b" " * (117 - len(text)) + b"\n"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as z:
        for info in zin.infolist():
            z.writestr(info.filename, b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header
                       if info.filename == "W1.npy" else zin.read(info))
    before = window.controller.network.params.copy()
    assert not window.import_weights_from(str(bad))
    assert boxes and "bad.npz" in boxes[-1][2]
    assert (window.controller.network.params == before).all()


def test_every_number_field_refuses_a_number_with_hundreds_of_digits(window, qtbot):
    window.new_session("circle")
    window.controller.set_optimizer("momentum", momentum=0.9)
    fields = window.findChildren(NumberField)
    names = {f.objectName() for f in fields}
    assert {"lrEdit", "momentumEdit", "batchEdit", "l1Edit", "l2Edit", "seedEdit"} <= names
    for field in fields:
        for typed in ("9" * 400, "-" + "9" * 400):
            field.setText(typed)
            field.editingFinished.emit()  # an exception here would fail the test (pytest-qt reports it)
            section = field.parentWidget()
            while section.findChild(QLabel, "sectionMessage") is None:
                section = section.parentWidget()
            message = section.findChild(QLabel, "sectionMessage")
            assert message.isVisibleTo(section) and message.text(), (field.objectName(), typed)


def test_play_at_the_last_step_a_run_counts_stops_with_one_message(window, qtbot, tmp_path, boxes):
    from core import presets, session
    from core.trainer import MAX_STEPS
    t = presets.load("circle")
    t.run(10)
    d = session.to_dict(t, name="circle")
    d["state"]["step"] = MAX_STEPS - 3
    d["history"]["steps"] = [s + MAX_STEPS - 13 for s in d["history"]["steps"]]
    path = tmp_path / "late.json"
    session.write_json(path, d)
    assert window.open_path(str(path))
    c = window.controller
    c.play()
    qtbot.waitUntil(lambda: not c.playing, timeout=5000)
    qtbot.wait(200)  # a few more ticks would each raise again if the run went on
    assert c.trainer.step_count == MAX_STEPS
    stops = [b for b in boxes if b[1] == "Training stopped"]
    assert len(stops) == 1 and f"{MAX_STEPS:,}" in stops[0][2]


def test_stepping_into_an_infinite_loss_shows_a_message_and_keeps_a_finite_one(window, boxes):
    import numpy as np
    window.new_session("sine")
    c = window.controller
    c.set_lr(1e6)
    for _ in range(40):
        c.step(1)
        assert np.isfinite(c.trainer.losses()[0]), f"step {c.trainer.step_count} shows an infinite loss"
    stops = [b for b in boxes if b[1] == "Training stopped"]
    assert stops and "diverged" in stops[0][2]
