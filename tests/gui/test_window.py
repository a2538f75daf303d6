"""The main window, used as a person would: buttons, menus, typed values, files, the plots."""
import csv
import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from core import edits, presets, weights_file
from core.csv_data import read_table
from gui import MainWindow, dialogs


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Settings (layout, recent files) go to a fresh folder, never the user's."""
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def boxes(monkeypatch):
    """Every message box is recorded instead of shown; unsaved changes are discarded unless a test says otherwise."""
    shown = []

    def record(kind, answer):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return box
    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "information", record("information", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.Discard))
    return shown


@pytest.fixture
def window(qtbot, tmp_path, boxes):
    w = MainWindow(recovery_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.controller.pause()


def action(window, name):
    found = window.findChild(type(window.menu_actions.play), name)
    assert found is not None, name
    return found


def seed_weights(steps):
    """The question's own loop: w = w − r·a·2(a·w − y)."""
    a, y, r, w = 5.7, 50.1, 0.007, -23.1
    out = []
    for _ in range(steps):
        w = w - r * a * 2 * (a * w - y)
        out.append(w)
    return out


def type_into(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key_Return)


# ---- the seed ---------------------------------------------------------------------------------
def test_opens_on_the_question_s_network(window):
    c = window.controller
    assert c.name == "seed-scalar"
    assert c.network.sizes == (1, 1)
    assert c.network.weights[0][0, 0] == -23.1
    assert "seed-scalar" in window.windowTitle()
    for name in ("actionPlay", "actionStep", "actionReset", "actionUndo", "actionRedo", "actionOpen",
                 "actionSave", "actionExportWeights"):
        action(window, name)
    assert action(window, "actionPlay").isCheckable()


def test_twenty_steps_give_the_question_s_table(window):
    step = action(window, "actionStep")
    expected = seed_weights(20)
    for i in range(20):
        step.trigger()
        assert window.controller.network.weights[0][0, 0] == pytest.approx(expected[i], rel=1e-12, abs=1e-12)
    w = window.controller.network.weights[0][0, 0]
    assert round(w, 4) == 8.7893
    assert expected[0] == pytest.approx(-8.594754)
    assert window.status.labels["step"].text() == "20 steps taken"
    history = window.controller.trainer.history
    drawn = window.weights_plot.positive.yData  # coloured by the weight's sign now, as in the diagram
    assert np.array_equal(drawn[np.isfinite(drawn)], history.params[:, 0])
    assert history.params[0, 0] == -23.1 and window.weights_plot.negative.yData is None
    outputs = window.data_plot.curves[0].yData  # the output a·w over the steps, climbing to the target
    assert outputs[-1] == pytest.approx(5.7 * w)
    assert window.data_plot.target_lines[0].value() == 50.1


# ---- training ---------------------------------------------------------------------------------
def test_play_circle_until_the_loss_falls_then_pause(window, qtbot):
    window.new_session("circle")
    c = window.controller
    start = c.trainer.history.train_loss[0]
    play = action(window, "actionPlay")
    play.trigger()
    assert c.playing and play.isChecked() and play.text() == "&Pause"
    qtbot.waitUntil(lambda: c.trainer.train_loss() < 0.3 * start, timeout=60_000)
    play.trigger()
    assert not c.playing and not play.isChecked()
    steps = c.trainer.step_count
    qtbot.wait(50)
    assert c.trainer.step_count == steps
    assert window.status.labels["step"].text() == f"{steps:,} steps taken"


def test_undo_goes_back_to_the_start_after_edits_and_training(window):
    window.new_session("circle")
    c = window.controller
    start = c.network.copy()
    c.apply_edit(edits.add_neuron, 1, text="Add neuron to layer 1")
    c.apply_edit(edits.add_layer, text="Add layer")
    for _ in range(5):
        action(window, "actionStep").trigger()
    assert c.network.sizes == (2, 5, 2, 2, 1)
    undo = action(window, "actionUndo")
    assert undo.isEnabled()
    while undo.isEnabled():
        undo.trigger()
    assert c.network.sizes == start.sizes
    assert np.array_equal(c.network.params, start.params)
    action(window, "actionRedo").trigger()
    assert c.network.sizes == (2, 5, 2, 1)


def test_changing_the_learning_rate_while_playing_takes_effect_without_reset(window, qtbot):
    window.new_session("circle")
    c = window.controller
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: c.trainer.step_count > 100, timeout=20_000)
    type_into(qtbot, window.controls.training.lr, "0.1")
    assert c.trainer.lr == 0.1
    assert c.playing
    reached = c.trainer.step_count
    qtbot.waitUntil(lambda: c.trainer.step_count > reached + 100, timeout=20_000)
    assert c.trainer.history.steps[0] == 0  # the same run went on: no reset
    action(window, "actionPlay").trigger()


