"""The network-diagram editor, used as a person would: clicks, double-clicks, hover, context menus."""
import numpy as np
import pytest

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from core import edits, presets
from core.network import Network
from core.phases import Phase
from gui import palette
from gui.controller import SessionController
from gui.diagram import DiagramView
from gui.diagram import layout as geometry
from gui.diagram.layout import Hit


def make_view(qtbot, preset="circle", size=(1000, 600)):
    controller = SessionController(presets.load(preset), preset)
    view = DiagramView(controller)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return controller, view


@pytest.fixture
def circle(qtbot):
    return make_view(qtbot)


def at(view, scene_point):
    return view.mapFromScene(scene_point)


def click(qtbot, view, scene_point, button=Qt.LeftButton):
    qtbot.mouseClick(view.viewport(), button, pos=at(view, scene_point))


def click_button(qtbot, view, key):
    click(qtbot, view, view.buttons[key].scenePos())


def action(menu, text):
    """The action whose text starts with `text`, looking into submenus too."""
    for a in menu.actions():
        if a.text().startswith(text):
            return a
        if a.menu():
            found = action(a.menu(), text)
            if found:
                return found
    return None


def show_tooltip(view, scene_point):
    pos = at(view, scene_point)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.ToolTip, pos, view.viewport().mapToGlobal(pos)))
    return QToolTip.text()


def test_build_2_3_1_by_clicking_and_undo_back_to_the_exact_start(qtbot, circle):
    controller, view = circle
    start = controller.network.copy()
    assert start.sizes == (2, 4, 2, 1)
    click_button(qtbot, view, "remove_layer")            # the − above the network
    assert controller.network.sizes == (2, 4, 1)
    assert view.header.text() == "1 hidden layer"
    click_button(qtbot, view, ("remove_neuron", 1))      # the − of layer 1
    assert controller.network.sizes == (2, 3, 1)
    assert [len(column) for column in view.neurons] == [2, 3, 1]
    click_button(qtbot, view, ("add_neuron", 1))
    click_button(qtbot, view, ("remove_neuron", 1))
    assert controller.network.sizes == (2, 3, 1)
    while controller.undo_stack.canUndo():
        controller.undo_stack.undo()
    assert controller.network.sizes == start.sizes
    assert np.array_equal(controller.network.params, start.params)
    assert [len(column) for column in view.neurons] == [2, 4, 2, 1]


def test_context_menu_removes_a_layer_sets_activation_and_bias(qtbot, circle):
    controller, view = circle
    menu = view.context_menu_at(at(view, view.scene_point_of(Hit("column", 1))))
    action(menu, "Remove layer 1").trigger()
    assert controller.network.sizes == (2, 2, 1)

    menu = view.context_menu_at(at(view, view.scene_point_of(Hit("neuron", 1, 0))))
    relu = action(menu, "ReLU")
    assert relu is not None and action(menu, "softmax") is None  # softmax is for the output only
    relu.trigger()
    assert controller.network.activations == ("relu", "tanh")
    assert view.titles[1][1].text() == "ReLU"  # the learner's name, not the key

    menu = view.context_menu_at(at(view, view.scene_point_of(Hit("neuron", 1, 0))))
    bias = action(menu, "Bias")
    assert bias.isChecked()
    bias.trigger()
    assert controller.network.bias == (False, True)
    assert 1 not in view.biases and 2 in view.biases
    assert "no bias" in view.titles[1][1].text()


def test_removing_a_chosen_neuron_keeps_the_other_neurons_weights(qtbot, circle):
    controller, view = circle
    before = controller.network.copy()
    click(qtbot, view, view.scene_point_of(Hit("neuron", 1, 0)))
    assert view.selected_neuron == (1, 0)
    assert "row 0 of W" in view.caption_text()
    qtbot.keyClick(view, Qt.Key_Delete)
    net = controller.network
    assert net.sizes == (2, 3, 2, 1)
    assert np.array_equal(net.weights[0], before.weights[0][1:])
    assert np.array_equal(net.weights[1], before.weights[1][:, 1:])


