"""The plots' arithmetic: decimation, NaN-joined trajectories, hit-testing a click (the network's outputs
over the history are core.predictions', tested in tests/core/test_predictions_and_trace.py)."""
import numpy as np
import pytest

from core import datasets
from gui.plots.base import _stretch
from gui.plots.data import choose_mode, heat_colours
from gui.plots.weights import decimate, nan_joined, nearest_trajectory


def test_decimate_keeps_few_rows_and_reduces_many_to_min_max_pairs():
    steps = np.arange(10)
    params = np.arange(20.0).reshape(10, 2)
    xs, ys = decimate(steps, params, buckets=8)
    assert np.array_equal(xs, steps) and np.array_equal(ys, params)  # 10 rows ≤ 2 × 8: all kept
    steps = np.arange(1000)
    params = np.column_stack([np.sin(steps / 50.0), -np.cos(steps / 70.0)])
    xs, ys = decimate(steps, params, buckets=100)
    assert xs.shape == (201,) and ys.shape == (201, 2)
    assert ys[:, 0].max() == params[:, 0].max() and ys[:, 0].min() == params[:, 0].min()  # peaks survive
    assert np.all(np.diff(xs) >= 0)
    assert xs[-1] == 999 and np.array_equal(ys[-1], params[-1])  # every line ends at its latest value


def test_decimate_draws_only_the_rows_in_view_plus_one_each_side():
    steps = np.arange(0, 100, 10)
    params = steps[:, None] * 1.0
    xs, _ = decimate(steps, params, x_range=(25, 55))
    assert list(xs) == [20, 30, 40, 50, 60]


def test_nan_joined_lays_trajectories_end_to_end():
    xs = np.array([0.0, 1.0, 2.0])
    ys = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    x, y = nan_joined(xs, ys)
    assert np.array_equal(x, [0, 1, 2, np.nan, 0, 1, 2, np.nan], equal_nan=True)
    assert np.array_equal(y, [1, 2, 3, np.nan, 10, 20, 30, np.nan], equal_nan=True)


def test_a_click_picks_the_line_nearest_in_pixels():
    steps = np.array([0, 10, 20])
    params = np.array([[0.0, 7.0, 0.0],
                       [1.0, 7.0, 10.0],
                       [2.0, 7.0, 20.0]])
    # one pixel is 0.1 step across and 0.1 value up
    assert nearest_trajectory(steps, params, 5.0, 0.52, 0.1, 0.1) == 0    # 0.2 px from the line of column 0
    assert nearest_trajectory(steps, params, 5.0, 7.3, 0.1, 0.1) == 1     # 3 px (column 2 is 16 px away)
    assert nearest_trajectory(steps, params, 5.0, 8.2, 0.1, 0.1) is None  # 12 px from column 1: too far
    # a steep line is near a click beside it even if far above it at that step
    assert nearest_trajectory(steps, params, 15.0, 15.3, 0.1, 0.1) == 2
    assert nearest_trajectory(steps[:1], params[:1], 0.0, 0.0, 0.1, 0.1) == 0  # a single row: points
    assert nearest_trajectory(steps[:0], params[:0], 0.0, 0.0, 0.1, 0.1) is None


def test_heat_colours_are_white_when_undecided_and_class_coloured_when_sure():
    colours = heat_colours(np.array([[0.0], [1.0], [-1.0]]), -1.0, 1.0)
    assert tuple(colours[0]) == (255, 255, 255)
    assert colours[1][2] > colours[1][0]  # blue for positive
    assert colours[2][0] > colours[2][2]  # orange for negative
    three = heat_colours(np.array([[1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 1.0]]), 0.0, 1.0)
    assert tuple(three[0]) == (255, 255, 255) and tuple(three[1]) != (255, 255, 255)
    assert heat_colours(np.array([[np.nan]]), 0.0, 1.0).shape == (1, 3)  # never chokes on NaN


def test_the_picture_follows_the_data():
    assert choose_mode(datasets.generate("circle")) == "plane"
    assert choose_mode(datasets.generate("gaussians", labels="onehot")) == "plane"
    assert choose_mode(datasets.generate("sine")) == "curve"
    assert choose_mode(datasets.points([[5.7]], [[50.1]])) == "steps"
    assert choose_mode(datasets.points(np.ones((10, 3)), np.ones((10, 1)))) == "fit"


