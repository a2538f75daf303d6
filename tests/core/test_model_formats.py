"""ONNX models, MATLAB .mat weights and the history as CSV: each written, read back by an
independent reader (ONNX Runtime, SciPy / GNU Octave, the csv module) and compared with the app."""
import csv
import io
import shutil
import subprocess
import sys

import numpy as np
import pytest

from core import cli, datasets, history_csv, model_export, presets, weights_file
from core.errors import BadInput
from core.network import Network
from core.trainer import Trainer

OCTAVE = shutil.which("octave-cli") or shutil.which("octave")
ACTIVATION_NETS = {
    "tanh": lambda: Network([2, 3, 1], "tanh", seed=1),
    "relu-sigmoid": lambda: Network([3, 4, 1], ["relu", "sigmoid"], seed=2),
    "leaky-softmax": lambda: Network([2, 5, 4, 3], ["leaky_relu", "linear", "softmax"], seed=3),
    "no-bias": lambda: Network([1, 2, 1], ["sigmoid", "linear"], bias=[False, True], seed=4),
    "seed": lambda: presets.load("seed-scalar").network,
}


def _inputs(net, m=64):
    X = np.random.default_rng(9).normal(scale=3.0, size=(m, net.sizes[0]))
    X[0] = 0.0  # relu and leaky relu at exactly zero
    return X


# ---- ONNX ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ACTIVATION_NETS)
def test_onnx_runtime_computes_what_network_forward_does(tmp_path, kind):
    ort = pytest.importorskip("onnxruntime")
    net = ACTIVATION_NETS[kind]()
    net.params[:] += np.random.default_rng(1).normal(scale=0.5, size=net.n_params)  # not just the initial values
    path = tmp_path / "model.onnx"
    model_export.export(net, str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [i.type for i in session.get_inputs()] == ["tensor(double)"]
    X = _inputs(net)
    y = session.run(None, {"x": X})[0]
    assert y.dtype == np.float64 and y.shape == (len(X), net.sizes[-1])
    assert np.max(np.abs(y - net.forward(X))) <= 1e-12


def test_onnx_needs_the_onnx_package_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)  # as if not installed
    path = tmp_path / "model.onnx"
    with pytest.raises(BadInput, match="pip install onnx"):
        model_export.export(Network([2, 1]), str(path))
    assert not path.exists()