def test_double_click_a_weight_and_type_a_value(qtbot, circle):
    controller, view = circle
    before = controller.network.params.copy()
    index = controller.network.parameter_index("W", 2, 1, 3)
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=at(view, view.scene_point_of(Hit("weight", 2, 1, 3))))
    editor = view.editor
    assert editor is not None and editor.isVisible()
    assert "W²₁₃" in editor.name.text()
    qtbot.keyClick(editor.line, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(editor.line, "-0.75")
    qtbot.keyClick(editor.line, Qt.Key_Return)
    assert view.editor is None
    after = controller.network.params
    assert after[index] == -0.75
    assert np.array_equal(np.delete(after, index), np.delete(before, index))
    controller.undo_stack.undo()
    assert np.array_equal(controller.network.params, before)


def test_double_click_a_bias_and_typing_nonsense_is_explained(qtbot, circle):
    controller, view = circle
    before = controller.network.params.copy()
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=at(view, view.scene_point_of(Hit("bias", 1, 2))))
    editor = view.editor
    assert "b¹₂" in editor.name.text()
    for typed, message in (("abc", "not a number"), ("inf", "finite"), ("", "Type a number")):
        editor.line.clear()
        qtbot.keyClicks(editor.line, typed)
        qtbot.keyClick(editor.line, Qt.Key_Return)
        assert view.editor is editor and editor.message.isVisible()
        assert message in editor.message.text()
    assert np.array_equal(controller.network.params, before)
    editor.line.clear()
    qtbot.keyClicks(editor.line, "1,5")  # a decimal comma is understood
    qtbot.keyClick(editor.line, Qt.Key_Return)
    assert controller.network.biases[0][2] == 1.5


def test_the_editor_shows_the_whole_value_and_its_message_stays_on_screen(qtbot, circle):
    controller, view = circle
    L = controller.network.n_layers
    point = view.scene_point_of(Hit("weight", L, 0, 0))  # the rightmost lines: the editor opens near the edge
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=at(view, point))
    editor = view.editor
    text = editor.line.text()
    assert float(text) == controller.network.weights[L - 1][0, 0]  # exactly the value...
    assert editor.line.fontMetrics().horizontalAdvance(text) < editor.line.width()  # ...and all of it in view
    editor.line.clear()
    qtbot.keyClicks(editor.line, "abc")
    qtbot.keyClick(editor.line, Qt.Key_Return)
    assert editor.message.isVisible()
    assert view.viewport().rect().contains(editor.geometry())  # the message is not cut off at the edge


def test_escape_closes_the_editor_without_a_change(qtbot, circle):
    controller, view = circle
    before = controller.network.params.copy()
    editor = view.open_editor("W", 1, 0, 1)
    qtbot.keyClicks(editor.line, "3")
    qtbot.keyClick(editor.line, Qt.Key_Escape)
    assert view.editor is None
    assert np.array_equal(controller.network.params, before)
    assert controller.undo_stack.count() == 0


def test_hover_shows_name_value_and_gradient(qtbot, circle):
    controller, view = circle
    net = controller.network
    index = net.parameter_index("W", 1, 2, 1)
    text = show_tooltip(view, view.scene_point_of(Hit("weight", 1, 2, 1)))
    assert "W¹₂₁" in text  # as the diagram and the equations write it
    assert geometry.fmt(net.weights[0][2, 1]) in text
    assert geometry.fmt(controller.next_step().grad[index]) in text
    assert "next step" in text

    text = show_tooltip(view, view.scene_point_of(Hit("bias", 2, 1)))
    assert "b²₁" in text and geometry.fmt(net.biases[1][1]) in text
    assert geometry.fmt(controller.next_step().grad[net.parameter_index("b", 2, 1)]) in text


def test_selection_both_ways(qtbot, circle):
    controller, view = circle
    net = controller.network
    click(qtbot, view, view.scene_point_of(Hit("weight", 2, 0, 2)))
    assert controller.selected == net.parameter_index("W", 2, 0, 2)
    assert view.selection_line.isVisible()
    assert view.selection_line.line() == view.lines[2].line_at(0, 2)
    assert view.selection_line.pen().color() == palette.SELECTED

    controller.select(net.parameter_index("W", 1, 3, 0))  # as the plots or the equations would
    assert view.selection_line.line() == view.lines[1].line_at(3, 0)

    controller.select(net.parameter_index("b", 3, 0))
    assert not view.selection_line.isVisible()
    assert view.biases[3][0].pen().color() == palette.SELECTED

    lay = view.layout_
    click(qtbot, view, view.mapToScene(QPoint(view.viewport().width() - 4, int(at(view, view.scene_point_of(
        Hit("neuron", 3, 0))).y()) - 60)))
    assert controller.selected is None
    assert view.biases[3][0].pen().color() != palette.SELECTED
    assert lay is view.layout_