def test_a_bad_typed_value_is_refused_with_the_core_s_message(window, qtbot):
    field = window.controls.training.lr
    type_into(qtbot, field, "-1")
    assert window.controller.trainer.lr == 0.007
    assert field.text() == "0.007"
    message = window.controls.training.message  # at the foot of the group the field is in
    assert message.isVisible()
    assert "Learning rate η must be a positive finite number" in message.text()
    assert message.geometry().top() > field.geometry().bottom()
    type_into(qtbot, window.controls.training.batch, "many")
    assert "Batch size must be a whole number" in message.text()
    type_into(qtbot, field, "0.005")
    assert window.controller.trainer.lr == 0.005
    assert not message.isVisible()


def test_a_cost_the_output_layer_does_not_allow_is_explained(window, qtbot):
    window.new_session("circle")
    combo = window.controls.training.loss
    combo.activated.emit(combo.findData("cross_entropy"))
    assert window.controller.trainer.loss == "mse"
    assert combo.currentData() == "mse"
    assert "softmax" in window.controls.training.message.text()


def test_controls_follow_the_controller_and_set_every_hyperparameter(window, qtbot):
    window.new_session("moons")
    c, t = window.controller, window.controls.training
    assert t.optimizer.currentData() == "momentum" and t.momentum.isEnabled()
    assert t.loss.currentData() == "binary_cross_entropy"
    c.set_lr(0.5)
    assert t.lr.text() == "0.5"
    type_into(qtbot, t.momentum, "0.8")
    assert c.trainer.optimizer.momentum == 0.8
    type_into(qtbot, t.batch, "25")
    type_into(qtbot, t.l1, "0.001")
    type_into(qtbot, t.l2, "0.01")
    type_into(qtbot, t.seed, "7")
    assert (c.trainer.batch_size, c.trainer.l1, c.trainer.l2, c.trainer.seed) == (25, 0.001, 0.01, 7)
    assert t.batch_note.isHidden()
    n = len(c.trainer.data.X_train)
    type_into(qtbot, t.batch, "1 000")  # more than the training set: allowed, and said what it means
    assert c.trainer.batch_size == 1000 and not t.batch_note.isHidden() and f"{n:,} training" in t.batch_note.text()
    type_into(qtbot, t.batch, "25")
    assert t.batch_note.isHidden()
    t.optimizer.activated.emit(t.optimizer.findData("adam"))
    assert c.trainer.optimizer.name == "adam" and c.trainer.lr == 0.5
    assert not t.momentum.isEnabled()
    window.speed.slider.setValue(0)
    assert c.speed == 1 and window.speed.label.text() == "1 step/s"
    window.speed.slider.setValue(window.speed.slider.maximum())
    assert c.speed == 0 and window.speed.label.text() == "as fast as possible"


def test_choosing_another_data_set_reshapes_the_network(window):
    d = window.controls.data
    assert not d.noise.isEnabled()  # the question's fixed sample has no generator settings
    d.generator.activated.emit(d.generator.findData("circle"))
    c = window.controller
    assert c.trainer.data.name == "circle" and c.network.sizes[0] == 2
    assert window.data_plot.mode == "plane"
    d.generator.activated.emit(d.generator.findData("sine"))
    assert c.network.sizes[0] == 1 and window.data_plot.mode == "curve"
    d.noise.setValue(10)  # the slider is in percent, 0 to 50 as in Playground
    assert c.trainer.data.source["noise"] == 0.1 and d.noise_label.text() == "10 %"
    d.samples.setText("3")
    d.samples.editingFinished.emit()
    assert len(c.trainer.data.X_train) + len(c.trainer.data.X_test) == 3


