"""Weight export and import: .npz, .json and .csv round-trips, shape checks, no pickles."""
import csv
import io
import json
import os
import zipfile

import numpy as np
import pytest

from core import BadInput, Network
from core.weights_file import export_weights, import_weights


@pytest.fixture
def net():
    n = Network([3, 4, 2, 2], activations=["tanh", "relu", "softmax"], bias=[True, False, True], seed=1)
    n.params[:] = np.random.default_rng(0).normal(0, 1, n.n_params) * np.pi  # full float64 precision
    return n


def assert_same(a, b):
    assert a.sizes == b.sizes and a.activations == b.activations and a.bias == b.bias
    assert a.params.tolist() == b.params.tolist()


def test_npz_holds_textbook_arrays_readable_without_pickle(tmp_path, net):
    p = tmp_path / "w.npz"
    export_weights(net, p)
    with np.load(p, allow_pickle=False) as f:
        assert sorted(f.files) == ["W1", "W2", "W3", "architecture", "b1", "b3"]
        for l in (1, 2, 3):
            assert f[f"W{l}"].dtype == np.float64
            assert np.array_equal(f[f"W{l}"], net.weights[l - 1])  # (n_l, n_{l-1}), nn.Linear's layout
        assert np.array_equal(f["b1"], net.biases[0]) and np.array_equal(f["b3"], net.biases[2])
        arch = json.loads(str(f["architecture"]))
    assert arch == {"sizes": [3, 4, 2, 2], "activations": ["tanh", "relu", "softmax"], "bias": [True, False, True]}
    assert_same(import_weights(p), net)


def test_json_round_trip_is_exact(tmp_path, net):
    p = tmp_path / "w.json"
    export_weights(net, p)
    doc = json.loads(p.read_text())
    assert doc["format"] == "backprop-lab-weights" and doc["version"] == 1
    assert doc["W2"] == net.weights[1].tolist() and "b2" not in doc
    assert_same(import_weights(p), net)


