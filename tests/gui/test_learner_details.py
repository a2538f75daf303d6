"""Details a new learner tripped over: the window's fit on a framed screen, plots that show a lone
first point, empty legends, a steady toolbar, the recovery prompt, the command line's help."""
import numpy as np
import pytest
from PySide6.QtCore import QRect, QSettings

from gui import MainWindow
from gui.main_window import fit_frame


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gui import dialogs
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *args: QMessageBox.Discard)
    w = MainWindow(recovery_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.controller.pause()


# ---- the window under a window manager ----------------------------------------------------------
@pytest.mark.parametrize("screen", [(1440, 900), (1280, 720)])
def test_a_framed_window_fits_the_screen_with_its_title_bar(screen):
    available = QRect(0, 0, *screen)
    # what openbox reports for a window given the whole available size: a 20 px title bar, 1 px border
    inner = QRect(1, 20, *screen)
    frame = QRect(0, 0, screen[0] + 2, screen[1] + 25)
    x, y, width, height = fit_frame(available, frame, inner)
    framed = QRect(x, y, width + 2, height + 25)
    assert available.contains(framed)
    assert (width, height) == (screen[0] - 2, screen[1] - 25)  # as large as fits, not smaller


def test_a_window_that_fits_is_left_alone():
    assert fit_frame(QRect(0, 0, 1920, 1080), QRect(240, 80, 1442, 925), QRect(241, 100, 1440, 900)) is None


# ---- crash recovery ----------------------------------------------------------------------------
def test_the_restore_prompt_names_the_session_and_when_it_was_autosaved(qtbot, tmp_path, monkeypatch):
    import datetime
    import os
    import subprocess
    import sys

    from PySide6.QtWidgets import QMessageBox

    from core import presets, session
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "recovery"
    folder.mkdir()
    path = folder / f"recovery-{dead.pid}.json"
    session.save(presets.load("circle"), path, name="circle")
    saved_at = datetime.datetime(2026, 3, 4, 9, 7)
    os.utime(path, (saved_at.timestamp(), saved_at.timestamp()))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text)
                        or QMessageBox.No)
    w = MainWindow(recovery_folder=folder)
    qtbot.addWidget(w)
    w.offer_recovery()
    assert "“circle”" in asked[0] and "2026-03-04 at 09:07" in asked[0]


def test_describe_says_today_and_yesterday(tmp_path):
    import datetime
    import os

    from gui.recovery import describe
    path = tmp_path / "recovery-1.json"
    path.write_text("not json")  # a damaged file is still described by its time
    now = datetime.datetime(2026, 3, 4, 18, 0)
    for when, expected in ((datetime.datetime(2026, 3, 4, 17, 55), "a session, autosaved today at 17:55"),
                           (datetime.datetime(2026, 3, 3, 23, 1), "a session, autosaved yesterday at 23:01")):
        os.utime(path, (when.timestamp(), when.timestamp()))
        assert describe(path, now=now) == expected


def test_the_recovery_folder_names_the_application_once(qapp, monkeypatch, tmp_path):
    from gui.main_window import APPLICATION, ORGANIZATION
    from gui.recovery import default_folder
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    names = qapp.applicationName(), qapp.organizationName()
    qapp.setApplicationName(APPLICATION)  # as gui/app.py names the running application
    qapp.setOrganizationName(ORGANIZATION)
    try:
        folder = default_folder()
    finally:
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
    assert folder == tmp_path / "share" / "Backprop Lab" / "recovery"


# ---- the toolbar ---------------------------------------------------------------------------------
def test_the_toolbar_stays_still_when_play_becomes_pause(window, qtbot):
    bar = window.toolbar
    step = bar.widgetForAction(window.menu_actions.step)
    before = step.mapTo(window, step.rect().topLeft()).x()
    window.controller.play()
    qtbot.wait(50)
    assert window.menu_actions.play.text() == "&Pause"
    bar.layout().activate()
    after = step.mapTo(window, step.rect().topLeft()).x()
    window.controller.pause()
    assert after == before


