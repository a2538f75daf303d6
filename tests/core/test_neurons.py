"""What every neuron computes: maps, sensitivities, per-sample δ, accuracy, gradient flow, unhealthy
neurons and the neuron's card — each against an independent reference written here."""
import json

import numpy as np
import pytest

from core import BadInput, datasets, session
from core.accuracy import accuracy, confusion_matrix, rule_for
from core.health import unhealthy_neurons
from core.maps import neuron_maps, picture_outputs, sample_deltas, sensitivities
from core.network import Network
from core.neuron_card import neuron_card
from core.trainer import Trainer

F = {"tanh": np.tanh, "relu": lambda z: max(z, 0.0), "linear": lambda z: z,
     "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def point_forward(net, x, start=0, z_start=None):
    """a^l for l = 0..L at one point, neuron by neuron with Python loops (no matrix product);
    optionally from layer `start` with its z given (to perturb z^l_j)."""
    acts = [list(x)]
    for l in range(1, net.n_layers + 1):
        W, b, name = net.weights[l - 1], net.biases[l - 1], net.activations[l - 1]
        if l == start:
            z = list(z_start)
        else:
            z = [sum(W[j, k] * acts[-1][k] for k in range(W.shape[1])) + (b[j] if b is not None else 0.0)
                 for j in range(W.shape[0])]
        if name == "softmax":
            e = [np.exp(v - max(z)) for v in z]
            acts.append([v / sum(e) for v in e])
        else:
            acts.append([F[name](v) for v in z])
    return acts


def z_at(net, x, l):
    acts = point_forward(net, x)
    W, b = net.weights[l - 1], net.biases[l - 1]
    return W @ np.array(acts[l - 1]) + (b if b is not None else 0.0)


@pytest.mark.parametrize("acts", [("tanh", "tanh", "tanh"), ("relu", "sigmoid", "linear"), ("tanh", "relu", "softmax")])
def test_neuron_maps_match_a_forward_pass_point_by_point(acts):
    net = Network([2, 5, 3, 2 if acts[-1] == "softmax" else 1], acts, seed=3)
    xs, ys = np.linspace(-6, 6, 7), np.linspace(-5, 5, 4)
    maps = neuron_maps(net, xs, ys)
    assert [m.shape for m in maps] == [(n, 4, 7) for n in net.sizes]
    for iy, y in enumerate(ys):
        for ix, x in enumerate(xs):
            want = point_forward(net, (x, y))
            for l in range(net.n_layers + 1):
                assert np.allclose(maps[l][:, iy, ix], want[l], atol=1e-12)
    assert np.allclose(maps[0][0], xs[None, :].repeat(4, 0)) and np.allclose(maps[0][1], ys[:, None].repeat(7, 1))


@pytest.mark.parametrize("acts", [("tanh", "tanh", "tanh"), ("relu", "sigmoid", "linear"), ("relu", "tanh", "softmax")])
def test_a_picture_s_outputs_in_single_precision_agree_with_the_forward_pass_to_six_digits(acts):
    net = Network([2, 5, 3, 3 if acts[-1] == "softmax" else 1], acts, seed=4)
    points = [(-5.0, 4.0), (0.0, 0.0), (1.5, -2.5), (6.0, 6.0)]
    got = picture_outputs(net, np.array(points))
    assert got.shape == (4, net.sizes[-1])
    for row, point in zip(got, points):
        want = np.array(point_forward(net, point)[-1], dtype=float)
        assert np.allclose(row, want, rtol=1e-5, atol=1e-6)


def test_neuron_maps_take_input_features():
    net = Network([3, 2, 1], "tanh", seed=0)
    features = lambda P: np.column_stack([P[:, 0], P[:, 1], P[:, 0] * P[:, 1]])  # x1, x2, x1·x2
    maps = neuron_maps(net, [1.0, 2.0], [3.0], features)
    assert np.allclose(maps[0][:, 0, 1], [2.0, 3.0, 6.0])
    assert np.allclose(maps[2][:, 0, 1], point_forward(net, (2.0, 3.0, 6.0))[2])
    with pytest.raises(BadInput, match="3 input"):
        neuron_maps(net, [1.0], [1.0])  # 2 raw coordinates for 3 inputs


@pytest.mark.parametrize("acts,n_out", [(("tanh", "tanh", "tanh"), 1), (("sigmoid", "tanh", "softmax"), 3)])
def test_sensitivity_is_the_derivative_of_the_shown_output_by_finite_differences(acts, n_out):
    net = Network([2, 4, 3, n_out], acts, seed=5)
    xs, ys = np.array([-2.0, 0.5, 3.0]), np.array([-1.0, 2.0])
    sens = sensitivities(net, xs, ys)
    assert sens[0] is None
    h = 1e-6
    for iy, y in enumerate(ys):
        for ix, x in enumerate(xs):
            out = point_forward(net, (x, y))[-1]
            o = int(np.argmax(out))  # the output shown: the only one, or the predicted class
            for l in range(1, net.n_layers + 1):
                z = z_at(net, (x, y), l)
                for j in range(net.sizes[l]):
                    up, down = z.copy(), z.copy()
                    up[j] += h
                    down[j] -= h
                    fd = (point_forward(net, (x, y), l, up)[-1][o] - point_forward(net, (x, y), l, down)[-1][o]) / (2 * h)
                    assert sens[l][j, iy, ix] == pytest.approx(fd, abs=1e-7)


def test_sample_deltas_are_the_columns_of_the_trace_and_sum_to_the_bias_gradient():
    net = Network([2, 4, 1], "tanh", seed=2)
    d = datasets.generate("circle", 40)
    deltas = sample_deltas(net, d.X_train, d.Y_train)
    trace = net.trace(d.X_train, d.Y_train)
    _, db = net.gradients(d.X_train, d.Y_train)
    for l in (1, 2):
        assert deltas[l].shape == (net.sizes[l], len(d.X_train))
        assert np.array_equal(deltas[l], trace[l - 1].delta)
        assert np.allclose(deltas[l].sum(axis=1), db[l - 1])  # BP3: ∂C/∂b^l = Δ^l 1
    # BP1 for one sample by hand: 2(a − y)/m · (1 − a²)
    a = point_forward(net, d.X_train[7])[-1][0]
    assert deltas[2][0, 7] == pytest.approx(2 * (a - d.Y_train[7, 0]) / len(d.X_train) * (1 - a * a))


def test_accuracy_by_each_rule_against_a_count_by_hand():
    out = np.array([[0.3], [-0.2], [0.9], [-0.7], [0.1]])
    pm1 = np.array([[1.0], [1.0], [1.0], [-1.0], [-1.0]])  # right: 1st, 3rd, 4th
    assert rule_for(pm1) == "sign" and accuracy(out, pm1) == 3 / 5
    probs = np.array([[0.6], [0.4], [0.51], [0.2], [0.7]])
    y01 = np.array([[1.0], [1.0], [0.0], [0.0], [1.0]])  # right: 1st, 4th, 5th
    assert rule_for(y01) == "threshold" and accuracy(probs, y01) == 3 / 5
    soft = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3], [0.5, 0.4, 0.1]])
    onehot = np.eye(3)[[0, 2, 0, 1]]  # right: 1st, 2nd
    assert rule_for(onehot) == "argmax" and accuracy(soft, onehot) == 2 / 4
    assert np.array_equal(confusion_matrix(soft, onehot), [[1, 1, 0], [1, 0, 0], [0, 0, 1]])
    assert rule_for(np.array([[0.3], [1.7]])) is None and np.isnan(accuracy(out[:2], np.array([[0.3], [1.7]])))


