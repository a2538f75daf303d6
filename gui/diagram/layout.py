"""Pure geometry of the network diagram: where every column, neuron and control goes.

No Qt here, so the layout can be tested (and reasoned about) as plain numbers.
The diagram is laid out for the size of the view itself (one scene unit = one
pixel), not drawn once and scaled: that keeps text at its real point size and
lets neurons shrink while labels stay readable. Only a view smaller than the
minimum size is scaled down (see `minimum_size`).

Vertical bands, top to bottom:

    header     [−] [+]  2 hidden layers          (adds/removes hidden layers)
    titles     layer 1 / tanh                     (one column per layer)
    controls   [−] 4 neurons [+]                  (hidden layers only)
    neurons    the circles, lines between columns
    caption    what the picture shows right now   (two lines)
"""
from dataclasses import dataclass

import numpy as np

from core import notation, typed_numbers
from core.errors import BadInput

MARGIN = 10.0
HEADER_H = 34.0
TITLE_H = 38.0
CONTROLS_H = 30.0
CAPTION_H = 40.0
MIN_COLUMN_W = 70.0   # "leaky_relu" and "[−] 32 [+]" fit in one column (8 hidden layers fit a 720 px wide view)
MIN_NEURON_AREA_H = 150.0
MIN_SPACING = 13.0    # neurons this far apart at least: 32 of them stay apart, clickable, with a visible map
MIN_SCALE = 0.7       # a view smaller than the minimum size is scaled down this far at most, then scrolls
MAX_SPACING = 90.0    # small networks: neurons do not spread over the whole height
MAX_RADIUS = 20.0
MIN_RADIUS = 3.0
BUTTON = 20.0         # side of a +/− control
SMALL_BUTTON = 15.0   # ...beside a layer's count in a narrow column (many layers), so neighbours keep apart


@dataclass(frozen=True)
class Hit:
    """What is under the pointer: kind is 'button', 'bias', 'neuron', 'weight', 'column' or 'empty'.
    l, j, k locate it (weight W^l_jk, bias b^l_j, neuron j of layer l, column l)."""
    kind: str
    l: int | None = None
    j: int | None = None
    k: int = 0
    button: object = None


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    column_x: tuple        # x of layer l = 0..L
    neuron_y: tuple        # per layer, the y of each neuron
    radius: float
    column_w: float
    spacing: float         # vertical distance between neighbouring neurons
    header_y: float        # vertical centre of the header band
    title_y: float         # top of the titles
    controls_y: float      # vertical centre of the per-layer controls
    area_top: float        # the neurons' band
    area_bottom: float
    caption_y: float       # top of the caption

    @property
    def n_columns(self):
        return len(self.column_x)

    def neuron(self, l, j):
        return self.column_x[l], self.neuron_y[l][j]

    def bias_marker(self, l, j):
        """Centre and side of the little square for b^l_j, at the neuron's lower left (as in
        TensorFlow Playground): it belongs to the neuron but does not hide its circle."""
        x, y = self.neuron(l, j)
        side = max(0.7 * self.radius, 4.0)  # small beside a small neuron: it must not cover its neighbours
        return x - self.radius * 0.95, y + self.radius * 0.75, side

    @property
    def layer_button(self):
        """Side of the per-layer [−] [+] controls: smaller in narrow columns."""
        return BUTTON if self.column_w >= 84 else SMALL_BUTTON

    def line_width_limit(self):
        """The thickest weight line: dense layers get thinner lines, so they stay lines."""
        return float(np.clip(0.22 * self.spacing, 1.5, 6.0))


def minimum_size(sizes, top=0.0):
    """The smallest (width, height) at which everything is legible; a smaller view is scaled.
    `top`: room kept free above the header (see `compute`)."""
    width = 2 * MARGIN + len(sizes) * MIN_COLUMN_W
    area = max(MIN_NEURON_AREA_H, max(sizes) * MIN_SPACING)
    height = 2 * MARGIN + top + HEADER_H + TITLE_H + CONTROLS_H + area + CAPTION_H
    return width, height


def compute(sizes, width, height, top=0.0):
    """The layout of a network with layer sizes `sizes` (n_0..n_L) in a width × height scene.
    `top`: room kept free above the header (in a narrow view the header goes below the maps switch)."""
    min_w, min_h = minimum_size(sizes, top)
    width, height = max(width, min_w), max(height, min_h)
    n_cols = len(sizes)
    column_w = (width - 2 * MARGIN) / n_cols
    column_x = tuple(MARGIN + (i + 0.5) * column_w for i in range(n_cols))
    header_y = MARGIN + top + HEADER_H / 2
    title_y = MARGIN + top + HEADER_H
    controls_y = title_y + TITLE_H + CONTROLS_H / 2
    area_top = title_y + TITLE_H + CONTROLS_H + 6
    caption_y = height - MARGIN - CAPTION_H
    area_bottom = caption_y - 6
    biggest = max(sizes)
    spacing = min(MAX_SPACING, (area_bottom - area_top) / biggest)
    radius = float(np.clip(0.4 * spacing, MIN_RADIUS, MAX_RADIUS))
    radius = min(radius, 0.18 * column_w)
    middle = (area_top + area_bottom) / 2
    neuron_y = tuple(tuple(middle + (j - (n - 1) / 2) * spacing for j in range(n)) for n in sizes)
    return Layout(width, height, column_x, neuron_y, radius, column_w, spacing,
                  header_y, title_y, controls_y, area_top, area_bottom, caption_y)


