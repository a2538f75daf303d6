"""Session files that are wrong in one way each: a clear BadInput naming the problem."""
import copy
import json

import pytest

from core import BadInput, presets, session


@pytest.fixture(scope="module")
def saved():
    t = presets.load("moons")
    t.run(25)
    return session.to_dict(t, name="moons run")


def load_dict(tmp_path, d, raw=None):
    p = tmp_path / "s.json"
    p.write_bytes(raw if raw is not None else json.dumps(d).encode())
    return session.load(p)


def test_a_valid_session_loads(tmp_path, saved):
    t, name, description = load_dict(tmp_path, saved)
    assert t.step_count == 25 and name == "moons run" and description == ""


def edit(path, value=None, delete=False):
    def apply(d):
        *parents, last = path
        node = d
        for key in parents:
            node = node[key]
        if delete:
            del node[last]
        else:
            node[last] = value
    return apply


CASES = [
    (edit(["version"], 99), "format version 99; this version of Backprop Lab reads version 1"),
    (edit(["version"], "1"), "version must be a whole number"),
    (edit(["format"], "other"), "is not a Backprop Lab session"),
    (edit(["format"], ["x"]), "is not a Backprop Lab session"),
    (edit(["network"], delete=True), "session is missing 'network'"),
    (edit(["colour"], "red"), "unknown key\\(s\\) 'colour'"),
    (edit(["name"], ["x"]), "name must be text"),
    (edit(["description"], 5), "description must be text"),
    (edit(["network", "sizes"], [100000, 100000, 100000]), "between 1 and 1000"),
    (lambda d: (edit(["network", "sizes"], [2, 1000, 1000, 1])(d), edit(["network", "activations"], "sigmoid")(d),
                edit(["network", "bias"], True)(d)),
     "parameters; the limit is 1,000,000"),
    (edit(["network", "sizes"], [2] + [1] * 5000 + [1]), "sizes must list 2 to 33 layers"),
    (edit(["network", "sizes"], "2,6,1"), "sizes must be a list"),
    (edit(["network", "sizes"], [2, 6.5, 1]), "network size of layer 1 must be a whole number"),
    (edit(["network", "sizes"], [2, -6, 1]), "between 1 and 1000, got -6"),
    (lambda d: (edit(["network", "sizes"], [3, 6, 1])(d), d.pop("weights"), d.pop("biases"), d.pop("state")),
     "the data has 2 input\\(s\\) and 1 output\\(s\\), but the network has 3"),
    (edit(["network", "activations"], ["tanh", "softmax", "x"]), "expected 2 values"),
    (edit(["network", "activations"], 7), "one value or a list"),
    (edit(["network", "activations"], ["softmax", "sigmoid"]), "softmax is only allowed on the output layer"),
    (edit(["network", "bias"], "yes"), "bias must be true/false"),
    (edit(["network", "init"], "magic"), "network init is 'magic'"),
    (edit(["network", "seed"], -1), "network seed must be between"),
    (edit(["weights"], delete=True), "both 'weights' and 'biases', or neither"),
    (edit(["weights", 0], [[1.0, 2.0]] * 5), "weights W1 must have shape \\(6, 2\\), got 5 rows"),
    (edit(["weights", 1], [[1.0] * 5]), "weights W2 must have shape \\(1, 6\\), got \\(1, 5\\)"),
    (edit(["weights", 0, 0, 0], "NaN"), "weights W1 must be numbers"),
    (edit(["weights", 0, 0, 0], None), "weights W1 must be numbers"),
    (edit(["weights", 0, 0], [1.0, [2.0]]), "weights W1 must be numbers"),
    (edit(["biases", 0], None), r"weights b1 must be numbers of shape \(6,\)"),
    (edit(["network", "bias"], [True, False]), "weights b2 must be null: layer 2 has no bias"),
    (edit(["weights"], {"W1": 1}), "expected a list of 2 weight matrices"),
    (edit(["data"], "moons"), "must be an object"),
    (edit(["data", "generator"], "spirals"), "unknown data set 'spirals'"),
    (edit(["data", "samples"], 10 ** 12), "samples must be between 2 and 100000"),
    (edit(["data", "labels"], "pm1"), "the training data does not suit the cost: the binary cross-entropy cost "
                                      "needs targets from 0 to 1"),
    (edit(["training", "loss"], "cross_entropy"), "needs a softmax output layer"),
    (edit(["training", "loss"], "hinge"), "training loss is 'hinge'"),
    (edit(["training", "optimizer", "name"], "rmsprop"), "optimizer name is 'rmsprop'"),
    (edit(["training", "optimizer", "lr"], -1), "learning rate η must be a positive finite number"),
    (edit(["training", "optimizer", "lr"], "0.1"), "optimizer lr must be a finite number"),
    (edit(["training", "optimizer", "lr"], delete=True), "missing 'lr'"),
    (edit(["training", "optimizer", "momentum"], 1.5), "momentum μ must be at least 0 and below 1"),
    (edit(["training", "optimizer", "nesterov"], 1), "the momentum optimizer has no setting nesterov"),
    (edit(["training", "batch_size"], 0), "batch_size must be between 1"),
    (edit(["training", "batch_size"], 2.5), "batch_size must be a whole number"),
    (edit(["training", "l2"], "0.1"), "training l2 must be a finite number"),
    (edit(["training", "l2"], 50), "L2 regularisation must be between 0.0 and 10.0"),
    (edit(["training", "seed"], 2 ** 64), "training seed must be between"),
    (edit(["state", "step"], -5), "state step must be between"),
    (edit(["state", "position"], 10 ** 9), "state position must be between 0 and 249"),
    (edit(["state", "optimizer"], []), "state optimizer must be an object"),
    (edit(["state", "optimizer", "velocity"], [1.0, 2.0]), "optimizer state velocity must have shape \\(25,\\)"),
    (edit(["state", "optimizer", "velocity"], ["1"] * 25), "optimizer state velocity must be numbers"),
    (edit(["state", "optimizer", "velocity"], "fast"), "optimizer state velocity must be numbers"),
    (edit(["state", "optimizer", "velocity"], 10 ** 400), "the number 1000.* is too large"),
    (edit(["state", "optimizer", "m"], [0.0] * 25), "state optimizer has unknown key\\(s\\) 'm'"),
    (edit(["state", "epoch"], delete=True), "state is missing 'epoch'"),
    (edit(["history", "stride"], 0), "history stride must be between 1"),
    (edit(["history", "steps"], [25, 3]), "history steps must increase"),
    (edit(["history", "steps", -1], 10 ** 6), "history steps \\[.*\\] must be between 0 and 25"),
    (edit(["history", "steps"], list(range(5000))), "at most 2048 steps"),
    (edit(["history", "train_loss"], [0.5] * 3000), "history train_loss must be a list of"),
    (edit(["history", "test_loss", 0], "low"), "history test_loss \\[0\\] must be a finite number"),
    (edit(["history", "params", 0], [1.0, 2.0]), "history params must be numbers of shape|history params must have shape"),
    (edit(["history", "params"], "all"), "history params must"),
    (edit(["history", "rows"], 3), "history has unknown key"),
]


