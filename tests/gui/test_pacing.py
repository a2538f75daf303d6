"""The pacer decides when each view redraws: while training plays the costly views take turns, one per
frame, each when its interval has passed; cheap views follow at their own interval;
on pause every view shows where training stopped."""
import time

import pytest

from core import presets
from gui import pacing
from gui.controller import MAX_SPEED, SessionController
from gui.pacing import Pace

INTERVAL = 10.0  # long enough that no view becomes due by itself during a test
CHEAP = Pace(min_interval=INTERVAL, takes_turns=False)  # a cheap view's pace (the diagram's lines)


class FakeView:
    """Registered with a 10 s interval and drawn `lateness` seconds past it (negative: not yet due);
    records when it drew. `draw_seconds`: what the pacer believes a drawing of it takes."""

    def __init__(self, name, lateness, log, pacer=None, pace=Pace(min_interval=INTERVAL), draw_seconds=None):
        self.name, self.log, self.pacer = name, log, pacer
        self.visible = True
        if pacer is not None:
            pacer.register(self, pace)
            self.lateness = lateness
            if draw_seconds is not None:
                pacer.entries[self].draw_seconds = draw_seconds

    @property
    def lateness(self):
        return pacing.time.perf_counter() - self.pacer.entries[self].last_draw - INTERVAL

    @lateness.setter
    def lateness(self, value):
        self.pacer.entries[self].last_draw = pacing.time.perf_counter() - INTERVAL - value

    def isVisible(self):
        return self.visible

    def draw(self):
        self.log.append(self.name)


@pytest.fixture
def playing(qtbot):
    c = SessionController(presets.load("circle"), "circle")
    c.set_speed(MAX_SPEED)
    c._timer.start(24 * 3600 * 1000)  # playing, without the timer ticking inside the test
    yield c
    c.pause()


def frame(c):
    """One frame's `trained`, as the controller emits it after training (with a history row to draw)."""
    c.trainer.run(1)
    c.trainer.record()
    c.trained.emit()


def test_at_full_speed_one_view_draws_per_frame_the_longest_overdue_first(playing):
    log = []
    views = [FakeView("loss", 0.01, log, playing.pacer), FakeView("weights", 0.05, log, playing.pacer), FakeView("data", 0.02, log, playing.pacer)]
    for view in views:
        playing.pacer.request(view)
    frame(playing)
    assert log == ["weights"]
    frame(playing)
    assert log == ["weights", "data"]
    frame(playing)
    frame(playing)  # nobody waits any more
    assert log == ["weights", "data", "loss"]


def test_a_view_whose_interval_has_not_passed_keeps_waiting(playing):
    log = []
    early = FakeView("equations", -0.5, log, playing.pacer)
    playing.pacer.request(early)
    for _ in range(5):
        frame(playing)
    assert log == [] and playing.pacer.waiting(early)
    early.lateness = 0.0
    frame(playing)
    assert log == ["equations"] and not playing.pacer.waiting(early)


def test_at_a_set_speed_views_take_turns_and_ticks_without_a_step_serve_them(playing):
    """1 step/s: the step's frame gives one view its turn, the ticks after it (no step owed) the
    others, so every view shows the step a few ticks after it is taken, one redraw per tick."""
    playing.set_speed(1)
    log = []
    for name, lateness in (("loss", 0.03), ("weights", 0.02), ("data", 0.01)):
        playing.pacer.request(FakeView(name, lateness, log, playing.pacer))
    late = FakeView("equations", -1.0, log, playing.pacer)
    playing.pacer.request(late)
    frame(playing)
    assert log == ["loss"]
    playing.pacer.tick_without_steps()
    assert log == ["loss", "weights"]
    playing._last_tick, playing._owed = time.perf_counter(), 0.0
    steps = playing.trainer.step_count
    playing._tick()  # the controller's own tick, owing no step a few milliseconds after the last
    assert log == ["loss", "weights", "data"] and playing.trainer.step_count == steps
    playing._tick()
    assert log == ["loss", "weights", "data"] and playing.pacer.waiting(late)  # not due: it waits


