"""The headless command line: exit codes, one-line errors, nothing written on bad input, no Qt."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import BadInput, cli, presets, session
from core.weights_file import import_weights

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6", "gui")


def run_cli(argv, capsys):
    out = io.StringIO()
    code = cli.main(argv, out=out)
    err = capsys.readouterr().err
    return code, out.getvalue(), err


def run_main(args, env=None, cwd=None, timeout=120):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=timeout)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


# ---- success -------------------------------------------------------------------------------

def test_train_a_preset_prints_a_summary_and_writes_what_was_asked(tmp_path, capsys):
    save, exports = tmp_path / "s.json", [tmp_path / f"w.{e}" for e in ("npz", "json", "csv")]
    argv = ["train", "circle", "--steps", "300", "--save", str(save)]
    for e in exports:
        argv += ["--export", str(e)]
    code, out, err = run_cli(argv, capsys)
    assert code == 0 and err == ""
    assert out.startswith("circle: Network(2 → 4 → 2 → 1")
    assert "done: 300 steps in" in out and "steps/s" in out and "loss " in out and "test " in out
    for p in [save] + exports:
        assert f"wrote {p}" in out
    t, name, _ = session.load(save)
    assert t.step_count == 300 and name == "circle"
    for p in exports[:2]:
        assert import_weights(p).params.tolist() == t.network.params.tolist()


def test_the_cli_trains_exactly_like_the_api(capsys, tmp_path):
    run_cli(["train", "spiral", "--steps", "250", "--quiet", "--save", str(tmp_path / "s.json")], capsys)
    t = presets.load("spiral")
    t.run(250)
    assert session.load(tmp_path / "s.json")[0].network.params.tolist() == t.network.params.tolist()


def test_quiet_prints_only_the_summary(capsys):
    code, out, _ = run_cli(["train", "xor", "--steps", "50", "--quiet"], capsys)
    assert code == 0 and out.count("\n") == 1 and out.startswith("done: 50 steps")


def test_overrides_and_continuing_a_session(tmp_path, capsys):
    s = tmp_path / "s.json"
    code, out, _ = run_cli(["train", "moons", "--steps", "40", "--lr", "0.05", "--batch-size", "7", "--seed", "3",
                            "--save", str(s)], capsys)
    assert code == 0 and "η=0.05, batch 7, 40 steps" in out
    d = json.loads(s.read_text())
    assert d["training"]["optimizer"]["lr"] == 0.05 and d["training"]["batch_size"] == 7
    assert d["training"]["seed"] == 3 and d["network"]["seed"] == 3
    code, out, _ = run_cli(["train", str(s), "--steps", "60", "--save", str(s)], capsys)
    assert code == 0 and "step 100" in out
    assert session.load(s)[0].step_count == 100


def test_zero_steps_writes_the_start(tmp_path, capsys):
    code, out, _ = run_cli(["train", "seed-scalar", "--steps", "0", "--export", str(tmp_path / "w.json")], capsys)
    assert code == 0 and "done: 0 steps" in out
    assert import_weights(tmp_path / "w.json").weights[0].tolist() == [[-23.1]]


def test_presets_lists_every_preset(capsys):
    code, out, _ = run_cli(["presets"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == presets.names()


def test_gradcheck(capsys):
    code, out, _ = run_cli(["gradcheck", "circle"], capsys)
    assert code == 0 and "circle: 25 parameters, batch of 10; largest relative error" in out
    error = float(out.split("largest relative error ")[1].split()[0])
    assert error < 1e-5


# ---- bad input: exit 2, one line on stderr, nothing written -----------------------------------

BAD = [
    (["train", "circle", "--steps", "-1"], "argument --steps: must be between 0 and 1e\\+09, got -1"),
    (["train", "circle", "--steps", "abc"], "argument --steps: must be a whole number, got 'abc'"),
    (["train", "circle", "--steps", "1.5"], "must be a whole number, got '1.5'"),
    (["train", "circle", "--steps", "10000000000"], "must be between 0 and 1e\\+09"),
    (["train", "circle", "--lr", "nan"], "argument --lr: learning rate η must be a positive finite number, got nan"),
    (["train", "circle", "--lr", "inf"], "argument --lr: learning rate η must be a positive finite number"),
    (["train", "circle", "--lr", "-0.1"], "argument --lr: learning rate η must be a positive"),
    (["train", "circle", "--lr", "0"], "argument --lr: learning rate η must be a positive"),
    (["train", "circle", "--lr", "fast"], "argument --lr: must be a number, got 'fast'"),
    (["train", "circle", "--batch-size", "0"], "argument --batch-size: batch size must be between 1 and 100000"),
    (["train", "circle", "--seed", "-3"], "argument --seed: seed must be between 0"),
    (["train", "nope"], "'nope' is neither a preset \\(seed-scalar, seed-chain"),
    (["train", "missing.json"], "no such file: missing.json"),
    (["train", "."], ". is a folder, not a session file"),
    (["train", "circle", "--export", "w.txt"], "unknown file type '.txt' for w.txt; use one of .npz, .json, .csv"),
    (["train", "circle", "--export", "w"], "unknown file type '\\(none\\)'"),
    (["train", "circle", "--save", "s.txt"], "--save needs a .json file name, got s.txt"),
    (["train", "circle", "--save", "no/such/folder/s.json"], "the folder .* does not exist"),
    (["train", "circle", "--export", "/proc/w.npz"], "cannot write /proc/w.npz"),
    (["train", "circle", "--export", "sub"], "unknown file type"),
    (["train", "circle", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["train"], "the following arguments are required: source"),
    (["fly"], "invalid choice: 'fly'"),
    ([], "the following arguments are required: command"),
]


@pytest.mark.parametrize("argv,message", BAD, ids=[" ".join(a) or "(nothing)" for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    outputs = ["--export", "out.npz"] if argv[:1] == ["train"] and len(argv) > 1 else []
    if outputs and "--save" not in argv:
        outputs += ["--save", "out.json"]
    code, out, err = run_cli(argv + outputs, capsys)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("backprop-lab: "), err
    assert __import__("re").search(message, lines[0]), lines[0]
    assert "Traceback" not in err and out == ""
    assert sorted(os.listdir(tmp_path)) == ["sub"]


def test_a_broken_session_file_is_one_line(tmp_path, capsys):
    p = tmp_path / "bad.json"
    d = session.to_dict(presets.load("xor"))
    d["version"] = 99
    p.write_text(json.dumps(d))
    code, _, err = run_cli(["train", str(p), "--save", str(tmp_path / "out.json")], capsys)
    assert code == 2 and err.count("\n") == 1 and "format version 99" in err
    assert not (tmp_path / "out.json").exists()


def test_an_interrupt_writes_nothing(tmp_path, capsys, monkeypatch):
    from core.trainer import Trainer

    def interrupted(self, n=1):
        raise KeyboardInterrupt
    monkeypatch.setattr(Trainer, "run", interrupted)
    code, _, err = run_cli(["train", "circle", "--save", str(tmp_path / "s.json")], capsys)
    assert code == 130 and err == "backprop-lab: interrupted; nothing was written\n"
    assert os.listdir(tmp_path) == []


# ---- divergence: exit 3, the last finite weights are written ---------------------------------

def test_divergence_exits_3_and_keeps_the_last_finite_weights(tmp_path, capsys):
    save = tmp_path / "s.json"
    exports = [tmp_path / f"w.{e}" for e in ("npz", "json", "csv")]
    argv = ["train", "seed-scalar", "--lr", "1", "--steps", "1000", "--save", str(save)]
    for e in exports:
        argv += ["--export", str(e)]
    code, out, err = run_cli(argv, capsys)
    assert code == 3
    assert err.count("\n") == 1 and "training diverged at step" in err and "Try a smaller learning rate" in err
    t, _, _ = session.load(save)
    assert 0 < t.step_count < 1000
    assert np.all(np.isfinite(t.network.params)) and np.isfinite(t.train_loss())
    for p in exports[:2]:
        assert import_weights(p).params.tolist() == t.network.params.tolist()
    with open(exports[2]) as f:
        assert np.isfinite(float(f.read().splitlines()[1].split(",")[-1]))
    # the seed's update, w ← w − η·2a(a·w − y) with η = 1, from w = −23.1: the last finite value
    w = -23.1
    for _ in range(t.step_count):
        w = w - 1 * 2 * 5.7 * (5.7 * w - 50.1)
    assert t.network.weights[0][0, 0] == pytest.approx(w, rel=1e-9)


# ---- the real command, in a subprocess --------------------------------------------------------

def test_python_main_py_train(tmp_path):
    r = run_main(["train", "circle", "--steps", "100", "--export", str(tmp_path / "w.npz")])
    assert r.returncode == 0, r.stderr
    assert "done: 100 steps" in r.stdout and r.stderr == ""
    assert (tmp_path / "w.npz").exists()


@pytest.mark.parametrize("args,message", [
    (["train", "circle", "--lr", "nan"], "argument --lr"),
    (["train", "nope"], "neither a preset"),
    (["train", "circle", "--export", "/proc/x.npz"], "cannot write"),
])
def test_python_main_py_bad_input(tmp_path, args, message):
    r = run_main(args, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and message in r.stderr and "Traceback" not in r.stderr
    assert os.listdir(tmp_path) == []


def test_python_main_py_diverging(tmp_path):
    r = run_main(["train", "seed-scalar", "--lr", "1", "--save", str(tmp_path / "s.json")])
    assert r.returncode == 3 and "diverged" in r.stderr and r.stderr.count("\n") == 1
    assert np.all(np.isfinite(session.load(tmp_path / "s.json")[0].network.params))


def test_python_main_py_without_a_display_says_so_in_one_line():
    r = run_main([], env=clean_env())
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and "no display" in r.stderr and "main.py train" in r.stderr


def test_a_closed_pipe_does_not_stop_training_or_saving(tmp_path):
    """`python main.py train ... | head -1`: the reader goes away after one line."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "train", "circle", "--steps", "3000",
                             "--save", str(tmp_path / "s.json")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert first.startswith(b"circle:") and err == ""
    assert session.load(tmp_path / "s.json")[0].step_count == 3000


