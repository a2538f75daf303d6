"""Teaching in the window: Quiz me, the Lesson panel and its locks, Save as lesson, Export worksheet,
the notation switch, zoom and themes."""
import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from core import lessons
from gui import MainWindow, palette
from gui.dialogs.lesson_dialog import LessonDialog
from gui.equations.format import read_matrices


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind, **kw: shown.append((k, a[1:3])) or QMessageBox.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **kw: QMessageBox.Discard)
    return shown


def open_window(qtbot, tmp_path, preset=None):
    w = MainWindow(preset, recovery_folder=tmp_path / "recovery")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot, tmp_path, boxes):
    w = open_window(qtbot, tmp_path)
    yield w
    w.controller.pause()
    w.teaching.projector.set_zoom(1.0, remember=False)  # the application's font and palette are shared
    w.teaching.projector.set_theme("light", remember=False)


def action(window, name):
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def shown_text(window):
    window.equations.refresh()
    return window.equations.browser.toPlainText()


# ---- Quiz me ----------------------------------------------------------------------------------------
def test_quiz_hides_the_blanks_checks_answers_hints_and_takes_the_step(window, qtbot):
    quiz_action = action(window, "actionQuiz")
    assert quiz_action.isCheckable()
    assert "-363.54" in shown_text(window)
    quiz_action.trigger()
    box = window.equations.quiz_box
    assert box.isVisible()
    kinds = [b.kind for b in box.quiz.blanks]
    assert "delta" in kinds and "dW" in kinds
    text = shown_text(window)
    assert "-2072.178" not in text  # the panel does not give the answer away
    i = kinds.index("delta")
    assert box.submit(i, "minus three") is None  # a wrong format: a message, not a try
    assert "not a number" in box.rows[i][4].text()
    assert box.submit(i, "-363.5") is False
    assert "BP1" in box.rows[i][4].text() and "(-363.54) · 1" not in shown_text(window)
    assert box.submit(i, "−363,54") is True
    j = kinds.index("dW")
    assert box.submit(j, "-2072.178") is True
    assert window.controller.trainer.step_count == 0
    for k in range(len(kinds)):
        if k not in (i, j):
            box.reveal(k)
    qtbot.waitUntil(lambda: window.controller.trainer.step_count == 1, timeout=3000)
    assert box.quiz.step.number == 2  # the next step's blanks
    assert "2 of 7 right" in box.score_label.text()
    quiz_action.trigger()
    assert not box.isVisible() and "-8.594754" in shown_text(window)


def test_quiz_on_the_questions_network_shows_no_blank_s_answer_anywhere(window):
    # the cost's scalar line "C = (a − y)² = (-131.67 − 50.1)²" gave Z¹₀₀ and A¹₀₀ away
    from gui.equations.format import num
    action(window, "actionQuiz").trigger()
    text = shown_text(window)
    blanks = [b for b in window.equations.quiz_box.quiz.blanks if b.kind != "shape_W"]
    assert {"Z", "A"} <= {b.kind for b in blanks}
    for blank in blanks:
        assert num(blank.value, blank.digits) not in text, blank.label


def test_clicking_an_entry_in_quiz_mode_blanks_it(window):
    window.new_session("xor")
    action(window, "actionQuiz").trigger()
    box = window.equations.quiz_box
    before = len(box.quiz.blanks)
    window.equations._anchor_clicked(type("U", (), {"toString": lambda self: "blank:Z:1:2:3"})())
    assert len(box.quiz.blanks) == before + 1
    b = box.quiz.blanks[-1]
    assert (b.kind, b.l, b.index) == ("Z", 1, (2, 3))
    assert b.value == window.controller.next_step().trace[0].Z[2, 3]