def test_divergence_pauses_and_says_what_to_do(window, qtbot, boxes):
    window.controller.set_lr(1.0)
    window.speed.slider.setValue(window.speed.slider.maximum())
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: any(kind == "warning" for kind, _, _ in boxes), timeout=10_000)
    assert not window.controller.playing and not action(window, "actionPlay").isChecked()
    assert "smaller learning rate" in boxes[-1][2]
    assert np.all(np.isfinite(window.controller.network.params))


# ---- files ------------------------------------------------------------------------------------
@pytest.mark.parametrize("ext", [".npz", ".json", ".csv"])
def test_exported_weights_reload_equal_to_the_model(window, tmp_path, ext):
    window.new_session("circle")
    window.controller.step(200)
    net = window.controller.network
    path = tmp_path / f"weights{ext}"
    assert window.export_weights_to(str(path))
    if ext == ".npz":
        with np.load(path, allow_pickle=False) as f:
            for l in range(net.n_layers):
                assert np.array_equal(f[f"W{l + 1}"], net.weights[l])
                assert np.array_equal(f[f"b{l + 1}"], net.biases[l])
    if ext in (".npz", ".json"):
        loaded = weights_file.import_weights(path)
        assert loaded.sizes == net.sizes and np.array_equal(loaded.params, net.params)
    if ext == ".csv":
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            l, j = int(row["layer"]), int(row["row"])
            expected = net.weights[l - 1][j, int(row["column"])] if row["parameter"] == "W" else net.biases[l - 1][j]
            assert float(row["value"]) == expected
        assert len(rows) == net.n_params


def test_imported_weights_are_one_undoable_edit(window, tmp_path, boxes):
    window.new_session("circle")
    c = window.controller
    c.step(300)
    trained = c.network.params.copy()
    window.export_weights_to(str(tmp_path / "w.npz"))
    action(window, "actionReset").trigger()
    fresh = c.network.params.copy()
    assert window.import_weights_from(str(tmp_path / "w.npz"))
    assert np.array_equal(c.network.params, trained)
    action(window, "actionUndo").trigger()
    assert np.array_equal(c.network.params, fresh)
    window.new_session("seed-scalar")
    before = c.network.params.copy()
    assert not window.import_weights_from(str(tmp_path / "w.npz"))  # a 2-4-2-1 network on 1-input data
    assert boxes[-1][0] == "warning" and "input" in boxes[-1][2]
    assert np.array_equal(c.network.params, before)


def test_save_and_open_round_trip(window, tmp_path):
    window.new_session("circle")
    c = window.controller
    c.step(100)
    assert window.windowTitle().startswith("circle*")
    path = str(tmp_path / "mine.json")
    assert window.save_to(path)
    assert "*" not in window.windowTitle() and "mine.json" in window.windowTitle()
    saved = c.network.params.copy()
    drawn = window.loss_plot.train_curve.getData()[0].copy()
    c.step(10)
    continued = c.network.params.copy()
    assert window.open_path(path)
    assert c.trainer.step_count == 100 and np.array_equal(c.network.params, saved)
    # the plots come back with the run they showed, not empty at step 100
    assert np.array_equal(window.loss_plot.train_curve.getData()[0], drawn) and len(drawn) > 2
    c.step(10)
    assert np.array_equal(c.network.params, continued)  # loading and going on is the same as never stopping
    assert window.recent_files()[0].endswith("mine.json")
    window.fill_recent_menu()
    assert [a.text() for a in window.recent_menu.actions()] == ["mine.json"]


@pytest.mark.parametrize("content", [b"{not json", b"", json.dumps({"format": "something else"}).encode()])
def test_a_corrupt_session_file_shows_a_message_and_changes_nothing(window, tmp_path, boxes, content):
    c = window.controller
    c.step(3)
    before = (c.name, c.trainer.step_count, c.network.params.copy(), c.dirty)
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    assert not window.open_path(str(path))
    kind, title, text = boxes[-1]
    assert kind == "warning" and "broken.json" in text
    assert (c.name, c.trainer.step_count, c.dirty) == before[::3][:1] + before[1:2] + before[3:]
    assert np.array_equal(c.network.params, before[2])


