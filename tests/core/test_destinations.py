"""Files written at the end of a run: stale temporaries cleaned, every destination checked first, all
written together, and the message says exactly what was written (issue 17, items 10 and 11)."""
import io
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import BadInput, cli, files

ROOT = Path(__file__).resolve().parents[2]


def _run_cli(argv):
    out, err = io.StringIO(), io.StringIO()
    saved, sys.stderr = sys.stderr, err
    try:
        code = cli.main(argv, out=out)
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


# ---- stale temporary files (item 10) --------------------------------------------------------------
KILLED_WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from core import files
def write(f):
    f.write(b"half of a large file")
    f.flush()
    print("writing", flush=True)
    time.sleep(60)
files.atomic_write({target!r}, write)
"""


def _temporaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_writer_killed_mid_write_leaves_a_temporary_that_the_next_write_removes(tmp_path):
    target = tmp_path / "big.json"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER.format(root=str(ROOT), target=str(target))],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    left = _temporaries(tmp_path)
    assert len(left) == 1 and left[0].startswith(".big.json.")
    files.write_json(target, {"while": "it writes"})  # a live writer's file is left alone
    assert _temporaries(tmp_path) == left
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert _temporaries(tmp_path) == left  # nothing removes it by itself
    files.write_json(target, {"after": "the kill"})
    assert _temporaries(tmp_path) == []
    assert target.read_text().strip().startswith("{")


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_this_programs_stale_temporaries_of_this_target_are_removed(tmp_path):
    dead, alive = _dead_pid(), os.getppid()
    other = tmp_path / "elsewhere"
    other.mkdir()
    stale = tmp_path / f".x.json.{dead}.abc12_yz.tmp"
    kept = [tmp_path / f".x.json.{alive}.abc12_yz.tmp",       # its writer still runs
            tmp_path / f".y.json.{dead}.abc12_yz.tmp",        # another target's
            tmp_path / f".x.json.{dead}.toolongname.tmp",     # not a name this program makes
            tmp_path / f"x.json.{dead}.abc12_yz.tmp",         # not hidden
            tmp_path / ".x.json.abc12_yz.tmp",                # an old name without a writer: too recent
            other / f".x.json.{dead}.abc12_yz.tmp"]           # beside another file of that name
    for p in [stale] + kept:
        p.write_bytes(b"partial")
    os.mkdir(tmp_path / f".x.json.{dead}.folder00.tmp")       # a folder is never removed
    os.symlink(stale, tmp_path / f".x.json.{dead}.link0000.tmp")  # nor a link
    files.write_json(tmp_path / "x.json", [1])
    assert not stale.exists()
    assert all(p.exists() for p in kept)
    assert (tmp_path / f".x.json.{dead}.folder00.tmp").is_dir()
    assert os.path.islink(tmp_path / f".x.json.{dead}.link0000.tmp")


def test_a_locked_temporary_is_kept_even_when_its_process_id_is_gone(tmp_path):
    fcntl = pytest.importorskip("fcntl")
    held = tmp_path / f".x.json.{_dead_pid()}.abc12_yz.tmp"  # e.g. a writer in another pid namespace
    held.write_bytes(b"partial")
    with open(held, "rb") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        locker = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                                 f"from core import files; files.write_json({str(tmp_path / 'x.json')!r}, 1)"])
        assert locker.returncode == 0 and held.exists()


def test_an_old_temporary_without_a_writer_id_is_removed_once_it_is_an_hour_old(tmp_path):
    old = tmp_path / ".x.json.abc12_yz.tmp"
    old.write_bytes(b"partial")
    hour_ago = time.time() - files.LEGACY_TEMPORARY_SECONDS - 5
    os.utime(old, (hour_ago, hour_ago))
    files.write_json(tmp_path / "x.json", 1)
    assert not old.exists()


# ---- every destination checked first, written together, reported exactly (item 11) ------------------
def test_the_same_file_named_twice_is_refused_before_training(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for second in ("X.json", "./X.json", "link.json"):
        (tmp_path / "X.json").write_text("{}")
        if second == "link.json" and not os.path.lexists("link.json"):
            os.symlink("X.json", "link.json")
        code, out, err = _run_cli(["train", "circle", "--steps", "5", "--save", "X.json", "--export", second])
        assert code == cli.EXIT_BAD_INPUT and "named twice" in err, err
        assert (tmp_path / "X.json").read_text() == "{}"
        assert out == ""


def test_a_destination_inside_a_file_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "somefile").write_text("x")
    code, out, err = _run_cli(["train", "circle", "--steps", "5", "--save", str(tmp_path / "ok.json"),
                               "--export", str(tmp_path / "somefile" / "x.npz")])
    assert code == cli.EXIT_BAD_INPUT and not (tmp_path / "ok.json").exists()
    assert "is a file, not a folder" in err


FULL_DISK = """
import resource, signal, sys
sys.path.insert(0, {root!r})
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)        # a write past the limit fails (EFBIG) as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
from core import cli
sys.exit(cli.main({argv!r}))
"""


def test_a_file_that_cannot_be_written_does_not_hide_the_ones_that_were(tmp_path):
    small, large = str(tmp_path / "ok.npz"), str(tmp_path / "large.json")  # a session with its history
    argv = ["train", "spiral", "--steps", "300", "--quiet", "--export", small, "--save", large]
    run = subprocess.run([sys.executable, "-c", FULL_DISK.format(root=str(ROOT), argv=argv)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == cli.EXIT_BAD_INPUT
    assert f"wrote {small}" in run.stdout and f"wrote {large}" not in run.stdout
    assert f"wrote {small}; {large} not written" in run.stderr, run.stderr
    assert "nothing was written" not in run.stderr
    assert os.path.exists(small) and not os.path.exists(large)
    assert _temporaries(tmp_path) == []


def test_ctrl_c_while_the_files_are_staged_writes_none_and_says_so(tmp_path, monkeypatch):
    from core import weights_file
    real = weights_file.export_weights

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(weights_file, "export_weights", interrupted)
    code, _, err = _run_cli(["train", "circle", "--steps", "5", "--save", str(tmp_path / "a.json"),
                             "--export", str(tmp_path / "b.npz")])
    assert code == cli.EXIT_INTERRUPTED and "nothing was written" in err
    assert os.listdir(tmp_path) == []
    assert real is not interrupted


def test_ctrl_c_while_the_files_are_renamed_waits_for_the_renames_and_names_them(tmp_path, monkeypatch):
    real_replace = os.replace
    calls = []

    def replace_then_interrupt(src, dst):
        real_replace(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGINT)  # held back until every file is in place
    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    a, b = str(tmp_path / "a.json"), str(tmp_path / "b.npz")
    # Python's own Ctrl-C handler, as in a terminal: a process started in the background by a
    # non-interactive shell (as some CI runners start it) inherits SIGINT ignored
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code, _, err = _run_cli(["train", "circle", "--steps", "5", "--save", a, "--export", b])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == cli.EXIT_INTERRUPTED
    assert os.path.exists(a) and os.path.exists(b)
    assert f"wrote {a}, {b}; nothing else was written" in err, err


# ---- messages that name the real problem (Small) -----------------------------------------------------
def test_messages_name_a_symlink_loop_a_dangling_link_and_a_file_in_the_way(tmp_path):
    from core import session
    os.symlink(tmp_path / "b.json", tmp_path / "a.json")
    os.symlink(tmp_path / "a.json", tmp_path / "b.json")
    os.symlink(tmp_path / "nowhere.json", tmp_path / "dangling.json")
    (tmp_path / "somefile").write_text("x")
    with pytest.raises(BadInput, match="symbolic link that loops"):
        session.load(tmp_path / "a.json")
    with pytest.raises(BadInput, match="symbolic link that loops"):
        files.write_json(tmp_path / "a.json", 1)
    with pytest.raises(BadInput, match="nowhere.json, which does not exist"):
        session.load(tmp_path / "dangling.json")
    with pytest.raises(BadInput, match="somefile is a file, not a folder"):
        session.load(tmp_path / "somefile" / "x.json")
    with pytest.raises(BadInput, match="somefile is a file, not a folder"):
        files.write_json(tmp_path / "somefile" / "deeper" / "x.json", 1)
    with pytest.raises(BadInput, match="folder .* does not exist"):
        files.write_json(tmp_path / "missing" / "x.json", 1)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux's /proc")
def test_a_system_file_that_reports_no_size_is_named_as_such_not_empty(tmp_path):
    with pytest.raises(BadInput, match="file of the system"):
        files.read_json("/proc/self/status", 1 << 20, "session file")
    (tmp_path / "empty.json").write_bytes(b"")
    with pytest.raises(BadInput, match="empty"):
        files.read_json(tmp_path / "empty.json", 1 << 20, "session file")


# ---- refusals by structure, before anything is allocated (item 14) -----------------------------------
def test_a_wrong_shape_is_refused_from_the_lists_lengths_before_any_array_is_made(monkeypatch):
    from core import schema

    def no_arrays(*args, **kwargs):
        raise AssertionError("an array was made of a value already known to be wrong")
    monkeypatch.setattr(schema.np, "array", no_arrays)
    cases = [([[0.5] * 9000] * 3, (3, 4), r"got \(3, 9000\)"),
             ([[0.5] * 4] * 2 + [[0.5] * 25_000], (3, 4), "got row 2 of 25,000 numbers"),
             ([[0.5] * 4] * 7, (3, 4), "got 7 rows"),
             ([0.5] * 10, (3,), "got 10 numbers"),
             ([[0.5, True, 0.5, 0.5]] * 3, (3, 4), "true or false"),
             ([0.5, None, 0.5], (3,), "text or null"),
             ([[0.5, [1.0], 0.5, 0.5]] * 3, (3, 4), "a list or an object"),
             ([[0.5] * 4, 7, [0.5] * 4], (3, 4), "row 1 is not a list")]
    for value, shape, message in cases:
        with pytest.raises(BadInput, match=message):
            schema.array(value, shape, "W1")


def test_json_true_is_not_a_weight(tmp_path):
    import json
    from core import Network, presets, session, weights_file
    path = tmp_path / "w.json"
    weights_file.export_weights(Network([2, 3, 1]), path)
    doc = json.loads(path.read_text())
    doc["W1"][0][0] = True
    path.write_text(json.dumps(doc))
    with pytest.raises(BadInput, match="true or false"):
        weights_file.import_weights(path)
    d = session.to_dict(presets.load("circle"))
    d["weights"][0][1][0] = True
    with pytest.raises(BadInput, match="true or false"):
        session.from_dict(d)
    d = session.to_dict(presets.load("circle"))
    d["biases"][0] = [True] * len(d["biases"][0])
    with pytest.raises(BadInput, match="true or false"):
        session.from_dict(d)


def test_a_sampled_gradient_check_covers_every_layer_and_matches_the_full_check():
    import numpy as np
    from core import Network
    from core.gradcheck import check_gradients, sample
    net = Network([3, 40, 30, 2], ["tanh", "sigmoid", "linear"])
    X, Y = np.random.default_rng(1).normal(size=(5, 3)), np.random.default_rng(2).normal(size=(5, 2))
    chosen = sample(net, 60)
    assert len(set(chosen)) == len(chosen) and 55 <= len(chosen) <= 66
    names = net.parameter_names()
    for prefix in ("W1", "b1", "W2", "b2", "W3", "b3"):
        assert any(names[i].startswith(prefix + "[") for i in chosen), prefix
    full = check_gradients(net.copy(), X, Y)
    calls = []
    part = check_gradients(net, X, Y, indices=chosen, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(chosen), len(chosen)) and len(calls) == len(chosen)
    assert part.names == [names[i] for i in chosen]
    assert np.array_equal(part.analytic, full.analytic[chosen])
    assert np.array_equal(part.numeric, full.numeric[chosen])


def test_gradcheck_checks_a_sample_of_a_large_network_unless_asked_for_all(tmp_path, monkeypatch):
    from core import presets, session
    t = presets.load("spiral")  # 2-16-16-1: 337 parameters
    path = str(tmp_path / "s.json")
    session.save(t, path)
    monkeypatch.setattr(cli, "GRADCHECK_SAMPLE", 100)
    code, out, _ = _run_cli(["gradcheck", path])
    assert code == 0 and f"of {t.network.n_params:,} parameters" in out and "--all" in out, out
    code, out, _ = _run_cli(["gradcheck", path, "--all"])
    assert code == 0 and f"{t.network.n_params:,} parameters, batch" in out, out
