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
    assert not rec.path.exists()  # nothing unsaved yet
    c.step(5)
    rec.autosave()
    restored, name, _ = session.load(rec.path)
    assert name == "seed-scalar"
    assert restored.step_count == 5
    assert np.array_equal(restored.network.params, c.network.params)
    assert "history" not in json.loads(rec.path.read_text())  # kept quick to write: the plots start anew
    c.save(tmp_path / "mine.json")
    assert "history" in json.loads((tmp_path / "mine.json").read_text())  # a save keeps them
    rec.autosave()
    assert not rec.path.exists()


def test_a_clean_stop_removes_the_file(qtbot, tmp_path):
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    c.step(1)
    rec.autosave()
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
    assert "not-a-folder" in rec.last_error or "exist" in rec.last_error
    assert blocker.read_text() == "x"


def test_nothing_new_is_not_written_again(qtbot, tmp_path):
    c = SessionController()
    rec = Recovery(c, folder=tmp_path, interval_ms=10_000)
    c.step(2)
    rec.autosave()
    first = rec.path.stat().st_mtime_ns
    rec.path.write_text("marker")  # were it written again, the marker would be gone
    rec.autosave()
    assert rec.path.read_text() == "marker"
    c.step(1)
    rec.autosave()
    assert session.load(rec.path)[0].step_count == 3 and rec.path.stat().st_mtime_ns >= first
