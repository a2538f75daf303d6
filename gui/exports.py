"""Taking a run elsewhere, from the window: File ▸ Export as code, Export model, Export figure,
Export history, and Edit ▸ Copy step as LaTeX (the equations' context menu copies one equation).

    window.exports = Exports(window)     # adds the actions to the window's menus
    window.exports.code_to(path, "numpy")
    window.exports.model_to("net.onnx"); window.exports.figure_to("diagram", "net.svg")
    window.exports.history_to("run.csv"); window.exports.copy_latex(phase=None)

Each dialog-driven slot asks for a file name (through gui.dialogs, which tests replace) and calls
the method that takes the path. Every problem the core reports ends in a message box naming it.
The work itself is the core's (core/code_export, core/model_export, core/history_csv, core/latex)
and gui/figures.py's.
"""
import os

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu

from core import history_csv
from core.errors import BadInput

from . import dialogs
from .figures import FIGURE_FORMATS, export_figure

LANGUAGES = (("numpy", "&NumPy script…", {"Python script, NumPy (*.py)": ".py"}),
             ("pytorch", "&PyTorch script…", {"Python script, PyTorch (*.py)": ".py"}),
             ("matlab", "&MATLAB / Octave script…", {"MATLAB / GNU Octave script (*.m)": ".m"}))
MODEL_FILTERS = {"ONNX model (*.onnx)": ".onnx", "MATLAB weights (*.mat)": ".mat"}
FIGURE_FILTERS = {"SVG, vector (*.svg)": ".svg", "PDF, vector (*.pdf)": ".pdf", "PNG, twice the screen's pixels (*.png)": ".png"}
FIGURES = (("diagram", "&Diagram…"), ("loss", "&Loss plot…"), ("weights", "&Weights plot…"),
           ("data", "D&ata plot…"), ("equations", "&Equations…"), ("window", "Whole &window…"))
HISTORY_FILTERS = {"CSV table (*.csv)": ".csv"}
assert set(FIGURE_FILTERS.values()) == set(FIGURE_FORMATS)


