"""The drawn pieces of the diagram: neurons, bias markers, the lines of one weight matrix, buttons.

Items only draw; they never change the network. Clicks are resolved by the view
(`DiagramView.hit_at`), which turns them into controller calls.
"""
import numpy as np

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from .. import palette

INK = QColor(40, 40, 40)
MUTED = QColor(110, 110, 110)
NEURON_FILL = QColor(255, 255, 255)
COLUMN_FILL = QColor(46, 160, 67, 28)  # palette.ACTIVE, faint: the background of the active layer


def font(point_size=9, bold=False):
    f = QFont()
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


class NeuronItem(QGraphicsEllipseItem):
    """Neuron j of layer l."""

    def __init__(self, l, j):
        super().__init__()
        self.l, self.j = l, j
        self.setZValue(3)
        self._look = None
        self.set_look()

    def place(self, x, y, r):
        self.setRect(QRectF(x - r, y - r, 2 * r, 2 * r))

    def set_look(self, selected=False, active=False, mark=None, hollow=False):
        """selected / active: the crimson or green outline; mark: a pen for a saturated or dead neuron;
        hollow: no white fill (a map is drawn under the outline)."""
        look = (selected, active, None if mark is None else mark.color().rgb(), hollow)
        if self._look == look:
            return  # restyling hundreds of unchanged neurons every frame would cost more than drawing
        self._look = look
        if selected:
            pen = QPen(palette.SELECTED, 3)
        elif active:
            pen = QPen(palette.ACTIVE, 2.5)
        elif mark is not None:
            pen = mark
        else:
            pen = QPen(INK, 1.3)
        self.setPen(pen)
        self.setBrush(QBrush(Qt.NoBrush) if hollow else QBrush(NEURON_FILL))


class BiasItem(QGraphicsRectItem):
    """The little square for b^l_j, filled with the sign colour of its value."""

    def __init__(self, l, j):
        super().__init__()
        self.l, self.j = l, j
        self.setZValue(4)
        self._selected = False
        self._value = 0.0
        self._style = None

    def place(self, cx, cy, side):
        self.setRect(QRectF(cx - side / 2, cy - side / 2, side, side))

    def set_value(self, value):
        self._value = float(value)
        self._restyle()

    def set_selected(self, selected):
        self._selected = selected
        self._restyle()

    def _restyle(self):
        style = (np.sign(self._value), self._selected)
        if style == self._style:
            return  # the colour shows only the sign: most frames change nothing
        self._style = style
        self.setBrush(QBrush(palette.weight_color(self._value)))
        self.setPen(QPen(palette.SELECTED, 2.5) if self._selected else QPen(INK, 0.8))


def _faded(color, fade):
    """`color` mixed with white: looks translucent on the white diagram but draws as fast as opaque."""
    if fade <= 0:
        return color
    return QColor(*(round(c + (255 - c) * fade) for c in (color.red(), color.green(), color.blue())))