def test_no_qt_module_is_imported_on_the_headless_path():
    commands = [["train", "circle", "--steps", "20", "--quiet"], ["presets"], ["gradcheck", "xor"], ["train", "nope"]]
    code = ("import sys; sys.path.insert(0, %r); import main\n"
            "for args in %r:\n"
            "    main.main(args)\n"
            "    print(sorted(m for m in sys.modules if m.split('.')[0] in %r))" % (str(ROOT), commands, QT))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env=clean_env(QT_QPA_PLATFORM="offscreen"))
    lines = [line for line in r.stdout.splitlines() if line.startswith("[")]
    assert lines == ["[]"] * len(commands), r.stdout + r.stderr


def test_python_main_py_without_pyside6_says_so_in_one_line():
    code = ("import sys; sys.path.insert(0, %r); sys.modules['PySide6'] = None; import main; "
            "sys.exit(main.main([]))" % str(ROOT))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env=clean_env(QT_QPA_PLATFORM="offscreen"))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "needs PySide6" in r.stderr and "Traceback" not in r.stderr


def test_a_batch_size_too_big_for_memory_is_refused(tmp_path, capsys):
    d = session.to_dict(presets.load("circle"))
    for key in ("weights", "biases", "state"):
        d.pop(key)
    d["network"].update(sizes=[2, 1000, 1], activations="tanh", bias=True)
    d["data"].update(samples=100_000, test_fraction=0.0)
    p = tmp_path / "big.json"
    p.write_text(json.dumps(d))
    code, out, err = run_cli(["train", str(p), "--batch-size", "100000", "--save", str(tmp_path / "out.json")],
                             capsys)
    assert code == 2 and err.count("\n") == 1
    assert "--batch-size: a batch of 100,000 samples" in err and "use a smaller batch size" in err.lower()
    # the same rule and words as the window and a notebook get from Trainer.batch_size
    with pytest.raises(BadInput) as refused:
        session.load(p)[0].batch_size = 100_000
    assert str(refused.value) in err
    assert not (tmp_path / "out.json").exists()


