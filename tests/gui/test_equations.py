"""The equation panel: what it shows (read back from toPlainText), step-through, linking, gradient check."""
import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTextBrowser

import core.network
from core import presets
from core.phases import phases
from gui.controller import SessionController
from gui.equations import EquationPanel
from gui.equations.format import read_matrices
from gui.equations.render import Snapshot

from tests.test_equation_render import check_all_matrices

SEED = ("5.7", "-23.1", "50.1", "-131.67", "-363.54", "-2072.178", "-8.594754")


def make_panel(qtbot, name=None):
    controller = SessionController() if name is None else SessionController(presets.load(name), name)
    panel = EquationPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(700, 850)
    return controller, panel


def shown_panel(qtbot, name):
    """A panel on screen, drawn, as a learner sees it."""
    c, panel = make_panel(qtbot, name)
    panel.show()
    qtbot.waitExposed(panel)
    return c, drawn(panel)


def count_redraws(panel, monkeypatch):
    """A list that gains an entry each time the panel redraws."""
    count = []
    real = panel.draw  # the one way the panel redraws (refresh, refresh_in_sight and the pacer call it)
    monkeypatch.setattr(panel, "draw", lambda *a: (count.append(1), real()))
    return count


def drawn(panel):
    """The panel once the event loop has run, as a learner sees it: the signals of one action are
    drawn together when the action is over."""
    QApplication.processEvents()
    return panel


def text_of(panel):
    return drawn(panel).findChild(QTextBrowser, "equationView").toPlainText()


def has_number(text, value):
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", text) is not None


def action(panel, name):
    return panel.findChild(QAction, name)


# ---- the contract: the seed's numbers --------------------------------------------------------------
def test_seed_network_shows_the_questions_numbers_then_the_next_steps(qtbot):
    c, panel = make_panel(qtbot)
    text = text_of(panel)
    for value in SEED:
        assert has_number(text, value), value
    assert "w ← w − R·a·2(a·w − y)" in text

    c.step(1)
    text = text_of(panel)
    w = -8.594753999999998
    new = w - 0.007 * 5.7 * 2 * (5.7 * w - 50.1)  # the question's own loop, second iteration
    W1 = [e for name, shape, e in read_matrices(text) if name == "W1"]
    assert W1 and W1[0] == [[pytest.approx(w, rel=1e-6)]]
    assert has_number(text, f"{5.7 * w:.7g}")
    assert [e for name, _, e in read_matrices(text) if name == "new W1"][0] == [[pytest.approx(new, rel=1e-6)]]
    assert has_number(text, "-0.6873642")  # the MATLAB table's second line, -0.68736


@pytest.mark.parametrize("name", ["circle", "gaussians", "moons", "seed-chain"])
@pytest.mark.parametrize("mode", ["batch", "sample"])
def test_shown_matrices_are_the_trace_of_the_next_step(qtbot, name, mode):
    c, panel = make_panel(qtbot, name)
    c.step(2)
    panel.set_mode(mode)
    snap = Snapshot.from_trainer(c.trainer, c.next_step())
    seen = check_all_matrices(snap, text_of(panel), mode)
    L = c.network.n_layers
    Z, D = ("z", "δ") if mode == "sample" else ("Z", "Δ")
    assert {f"W{l}" for l in range(1, L + 1)} | {f"{Z}{L}", f"{D}1", "new W1"} <= seen
    # the numbers are those of the step the trainer then takes
    nxt = c.next_step()
    c.step(1)
    assert np.array_equal(c.network.params, nxt.new_params)


def test_shapes_are_written_under_each_matrix(qtbot):
    c, panel = make_panel(qtbot, "circle")
    text = text_of(panel)
    shapes = {name: shape for name, shape, _ in read_matrices(text)}
    assert shapes["W1"] == (4, 2) and shapes["A0"] == (2, 10) and shapes["Z1"] == (4, 10)
    assert "(4×10) = (4×2)(2×10) + (4×1)" in text


@pytest.mark.parametrize("mode", ["batch", "sample"])
def test_a_narrow_panel_fits_every_matrix_without_scrolling_sideways(qtbot, mode):
    for name in ("circle", "spiral", "gaussians", "sine"):
        c, panel = make_panel(qtbot, name)
        panel.set_mode(mode)
        panel.resize(panel.minimumSizeHint().width(), 800)
        panel.show()
        qtbot.waitExposed(panel)
        c.select(c.network.n_params - 1)
        browser = drawn(panel).browser
        assert browser.document().size().width() <= browser.viewport().width(), name
        assert browser.horizontalScrollBar().maximum() == 0, name


