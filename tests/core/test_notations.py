"""The same step in four notations: every notation's numbers against the column form's."""
import numpy as np
import pytest

from core import presets
from core.exercises import Step
from core.notations import NAMES, lines, plain, values


@pytest.fixture(params=["seed-scalar", "seed-chain", "xor", "circle", "spiral", "gaussians"])
def step(request):
    trainer = presets.load(request.param)
    trainer.run(3)
    return Step.from_trainer(trainer)


def reference(step):
    """The column form from the network's own trace (core/network.py), not from core.notations."""
    return {l: step.trace[l - 1] for l in range(1, step.L + 1)}


def test_column_form_is_the_trace(step):
    ref, col = reference(step), values(step, "column")
    for l, t in ref.items():
        np.testing.assert_allclose(col[("forward", l)], t.Z, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(col[("BP4", l)], t.dW, rtol=1e-10, atol=1e-14)
        eq = "BP1" if l == step.L else "BP2"
        np.testing.assert_allclose(col[(eq, l)], t.delta, rtol=1e-10, atol=1e-14)


def test_row_form_is_the_column_form_transposed(step):
    ref, row = reference(step), values(step, "row")
    for l, t in ref.items():
        np.testing.assert_allclose(row[("forward", l)], t.Z.T, rtol=1e-12, atol=1e-14)  # Z_row = Z_colᵀ
        np.testing.assert_allclose(row[("activation", l)], t.A.T, rtol=1e-12, atol=1e-14)
        eq = "BP1" if l == step.L else "BP2"
        np.testing.assert_allclose(row[(eq, l)], t.delta.T, rtol=1e-10, atol=1e-14)  # Z.grad = Δᵀ
        np.testing.assert_allclose(row[("BP4", l)], t.dW, rtol=1e-10, atol=1e-14)  # W.grad is shaped like W
        if t.db is not None:
            np.testing.assert_allclose(row[("BP3", l)], t.db, rtol=1e-10, atol=1e-14)


def test_ng_dz_is_m_times_delta_and_the_gradients_agree(step):
    ref, ng, m = reference(step), values(step, "ng"), step.m
    for l, t in ref.items():
        np.testing.assert_allclose(ng[("forward", l)], t.Z, rtol=1e-12, atol=1e-14)
        eq = "BP1" if l == step.L else "BP2"
        np.testing.assert_allclose(ng[(eq, l)], m * t.delta, rtol=1e-10, atol=1e-13)  # dZ = m·Δ
        np.testing.assert_allclose(ng[("BP4", l)], t.dW, rtol=1e-10, atol=1e-14)  # dW = (1/m) dZ Aᵀ = Δ Aᵀ
        if t.db is not None:
            np.testing.assert_allclose(ng[("BP3", l)], t.db, rtol=1e-10, atol=1e-14)


def test_index_sums_equal_the_column_form_entry_by_entry(step):
    ref, ix = reference(step), values(step, "index")
    for l, t in ref.items():
        np.testing.assert_allclose(ix[("forward", l)], t.Z, rtol=1e-12, atol=1e-14)
        eq = "BP1" if l == step.L else "BP2"
        np.testing.assert_allclose(ix[(eq, l)], t.delta, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(ix[("BP4", l)], t.dW, rtol=1e-10, atol=1e-14)


def test_seed_scalar_by_hand_in_every_notation():
    step = Step.from_trainer(presets.load("seed-scalar"))
    delta = 2 * (-23.1 * 5.7 - 50.1)  # m = 1, so Ng's dZ equals Δ here
    for name in NAMES:
        v = values(step, name)
        assert float(np.ravel(v[("BP1", 1)])[0]) == pytest.approx(delta)
        assert float(np.ravel(v[("BP4", 1)])[0]) == pytest.approx(delta * 5.7)


def test_moved_parts_are_marked_where_they_move():
    step = Step.from_trainer(presets.load("xor"))
    row = [line.formula for line in lines(step, "row")]
    assert any("«W¹ᵀ»" in f for f in row)  # Z = X Wᵀ + b: the transpose moved onto W
    ng = [line.formula for line in lines(step, "ng") if line.equation == "BP4"]
    assert all("«(1/m)»" in f for f in ng)
    assert not any("«" in line.formula for line in lines(step, "column"))
    assert plain("Z = X «Wᵀ» + b") == "Z = X Wᵀ + b"
