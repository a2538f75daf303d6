"""Live pyqtgraph plots: loss, weight trajectories, and the data with the network's prediction."""
import os

from core.errors import BadInput
from core.files import check_writable

from .data import DataPlot
from .loss import LossPlot
from .weights import WeightsPlot

IMAGE_FORMATS = (".png", ".jpg", ".jpeg", ".bmp")

__all__ = ["DataPlot", "LossPlot", "WeightsPlot", "export_image", "IMAGE_FORMATS"]


def export_image(live_plot, path, width=1200):
    """Save a plot as an image (pyqtgraph's ImageExporter); the format follows the extension."""
    from pyqtgraph.exporters import ImageExporter
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in IMAGE_FORMATS:
        raise BadInput(f"unknown image type {ext or '(none)'!r} for {path}; use one of {', '.join(IMAGE_FORMATS)}")
    path = check_writable(path)
    exporter = ImageExporter(live_plot.plot)
    exporter.parameters()["width"] = int(width)
    if not exporter.export(path):
        raise BadInput(f"could not write the image {path}")