def test_an_unwritable_path_shows_a_message(window, tmp_path, boxes):
    window.controller.step(1)
    assert not window.save_to(str(tmp_path / "no-such-folder" / "x.json"))
    assert "does not exist" in boxes[-1][2]
    assert window.controller.dirty
    assert not window.export_weights_to(str(tmp_path / "weights.txt"))
    assert "unknown file type" in boxes[-1][2]


def test_unsaved_changes_are_asked_about(window, tmp_path, monkeypatch):
    c = window.controller
    asked = []
    answer = [QMessageBox.Cancel]
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing: asked.append(doing) or answer[0])
    window.new_session("xor")
    assert asked == [] and c.name == "xor"  # nothing unsaved: no question
    c.step(2)
    window.new_session("circle")
    assert c.name == "xor" and len(asked) == 1  # Cancel keeps the session
    answer[0] = QMessageBox.Save
    path = tmp_path / "xor.json"
    monkeypatch.setattr(dialogs, "save_file_name", lambda *args, **kwargs: str(path))
    window.new_session("circle")
    assert path.exists() and c.name == "circle"  # saved first, then replaced
    c.step(2)
    answer[0] = QMessageBox.Cancel
    window.close()
    assert window.isVisible()  # Cancel on quit keeps the window
    answer[0] = QMessageBox.Discard
    window.close()
    assert not window.isVisible()


def test_csv_import_sets_the_data_and_the_network_follows(window, tmp_path, qtbot):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (40, 3))
    path = tmp_path / "table.csv"
    lines = ["a,b,c,target"] + [f"{x[0]},{x[1]},{x[2]},{x.sum():.6f}" for x in X]
    path.write_text("\n".join(lines))
    assert window.import_csv_from(str(path), targets=["target"], test_fraction=0.25)
    c = window.controller
    assert c.network.sizes[0] == 3 and len(c.trainer.data.X_test) == 10
    assert window.data_plot.mode == "fit"
    c.step(5)
    names, rows = read_table(str(path))
    dialog = dialogs.CsvImportDialog(names, rows, "table.csv", window)
    qtbot.addWidget(dialog)
    assert dialog.targets() == ["target"]
    dialog.accept()
    assert dialog.dataset.n_inputs == 3 and dialog.dataset.n_outputs == 1


def test_export_plot_images(window, tmp_path, boxes):
    window.controller.step(5)
    for which in ("loss", "weights", "data"):
        path = tmp_path / f"{which}.png"
        assert window.export_plot_to(which, str(path))
        assert not QImage(str(path)).isNull()
    assert not window.export_plot_to("loss", str(tmp_path / "loss.gif"))
    assert "unknown image type" in boxes[-1][2]


def test_every_preset_is_in_the_menu_with_its_description(window):
    for name in presets.names():
        preset = action(window, f"actionPreset_{name}")
        assert preset.toolTip() == presets.describe(name)
    action(window, "actionPreset_spiral").trigger()
    assert window.controller.name == "spiral"
    assert window.controls.description.text() == presets.describe("spiral")


def test_the_layout_is_remembered(qtbot, tmp_path, boxes):
    first = MainWindow(recovery_folder=tmp_path)
    qtbot.addWidget(first)
    first.show()
    first.resize(1200, 700)
    first.docks["loss"].close()
    first.close()
    second = MainWindow(recovery_folder=tmp_path)
    qtbot.addWidget(second)
    second.show()
    assert second.settings.value("window/geometry") is not None
    assert not second.docks["loss"].isVisible()  # the learner's arrangement comes back
    assert second.docks["equations"].isVisible()


# ---- plots ------------------------------------------------------------------------------------
def test_plots_hold_the_history(window):
    window.new_session("circle")
    window.controller.step(300)
    history = window.controller.trainer.history
    assert np.array_equal(window.loss_plot.train_curve.yData, history.train_loss)
    assert np.array_equal(window.loss_plot.test_curve.yData, history.test_loss)
    assert np.array_equal(window.loss_plot.train_curve.xData, history.steps)
    w = window.weights_plot
    drawn = np.concatenate([w.positive.yData, w.negative.yData])
    assert np.isnan(drawn).sum() == history.params.shape[1]  # one separator per trajectory
    assert np.array_equal(np.sort(drawn[np.isfinite(drawn)]), np.sort(history.params.ravel()))
    image = window.data_plot.image.image
    assert image.shape == (60, 60, 3)


