"""The first acceptance test: the question's own MATLAB table (seed-question.md)."""
import pytest

from core import presets

# As printed by MATLAB in the question (format short g: 5 significant digits).
SEED_TABLE = [-8.5948, -0.68736, 3.6233, 5.9732, 7.2542, 7.9525, 8.3332, 8.5408, 8.6539, 8.7156,
              8.7492, 8.7675, 8.7775, 8.7829, 8.7859, 8.7875, 8.7884, 8.7889, 8.7892, 8.7893]


def seed_formula(steps, r=0.007, w=-23.1, a=5.7, y=50.1):
    """The question's scalar update, w = w - r*a*2*(a*w - y), written out independently."""
    out = []
    for _ in range(steps):
        w = w - r * a * 2 * (a * w - y)
        out.append(w)
    return out


def test_seed_scalar_preset_reproduces_the_matlab_table():
    trainer = presets.load("seed-scalar")
    assert trainer.network.weights[0][0, 0] == -23.1
    ws = []
    for _ in range(20):
        trainer.run(1)
        ws.append(trainer.network.weights[0][0, 0])
    assert [float(f"{w:.5g}") for w in ws] == SEED_TABLE
    assert ws == pytest.approx(seed_formula(20), rel=1e-12)
    assert ws[-1] == 8.789302364099077  # the exact float64 value named in docs/design.md


def test_seed_scalar_history_holds_every_step_from_the_start():
    trainer = presets.load("seed-scalar")
    trainer.run(20)
    assert list(trainer.history.steps) == list(range(21))
    assert trainer.history.params[0, 0] == -23.1
    assert list(trainer.history.params[1:, 0]) == pytest.approx(seed_formula(20), rel=1e-12)
