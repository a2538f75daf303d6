"""File ▸ Export as code / model / figure / history and Copy as LaTeX, used from the window's menus."""
import csv
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox

from core import weights_file
from core.phases import phases
from gui import dialogs


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    return shown


@pytest.fixture
def window(make_window, errors):
    return make_window(size=(1440, 900))


def trigger(window, name, monkeypatch, path):
    monkeypatch.setattr(dialogs, "save_file_name", lambda *args, **kwargs: str(path))
    window.findChild(QAction, name).trigger()


def test_the_menus_hold_every_export(window):
    names = {a.objectName() for a in window.findChildren(QAction)}
    for name in ("actionExportCode_numpy", "actionExportCode_pytorch", "actionExportCode_matlab",
                 "actionExportModel", "actionExportHistory", "actionCopyLatex",
                 *(f"actionExportFigure_{w}" for w in ("diagram", "loss", "weights", "data", "equations", "window"))):
        assert name in names
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    titles = [a.text() for a in file_menu.actions()]
    assert "Export as &code" in titles and titles[-1] == window.menu_actions.quit.text()


def test_export_as_code_runs_and_matches_the_window(window, monkeypatch, tmp_path):
    window.controller.step(20)
    path = tmp_path / "seed.py"
    trigger(window, "actionExportCode_numpy", monkeypatch, path)
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert re.findall(r"^w = +(\S+)$", result.stdout, re.M)[-1] == "8.7893"
    assert "20 steps" in window.statusBar().currentMessage()
    # the script's final weight is the window's, exactly
    final = float(re.search(r"W1_app = np\.array\(\[\[(\S+)\]\]\)", path.read_text())[1])
    assert final == window.controller.network.weights[0][0, 0]


def test_a_typed_weight_is_not_replayed_and_the_window_says_so(window, monkeypatch, tmp_path):
    window.controller.step(3)
    window.controller.set_parameter("W", 1, 0, 0, 1.5)
    trigger(window, "actionExportCode_numpy", monkeypatch, tmp_path / "run.py")
    assert "initial weights" in window.statusBar().currentMessage()


def test_export_model_onnx_and_mat(window, monkeypatch, tmp_path):
    ort = pytest.importorskip("onnxruntime")
    window.new_session("circle")
    window.controller.step(50)
    net = window.controller.network
    trigger(window, "actionExportModel", monkeypatch, tmp_path / "circle.onnx")
    X = np.random.default_rng(0).normal(size=(20, 2))
    y = ort.InferenceSession(str(tmp_path / "circle.onnx")).run(None, {"x": X})[0]
    assert np.max(np.abs(y - net.forward(X))) <= 1e-12
    trigger(window, "actionExportModel", monkeypatch, tmp_path / "circle.mat")
    assert np.array_equal(weights_file.import_weights(str(tmp_path / "circle.mat")).params, net.params)


def test_import_weights_reads_mat(window, monkeypatch, tmp_path):
    window.controller.step(5)
    trigger(window, "actionExportModel", monkeypatch, tmp_path / "w.mat")
    before = window.controller.network.params.copy()
    window.controller.step(5)
    monkeypatch.setattr(dialogs, "open_file_name", lambda *args, **kwargs: str(tmp_path / "w.mat"))
    window.findChild(QAction, "actionImportWeights").trigger()
    assert np.array_equal(window.controller.network.params, before)


@pytest.mark.parametrize("what", ["diagram", "loss", "window"])
def test_figures_are_vector_svg_and_pdf_and_a_2x_png(window, monkeypatch, tmp_path, what):
    window.new_session("circle")
    window.controller.step(30)
    trigger(window, f"actionExportFigure_{what}", monkeypatch, tmp_path / "f.svg")
    root = ET.parse(tmp_path / "f.svg").getroot()
    shapes = [e for e in root.iter() if e.tag.split("}")[1] in ("path", "polyline", "line", "circle", "ellipse")]
    assert shapes and root.get("width")
    if what == "diagram":  # the weight lines are shapes, not pictures of them; the maps are the only pictures
        images = [e for e in root.iter() if e.tag.endswith("image")]
        assert len(images) <= sum(window.controller.network.sizes)  # at most one map per neuron
        assert len(shapes) >= window.controller.network.n_params  # a line per weight, a square per bias
        window.diagram.set_maps_on(False)  # with the maps off, no picture at all (the maps switch is left out)
        trigger(window, f"actionExportFigure_{what}", monkeypatch, tmp_path / "f.svg")
        assert not [e for e in ET.parse(tmp_path / "f.svg").getroot().iter() if e.tag.endswith("image")]
    trigger(window, f"actionExportFigure_{what}", monkeypatch, tmp_path / "f.pdf")
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF")
    trigger(window, f"actionExportFigure_{what}", monkeypatch, tmp_path / "f.png")
    image = QImage(str(tmp_path / "f.png"))
    widget = window.exports.window.diagram if what == "diagram" else \
        (window.loss_plot if what == "loss" else window)
    assert (image.width(), image.height()) == (2 * widget.width(), 2 * widget.height())


def test_a_figure_with_an_unknown_extension_is_refused(window, monkeypatch, tmp_path, errors):
    trigger(window, "actionExportFigure_diagram", monkeypatch, tmp_path / "f.gif")
    assert errors and "unknown figure type" in errors[-1][1] and not (tmp_path / "f.gif").exists()


def test_export_history(window, monkeypatch, tmp_path):
    window.controller.step(20)
    trigger(window, "actionExportHistory", monkeypatch, tmp_path / "h.csv")
    rows = list(csv.DictReader((tmp_path / "h.csv").open()))
    assert float(rows[-1]["W1[0,0]"]) == window.controller.network.weights[0][0, 0]
    assert float(rows[1]["W1[0,0]"]) == -8.594753999999998  # the question's first line, w = −8.5948


def test_copy_latex_of_the_step_and_of_the_equation_under_the_pointer(window, qtbot):
    window.findChild(QAction, "actionCopyLatex").trigger()
    text = QGuiApplication.clipboard().text()
    assert r"\begin{align*}" in text and "-23.1" in text and "5.7" in text
    panel = window.equations
    panel.refresh()
    browser = panel.browser
    all_phases = phases(window.controller.network.n_layers)
    doc_pos = browser.document().find("output error").position()  # the BP1 section's title
    cursor = browser.textCursor()
    cursor.setPosition(doc_pos)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(cursor)
    phase = window.exports.phase_at(rect.center())
    assert phase in all_phases and phase.kind == "bp1"
    menu = window.exports._equations_menu(rect.center())
    one = next(a for a in menu.actions() if a.objectName() == "actionCopyLatexPhase")
    one.trigger()
    assert QGuiApplication.clipboard().text().startswith(r"\begin{align*}")
    assert r"\Delta^{1}" in QGuiApplication.clipboard().text()
    menu.close()


def test_the_figure_command_prints_its_one_line_without_the_offscreen_platforms_chatter(tmp_path):
    # a learner runs it from a terminal: Qt's "This plugin does not support propagateSizeHints()",
    # a dozen times, hid the line saying what was written
    import os
    out = tmp_path / "loss.svg"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run([sys.executable, "main.py", "figure", "two-gaussians", "--steps", "5", "--what", "loss",
                             "-o", str(out)], cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.exists() and ET.parse(out).getroot().tag.endswith("svg")
    assert "wrote" in result.stdout + result.stderr
    assert "propagateSizeHints" not in result.stderr, result.stderr