@pytest.mark.parametrize("labels,act,loss", [("pm1", "tanh", "mse"), ("01", "sigmoid", "binary_cross_entropy")])
def test_history_records_train_and_test_accuracy(labels, act, loss):
    d = datasets.generate("xor", 60, labels=labels)
    net = Network([2, 4, 1], ["tanh", act], seed=1)
    t = Trainer(net, d, loss=loss, lr=0.05, batch_size=10)
    t.run(37)
    h = t.history
    assert h.steps[-1] == 37
    threshold = 0.0 if labels == "pm1" else 0.5
    for X, Y, got in ((d.X_train, d.Y_train, h.train_accuracy[-1]), (d.X_test, d.Y_test, h.test_accuracy[-1])):
        right = sum((net.forward(x)[0] > threshold) == (y[0] > threshold) for x, y in zip(X, Y))
        assert got == right / len(X)
    assert t.accuracies() == [h.train_accuracy[-1], h.test_accuracy[-1]]


def test_regression_has_no_accuracy():
    t = Trainer(Network([1, 3, 1], ["tanh", "linear"]), datasets.generate("sine", 40))
    t.run(5)
    assert np.isnan(t.history.train_accuracy).all()


def test_gradient_norms_in_the_history_are_those_of_network_gradients():
    d = datasets.generate("circle", 50)
    net = Network([2, 6, 3, 1], "tanh", seed=4)
    t = Trainer(net, d, lr=0.1, batch_size=len(d.X_train))  # full batch: one known gradient per step
    assert np.isnan(t.history.grad_norms[-1]).all()  # no step taken yet
    for _ in range(3):
        before = net.copy()
        t.run(1)
        dW, _ = before.gradients(d.X_train, d.Y_train, "mse")
        assert t.history.steps[-1] == t.step_count
        assert np.allclose(t.history.grad_norms[-1], [np.sqrt((g ** 2).sum()) for g in dW], rtol=1e-12)


