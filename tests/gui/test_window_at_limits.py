"""The window at the documented limits (100,000 samples, 1,000,000 parameters, the editor's 8 × 32):
large data and many weights are drawn as a bounded number of items and points, with a note saying
how much of it is shown. Nothing here is timed: the counts are what made the window freeze."""
import numpy as np
import pyqtgraph as pg
import pytest

from gui.plots.point_sample import MAX_SHOWN, BrushCache, shown_indices


pytestmark = pytest.mark.usefixtures("private_settings")


@pytest.fixture
def window(circle_window):
    return circle_window


# ---- the sample of points ------------------------------------------------------------------
def test_all_points_are_shown_up_to_the_limit_and_a_fixed_uniform_sample_beyond():
    small = shown_indices([30, 20], limit=100)
    assert [list(r) for r in small] == [list(range(30)), list(range(20))]
    train, test = shown_indices([60_000, 40_000], limit=5_000)
    assert len(train) + len(test) == 5_000
    assert abs(len(train) - 3_000) < 150 and abs(len(test) - 2_000) < 150  # in proportion to the sizes
    for rows, n in ((train, 60_000), (test, 40_000)):
        assert np.all(np.diff(rows) > 0) and rows[0] >= 0 and rows[-1] < n  # distinct rows, in order
    # uniform: each tenth of the training rows holds about a tenth of the sample (±5 standard deviations)
    counts = np.bincount(train * 10 // 60_000, minlength=10)
    assert np.all(np.abs(counts - len(train) / 10) < 5 * np.sqrt(len(train) / 10))
    again = shown_indices([60_000, 40_000], limit=5_000)  # redraws show the same points
    assert all(np.array_equal(a, b) for a, b in zip(again, (train, test)))


def test_points_of_one_colour_share_one_brush():
    brushes = BrushCache()
    got = brushes([(255, 0, 0), (255, 0, 0), (0, 0, 255), (254, 1, 0)])
    assert got[0] is got[1] is got[3] and got[2] is not got[0]  # 254 and 1 round to 255 and 0
    assert len(brushes) == 2
    assert got[2].color().getRgb() == (0, 0, 255, 255)


# ---- the data plot at 100,000 samples --------------------------------------------------------------
def _scatter_items(plot):
    return [item for item in plot.plot.items if isinstance(item, pg.ScatterPlotItem)]


def test_the_data_plot_at_100000_samples_draws_a_stated_sample_with_few_brushes(window):
    c = window.controller
    before = len(c.trainer.data.raw_train) + len(c.trainer.data.raw_test)
    assert before < MAX_SHOWN
    c.set_data_source(samples=100_000)
    data = c.trainer.data
    assert len(data.raw_train) + len(data.raw_test) == 100_000
    plot = window.data_plot
    plot.draw()
    scatters = _scatter_items(plot)
    assert len(scatters) == 2  # the training and the test samples: no item per point
    drawn = sum(len(item.data) for item in scatters)
    assert drawn == MAX_SHOWN
    assert f"showing {MAX_SHOWN:,} of 100,000 points" in plot.caption.text()
    # every drawn point is a sample of its set, coloured by its class with a brush shared by its class
    for item, raw, Y in ((plot.train_points, data.raw_train, data.Y_train), (plot.test_points, data.raw_test,
                                                                               data.Y_test)):
        xy = np.column_stack([item.data["x"], item.data["y"]])
        rows = {tuple(p): i for i, p in enumerate(raw.tolist())}
        labels = np.array([Y[rows[tuple(p)], 0] for p in xy.tolist()])
        brushes = item.data["brush"]
        assert len({id(b) for b in brushes}) == 2
        for label in (-1.0, 1.0):
            assert len({id(b) for b in brushes[labels == label]}) == 1
    # an undo brings back the preset's samples, all drawn, and the note goes
    c.undo_stack.undo()
    plot.draw()
    assert sum(len(item.data) for item in _scatter_items(plot)) == before
    assert "showing" not in plot.caption.text()


# ---- the diagram of a large network ------------------------------------------------------------------
def test_a_matrix_of_a_million_weights_draws_a_fixed_sample_of_lines_and_keeps_every_line(qtbot):
    from gui.diagram.items import WeightLinesItem
    from gui import palette
    n_out, n_in = 1000, 1000
    y0, y1 = np.meshgrid(np.arange(n_in) * 0.5, np.arange(n_out) * 0.5)  # (n_out, n_in): entry [j, k]
    x0, x1 = np.zeros((n_out, n_in)), np.full((n_out, n_in), 100.0)
    item = WeightLinesItem(2)
    item.set_geometry(x0, y0, x1, y1)
    assert item.weight_count == 1_000_000 and item.drawn_count == WeightLinesItem.MAX_LINES
    W = np.random.default_rng(1).normal(size=(n_out, n_in))
    item.set_values(W, float(np.abs(W).max()), 3.0)
    drawn = sum(len(lines) for _, lines in item._groups)
    assert drawn == WeightLinesItem.MAX_LINES  # only the sample is painted
    # the sample is spread over the matrix: every tenth of the rows holds some of its lines
    rows = {int(line.y2() / 0.5) // 100 for _, lines in item._groups for line in lines}
    assert rows == set(range(10))
    # any weight, drawn or not, still has its line and its pen (for the selection and the pointer)
    for j, k in ((0, 0), (999, 999), (123, 456)):
        line = item.line_at(j, k)
        assert (line.x1(), line.y1(), line.x2(), line.y2()) == (0.0, k * 0.5, 100.0, j * 0.5)
        assert item.pen_at(j, k).color() == palette.weight_color(W[j, k])
    other = WeightLinesItem(2)
    other.set_geometry(x0, y0, x1, y1)
    assert np.array_equal(other._drawn_index, item._drawn_index)  # the same lines on every build


def test_at_full_speed_the_matrices_of_a_large_network_take_turns_and_pause_shows_them_all(window):
    from gui.diagram.scene import LINES_PER_DRAW
    from core import Trainer, datasets
    from core.network import Network
    c, view = window.controller, window.diagram
    c.load(Trainer(Network([2] + [32] * 8 + [1], "tanh", seed=0), datasets.generate("circle", samples=100)),
           "widest")
    lines = sum(item.drawn_count for item in view.lines.values())
    assert lines > LINES_PER_DRAW
    coloured = []
    for item in view.lines.values():
        real = item.set_values
        item.set_values = lambda *a, item=item, real=real, **k: (coloured.append(item.l), real(*a, **k))[1]
    c.set_speed(0)
    c._timer.start()  # playing at full speed, without the timer ticking inside the test
    try:
        turns = []
        for _ in range(3):
            coloured.clear()
            c.trainer.run(1)
            c.pacer.entries[view].last_draw = 0.0  # the lines are due (a frame long after the last)
            c.trained.emit()
            turns.append(list(coloured))
        assert all(0 < sum(view.lines[l].drawn_count for l in turn) < lines for turn in turns)
        assert turns[1][0] == turns[0][-1] % len(view.lines) + 1  # the next matrices in turn
        coloured.clear()
    finally:
        c.pause()
    assert sorted(coloured) == sorted(view.lines)  # on pause every matrix shows the last step


# ---- the weights plot of a large network ----------------------------------------------------------------
def test_the_weights_plot_of_a_large_network_draws_a_stated_sample_of_curves_with_the_selected_one(window):
    from core import Trainer, datasets
    from gui.plots.weights import MAX_CURVES
    from core.network import Network
    c, plot = window.controller, window.weights_plot
    c.load(Trainer(Network([2, 300, 300, 1], "tanh", seed=0), datasets.generate("circle", samples=100)), "large")
    c.step(2)
    history = c.trainer.history
    n = history.params.shape[1]
    assert n == 2 * 300 + 300 + 300 * 300 + 300 + 300 + 1

    def curves():  # (number of curves drawn, the drawn values)
        plot.draw()
        drawn = np.concatenate([item.yData for item in (plot.positive, plot.negative) if item.yData is not None])
        return int(np.isnan(drawn).sum()), drawn
    items = [item for item in plot.vb.addedItems if isinstance(item, pg.PlotDataItem)]
    assert len(items) <= 3  # positive, negative and the selected one: never an item per parameter
    count, _ = curves()
    assert count <= MAX_CURVES
    assert f"showing {count:,} of {n:,} weights and biases" in plot.caption.text()
    # a parameter outside the evenly spaced sample, once selected, is among the curves drawn
    spacing = -(-n // MAX_CURVES)
    chosen = 5 * spacing + 3
    c.select(chosen)
    count_selected, drawn = curves()
    assert count_selected == count + 1
    values = history.params[:, chosen]
    segments = np.split(drawn, np.flatnonzero(np.isnan(drawn)) + 1)
    assert any(len(s) > len(values) - 1 and np.array_equal(s[:len(values)], values) for s in segments)
    assert f"showing {count + 1:,} of {n:,}" in plot.caption.text()
    assert c.network.parameter_names()[chosen] + " = " in plot.caption.text()  # its name, made for it alone


def test_the_diagram_says_which_matrices_it_draws_a_sample_of(window, monkeypatch):
    from core import Trainer, datasets
    from core.network import Network
    from gui.diagram.items import WeightLinesItem
    monkeypatch.setattr(WeightLinesItem, "MAX_LINES", 500)
    c, view = window.controller, window.diagram
    c.load(Trainer(Network([2, 30, 30, 1], "tanh", seed=0), datasets.generate("circle", samples=100)), "wide")
    assert [item.drawn_count for item in view.lines.values()] == [60, 500, 30]
    assert "500 of the 900 of W2." in view.caption_text()  # (W² on screen: a superscript)
    assert "W1" not in view.caption_text() and "W3" not in view.caption_text()


def test_while_playing_the_status_bar_reads_the_history_instead_of_evaluating_the_network(window, monkeypatch):
    c = window.controller
    c.step(7)  # by hand: the history has a row for step 7
    c.trainer.run(3)  # three more steps without a row (as between two rows while playing)
    assert c.trainer.history.steps[-1] == 7 and c.trainer.step_count == 10
    evaluations = []
    for name in ("losses", "accuracies"):
        real = getattr(c.trainer, name)
        monkeypatch.setattr(c.trainer, name, lambda real=real: (evaluations.append(1), real())[1])
    c._timer.start()  # playing, without the timer ticking inside the test
    try:
        window.status.update()
        assert evaluations == []
        assert window.status.labels["train"].text() == f"Train loss {c.trainer.history.train_loss[-1]:.4g}"
    finally:
        c.pause()  # paused: the readout is of the current step, evaluated
    assert len(evaluations) == 2
    assert window.status.labels["train"].text() == f"Train loss {c.trainer.losses()[0]:.4g}"
