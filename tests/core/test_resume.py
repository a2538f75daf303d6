"""Saving and loading a session, then continuing, is bit-for-bit the same as never stopping:
the weights, the optimizer and the run's place, and the history the plots draw."""
import json

import numpy as np
import pytest

from core import csv_data, presets, session
from core.trainer import Trainer

PRESETS = ["circle", "spiral", "moons", "gaussians", "sine", "xor", "seed-chain"]
OPTIMIZERS = ["sgd", "momentum", "adam"]


def fresh(preset, optimizer, batch_size=None, l1=0.0, l2=0.0):
    t = presets.load(preset)
    if optimizer != t.optimizer.name:
        # momentum multiplies the step by about 1/(1 − μ) = 10; Adam's step is about η per weight
        t.set_optimizer(optimizer, lr={"sgd": t.lr, "momentum": t.lr / 10, "adam": 0.01}[optimizer])
    if batch_size is not None:
        t.batch_size = batch_size
    t.l1, t.l2 = l1, l2
    return t


def state(t):
    opt = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in t.optimizer.state_dict().items()}
    h = t.history
    record = (h.stride, h.steps.tolist(), np.nan_to_num(h.train_loss, nan=-1.0).tolist(),
              np.nan_to_num(h.test_loss, nan=-1.0).tolist(), h.params.tolist())
    return t.network.params.tolist(), opt, t.step_count, t.epoch, t.position, record


def assert_identical(a, b):
    pa, oa, *ca = state(a)
    pb, ob, *cb = state(b)
    assert pa == pb  # every float equal, not merely close
    assert oa == ob
    assert ca == cb


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("preset", PRESETS)
def test_save_load_continue_equals_never_stopping(tmp_path, preset, optimizer):
    straight = fresh(preset, optimizer)
    assert not straight.run(200).diverged
    first = fresh(preset, optimizer)
    first.run(100)
    session.save(first, tmp_path / "s.json")
    resumed, _, _ = session.load(tmp_path / "s.json")
    assert resumed.step_count == 100
    resumed.run(100)
    assert_identical(resumed, straight)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("preset,batch", [("circle", 7), ("moons", 12), ("gaussians", 11), ("sine", 9)])
def test_resume_with_a_batch_size_that_does_not_divide_the_training_set(tmp_path, preset, optimizer, batch):
    straight = fresh(preset, optimizer, batch_size=batch)
    n = len(straight.data.X_train)
    assert n % batch != 0
    straight.run(200)
    first = fresh(preset, optimizer, batch_size=batch)
    first.run(100)
    assert first.position != 0  # saved in the middle of an epoch
    session.save(first, tmp_path / "s.json")
    resumed, _, _ = session.load(tmp_path / "s.json")
    resumed.run(100)
    assert_identical(resumed, straight)


def test_resume_with_regularisation_and_several_saves(tmp_path):
    straight = fresh("spiral", "adam", batch_size=12, l1=1e-4, l2=1e-3)
    straight.run(200)
    t = fresh("spiral", "adam", batch_size=12, l1=1e-4, l2=1e-3)
    for steps in (37, 51, 12, 100):
        t.run(steps)
        session.save(t, tmp_path / "s.json")
        t, _, _ = session.load(tmp_path / "s.json")
    assert (t.l1, t.l2) == (1e-4, 1e-3)
    assert_identical(t, straight)


def test_resume_with_csv_data(tmp_path):
    rng = np.random.default_rng(0)
    rows = np.column_stack([rng.normal(0, 1, (60, 3)), rng.uniform(0, 1, 60)])
    data = csv_data.make_dataset(["a", "b", "c", "y"], rows, targets="y", test_fraction=0.25, seed=3)
    from core import Network

    def make():
        return Trainer(Network([3, 5, 1], ["tanh", "sigmoid"], seed=2), data, loss="mse", optimizer="momentum",
                       lr=0.05, batch_size=8, seed=9)
    straight = make()
    straight.run(200)
    t = make()
    t.run(100)
    session.save(t, tmp_path / "s.json")
    t, _, _ = session.load(tmp_path / "s.json")
    assert np.array_equal(t.data.X_train, data.X_train) and np.array_equal(t.data.Y_test, data.Y_test)
    t.run(100)
    assert_identical(t, straight)


