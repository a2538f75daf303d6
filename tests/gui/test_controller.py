"""The session controller: undoable edits, settings without reset, divergence pauses."""
import numpy as np
import pytest

from core import BadInput, edits, presets
from gui import pacing
from gui.controller import SessionController


@pytest.fixture
def controller(qtbot):
    return SessionController(presets.load("circle"), "circle")


def test_default_is_the_seed_network(qtbot):
    c = SessionController()
    assert c.name == "seed-scalar"
    assert c.network.weights[0][0, 0] == -23.1


def test_undo_restores_the_exact_network_after_edits_and_training(controller):
    start = controller.network.copy()
    controller.apply_edit(edits.add_neuron, 1)
    controller.apply_edit(edits.add_layer)
    controller.step(50)
    assert controller.network.sizes == (2, 5, 2, 2, 1)
    while controller.undo_stack.canUndo():
        controller.undo_stack.undo()
    assert controller.network.sizes == start.sizes
    assert np.array_equal(controller.network.params, start.params)
    controller.undo_stack.redo()
    assert controller.network.sizes == (2, 5, 2, 1)


def test_typing_the_same_weight_twice_is_one_undo_step(controller):
    before = controller.network.weights[0][0, 0]
    controller.set_parameter("W", 1, 0, 0, 3.0)
    controller.set_parameter("W", 1, 0, 0, 4.0)
    assert controller.network.weights[0][0, 0] == 4.0
    controller.undo_stack.undo()
    assert controller.network.weights[0][0, 0] == before


def test_an_edit_the_data_cannot_train_is_refused_and_changes_nothing(controller):
    before = controller.network.copy()
    with pytest.raises(BadInput, match="softmax"):
        controller.apply_edit(edits.set_activation, 3, "softmax")
    assert controller.undo_stack.count() == 0
    assert np.array_equal(controller.network.params, before.params)


def test_learning_rate_changes_take_effect_without_reset(controller):
    controller.step(10)
    controller.set_lr(0.5)
    controller.step(1)
    assert controller.trainer.step_count == 11
    assert controller.trainer.lr == 0.5


def test_divergence_pauses_and_reports(qtbot):
    c = SessionController()
    c.set_lr(1.0)
    with qtbot.waitSignal(c.diverged, timeout=5000) as blocker:
        c.speed = 0
        c.play()
    assert not c.playing
    assert "smaller learning rate" in blocker.args[0]
    assert np.all(np.isfinite(c.network.params))


def test_next_step_predicts_the_step(controller):
    nxt = controller.next_step()
    controller.step(1)
    assert np.allclose(controller.network.params, nxt.new_params, rtol=1e-12, atol=1e-15)


def test_new_data_with_other_inputs_reshapes_the_network(controller):
    controller.set_data_source(generator="sine")
    assert controller.network.sizes[0] == 1
    assert controller.trainer.data.name == "sine"


def test_each_step_taken_by_hand_adds_a_history_row(controller):
    for _ in range(3):
        controller.step(1)
    assert list(controller.trainer.history.steps[-3:]) == [1, 2, 3]
    data = controller.trainer.data  # the cost of the current weights on the training set, computed apart
    assert controller.trainer.history.train_loss[-1] == pytest.approx(
        controller.network.loss(data.X_train, data.Y_train, "mse"), rel=1e-12)


def test_undoing_a_typed_weight_keeps_the_training_done_since(controller):
    controller.step(100)
    index = controller.network.parameter_index("W", 3, 0, 1)
    old = controller.network.params[index]
    controller.set_parameter("W", 3, 0, 1, 5.0)
    controller.step(5)
    trained = controller.network.params.copy()
    controller.undo_stack.undo()
    expected = trained.copy()
    expected[index] = old
    assert np.array_equal(controller.network.params, expected)  # only that weight went back
    assert controller.trainer.step_count == 105
    controller.undo_stack.redo()
    assert controller.network.params[index] == 5.0


def test_undoing_a_layer_edit_returns_to_that_step_of_the_run(controller):
    controller.step(300)
    rows = controller.trainer.history.count
    trained = controller.network.params.copy()
    controller.apply_edit(edits.add_neuron, 1)
    controller.step(50)
    assert controller.trainer.step_count == 50  # a new architecture is a new run
    controller.undo_stack.undo()
    assert controller.trainer.step_count == 300
    assert controller.trainer.history.count == rows  # the plots come back as they were
    assert np.array_equal(controller.network.params, trained)


def test_a_structural_edit_lets_go_of_the_selection_before_views_redraw(controller):
    seen = []
    controller.select(controller.network.n_params - 1)
    controller.networkChanged.connect(lambda: seen.append(controller.selected))
    controller.apply_edit(edits.remove_neuron, 1, 0)
    assert seen == [None] and controller.selected is None


def test_new_data_starts_a_new_run_at_step_0(controller):
    controller.apply_edit(edits.add_neuron, 1)
    controller.step(20)
    controller.set_data_source(samples=8)
    assert controller.trainer.step_count == 0
    assert controller.network.sizes == (2, 5, 2, 1)  # the network stays
    controller.step(3)
    assert controller.trainer.step_count == 3