@pytest.mark.parametrize("change,message", CASES)
def test_each_problem_is_named(tmp_path, saved, change, message):
    d = copy.deepcopy(saved)
    change(d)
    with pytest.raises(BadInput, match=message):
        load_dict(tmp_path, d)


@pytest.mark.parametrize("raw,message", [
    (b"", "is empty"),
    (b"{", "is not a valid session file"),
    (b"[1, 2, 3]", "the session file must be an object"),
    (b"\xff\xfe{}", "it is not UTF-8 text"),
    (b'{"version": NaN}', "NaN is not a finite number"),
    (b'{"version": Infinity}', "Infinity is not a finite number"),
    (b'{"version": 1e999}', "the number 1e999 is too large"),
    (b'{"version": ' + b"9" * 5000 + b"}", "is too large"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
], ids=["empty", "truncated", "a-list", "utf16", "nan", "infinity", "1e999", "5000-digits", "deep"])
def test_files_that_are_not_sessions(tmp_path, raw, message):
    with pytest.raises(BadInput, match=message):
        load_dict(tmp_path, None, raw)


def test_without_a_state_a_run_starts_afresh_whatever_history_is_left(tmp_path, saved):
    d = copy.deepcopy(saved)
    del d["state"]
    d["history"]["steps"] = "from another run"
    t, _, _ = load_dict(tmp_path, d)
    assert t.step_count == 0 and t.history.steps.tolist() == [0]


def test_a_utf8_bom_is_fine(tmp_path, saved):
    t, _, _ = load_dict(tmp_path, None, b"\xef\xbb\xbf" + json.dumps(saved).encode())
    assert t.step_count == 25


def test_a_file_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(session, "MAX_FILE_BYTES", 1000)
    p = tmp_path / "s.json"
    p.write_bytes(b" " * 1001)
    with pytest.raises(BadInput, match="a session file larger than 1000 bytes is not accepted"):
        session.load(p)


@pytest.mark.parametrize("path,message", [("missing.json", "no such file"), (".", "is a folder")])
def test_paths(tmp_path, path, message):
    with pytest.raises(BadInput, match=message):
        session.load(tmp_path / path)


def test_a_huge_declared_network_is_refused_before_allocating(tmp_path, saved):
    """sizes [2, 90000, 100, 1] is a tiny file; the trainer would need 140 GB for it."""
    import tracemalloc
    d = copy.deepcopy(saved)
    for sizes in ([2, 90000, 100, 1], [2, 100000, 100000, 1], [100000, 100000, 100000]):
        d["network"]["sizes"] = sizes
        d.pop("weights", None), d.pop("biases", None), d.pop("state", None)
        tracemalloc.start()
        try:
            with pytest.raises(BadInput):
                load_dict(tmp_path, d)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 20 * 2**20


def test_cross_entropy_session_refuses_targets_that_are_not_one_hot(tmp_path):
    t = presets.load("gaussians")
    d = session.to_dict(t)
    d["data"] = {"generator": "points", "X": [[0.0, 1.0]], "Y": [[1.0, 1.0, 0.0]], "X_test": [], "Y_test": []}
    with pytest.raises(BadInput, match="the training data does not suit the cost: the cross-entropy cost needs "
                                       "targets that are class probabilities"):
        load_dict(tmp_path, d)


@pytest.mark.parametrize("path", [["weights", 0, 0, 0], ["state", "optimizer", "velocity", 3],
                                  ["training", "optimizer", "lr"], ["training", "l1"], ["data", "noise"],
                                  ["network", "sizes", 1], ["state", "step"]])
def test_numbers_too_large_for_a_float_are_refused_wherever_they_are(saved, path):
    """A file read by another JSON reader (or built in code) can hold 10⁴⁰⁰ as an integer."""
    d = copy.deepcopy(saved)
    d["training"]["optimizer"] = {"name": "momentum", "lr": 0.01, "momentum": 0.9}
    d["state"]["optimizer"] = {"velocity": [0.0] * 25}
    edit(path, 10 ** 400)(d)
    with pytest.raises(BadInput):
        session.from_dict(d)


def big_data_session(sizes, batch_size, samples=100_000, test_fraction=0.0):
    d = session.to_dict(presets.load("circle"))
    for key in ("weights", "biases", "state", "history"):
        d.pop(key)
    d["network"].update(sizes=sizes, activations="tanh", bias=True)
    d["data"].update(samples=samples, test_fraction=test_fraction)
    d["training"]["batch_size"] = batch_size
    return d


def test_a_batch_too_big_for_memory_is_refused_before_allocating():
    """100,000 samples at once through 1,003 neurons: about 3 GB of matrices, from a tiny file."""
    import tracemalloc
    d = big_data_session([2, 1000, 1], batch_size=100_000)
    tracemalloc.start()
    try:
        with pytest.raises(BadInput, match=r"a batch of 100,000 samples through a network of 1,003 neurons would "
                                           r"need about 3.0 GB of memory; the limit is 1 GB"):
            session.from_dict(d)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20
    d["training"]["batch_size"] = 1000  # the same network with a sensible batch is fine
    session.from_dict(d)


def test_evaluating_on_too_many_samples_at_once_is_refused():
    sizes = [2] + [1000, 1] * 9 + [1]
    d = big_data_session(sizes, batch_size=10, samples=4000, test_fraction=0.5)
    with pytest.raises(BadInput, match="evaluating the loss on a set of 4,000 samples"):
        session.from_dict(d)


def test_an_unreadable_file(tmp_path, saved, monkeypatch):
    """Permissions cannot be tested as root, so opening the file is made to fail the way it would."""
    from core import files
    p = tmp_path / "s.json"
    p.write_text(json.dumps(saved))

    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(files, "open", denied, raising=False)
    with pytest.raises(BadInput, match=r"cannot read .*s.json: Permission denied"):
        session.load(p)
