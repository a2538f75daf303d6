"""LaTeX of a step: well formed (braces and environments balanced), every matrix's entries are the
trace's numbers, large matrices elided with their shapes kept; compiled when pdflatex exists."""
import re
import shutil
import subprocess

import numpy as np
import pytest

from core import datasets, latex, presets
from core.network import Network
from core.phases import Phase, phases
from core.trainer import Trainer


def _trainers():
    xor = datasets.generate("xor", samples=12, test_fraction=0.25, seed=1, labels="01")
    gauss = datasets.generate("gaussians", samples=12, seed=1, labels="onehot")
    yield presets.load("seed-scalar")
    yield presets.load("circle")
    yield Trainer(Network([2, 3, 1], ["relu", "sigmoid"], seed=1), xor, loss="binary_cross_entropy",
                  optimizer="adam", lr=0.01, batch_size=4, l2=0.01)
    yield Trainer(Network([2, 3, 3], ["leaky_relu", "softmax"], bias=[False, True], seed=2), gauss,
                  loss="cross_entropy", optimizer="momentum", lr=0.1, batch_size=5, l1=0.01)


def _balanced(text):
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    assert re.findall(r"\\begin\{(\w+\*?)\}", text) and \
        sorted(re.findall(r"\\begin\{(\w+\*?)\}", text)) == sorted(re.findall(r"\\end\{(\w+\*?)\}", text))


def _matrices(text):
    """Every bmatrix in order, as (entries as text rows, shape under it)."""
    found = []
    for body, r, c in re.findall(r"\\underbrace\{\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}\}_\{(\d+)\\times (\d+)\}", text):
        rows = [[cell.strip() for cell in row.split("&")] for row in body.split(r" \\ ")]
        found.append((rows, (int(r), int(c))))
    return found


def _value(cell):
    m = re.fullmatch(r"(-?[0-9.]+)(?:\\times 10\^\{(-?\d+)\})?", cell)
    assert m, cell
    return float(m[1]) * (10.0 ** int(m[2]) if m[2] else 1.0)


def _exact(rows):
    return np.array([[_value(c) for c in row] for row in rows])


@pytest.mark.parametrize("index", range(4))
def test_every_phase_is_well_formed(index):
    trainer = list(_trainers())[index]
    trainer.run(3)
    step = latex.Step.from_trainer(trainer)
    whole = latex.step_latex(step)
    _balanced(whole)
    _balanced(latex.document(whole))
    for p in phases(trainer.network.n_layers):
        part = latex.phase_latex(step, p)
        _balanced(part)
        assert part in whole


def test_forward_matrices_are_the_traces_numbers():
    trainer = presets.load("circle")
    step = latex.Step.from_trainer(trainer)
    text = latex.phase_latex(step, Phase("forward", 1), digits=17, max_entries=100)
    (W, sW), (A0, sA), (b, sb), (Z, sZ), (A1, _) = _matrices(text)
    t = step.trace
    assert sW == (4, 2) and sA == (2, 10) and sb == (4, 1) and sZ == (4, 10)
    assert np.array_equal(_exact(W), trainer.network.weights[0])
    assert np.array_equal(_exact(A0), t.A0)
    assert np.array_equal(_exact(b)[:, 0], trainer.network.biases[0])
    assert np.array_equal(_exact(Z), t[0].Z) and np.array_equal(_exact(A1), t[0].A)


def test_backprop_matrices_are_the_traces_numbers_and_the_update_is_sgds():
    trainer = presets.load("seed-chain")
    trainer.run(2)
    step = latex.Step.from_trainer(trainer)
    t = step.trace
    bp2 = _matrices(latex.phase_latex(step, Phase("bp2", 1), digits=17))
    assert np.array_equal(_exact(bp2[0][0]), trainer.network.weights[1].T)
    assert np.array_equal(_exact(bp2[1][0]), t[1].delta) and np.array_equal(_exact(bp2[-1][0]), t[0].delta)
    grads = _matrices(latex.phase_latex(step, Phase("gradients", 2), digits=17))
    assert np.array_equal(_exact(grads[-1][0]), t[1].dW)
    update = _matrices(latex.phase_latex(step, Phase("update", None), digits=17))
    old, g, new = (_exact(rows) for rows, _ in update[:3])
    assert np.array_equal(new, old - trainer.lr * g)  # W ← W − η G, from the text's own numbers


def test_the_question_s_first_step_reads_as_its_numbers():
    step = latex.Step.from_trainer(presets.load("seed-scalar"))
    text = latex.step_latex(step)
    assert "5.7" in text and "-23.1" in text and "-8.595" in text  # w after one step: −8.5948
    assert r"\tfrac{2}{1}" in text  # ∂C/∂a = 2(a − y) for one sample


def test_large_matrices_are_elided_with_their_shape():
    trainer = presets.load("circle")
    trainer.batch_size = 50
    step = latex.Step.from_trainer(trainer)
    text = latex.phase_latex(step, Phase("forward", 1), max_entries=8)
    rows, shape = _matrices(text)[1]
    assert shape == (2, 50) and len(rows[0]) == 8 and r"\cdots" in rows[0]
    assert _value(rows[0][0]) == pytest.approx(step.trace.A0[0, 0], rel=1e-3)
    assert _value(rows[0][-1]) == pytest.approx(step.trace.A0[0, -1], rel=1e-3)


@pytest.mark.skipif(not shutil.which("pdflatex"), reason="pdflatex is not installed")
def test_the_document_compiles(tmp_path):
    step = latex.Step.from_trainer(presets.load("circle"))
    (tmp_path / "step.tex").write_text(latex.document(latex.step_latex(step)))
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "step.tex"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
