"""The equation view's HTML, without Qt: numbers, elision, shapes, links, the seed's reductions.

Every number is read back from the text and compared with Network.trace (or the optimizer's
preview), never with a copy of what the renderer printed.
"""
import html as htmlmod
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Network, Trainer, datasets, presets
from core import activations as acts
from core import losses
from core.phases import phases
from gui.equations.format import (COL_GAP, MATRIX_DIGITS, as_matrix, matrix_atom, num, read_matrices,
                                  shown_indices, shown_positions, text_atom, wrap)
from gui.equations.render import Options, Snapshot, render

ROOT = Path(__file__).resolve().parent.parent


def after_step(snap):
    """[(W^l, b^l)] after the step, read through a copy of the network (not the renderer's helpers)."""
    net = snap.network.copy()
    net.params[:] = snap.new_params
    return list(zip(net.weights, net.biases))


def plain(html):
    """What QTextDocument.toPlainText makes of the HTML: one line per paragraph and per table cell."""
    text = re.sub(r"</(td|p|tr)>|<br>", "\n", html)
    text = re.sub(r"<[^>]+>", "", text)
    return htmlmod.unescape(text)


def view(trainer, **options):
    snap = Snapshot.from_trainer(trainer)
    return snap, render(snap, Options(**options))


# ---- checking shown matrices against the maths ---------------------------------------------------
def assert_shows(shown, M, what, rel=10.0 ** (1 - MATRIX_DIGITS)):
    """The rows `shown` (from read_matrices) are M's entries, wherever the view elided some."""
    M = as_matrix(M)
    rows = shown_positions(len(shown), M.shape[0], [all(t is None for t in row) for row in shown])
    assert rows is not None, what
    for row, i in zip(shown, rows):
        if i is None:
            continue
        cols = shown_positions(len(row), M.shape[1], [t is None for t in row])
        assert cols is not None, what
        for got, j in zip(row, cols):
            if j is not None:
                assert got == pytest.approx(M[i, j], rel=rel, abs=1e-300), what


def expected_matrices(snap, mode="batch"):
    """name as it reads in plain text → the matrix it must show."""
    net, L = snap.network, snap.L
    t = snap.sample_trace if mode == "sample" else snap.trace
    s = mode == "sample"
    Z, A, D, Y = ("z", "a", "δ", "y") if s else ("Z", "A", "Δ", "Y")
    C = "C1" if s else "C"
    new = after_step(snap)
    out = {f"{A}0": t.A0, Y: t.Y, f"({A}0)T": t.A0.T}
    loss = losses.get(snap.loss)
    for l, tl in enumerate(t.layers, start=1):
        out[f"W{l}"] = net.weights[l - 1]
        out[f"{Z}{l}"], out[f"{A}{l}"], out[f"{D}{l}"] = tl.Z, tl.A, tl.delta
        out[f"∂{C}/∂W{l}"] = tl.dW
        out[f"({A}{l})T"] = tl.A.T
        out[f"new W{l}"] = new[l - 1][0]
        if net.bias[l - 1]:
            out[f"b{l}"] = net.biases[l - 1]
            out[f"∂{C}/∂b{l}"] = tl.db
            out[f"new b{l}"] = new[l - 1][1]
        if net.activations[l - 1] != "softmax":
            out[f"f′({Z}{l})"] = acts.get(net.activations[l - 1]).df(tl.Z, tl.A)
        if l < L:
            out[f"(W{l + 1})T"] = net.weights[l].T
            out[f"(W{l + 1})T{D}{l + 1}"] = net.weights[l].T @ t.layers[l].delta
    if loss.grad is not None:
        out[f"∇{A.lower() if s else 'A'}{C}"] = loss.grad(t.layers[-1].A, t.Y)
    if s and snap.m > 1:  # the update shows the batch gradient
        for l, tl in enumerate(snap.trace.layers, start=1):
            out[f"∂C/∂W{l}"] = tl.dW
    return out


