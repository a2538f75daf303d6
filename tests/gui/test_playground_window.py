"""Playground's features in the window: feature toggles in the diagram, drawing data on the Data plot,
Show test data / Discretize output, presets at their pace, Train ▸ Run to step / until a loss."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from core import features, presets


pytestmark = pytest.mark.usefixtures("private_settings")


@pytest.fixture
def window(circle_window):
    return circle_window


def chip(window, name):
    return window.diagram.buttons[("feature", name)]


def click_plot(qtbot, window, x, y, modifier=Qt.NoModifier):
    """A real mouse click on the Data plot at data coordinates (x, y)."""
    plot = window.data_plot
    vb = plot.plot.getViewBox()
    scene_pos = vb.mapViewToScene(QPointF(x, y))
    widget = plot.widget
    qtbot.mouseClick(widget.viewport(), Qt.LeftButton, modifier, widget.mapFromScene(scene_pos))


def test_feature_chips_set_layer_0_and_the_equations_show_the_map(window):
    c = window.controller
    assert {n for n in features.NAMES if chip(window, n).on} == {"x1", "x2"}
    chip(window, "x1^2").action()
    assert c.trainer.data.features == ("x1", "x2", "x1^2") and c.network.sizes[0] == 3
    assert chip(window, "x1^2").on  # the diagram was built again with the new input layer
    P = c.trainer.data.raw_train
    np.testing.assert_array_equal(c.trainer.data.X_train[:, 2], P[:, 0] ** 2)
    window.equations.refresh()
    assert "φ(P)" in window.equations.browser.toPlainText()
    chip(window, "x1").action()
    chip(window, "x1^2").action()
    assert c.trainer.data.features == ("x2",) and c.network.sizes[0] == 1
    assert not chip(window, "x2").enabled  # the last input cannot go
    chip(window, "x1").action()
    assert c.trainer.data.features == () and c.network.sizes[0] == 2  # back to the raw point
    assert c.undo_stack.undoText() == "input features x₁, x₂"
    c.undo_stack.undo()
    assert c.trainer.data.features == ("x2",) and c.network.sizes[0] == 1
    assert not chip(window, "x2").enabled


def test_no_feature_chips_for_one_input(window):
    window.new_session("sine")
    assert not [k for k in window.diagram.buttons if isinstance(k, tuple) and k[0] == "feature"]


def test_drawing_points_by_clicking_is_undoable_and_saved(window, qtbot, tmp_path):
    c, d = window.controller, window.controls.data
    window.new_session("two-gaussians")
    d.generator.activated.emit(d.generator.findData("drawn-binary"))
    assert c.trainer.data.source["generator"] == "drawn"
    n = len(c.trainer.data.source["points"])
    assert n == 500  # the points that were on the plot, kept with their classes
    click_plot(qtbot, window, 1.0, -3.0)
    click_plot(qtbot, window, -1.0, 3.0, Qt.ShiftModifier)
    source = c.trainer.data.source
    assert len(source["points"]) == n + 2 and source["values"][-2:] == [1.0, -1.0]
    assert np.allclose(source["points"][-2], [1.0, -3.0], atol=0.2)
    click_plot(qtbot, window, -1.0, 3.0, Qt.ControlModifier)  # removes the nearest: the one just added
    assert len(c.trainer.data.source["points"]) == n + 1
    c.undo_stack.undo()
    assert len(c.trainer.data.source["points"]) == n + 2
    c.undo_stack.undo()
    c.undo_stack.undo()
    assert len(c.trainer.data.source["points"]) == n
    c.undo_stack.redo()
    c.step(5)
    path = tmp_path / "drawn.json"
    c.save(str(path))
    window.new_session("circle")
    c.open(str(path))
    assert c.trainer.data.source["generator"] == "drawn" and len(c.trainer.data.source["points"]) == n + 1
    assert d.generator.currentData() == "drawn-binary"


def test_drawn_regression_points_take_the_target_sliders_value(window, qtbot):
    c, d = window.controller, window.controls.data
    window.new_session("plane")
    d.generator.activated.emit(d.generator.findData("drawn-regression"))
    assert window.data_plot.mode == "plane" and d.target.isVisible()
    d.target.setValue(-40)
    click_plot(qtbot, window, 2.0, 2.0)
    assert c.trainer.data.source["values"][-1] == -0.4
    d.clear.click()
    assert c.trainer.data.source["points"] == [[0.0, 0.0]]
    c.undo_stack.undo()
    assert c.trainer.data.source["values"][-1] == -0.4


def test_show_test_data_and_discretize_follow_the_toggles_and_the_session(window, tmp_path):
    c, d, plot = window.controller, window.controls.data, window.data_plot
    assert not d.show_test.isChecked() and not plot.test_points.isVisible()  # circle: Playground's default
    d.show_test.setChecked(True)
    assert c.view["show_test"] and plot.test_points.isVisible()
    d.discretize.setChecked(True)
    plot.draw()
    colours = {tuple(px) for px in plot.image.image.reshape(-1, 3)}
    assert len(colours) <= 2  # the sign only: one colour per side
    path = tmp_path / "v.json"
    c.save(str(path))
    window.new_session("xor")
    c.open(str(path))
    assert d.show_test.isChecked() and d.discretize.isChecked() and c.view == {"show_test": True, "discretize": True}


def test_presets_open_at_their_pace_with_full_speed_at_the_end_of_the_slider(window):
    assert window.controller.speed == presets.view("circle")["speed"] == 100
    slider = window.speed.slider
    slider.setValue(slider.maximum())
    assert window.controller.full_speed
    window.new_session("seed-scalar")
    assert window.controller.speed == 10  # the question's network keeps its step-by-step pace


def test_run_to_step_20_stops_exactly_there(window, qtbot):
    window.new_session("seed-scalar")
    c = window.controller
    c.set_speed(0)
    c.run_to_step(20)
    qtbot.waitUntil(lambda: not c.playing, timeout=10_000)
    assert c.trainer.step_count == 20
    assert c.network.weights[0][0, 0] == pytest.approx(8.789302364099077, rel=1e-12)


def test_run_until_test_loss_stops_at_the_goal(window, qtbot):
    window.new_session("two-gaussians")
    c = window.controller
    c.set_speed(0)
    c.run_until_loss(0.05)
    qtbot.waitUntil(lambda: not c.playing, timeout=20_000)
    assert c.trainer.test_loss() <= 0.05 and c.goal is None
