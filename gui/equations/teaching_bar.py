"""The equations panel's teaching controls: Quiz me (QAction `actionQuiz`, checkable) with its list
of blanks (gui/quiz.py), and the notation switch (`notationBox`: column, row as PyTorch, Andrew Ng's,
index sums). The panel asks this object which entries to hide and whether another notation is shown.
"""
from PySide6.QtWidgets import QComboBox, QSplitter
from PySide6.QtCore import Qt

from core.exercises import Step
from core.notations import NAMES, TITLES

from ..quiz import QuizBox
from . import notation_view

NOTATION_LABELS = {"column": "Column form", "row": "Rows (PyTorch)", "ng": "Andrew Ng's", "index": "Index sums"}


class PanelTeaching:
    def __init__(self, panel, top_row, browser_index):
        self.panel = panel
        c = panel.controller
        self.actionQuiz, quiz_button = panel._action(
            "actionQuiz", "Quiz me", "Fill in entries of the next step before they are shown: the app blanks "
            "one entry per equation; click any entry to blank it too", self._toggle_quiz, checkable=True)
        self.notation = QComboBox(panel, objectName="notationBox")
        for name in NAMES:
            self.notation.addItem(NOTATION_LABELS[name], name)
            self.notation.setItemData(self.notation.count() - 1, TITLES[name], Qt.ToolTipRole)
        self.notation.setToolTip("The same step in another notation, with the same numbers: what moves "
                                 "(transposes, the 1/m) is highlighted")
        self.notation.currentIndexChanged.connect(lambda _: panel.refresh())
        top_row.insertWidget(0, quiz_button)
        top_row.insertWidget(1, self.notation)
        self.quiz_box = QuizBox(c, panel)
        self.quiz_box.hiddenChanged.connect(panel.refresh)
        # the quiz list shares the panel's height with the equations, below them
        layout = panel.layout()
        layout.removeWidget(panel.browser)
        self.splitter = QSplitter(Qt.Vertical, panel, objectName="quizSplitter")
        self.splitter.addWidget(panel.browser)
        self.splitter.addWidget(self.quiz_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.insertWidget(browser_index, self.splitter, 1)
        self.quiz_box.hide()
        for signal in (c.trained, c.networkChanged, c.settingsChanged):
            signal.connect(self._step_changed)
        c.playingChanged.connect(self._playing_changed)

    # ---- quiz -------------------------------------------------------------------------------------
    @property
    def quizzing(self):
        return self.actionQuiz.isChecked()

    def _toggle_quiz(self, on):
        if on:
            self.panel.controller.pause()  # the step to fill in must stay the next one
            self.panel.controller.set_phase(None)
            self.notation.setEnabled(False)
            self.panel.set_mode("batch")  # the blanks are entries of the whole batch
            self.panel.one_sample.setEnabled(False)
            self.quiz_box.show()
            self.quiz_box.new_quiz()
        else:
            self.notation.setEnabled(True)
            self.panel.one_sample.setEnabled(True)
            self.quiz_box.hide()
            self.quiz_box.stop()

    def _step_changed(self, *_):
        if self.quizzing and not self.panel.controller.playing:  # while playing, no step waits to be filled in
            self.quiz_box.new_quiz()

    def _playing_changed(self, playing):
        if self.quizzing:
            if playing:
                self.quiz_box.stop()
            else:
                self.quiz_box.new_quiz()

    def hidden(self):
        """The open blanks as the panel would show them ("-363.54", "(4×2)"): drawn as "?" wherever
        they appear (the same number may stand in several places: Z and A of a linear layer)."""
        if not self.quizzing or self.quiz_box.quiz is None:
            return frozenset()
        quiz = self.quiz_box.quiz
        return frozenset(b.shown() for b, state in zip(quiz.blanks, quiz.state) if state == "open")

    def anchor_clicked(self, text):
        """Handle a 'blank:kind:l:i:j' link (an entry clicked in quiz mode); True if it was one."""
        if not text.startswith("blank:"):
            return False
        try:
            kind, l, i, j = text[len("blank:"):].split(":")
            self.quiz_box.blank_entry(kind, int(l), int(i), int(j))
        except ValueError:
            pass
        return True

    # ---- notation ---------------------------------------------------------------------------------
    @property
    def notation_name(self):
        return self.notation.currentData()

    def notation_html(self, trainer, width, colors):
        """The step in the chosen notation, or None for the column form (the panel's own view)."""
        name = self.notation_name
        if name == "column" or self.quizzing:  # a quiz is on the column form (the others show every number)
            return None
        step = Step.from_trainer(trainer)
        return notation_view.render(step, name, width, colors)