# ---- step-through --------------------------------------------------------------------------------
def test_next_walks_the_phases_in_order_and_takes_the_step_after_the_update(qtbot):
    c, panel = make_panel(qtbot, "circle")
    expected = phases(c.network.n_layers)
    nxt = action(panel, "actionNextPhase")
    seen = []
    for _ in expected:
        nxt.trigger()
        seen.append(c.phase)
        assert expected[len(seen) - 1].title.split(":")[0] in panel.findChild(QLabel, "phaseLabel").text()
    assert seen == expected
    assert [p.kind for p in seen[:3]] == ["forward"] * 3 and seen[3].kind == "cost"
    assert [p.layer for p in seen if p.kind == "bp2"] == [2, 1]
    assert c.trainer.step_count == 0
    before = c.next_step().new_params
    nxt.trigger()  # after the update: the step is taken, and the walk starts again
    assert c.trainer.step_count == 1
    assert np.array_equal(c.network.params, before)
    assert c.phase == expected[0]
    action(panel, "actionPrevPhase").trigger()  # nothing before the first phase
    assert c.phase == expected[0]


def test_a_phase_shows_the_equations_up_to_it(qtbot):
    c, panel = make_panel(qtbot, "circle")
    all_ = phases(3)
    bp2 = all_.index(next(p for p in all_ if p.kind == "bp2"))
    c.set_phase(all_[bp2])

    def titles():
        return [line.split("   ")[0] for line in text_of(panel).splitlines()]

    assert "BP2: error of layer 2" in titles() and "BP3, BP4: gradients of layer 3" not in titles()
    assert "Next: BP2: error of layer 1 (5 more phases in this step)" in text_of(panel)
    action(panel, "actionPrevPhase").trigger()
    assert c.phase == all_[bp2 - 1]
    assert "BP2: error of layer 2" not in titles() and "BP1: output error Δ3" in titles()


def test_leaving_step_through_clears_the_phase_and_playing_leaves_it(qtbot):
    c, panel = make_panel(qtbot, "circle")
    through = action(panel, "actionStepThrough")
    through.trigger()
    assert through.isChecked() and c.phase == phases(3)[0]
    through.trigger()
    assert c.phase is None and not through.isChecked()
    action(panel, "actionNextPhase").trigger()
    c.play()  # training leaves step-through; the panel follows
    c.pause()
    assert c.phase is None and not through.isChecked()


def test_leaving_step_through_shows_the_step_from_its_top(qtbot):
    c, panel = shown_panel(qtbot, "circle")
    bar = drawn(panel).browser.verticalScrollBar()
    all_ = phases(3)
    c.set_phase(all_[-1])  # the update, far down the panel
    assert drawn(panel).browser.verticalScrollBar().value() > 0
    c.set_phase(None)
    drawn(panel)
    assert bar.value() == 0  # the header (step, settings) is in view again


def test_at_a_set_speed_the_equations_follow_each_step(qtbot, monkeypatch):
    c, panel = shown_panel(qtbot, "circle")
    count = count_redraws(panel, monkeypatch)
    c.set_speed(2)  # two steps a second, to be watched
    c._timer.start()  # playing, without the timer ticking inside the test
    try:
        for _ in range(3):
            c.pacer.entries[panel].last_draw -= 1.0  # as if the half second between two steps had passed
            c.trainer.run(1)
            c.trained.emit()
        assert len(count) == 2  # each frame redrew the step before it (the first only asked)
        c.set_speed(0)  # at full speed, the same second apart is too soon
        c.pacer.entries[panel].last_draw -= 0.5
        c.trainer.run(1)
        c.trained.emit()
        assert len(count) == 2
    finally:
        c.pause()


def test_faster_than_a_learner_reads_the_equations_are_a_glimpse_that_keeps_the_frame_rate(qtbot):
    """A redraw costing 15 ms: at 2 steps/s the panel may redraw every 30 ms (every step shows); at
    100 steps/s only every 300 ms (5 % of the time), so the frames around it keep their 60 a second."""
    from gui.equations.panel import READABLE_SPEED, REDRAW_SHARE_AT_A_FAST_SPEED, REDRAW_SHARE_AT_A_SPEED
    c, panel = shown_panel(qtbot, "circle")
    c.pacer.entries[panel].cost = 0.015
    c.set_speed(2)
    assert c.pacer.interval(panel) == pytest.approx(0.015 / REDRAW_SHARE_AT_A_SPEED)
    assert c.pacer.interval(panel) < 1 / 2
    c.set_speed(READABLE_SPEED)
    assert c.pacer.interval(panel) < 1 / READABLE_SPEED
    c.set_speed(100)
    assert c.pacer.interval(panel) == pytest.approx(0.015 / REDRAW_SHARE_AT_A_FAST_SPEED)
    assert c.pacer.entries[panel].cost == 0.015  # a new pace keeps what the panel is known to cost