def check_all_matrices(snap, text, mode="batch"):
    expected = expected_matrices(snap, mode)
    seen = set()
    for name, shape, shown in read_matrices(text):
        if name in expected:
            M = as_matrix(expected[name])
            assert shape == M.shape, name
            assert_shows(shown, M, name)
            seen.add(name)
    return seen


# ---- format --------------------------------------------------------------------------------------
def test_numbers_keep_significant_digits_and_never_show_minus_zero():
    assert num(-131.67000000000002, 7) == "-131.67"
    assert num(-2072.1780000000003, 7) == "-2072.178"
    assert num(-8.594753999999998, 7) == "-8.594754"
    assert num(0.123456789) == "0.12346"
    assert num(-0.0) == "0"
    assert num(float("nan")) == "nan"
    assert float(num(1.234567e-9)) == pytest.approx(1.2346e-9)


def test_long_dimensions_are_elided_but_keep_the_selected_entry():
    assert shown_indices(8) == list(range(8))
    assert shown_indices(10) == [0, 1, 2, 3, None, 8, 9]
    assert shown_indices(100, keep=(50,)) == [0, 1, 2, 3, None, 50, None, 98, 99]
    assert shown_indices(10, full=2, head=1, tail=0) == [0, None]
    atom = matrix_atom(np.arange(30.0).reshape(3, 10), "M")
    assert atom.html.count(COL_GAP) == 3  # one ⋯ per row
    narrow = matrix_atom(np.arange(30.0).reshape(3, 10), "M", max_width=15)
    assert narrow.width <= 15 < atom.width and narrow.html.count(COL_GAP) == 3


def test_elided_rows_read_back_to_their_indices():
    M = np.arange(120.0).reshape(12, 10)
    text = plain(matrix_atom(M, "M").html)
    ((name, shape, shown),) = read_matrices(text)
    assert (name, shape) == ("M", (12, 10))
    assert shown[0] == [0, 1, 2, 3, None, 8, 9] and shown[4] == [None] * 7 and shown[-1][-1] == 119


def test_wrapping_keeps_an_operator_with_the_matrix_after_it():
    a, b = matrix_atom(np.ones((2, 6)), "A"), matrix_atom(np.ones((2, 6)), "B")
    lines = wrap([a, text_atom("+"), b], a.width + 3)
    assert len(lines) == 2 and lines[1][0].html.count("+") == 1


