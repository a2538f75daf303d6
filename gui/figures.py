"""Figures for slides and papers: the diagram, a plot, the equations or the whole window, as SVG and
PDF (vectors: lines and text stay sharp at any size) or PNG at twice the screen's resolution.

    export_figure(window, "diagram", "net.svg")        # the format follows the extension

`python main.py figure ...` draws offscreen with gui/figure_command.py.

Every widget here paints itself with QPainter (the diagram and the pyqtgraph plots are
QGraphicsViews, the equations a text view), so one route serves them all: QWidget.render into a
QSvgGenerator, a QPdfWriter or a 2× QImage. What the learner sees is what the file shows.
"""
import os
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPoint, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

from core.errors import BadInput
from core.files import atomic_write, check_writable

FIGURE_FORMATS = (".svg", ".pdf", ".png")
PNG_SCALE = 2
WHAT = ("diagram", "loss", "weights", "data", "equations", "window")


def figure_widget(window, what):
    """The widget showing `what` in a MainWindow."""
    widgets = {"diagram": window.diagram, "loss": window.loss_plot, "weights": window.weights_plot,
               "data": window.data_plot, "equations": window.equations, "window": window}
    if what not in widgets:
        raise BadInput(f"no figure called {what!r}; choose one of {', '.join(WHAT)}")
    return widgets[what]


def _check(path):
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in FIGURE_FORMATS:
        raise BadInput(f"unknown figure type {ext or '(none)'!r} for {path}; use one of {', '.join(FIGURE_FORMATS)}")
    check_writable(path)
    return ext


@contextmanager
def _uncached(widget):
    """Items that cache themselves as pixmaps (the diagram's lines, the plots' axes) draw as vectors
    while the figure is made, and go back to their cache afterwards."""
    views = ([widget] if isinstance(widget, QGraphicsView) else []) + widget.findChildren(QGraphicsView)
    cached = [(item, item.cacheMode()) for view in views if view.scene() is not None
              for item in view.scene().items() if item.cacheMode() != QGraphicsItem.NoCache]
    exporting = [item for view in views if view.scene() is not None for item in view.scene().items()
                 if hasattr(item, "setExportMode")]  # pyqtgraph's: e.g. scatter points as shapes, not sprites
    # controls over a view (the diagram's maps switch) are not part of the figure
    chrome = [w for w in widget.findChildren(QWidget) if w.property("chrome") and w.isVisible()]
    for item, _ in cached:
        item.setCacheMode(QGraphicsItem.NoCache)
    for item in exporting:
        item.setExportMode(True, {"antialias": True})
    for w in chrome:
        w.hide()
    try:
        yield
    finally:
        for w in chrome:
            w.show()
        for item in exporting:
            item.setExportMode(False)
        for item, mode in cached:
            item.setCacheMode(mode)


def _paint(widget, device):
    painter = QPainter(device)
    try:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.TextAntialiasing)
        QWidget.render(widget, painter, QPoint(0, 0))  # the widget and its children, as on screen
    finally:
        painter.end()


def figure_bytes(widget, ext, title="Backprop Lab"):
    """The widget drawn as an .svg, .pdf or .png file's bytes."""
    size = widget.size()
    if size.width() < 2 or size.height() < 2:
        raise BadInput("the figure has no size yet: show the panel first")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if ext == ".svg":
        svg = QSvgGenerator()
        svg.setOutputDevice(buffer)
        svg.setSize(size)
        svg.setViewBox(QRect(0, 0, size.width(), size.height()))
        svg.setTitle(title)
        svg.setDescription("Drawn by Backprop Lab")
        with _uncached(widget):
            _paint(widget, svg)
    elif ext == ".pdf":
        pdf = QPdfWriter(buffer)
        pdf.setTitle(title)
        pdf.setCreator("Backprop Lab")
        pdf.setResolution(72)  # one pixel of the widget is one point of the page
        pdf.setPageLayout(QPageLayout(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Point),
                                      QPageLayout.Portrait, QMarginsF(0, 0, 0, 0)))
        with _uncached(widget):
            _paint(widget, pdf)
    else:
        image = QImage(QSize(size.width() * PNG_SCALE, size.height() * PNG_SCALE), QImage.Format_ARGB32)
        image.setDevicePixelRatio(PNG_SCALE)
        image.fill(QColor(Qt.white))
        _paint(widget, image)
        if not image.save(buffer, "PNG"):
            raise BadInput("could not encode the PNG image")
    buffer.close()
    return bytes(data)


def export_figure(window, what, path):
    """Write the figure `what` (see WHAT) of the window to `path`; the format follows the extension."""
    ext = _check(path)
    widget = figure_widget(window, what)
    data = figure_bytes(widget, ext, f"{window.controller.name}: {what}")
    atomic_write(path, lambda f: f.write(data))
