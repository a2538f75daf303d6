"""`python main.py figure SOURCE --what … -o PATH`: the window drawn offscreen, one figure written.

Its own module, at the top of the house (it builds a MainWindow), so gui/figures.py, which the
window's Export menu uses, never imports the window back.
"""
import os
import sys
import tempfile
from contextlib import contextmanager

from .figures import _check, export_figure

# What Qt's offscreen platform says about every window it cannot resize like a desktop: true, harmless,
# and a dozen lines of it made the one line the command prints hard to find.
OFFSCREEN_CHATTER = "This plugin does not support"


@contextmanager
def _quiet_offscreen_platform():
    """Qt's messages go to stderr as usual, but for the offscreen platform's OFFSCREEN_CHATTER."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message):
        if not message.startswith(OFFSCREEN_CHATTER):
            print(message, file=sys.stderr)
    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def figure_command(args, out, load):
    """`python main.py figure SOURCE --what … -o PATH [--steps N]`: the window drawn offscreen (its
    settings and recovery files in a temporary folder, so nothing of the learner's is touched),
    trained N more steps, one figure written."""
    _check(args.output)
    trainer, name = load(args.source)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    app = QApplication.instance() or QApplication(["backprop-lab"])
    with tempfile.TemporaryDirectory() as folder, _quiet_offscreen_platform():
        settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.IniFormat)
        window = MainWindow(settings=settings, recovery_folder=folder)
        try:
            window.controller._adopt(trainer, name)
            if args.steps:
                window.controller.step(args.steps)
            window.resize(args.width, args.height)
            window.show()
            window.default_layout()
            for _ in range(5):
                app.processEvents()
            export_figure(window, args.what, args.output)
        finally:
            window.controller._set_dirty(False)
            window.recovery.stop()
            window.hide()
            window.deleteLater()
            app.processEvents()
    print(f"wrote {args.output}: the {args.what} of {name} at step {trainer.step_count:,}", file=out)
    return 0
