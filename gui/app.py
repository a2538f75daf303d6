"""Start the window."""
import sys


def run(argv=None):
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("Backprop Lab")
    app.setOrganizationName("Backprop Lab")
    window = MainWindow()
    window.show()
    return app.exec()
