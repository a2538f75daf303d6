"""The small map inside every neuron of the diagram: one image per layer, not one item per neuron.

Forward, a neuron's disc shows its activation a^l_j over the input plane (as TensorFlow
Playground's nodes do). Backward, it shows the training samples as dots coloured by δ^l_j over a
faint map of the output's sensitivity ∂a^L/∂z^l_j (see gui/neuron_maps.py and core/maps.py).

Each layer's tiles are composed in NumPy into one RGBA image the height of the column, the disc
cut out by an antialiased alpha mask, and drawn by one QGraphicsPixmapItem under the neuron
outlines: 8 hidden layers of 32 neurons are 9 images, and an update costs a forward pass over a
16 × 16 grid and a few array operations, whatever the number of neurons.
"""
import time

import numpy as np

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem

from ..neuron_maps import DELTA_POWER, SMALL_GRID, diverging_rgb, per_neuron_scaled

MAP_Z = 2.5  # above the weight lines (1), under the neuron outlines (3) and the bias squares (4)


def disc_mask(side):
    """(side, side) alpha 0..255: an antialiased disc filling the square."""
    r = side / 2
    c = (np.arange(side) + 0.5 - r)
    dist = np.hypot(c[None, :], c[:, None])
    return (np.clip(r - dist, 0.0, 1.0) * 255).astype(np.uint8)


def upsample(tiles, side):
    """(n, g, g, 3) → (n, side, side, 3) by nearest neighbour, rows flipped: row 0 of a map is the
    bottom of the plane, row 0 of an image is its top."""
    g = tiles.shape[1]
    index = np.minimum((np.arange(side) + 0.5) * g / side, g - 1).astype(int)
    return tiles[:, index[::-1]][:, :, index]


def dot_pixels(points, low, high, side):
    """Pixel (row, column) of each point (m, 2) in a side × side tile of the plane low..high."""
    u = (points - low) / np.maximum(high - low, 1e-12)
    col = np.clip((u[:, 0] * side).astype(int), 0, side - 1)
    row = np.clip(((1 - u[:, 1]) * side).astype(int), 0, side - 1)
    return row, col


class NeuronMapImages:
    """The map images of every layer of the diagram, in `scene` (one QGraphicsPixmapItem per layer)."""

    def __init__(self, scene, maps):
        self.maps = maps          # gui.neuron_maps.NeuronMaps
        self.items = []
        self.scene = scene
        self._placement = None    # (column x, neuron y per layer, tile side in scene units, pixel scale)
        self.updates = 0          # for tests and benchmarks
        self.seconds = 0.0        # what the last update cost

    def clear(self):
        for item in self.items:
            if item.scene() is not None:
                self.scene.removeItem(item)
        self.items = []
        self._placement = None

    def place(self, column_x, neuron_y, radius, pixel_scale=1.0):
        """Where the tiles go: neuron centres (scene units), the disc's radius, and how many device
        pixels one scene unit is (the view may be scaled down)."""
        self._placement = (column_x, neuron_y, radius, pixel_scale)

    def set_visible(self, on):
        for item in self.items:
            item.setVisible(on)

    def update(self, direction="forward"):
        """Redraw every layer's image for the current weights: "forward" or "backward"."""
        start = time.perf_counter()
        if self._placement is None or not self.maps.available():
            self.set_visible(False)
            return
        column_x, neuron_y, radius, scale = self._placement
        side = max(4, int(round(2 * radius * scale)))  # tile side in device pixels
        mask = disc_mask(side)
        tiles = self._tiles(direction, side)
        while len(self.items) < len(tiles):
            item = QGraphicsPixmapItem()
            item.setZValue(MAP_Z)
            item.setTransformationMode(Qt.FastTransformation)  # the tiles are made at device size
            self.scene.addItem(item)
            self.items.append(item)
        for l, rgb in enumerate(tiles):
            item = self.items[l]
            if rgb is None:
                item.hide()
                continue
            ys = np.asarray(neuron_y[l])
            top = ys.min() - radius
            height = int(round((ys.max() - ys.min()) * scale)) + side
            image = np.zeros((height, side, 4), dtype=np.uint8)
            # every tile at once: the rows of tile j start at its neuron's top (tiles never overlap:
            # neurons are at least a diameter apart)
            starts = np.rint((ys - radius - top) * scale).astype(int)
            rows = np.minimum(starts[:, None] + np.arange(side), height - 1)  # (n_l, side)
            image[rows, :, :3] = rgb
            image[rows, :, 3] = mask
            qimage = QImage(image.data, side, height, 4 * side, QImage.Format_RGBA8888)
            item.setPixmap(QPixmap.fromImage(qimage.copy()))
            item.setScale(1.0 / scale)
            item.setPos(column_x[l] - radius, top)
            item.show()
        self.updates += 1
        self.seconds = time.perf_counter() - start

    def _tiles(self, direction, side):
        """Per layer: (n_l, side, side, 3) uint8 tiles, or None (no map for that layer)."""
        if direction == "forward":
            return [upsample(rgb, side) for rgb in self.maps.forward_rgb(SMALL_GRID)]
        low, high = self.maps.plane()
        X, deltas = self.maps.deltas()
        row, col = dot_pixels(X, low, high, side)
        out = [upsample(self.maps.forward_rgb(SMALL_GRID)[0], side)]  # the inputs: what the plane is
        for l, faint in enumerate(self.maps.backward_rgb(SMALL_GRID)[1:], start=1):
            tiles = upsample(faint, side).copy()
            colours = diverging_rgb(per_neuron_scaled(deltas[l], DELTA_POWER))  # (n_l, m, 3)
            tiles[:, row, col] = colours
            if side >= 24:  # big enough for 2 × 2 dots
                tiles[:, np.minimum(row + 1, side - 1), col] = colours
                tiles[:, row, np.minimum(col + 1, side - 1)] = colours
                tiles[:, np.minimum(row + 1, side - 1), np.minimum(col + 1, side - 1)] = colours
            out.append(tiles)
        return out