def test_the_weights_of_the_largest_network_are_drawn_as_an_even_sample_of_curves(window, tmp_path):
    """2-32×8-1 has 7,521 parameters: one curve in sixteen is drawn (471, at most 500), evenly
    spaced, every one of them whole, and the caption says so; a click can still select any parameter."""
    from core import Trainer, datasets, session
    from core.network import Network
    trainer = Trainer(Network([2] + [32] * 8 + [1], "tanh", seed=0), datasets.generate("circle", samples=100))
    path = tmp_path / "widest.json"
    session.save(trainer, path)
    window.controller.open(str(path))
    window.controller.step(3)
    w, history = window.weights_plot, window.controller.trainer.history
    n = history.params.shape[1]
    assert n == 7521
    drawn = np.concatenate([w.positive.yData, w.negative.yData])
    assert np.isnan(drawn).sum() == len(range(0, n, 16)) == 471  # one separator per curve drawn
    assert np.array_equal(np.sort(drawn[np.isfinite(drawn)]), np.sort(history.params[:, ::16].ravel()))
    window.controller.select(None)
    assert "showing 471 of 7,521 weights and biases" in w.caption.text()


def test_log_scale_toggle(window):
    plot = window.loss_plot
    assert plot.log_check.isChecked() and plot.plot.ctrl.logYCheck.isChecked()
    plot.log_check.setChecked(False)
    assert not plot.plot.ctrl.logYCheck.isChecked()


def _view_pos(plot, x, y):
    scene = plot.vb.mapViewToScene(QPointF(x, y))
    return plot.widget.mapFromScene(scene)


def test_clicking_a_weight_curve_selects_it_and_highlights_it(window, qtbot):
    window.new_session("circle")
    c = window.controller
    c.step(400)
    plot = window.weights_plot
    qtbot.wait(20)
    history = c.trainer.history

    def isolation(row):  # (distance to the nearest other curve, that curve) at a history row
        values = history.params[row]
        gaps = np.abs(values[:, None] - values[None, :]) + np.diag(np.full(len(values), np.inf))
        target = int(np.argmax(gaps.min(axis=1)))
        return gaps[target].min(), target
    # click where one curve is farthest from all the others, a little before the end
    row = max(range(-10, -1), key=lambda r: isolation(r)[0])
    target = isolation(row)[1]
    values, step = history.params[row], history.steps[row]
    gaps = np.abs(values[:, None] - values[None, :]) + np.diag(np.full(len(values), np.inf))
    px, py = plot.vb.viewPixelSize()
    assert gaps[target].min() / py > 12
    pos = _view_pos(plot, step, values[target])
    qtbot.mouseClick(plot.widget.viewport(), Qt.LeftButton, pos=pos)
    assert c.selected == target
    assert np.array_equal(plot.selected.yData, history.params[:, target])
    assert c.network.parameter_names()[target] in plot.caption.text()
    far = _view_pos(plot, step, values.max() + 40 * py)
    qtbot.mouseClick(plot.widget.viewport(), Qt.LeftButton, pos=QPoint(far.x(), max(far.y(), 2)))
    assert c.selected is None  # a click away from every curve clears the selection
    assert plot.selected.yData is None or len(plot.selected.yData) == 0


def test_selecting_elsewhere_highlights_the_curve(window):
    window.new_session("xor")
    c = window.controller
    c.step(20)
    c.select(3)
    assert np.array_equal(window.weights_plot.selected.yData, c.trainer.history.params[:, 3])


def test_redrawing_keeps_the_same_items_and_skips_unchanged_history(window, qtbot):
    window.new_session("circle")
    plots = (window.loss_plot, window.weights_plot, window.data_plot)
    items = [list(p.plot.items) + list(p.plot.vb.addedItems) for p in plots]
    counts = [p.redraws for p in plots]
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: all(p.redraws >= n + 3 for p, n in zip(plots, counts)), timeout=20_000)
    action(window, "actionPlay").trigger()
    assert [list(p.plot.items) + list(p.plot.vb.addedItems) for p in plots] == items
    counts = [p.redraws for p in plots]
    for p in plots:
        p.refresh()  # nothing new: nothing drawn
    assert [p.redraws for p in plots] == counts