# ---- the plots ---------------------------------------------------------------------------------
def _pixels_near(image, colour, tolerance=40):
    """How many pixels of a QImage are within `tolerance` of a QColor in each channel."""
    import numpy as np
    image = image.convertToFormat(image.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    rgb = pixels[:, :image.width(), 2::-1].astype(int)  # BGRA in memory
    target = np.array([colour.red(), colour.green(), colour.blue()])
    return int((np.abs(rgb - target) <= tolerance).all(axis=2).sum())


def test_at_step_0_every_plot_shows_its_single_point(window, qtbot):
    from gui import palette
    c = window.controller
    assert c.trainer.step_count == 0 and len(c.trainer.history.steps) == 1
    qtbot.wait(50)
    # the question's network: one weight, W = −23.1, drawn orange as in the diagram
    weights = window.weights_plot.widget.grab().toImage()
    assert _pixels_near(weights, palette.weight_color(-1), tolerance=30) >= 12  # a dot, not nothing
    for curve in (window.loss_plot.train_curve, *window.data_plot.curves):
        x, y = curve.scatter.getData()
        assert curve.scatter.isVisible() and len(x) == 1
    c.step(1)
    qtbot.wait(50)
    assert not window.loss_plot.train_curve.scatter.isVisible()  # two points: a line again


def test_a_heatmap_has_no_empty_legend_in_its_corner(window, qtbot):
    window.controller.load_preset("circle")
    qtbot.wait(50)
    plot = window.data_plot
    assert plot.mode == "plane"
    assert not plot.legend.isVisible()
    window.controller.load_preset("seed-scalar")
    qtbot.wait(50)
    assert plot.mode == "steps" and plot.legend.isVisible()  # the steps mode's legend explains its lines


def _labels(axis):
    """The tick labels an axis draws now, with their rectangles (what pyqtgraph paints)."""
    from PySide6.QtGui import QImage, QPainter
    image = QImage(400, 400, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _flags, text in specs[2]]


def _settle(qtbot, plot):
    for _ in range(3):  # a widened axis lays the plot out again and draws its labels on the next paint
        plot.widget.grab()
        qtbot.wait(20)


def test_after_a_divergence_the_value_axes_label_their_huge_values(window, qtbot, monkeypatch):
    from gui import dialogs
    monkeypatch.setattr(dialogs, "show_error", lambda *args: None)
    c = window.controller
    c.set_lr(0.1)  # the question's network at 14 times its learning rate: |W| grows ~20-fold a step
    c.step(200)
    qtbot.wait(50)
    assert abs(c.network.weights[0][0, 0]) > 1e100
    for plot in (window.weights_plot, window.data_plot):
        _settle(qtbot, plot)
        axis = plot.plot.getAxis("left")
        labels = _labels(axis)
        assert len(labels) >= 3, [t for _, t in labels]  # it showed a lone "0"
        assert all("10" in t for _, t in labels if t != "0")


@pytest.mark.parametrize("scale", [1e-4, 1.0, 1e6])
def test_the_axis_title_never_overlaps_the_tick_labels(window, qtbot, scale):
    import numpy as np
    plot = window.weights_plot
    c = window.controller
    c.load_preset("circle")
    c.step(50)
    history = c.trainer.history
    history.params[:] = history.params * scale - 0.37 * scale  # labels such as −0.00025 or −250,000
    history.version += 1
    plot._gate.forget()
    plot.refresh()
    _settle(qtbot, plot)
    axis = plot.plot.getAxis("left")
    title = axis.label.mapRectToParent(axis.label.boundingRect())
    labels = _labels(axis)
    assert len(labels) >= 3
    leftmost = min(rect.left() for rect, _ in labels)
    assert title.right() <= leftmost + 2, (title, [t for _, t in labels])  # the title's rotated box
    assert np.isfinite(leftmost) and leftmost >= 0  # inside the axis, not cut at the plot's edge


def test_log_axis_labels_use_one_style(qapp):
    from gui.plots.loss import LossAxis
    axis = LossAxis("left")
    axis.setLogMode(False, True)
    small = axis.logTickStrings([-5.0, -4.0, -3.0], 1.0, 1.0)
    assert small == ["10⁻⁵", "10⁻⁴", "10⁻³"]  # pyqtgraph wrote 10⁻⁵ beside 0.0001
    moderate = axis.logTickStrings([np.log10(v) for v in (0.2, 0.5, 1.0, 2.0)], 1.0, 0.1)
    assert moderate == ["0.2", "0.5", "1", "2"]
    wide = axis.logTickStrings([-1.0, 0.0, 50.0], 1.0, 1.0)
    assert wide == ["10⁻¹", "1", "10⁵⁰"]


# ---- the settings and the CSV dialog -------------------------------------------------------------
@pytest.fixture
def small_window(window, qtbot):
    """The window at 1280×720 with its default layout: the settings panel is at its narrowest and short."""
    window.resize(1280, 695)
    window.default_layout()
    qtbot.wait(50)
    return window


def test_the_batch_note_has_the_height_its_lines_need(small_window, qtbot):
    c = small_window.controller
    c.load_preset("moons")
    c.set_batch_size(600)  # more than the 250 training samples
    qtbot.wait(50)
    note = small_window.controls.training.batch_note
    assert note.isVisible() and "250 training samples" in note.text()
    lines = note.heightForWidth(note.width()) // note.fontMetrics().lineSpacing()
    assert lines >= 2  # it wraps at this width...
    assert note.height() >= note.heightForWidth(note.width())  # ...and every line is shown whole


def test_the_cost_box_shows_the_whole_name_of_the_cost(small_window, qtbot):
    c = small_window.controller
    c.load_preset("moons")
    qtbot.wait(50)
    box = small_window.controls.training.loss
    text = box.currentText()
    assert text == "binary cross-entropy (sigmoid)"
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxEditField, box)
    assert field.width() >= box.fontMetrics().horizontalAdvance(text)