def test_limits_disable_the_controls_and_say_why(qtbot, circle):
    controller, view = circle
    net = controller.network
    while net.sizes[1] < edits.MAX_NEURONS:
        net = edits.add_neuron(net, 1)
    while net.sizes[2] > 1:
        net = edits.remove_neuron(net, 2)
    controller.edit_network(net, "setup")
    full, single = view.buttons[("add_neuron", 1)], view.buttons[("remove_neuron", 2)]
    assert not full.enabled and "at most 32" in view.tooltip_at(full.scenePos())
    assert not single.enabled and "at least one neuron" in view.tooltip_at(single.scenePos())
    click_button(qtbot, view, ("add_neuron", 1))
    assert controller.network.sizes == (2, 32, 1, 1)
    assert "at most 32" in view.caption_text()

    while net.n_layers - 1 < edits.MAX_HIDDEN_LAYERS:
        net = edits.add_layer(net)
    controller.edit_network(net, "setup")
    assert not view.buttons["add_layer"].enabled
    assert "at most 8 hidden layers" in view.tooltip_at(view.buttons["add_layer"].scenePos())
    menu = view.context_menu_at(at(view, view.scene_point_of(Hit("column", 3))))
    insert = action(menu, "Insert a hidden layer before")
    assert not insert.isEnabled() and "at most 8" in insert.text()


def test_an_edit_the_core_refuses_shows_a_message(qtbot, circle):
    controller, view = circle
    before = controller.network.copy()
    menu = view.context_menu_at(at(view, view.scene_point_of(Hit("column", 3))))
    action(menu, "softmax").trigger()   # softmax needs the cross-entropy cost; this preset uses mse
    box = view.last_warning
    assert box is not None and box.isVisible()
    assert "softmax" in box.text() and "cross-entropy" in box.text() and "cross_entropy" not in box.text()
    assert controller.network.activations == before.activations
    assert controller.undo_stack.count() == 0
    box.close()


def test_phase_display_shows_the_trace_numbers(qtbot, circle):
    controller, view = circle
    trace = controller.next_step().trace

    def shown(l):
        return np.array([float(view.number_text(l, j).split()[-1].replace("−", "-"))
                         for j in range(controller.network.sizes[l])])

    controller.set_phase(Phase("forward", 2))
    assert np.allclose(shown(0), trace.A0[:, 0], rtol=1e-3)
    assert np.allclose(shown(2), trace.layers[1].A[:, 0], rtol=1e-3)
    assert view.number_text(3, 0) == ""
    assert view.columns[2].isVisible() and not view.columns[1].isVisible()
    assert "sample 1" in view.caption_text()

    controller.set_phase(Phase("bp2", 1))
    assert np.allclose(shown(1), trace.layers[0].delta[:, 0], rtol=1e-3)
    assert np.allclose(shown(3), trace.layers[2].delta[:, 0], rtol=1e-3)

    controller.set_phase(Phase("gradients", 2))
    dW = trace.layers[1].dW
    for j in range(dW.shape[0]):
        for k in range(dW.shape[1]):
            assert view.lines[2].pen_at(j, k).color() == palette.weight_color(dW[j, k])
    labels = sorted(float(item.text().split()[-1].replace("−", "-")) for item in view.line_labels)
    assert np.allclose(labels, sorted(dW.ravel()), rtol=1e-3)
    assert np.allclose(shown(2), trace.layers[1].db, rtol=1e-3)

    controller.set_phase(None)
    assert all(view.number_text(l, 0) == "" for l in range(4))
    assert not view.line_labels and not any(c.isVisible() for c in view.columns)


