"""The trainer's fast step against the textbook network, and what the trainer accepts.

The Trainer runs its own fast implementation of the step (core/fast.py); these
tests hold it to Network.gradients, the one-line-per-equation definition, and to
the update rules written out here.
"""
import numpy as np
import pytest

from core import BadInput, Network, datasets, optimizers, presets
from core.gradcheck import flat_gradient
from core.trainer import Trainer

PRESETS = ["seed-scalar", "seed-chain", "xor", "circle", "spiral", "gaussians", "moons", "sine"]


@pytest.mark.parametrize("name", PRESETS)
def test_the_trainers_gradient_is_the_networks(name):
    t = presets.load(name)
    t.run(3)
    X, Y = t.peek_batch()
    expected = flat_gradient(t.network, X, Y, t.loss)
    np.testing.assert_allclose(t.gradient_for_next_step(), expected, rtol=1e-11, atol=1e-14)


@pytest.mark.parametrize("seed", range(6))
def test_the_trainers_gradient_on_random_networks(seed):
    rng = np.random.default_rng(seed)
    acts = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
    n_layers = int(rng.integers(1, 5))
    sizes = [int(s) for s in rng.integers(1, 7, n_layers + 1)]
    net = Network(sizes, [str(rng.choice(acts)) for _ in range(n_layers)], [bool(b) for b in rng.integers(0, 2, n_layers)],
                  seed=seed)
    net.params[:] = rng.normal(0, 1, net.n_params)
    data = datasets.points(rng.normal(0, 1, (23, sizes[0])), rng.normal(0, 1, (23, sizes[-1])))
    t = Trainer(net, data, loss="mse", lr=0.01, batch_size=int(rng.integers(1, 30)), seed=seed)
    for _ in range(4):
        X, Y = t.peek_batch()
        np.testing.assert_allclose(t.gradient_for_next_step(), flat_gradient(net, X, Y, "mse"), rtol=1e-10, atol=1e-13)
        t.run(1)


def test_one_sgd_step_is_the_seeds_update():
    t = presets.load("circle")
    X, Y = t.peek_batch()
    before = t.network.params.copy()
    grad = flat_gradient(t.network, X, Y, "mse")
    t.run(1)
    np.testing.assert_allclose(t.network.params, before - t.lr * grad, rtol=1e-12, atol=1e-15)


def test_regularisation_adds_to_the_weights_gradient_only():
    t = presets.load("circle")
    t.l1, t.l2 = 0.01, 0.1
    X, Y = t.peek_batch()
    net = t.network
    expected = flat_gradient(net, X, Y, "mse")
    is_weight = np.array([name.startswith("W") for name in net.parameter_names()])
    expected[is_weight] += 0.1 * net.params[is_weight] + 0.01 * np.sign(net.params[is_weight])
    np.testing.assert_allclose(t.gradient_for_next_step(), expected, rtol=1e-12, atol=1e-15)


def test_momentum_and_adam_follow_their_formulas():
    g = np.array([0.5, -2.0, 0.0])
    m = optimizers.make("momentum", 0.1, momentum=0.9)
    p = np.array([1.0, 1.0, 1.0])
    m.step(p, g.copy())
    m.step(p, g.copy())
    v1 = -0.1 * g
    v2 = 0.9 * v1 - 0.1 * g
    np.testing.assert_allclose(p, 1 + v1 + v2, rtol=1e-15)
    a = optimizers.make("adam", 0.01)
    p = np.zeros(3)
    a.step(p, g.copy())
    m1, v1 = 0.1 * g, 0.001 * g * g
    np.testing.assert_allclose(p, -0.01 * (m1 / 0.1) / (np.sqrt(v1 / 0.001) + 1e-8), rtol=1e-12)


def test_a_diverging_run_keeps_the_last_finite_weights():
    t = presets.load("seed-scalar")
    t.lr = 1.0
    result = t.run(1000)
    assert result.diverged and 0 < result.steps < 1000 and t.step_count == result.steps
    assert np.all(np.isfinite(t.network.params)) and np.isfinite(t.train_loss())
    assert "smaller learning rate" in result.message


# ---- bad targets and saved optimizer states ----------------------------------------------------

def test_the_trainer_refuses_cross_entropy_targets_that_are_not_probabilities():
    data = datasets.points([[0.0, 1.0]], [[1.0, 1.0, 0.0]])
    with pytest.raises(BadInput, match="class probabilities"):
        Trainer(Network([2, 3], activations="softmax"), data, loss="cross_entropy")


def test_adam_refuses_a_step_count_too_large_to_use():
    a = optimizers.make("adam", 0.01)
    with pytest.raises(BadInput):
        a.load_state_dict({"t": 10 ** 400}, 3)
        a.step(np.zeros(3), np.ones(3))


def test_momentum_refuses_numbers_too_large_for_a_float():
    with pytest.raises(BadInput):
        optimizers.make("momentum", 0.01).load_state_dict({"velocity": [10 ** 400] * 3}, 3)
