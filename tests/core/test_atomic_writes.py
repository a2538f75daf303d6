"""Saves and exports are atomic: a failure midway, or a kill -9, never loses the old file."""
import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from core import BadInput, files, presets, session, weights_file

ROOT = Path(__file__).resolve().parents[2]


def listing(folder):
    return sorted(os.listdir(folder))


@pytest.fixture
def trainer():
    return presets.load("circle")


@pytest.fixture
def old_file(tmp_path, trainer):
    p = tmp_path / "s.json"
    session.save(trainer, p)
    return p, p.read_bytes()


def test_a_writer_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path, old_file):
    p, before = old_file

    def half_then_fail(f):
        f.write(b'{"half": ')
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(BadInput, match=r"cannot write .*s.json: No space left on device"):
        files.atomic_write(p, half_then_fail)
    assert p.read_bytes() == before
    assert listing(tmp_path) == ["s.json"]


def test_an_exception_that_is_not_an_oserror_also_cleans_up_and_propagates(tmp_path, old_file):
    p, before = old_file

    def interrupted(f):
        f.write(b"partial")
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(p, interrupted)
    assert p.read_bytes() == before and listing(tmp_path) == ["s.json"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_at_flush_or_rename_keeps_the_old_session(tmp_path, old_file, trainer, monkeypatch, failing):
    p, before = old_file
    trainer.run(20)  # the new session differs from the old

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, failing, full)
    with pytest.raises(BadInput, match="No space left on device"):
        session.save(trainer, p)
    monkeypatch.undo()
    assert p.read_bytes() == before
    assert listing(tmp_path) == ["s.json"]
    assert session.load(p)[0].step_count == 0


def test_a_failed_export_keeps_the_old_export(tmp_path, trainer, monkeypatch):
    for ext in ("npz", "json", "csv"):
        p = tmp_path / f"w.{ext}"
        weights_file.export_weights(trainer.network, p)
        before = p.read_bytes()
        trainer.run(5)
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "Input/output error")))
        with pytest.raises(BadInput, match="Input/output error"):
            weights_file.export_weights(trainer.network, p)
        monkeypatch.undo()
        assert p.read_bytes() == before
    assert listing(tmp_path) == ["w.csv", "w.json", "w.npz"]


def test_a_non_finite_value_writes_nothing(tmp_path, old_file):
    p, before = old_file
    with pytest.raises(BadInput, match="not a finite number"):
        files.write_json(p, {"x": float("nan")})
    assert p.read_bytes() == before and listing(tmp_path) == ["s.json"]


def test_a_new_file_gets_ordinary_permissions_and_an_old_one_keeps_its_own(tmp_path, trainer):
    p = tmp_path / "s.json"
    umask = os.umask(0o022)
    try:
        session.save(trainer, p)
        assert p.stat().st_mode & 0o777 == 0o644
        os.chmod(p, 0o600)
        session.save(trainer, p)
        assert p.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


def test_saving_through_a_symbolic_link_updates_the_file_it_points_to(tmp_path, trainer):
    real = tmp_path / "real.json"
    session.save(trainer, real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    trainer.run(3)
    session.save(trainer, link)
    assert link.is_symlink()
    assert session.load(real)[0].step_count == 3


@pytest.mark.parametrize("name,message", [
    ("", "no file name given"),
    ("missing-folder/s.json", "the folder .* does not exist"),
    (".", "is a folder"),
    ("x" * 300 + ".json", "the file name is too long"),
    ("a\0b.json", "contains a NUL character"),
])
def test_unwritable_paths_are_refused_before_anything_is_written(tmp_path, trainer, name, message):
    with pytest.raises(BadInput, match=message):
        session.save(trainer, os.path.join(tmp_path, name) if name else "")
    assert listing(tmp_path) == []


def test_a_long_file_name_that_is_allowed_works(tmp_path, trainer):
    p = tmp_path / ("x" * 240 + ".json")  # the temporary file's name must not overflow the limit
    session.save(trainer, p)
    assert listing(tmp_path) == [p.name]


def test_a_folder_where_files_cannot_be_created(trainer):
    with pytest.raises(BadInput, match="cannot write /proc/s.json"):
        session.save(trainer, "/proc/s.json")


def test_a_device_is_not_overwritten(trainer):
    with pytest.raises(BadInput, match="not a regular file"):
        session.save(trainer, "/dev/null")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_file_and_folder(tmp_path, old_file, trainer):
    p, before = old_file
    os.chmod(p, 0o444)
    with pytest.raises(BadInput, match="read-only"):
        session.save(trainer, p)
    os.chmod(tmp_path, 0o555)
    try:
        with pytest.raises(BadInput, match="cannot write"):
            session.save(trainer, tmp_path / "new.json")
    finally:
        os.chmod(tmp_path, 0o755)
    assert p.read_bytes() == before


SAVER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from core import datasets, session, Network
    from core.trainer import Trainer
    import numpy as np
    rng = np.random.default_rng(0)
    # a session of about 1 MB, so a save takes long enough to be caught in the middle
    data = datasets.points(rng.normal(0, 1, (6000, 2)), rng.normal(0, 1, (6000, 1)))
    t = Trainer(Network([2, 3, 1], "tanh", seed=0), data, lr=0.01, batch_size=50)
    path = sys.argv[1]
    session.save(t, path)
    print("ready", flush=True)
    while True:
        t.run(1)
        session.save(t, path)
""")


def temporaries(folder):
    return [n for n in os.listdir(folder) if n.startswith(".s.json.") and n.endswith(".tmp")]


def test_kill_9_during_saves_leaves_an_old_or_a_new_file_that_loads(tmp_path):
    """A process saves in a loop; it is killed at moments chosen while a save is under way
    (a temporary file exists) and at plain random moments. Each time the session file is whole."""
    p = tmp_path / "s.json"
    script = tmp_path / "saver.py"
    script.write_text(SAVER.format(root=str(ROOT)))
    steps_seen, caught_mid_save, attempt = set(), 0, 0
    # at least 6 kills; more (up to 30) until one lands mid-save: when it does is up to the scheduler
    while attempt < 6 or (caught_mid_save == 0 and attempt < 30):
        attempt += 1
        proc = subprocess.Popen([sys.executable, str(script), str(p)], stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == "ready"
            if attempt % 3 == 0:
                time.sleep(0.05 * (attempt % 7))
            else:  # wait for a save in progress (at most 10 s), then kill at once
                deadline = time.monotonic() + 10
                while not temporaries(tmp_path) and time.monotonic() < deadline:
                    pass
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
        leftovers = temporaries(tmp_path)
        caught_mid_save += bool(leftovers)
        for name in leftovers:  # what a kill -9 leaves is only ever a temporary beside the file
            os.unlink(tmp_path / name)
        t, _, _ = session.load(p)  # whole, and loadable
        steps_seen.add(t.step_count)
        assert listing(tmp_path) == ["s.json", "saver.py"]
    assert caught_mid_save >= 1  # the kills really did land in the middle of saves
    assert max(steps_seen) > 0  # and saves were replacing the file