# ---- lessons ------------------------------------------------------------------------------------------
def test_a_lesson_shows_its_task_ticks_goals_and_locks_controls(window, qtbot):
    action(window, "actionLesson_the_question").trigger()
    t = window.teaching
    assert t.dock.isVisible() and "question" in t.panel.title.text()
    training = window.controls.training
    assert not training.lr.isEnabled() and not training.loss.isEnabled()
    assert not window.controls.data.generator.isVisible()
    assert "lr" in t.lesson.locked
    assert window.diagram.locked >= {"network", "activations"}
    assert [s.met for s in t.panel.check_goals()] == [False, False, False]
    window.controller.step(20)
    states = t.panel.check_goals()
    assert [s.met for s in states] == [True, True, False]
    action(window, "actionQuiz").trigger()
    box = window.equations.quiz_box
    i = [b.equation for b in box.quiz.blanks].index("BP1")
    box.submit(i, box.quiz.blanks[i].shown())
    assert t.panel.check_goals()[2].met and t.panel.all_met()
    assert "3 of 3 goals met" in t.panel.goals.text()
    window.controller.settingsChanged.emit()  # the settings panel syncs: locks stay
    assert not training.lr.isEnabled()
    window.new_session("xor")  # another session ends the lesson and frees the controls
    assert t.lesson is None and not t.dock.isVisible()
    assert training.lr.isEnabled() and window.diagram.locked == set()


def test_save_as_lesson_writes_a_lesson_that_reads_back(window, tmp_path):
    window.controller.step(3)
    dialog = LessonDialog(window.controller.trainer, "mine", window)
    dialog.task.setPlainText("Reach **0.01**.")
    dialog.g_train.setChecked(True)
    dialog.train_loss.setValue(0.01)
    dialog.g_quiz.setChecked(True)
    dialog.locks["lr"].setCurrentIndex(1)
    dialog.locks["data"].setCurrentIndex(2)
    lesson = dialog.make_lesson("mine")
    path = window.teaching.save_lesson(lesson, str(tmp_path / "mine.json"))
    back = lessons.load(path)
    assert back.task == "Reach **0.01**." and back.locked == ("lr",) and back.hidden == ("data",)
    assert {"kind": "loss", "set": "train", "at_most": 0.01} in back.goals
    assert back.trainer().step_count == 3
    assert window.teaching.open_lesson_path(path) and window.teaching.lesson.title == "mine"


# ---- worksheets ---------------------------------------------------------------------------------------
def test_export_worksheet_html_and_pdf(window, tmp_path):
    sheet, key = window.teaching.export_worksheet(str(tmp_path / "sheet.html"))
    s, k = open(sheet, encoding="utf-8").read(), open(key, encoding="utf-8").read()
    assert "-363.54" in k and "-2072.178" in k and "363.54" not in s and "2072.178" not in s
    assert window.controller.trainer.step_count == 0  # the window's run is not touched
    pdf, pdf_key = window.teaching.export_worksheet(str(tmp_path / "sheet.pdf"))
    for path in (pdf, pdf_key):
        assert open(path, "rb").read(5) == b"%PDF-"


# ---- notations ----------------------------------------------------------------------------------------
def test_notation_switch_shows_the_same_numbers_in_row_form(window):
    window.new_session("xor")
    box = window.equations.teaching.notation
    column = {name: shown for name, shape, shown in read_matrices(shown_text(window)) if name}
    box.setCurrentIndex(box.findData("row"))
    text = shown_text(window)
    assert "Row form" in text
    found = read_matrices(text)
    Z_row = [(shape, shown) for name, shape, shown in found if name == "Z¹"][0]
    m = window.controller.next_step().X.shape[0]
    assert Z_row[0] == (m, 4)  # samples as rows: the column form's (4×m) transposed
    Z = window.controller.next_step().trace[0].Z
    np.testing.assert_allclose(Z_row[1][0][:4], Z.T[0, :4], rtol=1e-4)
    box.setCurrentIndex(box.findData("ng"))
    assert "dZ" in shown_text(window)
    assert column  # the column form was the panel's own view