def test_a_gradient_check_result_goes_when_a_step_is_taken(qtbot):
    c, panel = shown_panel(qtbot, "seed-chain")
    panel.check_gradients()
    label = panel.findChild(QLabel, "gradientCheckResult")
    assert label.isVisible()
    c.step(1)
    assert not label.isVisible()  # it was about the weights before this step


def test_auto_play_advances_by_itself(qtbot):
    c, panel = make_panel(qtbot, "seed-chain")
    panel.delay.setValue(0.2)
    action(panel, "actionAutoPlay").trigger()
    all_ = phases(2)
    qtbot.waitUntil(lambda: c.phase is not None and all_.index(c.phase) >= 2, timeout=10_000)
    action(panel, "actionAutoPlay").trigger()
    assert not panel._autoplay.isActive()


# ---- linking -------------------------------------------------------------------------------------
def test_selecting_a_weight_highlights_it_and_shows_its_chain_rule(qtbot):
    c, panel = make_panel(qtbot, "circle")
    j, k = 1, 3
    idx = c.network.parameter_index("W", 2, j, k)
    c.select(idx)
    html = drawn(panel).browser.toHtml()
    assert html.count(f'href="param:{idx}"') >= 6  # W², (W²)ᵀ, ∂C/∂W², and three times in the update
    text = text_of(panel)
    assert "Selected: W213 (W2[1,3])" in text
    line = next(x for x in text.splitlines() if x.startswith("∂C/∂W213 = Σsamples"))
    parts = line.split(" = ")
    pairs = re.findall(r"\(?(-?\d[\d.e+-]*)\)?·\(?(-?\d[\d.e+-]*)\)?", parts[2])
    trace = c.next_step().trace
    for i, (d, a) in enumerate(pairs):
        assert float(d) == pytest.approx(trace.layers[1].delta[j, i], rel=1e-6)
        assert float(a) == pytest.approx(trace.layers[0].A[k, i], rel=1e-6)
    assert float(parts[-1]) == pytest.approx(trace.layers[1].dW[j, k], rel=1e-6)
    update = next(x for x in text.splitlines() if x.startswith("W213 ← W213 − η ∂C/∂W213"))
    assert float(update.rsplit("= ", 1)[1]) == pytest.approx(c.next_step().new_params[idx], rel=1e-6)


def test_seed_chain_rule_is_the_questions_product(qtbot):
    c, panel = make_panel(qtbot)
    c.select(0)
    line = next(x for x in text_of(panel).splitlines() if x.startswith("∂C/∂W100 = δ10 · a00"))
    assert line.endswith("= (-363.54)·5.7 = -2072.178")