def test_a_hidden_plot_waits_until_it_is_shown(window, qtbot):
    dock = window.docks["weights"]
    dock.hide()
    before = window.weights_plot.redraws
    window.controller.step(10)
    assert window.weights_plot.redraws == before
    dock.show()
    qtbot.waitUntil(lambda: window.weights_plot.redraws > before, timeout=5000)
    history = window.controller.trainer.history
    assert len(window.weights_plot.positive.yData) == len(history.steps) + 1


def test_the_data_plot_for_three_classes_colours_regions_by_class(window):
    window.new_session("gaussians")
    window.controller.step(2000)
    image = window.data_plot.image.image.astype(int)
    corners = {tuple(image[r, c]) for r, c in ((0, 0), (0, -1), (-1, 0), (-1, -1))}
    assert len({max(range(3), key=lambda i: -px[i]) for px in corners}) >= 2  # not one colour everywhere
    assert window.data_plot.mode == "plane"


# ---- keyboard, layout, recovery, robustness -------------------------------------------------------
def test_space_plays_and_pauses_and_s_steps(window, qtbot):
    window.diagram.setFocus()
    qtbot.keyClick(window.diagram, Qt.Key_S)
    assert window.controller.trainer.step_count == 1
    qtbot.keyClick(window.diagram, Qt.Key_Space)
    assert window.controller.playing
    qtbot.waitUntil(lambda: window.status.labels["rate"].text().endswith("steps/s"), timeout=5000)
    qtbot.keyClick(window.diagram, Qt.Key_Space)
    assert not window.controller.playing
    assert window.status.labels["rate"].text() == "paused"


def test_typing_a_space_in_a_field_does_not_start_training(window, qtbot):
    field = window.controls.training.lr
    field.setFocus()
    qtbot.keyClick(field, Qt.Key_Space)
    assert not window.controller.playing


def test_closed_panels_come_back_with_the_default_layout(window):
    window.docks["equations"].close()
    window.docks["data"].setFloating(True)
    window.menu_actions.default_layout.trigger()
    assert window.docks["equations"].isVisible() and not window.docks["data"].isFloating()
    toggles = [a.text() for a in window.view_menu.actions() if a.text()]
    assert "Equations of the next step" in toggles and "Settings" in toggles


def test_zooming_the_weights_plot_draws_the_rows_in_view_and_A_follows_again(window, qtbot):
    window.new_session("xor")
    c = window.controller
    c.step(2000)
    plot = window.weights_plot
    plot.range._moved_by_hand()  # what a mouse wheel or drag does
    plot.vb.setXRange(100, 200, padding=0)
    qtbot.waitUntil(lambda: np.nanmax(plot.positive.xData) <= 300, timeout=5000)
    drawn = plot.positive.xData[np.isfinite(plot.positive.xData)]
    assert drawn.min() >= 0 and drawn.max() <= 300  # only the rows around the view
    plot.plot.autoBtn.clicked.emit(plot.plot.autoBtn)  # the "A" button
    assert plot.range.following
    qtbot.waitUntil(lambda: np.nanmax(plot.positive.xData) == c.trainer.history.steps[-1], timeout=5000)
    assert plot.vb.viewRange()[0][1] >= c.trainer.history.steps[-1]


def test_extreme_weights_do_not_break_the_plots(window, qtbot):
    for preset in ("circle", "sine"):
        window.new_session(preset)
        window.controller.set_parameter("W", 1, 0, 0, 1e6)
        window.controller.step(1)
        qtbot.wait(10)
        assert window.data_plot.redraws > 0


def test_a_crashed_session_is_offered_back(qtbot, tmp_path, boxes, monkeypatch):
    import subprocess
    import sys
    from core import session
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "recovery"
    folder.mkdir()
    trainer = presets.load("circle")
    trainer.run(7)
    session.save(trainer, folder / f"recovery-{dead.pid}.json", name="circle")
    w = MainWindow(recovery_folder=folder)
    qtbot.addWidget(w)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.Yes)
    assert w.offer_recovery()
    c = w.controller
    assert c.name == "circle" and c.trainer.step_count == 7 and c.dirty and c.path == ""
    assert np.array_equal(c.network.params, trainer.network.params)
    assert not (folder / f"recovery-{dead.pid}.json").exists()
    assert not w.offer_recovery()  # asked once