def test_a_saved_session_holds_everything_and_is_plain_json(tmp_path):
    t = fresh("moons", "adam")
    t.run(10)
    session.save(t, tmp_path / "s.json", name="my run", description="notes")
    d = json.loads((tmp_path / "s.json").read_text())
    assert d["format"] == "backprop-lab-session" and d["version"] == 1
    assert set(d) == {"format", "version", "name", "description", "network", "data", "training",
                      "weights", "biases", "state", "history"}
    assert d["state"]["step"] == 10 and d["state"]["optimizer"]["t"] == 10
    assert d["training"]["optimizer"]["name"] == "adam"
    _, name, description = session.load(tmp_path / "s.json")
    assert (name, description) == ("my run", "notes")


def test_saving_at_step_zero_and_loading_gives_the_same_start(tmp_path):
    t = presets.load("circle")
    session.save(t, tmp_path / "s.json")
    u, _, _ = session.load(tmp_path / "s.json")
    assert_identical(t, u)
    t.run(50)
    u.run(50)
    assert_identical(t, u)


def test_explicit_initial_weights_survive_a_save_so_reset_still_returns_to_them(tmp_path):
    t = presets.load("seed-chain")
    t.run(5)
    session.save(t, tmp_path / "s.json")
    u, _, _ = session.load(tmp_path / "s.json")
    u.reset()
    assert u.network.weights[0].tolist() == [[1.0]] and u.network.weights[1].tolist() == [[-2.31]]


def test_a_long_run_s_history_comes_back_whole_and_goes_on_as_never_stopped(tmp_path):
    straight = presets.load("seed-chain")  # a row every step at first: it fills after 2,048 steps
    straight.run(10_000)
    first = presets.load("seed-chain")
    first.run(6_000)  # the history has filled and thinned itself twice
    session.save(first, tmp_path / "s.json")
    resumed, _, _ = session.load(tmp_path / "s.json")
    assert resumed.history.stride > resumed.history.first_stride
    assert np.array_equal(resumed.history.params, first.history.params)
    resumed.run(4_000)
    assert_identical(resumed, straight)


def test_a_history_too_large_for_a_file_is_saved_thinned_and_evenly_spaced(tmp_path, monkeypatch):
    t = presets.load("spiral")
    t.run(20_000)
    h = t.history
    monkeypatch.setattr(session, "MAX_HISTORY_VALUES", h.count * h.n_params // 3)
    session.save(t, tmp_path / "s.json")
    loaded, _, _ = session.load(tmp_path / "s.json")
    g = loaded.history
    assert 0 < g.count * g.n_params <= session.MAX_HISTORY_VALUES
    assert g.stride >= 4 * h.stride  # thinned as the history thins itself: the stride doubled twice
    rows = np.searchsorted(h.steps, g.steps)
    assert np.array_equal(h.steps[rows], g.steps)  # a subset of the rows, values unchanged
    assert np.array_equal(h.params[rows], g.params)
    assert np.all(g.steps[:-1] % g.stride == 0)  # on the grid (only the last may be the step it was saved at)


def _rows(net, flat):
    """A flat vector in the order the files use, written out here by hand: per layer, row j as
    [W^l_j0, …, W^l_j(n−1), b^l_j] (the layout the format has had from its first version)."""
    out = []
    for W, b in net.split(flat):
        for j in range(W.shape[0]):
            out += list(W[j]) + ([b[j]] if b is not None else [])
    return out


def test_files_list_the_optimizer_state_and_the_history_row_by_row_whatever_the_memory_layout(tmp_path):
    t = fresh("moons", "adam")
    t.run(30)
    session.save(t, tmp_path / "s.json")
    d = json.loads((tmp_path / "s.json").read_text())
    net = t.network
    for key in ("m", "v"):
        assert d["state"]["optimizer"][key] == _rows(net, t.optimizer.state_dict()[key])
    assert d["history"]["params"][-1] == _rows(net, t.history.params[-1])
    assert d["history"]["params"][0] == _rows(net, t.history.params[0])
    for l, W in enumerate(net.weights):  # and the weights as matrices, as ever
        assert d["weights"][l] == W.tolist()
    loaded, _, _ = session.load(tmp_path / "s.json")
    assert_identical(loaded, t)
