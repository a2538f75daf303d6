"""Errors that used to escape as Python tracebacks: each now ends in BadInput with a message.

A damaged .npz header, a number with hundreds of digits given to a setting, a session whose counters
are beyond what training can reach, text that stdout cannot encode.
"""
import struct
import zipfile

import numpy as np
import pytest

from core import BadInput, Network, presets, weights_file
from core import optimizers

HUGE = 10 ** 400  # a whole number as typed: too large for a float


def _npz_with_w1(path, source, w1_bytes):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as z:
        for info in zin.infolist():
            z.writestr(info.filename, w1_bytes if info.filename == "W1.npy" else zin.read(info))


def _npy_header(text, pad_to=118):
    header = text + b" " * (pad_to - len(text) - 1) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


@pytest.mark.parametrize("header", [
    b"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2",   # the dictionary cut short
    b"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), '",  # a string left open
    b"{'descr': '<f8' 'fortran_order': False, 'shape': (3, 2)}",   # not a dictionary
    b"{'descr': '<f8', 'fortran_order': False, 'shape': (3, [2])}",  # a shape of lists
])
def test_an_npz_whose_header_is_cut_short_is_refused_with_a_message(tmp_path, header):
    good = tmp_path / "good.npz"
    weights_file.export_weights(Network([2, 3, 1]), good)
    bad = tmp_path / "bad.npz"
    _npz_with_w1(bad, good, _npy_header(header) + b"\0" * 48)
    with pytest.raises(BadInput, match="bad.npz"):
        weights_file.import_weights(bad)


def test_every_cut_of_the_first_weights_header_is_refused_with_a_message(tmp_path):
    good = tmp_path / "good.npz"
    weights_file.export_weights(Network([2, 3, 1]), good)
    with zipfile.ZipFile(good) as z:
        w1 = z.read("W1.npy")
    header_end = w1.index(b"\n") + 1
    for cut in range(10, header_end):  # the declared length kept, the text cut and padded with spaces
        text = w1[10:cut]
        damaged = w1[:10] + text + b" " * (header_end - 1 - cut) + b"\n" + w1[header_end:]
        bad = tmp_path / "bad.npz"
        _npz_with_w1(bad, good, damaged)
        try:
            weights_file.import_weights(bad)
        except BadInput:
            pass


@pytest.mark.parametrize("value", [HUGE, -HUGE], ids=["huge", "minus-huge"])
@pytest.mark.parametrize("optimizer, key", [("sgd", "lr"), ("momentum", "lr"), ("momentum", "momentum"),
                                            ("adam", "lr"), ("adam", "beta1"), ("adam", "beta2"),
                                            ("adam", "eps")])
def test_a_setting_given_a_number_with_hundreds_of_digits_is_refused(optimizer, key, value):
    t = presets.load("circle")
    t.set_optimizer(optimizer)
    before = t.optimizer.settings()
    with pytest.raises(BadInput, match=optimizers.describe_setting(key).split()[0]):
        t.set_optimizer_setting(key, value)
    assert t.optimizer.settings() == before


@pytest.mark.parametrize("setter", ["batch_size", "l1", "l2", "seed"])
@pytest.mark.parametrize("value", [HUGE, -HUGE], ids=["huge", "minus-huge"])
def test_the_trainers_other_settings_refuse_huge_numbers(setter, value):
    t = presets.load("circle")
    with pytest.raises(BadInput):
        setattr(t, setter, value)
    with pytest.raises(BadInput):
        t.set_seed(value)


# ---- counters a run can reach (issue 17, item 7) ----------------------------------------------------
from core import session  # noqa: E402
from core.trainer import MAX_STEPS  # noqa: E402


def _saved(**state):
    t = presets.load("circle")
    t.run(10)
    d = session.to_dict(t, name="circle")
    d["state"].update(state)
    return d


@pytest.mark.parametrize("state, message", [
    ({"step": 2**63 - 5}, "state step"),
    ({"step": MAX_STEPS + 1}, "state step"),
    ({"epoch": 2**63 - 1}, "state epoch"),
    ({"epoch": 11}, "state epoch"),  # ten steps cannot make eleven epochs
])
def test_a_session_whose_counters_no_run_reaches_is_refused(state, message):
    with pytest.raises(BadInput, match=message):
        session.from_dict(_saved(**state))


