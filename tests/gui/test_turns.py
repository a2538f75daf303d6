"""While training plays, the costly views take turns: one per frame at full speed, each when its interval has passed."""
import pytest

from core import presets
from gui.controller import MAX_SPEED, SessionController


class FakeView:
    """Due `lateness` seconds ago (negative: not yet); records when it drew."""

    def __init__(self, name, lateness, log):
        self.name, self.lateness, self.log = name, lateness, log

    def overdue(self, now):
        return self.lateness

    def take_turn(self):
        self.log.append(self.name)


@pytest.fixture
def playing(qtbot):
    c = SessionController(presets.load("circle"), "circle")
    c.set_speed(MAX_SPEED)
    c._timer.start()  # playing, without the timer ticking inside the test
    yield c
    c.pause()


def frame(c):
    """One frame's `trained`, as the controller emits it after training (with a history row to draw)."""
    c.trainer.run(1)
    c.trainer.record()
    c.trained.emit()


def test_at_full_speed_one_view_draws_per_frame_the_longest_overdue_first(playing):
    log = []
    views = [FakeView("loss", 0.01, log), FakeView("weights", 0.05, log), FakeView("data", 0.02, log)]
    for view in views:
        playing.turns.wait(view)
    frame(playing)
    assert log == ["weights"]
    frame(playing)
    assert log == ["weights", "data"]
    frame(playing)
    frame(playing)  # nobody waits any more
    assert log == ["weights", "data", "loss"]


def test_a_view_whose_interval_has_not_passed_keeps_waiting(playing):
    log = []
    early = FakeView("equations", -0.5, log)
    playing.turns.wait(early)
    for _ in range(5):
        frame(playing)
    assert log == [] and playing.turns.waiting(early)
    early.lateness = 0.0
    frame(playing)
    assert log == ["equations"] and not playing.turns.waiting(early)


def test_at_a_set_speed_every_due_view_draws_in_the_frame(playing):
    playing.set_speed(20)
    log = []
    for name in ("loss", "weights", "data"):
        playing.turns.wait(FakeView(name, 0.0, log))
    playing.turns.wait(FakeView("equations", -1.0, log))
    frame(playing)
    assert sorted(log) == ["data", "loss", "weights"]


def test_pausing_lets_every_waiting_view_draw_where_training_stopped(playing):
    log = []
    for name, lateness in (("loss", 0.0), ("equations", -1.0)):
        playing.turns.wait(FakeView(name, lateness, log))
    playing.pause()
    assert sorted(log) == ["equations", "loss"]


def test_the_window_s_plots_take_turns_while_playing(qtbot):
    from gui.main_window import MainWindow
    window = MainWindow("circle")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    c = window.controller
    plots = (window.loss_plot, window.weights_plot, window.data_plot)
    before = [p.redraws for p in plots]
    c.set_speed(MAX_SPEED)
    c._timer.start()
    try:
        for p in plots:
            p._last_draw = 0.0  # all overdue
        frame(c)  # the plots ask for a turn...
        frame(c)  # ...and one of them draws
        drawn = [p.redraws - b for p, b in zip(plots, before)]
        assert sorted(drawn) == [0, 0, 1]
    finally:
        c.pause()
    # pausing draws the others, so every plot shows the step where training stopped
    assert all(p.redraws > b for p, b in zip(plots, before))
    history = c.trainer.history
    assert window.loss_plot.train_curve.xData[-1] == history.steps[-1]
    window.controller.dirty = False
