"""Autosave to a recovery file while there are unsaved changes; orphans are found after a crash."""
import json
import os
import subprocess
import sys

import numpy as np

from core import session
from gui.controller import SessionController
from gui.recovery import Recovery, orphans


def test_autosave_writes_only_while_dirty_and_a_save_removes_it(qtbot, tmp_path):
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    rec.autosave()
    rec.wait()
    assert not rec.path.exists()  # nothing unsaved yet
    c.step(5)
    rec.autosave()
    rec.wait()
    restored, name, _ = session.load(rec.path)
    assert name == "seed-scalar"
    assert restored.step_count == 5
    assert np.array_equal(restored.network.params, c.network.params)
    assert "history" not in json.loads(rec.path.read_text())  # kept quick to write: the plots start anew
    c.save(tmp_path / "mine.json")
    assert "history" in json.loads((tmp_path / "mine.json").read_text())  # a save keeps them
    rec.autosave()
    rec.wait()
    assert not rec.path.exists()


def test_a_clean_stop_removes_the_file(qtbot, tmp_path):
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    c.step(1)
    rec.autosave()
    rec.wait()
    assert rec.path.exists()
    rec.stop()
    assert not rec.path.exists()


def test_files_of_dead_processes_are_orphans_and_live_ones_are_not(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f"recovery-{dead.pid}.json").write_text("{}")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / f"recovery-{alive.pid}.json").write_text("{}")
        (tmp_path / f"recovery-{os.getpid()}.json").write_text("{}")
        assert orphans(tmp_path) == [tmp_path / f"recovery-{dead.pid}.json"]
    finally:
        alive.kill()
        alive.wait()


def test_a_failed_autosave_is_remembered_not_raised(qtbot, tmp_path):
    c = SessionController()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    rec = Recovery(c, folder=blocker, interval_ms=10_000)
    c.step(1)
    rec.autosave()
    rec.wait()
    assert "not-a-folder" in rec.last_error or "exist" in rec.last_error
    assert blocker.read_text() == "x"


def test_nothing_new_is_not_written_again(qtbot, tmp_path):
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    c.step(2)
    rec.autosave()
    rec.wait()
    first = rec.path.stat().st_mtime_ns
    rec.path.write_text("marker")  # were it written again, the marker would be gone
    rec.autosave()
    rec.wait()
    assert rec.path.read_text() == "marker"
    c.step(1)
    rec.autosave()
    rec.wait()
    assert session.load(rec.path)[0].step_count == 3 and rec.path.stat().st_mtime_ns >= first


def _dead_pid():
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    return dead.pid


def test_links_that_lead_nowhere_in_the_folder_are_passed_over(qtbot, tmp_path, monkeypatch):
    """A dangling symbolic link and a link loop named like recovery files once crashed the start."""
    from PySide6.QtWidgets import QMessageBox

    from core import presets
    from gui import MainWindow
    real = tmp_path / f"recovery-{_dead_pid()}.json"
    session.save(presets.load("circle"), real, name="circle")
    (tmp_path / f"recovery-{_dead_pid()}.json").symlink_to(tmp_path / "gone.json")  # dangling
    loop = tmp_path / f"recovery-{_dead_pid()}.json"
    loop.symlink_to(loop)  # a loop: stat() fails with ELOOP
    assert orphans(tmp_path) == [real]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window = MainWindow(recovery_folder=tmp_path)
    qtbot.addWidget(window)
    assert window.offer_recovery()
    assert window.controller.name == "circle"
    window.controller.dirty = False


def test_a_session_given_at_start_still_gets_the_offer_of_crashed_work(qtbot, tmp_path, monkeypatch):
    """Started with a session file, the window opens it and then offers the recovery file of a crash;
    restoring it brings back the crashed work."""
    from PySide6.QtWidgets import QMessageBox

    from core import presets
    from gui.app import start
    folder = tmp_path / "recovery"
    folder.mkdir()
    crashed = presets.load("circle")
    crashed.run(7)
    session.save(crashed, folder / f"recovery-{_dead_pid()}.json", name="circle")
    opened = tmp_path / "xor.json"
    session.save(presets.load("xor"), opened, name="xor")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(title)
                        or QMessageBox.No)
    window = start([str(opened)], recovery_folder=folder)
    qtbot.addWidget(window)
    assert asked == ["Restore unsaved work?"]
    assert window.controller.name == "xor"  # declined: the file asked for stays open
    session.save(crashed, folder / f"recovery-{_dead_pid()}.json", name="circle")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    again = start([str(opened)], recovery_folder=folder)
    qtbot.addWidget(again)
    assert again.controller.name == "circle" and again.controller.trainer.step_count == 7
    assert np.array_equal(again.controller.network.params, crashed.network.params)
    again.controller.dirty = False