def test_line_colour_follows_the_weight_while_training(qtbot):
    # the seed's network: W = −23.1 (negative, orange); its third step makes it positive (3.6233)
    controller, view = make_view(qtbot, "seed-scalar")
    lines = view.lines[1]
    point = view.scene_point_of(Hit("weight", 1, 0, 0))

    def pixel():
        return view.grab().toImage().pixelColor(at(view, point))

    assert lines.pen_at(0, 0).color() == palette.NEGATIVE
    assert pixel() == palette.NEGATIVE
    controller.step(3)
    assert controller.network.weights[0][0, 0] > 0
    assert view.lines[1] is lines  # updated in place, not rebuilt
    assert lines.pen_at(0, 0).color() == palette.POSITIVE
    assert pixel() == palette.POSITIVE


def test_line_widths_follow_the_weights_after_training(qtbot, circle):
    controller, view = circle
    controller.step(200)
    net = controller.network
    thickest = view.layout_.line_width_limit()
    all_w = np.concatenate([W.ravel() for W in net.weights])
    widths = np.concatenate([[view.lines[l].pen_at(j, k).widthF() for j in range(W.shape[0])
                              for k in range(W.shape[1])] for l, W in enumerate(net.weights, start=1)])
    colors = [view.lines[l].pen_at(j, k).color() for l, W in enumerate(net.weights, start=1)
              for j in range(W.shape[0]) for k in range(W.shape[1])]
    assert colors == [palette.weight_color(w) for w in all_w]
    expected = [palette.weight_width(w, np.abs(all_w).max(), thickest=thickest) for w in all_w]
    assert np.allclose(widths, expected, atol=0.13)   # widths are rounded to a quarter pixel
    assert widths[np.argmax(np.abs(all_w))] == pytest.approx(thickest)


def test_a_frame_that_moves_no_line_to_another_pen_redraws_no_line(qtbot, circle):
    controller, view = circle
    item = view.lines[1]
    W = controller.network.weights[0]
    max_abs, thickest = float(np.abs(W).max()), view.layout_.line_width_limit()
    item.set_values(W, max_abs, thickest)
    groups = item._groups
    item.set_values(W * (1 + 1e-9), max_abs, thickest)  # the same colours and quarter pixels
    assert item._groups is groups  # nothing rebuilt, the cached picture stays
    item.set_values(-W, max_abs, thickest)  # every sign flips
    assert item._groups is not groups
    assert item.pen_at(0, 0).color() == palette.weight_color(-W[0, 0])


def test_at_full_speed_the_lines_follow_at_most_fifteen_times_a_second(qtbot, circle, monkeypatch):
    controller, view = circle
    calls = []
    real = view.refresh_values
    monkeypatch.setattr(view, "refresh_values", lambda **k: (calls.append(1), real(**k))[1])
    controller.set_speed(0)
    controller._timer.start()  # playing, without the timer ticking inside the test
    try:
        for _ in range(5):  # five frames in a moment
            controller.trainer.run(1)
            controller.trained.emit()
        assert len(calls) == 1
    finally:
        controller.pause()
    assert len(calls) == 2  # pausing shows the lines of the step where training stopped
    W = controller.network.weights[0]
    assert view.lines[1].pen_at(0, 0).color() == palette.weight_color(W[0, 0])
    controller.step(1)  # by hand, every step shows
    assert len(calls) == 3


def test_everything_fits_at_the_default_size_and_when_small(qtbot):
    controller, view = make_view(qtbot, "spiral")
    net = controller.network
    for _ in range(6):
        net = edits.add_layer(net)
    for l in range(1, net.n_layers):
        while net.sizes[l] < edits.MAX_NEURONS:
            net = edits.add_neuron(net, l)
    for network, size in ((controller.network, (1000, 600)), (net, (1000, 600)), (net, (420, 300))):
        if network is not controller.network:
            controller.edit_network(network, "bigger")
        view.resize(*size)
        rect = view.scene().sceneRect()
        for item in view.scene().items():
            if item.isVisible():
                assert rect.contains(item.sceneBoundingRect()), item
        shown = view.mapFromScene(rect).boundingRect()
        if view.transform().m11() > geometry.MIN_SCALE:  # scaled to fit: all of it shows
            assert QRectF(view.viewport().rect()).adjusted(-1, -1, 1, 1).contains(QRectF(shown))
        else:  # scaled no further than legible: the rest is a scroll away
            assert view.transform().m11() == pytest.approx(geometry.MIN_SCALE)
            assert view.verticalScrollBar().maximum() > 0 or view.horizontalScrollBar().maximum() > 0
            # ...and the header (the layer count and its buttons) shows first
            for item in (view.header, view.buttons["add_layer"], view.buttons["remove_layer"]):
                assert QRectF(view.viewport().rect()).contains(view.mapFromScene(item.sceneBoundingRect())
                                                               .boundingRect().toRectF()), item
    view.resize(1000, 600)
    assert view.transform().m11() == 1.0  # at the default size nothing is scaled: fonts keep their size
    assert sum(len(c) for c in view.neurons) == 2 + 8 * 32 + 1
    assert len(view.scene().items()) < 1200  # the ~7000 weights are drawn by one item per matrix


