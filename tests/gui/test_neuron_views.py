"""What the window shows of each neuron (maps, hover, Backward, the card, health) and the progress
figures (accuracy, gradient flow, confusion matrix), used as a learner would."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip

from core import datasets
from core.maps import neuron_maps
from core.network import Network
from gui import palette
from gui.diagram.layout import Hit
from gui.main_window import MainWindow
from gui.neuron_maps import LARGE_GRID, diverging_rgb


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)


def open_window(qtbot, tmp_path, preset):
    w = MainWindow(preset, recovery_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def circle(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, "circle")
    yield w
    w.controller.pause()


def empty_spot(view):
    """A point of the diagram with nothing on it: between the input column and layer 1, at the bottom."""
    lay = view.layout_
    point = view.mapFromScene((lay.column_x[0] + lay.column_x[1]) / 2, lay.area_bottom + 2)
    assert view.hit_at(view.mapToScene(point)).kind == "empty"
    return point


def at(view, hit):
    return view.mapFromScene(view.scene_point_of(hit))


def test_every_neuron_draws_its_map_and_the_view_toggle_hides_them(circle):
    view = circle.diagram
    assert view.maps_shown() and view.switch.isVisible()
    images = view.map_images.items
    assert len(images) == len(circle.controller.network.sizes) and all(i.isVisible() for i in images)
    # the output neuron's disc: each pixel is the colour of a^L (tanh: −1..1) at its point of the plane,
    # the top of the disc the top of the plane (the largest x2)
    net = circle.controller.network
    xs, ys = view.neuron_maps.axes(16)
    a = neuron_maps(net, xs, ys)[-1][0]
    image = images[-1].pixmap().toImage()
    side = image.width()
    for px, py in ((side // 2, side // 2), (side // 2, side // 5), (side // 5, side // 2), (4 * side // 5, side // 2)):
        ix, iy = int((px + 0.5) * 16 / side), int((side - py - 0.5) * 16 / side)  # image rows run down
        colour, expected = image.pixelColor(px, py), diverging_rgb(a[iy, ix])
        assert (colour.red(), colour.green(), colour.blue()) == tuple(int(v) for v in expected)
    circle.maps_action.trigger()  # View ▸ Neuron maps off
    assert not view.maps_on and not view.switch.check.isChecked()
    assert not any(i.isVisible() for i in images)
    assert view.neurons[1][0].brush().style() == Qt.SolidPattern  # back to white discs


def test_no_maps_without_a_2d_input_plane(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, "seed-scalar")
    assert not w.diagram.switch.isVisible() and not w.diagram.maps_shown()


def test_hovering_a_neuron_shows_its_map_large_and_leaving_returns_to_the_output(circle, qtbot):
    view, plot = circle.diagram, circle.data_plot
    qtbot.mouseMove(view.viewport(), at(view, Hit("neuron", 1, 2)))
    assert plot.neuron == (1, 2, "forward")
    shown = plot.image.image
    assert np.array_equal(shown, view.neuron_maps.forward_rgb(LARGE_GRID)[1][2])
    assert "neuron 2 of layer 1" in plot.caption.text()
    qtbot.mouseMove(view.viewport(), empty_spot(view))
    assert plot.neuron is None and "network's output" in plot.caption.text()


def test_backward_colours_the_training_samples_by_their_delta(circle, qtbot):
    view, plot, c = circle.diagram, circle.data_plot, circle.controller
    c.step(30)
    view.switch.backward.click()
    assert view.map_direction == "backward"
    qtbot.mouseMove(view.viewport(), at(view, Hit("neuron", 1, 0)))
    assert plot.neuron == (1, 0, "backward")
    t = c.trainer
    delta = t.network.trace(t.data.X_train, t.data.Y_train, t.loss)[0].delta[0]
    brushes = [p.brush().color() for p in plot.train_points.points()]
    for s in (int(np.argmax(delta)), int(np.argmin(delta))):  # the most blamed samples each way
        colour = brushes[s]
        assert (colour.blue() > colour.red()) == (delta[s] > 0)
    assert not plot.test_points.isVisible()
    qtbot.mouseMove(view.viewport(), empty_spot(view))
    assert plot.test_points.isVisible() == c.view["show_test"]  # as the Data panel's toggle says


def test_clicking_a_neuron_pins_its_card_which_follows_training_and_the_selection(circle, qtbot):
    view, c = circle.diagram, circle.controller
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=at(view, Hit("neuron", 2, 1)))
    card = view.card
    assert card.isVisible() and card.neuron == (2, 1)
    z = c.next_step().trace[1].Z[1, 0]
    assert f"= {z:.4g}".replace("-", "−") in card.text()
    before = card.text()
    c.step(5)
    assert card.text() != before  # live: this step's numbers
    assert f"= {c.next_step().trace[1].Z[1, 0]:.4g}".replace("-", "−") in card.text()
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=empty_spot(view))
    assert card.isVisible()  # pinned: a click elsewhere does not close it
    card.body.linkActivated.emit("W:0")  # card → equations: selects W²₁₀
    assert c.selected == c.network.parameter_index("W", 2, 1, 0)
    c.select(c.network.parameter_index("b", 1, 3))  # equations (or anywhere) → card
    assert card.neuron == (1, 3)
    card.findChild(type(card.sample), "neuronCardSample")  # the sample chooser exists
    card.findChildren(object, "neuronCardClose")[0].click()
    assert not card.isVisible()


def test_a_dead_relu_neuron_is_marked_and_named_in_its_tooltip(circle, qtbot):
    c, view = circle.controller, circle.diagram
    net = Network([2, 3, 1], ["relu", "tanh"], seed=0)
    W, b = net.weights[0].copy(), net.biases[0].copy()
    W[1], b[1] = 0.0, -5.0  # z = −5 for every sample
    net.weights[0], net.biases[0] = W, b
    c.edit_network(net, "dead neuron")
    assert (1, 1) in view.unhealthy and view.unhealthy[(1, 1)].kind == "dead"
    assert view.neurons[1][1].pen().style() == Qt.DashLine
    assert view.neurons[1][0].pen().style() == Qt.SolidLine
    pos = at(view, Hit("neuron", 1, 1))
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.ToolTip, pos, view.viewport().mapToGlobal(pos)))
    assert "Dead" in QToolTip.text()


def test_accuracy_in_the_status_bar_and_beside_the_loss(circle):
    c = circle.controller
    c.step(50)
    t = c.trainer
    right = np.sum((t.network.forward(t.data.X_train)[:, 0] > 0) == (t.data.Y_train[:, 0] > 0))
    text = circle.status.labels["accuracy"].text()
    assert text.startswith(f"Accuracy {100 * right / len(t.data.X_train):.1f}%") and "test" in text
    plot = circle.loss_plot
    plot.refresh()
    x, y = plot.train_accuracy_curve.getData()
    assert np.allclose(y, 100 * t.history.train_accuracy) and plot.accuracy_box.isVisible()
    plot.accuracy_check.setChecked(False)
    assert not plot.accuracy_box.isVisible()


def test_no_accuracy_for_a_regression(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, "seed-scalar")
    assert not w.status.labels["accuracy"].isVisibleTo(w)


def test_gradient_flow_plot_draws_one_curve_per_layer_from_the_history(circle):
    c = circle.controller
    c.step(40)
    plot = circle.gradient_plot
    circle.docks["gradients"].raise_()
    plot.refresh()
    norms = c.trainer.history.grad_norms
    assert len(plot.curves) == c.network.n_layers
    for l, curve in enumerate(plot.curves):
        x, y = curve.getData()  # log10 on a log axis
        ok = np.isfinite(norms[:, l])
        assert np.allclose(10 ** y, norms[ok, l])


def test_a_confusion_matrix_for_several_classes(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, "circle")
    c = w.controller
    c.set_data_source(generator="gaussians")
    w.data_plot.draw()
    assert w.data_plot.confusion.isVisible()
    t = c.trainer
    pred = np.argmax(t.network.forward(t.data.X_train), axis=1)
    true = np.argmax(t.data.Y_train, axis=1)
    assert f"<b>{np.sum((pred == 0) & (true == 0))}</b>" in w.data_plot.confusion.text()


@pytest.mark.parametrize("width", [374, 300, 520, 900])
def test_the_hidden_layer_buttons_stay_inside_the_diagram_and_clear_of_the_maps_switch(circle, qtbot, width):
    """At 1280×720 the diagram is about 374 px wide: beside the maps switch the header's [+] was pushed
    past the right edge. Every header button must be inside the view, uncovered and clickable."""
    view = circle.diagram
    circle.resize(max(circle.width(), width + 400), circle.height())
    view.setFixedWidth(width)
    qtbot.waitUntil(lambda: view.viewport().width() == width)
    assert view.switch.isVisible()
    inside = view.viewport().rect()
    for name in ("remove_layer", "add_layer"):
        rect = view.mapFromScene(view.buttons[name].sceneBoundingRect()).boundingRect()
        assert inside.contains(rect), (name, rect, inside)
        assert not rect.intersects(view.switch.geometry()), (name, rect, view.switch.geometry())
    header = view.mapFromScene(view.header.sceneBoundingRect()).boundingRect()
    assert inside.contains(header) and not header.intersects(view.switch.geometry())
    layers = circle.controller.network.n_layers
    qtbot.mouseClick(view.viewport(), Qt.LeftButton,
                     pos=view.mapFromScene(view.buttons["add_layer"].sceneBoundingRect().center()))
    assert circle.controller.network.n_layers == layers + 1


@pytest.mark.parametrize("width, height", [(374, 366), (524, 483)])  # the diagram at 1280×720 and 1440×900
def test_the_card_opens_beside_its_neuron_never_over_it_and_leaves_the_diagram_in_view(circle, qtbot, width, height):
    view = circle.diagram
    circle.resize(max(circle.width(), width + 400), max(circle.height(), height + 100))
    view.setFixedSize(width, height)
    qtbot.waitUntil(lambda: view.viewport().size().toTuple() == (width, height))
    lay = view.layout_
    r = lay.radius * view.transform().m11()
    inside = view.viewport().rect()
    header = [view.mapFromScene(view.buttons[n].sceneBoundingRect()).boundingRect()
              for n in ("remove_layer", "add_layer")]
    for l, ys in enumerate(lay.neuron_y):
        for j in range(len(ys)):
            qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=at(view, Hit("neuron", l, j)))
            card = view.card
            assert card.isVisible() and card.neuron == (l, j)
            box = card.geometry()
            centre = view.mapFromScene(*lay.neuron(l, j))
            disc = type(box)(int(centre.x() - r), int(centre.y() - r), int(2 * r), int(2 * r))
            assert not box.intersects(disc), ((l, j), box, disc)
            assert inside.contains(box), ((l, j), box)
            assert not any(box.intersects(b) for b in header) and not box.intersects(view.switch.geometry())
            assert box.width() * box.height() <= 0.5 * width * height  # compact: most of the diagram stays in view
    c = circle.controller
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=at(view, Hit("neuron", 1, 0)))
    c.select(c.network.parameter_index("b", 2, 1))  # the card follows the selection to neuron (2, 1)...
    centre = view.mapFromScene(*lay.neuron(2, 1))
    assert view.card.neuron == (2, 1) and not view.card.geometry().contains(centre)  # ...and moves off it