def test_the_log_loss_axis_labels_only_one_two_and_five(qtbot):
    from gui.plots.loss import LossAxis
    axis = LossAxis("left")
    values = np.log10([0.1, 0.2, 0.3, 0.5, 0.9, 1.0, 20.0])
    labelled = [bool(s) for s in axis.logTickStrings(list(values), 1.0, None)]
    assert labelled == [True, True, False, True, False, True, True]
    within_a_decade = np.log10([0.6, 0.7, 0.8, 0.9, 1.0])  # only 1 of them is 1, 2 or 5 × 10^k
    assert all(axis.logTickStrings(list(within_a_decade), 1.0, None))  # so every tick keeps its label


def test_the_steps_axis_is_set_again_only_when_the_steps_outgrow_it():
    x = _stretch(np.nan, np.nan, 0, 1000, grow_right=True, room=4.0)
    assert x[0] < 0 and x[1] == pytest.approx(4000)
    # a little more training at a time: the axis (costly to redraw) stays, however small the growth
    for high in (1000.5, 1001, 1100, 2000, 3999):
        assert _stretch(*x, 0, high, grow_right=True, room=4.0) is None
    grown = _stretch(*x, 0, 4001, grow_right=True, room=4.0)  # the steps reach the edge
    assert grown[1] == pytest.approx(4 * 4001)
    # a range far too wide for the steps (e.g. after a reset) is fitted again
    assert _stretch(0, 1e6, 0, 1000, grow_right=True, room=4.0)[1] == pytest.approx(4000)


def test_the_values_axis_leaves_margins_and_follows_values_that_leave_it():
    y = _stretch(np.nan, np.nan, -1.0, 1.0, margin=0.25)
    assert y == pytest.approx((-1.5, 1.5))
    assert _stretch(*y, -1.2, 1.4, margin=0.25) is None  # still inside
    assert _stretch(*y, -1.0, 2.0, margin=0.25) == pytest.approx((-1.75, 2.75))  # left it at the top
    assert _stretch(*y, -0.01, 0.01, margin=0.25) == pytest.approx((-0.015, 0.015))  # fills too little


def test_while_playing_the_steps_axis_reaches_seconds_of_training_ahead():
    # at 30,000 steps/s the steps double from one frame to the next in the first second of a run
    x = _stretch(np.nan, np.nan, 0, 500, grow_right=True, room=2.0, ahead=90_000)
    assert x[1] == pytest.approx(90_500)
    for high in (1_000, 8_000, 60_000, 90_000):
        assert _stretch(*x, 0, high, grow_right=True, room=2.0, ahead=90_000) is None  # no redraw meanwhile


def test_a_plot_s_context_menu_is_built_on_the_first_right_click_and_works(qtbot):
    """pyqtgraph's ViewBox menu (View All, the axes' ranges) costs start-up time: it is built on demand."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from core import presets
    from gui.controller import SessionController
    from gui.plots import LossPlot
    plot = LossPlot(SessionController(presets.load("circle"), "circle"))
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)
    vb = plot.plot.getViewBox()
    assert vb.menu is None and vb.menuEnabled()  # not built yet, but a right click will ask for it
    view = plot.plot.getViewWidget()
    centre = view.mapFromScene(vb.sceneBoundingRect().center())
    at, at_global = QPointF(centre), QPointF(view.mapToGlobal(centre))
    view.mousePressEvent(QMouseEvent(QMouseEvent.MouseButtonPress, at, at_global, Qt.RightButton, Qt.RightButton,
                                     Qt.NoModifier))
    view.mouseReleaseEvent(QMouseEvent(QMouseEvent.MouseButtonRelease, at, at_global, Qt.RightButton, Qt.NoButton,
                                       Qt.NoModifier))
    assert vb.menu is not None and vb.menu.isVisible()
    view_all = next(a for a in vb.menu.actions() if a.text() == "View All")
    vb.setRange(xRange=(1e6, 2e6), yRange=(1e6, 2e6), padding=0)
    view_all.trigger()  # the menu's own action acts on the plot
    assert vb.viewRange()[0][1] < 1e6
    vb.menu.hide()
