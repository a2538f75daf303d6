"""The bounded history: evenly spaced rows over the whole run, and a version that changes with them."""
import numpy as np
import pytest

from core import BadInput, presets
from core.history import History


def fill(history, steps):
    for step in steps:
        history.record(step, float(step), float(-step), np.full(history.n_params, float(step)))


def test_rows_due_by_the_stride_stay_evenly_spaced_over_the_whole_run():
    h = History(3, capacity=8)
    step = 0
    while step < 1000:  # as the trainer records: at every due step
        fill(h, [step])
        step = h.next_due(step + 1)
    assert h.count <= 8
    gaps = set(np.diff(h.steps))
    assert gaps == {h.stride // 2} or gaps == {h.stride}  # one spacing from the first row to the last
    assert h.steps[0] == 0 and h.steps[-1] > 1000 - 2 * h.stride
    assert list(h.train_loss) == [float(s) for s in h.steps]
    assert np.array_equal(h.params[:, 0], h.steps.astype(float))


def test_rows_added_between_due_steps_stay_bounded_and_ordered():
    h = History(1, capacity=8)
    fill(h, range(0, 5000))  # a learner stepping by hand: a row every step
    assert h.count <= 8
    assert h.steps[0] == 0 and np.all(np.diff(h.steps) > 0)
    assert h.steps[-1] == 4999  # the newest step is always there to draw
    assert np.array_equal(h.params, np.repeat(h.steps[:, None].astype(float), 1, axis=1))  # each row moved whole
    assert h.stride <= 8192  # the stride grows with the run, not without bound


def test_every_change_of_the_rows_changes_the_version():
    h = History(1, capacity=4)
    fill(h, range(4))
    before = h.version
    h.record(5, 5.0, 5.0, np.zeros(1))  # full: every other row goes, then 5 comes
    assert list(h.steps) == [0, 2, 5]
    assert h.version != before  # the rows moved, so views must redraw
    before = h.version
    h.drop_last()
    assert list(h.steps) == [0, 2] and h.version != before


def test_a_copy_is_independent():
    h = History(2, capacity=4)
    fill(h, range(3))
    twin = h.copy()
    fill(h, [3])
    assert twin.count == 3 and h.count == 4


def test_restoring_a_run_refuses_a_position_outside_the_data():
    trainer = presets.load("circle")
    trainer.run(30)
    state = trainer.run_state()
    trainer.restore_run(state)  # its own state is fine
    bad = state.__class__(state.step, state.epoch, len(trainer.data.X_train), state.optimizer, None)
    with pytest.raises(BadInput, match="outside"):
        trainer.restore_run(bad)


def test_a_run_after_a_divergence_starts_with_the_flag_down():
    trainer = presets.load("seed-scalar")
    trainer.lr = 1.0
    assert trainer.run(1000).diverged and trainer.diverged
    trainer.lr = 0.001
    assert not trainer.run(5).diverged and not trainer.diverged


def test_thinning_keeps_the_grid_and_gives_up_rows_it_cannot_fit():
    h = History(n_params=10, capacity=64)
    for step in range(0, 200):
        h.record(step, 1.0 / (step + 1), np.nan, np.full(10, float(step)))
    rows, stride = h.count, h.stride
    thin = h.thinned(150)  # 15 rows of 10 values at most
    assert thin.count * 10 <= 150 and thin.count > 0
    assert np.all(np.isin(thin.steps, h.steps)) and np.all(thin.steps % thin.stride == 0)
    assert np.array_equal(thin.params[:, 0], thin.steps.astype(float))  # each row still its own step's
    assert (h.count, h.stride) == (rows, stride)  # the original is untouched
    assert h.thinned(5).count == 0  # a row of 10 values does not fit in 5