def test_the_core_imports_neither_onnx_nor_scipy():
    code = ("import sys; import core.cli, core.model_export, core.weights_file, core.code_export; "
            "bad = [m for m in ('onnx', 'onnxruntime', 'scipy') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert out.stdout.strip() == "[]", out.stderr


# ---- MATLAB .mat --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ACTIVATION_NETS)
def test_mat_round_trip_is_exact(tmp_path, kind):
    net = ACTIVATION_NETS[kind]()
    path = tmp_path / "weights.mat"
    weights_file.export_weights(net, str(path))
    back = weights_file.import_weights(str(path))
    assert back.same_architecture(net) and np.array_equal(back.params, net.params)


def test_mat_holds_matlab_layout(tmp_path):
    sio = pytest.importorskip("scipy.io")
    net = ACTIVATION_NETS["leaky-softmax"]()
    path = tmp_path / "weights.mat"
    weights_file.export_weights(net, str(path))
    raw = sio.loadmat(str(path))
    assert np.array_equal(raw["W2"], net.weights[1]) and raw["b2"].shape == (4, 1)
    arch = raw["architecture"][0, 0]
    assert [str(a[0]) for a in arch["activations"].ravel()] == ["leaky_relu", "linear", "softmax"]
    assert arch["sizes"].ravel().tolist() == [2, 5, 4, 3]


def test_bad_mat_files_are_refused(tmp_path):
    sio = pytest.importorskip("scipy.io")
    junk = tmp_path / "junk.mat"
    junk.write_bytes(b"not a mat file at all" * 10)
    with pytest.raises(BadInput, match="not a readable MATLAB"):
        weights_file.import_weights(str(junk))
    other = tmp_path / "other.mat"
    sio.savemat(str(other), {"W1": np.ones((2, 2))})
    with pytest.raises(BadInput, match="architecture"):
        weights_file.import_weights(str(other))
    wrong = tmp_path / "wrong.mat"
    net = Network([2, 3, 1])
    weights_file.export_weights(net, str(wrong))
    raw = {k: v for k, v in sio.loadmat(str(wrong)).items() if not k.startswith("__")}
    raw["W1"] = np.ones((3, 3))
    sio.savemat(str(wrong), raw)
    with pytest.raises(BadInput, match="W1 must have shape"):
        weights_file.import_weights(str(wrong))


@pytest.mark.skipif(not OCTAVE, reason="GNU Octave is not installed (apt install octave-cli)")
def test_octave_loads_the_mat_file_and_its_own_save_loads_back(tmp_path):
    net = ACTIVATION_NETS["tanh"]()
    weights_file.export_weights(net, str(tmp_path / "w.mat"))
    X = _inputs(net, 5)
    np.savetxt(tmp_path / "x.txt", X)
    script = ("S = load('w.mat'); X = load('x.txt'); A0 = X'; "
              "A1 = tanh(S.W1*A0 + S.b1); A2 = tanh(S.W2*A1 + S.b2); "
              "printf('%.17g\\n', A2); "
              "W1 = 2*S.W1; b1 = S.b1; W2 = S.W2; b2 = S.b2; architecture = S.architecture; "
              "save('-v7', 'again.mat', 'W1', 'b1', 'W2', 'b2', 'architecture');")
    out = subprocess.run([OCTAVE, "--no-gui", "--quiet", "--eval", script], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    octave_y = np.array([float(v) for v in out.stdout.split()])
    assert np.max(np.abs(octave_y - net.forward(X)[:, 0])) <= 1e-12
    again = weights_file.import_weights(str(tmp_path / "again.mat"))
    assert np.array_equal(again.weights[0], 2 * net.weights[0])


# ---- the history as CSV -------------------------------------------------------------------------

def test_history_csv_of_the_question_is_its_trajectory(tmp_path, capsys):
    path = tmp_path / "history.csv"
    assert cli.main(["train", "seed-scalar", "--steps", "20", "--history", str(path)], out=io.StringIO()) == 0
    rows = list(csv.DictReader(path.open()))
    assert [int(r["step"]) for r in rows] == list(range(21))
    assert float(rows[0]["W1[0,0]"]) == -23.1
    assert float(rows[1]["W1[0,0]"]) == -8.594753999999998  # the question's −8.5948, exactly (DESIGN.md)
    assert float(rows[20]["W1[0,0]"]) == 8.789302364099077
    w = float(rows[20]["W1[0,0]"])
    assert float(rows[20]["train_loss"]) == pytest.approx((5.7 * w - 50.1) ** 2, rel=1e-12)  # C = (a·w − y)²
    assert rows[0]["test_loss"] == ""  # the question has no test set


def test_history_csv_has_every_parameter_and_the_epochs(tmp_path):
    data = datasets.generate("xor", samples=40, test_fraction=0.25, seed=2)
    t = Trainer(Network([2, 3, 1], "tanh", seed=1), data, lr=0.03, batch_size=7)
    t.run(25)
    path = tmp_path / "h.csv"
    history_csv.write(t, str(path))
    rows = list(csv.reader(path.open()))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["step", "epoch", "train_loss", "test_loss"]
    assert header[-t.network.n_params:] == t.network.parameter_names()
    assert len(body) == t.history.count
    params = np.array([[float(v) for v in r[-t.network.n_params:]] for r in body])
    assert np.array_equal(params, t.history.params)
    # 30 training samples in batches of 7: 5 steps an epoch
    assert [int(r[1]) for r in body] == [int(r[0]) // 5 for r in body]
    assert float(body[-1][3]) == pytest.approx(t.network.loss(data.X_test, data.Y_test), rel=1e-12)


def test_cli_refuses_bad_export_names_before_training(tmp_path, capsys):
    for flag, name in (("--export", "w.txt"), ("--history", "h.json")):
        target = tmp_path / name
        assert cli.main(["train", "xor", "--steps", "5", flag, str(target)], out=io.StringIO()) == 2
        assert not target.exists()


def test_onnx_of_a_network_fed_input_features_takes_the_raw_point(tmp_path):
    """Playground's features (x1², x1·x2, sin x2, …) are computed in the graph: ONNX Runtime given
    raw points answers as the network given the features does."""
    ort = pytest.importorskip("onnxruntime")
    from core import features
    names = ("x1", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "x1^2")
    net = Network([len(names), 4, 1], ["tanh", "sigmoid"], seed=5)
    path = tmp_path / "featured.onnx"
    model_export.export(net, str(path), inputs=names)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert session.get_inputs()[0].shape[1] == 2
    P = np.random.default_rng(3).uniform(-6, 6, size=(40, 2))
    by_hand = np.column_stack([P[:, 0], P[:, 1] ** 2, P[:, 0] * P[:, 1], np.sin(P[:, 0]), np.sin(P[:, 1]),
                               P[:, 0] ** 2])  # the features written out here, independently
    assert np.array_equal(features.apply(names, P), by_hand)
    assert np.max(np.abs(session.run(None, {"x": P})[0] - net.forward(by_hand))) <= 1e-12
    with pytest.raises(BadInput, match="input features"):
        model_export.export(net, str(tmp_path / "wrong.onnx"), inputs=("x1", "x2"))
