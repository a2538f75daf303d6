"""The window's teaching features, wired in by one call from the main window (`install(window)`):
lessons (File › Lessons, Open lesson, Save as lesson; the Lesson panel and its locks), worksheets
(File › Export worksheet, HTML or PDF) and projector mode (View › Zoom, View › Theme).
Quiz me and the notation switch live on the equations panel."""
import os

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QAction, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QDockWidget

from core import lessons
from core.errors import BadInput

from . import dialogs
from .lesson_panel import LessonPanel, apply_locks, relock
from .projector import Projector

LOOK_BYTES = 64 * 1024  # a lesson file names its format near the start
LESSON_FILTER = "Backprop Lab lessons (*.json)"
WORKSHEET_FILTER = "Worksheet as HTML (*.html);;Worksheet as PDF (*.pdf)"


class Teaching:
    def __init__(self, window):
        self.window = window
        c = window.controller
        self.lesson = None
        self.panel = LessonPanel(c)
        self.dock = QDockWidget("Lesson", window)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                              | QDockWidget.DockWidgetClosable)
        window.addDockWidget(Qt.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        window.equations.quiz_box.answered.connect(self.panel.quiz_answered)
        c.documentChanged.connect(self._document_changed)
        for signal in (c.settingsChanged, c.networkChanged):
            signal.connect(self._relock)
        self.projector = Projector(window)
        self._menus()
        self.projector.restore()

    # ---- menus ------------------------------------------------------------------------------------
    def _action(self, name, text, slot, tip=""):
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        return action

    def _menus(self):
        w = self.window
        a = w.menu_actions
        file_menu = w.file_menu
        lessons_menu = file_menu.addMenu("&Lessons")
        lessons_menu.setObjectName("menuLessons")
        lessons_menu.setToolTipsVisible(True)
        self.lesson_actions = {}
        for name in lessons.names():
            title = lessons.title(name)
            action = self._action(f"actionLesson_{name.replace('-', '_')}", title,
                                  lambda _=False, n=name: self.open_lesson(lessons.get(n)), title)
            lessons_menu.addAction(action)
            self.lesson_actions[name] = action
        lessons_menu.addSeparator()
        self.open_action = self._action("actionOpenLesson", "Open lesson &file…", self.open_lesson_dialog)
        lessons_menu.addAction(self.open_action)
        self.save_action = self._action("actionSaveAsLesson", "Save as &lesson…", self.save_as_lesson_dialog,
                                        "The current session as a lesson: task, goals, locked controls")
        self.worksheet_action = self._action("actionExportWorksheet", "Export &worksheet…",
                                             self.export_worksheet_dialog,
                                             "The next step with blanks, printable (HTML or PDF), and its answer key")
        file_menu.removeAction(lessons_menu.menuAction())
        file_menu.insertMenu(a.quit, lessons_menu)
        file_menu.insertAction(a.quit, self.save_action)
        file_menu.insertAction(a.quit, self.worksheet_action)
        file_menu.insertSeparator(a.quit)
        w.view_menu.addAction(self.dock.toggleViewAction())
        self.projector.add_to_menu(w.view_menu)

    # ---- lessons ----------------------------------------------------------------------------------
    def open_lesson(self, lesson, ask=True):
        """Open the lesson: its session, task, goals and locks. `ask`: first ask about unsaved changes."""
        w = self.window
        if ask and not w.maybe_save("opening a lesson"):
            return False
        try:
            trainer = lesson.trainer()
        except BadInput as e:
            dialogs.show_error(w, "Cannot open the lesson", str(e))
            return False
        self.lesson = None  # the new document is the lesson's: not a reason to end it
        w.controller.load(trainer, lesson.title, lesson.view())
        self.lesson = lesson
        self.panel.set_lesson(lesson)
        apply_locks(w, lesson.hidden, lesson.locked)
        self.dock.show()
        self.dock.raise_()
        if not self.dock.isFloating():  # the task and the goals get most of the left column's height
            height = self.window.height()
            self.window.resizeDocks([self.dock, self.window.docks["controls"]],
                                    [int(height * 0.42), int(height * 0.2)], Qt.Vertical)
        return True

    def end_lesson(self):
        self.lesson = None
        self.panel.set_lesson(None)
        apply_locks(self.window)
        self.dock.hide()

    def _document_changed(self):
        if self.lesson is not None and self.window.controller.name != self.lesson.title:
            self.end_lesson()  # another session or preset was opened

    def _relock(self):
        if self.lesson is not None:
            relock(self.window, self.lesson.locked)

    def open_argument(self, text, ask=True):
        """`python main.py LESSON` or `python main.py lesson.json`: open it and return True; False if
        `text` is neither a shipped lesson nor a lesson file (it may be a session)."""
        if text in lessons.names():
            return self.open_lesson(lessons.get(text), ask)
        if text.endswith(".json") and os.path.isfile(text):
            try:  # a look at the opening is enough to tell (a session may be megabytes)
                with open(text, "rb") as f:
                    is_lesson = f'"{lessons.FORMAT}"'.encode() in f.read(LOOK_BYTES)
            except OSError:
                return False
            return is_lesson and self.open_lesson_path(text, ask)
        return False

    def open_lesson_dialog(self):
        path = dialogs.open_file_name(self.window, "Open lesson", LESSON_FILTER, self.window._folder())
        if path:
            self.open_lesson_path(path)

    def open_lesson_path(self, path, ask=True):
        try:
            lesson = lessons.load(path)
        except BadInput as e:
            dialogs.show_error(self.window, "Cannot open the lesson", str(e))
            return False
        return self.open_lesson(lesson, ask)

    def save_as_lesson_dialog(self):
        from .dialogs.lesson_dialog import LessonDialog
        w = self.window
        dialog = LessonDialog(w.controller.trainer, w.controller.name, w)
        if self.lesson is not None:
            dialog.task.setPlainText(self.lesson.task)
        if dialog.exec() != LessonDialog.Accepted or dialog.lesson is None:
            return None
        path = dialogs.save_file_name(w, "Save lesson", LESSON_FILTER, w._folder(),
                                      dialog.title.text().strip().replace(" ", "-").lower() + ".json")
        if not path:
            return None
        return self.save_lesson(dialog.lesson, path)

    def save_lesson(self, lesson, path):
        try:
            lessons.save(lesson, path)
        except BadInput as e:
            dialogs.show_error(self.window, "Cannot save the lesson", str(e))
            return None
        self.window.statusBar().showMessage(f"Saved the lesson {os.path.basename(path)}", 5000)
        return path

    # ---- worksheets -------------------------------------------------------------------------------
    def export_worksheet_dialog(self):
        w = self.window
        path = dialogs.save_file_name(w, "Export worksheet", WORKSHEET_FILTER, w._folder(),
                                      f"{w.controller.name}-step-{w.controller.trainer.step_count + 1}.html")
        if path:
            self.export_worksheet(path)

    def export_worksheet(self, path):
        """The next step as a worksheet at `path` (.html or .pdf) and its key beside it (…-key.html/.pdf).
        Returns (sheet path, key path), or None after saying why not."""
        c = self.window.controller
        base, ext = os.path.splitext(path)
        ext = ext.lower() or ".html"
        key_path = f"{base}-key{ext}"
        try:
            if ext not in (".html", ".htm", ".pdf"):
                raise BadInput(f"a worksheet is written as .html or .pdf, not {ext}")
            from core import worksheet  # on first use: not needed to start
            trainer = _copy_of(c.trainer)
            sheet = worksheet.make(trainer, c.name, 1)
            for target, text in ((path, sheet.sheet), (key_path, sheet.key)):
                if ext == ".pdf":
                    _write_pdf(target, text)
                else:
                    from core.files import atomic_write
                    atomic_write(target, lambda f, t=text: f.write(t.encode("utf-8")))
        except BadInput as e:
            dialogs.show_error(self.window, "Cannot export the worksheet", str(e))
            return None
        self.window.statusBar().showMessage(f"Wrote {os.path.basename(path)} and {os.path.basename(key_path)}", 5000)
        return path, key_path


def _copy_of(trainer):
    """A trainer at the same point of the same run, to prepare a worksheet without touching the window's."""
    from core import session
    return session.from_dict(session.to_dict(trainer, with_history=False))


def _write_pdf(path, html_text):
    """Print HTML to a PDF on A4 (Qt's rich text: the tables and boxes, not every CSS rule)."""
    from core.files import check_writable
    check_writable(path)
    writer = QPdfWriter(path)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout.Millimeter))
    writer.setResolution(300)
    document = QTextDocument()
    document.setDefaultStyleSheet("td { padding: 2px 3px; white-space: nowrap; } td.blank { border: 1px solid #777; }")
    document.setHtml(html_text.replace('class="blank"></td>', 'class="blank">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;'
                                                                '&nbsp;&nbsp;&nbsp;</td>'))
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    document.print_(writer)