def view_scale(layout, view_width, view_height):
    """How much to scale the diagram in a view of this size: 1 when it fits; less to fit a smaller view,
    but never below MIN_SCALE (text and neurons would become too small to read or click): then the
    view scrolls instead. Returns (scale, scrolls)."""
    fit = min(1.0, view_width / layout.width, view_height / layout.height)
    return max(fit, MIN_SCALE), fit < MIN_SCALE


def segments(layout, l):
    """Endpoints of every line of W^l as arrays (x0, y0, x1, y1), each of shape (n_l, n_{l-1}):
    entry [j, k] is the line from neuron k of layer l−1 to neuron j of layer l (row j, column k)."""
    y_in = np.asarray(layout.neuron_y[l - 1])
    y_out = np.asarray(layout.neuron_y[l])
    y0 = np.broadcast_to(y_in[None, :], (len(y_out), len(y_in)))
    y1 = np.broadcast_to(y_out[:, None], (len(y_out), len(y_in)))
    x0 = np.full(y0.shape, layout.column_x[l - 1])
    x1 = np.full(y0.shape, layout.column_x[l])
    return x0, y0, x1, y1


def nearest_weight(layout, x, y, tolerance):
    """(l, j, k) of the weight line nearest to the point (x, y), if within `tolerance`, else None.

    Lines are not one item each (32 × 32 × 8 would be thousands), so clicking and hovering
    find the line by geometry: the distance from the point to each segment of the layer the
    point lies in."""
    for l in range(1, layout.n_columns):
        if not layout.column_x[l - 1] <= x <= layout.column_x[l]:
            continue
        x0, y0, x1, y1 = segments(layout, l)
        dx, dy = x1 - x0, y1 - y0
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
        dist = np.hypot(x0 + t * dx - x, y0 + t * dy - y)
        j, k = np.unravel_index(np.argmin(dist), dist.shape)
        if dist[j, k] <= tolerance:
            return l, int(j), int(k)
    return None


def clear_point(layout, l, j, k):
    """A point on the line of W^l_jk as far as possible from every other line of W^l.

    Midpoints are a poor choice: in a symmetric layout two lines often cross exactly there.
    All lines of one matrix span the same x range, so at a fraction t of the way every line
    is at the same x and only the y values need comparing."""
    x0, y0, x1, y1 = segments(layout, l)
    best_t, best_gap = 0.5, -1.0
    candidates = np.linspace(0.2, 0.8, 61)
    for t in candidates[np.argsort(np.abs(candidates - 0.5), kind="stable")]:  # ties: nearest the middle
        y = y0 + t * (y1 - y0)
        others = np.delete(y.ravel(), j * y.shape[1] + k)
        gap = np.min(np.abs(others - y[j, k])) if others.size else np.inf
        if gap > best_gap + 1e-9:
            best_t, best_gap = t, gap
    return (float(x0[j, k] + best_t * (x1[j, k] - x0[j, k])), float(y0[j, k] + best_t * (y1[j, k] - y0[j, k])))


def _overlap(a, b):
    """Area shared by two rectangles (left, top, width, height)."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def label_places(layout, labels, gap=3.0):
    """Where to write each weight's value beside its line, so that no label covers another, a neuron
    or a bias square: [(left, top)] for labels [(l, j, k, width, height)].

    Each label goes above or below its line (just beside it, else a little further) at a point along
    it (from the middle outwards); the first place clear of everything met so far is taken, else the
    least covered one."""
    obstacles = []
    pad = 3.0
    for l, ys in enumerate(layout.neuron_y):
        for j in range(len(ys)):
            x, y = layout.neuron(l, j)
            r = layout.radius + pad
            obstacles.append((x - r, y - r, 2 * r, 2 * r))
            if l:
                cx, cy, side = layout.bias_marker(l, j)
                obstacles.append((cx - side / 2 - 1, cy - side / 2 - 1, side + 2, side + 2))
    candidates = np.linspace(0.1, 0.9, 33)
    candidates = candidates[np.argsort(np.abs(candidates - 0.5), kind="stable")]
    places = []
    for l, j, k, width, height in labels:
        x0, y0, x1, y1 = (a[j, k] for a in segments(layout, l))
        best, best_cost = None, np.inf
        for t in candidates:
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            for top in (y - height - gap, y + gap, y - 1.6 * height - gap, y + 0.6 * height + gap):
                rect = (x - width / 2, top, width, height)
                cost = sum(_overlap(rect, o) for o in obstacles)
                if cost < best_cost:
                    best, best_cost = rect, cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        obstacles.append(best)
        places.append((float(best[0]), float(best[1])))
    return places


def name(kind, l, j, k=0):
    """A parameter's name in ASCII: W^2_01, b^1_3 (core.notation)."""
    return notation.ascii_parameter(kind, l, j, k)


sup, sub = notation.sup, notation.sub


def pretty_name(kind, l, j, k=0, scalar=False):
    """W¹₀₁, b²₃ for labels drawn in the diagram; a 1×1 matrix is just W¹ (the seed's scalar w)."""
    return notation.parameter(kind, l, j, k, scalar=scalar)


def fmt(value):
    """A number for a small label: 4 significant digits and a real minus sign."""
    if value != value:
        return "nan"
    return f"{value:.4g}".replace("-", "−")


def parse_number(text):
    """The float typed in `text` (core.typed_numbers), or a ValueError whose message, a sentence,
    says what is wrong."""
    try:
        return typed_numbers.parse_number(text)
    except BadInput as e:
        message = str(e)
        raise ValueError(message[:1].upper() + message[1:] + ".") from None