def test_the_csv_dialog_shows_every_target_box_whole(qtbot, tmp_path):
    from gui.dialogs.csv_import import CsvImportDialog
    names = ["sepal length", "sepal width", "petal length", "petal width", "class a", "class b"]
    rows = [[float(i + j) for j in range(len(names))] for i in range(20)]
    dialog = CsvImportDialog(names, rows, "flowers.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    columns = dialog.columns
    last = columns.visualItemRect(columns.item(len(names) - 1))
    first = columns.visualItemRect(columns.item(0))
    assert first.top() >= 0 and last.bottom() < columns.viewport().height()  # none cut off
    tops = [columns.visualItemRect(columns.item(j)).top() for j in range(len(names))]
    box = columns.style().pixelMetric(columns.style().PixelMetric.PM_IndicatorHeight)
    assert min(b - a for a, b in zip(tops, tops[1:])) >= box + 4  # air between the check boxes


# ---- the session's description -----------------------------------------------------------------
def test_the_preset_description_says_when_the_network_or_data_has_changed(window, qtbot):
    from core import edits, presets
    c = window.controller
    label = window.controls.description
    c.load_preset("seed-scalar")
    assert label.text() == presets.describe("seed-scalar")  # the preset as it is: its own words
    c.apply_edit(edits.add_layer)  # a hidden layer under "one weight W = −23.1, no bias"
    sizes = " → ".join(str(n) for n in c.network.sizes)
    assert len(c.network.sizes) == 3
    assert label.text().startswith("The preset “seed-scalar” was: ")
    assert f"Now: network {sizes}" in label.text()
    c.undo_stack.undo()
    assert label.text() == presets.describe("seed-scalar")  # undone: the preset's words again

    c.load_preset("circle")
    assert label.text() == presets.describe("circle")
    c.set_data_source(generator="gaussians")
    assert "was:" in label.text() and "data gaussians" in label.text()
    assert f"network {' → '.join(str(n) for n in c.network.sizes)}" in label.text()


# ---- which step each part of the window shows ---------------------------------------------------
def test_the_panel_and_the_status_bar_say_which_step_they_show(window, qtbot):
    c = window.controller
    c.load_preset("circle")
    c.step(20)
    qtbot.wait(50)
    page = window.equations.browser.toPlainText()
    assert "The next step, 21, in matrix form (20 steps taken so far)" in page
    assert window.status.labels["step"].text() == "20 steps taken"
    assert window.equations.phase_label.text() == "Whole step shown"


def test_while_playing_the_panel_says_it_is_behind(window, qtbot):
    c = window.controller
    c.load_preset("circle")
    lag = window.equations.lag
    c.play()
    try:
        # at full speed the view redraws about once a second, the trainer runs on
        qtbot.waitUntil(lambda: lag.shown_step is not None and c.trainer.step_count > lag.shown_step + 10,
                        timeout=20_000)
        lag.update(force=True)
        shown, now = lag.shown_step, c.trainer.step_count
        text = window.equations.phase_label.text()
    finally:
        c.pause()
    assert text == f"Redrawn less often while playing: shows step {shown + 1:,}; training is at {now:,} steps"
    qtbot.wait(100)  # paused: the view catches up and says so
    assert window.equations.phase_label.text() == "Whole step shown"
    assert f"The next step, {c.trainer.step_count + 1:,}, in matrix form" in window.equations.browser.toPlainText()


# ---- the diagram during step-through -------------------------------------------------------------
@pytest.mark.parametrize("size", [(420, 300), (700, 420)])
def test_step_through_numbers_stay_inside_the_diagram(qtbot, size):
    from core.phases import phases
    from gui.controller import SessionController
    from gui.diagram import DiagramView
    c = SessionController(name="moons")
    view = DiagramView(c)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    c.step(20)
    cost = next(p for p in phases(c.network.n_layers) if p.kind == "cost")
    c.set_phase(cost)
    qtbot.wait(20)
    out = [item for item in view.numbers[-1] if item.isVisible()]
    assert out and "(y = " in out[0].text()  # the output's value and its target
    viewport = view.viewport().rect()
    for item in (n for row in view.numbers for n in row if n.isVisible()):
        shown = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert viewport.contains(shown), (item.text(), shown, viewport)


def test_the_window_can_be_as_small_as_a_1280_by_720_screen_with_a_frame(window):
    smallest = window.minimumSizeHint()
    # openbox's frame: 1 px each side and a 20 px title bar (plus a 4 px bottom handle)
    assert smallest.width() <= 1280 - 2 and smallest.height() <= 720 - 25


def test_a_log_axis_spanning_a_few_percent_still_has_labels(qapp):
    from gui.plots.loss import LossAxis
    axis = LossAxis("left")
    axis.setLogMode(False, True)
    low, high = np.log10(0.7015), np.log10(0.774)  # a run's first steps: the loss between 0.70 and 0.77
    levels = axis.tickValues(low, high, 200)
    inside = [v for _, values in levels for v in values if low <= v <= high]
    assert len(inside) >= 2
    shown = axis.tickStrings(inside, 1.0, 1.0)
    assert all(0.70 <= float(s) <= 0.78 for s in shown if s)
