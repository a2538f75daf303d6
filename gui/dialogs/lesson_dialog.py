"""File › Save as lesson: the current session with a title, a task, goals and locks.

The goals offered are the common ones (a loss to reach, a size not to exceed, quiz entries to
answer, steps to take); each is data for core/lessons.py, which validates the whole lesson before
anything is written."""
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from core import lessons
from core.exercises import EQUATIONS

LOCK_CHOICES = (("free", "free"), ("locked", "locked"), ("hidden", "hidden"))


class LessonDialog(QDialog):
    def __init__(self, trainer, name, parent=None):
        super().__init__(parent)
        self.setObjectName("lessonDialog")
        self.setWindowTitle("Save as lesson")
        self.trainer = trainer
        self.title = QLineEdit(name, objectName="lessonTitleEdit")
        self.task = QPlainTextEdit(objectName="lessonTaskEdit")
        self.task.setPlaceholderText("The task, in Markdown: what to do, what to look at, what to answer.")
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Task", self.task)

        goals = QGroupBox("Goals (ticked live in the Lesson panel)")
        grid = QGridLayout(goals)
        train, test = trainer.losses()
        self.goal_rows = []

        def row(label, *widgets, check=False):
            box = QCheckBox(label)
            box.setChecked(check)
            grid.addWidget(box, len(self.goal_rows), 0)
            holder = QWidget()
            h = QHBoxLayout(holder)
            h.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                h.addWidget(w)
            h.addStretch(1)
            grid.addWidget(holder, len(self.goal_rows), 1)
            self.goal_rows.append(box)
            return box

        def number(value, decimals=4, high=1e6):
            spin = QDoubleSpinBox()
            spin.setDecimals(decimals)
            spin.setRange(0.0, high)
            spin.setValue(value)
            return spin

        self.test_loss = number(0.05)
        self.train_loss = number(0.05)
        self.neurons = QSpinBox(minimum=0, maximum=10_000, value=sum(trainer.network.sizes[1:-1]))
        self.quiz_equation = QComboBox()
        self.quiz_equation.addItems(list(EQUATIONS))
        self.quiz_equation.setCurrentText("BP2")
        self.quiz_count = QSpinBox(minimum=1, maximum=100, value=5)
        self.steps = QSpinBox(minimum=1, maximum=10**8, value=min(max(trainer.step_count, 100), 10**8))
        self.g_test = row("test loss at most", self.test_loss, check=test == test)
        self.g_train = row("train loss at most", self.train_loss)
        self.g_neurons = row("hidden neurons at most", self.neurons)
        self.g_quiz = row("answer quiz entries of", self.quiz_equation, QLabel("×"), self.quiz_count)
        self.g_steps = row("train at least", self.steps, QLabel("steps"))

        locks = QGroupBox("Controls")
        lock_grid = QGridLayout(locks)
        self.locks = {}
        for i, name in enumerate(lessons.CONTROLS):
            combo = QComboBox(objectName=f"lock_{name}")
            for text, data in LOCK_CHOICES:
                combo.addItem(text, data)
            lock_grid.addWidget(QLabel(name.replace("_", " ")), i // 2, 2 * (i % 2))
            lock_grid.addWidget(combo, i // 2, 2 * (i % 2) + 1)
            self.locks[name] = combo

        self.error = QLabel(objectName="lessonDialogError", wordWrap=True)
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(goals)
        layout.addWidget(locks)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.lesson = None

    def goals(self):
        out = []
        if self.g_test.isChecked():
            out.append({"kind": "loss", "set": "test", "at_most": self.test_loss.value()})
        if self.g_train.isChecked():
            out.append({"kind": "loss", "set": "train", "at_most": self.train_loss.value()})
        if self.g_neurons.isChecked():
            out.append({"kind": "hidden_neurons", "at_most": self.neurons.value()})
        if self.g_quiz.isChecked():
            out.append({"kind": "quiz", "equation": self.quiz_equation.currentText(), "count": self.quiz_count.value()})
        if self.g_steps.isChecked():
            out.append({"kind": "steps", "at_least": self.steps.value()})
        return out

    def make_lesson(self, name=""):
        """The lesson as the dialog describes it (BadInput if it is not valid)."""
        hidden = [n for n, c in self.locks.items() if c.currentData() == "hidden"]
        locked = [n for n, c in self.locks.items() if c.currentData() == "locked"]
        return lessons.from_trainer(self.trainer, self.title.text().strip(), self.task.toPlainText(), self.goals(),
                                    hidden=hidden, locked=locked, name=name)

    def _accept(self):
        from core.errors import BadInput
        try:
            if not self.title.text().strip():
                raise BadInput("give the lesson a title")
            self.lesson = self.make_lesson()
        except BadInput as e:
            self.error.setText(str(e)[:1].upper() + str(e)[1:])
            return
        self.accept()