def test_pausing_lets_every_waiting_view_draw_where_training_stopped(playing):
    log = []
    for name, lateness in (("loss", 0.0), ("equations", -1.0)):
        playing.pacer.request(FakeView(name, lateness, log, playing.pacer))
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
        for view, entry in c.pacer.entries.items():  # the plots all overdue, the other views not due
            entry.last_draw = 0.0 if view in plots else time.perf_counter()
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


def test_a_cheap_view_draws_at_its_own_interval_and_on_pause(playing):
    log = []
    cheap = FakeView("status", -1.0, log, playing.pacer, CHEAP)
    costly = FakeView("plot", 1.0, log, playing.pacer)
    playing.pacer.request(costly)
    playing.pacer.request(cheap)  # not due: it waits...
    assert log == []
    cheap.lateness = 0.5
    frame(playing)  # ...and draws at the first frame after its interval, beside the costly view's turn
    assert sorted(log) == ["plot", "status"]
    playing.pacer.request(cheap)
    playing.pause()
    assert log[-1] == "status"  # on pause it shows where training stopped


def test_a_hidden_view_draws_nothing_until_shown(playing):
    log = []
    view = FakeView("weights", 1.0, log, playing.pacer)
    view.visible = False
    playing.pacer.request(view)
    frame(playing)
    playing.pause()
    assert log == []
    view.visible = True
    playing.pacer.shown(view)
    assert log == ["weights"]
    playing.pacer.shown(view)  # nothing new since: no second drawing
    assert log == ["weights"]


def test_when_idle_a_view_draws_at_once_or_once_the_action_is_over(qtbot):
    c = SessionController(presets.load("circle"), "circle")
    log = []
    now = FakeView("plot", 0.0, log, c.pacer)
    later = FakeView("equations", 0.0, log, c.pacer, Pace(when_idle="coalesce"))
    for _ in range(3):
        c.pacer.request(now)
        c.pacer.request(later)
    assert log == ["plot"] * 3
    qtbot.waitUntil(lambda: "equations" in log)
    assert log.count("equations") == 1  # three changes of one action: drawn once


def test_the_interval_grows_with_the_cost_of_drawing(playing):
    log = []
    view = FakeView("equations", 0.0, log, playing.pacer, Pace(min_interval=1.0, max_share=0.03,
                                                            min_interval_at_a_speed=0.0, max_share_at_a_speed=0.5))
    playing.pacer.entries[view].cost = 0.09
    assert playing.pacer.interval(view) == pytest.approx(3.0)  # 90 ms at 3% of the time
    playing.pacer.entries[view].cost = 0.001
    assert playing.pacer.interval(view) == pytest.approx(1.0)  # never more often than min_interval
    playing.set_speed(10)
    playing.pacer.entries[view].cost = 0.09
    assert playing.pacer.interval(view) == pytest.approx(0.18)  # at a set speed: half of the time


def test_a_new_view_draws_when_first_shown_even_if_nothing_changed_since(qtbot):
    c = SessionController(presets.load("circle"), "circle")
    log = []
    view = FakeView("weights", 0.0, log, c.pacer)  # registered after the controller's signals...
    c.pacer.shown(view)  # ...it still has its first drawing to make when shown
    assert log == ["weights"]


def test_a_frame_before_a_costly_turn_trains_less_so_the_two_stay_under_the_frame_limit(playing):
    pacer = playing.pacer
    pacer.draw_times.extend([0.008] * 10)  # a typical frame draws 8 ms: 24 ms of training
    typical = pacer.train_budget()
    assert typical == pytest.approx(0.008 * pacing.TRAIN_SHARE / (1 - pacing.TRAIN_SHARE))
    log = []
    equations = FakeView("equations", -1.0, log, pacer, draw_seconds=0.030)  # a 30 ms redraw...
    pacer.request(equations)
    assert pacer.train_budget() == typical  # ...not due yet: the frame trains as usual
    equations.lateness = 0.0
    assert pacer.train_budget() == pytest.approx(pacing.FRAME_LIMIT_S - 0.030)  # due: what the limit leaves
    frame(playing)
    assert log == ["equations"] and pacer.train_budget() == typical  # drawn: back to the usual budget


