"""The Lesson panel: the task of the open lesson and its goals, ticked as they are met; and the
lesson's locks applied to the window's controls.

Goals are checked (core/lessons.py) a moment after anything changes — training, a setting, the
network, a quiz answer — and a goal once met stays ticked: a lesson is a path, and the loss going up
again after the learner met the goal should not take the tick away.
"""
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from core import lessons

CHECK_DELAY_MS = 250  # goals are checked at most four times a second while training plays
LOCKED_TIP = "Locked by this lesson"


class LessonPanel(QWidget):
    goalsChanged = Signal()

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.controller = controller
        self.lesson = None
        self.progress = lessons.Progress()
        self.met = set()  # goals ticked so far
        self.states = []
        self.title = QLabel(objectName="lessonTitle", wordWrap=True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.task = QTextBrowser(objectName="lessonTask")
        self.task.setOpenExternalLinks(True)
        self.goals = QLabel(objectName="lessonGoals", wordWrap=True)
        self.goals.setTextFormat(Qt.RichText)
        self.goals.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.task, 3)
        goals_title = QLabel("<b>Goals</b>")
        layout.addWidget(goals_title)
        layout.addWidget(self.goals, 2)
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_goals)
        c = controller
        for signal in (c.trained, c.networkChanged, c.settingsChanged):
            signal.connect(self._changed)
        c.diverged.connect(self._diverged)

    def set_lesson(self, lesson):
        self.lesson = lesson
        self.progress = lessons.Progress()
        self.met = set()
        if lesson is None:
            self.title.setText("")
            self.task.clear()
            self.goals.setText("")
            return
        self.title.setText(lesson.title)
        if lesson.task_format == "html":
            self.task.setHtml(lesson.task)
        else:
            self.task.setMarkdown(lesson.task)
        self.check_goals()

    def quiz_answered(self, equation):
        if self.lesson is not None:
            self.progress.answered(equation)
            self._changed()

    def _diverged(self, _message=""):
        self.progress.diverged = True
        self._changed()

    def _changed(self, *_):
        if self.lesson is not None and not self._timer.isActive():
            self._timer.start()

    def check_goals(self):
        """Evaluate every goal now; returns the list of core.lessons.GoalState."""
        if self.lesson is None:
            return []
        self.states = lessons.evaluate_all(self.lesson, self.controller.trainer, self.progress)
        rows = []
        for i, state in enumerate(self.states):
            if state.met:
                self.met.add(i)
            done = i in self.met
            mark = "<span style='color:#1a7f37'>✔</span>" if done else "○"
            now = f" <span style='color:#888'>({state.now})</span>" if state.now and not done else ""
            rows.append(f"<p style='margin:2px 0'>{mark} {state.text}{now}</p>")
        total = len(self.states)
        rows.append(f"<p style='margin-top:6px'><b>{len(self.met)} of {total} goals met</b>"
                    + (" — well done!" if len(self.met) == total and total else "") + "</p>")
        self.goals.setText("".join(rows))
        self.goalsChanged.emit()
        return self.states

    def all_met(self):
        return self.lesson is not None and len(self.met) == len(self.lesson.goals)


# ---- locks ----------------------------------------------------------------------------------------
def control_widgets(window):
    """The widgets of each lockable control (core.lessons.CONTROLS) in this window."""
    t, d = window.controls.training, window.controls.data
    return {"loss": [t.loss], "optimizer": [t.optimizer, t.momentum], "lr": [t.lr], "batch_size": [t.batch],
            "regularization": [t.l1, t.l2], "seed": [t.seed],
            "data": [d.generator, d.noise, d.samples, d.test_fraction, d.data_seed],
            "network": [], "activations": [], "weights": []}


def _rows(form, widget):
    """The widget and its label in a QFormLayout, so hiding a field hides its label too."""
    label = form.labelForField(widget) if form is not None else None
    return [w for w in (widget, label) if w is not None]


def apply_locks(window, hidden=(), locked=()):
    """Hide and lock the lesson's controls (and undo the last lesson's): settings are disabled with a
    tooltip saying why; the diagram refuses edits of a locked network, activations or weights."""
    widgets = control_widgets(window)
    forms = {id(w): section.form for section in (window.controls.training, window.controls.data)
             for w in section.findChildren(QWidget)}
    for name, items in widgets.items():
        for widget in items:
            for w in _rows(forms.get(id(widget)), widget):
                w.setVisible(name not in hidden)
            if name in locked:
                if widget.property("tipBeforeLock") is None:
                    widget.setProperty("tipBeforeLock", widget.toolTip())
                widget.setEnabled(False)
                widget.setToolTip(LOCKED_TIP)
            elif widget.property("tipBeforeLock") is not None:
                widget.setEnabled(True)
                widget.setToolTip(widget.property("tipBeforeLock"))
                widget.setProperty("tipBeforeLock", None)
    window.controls.data.setVisible("data" not in hidden)  # the whole group: no empty box left behind
    window.diagram.locked = {n for n in ("network", "activations", "weights") if n in locked or n in hidden}
    # the settings panel enables some fields itself (e.g. momentum only for momentum): let it redo that
    window.controls.training.sync()
    window.controls.data.sync()
    relock(window, locked)


def relock(window, locked):
    """Disable the locked controls again (the settings panel enables fields as the settings change)."""
    widgets = control_widgets(window)
    for name in locked:
        for widget in widgets.get(name, []):
            widget.setEnabled(False)