def test_accuracy_and_gradient_norms_survive_a_session_file_and_halving(tmp_path):
    d = datasets.generate("circle", 60)
    t = Trainer(Network([2, 4, 1], "tanh", seed=0), d, lr=0.05, history_capacity=8)
    t.run(40)  # the buffer halves several times: the new columns must move with the steps
    h = t.history
    assert h.count <= 8 and not np.isnan(h.grad_norms[1:]).any()
    path = tmp_path / "s.json"
    session.save(t, path)
    assert len(json.loads(path.read_text())["history"]["gradient_norms"][-1]) == 2
    back, _, _ = session.load(path)
    for name in ("steps", "train_loss", "train_accuracy", "test_accuracy", "grad_norms"):
        assert np.array_equal(getattr(back.history, name), getattr(h, name), equal_nan=True), name


def test_dead_and_saturated_neurons_are_found():
    X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0], [-1.0, 1.0]])
    relu = Network.from_arrays([[[1.0, 0.0], [-5.0, -5.0], [0.0, 1.0]], [[1.0, 1.0, 1.0]]],
                               [[0.0, -20.0, 0.0], [0.0]], ["relu", "linear"])
    assert [(u.l, u.j, u.kind) for u in unhealthy_neurons(relu, X)] == [(1, 1, "dead")]  # z = −5x −5y −20 < 0
    tanh = Network.from_arrays([[[10.0, 10.0], [0.1, 0.1]], [[1.0, 1.0]]], [[10.0, 0.0], [0.0]], ["tanh", "sigmoid"])
    found = unhealthy_neurons(tanh, X)  # neuron 0: |10x + 10y + 10| ≥ 10 everywhere; neuron 1 small
    assert [(u.l, u.j, u.kind) for u in found] == [(1, 0, "saturated")]


def test_the_card_writes_the_traced_numbers_and_they_add_up():
    d = datasets.generate("circle", 30)
    net = Network([2, 3, 2, 1], "tanh", seed=7)
    trace = net.trace(d.X_train, d.Y_train)
    s = 4
    card = neuron_card(net, trace, 2, 1, s)
    assert card.z == trace[1].Z[1, s] and card.a == trace[1].A[1, s] and card.delta == trace[1].delta[1, s]
    assert card.z == pytest.approx(float(card.weights @ card.inputs + card.bias))  # the forward line adds up
    assert np.array_equal(card.inputs, trace[0].A[:, s]) and np.array_equal(card.weights, net.weights[1][1])
    assert card.delta == pytest.approx(card.fprime * float(card.back_weights @ card.back_deltas))  # BP2 for one entry
    assert card.fprime == pytest.approx(1 - np.tanh(card.z) ** 2)
    text = "\n".join(card.lines)
    assert "z²₁ = Σₖ W²₁ₖ a¹ₖ + b²₁" in text and "δ²₁ = f′(z²₁) · Σᵢ W³ᵢ₁ δ³ᵢ" in text
    for w, a in zip(card.weights, card.inputs):  # every term written out
        assert f"({w:.4g})({a:.4g})".replace("-", "−") in text
    assert f"= {card.delta:.4g}".replace("-", "−") in text and "Row 1 of W²" in text
    out = neuron_card(net, trace, 3, 0, s)  # BP1 by hand: 2(a − y)/m · (1 − a²)
    a, y = trace[2].A[0, s], trace.Y[0, s]
    assert out.delta == pytest.approx(2 * (a - y) / 15 * (1 - a * a)) and out.back_weights is None
    assert "BP1" in "\n".join(out.lines)


def test_maps_of_a_network_fed_input_features_start_from_the_features_of_each_point():
    d = datasets.generate("circle", 40, features=["x1", "x2", "x1^2", "x2^2", "x1*x2"])
    net = Network([5, 3, 1], "tanh", seed=2)
    xs, ys = np.array([-2.0, 1.0, 3.0]), np.array([-1.0, 2.0])
    maps = neuron_maps(net, xs, ys, d.inputs_for)
    for iy, y in enumerate(ys):
        for ix, x in enumerate(xs):
            a0 = [x, y, x * x, y * y, x * y]
            assert np.allclose(maps[0][:, iy, ix], a0)
            assert np.allclose(maps[2][:, iy, ix], point_forward(net, a0)[2])
    sens = sensitivities(net, xs, ys, d.inputs_for)
    assert sens[1].shape == (3, 2, 3)
