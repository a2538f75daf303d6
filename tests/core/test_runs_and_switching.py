"""core.runs (a run set aside and brought back), core.switching (the data a change of source means)
and core.preview (the next step, computed without taking it). References: a run never interrupted,
generators called directly, and a step taken by hand."""
import numpy as np
import pytest

from core import datasets, presets, sources
from core.preview import preview
from core.runs import bring_back, continued, set_aside
from core.switching import GENERATOR_DEFAULTS, label_encoding_for, switched_source, trainer_like


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_run_set_aside_and_brought_back_goes_on_as_if_never_left(optimizer):
    straight, interrupted = presets.load("circle"), presets.load("circle")
    for t in (straight, interrupted):
        t.set_optimizer(optimizer)
        t.batch_size = 7
        t.run(45)
    saved = set_aside(interrupted)
    other = trainer_like(interrupted, interrupted.network.copy(), interrupted.data)
    other.run(13)  # something else happens meanwhile
    back = bring_back(saved, like=other)
    assert back.step_count == 45 and back.history.count == straight.history.count
    assert np.array_equal(back.history.train_loss, straight.history.train_loss)
    # the accuracy curves and the gradient flow come back too, not only the losses and weights
    assert np.array_equal(back.history.train_accuracy, straight.history.train_accuracy)
    assert np.array_equal(back.history.test_accuracy, straight.history.test_accuracy)
    assert not np.isnan(back.history.train_accuracy).any()
    assert np.array_equal(back.history.grad_norms[1:], straight.history.grad_norms[1:])
    assert not np.isnan(back.history.grad_norms[1:]).any()
    straight.run(60)
    back.run(60)
    assert np.array_equal(back.network.params, straight.network.params)
    assert np.array_equal(back.history.params, straight.history.params)


def test_a_saved_run_keeps_the_rows_in_use_only():
    t = presets.load("circle")
    t.run(5)
    saved = set_aside(t)
    rows = t.history.count
    row = 8 * (5 + t.network.n_layers + t.network.n_params)  # step, 2 losses, 2 accuracies, norms, params
    assert saved.nbytes == rows * row + t.network.params.nbytes
    assert saved.nbytes < t.history._params.nbytes  # the preallocated buffer is far larger


def test_a_continued_run_keeps_its_point_and_takes_the_new_weights():
    t = presets.load("circle")
    t.set_optimizer("adam")
    t.run(30)
    net = t.network.copy()
    net.params[:] = net.params * 0.5
    twin = continued(t, net)
    assert twin.step_count == 30 and twin.epoch == t.epoch and twin.position == t.position
    assert twin.optimizer is not t.optimizer and twin.optimizer.t == t.optimizer.t
    assert np.array_equal(twin.network.params, net.params)
    # the newest row describes the new weights, the older ones the run before
    assert np.array_equal(twin.history.params[-1], net.params)
    older = t.history.steps < 30
    assert np.array_equal(twin.history.steps[:-1], t.history.steps[older])
    assert np.array_equal(twin.history.params[:-1], t.history.params[older])
    assert np.array_equal(twin.history.train_accuracy[:-1], t.history.train_accuracy[older])
    assert np.array_equal(twin.history.grad_norms[:-1], t.history.grad_norms[older], equal_nan=True)
    twin.run(3)
    assert t.step_count == 30  # the original is untouched


def test_the_label_encoding_follows_the_output_layer():
    assert label_encoding_for("sigmoid") == "01"
    assert label_encoding_for("softmax") == "onehot"
    assert label_encoding_for("tanh") == "pm1" and label_encoding_for("linear") == "pm1"


def test_a_switched_source_makes_the_data_the_generator_makes():
    source = presets.load("circle").data.source
    new = switched_source(source, {"noise": 0.2}, "tanh")
    assert new == {**source, "noise": 0.2, "labels": "pm1"}
    made = sources.from_source(new)
    direct = datasets.generate("circle", samples=source["samples"], noise=0.2, test_fraction=source["test_fraction"],
                               seed=source["seed"], labels="pm1")
    assert np.array_equal(made.X_train, direct.X_train) and np.array_equal(made.Y_train, direct.Y_train)
    # a sigmoid output gets 0/1 labels, several classes one-hot
    assert switched_source(source, {"generator": "xor"}, "sigmoid")["labels"] == "01"
    assert switched_source(source, {"generator": "gaussians"}, "tanh")["labels"] == "onehot"


def test_leaving_fixed_points_or_a_csv_starts_from_the_defaults():
    points = presets.load("seed-scalar").data.source
    assert switched_source(points, {"generator": "sine"}, "linear") == \
        {"generator": "sine", **GENERATOR_DEFAULTS, "labels": "pm1"}
    csv = {"csv": {"names": ["x", "y"], "rows": [[0, 1]], "targets": [1], "test_fraction": 0.0, "seed": 0}}
    assert switched_source(csv, {"test_fraction": 0.5}, "tanh")["csv"]["test_fraction"] == 0.5
    assert switched_source(csv, {"generator": "xor"}, "tanh")["generator"] == "xor"


def test_the_preview_is_the_step_taken():
    t = presets.load("circle")
    t.set_optimizer("momentum")
    t.run(11)
    nxt = preview(t)
    X, Y = t.peek_batch()
    assert np.array_equal(nxt.X, X) and np.array_equal(nxt.Y, Y)
    dW, db = t.network.gradients(X, Y, loss=t.loss)  # the mean-cost gradient, computed apart
    assert np.allclose(nxt.trace.layers[0].dW, dW[0], rtol=1e-10, atol=1e-14)
    before = t.network.params.copy()
    t.run(1)
    assert np.allclose(t.network.params, nxt.new_params, rtol=1e-12, atol=1e-15)
    assert not np.array_equal(before, nxt.new_params)
