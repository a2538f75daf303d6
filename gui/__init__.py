"""Backprop Lab's window: PySide6 + pyqtgraph views over the core."""
