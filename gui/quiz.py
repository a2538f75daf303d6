"""Quiz me: entries of the next step become blanks the learner fills in (core/exercises.py does the
reading, the checking and the hints; this is its view).

The equations panel hides the open blanks' numbers (a "?" in place) and lists them here, one row
each: the entry's name and equation, a box to type into, Reveal. A wrong answer shows the hint —
the equation and the numbers feeding the entry — and the learner tries again or reveals it. When no
blank is open the step is taken and the next step's blanks come. Clicking an entry in the panel
blanks it too. The score counts over the whole session.
"""
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from core.errors import BadInput
from core.exercises import EQUATION_NAMES, OPEN, RIGHT, Quiz, Score, Step, blank_at, pick_blanks

NEXT_STEP_DELAY_MS = 900  # long enough to see the last tick before the next step's blanks come
RIGHT_COLOR, WRONG_COLOR = "#1a7f37", "#b3261e"
SHORT = {"shape": "shape", "forward": "forward", "activation": "f(Z)", "cost_gradient": "∇C", "BP1": "BP1",
         "BP2": "BP2", "BP3": "BP3", "BP4": "BP4", "update": "update"}


class QuizBox(QWidget):
    """The list of blanks of the current step, with the session's score."""
    hiddenChanged = Signal()  # the entries to hide in the panel changed
    answered = Signal(str)  # an entry of this equation was answered right (lesson goals count them)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("quizBox")
        self.controller = controller
        self.quiz = None
        self.score = Score()
        self.seed = 0
        self.rows = []
        self.score_label = QLabel(objectName="quizScore")
        self.score_label.setWordWrap(True)
        self.list = QWidget()
        self.grid = QGridLayout(self.list)
        self.grid.setContentsMargins(2, 2, 2, 2)
        self.grid.setVerticalSpacing(1)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
        scroll.setWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(self.score_label)
        layout.addWidget(scroll, 1)
        self._next = QTimer(self, singleShot=True, interval=NEXT_STEP_DELAY_MS)
        self._next.timeout.connect(self._take_step)

    # ---- the quiz of the next step ------------------------------------------------------------------
    def new_quiz(self):
        """Blanks for the controller's next step (seeded by the step's number: the same step, the same blanks)."""
        self._next.stop()
        try:
            step = Step.from_trainer(self.controller.trainer)
            self.quiz = Quiz(step, pick_blanks(step, seed=self.seed + step.number), self.score)
        except BadInput as e:
            self.quiz = None
            self.score_label.setText(f"No quiz for this step: {e}")
        self._fill()
        self.hiddenChanged.emit()

    def stop(self):
        self._next.stop()
        self.quiz = None
        self._fill()
        self.hiddenChanged.emit()

    def hidden(self):
        return self.quiz.hidden() if self.quiz is not None else set()

    def blank_entry(self, kind, l, i, j):
        """Blank one more entry of this step (the learner clicked it in the panel)."""
        if self.quiz is None:
            return
        try:
            position = self.quiz.add(blank_at(self.quiz.step, kind, l, (i, j)))
        except BadInput:
            return
        self._fill()
        self.hiddenChanged.emit()
        self.rows[position][2].setFocus()

    # ---- rows -----------------------------------------------------------------------------------------
    def _fill(self):
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.rows = []
        quiz = self.quiz
        if quiz is not None:
            for i, blank in enumerate(quiz.blanks):
                name = QLabel(f"<b>{blank.label}</b> <span style='color:#777'>{SHORT[blank.equation]}</span>")
                name.setToolTip(EQUATION_NAMES[blank.equation])
                edit = QLineEdit(objectName=f"quizAnswer{i}")
                edit.setPlaceholderText("4×2" if blank.kind == "shape_W" else "a number, e.g. -363.54 or 1/3")
                edit.returnPressed.connect(lambda i=i: self.submit(i))
                reveal = QPushButton("Reveal", objectName=f"quizReveal{i}")
                reveal.setAutoDefault(False)
                reveal.clicked.connect(lambda _=False, i=i: self.reveal(i))
                feedback = QLabel(objectName=f"quizFeedback{i}", wordWrap=True)
                feedback.setTextInteractionFlags(Qt.TextSelectableByMouse)
                feedback.hide()
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                row.addWidget(reveal)
                holder = QWidget()
                holder.setLayout(row)
                row.setContentsMargins(0, 0, 0, 0)
                self.grid.addWidget(name, 2 * i, 0)
                self.grid.addWidget(holder, 2 * i, 1)
                self.grid.addWidget(feedback, 2 * i + 1, 0, 1, 2)
                self.rows.append((blank, name, edit, reveal, feedback))
                self._show_state(i)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(2 * len(self.rows), 1)
        self._show_score()

    def _show_state(self, i):
        blank, _, edit, reveal, feedback = self.rows[i]
        state = self.quiz.state[i]
        if state != OPEN:
            edit.setText(edit.text() if state == RIGHT else blank.shown())
            edit.setReadOnly(True)
            reveal.setEnabled(False)
            color = RIGHT_COLOR if state == RIGHT else "#777"
            feedback.setText(f"<span style='color:{color}'>{'✓ right' if state == RIGHT else 'revealed'}: "
                             f"{blank.label} = {blank.shown()}</span>")
            feedback.show()

    def _show_score(self):
        if self.quiz is None:
            self.score_label.setText("")
            return
        s = self.score
        left = sum(st == OPEN for st in self.quiz.state)
        status = (f"{left} blank{'s' if left != 1 else ''} left: type each entry as the panel would show it "
                  f"({self.quiz.step.digits} significant digits), Enter to check"
                  if left else "All done: taking the step…")
        self.score_label.setText(f"<b>Step {self.quiz.step.number}</b> — {status}.<br>Score: {s.text()}"
                                 if s.asked else f"<b>Step {self.quiz.step.number}</b> — {status}.")

    # ---- answering ------------------------------------------------------------------------------------
    def submit(self, i, text=None):
        """Check row i's answer (or `text`): ✓, or the hint; a wrong format says what is accepted."""
        if self.quiz is None or i >= len(self.rows):
            return None
        blank, _, edit, _, feedback = self.rows[i]
        if text is not None:
            edit.setText(text)
        try:
            right, hint = self.quiz.answer(i, edit.text())
        except BadInput as e:
            feedback.setText(f"<span style='color:{WRONG_COLOR}'>{e}</span>")
            feedback.show()
            return None
        if right:
            self._show_state(i)
            self.answered.emit(blank.equation)
            self._after_change()
        else:
            feedback.setText(f"<span style='color:{WRONG_COLOR}'>Not quite — try again, or Reveal.</span><br>"
                             f"{hint}")
            feedback.show()
            edit.selectAll()
        self._show_score()
        return right

    def reveal(self, i):
        if self.quiz is None:
            return
        self.quiz.reveal(i)
        self._show_state(i)
        self._after_change()
        self._show_score()

    def _after_change(self):
        self.hiddenChanged.emit()
        if self.quiz.done:
            self._next.start()
        else:
            nxt = next((k for k, s in enumerate(self.quiz.state) if s == OPEN), None)
            if nxt is not None:
                self.rows[nxt][2].setFocus()

    def _take_step(self):
        if self.quiz is not None and self.quiz.done:
            self.controller.step(1)  # trained → the panel asks for the next step's quiz
