"""Backprop Lab's window: PySide6 + pyqtgraph views over the core.

    from gui import MainWindow
"""


def __getattr__(name):  # import the window (and pyqtgraph) only when asked for
    if name == "MainWindow":
        from .main_window import MainWindow
        return MainWindow
    raise AttributeError(f"module 'gui' has no attribute {name!r}")


__all__ = ["MainWindow"]