def test_csv_layout_is_one_parameter_per_line(tmp_path, net):
    p = tmp_path / "w.csv"
    export_weights(net, p)
    with open(p, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["parameter", "layer", "row", "column", "value"]
    got = {}
    for kind, layer, row, column, value in rows[1:]:
        got[(kind, int(layer), int(row), int(column) if column else None)] = float(value)
    assert len(got) == net.n_params == len(rows) - 1
    for l in range(1, net.n_layers + 1):
        W = net.weights[l - 1]
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                assert got[("W", l, j, k)] == W[j, k]
            if net.bias[l - 1]:
                assert got[("b", l, j, None)] == net.biases[l - 1][j]


def test_imported_network_computes_the_same_outputs(tmp_path, net):
    X = np.random.default_rng(1).normal(0, 1, (5, 3))
    for ext in ("npz", "json"):
        export_weights(net, tmp_path / f"w.{ext}")
        assert np.array_equal(import_weights(tmp_path / f"w.{ext}").forward(X), net.forward(X))


def test_uppercase_extensions_work(tmp_path, net):
    export_weights(net, tmp_path / "W.NPZ")
    assert_same(import_weights(tmp_path / "W.NPZ"), net)


@pytest.mark.parametrize("name", ["w.txt", "w", "w.pkl", "w.npy"])
def test_unknown_extensions_are_refused_and_nothing_is_written(tmp_path, net, name):
    with pytest.raises(BadInput, match="unknown file type"):
        export_weights(net, tmp_path / name)
    assert os.listdir(tmp_path) == []


def test_csv_cannot_be_imported(tmp_path, net):
    export_weights(net, tmp_path / "w.csv")
    with pytest.raises(BadInput, match="unknown file type '.csv'.*use one of .npz, .json"):
        import_weights(tmp_path / "w.csv")


def test_non_finite_weights_are_never_exported(tmp_path, net):
    net.params[3] = np.nan
    for ext in ("npz", "json", "csv"):
        with pytest.raises(BadInput, match="not a finite number"):
            export_weights(net, tmp_path / f"w.{ext}")
    assert os.listdir(tmp_path) == []


# ---- shape and architecture mismatches --------------------------------------------------------

def rewrite_json(p, change):
    doc = json.loads(p.read_text())
    change(doc)
    p.write_text(json.dumps(doc))


@pytest.mark.parametrize("change,message", [
    (lambda d: d.__setitem__("W1", [[1.0, 2.0, 3.0]] * 3), r"W1 must have shape \(4, 3\), got 3 rows"),
    (lambda d: d.__setitem__("W2", [[1.0] * 3] * 2), r"W2 must have shape \(2, 4\), got \(2, 3\)"),
    (lambda d: d.__setitem__("b1", [0.0] * 5), r"b1 must have shape \(4,\)"),
    (lambda d: d["architecture"].__setitem__("sizes", [3, 5, 2, 2]), r"W1 must have shape \(5, 3\)"),
    (lambda d: d["architecture"].__setitem__("bias", [True, True, True]), "missing b2"),
    (lambda d: d.__setitem__("W4", [[1.0]]), "unexpected entries W4"),
    (lambda d: d.pop("W3"), "missing W3"),
    (lambda d: d["architecture"].__setitem__("activations", ["softmax", "relu", "softmax"]),
     "softmax is only allowed on the output layer"),
    (lambda d: d["architecture"].__setitem__("sizes", [100000, 100000, 100000]), "between 1 and 1000"),
    (lambda d: d["architecture"].pop("bias"), "architecture is missing 'bias'"),
    (lambda d: d.__setitem__("version", 99), "weights format version 99"),
    (lambda d: d.__setitem__("version", True), "version must be a whole number"),
    (lambda d: d.__setitem__("format", "something-else"), "not a Backprop Lab weights file"),
    (lambda d: d["W1"][0].__setitem__(0, "x"), "W1 must be numbers"),
])
def test_json_import_checks_every_shape(tmp_path, net, change, message):
    p = tmp_path / "w.json"
    export_weights(net, p)
    rewrite_json(p, change)
    with pytest.raises(BadInput, match=message):
        import_weights(p)


def rewrite_npz(p, arrays):
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    p.write_bytes(buf.getvalue())


@pytest.mark.parametrize("change,message", [
    (lambda a: a.__setitem__("W1", np.zeros((4, 2))), r"W1 must have shape \(4, 3\), got \(4, 2\)"),
    (lambda a: a.__setitem__("b3", np.zeros((2, 1))), r"b3 must have shape \(2,\), got \(2, 1\)"),
    (lambda a: a.pop("W2"), "missing W2"),
    (lambda a: a.__setitem__("extra", np.zeros(2)), "unexpected entries extra"),
    (lambda a: a.pop("architecture"), "has no 'architecture' entry"),
    (lambda a: a.__setitem__("architecture", np.array([1, 2])), "'architecture' must be JSON text"),
    (lambda a: a.__setitem__("architecture", np.array("{not json")), "is not a valid JSON text"),
    (lambda a: a.__setitem__("architecture", np.array("[" * 100000 + "]" * 100000)), "nested too deeply"),
    (lambda a: a.__setitem__("W1", np.full((4, 3), np.inf)), "W1 holds a value that is not a finite number"),
    (lambda a: a.__setitem__("W1", np.zeros((4, 3), dtype=complex)), "W1 must hold plain numbers"),
    (lambda a: a.__setitem__("W1", np.array([["a"] * 3] * 4)), "W1 must hold plain numbers"),
])
def test_npz_import_checks_every_entry(tmp_path, net, change, message):
    p = tmp_path / "w.npz"
    export_weights(net, p)
    with np.load(p) as f:
        arrays = {k: f[k] for k in f.files}
    change(arrays)
    rewrite_npz(p, arrays)
    with pytest.raises(BadInput, match=message):
        import_weights(p)


def test_integer_arrays_are_accepted_as_numbers(tmp_path):
    net = Network([2, 1], activations="linear", bias=False)
    net.weights[0] = [[1.0, 2.0]]
    p = tmp_path / "w.npz"
    export_weights(net, p)
    with np.load(p) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["W1"] = np.array([[1, 2]], dtype=np.int32)
    rewrite_npz(p, arrays)
    assert import_weights(p).weights[0].tolist() == [[1.0, 2.0]]


# ---- files never execute code ----------------------------------------------------------------

class Boom:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def test_an_npz_with_a_pickled_object_array_is_refused_and_never_unpickled(tmp_path, net, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "w.npz"
    export_weights(net, p)
    with np.load(p) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["W1"] = np.array([[Boom()] * 3] * 4, dtype=object)
    rewrite_npz(p, arrays)
    with pytest.raises(BadInput, match="holds Python objects, which Backprop Lab never loads"):
        import_weights(p)
    assert not (tmp_path / "PWNED").exists()


def test_an_npz_whose_header_declares_a_huge_array_is_refused_before_allocating(tmp_path, net):
    """The header says 10¹⁰ float64 (80 GB); the data is 64 bytes. NumPy would allocate first."""
    import tracemalloc
    p = tmp_path / "w.npz"
    export_weights(net, p)
    with zipfile.ZipFile(p) as z:
        members = {n: z.read(n) for n in z.namelist()}
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }"
    header += " " * (117 - len(header)) + "\n"
    members["W1.npy"] = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + bytes(64)
    with zipfile.ZipFile(p, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    tracemalloc.start()
    try:
        with pytest.raises(BadInput, match=r"W1 must have shape \(4, 3\), got \(100000, 100000\)"):
            import_weights(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path, net, monkeypatch):
    from core import weights_file
    monkeypatch.setattr(weights_file, "MAX_FILE_BYTES", 2**20)
    p = tmp_path / "w.npz"
    export_weights(net, p)
    with zipfile.ZipFile(p, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.npy", bytes(8 * 2**20))  # 8 MB of zeros, a few KB compressed
    assert p.stat().st_size < 2**20
    with pytest.raises(BadInput, match="would expand to more than 1 MB"):
        import_weights(p)


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"PK\x03\x04 truncated", "is not a readable .npz file"),
    (b"not a zip at all", "is not a readable .npz file"),
])
def test_broken_npz_files(tmp_path, content, message):
    p = tmp_path / "w.npz"
    p.write_bytes(content)
    with pytest.raises(BadInput, match=message):
        import_weights(p)


def test_an_npz_member_that_is_not_an_array(tmp_path, net):
    p = tmp_path / "w.npz"
    export_weights(net, p)
    with zipfile.ZipFile(p, "a") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(BadInput, match="unexpected entry 'readme.txt'"):
        import_weights(p)


@pytest.mark.parametrize("path,message", [("missing.json", "no such file"), ("missing.npz", "no such file")])
def test_missing_files(tmp_path, path, message):
    with pytest.raises(BadInput, match=message):
        import_weights(tmp_path / path)


def test_a_folder_is_not_a_weights_file(tmp_path):
    (tmp_path / "d.npz").mkdir()
    with pytest.raises(BadInput, match="is a folder"):
        import_weights(tmp_path / "d.npz")