def test_a_clean_quit_leaves_no_recovery_file(window):
    window.controller.step(1)
    window.recovery.autosave()
    window.recovery.wait()
    assert window.recovery.path.exists()
    window.close()
    assert not window.recovery.path.exists()


def test_reset_goes_back_to_the_seed_s_start(window):
    for _ in range(3):
        action(window, "actionStep").trigger()
    action(window, "actionReset").trigger()
    c = window.controller
    assert c.trainer.step_count == 0 and c.network.weights[0][0, 0] == -23.1
    assert window.status.labels["step"].text() == "0 steps taken"
    assert len(window.loss_plot.train_curve.yData) == 1


def test_the_menu_dialogs_use_the_chosen_files(window, tmp_path, monkeypatch):
    path = tmp_path / "table.csv"
    path.write_text("x,y\n" + "\n".join(f"{i / 10},{(i / 10) ** 2}" for i in range(30)))
    monkeypatch.setattr(dialogs, "open_file_name", lambda *args, **kwargs: str(path))

    def accept(dialog):
        dialog.test_fraction.setValue(0.1)
        dialog.accept()
        return True
    monkeypatch.setattr(dialogs.CsvImportDialog, "exec", accept)
    action(window, "actionImportData").trigger()
    data = window.controller.trainer.data
    assert data.name == "table.csv" and len(data.X_test) == 3
    assert window.data_plot.mode == "curve"
    image = tmp_path / "plot.png"
    monkeypatch.setattr(dialogs, "save_file_name", lambda *args, **kwargs: str(image))
    action(window, "actionExportPlotLoss").trigger()
    assert image.exists()
    weights = tmp_path / "w.json"
    monkeypatch.setattr(dialogs, "save_file_name", lambda *args, **kwargs: str(weights))
    action(window, "actionExportWeights").trigger()
    assert weights_file.import_weights(weights).sizes == window.controller.network.sizes
    session_path = tmp_path / "s.json"
    monkeypatch.setattr(dialogs, "save_file_name", lambda *args, **kwargs: str(session_path))
    action(window, "actionSave").trigger()  # no file yet: asks for a name
    assert session_path.exists() and window.controller.path == str(session_path)
    monkeypatch.setattr(dialogs, "open_file_name", lambda *args, **kwargs: str(session_path))
    action(window, "actionOpen").trigger()
    assert window.controller.trainer.data.name == "table.csv"


def test_a_long_run_draws_as_much_as_a_short_one(window, qtbot):
    from gui.plots.weights import MAX_POINTS
    window.new_session("xor")
    c = window.controller
    history, params = c.trainer.history, c.network.params
    for step in range(1, 200_001):  # the record of a 200 000-step run, without the wait
        if step == history.next_due(step):  # rows are taken as the trainer takes them
            history.record(step, 1.0 / step, 2.0 / step, params * (1 + 1 / step))
    c.trained.emit()
    assert history.count <= history.capacity
    assert len(window.loss_plot.train_curve.xData) == history.count
    w = window.weights_plot
    drawn = len(w.positive.xData if w.positive.xData is not None else []) + \
        len(w.negative.xData if w.negative.xData is not None else [])
    assert drawn <= MAX_POINTS + c.network.n_params
    assert np.nanmax(w.positive.xData) == history.steps[-1]  # the whole run is there, decimated


def test_ctrl_z_undoes_reset_then_the_typed_learning_rate(window, qtbot):
    c = window.controller
    c.load_preset("circle")
    lr = c.trainer.lr
    c.step(50)
    trained = c.network.params.copy()
    type_into(qtbot, lr_field(window), "0.5")
    assert c.trainer.lr == 0.5
    action(window, "actionReset").trigger()
    assert c.trainer.step_count == 0
    undo = action(window, "actionUndo")
    assert undo.text() == "&Undo Reset"
    undo.trigger()
    assert c.trainer.step_count == 50 and np.array_equal(c.network.params, trained)
    assert undo.text() == "&Undo learning rate 0.5"
    undo.trigger()
    assert c.trainer.lr == lr
    assert lr_field(window).text() == f"{lr:.6g}"  # the field follows


def lr_field(window):
    from gui.controls.fields import NumberField
    return window.findChild(NumberField, "lrEdit")
