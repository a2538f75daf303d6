"""Issue 6: the loaders take anything calmly.

Mutated valid files (keys removed, added or retyped, shapes changed, huge sizes,
NaN and Infinity, version 99, bytes flipped, truncated) and random bytes are fed
to the session loader, the weights importer (.npz and .json) and the CSV
importer. The only exception that may come out is BadInput; whatever loads must
also be usable.
"""
import copy
import io
import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import BadInput, Network, csv_data, presets, session, weights_file
from core.files import parse_json

FUZZ = settings(max_examples=120, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _session(preset, optimizer=None, steps=7):
    t = presets.load(preset)
    if optimizer:
        t.set_optimizer(optimizer, lr=0.01)
    t.run(steps)
    return session.to_dict(t, name=preset)


def _csv_session():
    rows = np.column_stack([np.arange(12.0), np.arange(12.0) % 2])
    data = csv_data.make_dataset(["x", "y"], rows, targets="y", test_fraction=0.25)
    from core.trainer import Trainer
    t = Trainer(Network([1, 3, 1], ["tanh", "sigmoid"]), data, loss="binary_cross_entropy", lr=0.1, batch_size=5)
    t.run(3)
    return session.to_dict(t)


SESSIONS = {"moons-momentum": _session("moons", "momentum"), "spiral-adam": _session("spiral", steps=3),
            "seed-chain": _session("seed-chain"), "gaussians": _session("gaussians", steps=0),
            "csv": _csv_session()}

_net = Network([2, 3, 2], activations=["relu", "softmax"], bias=[True, False], seed=0)
WEIGHTS_JSON = {"format": "backprop-lab-weights", "version": 1,
                "architecture": {"sizes": [2, 3, 2], "activations": ["relu", "softmax"], "bias": [True, False]},
                "W1": _net.weights[0].tolist(), "b1": _net.biases[0].tolist(), "W2": _net.weights[1].tolist()}


# ---- mutations ---------------------------------------------------------------------------------

SPECIAL_NUMBERS = [10 ** 400, -(10 ** 400), 1e308, 2 ** 63, 2 ** 64, -1, 0, 1, 99, 100_000, 0.5, -0.0,
                   math.nan, math.inf, -math.inf]
json_leaves = st.one_of(st.sampled_from(SPECIAL_NUMBERS), st.none(), st.booleans(), st.integers(), st.floats(),
                        st.text(max_size=8), st.sampled_from(["", "tanh", "softmax", "points", "csv", "sgd"]))
json_values = st.recursive(json_leaves, lambda kids: st.lists(kids, max_size=4)
                           | st.dictionaries(st.text(max_size=6), kids, max_size=4), max_leaves=12)


def paths(node, prefix=()):
    """The paths (tuples of keys/indices) into a JSON document, the root included. Of a list of
    numbers or of rows, only the first two entries are visited, so the mutations fall on the
    structure as often as on the numbers."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node[:2]):
            out += paths(v, prefix + (i,))
    return out


def get(doc, path):
    for k in path:
        doc = doc[k]
    return doc


@st.composite
def mutated_document(draw, doc):
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        ps = paths(doc)
        path = draw(st.sampled_from(ps))
        target = get(doc, path)
        kind = draw(st.sampled_from(["retype", "delete", "add", "resize", "huge", "version"]))
        if kind == "version" and isinstance(doc, dict):
            doc["version"] = draw(st.sampled_from([99, 0, -1, "1", 1.0, None, 10 ** 400]))
        elif kind == "huge":
            sizes = [100000, 100000, 100000] if draw(st.booleans()) else draw(
                st.lists(st.sampled_from([1, 2, 999, 1000, 1001, 90000]), min_size=2, max_size=5))
            for p in ps:
                if p and p[-1] == "sizes":
                    get(doc, p[:-1])["sizes"] = sizes
        elif kind == "retype" or not path:
            value = draw(json_values)
            if path:
                get(doc, path[:-1])[path[-1]] = value
            else:
                doc = value
        elif kind == "delete":
            parent = get(doc, path[:-1])
            del parent[path[-1]]
        elif kind == "add":
            if isinstance(target, dict):
                target[draw(st.text(max_size=6))] = draw(json_values)
            elif isinstance(target, list):
                target.insert(draw(st.integers(0, len(target))), draw(json_values))
        elif kind == "resize" and isinstance(target, list):
            n = draw(st.integers(0, 2 * len(target) + 1))
            get(doc, path[:-1])[path[-1]] = (target * (n // max(len(target), 1) + 1))[:n] if target else [0.0] * n
        if not isinstance(doc, (dict, list)):
            break
    return doc


@st.composite
def mutated_bytes(draw, data):
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[i:]
        elif kind == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[i:i + draw(st.integers(1, 16))]
    return bytes(data)


def dumps(doc):
    """JSON text as any other program might write it, NaN and Infinity included."""
    return json.dumps(doc, allow_nan=True).encode("utf-8")


def file_contents(base_doc):
    return (mutated_document(base_doc).map(dumps)
            | st.builds(dumps, st.just(base_doc)).flatmap(mutated_bytes)
            | st.binary(max_size=300))


# ---- the properties --------------------------------------------------------------------------

def load_session_or_badinput(path):
    try:
        t, name, description = session.load(path)
    except BadInput as e:
        assert str(e)  # a message, and one line of it
        assert "\n" not in str(e)
        return
    assert isinstance(name, str) and isinstance(description, str)
    t.run(3)  # whatever loads can be trained
    session.to_dict(t)


@FUZZ
@given(data=st.data())
def test_session_loader_takes_mutated_files_calmly(folder, data):
    base = SESSIONS[data.draw(st.sampled_from(sorted(SESSIONS)))]
    p = folder / "s.json"
    p.write_bytes(data.draw(file_contents(base)))
    load_session_or_badinput(p)


def import_weights_or_badinput(path, content):
    """Import `content` as a weights file: finite weights, or a BadInput with a message (returned)."""
    path.write_bytes(content)
    try:
        net = weights_file.import_weights(path)
    except BadInput as e:
        assert str(e)
        return str(e)
    assert np.all(np.isfinite(net.params))
    return None


@FUZZ
@given(content=file_contents(WEIGHTS_JSON))
def test_json_weights_importer_takes_mutated_files_calmly(folder, content):
    message = import_weights_or_badinput(folder / "w.json", content)
    assert message is None or "\n" not in message


def npz_arrays():
    return {"architecture": np.array(json.dumps(WEIGHTS_JSON["architecture"])),
            "W1": _net.weights[0].copy(), "b1": _net.biases[0].copy(), "W2": _net.weights[1].copy()}


array_values = st.one_of(
    st.builds(lambda shape, fill: np.full(shape, fill),
              st.lists(st.integers(0, 4), max_size=3).map(tuple),
              st.sampled_from([0.0, 1.5, math.nan, math.inf, -7])),
    st.builds(lambda n: np.arange(n, dtype=np.int16), st.integers(0, 6)),
    st.sampled_from([np.array("text"), np.array([1 + 2j]), np.array([True, False]),
                     np.zeros(3, dtype=[("a", "f8")]), np.array([object()], dtype=object),
                     np.array(["W1", "b1"])]),
    mutated_document(WEIGHTS_JSON["architecture"]).map(lambda d: np.array(json.dumps(d))),
)


@st.composite
def npz_contents(draw):
    arrays = npz_arrays()
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(sorted(arrays) + ["W3", "b2", "extra"]))
        if key in arrays and draw(st.booleans()):
            del arrays[key]
        else:
            arrays[key] = draw(array_values)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # object arrays are pickled here: the importer must refuse them
    return buffer.getvalue()


def valid_npz():
    buffer = io.BytesIO()
    np.savez(buffer, **npz_arrays())
    return buffer.getvalue()


@FUZZ
@given(content=npz_contents() | mutated_bytes(valid_npz()) | st.binary(max_size=300))
def test_npz_weights_importer_takes_mutated_files_calmly(folder, content):
    import_weights_or_badinput(folder / "w.npz", content)


CSV_TEXT = "x1,x2,label\n0.5,1.5,1\n-2,3e-1,0\n4,5,1\n7,8,0\n"
cells = st.one_of(st.sampled_from(["", " ", "nan", "inf", "-Infinity", "1e999", "x", '"', '""', "1,2", "\t",
                                   "1_0", "0x10", "\x00", "\r", "\n"]),
                  st.floats(allow_nan=True).map(repr), st.text(max_size=5))


@st.composite
def csv_contents(draw):
    rows = [line.split(",") for line in CSV_TEXT.strip().split("\n")]
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        kind = draw(st.sampled_from(["cell", "drop-row", "add-cell", "drop-cell", "dup-row"]))
        if kind == "cell" and rows[r]:
            rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(cells)
        elif kind == "drop-row" and len(rows) > 1:
            del rows[r]
        elif kind == "add-cell":
            rows[r].append(draw(cells))
        elif kind == "drop-cell" and rows[r]:
            rows[r].pop()
        elif kind == "dup-row":
            rows.insert(r, list(rows[r]))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    return "\n".join(sep.join(row) for row in rows).encode("utf-8")


@FUZZ
@given(content=csv_contents() | mutated_bytes(CSV_TEXT.encode()) | st.binary(max_size=300)
       | st.text(max_size=200).map(lambda s: s.encode("utf-8")),
       targets=st.sampled_from([None, "label", 0, -1, ["x1", "x2"], "column 2"]))
def test_csv_importer_takes_mutated_files_calmly(folder, content, targets):
    p = folder / "d.csv"
    p.write_bytes(content)
    try:
        d = csv_data.load_csv(p, targets=targets)
    except BadInput as e:
        assert str(e) and "\n" not in str(e).replace(repr("\n"), "")
        return
    assert np.all(np.isfinite(d.X_train)) and np.all(np.isfinite(d.Y_train))
    assert d.X_train.shape[0] == d.Y_train.shape[0] >= 1
    assert csv_data.from_record(d.source["csv"]).X_train.tolist() == d.X_train.tolist()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=100).map(str.encode))
def test_json_parser_only_raises_badinput(raw):
    try:
        parse_json(raw, "file")
    except BadInput:
        pass


# ---- a systematic sweep: every place in a session, every awkward value --------------------------

AWKWARD = [None, True, -1, 0.5, 1e308, 10 ** 400, 2 ** 64, "x", [], {}, [None], [100000, 100000, 100000],
           {"generator": [1]}]


@pytest.mark.parametrize("base", ["moons-momentum", "spiral-adam", "seed-chain", "csv"])
def test_every_value_of_a_session_replaced_by_awkward_values(base):
    """Each path into the document (its keys, and the first entries of each list) gets each
    awkward value in turn, or is deleted; from_dict must answer BadInput or a usable trainer."""
    doc = SESSIONS[base]
    problems = []
    for path in paths(doc):
        if not path:
            continue
        for value in AWKWARD + ["<delete>"]:
            d = copy.deepcopy(doc)
            parent = get(d, path[:-1])
            if value == "<delete>":
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(value)
            try:
                t = session.from_dict(d)
                t.run(2)
            except BadInput:
                pass
            except Exception as e:  # collect them all, to report every problem at once
                problems.append(f"{'.'.join(map(str, path))} = {str(value)[:30]}: {type(e).__name__}: {e}")
    assert not problems, "\n".join(problems[:20])