def test_a_run_stops_at_its_last_step_with_a_message_and_its_file_reopens(tmp_path):
    d = _saved(step=MAX_STEPS - 5)
    d["history"]["steps"] = [s + MAX_STEPS - 15 for s in d["history"]["steps"]]
    t = session.from_dict(d)
    result = t.run(100)
    assert result.steps == 5 and result.at_limit and not result.diverged
    assert t.step_count == MAX_STEPS and f"{MAX_STEPS:,}" in result.message
    assert float(t.history.steps[-1]) == MAX_STEPS  # the plots' float column holds it exactly
    again = t.run(1)
    assert again.steps == 0 and again.at_limit and again.message
    assert t.run_until(0.0, 50).at_limit  # returns instead of looping for ever
    session.save(t, tmp_path / "last.json")
    reopened, _, _ = session.load(tmp_path / "last.json")
    assert reopened.step_count == MAX_STEPS and np.array_equal(reopened.network.params, t.network.params)


def test_resume_checks_its_counters():
    t = presets.load("circle")
    with pytest.raises(BadInput):
        t.resume(MAX_STEPS + 1, 0, 0)
    with pytest.raises(BadInput):
        t.resume(10, 11, 0)
    assert t.step_count == 0


# ---- text the terminal cannot encode (item 8) -------------------------------------------------------
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _cli(args, encoding="utf-8:strict"):
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, env=env,
                          timeout=120)


@pytest.mark.parametrize("command", [["train", "--steps", "5"], ["gradcheck"]])
def test_a_session_named_by_a_lone_surrogate_trains_and_prints(tmp_path, command):
    d = _saved()
    d["name"] = "\ud800"  # valid JSON ("\\ud800"), but no UTF-8 can encode it
    path = tmp_path / "lone.json"
    path.write_text(__import__("json").dumps(d))
    run = _cli([command[0], str(path), *command[1:]])
    assert run.returncode == 0, run.stderr.decode()
    assert b"Traceback" not in run.stderr
    assert run.stdout.startswith(b"\\ud800: ")


def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path):
    source = os.path.join(os.fsencode(tmp_path), b"n\xff.json")
    with open(source, "w") as f:
        f.write(__import__("json").dumps(_saved()))
    target = os.path.join(os.fsencode(tmp_path), b"o\xff.json")
    for encoding in ("utf-8:strict", "ascii:strict"):
        run = _cli(["train", os.fsdecode(source), "--steps", "5", "--save", os.fsdecode(target)], encoding)
        assert run.returncode == 0, run.stderr.decode()
        assert b"Traceback" not in run.stderr and b"o\\udcff.json" in run.stdout
        assert os.path.exists(target)
    missing = os.path.join(os.fsencode(tmp_path), b"gone\xff", b"o.json")
    run = _cli(["train", os.fsdecode(source), "--steps", "5", "--save", os.fsdecode(missing)])
    assert run.returncode == 2 and b"Traceback" not in run.stderr and b"gone\\udcff" in run.stderr


# ---- an infinite loss with finite weights is divergence, every step (item 13) ------------------------
def _reference_sgd(t, steps):
    """The weights after each of `steps` plain SGD steps on the trainer's batches, by the textbook
    gradients (Network.textbook_gradients), with the mse cost of each weights on the whole training set."""
    net, X, Y = t.network.copy(), t.data.X_train, t.data.Y_train
    out = []
    with np.errstate(all="ignore"):
        for _ in range(steps):
            bx, by = t.peek_batch()
            dW, db = net.textbook_gradients(bx, by, "mse")
            try:
                for l in range(net.n_layers):
                    net.weights[l] = net.weights[l] - t.lr * dW[l]
                    net.biases[l] = net.biases[l] - t.lr * db[l]
            except BadInput:  # a weight became infinite: the network refuses it
                out.append((np.array([np.inf]), np.inf))
                break
            t._steps(1)  # keep the trainer's batch order in step with the reference
            out.append((net.params.copy(), float(np.sum((net.forward(X) - Y) ** 2) / len(X))))
    return out