def test_what_qt_painted_since_the_last_frame_counts_against_this_frame_s_limit(playing, stopped_clock):
    """A pass of Qt's event loop paints what the last frame drew, then trains: the two make one frame."""
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    pacer.draw_times.extend([0.008] * 10)
    pacer.frame_ended(clock.now)
    typical = pacer.train_budget()  # nothing painted yet
    pacer.frame_ended(clock.now - 0.025)  # Qt has been painting for 25 ms
    assert pacer.train_budget() == pytest.approx(pacing.FRAME_LIMIT_S - 0.025)
    assert pacer.train_budget() < typical
    pacer.frame_ended(clock.now - 0.060)  # longer than the limit: the least training
    assert pacer.train_budget() == pacing.MIN_TRAIN_S


def test_the_turn_planned_with_the_budget_is_the_one_drawn(playing, stopped_clock):
    """Training leaves room for one view's redraw; a costlier view becoming more overdue meanwhile
    does not take its place (it would make the frame a hitch)."""
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    log = []
    cheap = FakeView("cheap plot", 0.1, log, pacer, draw_seconds=0.005)
    costly = FakeView("equations", -0.5, log, pacer, draw_seconds=0.030)
    pacer.request(cheap)
    pacer.request(costly)
    pacer.frame_ended(clock.now)
    pacer.train_budget()  # plans the cheap plot's turn: the equations are not due
    costly.lateness = 1.0  # ...but while training, the equations fall further behind
    frame(playing)
    assert log == ["cheap plot"]
    frame(playing)
    assert log == ["cheap plot", "equations"]  # their own turn comes next


def test_a_costly_turn_without_room_in_the_frame_waits_for_a_frame_with_room(playing, stopped_clock):
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    log = []
    equations = FakeView("equations", 0.1, log, pacer, draw_seconds=0.030)
    pacer.request(equations)
    for lateness in (0.1, pacing.STARVED_S):  # however overdue
        equations.lateness = lateness
        pacer.frame_ended(clock.now - 0.025)  # 25 ms painted: 30 ms more would make 55
        assert pacer.train_budget() > pacing.MIN_TRAIN_S  # the frame trains instead...
        frame(playing)
        assert log == [] and pacer.waiting(equations)  # ...and the turn waits
    pacer.frame_ended(clock.now)
    pacer.train_budget()
    frame(playing)
    assert log == ["equations"]  # a frame with room


def test_a_view_longer_than_any_frame_draws_once_it_starves(playing, stopped_clock):
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    log = []
    page = FakeView("whole page", 0.1, log, pacer, draw_seconds=0.080)
    pacer.request(page)
    pacer.frame_ended(clock.now)
    assert pacer.train_budget() > pacing.MIN_TRAIN_S
    frame(playing)
    assert log == []  # no frame has room for it...
    page.lateness = pacing.STARVED_S
    pacer.frame_ended(clock.now)
    assert pacer.train_budget() == pacing.MIN_TRAIN_S
    frame(playing)
    assert log == ["whole page"]  # ...so once a second overdue it draws, with the least training


def test_at_full_speed_turns_wait_while_drawing_has_had_its_share_unless_a_view_starves(playing):
    pacer = playing.pacer
    log = []
    plot = FakeView("plot", 0.1, log, pacer)
    pacer.request(plot)
    now = time.perf_counter()
    pacer._recent.extend([(now, 0.015, 0.030)] * 10)  # the last frames spent half their time drawing
    assert pacer.drawing_share() == pytest.approx(0.5)
    assert pacer.drawing_share() > pacing.MAX_DRAW_SHARE
    frame(playing)
    assert log == [] and pacer.waiting(plot)  # the turn waits: training gets its share back
    pacer._recent.clear()
    pacer._recent.extend([(time.perf_counter(), 0.005, 0.030)] * 10)  # a sixth: below the share
    frame(playing)
    assert log == ["plot"]
    pacer._recent.clear()
    pacer._recent.extend([(time.perf_counter(), 0.015, 0.030)] * 10)
    plot.lateness = pacing.STARVED_S  # overdue this long, a view draws whatever the share
    pacer.request(plot)
    frame(playing)
    assert log == ["plot", "plot"]


