"""Start the window: `python main.py [preset or session.json]`."""
import os
import sys

# The window multiplies small matrices (a few dozen rows) many times a second. A multithreaded BLAS
# gains nothing there and, when the cores are busy, its threads wait on each other: a 16×16 by
# 16×3600 product went from 0.2 ms to 30 ms. One thread, unless the user chose otherwise. This must
# run before NumPy is imported, so it sits at the top of the module main.py imports first
# (docs/design.md, "Facts about this platform").
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def run(argv=None):
    from PySide6.QtWidgets import QApplication

    from .main_window import APPLICATION, ORGANIZATION
    argv = list(argv or [])
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    window = start(argv)  # noqa: F841 (kept alive while the application runs)
    return app.exec()


def start(argv, recovery_folder=None):
    """Show the window on the preset, session or lesson named by argv[0], then offer the work a crash
    left in a recovery file: at every start, whatever was asked for (a restored session replaces
    the one just opened, which is saved on disk). Returns the window."""
    from core import presets

    from .main_window import MainWindow
    first = argv[0] if argv else None
    window = MainWindow(first if first in presets.names() else None, recovery_folder=recovery_folder)
    window.show()
    if first and first not in presets.names():
        if window.teaching.open_argument(first):  # a lesson's name or a lesson file
            pass
        elif os.path.exists(first):
            window.open_path(first)
        else:
            print(f"backprop-lab: {first!r} is neither a preset ({', '.join(presets.names())}) nor a file",
                  file=sys.stderr)
    window.offer_recovery()
    return window