def test_a_tiny_network_gets_its_final_weights_in_the_summary(capsys):
    code, out, _ = run_cli(["train", "seed-scalar", "--steps", "20", "--quiet"], capsys)
    assert code == 0
    w = -23.1
    for _ in range(20):  # the question's loop
        w = w - 0.007 * 5.7 * 2 * (5.7 * w - 50.1)
    assert f"W1[0,0] = {w:.8g}" in out and "8.7893" in out
    code, out, _ = run_cli(["train", "circle", "--steps", "1", "--quiet"], capsys)
    assert "W1[0,0] =" not in out  # 25 parameters: too many to list


def test_counts_are_written_with_thousands_separators_and_the_right_plural(tmp_path, capsys):
    code, out, _ = run_cli(["gradcheck", "seed-scalar"], capsys)
    assert code == 0 and "seed-scalar: 1 parameter, batch of 1;" in out
    session_path = tmp_path / "long.json"
    code, out, _ = run_cli(["train", "seed-scalar", "--steps", "1200", "--quiet", "--save", str(session_path)], capsys)
    assert code == 0 and "step 1,200, epoch 1,200;" in out  # one sample: one epoch per step


def test_gradcheck_at_rounding_level_says_so_instead_of_agrees(tmp_path, capsys):
    """After 130 steps the question's network has converged: a·w − y is one rounding unit of 50.1,
    and the gradient 2·a·(a·w − y) is rounding noise that two correct computations get differently."""
    path = tmp_path / "converged.json"
    run_cli(["train", "seed-scalar", "--steps", "130", "--quiet", "--save", str(path)], capsys)
    code, out, _ = run_cli(["gradcheck", str(path)], capsys)
    assert code == 0
    assert "below what finite differences can resolve" in out and "agrees" not in out
