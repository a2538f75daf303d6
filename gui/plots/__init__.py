"""Live pyqtgraph plots: loss, weight trajectories, and the data with the network's prediction."""
import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from core.errors import BadInput
from core.files import atomic_write, check_writable

from .data import DataPlot
from .gradients import GradientFlowPlot
from .loss import LossPlot
from .weights import WeightsPlot

IMAGE_FORMATS = (".png", ".jpg", ".jpeg", ".bmp")

__all__ = ["DataPlot", "GradientFlowPlot", "LossPlot", "WeightsPlot", "export_image", "IMAGE_FORMATS"]


def export_image(live_plot, path, width=1200):
    """Save a plot as an image (pyqtgraph's ImageExporter); the format follows the extension."""
    from pyqtgraph.exporters import ImageExporter
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in IMAGE_FORMATS:
        raise BadInput(f"unknown image type {ext or '(none)'!r} for {path}; use one of {', '.join(IMAGE_FORMATS)}")
    path = check_writable(path)
    exporter = ImageExporter(live_plot.plot)
    exporter.parameters()["width"] = int(width)
    image = exporter.export(toBytes=True)  # a QImage: encoded here, then written atomically like every file
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if image is None or not image.save(buffer, ext.lstrip(".").upper().replace("JPG", "JPEG")):
        raise BadInput(f"could not make the image for {path}")
    atomic_write(path, lambda f: f.write(bytes(data)))