def test_an_autosave_is_written_by_a_thread_from_a_snapshot_of_the_moment_it_was_asked(qtbot, tmp_path):
    """The window's thread only takes the snapshot: training goes on while the file is written, and
    the file holds the session as it was when the autosave was asked, whole."""
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    c.step(3)
    asked = c.network.params.copy()
    rec.autosave()
    c.step(4)  # while it is written
    assert rec.wait(30)
    saved, _, _ = session.load(rec.path)
    assert saved.step_count == 3 and np.array_equal(saved.network.params, asked)


def test_a_save_during_an_autosave_leaves_no_recovery_file(qtbot, tmp_path):
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    c.step(2)
    rec.autosave()
    c.save(tmp_path / "mine.json")
    rec.autosave()  # not dirty any more: the file goes, and the write under way is given up or removed
    rec.wait(30)
    assert not rec.path.exists()


def test_a_session_with_the_largest_csv_saves_reopens_and_is_restored(qtbot, tmp_path):
    """Data as large as a CSV may be (100,000 samples, about 20 MB of short numbers, where a
    session once grew five-fold past its own limit) saves, opens again, and comes back from the
    recovery file, bit for bit."""
    from core import csv_data
    from core.datasets import MAX_SAMPLES
    rng = np.random.default_rng(5)
    pixels = rng.integers(0, 10, (MAX_SAMPLES, 70)).astype(float)  # one digit each, as in a CSV of counts
    measures = rng.normal(size=(MAX_SAMPLES, 2))  # full precision
    label = (measures[:, :1] > 0).astype(float)
    rows = np.hstack([pixels, measures, label])
    names = [f"p{i}" for i in range(70)] + ["m0", "m1", "label"]
    csv = tmp_path / "largest.csv"
    fmt = ["%d"] * 70 + ["%r"] * 2 + ["%d"]
    with open(csv, "w") as f:
        f.write(",".join(names) + "\n")
        f.writelines(",".join(f % v for f, v in zip(fmt, row)) + "\n" for row in rows.tolist())
    assert 15 * 2 ** 20 < csv.stat().st_size <= csv_data.MAX_FILE_BYTES  # within the CSV limit, near it
    data = csv_data.make_dataset(names, rows, ["label"], name="largest.csv")  # as importing it makes it

    c = SessionController()
    c.set_data(data)
    c.step(3)
    c.save(tmp_path / "largest.json")
    assert (tmp_path / "largest.json").stat().st_size <= csv.stat().st_size * 1.1  # as compact as the CSV
    reopened, _, _ = session.load(tmp_path / "largest.json")
    assert np.array_equal(reopened.data.X_train, data.X_train) and np.array_equal(reopened.data.Y_train, data.Y_train)
    assert np.array_equal(reopened.network.params, c.network.params)

    c.step(2)
    rec = Recovery(c, folder=tmp_path / "recovery", interval_ms=100_000)
    rec.autosave()
    assert rec.wait(120) and rec.last_error == ""
    restored = SessionController()
    restored.restore(rec.path)
    assert np.array_equal(restored.trainer.data.X_train, data.X_train)
    assert restored.trainer.step_count == 5 and np.array_equal(restored.network.params, c.network.params)
    restored.dirty = c.dirty = False
    rec.stop()


def test_an_unexpected_failure_on_the_autosave_thread_is_remembered_not_raised(qtbot, tmp_path, monkeypatch):
    import threading
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    c.step(1)
    raised = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args))
    monkeypatch.setattr(session, "write_document", lambda *a, **k: 1 / 0)
    rec.autosave()
    rec.wait(30)
    assert "ZeroDivisionError" in rec.last_error and not raised and not rec.path.exists()