def test_the_module_does_not_import_qt():
    code = ("import sys; import gui.equations.render, gui.equations.format; "
            "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# ---- the seed ------------------------------------------------------------------------------------
def test_seed_scalar_shows_the_questions_numbers():
    snap, html = view(presets.load("seed-scalar"))
    text = plain(html)
    for value in ("5.7", "-23.1", "50.1", "-131.67", "-363.54", "-2072.178", "-8.594754"):
        assert re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", text), value
    assert "w ← w − R·a·2(a·w − y) = -23.1 − 0.007·5.7·2(5.7·(-23.1) − 50.1) = -8.594754" in text
    assert "(1×1)" in text


def test_seed_chain_reduces_to_the_questions_w_l_minus_1_formula():
    t = presets.load("seed-chain")
    snap, html = view(t)
    text = plain(html)
    line = next(x for x in text.splitlines() if x.startswith("W(L−1) ← W(L−1) − R·a(L−2)·W(L)·2(a(L−1)W(L) − y)"))
    new_W1 = after_step(snap)[0][0][0, 0]
    assert float(line.rsplit("= ", 1)[1]) == pytest.approx(new_W1, rel=1e-6)
    t.run(1)  # and the formula is the step the trainer takes
    assert t.network.weights[0][0, 0] == pytest.approx(new_W1, rel=1e-12)


def _scalar_trainer(optimizer="sgd", sizes=1, **kw):
    net = Network.from_arrays([[[2.0]]] * sizes)
    return Trainer(net, datasets.points([[1.5]], [[4.0]]), loss="mse", optimizer=optimizer, lr=0.1,
                   batch_size=1, **kw)


def test_seed_reduction_is_recognised_by_structure_not_by_name():
    text = plain(view(_scalar_trainer())[1])
    # w ← w − R·a·2(a·w − y) = 2 − 0.1·1.5·2(1.5·2 − 4) = 2.3
    assert "w ← w − R·a·2(a·w − y) = 2 − 0.1·1.5·2(1.5·2 − 4) = 2.3" in text
    assert "R·a·2(a·w − y)" not in plain(view(_scalar_trainer("momentum"))[1])
    assert "R·a·2(a·w − y)" not in plain(view(_scalar_trainer(l2=0.1))[1])
    assert "R·a·2(a·w − y)" not in plain(view(presets.load("circle"))[1])


# ---- the numbers of real networks ----------------------------------------------------------------
@pytest.mark.parametrize("name", ["circle", "gaussians", "moons", "seed-chain", "xor", "sine", "spiral"])
@pytest.mark.parametrize("mode", ["batch", "sample"])
def test_every_matrix_shown_is_the_traced_one(name, mode):
    t = presets.load(name)
    t.run(3)  # not the initial weights: biases non-zero, optimizer state non-empty
    snap, html = view(t, mode=mode)
    seen = check_all_matrices(snap, plain(html), mode)
    s = mode == "sample"
    Z, A, D = ("z", "a", "δ") if s else ("Z", "A", "Δ")
    C = "C1" if s else "C"
    for l in range(1, snap.L + 1):
        for must in (f"W{l}", f"{Z}{l}", f"{A}{l}", f"{D}{l}", f"∂{C}/∂W{l}", f"new W{l}"):
            assert must in seen, must


def test_sample_mode_uses_the_first_sample_and_says_the_batch_is_the_mean():
    snap, html = view(presets.load("circle"), mode="sample")
    text = plain(html).replace("\n", " ")
    (a0,) = [shape for name, shape, _ in read_matrices(plain(html)) if name == "a0"][:1]
    assert a0 == (2, 1)
    assert "the mean of the m per-sample gradients" in text
    # and that statement is true: the batch gradient is the mean of per-sample gradients
    per_sample = [snap.network.trace(snap.X[i:i + 1], snap.Y[i:i + 1], snap.loss).layers[0].dW
                  for i in range(snap.m)]
    assert np.allclose(np.mean(per_sample, axis=0), snap.trace.layers[0].dW, rtol=1e-10, atol=1e-14)


def test_shapes_are_written_under_the_matrices_and_in_the_symbolic_line():
    snap, html = view(presets.load("circle"))
    text = plain(html)
    shapes = {name: shape for name, shape, _ in read_matrices(text)}
    assert shapes["W1"] == (4, 2) and shapes["A0"] == (2, 10) and shapes["b1"] == (4, 1)
    assert "(4×10) = (4×2)(2×10) + (4×1)" in text
    assert "(4×2)" in text and "(2×10)" in text


def test_regularisation_is_shown_as_its_own_matrix_added_to_the_gradient():
    t = presets.load("circle")
    t.l1, t.l2 = 0.001, 0.01
    snap, html = view(t)
    shown = {name: rows for name, _, rows in read_matrices(plain(html))}
    W1 = snap.network.weights[0]
    assert_shows(shown["λ2W1 + λ1sign(W1)"], 0.01 * W1 + 0.001 * np.sign(W1), "regularisation")
    assert_shows(shown["G1"], snap.trace.layers[0].dW + 0.01 * W1 + 0.001 * np.sign(W1), "G1")


def test_softmax_cross_entropy_uses_the_simplified_bp1():
    text = plain(view(presets.load("gaussians"))[1])
    assert "Δ2 = (A2 − Y)/m" in text


# ---- step-through --------------------------------------------------------------------------------
def test_a_phase_shows_the_equations_up_to_it_highlighted():
    t = presets.load("circle")
    snap = Snapshot.from_trainer(t)
    all_phases = phases(snap.L)
    bp2 = next(i for i, p in enumerate(all_phases) if p.kind == "bp2")
    html = render(snap, Options(phase=bp2))
    assert f'name="phase-{bp2}"' in html and f'name="phase-{bp2 + 1}"' not in html
    text = plain(html)
    assert "BP2: error of layer 2" in text and "BP3, BP4" not in text
    assert html.count("background-color: #eaf6ec") == 1  # only the active phase is highlighted


# ---- linking -------------------------------------------------------------------------------------
def test_weights_link_to_their_parameter_and_the_selected_one_is_marked_everywhere():
    t = presets.load("circle")
    net = t.network
    idx = net.parameter_index("W", 2, 1, 3)
    snap, html = view(t, selected=idx)
    for l, (n, n_prev) in enumerate(zip(net.sizes[1:], net.sizes[:-1]), start=1):
        for j in range(n):
            for k in range(n_prev):
                assert f'href="param:{net.parameter_index("W", l, j, k)}"' in html
    # W^2 (forward), (W^2)^T (BP2), ∂C/∂W^2 (BP4), W^2, ∂C/∂W^2 and new W^2 (update)
    assert html.count(f'<a href="param:{idx}" class="sel">') == 6


def test_chain_rule_line_has_the_traced_numbers():
    t = presets.load("circle")
    net = t.network
    j, k = 1, 3
    snap, html = view(t, selected=net.parameter_index("W", 2, j, k))
    line = next(x for x in plain(html).splitlines() if x.startswith("∂C/∂W213 = Σsamples"))
    parts = line.split(" = ")
    pairs = re.findall(r"\(?(-?\d[\d.e+-]*)\)?·\(?(-?\d[\d.e+-]*)\)?", parts[2])
    tl = snap.trace.layers[1]
    assert len(pairs) == 3
    for i, (d, a) in enumerate(pairs):
        assert float(d) == pytest.approx(tl.delta[j, i], rel=1e-6)
        assert float(a) == pytest.approx(snap.trace.layers[0].A[k, i], rel=1e-6)
    assert float(parts[-1]) == pytest.approx(tl.dW[j, k], rel=1e-6)


# ---- size ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("sizes", [[10, 300, 300, 10], [3] + [8] * 30 + [1]])
def test_large_networks_stay_small_html(sizes):
    rng = np.random.default_rng(0)
    data = datasets.points(rng.normal(size=(200, sizes[0])), rng.normal(size=(200, sizes[-1])))
    t = Trainer(Network(sizes, activations="tanh", seed=0), data, batch_size=200)
    snap = Snapshot.from_trainer(t)
    for phase in (len(phases(t.network.n_layers)) - 2, None):
        html = render(snap, Options(selected=t.network.n_params - 1, phase=phase))
        assert len(html) < 300_000
    if len(sizes) > 8:  # the middle layers are summarised, and the view says so
        assert "Forward, layers 3–29: the same equations" in plain(html)
        assert "Layers 3–29 are updated by the same rule" in plain(html)


# ---- every combination renders -------------------------------------------------------------------
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_every_phase_mode_and_selection_renders_for_mixed_networks(optimizer):
    rng = np.random.default_rng(1)
    net = Network([3, 5, 4, 2], activations=["relu", "leaky_relu", "sigmoid"], bias=[True, False, True], seed=2)
    data = datasets.points(rng.normal(size=(12, 3)), rng.uniform(0, 1, size=(12, 2)))
    t = Trainer(net, data, loss="binary_cross_entropy", optimizer=optimizer, lr=0.05, batch_size=12, l1=0.01,
                l2=0.02)
    t.run(2)
    snap = Snapshot.from_trainer(t)
    names = net.parameter_names()
    for mode in ("batch", "sample"):
        for selected in (None, 0, names.index("W2[3,4]"), names.index("b3[1]"), net.n_params - 1):
            for phase in [None, *range(len(phases(net.n_layers)))]:
                html = render(snap, Options(mode=mode, selected=selected, phase=phase))
                assert "nan" not in plain(html)
    text = plain(render(snap, Options()))
    assert check_all_matrices(snap, text) >= {"W1", "W2", "W3", "Z3", "Δ1", "new W3"}
    new = after_step(snap)
    update_rows = {name: rows for name, _, rows in read_matrices(text)}
    assert_shows(update_rows["new W2"], new[1][0], "new W2")  # the layer without bias, after the optimizer