def test_at_the_editors_limit_every_neuron_and_bias_stays_apart_and_clickable(qtbot):
    controller, view = make_view(qtbot, "circle")
    net = Network([2] + [edits.MAX_NEURONS] * 8 + [1], "tanh")
    controller.edit_network(net, "widest")
    view.resize(560, 470)  # the diagram's part of a 1440×900 window
    lay, scale = view.layout_, view.transform().m11()
    assert lay.radius * scale >= 3.5  # on screen: big enough to aim at and to show a map
    for l, n in enumerate(net.sizes):
        ys = np.array(lay.neuron_y[l])
        assert np.all(np.diff(ys) >= 2 * lay.radius)  # circles never overlap
        for j in range(n):
            assert view.hit_at(QPointF(*lay.neuron(l, j))) == Hit("neuron", l, j)
            if l:
                cx, cy, side = lay.bias_marker(l, j)
                assert view.hit_at(QPointF(cx, cy)) == Hit("bias", l, j)
                for other in (j - 1, j + 1):  # a bias square stays off its neighbours' circles
                    if 0 <= other < n:
                        x, y = lay.neuron(l, other)
                        assert abs(cy - y) >= lay.radius + side / 2 or abs(cx - x) >= lay.radius + side / 2
    buttons = sorted((b.sceneBoundingRect() for key, b in view.buttons.items() if isinstance(key, tuple)),
                     key=lambda r: r.left())
    assert all(not a.intersects(b) for a, b in zip(buttons, buttons[1:]))  # layer controls keep apart


def test_layout_hit_testing_finds_the_nearest_line():
    lay = geometry.compute((2, 4, 2, 1), 1000, 600)
    for l, (n, n_prev) in enumerate(((4, 2), (2, 4), (1, 2)), start=1):
        for j in range(n):
            for k in range(n_prev):
                x, y = geometry.clear_point(lay, l, j, k)
                assert geometry.nearest_weight(lay, x, y, 5) == (l, j, k)
    assert geometry.nearest_weight(lay, 5, 5, 5) is None



def test_a_selected_neuron_shows_its_row_and_column_of_weights(qtbot, circle):
    controller, view = circle
    click(qtbot, view, view.scene_point_of(Hit("neuron", 1, 2)))
    net = controller.network

    def strong(l, j, k):
        return view.lines[l].pen_at(j, k).color() == palette.weight_color(net.weights[l - 1][j, k])

    assert all(strong(1, 2, k) for k in range(2))           # row 2 of W^1: into the neuron
    assert all(strong(2, j, 2) for j in range(2))           # column 2 of W^2: out of it
    assert not strong(1, 0, 0) and not strong(2, 0, 0) and not strong(3, 0, 0)
    assert view.neurons[1][2].pen().color() == palette.SELECTED
    click(qtbot, view, view.scene_point_of(Hit("weight", 3, 0, 1)))  # a weight replaces the neuron
    assert view.selected_neuron is None
    assert strong(1, 0, 0) and strong(3, 0, 0)
    assert view.neurons[1][2].pen().color() != palette.SELECTED


def test_right_click_opens_the_menu_of_what_is_under_the_pointer(qtbot, circle):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent
    controller, view = circle
    seen = []

    def read_and_close():
        popup = QApplication.activePopupWidget()
        seen.extend(a.text() for a in popup.actions())
        popup.close()

    pos = at(view, view.scene_point_of(Hit("neuron", 2, 1)))
    QTimer.singleShot(50, read_and_close)
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Mouse, pos,
                                                              view.viewport().mapToGlobal(pos)))
    assert "Neuron 1 of layer 2" in seen
    assert "Remove neuron 1" in seen
    assert controller.network.sizes == (2, 4, 2, 1)