def _link_position(browser, href):
    """The viewport position of the link `href` in the document, found through its text fragments."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    return None


def test_clicking_an_entry_selects_that_weight(qtbot):
    c, panel = shown_panel(qtbot, "circle")
    idx = c.network.parameter_index("W", 1, 2, 1)
    pos = _link_position(drawn(panel).browser, f"param:{idx}")
    assert pos is not None
    with qtbot.waitSignal(c.selectionChanged, timeout=2000):
        qtbot.mouseClick(panel.browser.viewport(), Qt.LeftButton, pos=QPoint(pos.x(), pos.y()))
    assert c.selected == idx
    panel.browser.anchorClicked.emit(QUrl("param:3"))  # any link of the form param:N
    assert c.selected == 3


# ---- gradient check ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["circle", "gaussians", "moons"])
def test_gradient_check_agrees_and_selects_the_worst_weight(qtbot, name):
    c, panel = make_panel(qtbot, name)
    qtbot.mouseClick(panel.findChild(type(panel.check_button), "gradientCheckButton"), Qt.LeftButton)
    result = panel.last_check
    assert result is not None and result.max_relative_error < 1e-6
    assert c.selected == result.worst
    label = panel.findChild(QLabel, "gradientCheckResult").text()
    assert f"{result.max_relative_error:.2e}" in label and "agrees" in label


def test_gradient_check_reports_a_broken_backward_pass(qtbot, monkeypatch):
    c, panel = make_panel(qtbot, "circle")
    real = core.network.Network.gradients

    def broken(self, X, Y, loss="mse"):
        dW, db = real(self, X, Y, loss)
        dW[0] = dW[0] * 1.1  # a 10% mistake in ∂C/∂W¹
        return dW, db

    monkeypatch.setattr(core.network.Network, "gradients", broken)
    panel.check_gradients()
    assert panel.last_check.max_relative_error > 0.05
    assert panel.last_check.names[panel.last_check.worst].startswith("W1")
    assert "DISAGREES" in panel.findChild(QLabel, "gradientCheckResult").text()


# ---- redrawing -----------------------------------------------------------------------------------
def test_redraws_wait_for_their_interval_while_playing(qtbot, monkeypatch):
    c, panel = shown_panel(qtbot, "circle")
    count = count_redraws(panel, monkeypatch)
    c.speed = 0
    c._timer.start()  # playing, without letting the timer tick inside this loop
    try:
        for _ in range(50):
            c.trainer.run(1)
            c.trained.emit()
        assert count == []  # it drew a moment ago (when built): its interval has not passed
        c.pacer.entries[panel].last_draw -= 60  # a minute later
        c.trainer.run(1)
        c.trained.emit()
        assert len(count) == 1  # its turn came: one redraw for all the changes since
        c.trainer.run(1)
        c.trained.emit()
        assert len(count) == 1
    finally:
        c.pause()
    assert len(count) == 2  # pausing draws the step where training stopped
    snap = Snapshot.from_trainer(c.trainer, c.next_step())
    assert "W1" in check_all_matrices(snap, text_of(panel))


def test_a_redraw_while_playing_shows_the_step_after_this_frame_s_training(qtbot):
    c, panel = shown_panel(qtbot, "circle")
    c.speed = 0
    c._timer.start()  # playing, without letting the timer tick inside this test
    try:
        c.trainer.run(1)
        c.trained.emit()  # the panel asks for a turn
        c.next_step()  # between two frames something reads the next step (a tooltip, say)
        c.trainer.run(5)
        c.pacer.entries[panel].last_draw -= 60
        c.trained.emit()  # this frame's turn goes to the panel
        shown = panel.browser.toPlainText()  # (no event loop here: the timer would train on)
        snap = Snapshot.from_trainer(c.trainer, c.next_step())
    finally:
        c.pause()
    assert "W1" in check_all_matrices(snap, shown)  # the numbers of the step it says is next


def test_one_action_is_drawn_once_however_many_signals_it_sends(qtbot, monkeypatch):
    from core import edits
    c, panel = shown_panel(qtbot, "circle")
    count = count_redraws(panel, monkeypatch)
    c.select(3)
    c.apply_edit(edits.add_neuron, 1)  # a new network: its selection goes, the views rebuild
    c.load_preset("moons")  # a new document: network, settings and selection all change
    assert count == []  # nothing drawn while the actions run...
    drawn(panel)
    assert count == [1]  # ...then once, showing where they ended
    assert "The next step, 1, in matrix form" in text_of(panel) and "2 → 6 → 1" in text_of(panel)
    panel.next_phase()  # step-through: the phase and its numbers in one redraw as well
    drawn(panel)
    assert count == [1, 1]


def test_scroll_position_is_kept_across_redraws(qtbot):
    c, panel = shown_panel(qtbot, "circle")
    bar = drawn(panel).browser.verticalScrollBar()
    assert bar.maximum() > 600
    bar.setValue(600)
    redraws = c.pacer.entries[panel].last_draw
    c.step(1)
    drawn(panel)
    assert c.pacer.entries[panel].last_draw > redraws  # it was redrawn...
    assert bar.value() == 600  # ...and kept its place


def test_nothing_is_drawn_while_playing_hidden_and_the_view_catches_up_when_shown(qtbot, monkeypatch):
    c, panel = make_panel(qtbot, "circle")
    count = count_redraws(panel, monkeypatch)
    c._timer.start()
    try:
        for _ in range(5):
            c.trainer.run(1)
            c.trained.emit()
        assert count == []
    finally:
        c.pause()
    assert count == []  # still hidden: nothing to draw for
    panel.show()
    qtbot.waitExposed(panel)
    assert len(count) == 1  # shown: it draws what was missed, once
    snap = Snapshot.from_trainer(c.trainer, c.next_step())
    assert "W1" in check_all_matrices(snap, text_of(panel))


def test_large_network_view_stays_small(qtbot):
    import numpy as np_
    from core import Network, Trainer, datasets
    rng = np_.random.default_rng(0)
    data = datasets.points(rng.normal(size=(50, 20)), rng.normal(size=(50, 5)))
    trainer = Trainer(Network([20, 100, 100, 100, 100, 100, 100, 100, 5], seed=0), data, batch_size=50)
    c = SessionController(trainer, "big")
    panel = EquationPanel(c)
    qtbot.addWidget(panel)
    c.select(c.network.n_params - 1)
    assert len(drawn(panel).browser.toHtml()) < 1_000_000
    assert "Forward, layers 3–6: the same equations" in text_of(panel)


def test_the_seed_box_names_the_line_of_the_questions_table_only_while_it_is_that_run(qtbot):
    c, panel = make_panel(qtbot)
    assert "line 1 of the question's MATLAB table (w = -8.5948)" in text_of(panel)
    c.step(1)
    assert "line 2 of the question's MATLAB table (w = -0.68736)" in text_of(panel)  # the table's 2nd line
    c.step(19)
    assert "MATLAB table" not in text_of(panel)  # step 21: the question printed 20 lines
    c2, panel2 = make_panel(qtbot)
    c2.set_lr(0.01)
    assert "MATLAB table" not in text_of(panel2)  # another learning rate: not the question's run


def test_a_gradient_check_banner_goes_when_the_network_changes(qtbot):
    c, panel = make_panel(qtbot, "circle")
    panel.findChild(QPushButton, "gradientCheckButton").click()
    assert panel.last_check is not None and not panel.check_label.isHidden()
    c.load_preset("seed-scalar")
    assert panel.last_check is None and panel.check_label.isHidden()


# ---- while playing, only the parts in sight are laid out -------------------------------------------
def test_parts_in_sight_are_those_crossing_the_view_with_a_margin():
    from gui.equations.visible import MARGIN_PX, in_sight, spacer
    tops = [0, 100, 100, 500, 900, 2000]  # part 1 is empty; the page is 2000 px long
    assert in_sight(tops, 550, 900 - MARGIN_PX - 1) == [2, 3]  # part 4 begins just past the margin
    assert in_sight(tops, 550, 900 - MARGIN_PX + 1) == [2, 3, 4]  # ...or just within it
    assert in_sight(tops, 1200, 1500) == [4]
    assert in_sight(tops, 0, 50) == [0, 1, 2]  # the empty part 1 (at 100) is within the margin too
    assert spacer(0) == "" and 'line-height: 250px' in spacer(250.2)


def test_while_playing_the_panel_writes_only_the_parts_in_sight_and_keeps_the_page_s_length(qtbot):
    c, panel = shown_panel(qtbot, "circle")
    panel.refresh()  # drawn in full on screen (as after the first frames, or a pause): the parts are measured
    from gui.equations.visible import in_sight, part_tops
    full_text = panel.browser.toPlainText()
    measured = list(panel._tops)
    bar = panel.browser.verticalScrollBar()
    middle = bar.maximum() // 2
    bar.setValue(middle)
    c.speed = 0
    c._timer.start()  # playing, without letting the timer tick inside this test
    try:
        c.trainer.run(3)
        c.trained.emit()  # the panel asks for a turn
        c.pacer.entries[panel].last_draw -= 60
        c.trained.emit()  # and has it
        shown = panel.browser.toPlainText()
        snap = Snapshot.from_trainer(c.trainer, c.next_step())
        # the parts out of sight keep their height, so the first part in sight begins where it did
        # (the parts in sight may grow or shrink with their new numbers, as in a full redraw)
        first = in_sight(measured, middle, middle + panel.browser.viewport().height())[0]
        assert part_tops(panel.browser, len(measured) - 1)[first] == pytest.approx(measured[first], abs=2)
        assert bar.value() == middle  # the same place of the page shows
        assert len(shown) < 0.7 * len(full_text)  # the parts out of sight are not written...
        check_all_matrices(snap, shown)  # ...and those written are this step's
    finally:
        c.pause()
    drawn(panel)
    assert len(panel.browser.toPlainText()) >= 0.95 * len(full_text)  # paused: the whole page again


def test_gradient_check_at_rounding_level_says_so_instead_of_agreeing(qtbot):
    """The question's network after 130 steps has converged to the last bit: its one gradient is
    rounding noise, and the panel must not call two noisy values 'agrees'."""
    c, panel = make_panel(qtbot, "seed-scalar")
    c.step(130)
    result = panel.check_gradients()
    label = panel.findChild(QLabel, "gradientCheckResult").text()
    assert result.agrees is None
    assert "below what finite differences can resolve" in label and "agrees" not in label