class WeightLinesItem(QGraphicsItem):
    """Every line of W^l in one item (or, for a matrix of more than MAX_LINES weights, a fixed sample).

    One item per matrix instead of one per weight keeps the scene small (8 hidden layers of
    32 neurons are ~7000 weights) and the live update cheap: the lines are grouped by pen
    (sign × width rounded to a quarter pixel) and each group is drawn with one drawLines call.
    A matrix of a million weights (1,000 × 1,000, the documented limit) draws a uniform random sample
    of MAX_LINES of them, always the same ones: its lines fill a band a few hundred pixels high, which
    that many lines show just as well, at a thousandth of the cost. Every weight keeps its line for
    the selection, the pointer and pen_at; only the drawing is sampled.
    The item does not take mouse events; the view finds the line under the pointer by geometry.
    """

    WIDTH_STEP = 0.25
    ANTIALIAS_UP_TO = 600
    MAX_LINES = 2_000

    def __init__(self, l):
        super().__init__()
        self.l = l
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.NoButton)
        # drawn once into a pixmap: hovering and the selection overlay then repaint from the
        # cache; only new values (update() in set_values) redraw thousands of lines
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self._ends = ()  # x0, y0, x1, y1 of every weight, each (n_l, n_{l-1}): entry [j, k]
        self._drawn_index = None  # the weights whose lines are drawn (all, or a sample of MAX_LINES)
        self._lines = []        # QLineF per drawn weight
        self._shape = (0, 0)
        self._groups = []       # (QPen, [QLineF]) drawn in this order
        self._values = self._focus = None  # the last set_values' values and focus, flat, to answer pen_at()
        self._pen_of_key = {}   # pen key → QPen
        self._pen_args = None   # (steps, max_abs, thickest, fade) the keys were made with
        self._drawn = None      # what the current pens were made from: equal inputs need no new pens
        self._rect = QRectF()

    @property
    def drawn_count(self):
        return len(self._lines)

    @property
    def weight_count(self):
        return self._shape[0] * self._shape[1]

    def set_geometry(self, x0, y0, x1, y1):
        self.prepareGeometryChange()
        self._shape = x0.shape
        self._drawn = None
        # kept as given (layout.segments gives broadcast views: a million lines cost no copy)
        self._ends = tuple(np.asarray(a, dtype=float) for a in (x0, y0, x1, y1))
        n = x0.size
        self._drawn_index = np.arange(n) if n <= self.MAX_LINES else \
            np.sort(np.random.default_rng(self.l).choice(n, self.MAX_LINES, replace=False))
        rows, columns = np.divmod(self._drawn_index, self._shape[1])
        ends = np.column_stack([a[rows, columns] for a in self._ends])
        self._lines = [QLineF(*line) for line in ends.tolist()]
        pad = 8.0  # half the thickest pen, and some
        left, right = float(min(x0.min(), x1.min())), float(max(x0.max(), x1.max()))
        top, bottom = float(min(y0.min(), y1.min())), float(max(y0.max(), y1.max()))
        self._rect = QRectF(left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad)

    def set_values(self, values, max_abs, thickest, fade=0.0, focus=None):
        """Colour each line by the sign of its value and make it as wide as |value| / max_abs allows.

        `fade` (0..1) mixes the colour with white, for lines a step-through phase does not use;
        with a boolean `focus` mask (like values) only the lines outside it are faded.
        Pens are opaque with flat caps: Qt's raster engine draws translucent or round-capped
        antialiased lines 5 to 25 times slower, which matters at thousands of lines per frame."""
        values = np.asarray(values, dtype=float)
        if values.shape != self._shape:
            return
        steps = max(1, int(round((thickest - 0.5) / self.WIDTH_STEP)))
        if self._pen_args is None or self._pen_args[::2] != (steps, thickest) or self._pen_args[3] != fade:
            self._pen_of_key = {}  # (a pen's width is relative to max_abs: a new max_abs keeps the pens)
        self._pen_args = (steps, max_abs, thickest, fade)
        # the keys of the lines drawn only (a sample of a large matrix); pen_at makes any other's
        self._values, self._focus = values.ravel(), None if focus is None else np.asarray(focus, dtype=bool).ravel()
        drawn_keys = self._keys(self._drawn_index)
        # while training, most frames move no line to another colour or quarter pixel of width: then
        # the pens, the groups and the cached picture all stay as they are
        drawn = (drawn_keys.tobytes(), steps, thickest, fade)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        keys, inverse = np.unique(drawn_keys, return_inverse=True)
        pens = [self._pen(key_value) for key_value in keys.tolist()]
        pale = [bool(fade and key_value // (steps + 1) // 3) for key_value in keys.tolist()]
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(len(keys) + 1))
        # faded lines first, then thin before thick: a line that matters is never hidden under
        # a crowd of weaker ones
        by_width = sorted(range(len(keys)), key=lambda g: (not pale[g], pens[g].widthF()))
        self._groups = [(pens[g], [self._lines[i] for i in order[bounds[g]:bounds[g + 1]].tolist()])
                        for g in by_width]
        self.update()

    def _keys(self, index):
        """The pen keys of the weights at these flat positions: sign, width level (and whether faded)."""
        steps, max_abs, thickest, fade = self._pen_args
        values = self._values[index]
        ratio = np.abs(values) / max_abs if max_abs and np.isfinite(max_abs) else np.zeros(values.shape)
        ratio = np.nan_to_num(np.minimum(ratio, 1.0))
        level = np.rint(ratio * steps).astype(int)
        sign = np.sign(np.nan_to_num(values)).astype(int)
        faded = np.ones(values.shape, dtype=int) if self._focus is None else ~self._focus[index]
        return ((faded * 3 + sign + 1) * (steps + 1) + level) if fade else (sign + 1) * (steps + 1) + level

    def _pen(self, key_value):
        """The pen of a key of set_values (sign, width level and fading), made once per key."""
        pen = self._pen_of_key.get(key_value)
        if pen is None:
            steps, max_abs, thickest, fade = self._pen_args
            f_s, lev = divmod(key_value, steps + 1)
            is_faded, s = divmod(f_s, 3)
            pen = QPen(_faded(palette.weight_color(s - 1), fade if is_faded else 0.0),
                       palette.weight_width(lev / steps, 1.0, thickest=thickest))
            pen.setCapStyle(Qt.FlatCap)
            self._pen_of_key[key_value] = pen
        return pen

    def pen_at(self, j, k):
        """The pen the line of W^l_jk is drawn with (drawn or not)."""
        return self._pen(int(self._keys(np.array([j * self._shape[1] + k]))[0]))

    def line_at(self, j, k):
        return QLineF(*(float(a[j, k]) for a in self._ends))

    def boundingRect(self):
        return self._rect

    def paint(self, painter, option, widget=None):
        # antialiasing costs most with many lines, and helps least when they are dense
        painter.setRenderHint(QPainter.Antialiasing, len(self._lines) <= self.ANTIALIAS_UP_TO)
        for pen, lines in self._groups:
            painter.setPen(pen)
            painter.drawLines(lines)


class ButtonItem(QGraphicsItem):
    """A small round +/− control. When disabled it is greyed out and `reason` says why."""

    def __init__(self, symbol, action, tooltip, reason=None):
        super().__init__()
        self.symbol, self.action, self.tooltip = symbol, action, tooltip
        self.reason = reason
        self.setZValue(6)
        self.setAcceptHoverEvents(True)
        self._hover = False
        self._side = 20.0

    @property
    def enabled(self):
        return self.reason is None

    def place(self, cx, cy, side):
        self.prepareGeometryChange()
        self._side = side
        self.setPos(cx, cy)

    def boundingRect(self):
        s = self._side
        return QRectF(-s / 2 - 1, -s / 2 - 1, s + 2, s + 2)

    def hoverEnterEvent(self, event):
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event):
        self._hover = False
        self.update()

    def paint(self, painter, option, widget=None):
        s = self._side
        rect = QRectF(-s / 2, -s / 2, s, s)
        if self.enabled:
            fill = QColor(225, 235, 248) if self._hover else QColor(245, 247, 250)
            edge, ink = QColor(90, 110, 140), INK
        else:
            fill, edge, ink = QColor(240, 240, 240), QColor(200, 200, 200), QColor(175, 175, 175)
        painter.setPen(QPen(edge, 1.2))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 5, 5)
        # the symbol is drawn as strokes, not text: crisp and centred at any font
        painter.setPen(QPen(ink, 2.0))
        arm = s * 0.26
        painter.drawLine(QPointF(-arm, 0), QPointF(arm, 0))
        if self.symbol == "+":
            painter.drawLine(QPointF(0, -arm), QPointF(0, arm))


class NumberItem(QGraphicsSimpleTextItem):
    """A small number beside a neuron or on a line, on a light plate so lines behind it do not
    make it unreadable."""

    def __init__(self, text="", point_size=9):
        super().__init__(text)
        self.setFont(font(point_size))
        self.setBrush(QBrush(INK))
        self.setZValue(7)
        self.plate = QColor(255, 255, 255, 225)

    def paint(self, painter, option, widget=None):
        painter.setPen(Qt.NoPen)
        painter.setBrush(self.plate)
        painter.drawRoundedRect(super().boundingRect().adjusted(-2, 0, 2, 0), 3, 3)
        super().paint(painter, option, widget)

    def boundingRect(self):
        return super().boundingRect().adjusted(-2, 0, 2, 0)
