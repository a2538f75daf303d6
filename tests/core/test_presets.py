"""The built-in presets: each loads, learns, and the seed's chain matches its scalar chain rule."""
import json

import numpy as np
import pytest

from core import BadInput, presets, session

ALL = ["seed-scalar", "seed-chain", "circle", "xor", "two-gaussians", "spiral", "spiral-features", "plane",
       "multi-gaussian", "gaussians", "moons", "sine"]


def test_every_preset_is_listed_in_teaching_order():
    assert presets.names() == ALL
    for name in ALL:
        assert presets.describe(name)


@pytest.mark.parametrize("name", ALL)
def test_every_preset_trains_2000_steps_without_diverging_and_lowers_its_loss(name):
    t = presets.load(name)
    start = t.train_loss()
    result = t.run(2000)
    assert not result.diverged, result.message
    assert result.steps == 2000 and t.step_count == 2000
    assert np.all(np.isfinite(t.network.params))
    assert t.train_loss() < 0.5 * start
    assert t.history.count <= t.history.capacity


@pytest.mark.parametrize("name", ALL)
def test_every_preset_file_is_a_valid_session_without_weights_or_state(name):
    d = presets.read(name)
    assert d["format"] == session.FORMAT and d["version"] == session.VERSION
    assert "weights" not in d and "state" not in d
    assert d["name"] == name
    t = session.from_dict(d)
    assert t.step_count == 0


def test_presets_start_the_same_every_time():
    for name in ALL:
        assert np.array_equal(presets.load(name).network.params, presets.load(name).network.params)


def test_unknown_preset_names_the_choices():
    with pytest.raises(BadInput, match="no preset called 'nope'; the presets are seed-scalar, seed-chain"):
        presets.load("nope")


def test_circle_is_tensorflow_playgrounds_default():
    t = presets.load("circle")
    assert t.network.sizes == (2, 4, 2, 1) and set(t.network.activations) == {"tanh"}
    assert len(t.data.X_train) + len(t.data.X_test) == 500 and len(t.data.X_train) == 250
    # Playground's η = 0.03 on ½(a − y)² is η = 0.015 on this app's (a − y)² (the update is checked by hand in
    # test_playground_presets.py)
    assert t.batch_size == 10 and t.lr == 0.015 and t.loss == "mse" and t.network.init == "playground"
    assert t.data.source["generator"] == "circle" and t.data.source["noise"] == 0


def test_seed_chain_matches_the_scalar_chain_rule():
    """a → W1 → W2 → target, both linear, no bias; C = (a·W1·W2 − y)². By the chain rule
    ∂C/∂W2 = 2(a·W1·W2 − y)·a·W1 and ∂C/∂W1 = 2(a·W1·W2 − y)·W2·a, both from the old values."""
    t = presets.load("seed-chain")
    a, y, eta = 5.7, 50.1, 0.001
    W1, W2 = 1.0, -2.31
    assert t.network.weights[0][0, 0] == W1 and t.network.weights[1][0, 0] == W2
    assert t.lr == eta
    for step in range(30):
        t.run(1)
        err = a * W1 * W2 - y
        W2, W1 = W2 - eta * 2 * err * a * W1, W1 - eta * 2 * err * W2 * a
        assert t.network.weights[0][0, 0] == pytest.approx(W1, rel=1e-12), step
        assert t.network.weights[1][0, 0] == pytest.approx(W2, rel=1e-12), step
    # and it gets there: a·W1·W2 → y
    t.run(2000)
    assert t.network.forward([[a]])[0, 0] == pytest.approx(y, rel=1e-6)


def test_seed_scalar_converges_to_the_exact_solution():
    t = presets.load("seed-scalar")
    t.run(2000)
    assert t.network.weights[0][0, 0] == pytest.approx(50.1 / 5.7, rel=1e-12)


def test_the_question_s_printed_run_lives_with_its_preset():
    """a = 5.7, y = 50.1, R = 0.007, w from −23.1, 20 printed lines: read from seed-scalar itself."""
    from tests.test_seed import SEED_TABLE  # the question's table, typed in from the question
    run = presets.reference_run("seed-scalar")
    assert (run.a, run.y, run.lr, run.w0, run.lines) == (5.7, 50.1, 0.007, -23.1, len(SEED_TABLE))
    assert presets.reference_run("circle") is None
    t = presets.load("seed-scalar")
    for line, printed in enumerate(SEED_TABLE, start=1):
        w = float(t.network.params[0])
        assert run.table_line(t.step_count, 5.7, 50.1, 0.007, w) == line
        t.run(1)
        assert float(f"{t.network.params[0]:.5g}") == printed
    w = float(t.network.params[0])
    assert run.table_line(t.step_count, 5.7, 50.1, 0.007, w) is None  # past the printed lines
    assert run.table_line(0, 5.7, 50.1, 0.007, -23.0) is None  # a weight typed in: another run
    assert run.table_line(0, 5.7, 50.1, 0.01, -23.1) is None  # another learning rate