# ---- projector mode -----------------------------------------------------------------------------------
def test_zoom_scales_every_panel_and_is_kept(window, qtbot, tmp_path):
    zoom_in, zoom_out = action(window, "actionZoomIn"), action(window, "actionZoomOut")
    assert QKeySequence("Ctrl+=") in zoom_in.shortcuts() and QKeySequence("Ctrl+-") in zoom_out.shortcuts()
    assert QKeySequence("Ctrl+0") in action(window, "actionZoomReset").shortcuts()
    app = QApplication.instance()
    base = app.font().pointSizeF()
    axis = window.loss_plot.findChildren(__import__("pyqtgraph").PlotWidget)[0].getPlotItem().getAxis("left")
    tick_base = axis.style["tickFont"].pointSizeF()
    zoom_in.trigger()
    zoom_in.trigger()
    assert app.font().pointSizeF() == pytest.approx(base * 1.3)
    assert window.equations.browser.font().pointSizeF() == pytest.approx(base * 1.3)
    assert window.diagram.transform().m11() == pytest.approx(1.3 * 1.0, rel=0.35)
    assert axis.style["tickFont"].pointSizeF() > tick_base
    QApplication.processEvents()  # the new application font reaches the widgets by events
    assert window.controls.training.lr.font().pointSizeF() == pytest.approx(base * 1.3)
    styled = [window.findChild(QWidget, "mapsForward"), *window.statusBar().findChildren(QLabel)]
    assert styled[0] is not None and len(styled) > 1
    assert all(x.font().pointSizeF() == pytest.approx(base * 1.3) for x in styled)
    action(window, "actionZoomReset").trigger()  # back to the start: the styled widgets too
    QApplication.processEvents()
    assert [x.font().pointSizeF() for x in styled] == pytest.approx([base] * len(styled))
    zoom_in.trigger()
    zoom_in.trigger()
    zoom_out.trigger()
    assert app.font().pointSizeF() == pytest.approx(base * 1.15)
    window.close()
    again = open_window(qtbot, tmp_path)  # the next start keeps the zoom
    assert again.teaching.projector.zoom == pytest.approx(1.15)
    action(again, "actionZoomReset").trigger()
    assert app.font().pointSizeF() == pytest.approx(base)
    again.controller.pause()


def test_themes_are_kept_across_starts(window, qtbot, tmp_path):
    app = QApplication.instance()
    action(window, "actionTheme_dark").trigger()
    assert app.palette().color(QPalette.Window).lightness() < 80
    plot = window.loss_plot.findChildren(__import__("pyqtgraph").PlotWidget)[0]
    assert plot.backgroundBrush().color().lightness() < 80
    assert "#e6e6e6" in window.equations.browser.document().defaultStyleSheet()
    window.close()
    again = open_window(qtbot, tmp_path)
    assert again.teaching.projector.theme == "dark" and app.palette().color(QPalette.Window).lightness() < 80
    action(again, "actionTheme_high_contrast").trigger()
    assert app.palette().color(QPalette.Window).name() == "#000000"
    assert app.palette().color(QPalette.WindowText).name() == "#ffffff"
    action(again, "actionTheme_light").trigger()
    assert app.palette().color(QPalette.Window).lightness() > 200
    again.controller.pause()


def _simulate(rgb, kind):
    """Dichromat view of an sRGB colour (Viénot, Brettel & Mollon 1999, in linear RGB)."""
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    M = {"protan": [[0.11238, 0.88762, 0.0], [0.11238, 0.88762, 0.0], [0.00401, -0.00401, 1.0]],
         "deutan": [[0.29275, 0.70725, 0.0], [0.29275, 0.70725, 0.0], [-0.02234, 0.02234, 1.0]]}[kind]
    out = np.clip(np.array(M) @ lin, 0, 1)
    return np.where(out <= 0.0031308, out * 12.92, 1.055 * out ** (1 / 2.4) - 0.055)


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_weight_colours_stay_apart_for_colour_blind_viewers(window, theme):
    window.teaching.projector.set_theme(theme, remember=False)
    pos = np.array(palette.POSITIVE.getRgbF()[:3])
    neg = np.array(palette.NEGATIVE.getRgbF()[:3])
    background = np.array(palette.BACKGROUND.getRgbF()[:3])
    for kind in ("protan", "deutan"):
        assert np.linalg.norm(_simulate(pos, kind) - _simulate(neg, kind)) > 0.3
        for c in (pos, neg):  # and each stands out from the background
            assert np.linalg.norm(_simulate(c, kind) - _simulate(background, kind)) > 0.3


