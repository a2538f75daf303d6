"""Start the window: `python main.py [preset or session.json]`."""
import os
import sys


def run(argv=None):
    from PySide6.QtWidgets import QApplication

    from core import presets

    from .main_window import APPLICATION, ORGANIZATION, MainWindow
    argv = list(argv or [])
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    first = argv[0] if argv else None
    window = MainWindow(first if first in presets.names() else None)
    window.show()
    if first and first not in presets.names():
        if os.path.exists(first):
            window.open_path(first)
        else:
            print(f"backprop-lab: {first!r} is neither a preset ({', '.join(presets.names())}) nor a file",
                  file=sys.stderr)
    else:
        window.offer_recovery()
    return app.exec()
