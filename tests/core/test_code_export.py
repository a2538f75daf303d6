"""Generated scripts: each is run (NumPy always, PyTorch when installed, MATLAB under GNU Octave when
installed) and must reproduce the app's run by its own textbook arithmetic, and say so."""
import io
import re
import shutil
import subprocess
import sys

import pytest

from core import cli, code_export, datasets, presets
from core.network import Network
from core.trainer import Trainer

# The question's MATLAB output, copied from the question (the independent reference)
SEED_TABLE = ["-8.5948", "-0.68736", "3.6233", "5.9732", "7.2542", "7.9525", "8.3332", "8.5408", "8.6539",
              "8.7156", "8.7492", "8.7675", "8.7775", "8.7829", "8.7859", "8.7875", "8.7884", "8.7889",
              "8.7892", "8.7893"]
OCTAVE = shutil.which("octave-cli") or shutil.which("octave")
try:
    import torch  # noqa: F401
    HAS_TORCH = True
except ImportError:
    HAS_TORCH = False


def _trainer(sizes, acts, loss, data, optimizer="sgd", lr=0.05, batch=7, l1=0.0, l2=0.0, bias=True, **opt):
    return Trainer(Network(sizes, acts, bias=bias, seed=3), data, loss=loss, optimizer=optimizer, lr=lr,
                   batch_size=batch, seed=5, l1=l1, l2=l2, **opt)


def _xor(labels="pm1"):
    return datasets.generate("xor", samples=40, noise=0.1, test_fraction=0.25, seed=2, labels=labels)


# Every activation, every cost, every optimizer, L1 and L2, a layer without bias, a full batch
SETUPS = {
    "tanh-mse-sgd-full-batch": lambda: _trainer([2, 3, 1], "tanh", "mse", _xor(), batch=100),
    "relu-sigmoid-bce-adam-l2": lambda: _trainer([2, 4, 1], ["relu", "sigmoid"], "binary_cross_entropy",
                                                 _xor("01"), optimizer="adam", lr=0.01, l2=0.01),
    "leaky-softmax-ce-momentum-l1": lambda: _trainer(
        [2, 5, 3], ["leaky_relu", "softmax"], "cross_entropy",
        datasets.generate("gaussians", samples=45, seed=1, labels="onehot"), optimizer="momentum", momentum=0.8,
        l1=0.003),
    "sigmoid-linear-no-bias-l1-l2": lambda: _trainer(
        [1, 3, 2, 1], ["sigmoid", "linear", "linear"], "mse", datasets.generate("sine", samples=30, seed=4),
        l1=0.002, l2=0.02, bias=[True, False, True]),
    "input-features": lambda: _trainer(  # A⁰ computed from the raw points in the script
        [4, 3, 1], "tanh", "mse",
        datasets.generate("circle", samples=40, seed=1, features=["x1", "x1^2", "x1*x2", "sin(x2)"])),
}
STEPS = 40


def _run(cmd, cwd):
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=300)


def _largest(output):
    found = re.findall(r"largest difference from the app: (\S+)", output)
    assert found, output
    return float(found[-1])


def _script(tmp_path, make, language, steps=STEPS):
    path = tmp_path / ("run.m" if language == "matlab" else "run.py")
    code_export.write(make(), str(path), language, steps=steps)
    return path


# ---- the question's network -------------------------------------------------------------------

@pytest.mark.parametrize("language", ["numpy", "pytorch", "matlab"])
def test_the_seed_script_prints_the_question_table(tmp_path, language):
    if language == "pytorch" and not HAS_TORCH:
        pytest.skip("PyTorch is not installed")
    if language == "matlab" and not OCTAVE:
        pytest.skip("GNU Octave is not installed (apt install octave-cli)")
    path = _script(tmp_path, lambda: presets.load("seed-scalar"), language, steps=20)
    cmd = [OCTAVE, "--no-gui", "--quiet", path.name] if language == "matlab" else [sys.executable, path.name]
    result = _run(cmd, tmp_path)
    assert result.returncode == 0, result.stderr
    table = re.findall(r"^w = +(\S+)$", result.stdout, re.M)
    assert table == SEED_TABLE
    assert _largest(result.stdout) == 0.0  # one weight, the same operations: the same bits


def test_the_seed_script_is_the_question_update_written_as_matrices(tmp_path):
    text = code_export.script(presets.load("seed-scalar"), "numpy", steps=20)
    for line in ("Z1 = W1 @ A0", "D1 = (A1 - Y) * (2 / m)", "dW1 = D1 @ A0.T", "W1 = W1 - lr * dW1",
                 "X_train = np.array([[5.7]])", "W1 = np.array([[-23.1]])", "lr = 0.007"):
        assert line in text
    assert "import torch" not in text and text.count("import ") == 1


# ---- every activation, cost and optimizer ---------------------------------------------------