def test_weights_with_an_infinite_loss_are_never_kept_even_while_finite():
    probe = presets.load("sine")
    probe.lr = 1e6
    start = probe.network.params.copy()
    reference = _reference_sgd(probe, 40)
    # the first step whose weights have an infinite loss (or weight): the run must stop before it
    first_bad = next(i for i, (w, loss) in enumerate(reference, 1)
                     if not (np.isfinite(loss) and np.isfinite(w).all()))
    assert np.isfinite(reference[first_bad - 1][0]).all(), "the case needs finite weights with an infinite loss"

    t = presets.load("sine")
    t.lr = 1e6
    assert np.array_equal(t.network.params, start)
    result = t.run(100)
    assert result.diverged and t.step_count < first_bad
    assert np.isfinite(t.losses()[0]) and np.isfinite(t.network.params).all()
    assert f"step {t.step_count}." in result.message


def test_stepping_one_at_a_time_stops_before_an_infinite_loss():
    t = presets.load("sine")
    t.lr = 1e6
    for _ in range(100):
        result = t.run(1)
        if result.diverged:
            break
        assert np.isfinite(t.losses()[0]), f"step {t.step_count} kept with an infinite loss"
    assert result.diverged and np.isfinite(t.losses()[0])


def test_run_until_stops_before_an_infinite_loss():
    t = presets.load("sine")
    t.lr = 1e6
    result = t.run_until(1e-9, 100)
    assert result.diverged and not result.reached and np.isfinite(t.losses()[0])


def test_losses_of_weights_on_the_way_to_divergence_are_inf_without_numpy_warnings():
    import warnings
    t = presets.load("sine")
    t.network.weights[1] = np.full_like(t.network.weights[1], 1e200)
    t.network.biases[1] = np.full_like(t.network.biases[1], 1e200)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        train, test = t.losses()
        assert train == np.inf and test == np.inf
        t.accuracies()


@pytest.mark.parametrize("preset", ["sine", "plane"])
def test_a_diverging_run_prints_no_numpy_warnings(preset):
    run = _cli(["train", preset, "--lr", "1e6", "--steps", "200", "--quiet"])
    assert run.returncode == 3 and b"diverged" in run.stderr
    assert b"Warning" not in run.stderr, run.stderr.decode()


# ---- CSV numbers are written in ASCII (Small) ---------------------------------------------------------
@pytest.mark.parametrize("cell", ["1_000", "\uff11\uff12", "\u0661\u0662", "1\u00a0000"])
def test_a_csv_cell_float_would_read_but_no_csv_writes_is_refused(tmp_path, cell):
    from core.csv_data import read_table
    path = tmp_path / "d.csv"
    path.write_text(f"x,y\n1,2\n{cell},3\n", encoding="utf-8")
    with pytest.raises(BadInput, match="line 3, column 1"):
        read_table(path)


@pytest.mark.parametrize("cell, value", [("1000", 1000.0), ("-1.5e3", -1500.0), (".5", 0.5), ("5.", 5.0),
                                         ("+2E-2", 0.02), ("  7 ", 7.0)])
def test_csv_numbers_as_spreadsheets_write_them_are_read(tmp_path, cell, value):
    from core.csv_data import read_table
    path = tmp_path / "d.csv"
    path.write_text(f"x,y\n1,2\n{cell},3\n", encoding="utf-8")
    names, rows = read_table(path)[:2]
    assert rows[1, 0] == value


# ---- a one-output softmax (Small) ---------------------------------------------------------------------
def test_cross_entropy_on_one_softmax_output_is_refused_with_the_alternative():
    from core import datasets
    from core.trainer import Trainer
    net = Network([2, 3, 1], ["tanh", "softmax"])
    with pytest.raises(BadInput, match="two outputs or more.*sigmoid"):
        Trainer(net, datasets.points([[0, 0], [1, 1]], [[1], [1]]), loss="cross_entropy")


def test_a_zero_cross_entropy_is_printed_as_0_never_minus_0():
    from core import losses
    z = np.array([[800.0], [-800.0]])  # the first class certain: −log 1 = 0 exactly
    y = np.array([[1.0], [0.0]])
    value = losses.get("cross_entropy").value(z, np.array([[1.0], [0.0]]), y)
    assert value == 0.0 and f"{value:.6g}" == "0"
