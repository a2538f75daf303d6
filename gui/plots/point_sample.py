"""Many samples drawn as few: a fixed random sample of the points, coloured with shared brushes.

pyqtgraph's ScatterPlotItem renders one symbol image per distinct (symbol, size, pen, brush) object
and keeps a record per point: 100,000 points with a brush each cost seconds on every data change
and most of a gigabyte. So the data plot draws at most MAX_SHOWN points of each data set, a uniform
random sample (the same one on every redraw, so the picture does not flicker; a uniform sample keeps
the density and the classes' proportions), and colours them with one shared QBrush per colour
(colours are rounded to COLOUR_STEP, finer than the eye tells apart on a 7-pixel dot).
"""
import numpy as np
import pyqtgraph as pg

MAX_SHOWN = 5_000  # points drawn for the training and the test samples together
COLOUR_STEP = 8    # colour channels are rounded to multiples of this before a brush is shared
DOT, SMALL_DOT, CROWDED = 7, 5, 1_000  # dot sizes in pixels: smaller beyond CROWDED points, so the heatmap shows


def dot_size(shown):
    return DOT if shown <= CROWDED else SMALL_DOT


def shown_indices(counts, limit=MAX_SHOWN, seed=0):
    """For data sets of these sizes (e.g. train, test), the sorted row indices drawn of each: all
    rows when they add up to at most `limit`, else a uniform random sample of `limit` rows in all,
    shared between the sets in proportion to their sizes. The same counts always give the same rows."""
    total = sum(counts)
    if total <= limit:
        return [np.arange(n) for n in counts]
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(total, size=limit, replace=False))
    out, start = [], 0
    for n in counts:
        inside = picked[(picked >= start) & (picked < start + n)]
        out.append(inside - start)
        start += n
    return out


def shown_note(shown, total):
    """The caption's note when only a sample is drawn, e.g. "showing 5,000 of 100,000 points"."""
    return "" if shown >= total else f"showing {shown:,} of {total:,} points"


class BrushCache:
    """One QBrush per colour (rounded to COLOUR_STEP), shared by every point of that colour."""

    def __init__(self):
        self._brushes = {}

    def __call__(self, colours):
        """A list of brushes for colours given as QColors or (N, 3|4) numbers 0–255."""
        if len(colours) and not isinstance(colours[0], (tuple, list, np.ndarray)):
            colours = [(c.red(), c.green(), c.blue(), c.alpha()) for c in colours]
        rgba = np.asarray(colours, dtype=float).reshape(len(colours), -1)
        if rgba.shape[1] == 3:
            rgba = np.column_stack([rgba, np.full(len(rgba), 255.0)])
        rounded = np.clip(np.round(rgba / COLOUR_STEP) * COLOUR_STEP, 0, 255).astype(int)
        keys = [tuple(row) for row in rounded.tolist()]
        brushes = self._brushes
        for key in set(keys) - brushes.keys():
            brushes[key] = pg.mkBrush(*key)
        return [brushes[key] for key in keys]

    def __len__(self):
        return len(self._brushes)