def test_editing_during_step_through_leaves_it_and_redraws(qtbot, circle):
    controller, view = circle
    controller.set_phase(Phase("forward", 3))
    assert view.number_text(3, 0)
    click_button(qtbot, view, ("remove_neuron", 1))
    assert controller.network.sizes == (2, 3, 2, 1)
    assert controller.phase is None
    assert view.number_text(0, 0) == "" and len(view.neurons[1]) == 3
    controller.set_phase(Phase("bp2", 1))
    controller.undo_stack.undo()   # the undo command also leaves step-through before the new network shows
    assert [len(c) for c in view.neurons] == [2, 4, 2, 1]


@pytest.mark.parametrize("sizes,size", [(s, (580, 500)) for s in [(1, 1), (2, 1), (1, 2, 1), (2, 2, 1), (3, 2), (1, 3, 1)]]
                         + [(s, (420, 300)) for s in [(1, 1), (2, 1), (1, 2, 1), (3, 2), (1, 3, 1)]])
def test_weight_labels_keep_clear_of_each_other_and_of_neurons_and_biases(sizes, size):
    """The networks small enough to have their values written on the lines (6 weights at most; in a
    small view, 4)."""
    lay = geometry.compute(sizes, *size)
    labels = [(l, j, k, 92.0, 15.0) for l in range(1, len(sizes)) for j in range(sizes[l]) for k in range(sizes[l - 1])]
    rects = [(x, y, w, h) for (x, y), (*_, w, h) in zip(geometry.label_places(lay, labels), labels)]

    def overlap(a, b):
        return min(a[0] + a[2], b[0] + b[2]) > max(a[0], b[0]) and min(a[1] + a[3], b[1] + b[3]) > max(a[1], b[1])
    for i, a in enumerate(rects):
        assert not any(overlap(a, b) for b in rects[i + 1:])
        for l, ys in enumerate(lay.neuron_y):
            for j in range(len(ys)):
                x, y = lay.neuron(l, j)
                assert not overlap(a, (x - lay.radius, y - lay.radius, 2 * lay.radius, 2 * lay.radius))
                if l:
                    cx, cy, side = lay.bias_marker(l, j)
                    assert not overlap(a, (cx - side / 2, cy - side / 2, side, side))


def test_the_update_caption_follows_a_change_of_optimizer(qtbot, circle):
    controller, view = circle
    controller.set_phase(Phase("update", None))
    assert "W ← W − η ∂C/∂W" in view.caption_text()
    controller.set_optimizer("momentum")
    assert "V ← μV − η ∂C/∂W" in view.caption_text()
    assert "momentum" in view.caption_text()
    controller.set_optimizer("adam")
    assert "M̂/(√V̂ + ε)" in view.caption_text()
    controller.undo_stack.undo()
    assert "V ← μV" in view.caption_text()


@pytest.mark.parametrize("hidden, size", [((4, 2), (374, 366)), ((32,) * 8, (720, 600)), ((32,) * 8, (400, 400))])
def test_feature_chips_write_their_whole_name_or_none_and_the_tooltip_names_them(qtbot, hidden, size):
    """A chip too narrow for "sin x₁" read "sin x" (another feature's name, clipped): it writes its whole
    name at a legible size, or no name at all; its tooltip always names it."""
    from PySide6.QtGui import QFontMetricsF
    from core import features as core_features
    from gui.diagram.features import MIN_FONT_PT
    c, view = make_view(qtbot, size=size)
    net = c.network
    c.edit_network(Network([net.sizes[0], *hidden, net.sizes[-1]], ["tanh"] * (len(hidden) + 1), True,
                           seed=net.seed), "Wide network")
    chips = {key[1]: b for key, b in view.buttons.items() if isinstance(key, tuple) and key[0] == "feature"}
    assert set(chips) == set(core_features.NAMES)
    for name, chip in chips.items():
        label = core_features.label(name)
        text, f = chip.text_shown()
        if text:
            assert text == label and f.pointSizeF() >= MIN_FONT_PT
            assert QFontMetricsF(f).horizontalAdvance(text) <= chip.boundingRect().width() - 2, (name, size)
        assert label in view.tooltip_at(chip.sceneBoundingRect().center())
        if hidden == (4, 2):
            assert text == label  # at 1280×720 every name fits