def test_playing_in_quiz_mode_asks_again_when_paused(window, qtbot):
    action(window, "actionQuiz").trigger()
    box = window.equations.quiz_box
    assert box.quiz is not None
    window.controller.play()
    assert box.quiz is None and window.equations.teaching.hidden() == frozenset()
    qtbot.waitUntil(lambda: window.controller.trainer.step_count > 0, timeout=5000)
    window.controller.pause()
    assert box.quiz.step.number == window.controller.trainer.step_count + 1


def test_dark_theme_lightens_grey_captions(window):
    label = window.controls.description
    before = label.styleSheet()
    window.teaching.projector.set_theme("dark", remember=False)
    assert label.styleSheet() == "color: #bdbdbd;"
    window.teaching.projector.set_theme("light", remember=False)
    assert label.styleSheet() == before


def _plot_colours(window):
    """Lightness of every axis's lines, tick text and label, and of each legend's text and box."""
    import pyqtgraph as pg
    from PySide6.QtGui import QColor
    from gui.projector import _plot_widgets
    text, boxes = [], []
    for plot in window.plots.values():
        legends = [getattr(plot, "legend", None)]  # a legend a panel placed itself, and the plots' own
        for widget in _plot_widgets(plot):
            item = widget.getPlotItem()
            legends.append(getattr(item, "legend", None))
            for name in item.axes:
                axis = item.getAxis(name)
                text += [axis.pen().color().lightness(), axis.textPen().color().lightness(),
                         QColor(axis.labelStyle.get("color", "#000")).lightness()]
        for legend in {id(x): x for x in legends if x is not None}.values():
            text.append(pg.mkColor(legend.labelTextColor()).lightness())
            text += [pg.mkColor(label.opts["color"]).lightness() for _, label in legend.items]
            # the entries already shown are redrawn in the colour, not only told it
            assert all(pg.mkColor(label.opts["color"]).name() in label.item.toHtml().lower()
                       for _, label in legend.items)
            boxes.append(legend.brush().color().lightness())
    return text, boxes


def test_dark_theme_gives_plot_axes_labels_and_legends_light_text_on_dark(window):
    window.controller.load_preset("circle")  # a classification: the loss plot shows its accuracy axis
    window.teaching.projector.set_theme("dark", remember=False)
    text, boxes = _plot_colours(window)
    assert len(boxes) >= 3 and min(text) > 160 and max(boxes) < 96  # light on dark: the accuracy axis, legends
    assert window.plots["data"].confusion.styleSheet() == "color: #bdbdbd;"  # the confusion matrix's text
    window.teaching.projector.set_theme("light", remember=False)
    text, boxes = _plot_colours(window)
    assert max(text) < 96 and min(boxes) > 160


def test_a_lesson_opens_from_the_command_line_name_or_file(window, tmp_path):
    assert window.teaching.open_argument("the-chain")
    assert window.teaching.lesson.name == "the-chain" and window.controller.network.sizes == (1, 1, 1)
    path = tmp_path / "mine.json"
    lessons.save(lessons.get("why-a-hidden-layer"), path)
    assert window.teaching.open_argument(str(path)) and window.teaching.lesson.title.startswith("3.")
    assert not window.teaching.open_argument("circle.json")  # not a lesson: left to the session loader


def test_file_open_of_a_lesson_file_opens_the_lesson(window, tmp_path):
    path = tmp_path / "chain.json"
    lessons.save(lessons.get("the-chain"), path)
    assert window.open_path(str(path))
    assert window.teaching.lesson is not None and window.teaching.dock.isVisible()


@pytest.mark.parametrize("name", lessons.names())
def test_every_lesson_opens_at_a_watchable_pace(window, name):
    window.controller.set_speed(0)  # as fast as possible: the lesson must set its own pace
    window.teaching.open_lesson(lessons.get(name), ask=False)
    assert not window.controller.full_speed and 1 <= window.controller.speed <= 1000


def test_a_lesson_file_without_a_pace_opens_at_the_default_pace(window):
    d = lessons.read("why-a-hidden-layer")
    d["session"].pop("view", None)
    window.teaching.open_lesson(lessons.from_dict(d, "no-pace"), ask=False)
    assert window.controller.speed == lessons.DEFAULT_SPEED