def test_at_a_set_speed_turns_do_not_wait_for_the_drawing_share(playing):
    """A set pace leaves time to spare: drawing then takes what it needs."""
    playing.set_speed(100)
    log = []
    plot = FakeView("plot", 0.1, log, playing.pacer)
    playing.pacer.request(plot)
    playing.pacer._recent.extend([(time.perf_counter(), 0.015, 0.030)] * 10)
    frame(playing)
    assert log == ["plot"]


def test_a_cheap_view_due_before_training_ends_is_left_room_for(playing, stopped_clock):
    """The diagram's lines (a cheap view) fall due while the frame trains: they draw after it, so the
    budget leaves them room even though they are not due when it is set."""
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    pacer.draw_times.extend([0.008] * 10)
    log = []
    lines = FakeView("lines", -1.0, log, pacer, pace=CHEAP, draw_seconds=0.025)
    pacer.request(lines)
    pacer.frame_ended(clock.now)
    typical = pacer.train_budget()
    lines.lateness = -typical / 2  # due halfway through the training
    assert pacer.train_budget() == pytest.approx(pacing.FRAME_LIMIT_S - 0.025)
    assert pacer.train_budget() < typical


def _taking(clock, seconds):
    """A draw() that takes `seconds` on the stopped clock."""
    def draw():
        clock.now += seconds
    return draw


def test_a_frame_leaves_a_view_room_for_the_longest_of_its_last_few_drawings(playing, stopped_clock):
    """A view whose cost varies (the equations' parts in sight) is planned for as it was at its worst
    lately, not as it happened to be last time."""
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    view = FakeView("equations", 0.0, [], pacer)
    entry = pacer.entries[view]
    for cost in [0.020, 0.005] + [0.001] * pacing.COST_MEMORY:
        view.draw = _taking(clock, cost)
        pacer.draw_now(view)
        if cost == 0.005:
            assert entry.draw_seconds == pytest.approx(0.020)  # the one before the last took 20 ms
    assert entry.draw_seconds == pytest.approx(0.001)  # forgotten once it is past


def test_what_a_view_drew_paused_stands_in_only_until_it_draws_while_playing(playing, stopped_clock):
    """Paused, the equations draw their whole page (some 100 ms); playing, only the parts in sight."""
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    view = FakeView("equations", 0.0, [], pacer)
    entry = pacer.entries[view]
    playing._timer.stop()  # paused
    view.draw = _taking(clock, 0.100)
    pacer.draw_now(view)
    assert entry.draw_seconds == pytest.approx(0.100)  # all it knows so far
    playing._timer.start(24 * 3600 * 1000)
    view.draw = _taking(clock, 0.020)
    pacer.draw_now(view)
    assert entry.draw_seconds == pytest.approx(0.020)  # the page paused no longer counts
    playing._timer.stop()
    view.draw = _taking(clock, 0.100)
    pacer.draw_now(view)
    assert entry.draw_seconds == pytest.approx(0.020)  # nor does the next one


def test_a_cheap_view_without_room_in_the_frame_waits_for_the_next(playing, stopped_clock):
    clock = stopped_clock(pacing)
    pacer = playing.pacer
    log = []
    lines = FakeView("lines", 0.1, log, pacer, pace=CHEAP, draw_seconds=0.010)
    pacer.frame_ended(clock.now - 0.035)  # 35 ms painted: 10 more would make 45
    pacer.request(lines)
    frame(playing)
    assert log == []
    pacer.frame_ended(clock.now)
    frame(playing)
    assert log == ["lines"]