class Exports:
    def __init__(self, window):
        self.window = window
        self.actions = {}
        self._build_menus()

    # ---- menus -------------------------------------------------------------------------------
    def _action(self, name, text, slot, tip):
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        self.actions[name] = action
        return action

    def _menu_holding(self, action):
        for top in self.window.menuBar().actions():
            if top.menu() is not None and action in top.menu().actions():
                return top.menu()
        return None

    def _build_menus(self):
        w = self.window
        code = QMenu("Export as &code", w)
        code.setObjectName("menuExportCode")
        for lang, text, _ in LANGUAGES:
            code.addAction(self._action(f"actionExportCode_{lang}", text, lambda lang=lang: self.code_dialog(lang),
                                        "The run as a script that trains the same steps one equation a line "
                                        "and checks itself against this window's numbers"))
        figure = QMenu("Export &figure", w)
        figure.setObjectName("menuExportFigure")
        for what, text in FIGURES:
            figure.addAction(self._action(f"actionExportFigure_{what}", text, lambda what=what: self.figure_dialog(what),
                                          "SVG or PDF (vector, for slides and papers) or PNG at twice the resolution"))
        model = self._action("actionExportModel", "Export &model (ONNX, MATLAB)…", self.model_dialog,
                             "The forward pass as an ONNX model, or the weights as a MATLAB .mat file")
        history = self._action("actionExportHistory", "Export &history (CSV)…", self.history_dialog,
                               "Every recorded step: losses and every weight, one row a step")
        file_menu = self._menu_holding(w.menu_actions.quit)
        if file_menu is not None:
            before = w.menu_actions.quit
            file_menu.insertMenu(before, code)
            file_menu.insertAction(before, model)
            file_menu.insertMenu(before, figure)
            file_menu.insertAction(before, history)
            file_menu.insertSeparator(before)
        copy = self._action("actionCopyLatex", "Copy step as &LaTeX", lambda: self.copy_latex(),
                            "The next step's equations with their numbers, as LaTeX (amsmath), to the clipboard")
        edit_menu = self._menu_holding(w.menu_actions.redo)
        if edit_menu is not None:
            edit_menu.addSeparator()
            edit_menu.addAction(copy)
        browser = w.equations.browser
        browser.setContextMenuPolicy(Qt.CustomContextMenu)
        browser.customContextMenuRequested.connect(self._equations_menu)

    def _equations_menu(self, pos):
        """The text view's own menu (copy, select all) and the two LaTeX copies."""
        browser = self.window.equations.browser
        menu = browser.createStandardContextMenu(pos)
        menu.addSeparator()
        phase = self.phase_at(pos)
        if phase is not None:
            one = menu.addAction(f"Copy “{phase.title}” as LaTeX")
            one.setObjectName("actionCopyLatexPhase")
            one.triggered.connect(lambda _=False: self.copy_latex(phase))
        menu.addAction(self.actions["actionCopyLatex"])
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(browser.viewport().mapToGlobal(pos))
        return menu

    def phase_at(self, pos):
        """The phase whose section is under `pos` (viewport coordinates): the last `phase-i` anchor
        at or before that point of the document."""
        browser = self.window.equations.browser
        where = browser.cursorForPosition(pos).position()
        found, block = None, browser.document().begin()
        while block.isValid() and block.position() <= where:
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.position() > where:
                    break
                for name in fragment.charFormat().anchorNames():
                    if name.startswith("phase-"):
                        found = int(name[len("phase-"):])
                it += 1
            block = block.next()
        phases = self.window.equations.phase_list()
        return phases[found] if found is not None and found < len(phases) else None

    # ---- the slots a dialog drives ------------------------------------------------------------
    def _ask(self, title, filters, suggested):
        return dialogs.save_file_name(self.window, title, filters, self.window._folder(), suggested)

    def code_dialog(self, language):
        filters = next(f for lang, _, f in LANGUAGES if lang == language)
        from core import code_export  # on first use, like the other writers: not needed to start
        name = self.window.controller.name.replace("-", "_").replace(" ", "_")
        path = self._ask("Export as code", filters, f"{name}{code_export.EXTENSIONS[language]}")
        return self.code_to(path, language) if path else False

    def model_dialog(self):
        path = self._ask("Export model", MODEL_FILTERS, f"{self.window.controller.name}.onnx")
        return self.model_to(path) if path else False

    def figure_dialog(self, what):
        path = self._ask(f"Export the {what} as a figure", FIGURE_FILTERS, f"{self.window.controller.name}-{what}.svg")
        return self.figure_to(what, path) if path else False

    def history_dialog(self):
        path = self._ask("Export history", HISTORY_FILTERS, f"{self.window.controller.name}-history.csv")
        return self.history_to(path) if path else False

    # ---- the work -----------------------------------------------------------------------------
    def _done(self, message):
        self.window.statusBar().showMessage(message, 8000)
        return True

    def _failed(self, title, path, error):
        self.window._file_error(title, path, error)
        return False

    def code_to(self, path, language, steps=None):
        """Write the run as a script: the session's steps (or `steps`) from its initial weights."""
        from core import code_export
        c = self.window.controller
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)  # replaying a long run takes a moment
        try:
            run = code_export.write(c.trainer, path, language, steps, c.name)
        except BadInput as e:
            return self._failed("Cannot export the code", path, e)
        finally:
            QGuiApplication.restoreOverrideCursor()
        same = all(np.array_equal(a, b) for a, b in zip(run.W + [b for b in run.b if b is not None],
                                                       list(c.network.weights) + [b for b in c.network.biases
                                                                                  if b is not None]))
        note = "" if same or steps is not None else (" — it replays the run from the initial weights with the "
                                                     "settings of now, which ends elsewhere than this session "
                                                     "(weights or settings were changed during the run)")
        return self._done(f"{os.path.basename(path)}: {run.steps:,} steps in {language}{note}")

    def model_to(self, path):
        from core import model_export
        try:
            trainer = self.window.controller.trainer
            model_export.export(trainer.network, path, inputs=trainer.data.features or None)
        except BadInput as e:
            return self._failed("Cannot export the model", path, e)
        return self._done(f"Model written to {path}")

    def figure_to(self, what, path):
        try:
            export_figure(self.window, what, path)
        except BadInput as e:
            return self._failed("Cannot export the figure", path, e)
        return self._done(f"Figure written to {path}")

    def history_to(self, path):
        try:
            history_csv.write(self.window.controller.trainer, path)
        except BadInput as e:
            return self._failed("Cannot export the history", path, e)
        return self._done(f"History written to {path}")

    def copy_latex(self, phase=None):
        """The next step (or one phase of it) as LaTeX on the clipboard; returns the text."""
        from core import latex
        c = self.window.controller
        try:
            step = latex.Step.from_trainer(c.trainer, c.next_step())
            text = latex.step_latex(step) if phase is None else latex.phase_latex(step, phase)
        except BadInput as e:
            dialogs.show_error(self.window, "Cannot write the LaTeX", str(e))
            return ""
        QGuiApplication.clipboard().setText(text)
        self._done("LaTeX of " + ("the step" if phase is None else f"“{phase.title}”") + " copied (needs amsmath)")
        return text