@pytest.mark.parametrize("setup", SETUPS)
def test_numpy_script_reproduces_the_app_to_1e12(tmp_path, setup):
    path = _script(tmp_path, SETUPS[setup], "numpy")
    result = _run([sys.executable, path.name], tmp_path)
    assert result.returncode == 0, result.stderr
    assert _largest(result.stdout) <= 1e-12


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
@pytest.mark.parametrize("setup", SETUPS)
def test_pytorch_script_reproduces_the_app_and_agrees_with_autograd(tmp_path, setup):
    path = _script(tmp_path, SETUPS[setup], "pytorch")
    result = _run([sys.executable, path.name], tmp_path)
    assert result.returncode == 0, result.stderr
    assert _largest(result.stdout) <= 1e-9
    gap = float(re.search(r"BP1–BP4 vs autograd on the last batch: largest difference (\S+)", result.stdout)[1])
    assert gap <= 1e-12  # autograd is an independent reference for the hand-written gradient


@pytest.mark.skipif(not OCTAVE, reason="GNU Octave is not installed (apt install octave-cli)")
@pytest.mark.parametrize("setup", SETUPS)
def test_matlab_script_reproduces_the_app_under_octave(tmp_path, setup):
    path = _script(tmp_path, SETUPS[setup], "matlab")
    result = _run([OCTAVE, "--no-gui", "--quiet", path.name], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _largest(result.stdout) <= 1e-9


def test_a_script_whose_numbers_differ_from_the_app_fails(tmp_path):
    """The check at the end can fail: nudge the embedded final weight and the script stops."""
    path = _script(tmp_path, SETUPS["tanh-mse-sgd-full-batch"], "numpy")
    text = path.read_text()
    first = re.search(r"W1_app = np\.array\(\[\[(-?[0-9.e-]+)", text)
    nudged = float(first[1]) + 1e-9
    path.write_text(text.replace(first[0], first[0].replace(first[1], repr(nudged)), 1))
    result = _run([sys.executable, path.name], tmp_path)
    assert result.returncode != 0 and "disagree" in result.stderr


def test_the_script_shuffles_as_the_app_does(tmp_path):
    """The batch order matters: with a batch smaller than the data, the app's per-epoch shuffle is
    written into the script (the orders of more than one epoch are used here)."""
    make = SETUPS["leaky-softmax-ce-momentum-l1"]
    run = code_export.replay(make(), 12)
    assert run.shuffled and len(run.orders) >= 2
    text = code_export.script(make(), "numpy", steps=12)
    assert "np.random.default_rng([seed, epoch]).permutation(n)" in text


# ---- the command line -------------------------------------------------------------------------

def test_cli_writes_a_script_and_refuses_a_wrong_extension(tmp_path, capsys):
    out = io.StringIO()
    path = tmp_path / "seed.py"
    assert cli.main(["code", "seed-scalar", "--lang", "numpy", "--steps", "20", "-o", str(path)], out=out) == 0
    assert "wrote" in out.getvalue() and path.exists()
    wrong = tmp_path / "seed.py.txt"
    assert cli.main(["code", "seed-scalar", "--lang", "matlab", "-o", str(wrong)], out=io.StringIO()) == 2
    assert "needs a .m file name" in capsys.readouterr().err and not wrong.exists()
    assert cli.main(["code", "no-such", "--lang", "numpy", "-o", str(tmp_path / "x.py")], out=io.StringIO()) == 2


def test_default_steps_are_the_sessions(tmp_path):
    t = presets.load("xor")
    t.run(30)
    assert code_export.replay(t).steps == 30


def _steps_line(path):
    return int(re.search(r"^steps = (\d+)", path.read_text(), flags=re.M)[1])


def test_cli_writes_a_preset_or_lesson_script_with_steps_worth_running(tmp_path):
    for source, expected in (("circle", 1000), ("seed-scalar", 20), ("the-question", 20)):
        path = tmp_path / f"{source.replace('-', '_')}.py"
        assert cli.main(["code", source, "--lang", "pytorch", "-o", str(path)], out=io.StringIO()) == 0
        assert _steps_line(path) == expected, source
    assert "1000 otherwise" in " ".join(cli._parser()._subparsers._group_actions[0].choices["code"]
                                        .format_help().split())


def test_cli_script_of_a_saved_session_takes_the_steps_it_took(tmp_path):
    from core import session
    t = presets.load("circle")
    t.run(7)
    session.save(t, tmp_path / "s.json", name="s")
    path = tmp_path / "s.py"
    assert cli.main(["code", str(tmp_path / "s.json"), "--lang", "numpy", "-o", str(path)], out=io.StringIO()) == 0
    assert _steps_line(path) == 7


def test_a_chaotic_run_is_checked_where_two_float64_orders_still_agree(tmp_path):
    """Momentum at xor's learning rate magnifies rounding: after a few hundred steps two correct
    computations part. The script checks itself where they still agree and reports the end."""
    def make():
        t = presets.load("xor")
        t.set_optimizer("momentum", lr=t.lr)
        return t
    run = code_export.replay(make(), 1500)
    assert 16 <= run.check_step < 1500
    path = _script(tmp_path, make, "numpy", steps=1500)
    result = _run([sys.executable, path.name], tmp_path)
    assert result.returncode == 0, result.stderr
    at_check = float(re.search(rf"step {run.check_step}: largest difference from the app: (\S+)", result.stdout)[1])
    at_end = float(re.search(r"at the end, .*: (\S+) from the app", result.stdout)[1])
    assert at_check <= 1e-12 < at_end  # the end could not have been held to 1e-12