def test_three_gaussian_classes_stay_three_from_a_one_output_network(controller):
    controller.set_data_source(generator="gaussians")
    assert controller.trainer.data.Y_train.shape[1] == 3  # one output per class (one-hot)
    assert controller.network.sizes[-1] == 3
    assert set(controller.trainer.data.Y_train.sum(axis=1)) == {1.0}


def test_a_generator_can_replace_imported_csv_data(controller, tmp_path):
    from core.csv_data import load_csv
    path = tmp_path / "d.csv"
    path.write_text("x1,x2,y\n0,0,1\n1,0,-1\n0,1,-1\n1,1,1\n")
    controller.set_data(load_csv(path, targets=["y"]))
    controller.set_data_source(generator="xor")
    assert controller.trainer.data.name == "xor"


def test_the_training_budget_keeps_training_s_share_of_a_typical_frame(controller):
    pacer, m = controller.pacer, pacing
    assert pacer.train_budget() == m.TRAIN_BUDGET_S  # nothing measured yet
    pacer.draw_times.extend([0.001] * 10)  # cheap views: the least budget, a high frame rate
    assert pacer.train_budget() == m.TRAIN_BUDGET_S
    pacer.draw_times.clear()
    pacer.draw_times.extend([0.01] * 10)  # costly views: training still gets its share
    assert pacer.train_budget() == pytest.approx(0.01 * m.TRAIN_SHARE / (1 - m.TRAIN_SHARE))
    pacer.draw_times.append(5.0)  # one very long redraw (the equations now and then) is not typical
    assert pacer.train_budget() == pytest.approx(0.01 * m.TRAIN_SHARE / (1 - m.TRAIN_SHARE))
    pacer.draw_times.extend([0.1] * m.DRAW_WINDOW)  # ...but however slow the drawing, a frame stays short
    assert pacer.train_budget() == m.FRAME_LIMIT_S


def test_the_first_frame_of_a_run_does_not_count_what_was_drawn_while_paused(controller, qtbot):
    c = controller
    c.set_speed(0)
    c.play()
    c._tick()
    c.pause()
    c.pacer.draw_times.clear()
    c.pacer.draw_times.extend([0.004] * 10)
    c.pacer._frame_start -= 2.0  # as if two seconds had passed since the last run's frame
    c.play()
    c._tick()
    c.pause()
    assert max(c.pacer.draw_times) == 0.004  # the previous run's drawing times are kept, the wait not counted


def test_at_a_learner_s_pace_every_step_of_a_frame_gets_its_history_row(controller):
    """100 steps/s at 60 frames/s is one or two steps a frame: each shows in the plots, with the
    weights and the loss it had, as the same steps run headless from the same start would give."""
    reference = presets.load("circle")
    controller.set_speed(100)
    controller._run(2, record=True)  # one frame's two steps
    controller._run(1, record=True)
    history = controller.trainer.history
    assert list(history.steps[-3:]) == [1, 2, 3]
    for step in (1, 2, 3):
        reference.run(1)
        row = list(history.steps).index(step)
        assert np.array_equal(history.params[row], reference.network.params)
        assert history.train_loss[row] == reference.train_loss()


def test_a_set_pace_is_kept_when_the_views_draw_slowly(controller):
    """A frame a quarter of a second long at 100 steps/s owes 25 steps; a step costing 4 ms (a large
    network recording each step) must not cap the frame at the 22 ms least budget (5 steps)."""
    c, m = controller, pacing
    c.set_speed(100)
    c._seconds_per_step = 0.004
    c.pacer.draw_times.extend([0.25] * 10)  # slow views: every frame spends a quarter second drawing
    c._owed, c._last_tick = 0.0, 10.0
    assert c._steps_owed(10.25) == 25  # what the pace owes for the frame, all of it
    c.pacer.draw_times.clear()
    c.pacer.draw_times.extend([0.001] * 10)  # fast views: short frames, each owing a step or two
    c._owed, c._last_tick = 0.0, 10.0
    assert c._steps_owed(10.025) == 2
    c._seconds_per_step = 0.1  # ...but a frame never trains far past its budget
    c._owed, c._last_tick = 0.0, 10.0
    assert c._steps_owed(11.0) == max(1, int(m.TRAIN_BUDGET_S / 0.1))


def test_a_frame_at_full_speed_ends_at_its_budget_when_steps_cost_more_than_lately(controller, monkeypatch,
                                                                                 stopped_clock):
    """Steps lately took 0.4 ms and now take 0.5: sized by the old cost alone, a 40 ms frame would train
    for 100 steps, 50 ms, a hitch."""
    from gui import controller as module
    c, clock = controller, stopped_clock(module)
    run = c.trainer.run

    def slower(n):
        result = run(n)
        clock.now += 0.0005 * result.steps
        return result
    monkeypatch.setattr(c.trainer, "run", slower)
    c._seconds_per_step = 0.0004
    start, first_step = clock.now, c.trainer.step_count
    result = c._run_for(0.040)
    steps = c.trainer.step_count - first_step
    assert result.steps == steps
    assert 0.040 - 0.0005 <= clock.now - start <= 0.040  # within a step of the budget
    assert c._seconds_per_step > 0.0004  # and the next frame is sized by the new cost
