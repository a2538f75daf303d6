"""Details a new learner tripped over: the window's fit on a framed screen, plots that show a lone
first point, empty legends, a steady toolbar, the recovery prompt, the command line's help."""
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
