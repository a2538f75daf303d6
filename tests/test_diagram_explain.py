"""The diagram's words (gui/diagram/explain.py), without Qt: every number in a tooltip or caption is
read back and compared with a computation written here, not with the module's own helpers."""
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Network, Trainer, datasets, presets
from core.phases import Phase
from core.preview import preview
from gui.diagram import explain

ROOT = Path(__file__).resolve().parent.parent


def numbers_after(text, label):
    """The number written right after `label` in `text` (the diagram writes − for minus)."""
    match = re.search(re.escape(label) + r"\s*([−\-]?[0-9.]+(?:e[−\-+]?[0-9]+)?)", text)
    assert match, (label, text)
    return float(match.group(1).replace("−", "-"))


def small_trainer(seed=3):
    net = Network([2, 3, 1], activations=["tanh", "linear"], bias=True, seed=seed)
    data = datasets.generate("xor", samples=40, seed=seed)
    return Trainer(net, data, loss="mse", lr=0.1, batch_size=4, seed=seed)


def test_the_module_does_not_import_qt():
    code = ("import sys; import gui.diagram.explain, gui.diagram.layout; "
            "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_counts_and_titles_say_what_each_column_is():
    net = Network([1, 4, 3, 2], activations=["relu", "tanh", "linear"], bias=[True, False, True])
    assert [explain.layer_title(net, l) for l in range(4)] == ["input", "layer 1", "layer 2", "output"]
    assert explain.layer_subtitle(net, 2) == "tanh, no bias"
    assert explain.count_text(net, 0) == "1 input"
    assert explain.count_text(net, 3) == "2 outputs"
    assert explain.count_text(net, 1) == "4 neurons"
    assert explain.count_text(net, 1, short=True) == "4"
    assert explain.hidden_text(net) == "2 hidden layers"
    assert explain.hidden_text(Network([1, 1], activations="linear")) == "0 hidden layers"


def test_parameter_tooltip_shows_the_value_and_the_gradient_of_the_next_step():
    t = small_trainer()
    nxt = preview(t)
    net = t.network
    X, Y = t.peek_batch()
    dW, db = net.gradients(X, Y, loss="mse")  # the gradient of the next batch, independently
    text = explain.parameter_tooltip(net, "W", 2, 0, 1, nxt)
    assert numbers_after(text, "W²₀₁ =") == pytest.approx(net.weights[1][0, 1], rel=1e-3)
    assert numbers_after(text, "∂C/∂W²₀₁ =") == pytest.approx(dW[1][0, 1], rel=1e-3)
    assert "row 0, column 1 of W²" in text and "batch of 4 samples" in text
    assert "after this update" not in text
    update = explain.parameter_tooltip(net, "b", 1, 2, 0, nxt, Phase("update", None))
    expected = net.biases[0][2] - t.lr * db[0][2]  # plain SGD, no regularisation
    assert numbers_after(update, "after this update: b¹₂ =") == pytest.approx(expected, rel=1e-3)


def test_neuron_tooltip_shows_z_a_and_delta_of_the_first_sample():
    t = small_trainer()
    net = t.network
    X, Y = t.peek_batch()
    x = X[0]
    z1 = net.weights[0] @ x + net.biases[0]
    a1 = np.tanh(z1)
    z2 = net.weights[1] @ a1 + net.biases[1]
    delta2 = 2 * (z2 - Y[0]) / len(X)  # linear output, mse of the mean over the batch
    delta1 = (net.weights[1].T @ delta2) * (1 - a1 ** 2)
    text = explain.neuron_tooltip(net, 1, 2, preview(t).trace)
    assert numbers_after(text, "z¹₂ =") == pytest.approx(z1[2], rel=1e-3)
    assert numbers_after(text, "a¹₂ =") == pytest.approx(a1[2], rel=1e-3)
    assert numbers_after(text, "δ¹₂ =") == pytest.approx(delta1[2], rel=1e-3, abs=1e-12)
    assert "(of 4)" in text
    inputs = explain.neuron_tooltip(net, 0, 1, preview(t).trace)
    assert numbers_after(inputs, "x₁ =") == pytest.approx(x[1], rel=1e-3)


def test_column_tooltip_gives_the_shape_of_the_weights():
    net = Network([2, 5, 1], activations=["tanh", "linear"], bias=[True, False])
    assert "W¹ is 5×2, b¹ has 5 entries" in explain.column_tooltip(net, 1)
    assert "W² is 1×5, no bias" in explain.column_tooltip(net, 2)
    assert "Its size follows the data" in explain.column_tooltip(net, 2)
    assert "one per input" in explain.column_tooltip(net, 0)


def test_captions_and_notes():
    net = Network([2, 3, 1], activations=["tanh", "linear"], bias=False)
    assert "no layer has a bias" in explain.default_caption("#00f", "#f80", has_biases=False)
    assert "squares are biases" in explain.default_caption("#00f", "#f80", has_biases=True)
    note = explain.neuron_note(net, 1, 2)
    assert "row 2 of W<sup>1</sup>" in note and "column 2 of W<sup>2</sup>" in note and "Delete" in note
    assert "Delete" not in explain.neuron_note(net, 2, 0)
    assert explain.refused("Add a neuron", "the layer is full") == "Add a neuron: not possible, the layer is full."


def test_phase_captions_name_the_phase_and_its_numbers():
    t = presets.load("seed-scalar")
    net, trace = t.network, preview(t).trace
    X, Y = t.peek_batch()
    cost = float(np.mean((X @ net.weights[0].T - Y) ** 2))  # the question's C = (a − y)², one sample
    caption = explain.phase_caption(net, trace, Phase("cost", None))
    assert numbers_after(caption, "C =") == pytest.approx(cost, rel=1e-3)
    assert "Forward, layer 1" in explain.phase_caption(net, trace, Phase("forward", 1))
    assert "BP1" in explain.phase_caption(net, trace, Phase("bp1", 1))
    assert "∂C/∂W<sup>1</sup>" in explain.phase_caption(net, trace, Phase("gradients", 1))


@pytest.mark.parametrize("optimizer, rule", [
    ("sgd", "W ← W − η ∂C/∂W"),
    ("momentum", "V ← μV − η ∂C/∂W"),
    ("adam", "W ← W − η M̂/(√V̂ + ε)"),
])
def test_the_update_caption_follows_the_optimizer(optimizer, rule):
    t = presets.load("circle")
    t.set_optimizer(optimizer)
    caption = explain.phase_caption(t.network, preview(t).trace, Phase("update", None), t.optimizer.name)
    plain = re.sub(r"<[^>]+>|&nbsp;", " ", caption)
    assert rule.replace(" ", "") in plain.replace(" ", "")
    others = {"sgd": "V ←", "momentum": "M̂", "adam": "μV"}
    assert others[optimizer] not in plain  # not another optimizer's rule
