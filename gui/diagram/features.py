"""Input-feature toggles in the diagram's input column (TensorFlow Playground's X1, X2, X1², ...).

For data of points (x1, x2) the left edge of the input column holds one chip per feature of
core.features: filled when the network is fed it, outlined when not. A click switches it
(the controller's set_features: the input layer grows or shrinks by one neuron and a new run
starts); the chosen features, in core.features' order, are A⁰, one input neuron each, and a
thin line joins each filled chip to its neuron. The last chip left on cannot be switched off.
"""
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsLineItem

from core import features as core_features
from core.errors import BadInput

from .. import palette
from . import layout as geometry
from .items import INK, MUTED, ButtonItem, font

CHIP_H = 16.0
CHIP_GAP = 3.0
FONT_PT = 8.0
MIN_FONT_PT = 7.0   # a narrower chip writes its name smaller, down to this; narrower still, no name (its tooltip has it)


class FeatureChip(ButtonItem):
    """One feature's toggle: a rounded box with its name (x₁², sin x₁)."""

    repeatable = False  # a double-click must not switch it back

    def __init__(self, name, on, action, reason=None):
        label = core_features.label(name)
        tooltip = (f"Stop feeding the network {label} (its input neuron goes; a new run)" if on else
                   f"Feed the network {label} as one more input (a new input neuron; a new run)")
        super().__init__("", action, tooltip, reason)
        self.name, self.on = name, on
        self.label = core_features.label(name)
        self._rect = QRectF(0, 0, 40, CHIP_H)

    def place_chip(self, left, cy, width):
        self.prepareGeometryChange()
        self._rect = QRectF(0, -CHIP_H / 2, width, CHIP_H)
        self.setPos(left, cy)

    def boundingRect(self):
        return self._rect.adjusted(-1, -1, 1, 1)

    def anchor(self):
        """The scene point a line to this chip's neuron starts from (its right edge)."""
        return self.mapToScene(self._rect.right(), 0)

    def paint(self, painter, option, widget=None):
        if self.on:
            fill, edge, ink = QColor(palette.POSITIVE).lighter(165), QColor(palette.POSITIVE), INK
        else:
            fill, edge, ink = QColor(250, 250, 250), QColor(185, 185, 185), MUTED
        if self._hover and self.enabled:
            fill = fill.darker(108)
        painter.setPen(QPen(edge, 1.2))
        painter.setBrush(fill)
        painter.drawRoundedRect(self._rect, 4, 4)
        text, label_font = self.text_shown()
        if text:
            painter.setPen(QPen(ink))
            painter.setFont(label_font)
            painter.drawText(self._rect, Qt.AlignCenter, text)

    def text_shown(self):
        """(text, font) the chip writes: its whole name at the largest size from FONT_PT down to
        MIN_FONT_PT that fits its width, else ("", None): a clipped "sin x" would misname it."""
        room = self._rect.width() - 2
        point = FONT_PT
        while point >= MIN_FONT_PT:
            f = font(point, bold=self.on)
            if QFontMetricsF(f).horizontalAdvance(self.label) <= room:
                return self.label, f
            point -= 1.0
        return "", None


def wanted(controller):
    """True when the data are points (x1, x2): only then are features made."""
    data = controller.trainer.data
    return data.n_raw_inputs == 2 and controller.network.sizes[0] == data.n_inputs


def make_chips(view):
    """{("feature", name): chip} for the controller's data, or {} when features do not apply."""
    controller = view.controller
    if not wanted(controller):
        return {}
    chosen = controller.trainer.data.features or core_features.RAW
    chips = {}
    for name in core_features.NAMES:
        on = name in chosen
        reason = "the network needs at least one input" if on and len(chosen) == 1 else None
        chips[("feature", name)] = FeatureChip(name, on, lambda n=name: toggle(view, n), reason)
    return chips


def toggle(view, name):
    controller = view.controller
    chosen = list(controller.trainer.data.features or core_features.RAW)
    chosen = [n for n in chosen if n != name] if name in chosen else chosen + [name]
    ordered = [n for n in core_features.NAMES if n in chosen]  # A⁰ in Playground's order
    try:
        controller.set_features(None if tuple(ordered) == core_features.RAW else ordered)
    except BadInput as e:
        view._set_note(str(e), warning=True)


def place_chips(view, lay):
    """Stack the chips down the left edge of the input column and join each filled one to its neuron."""
    for line in getattr(view, "feature_lines", []):
        view.scene().removeItem(line)
    view.feature_lines = []
    chips = [b for key, b in view.buttons.items() if isinstance(key, tuple) and key[0] == "feature"]
    if not chips:
        return
    metrics = QFontMetricsF(font(FONT_PT, bold=True))
    width = max(metrics.horizontalAdvance(c.label) for c in chips) + 10
    left = geometry.MARGIN / 2  # from the diagram's edge: in a narrow column every pixel helps the names fit
    room = lay.column_x[0] - lay.radius - 3 - left
    width = max(min(width, room), 24.0)
    total = len(chips) * CHIP_H + (len(chips) - 1) * CHIP_GAP
    top = (lay.area_top + lay.area_bottom) / 2 - total / 2 + CHIP_H / 2
    neuron = 0
    for i, chip in enumerate(chips):
        chip.place_chip(left, top + i * (CHIP_H + CHIP_GAP), width)
        if chip.on and neuron < len(lay.neuron_y[0]):
            x, y = lay.neuron(0, neuron)
            line = QGraphicsLineItem(QLineF(chip.anchor(), QPointF(x - lay.radius, y)))
            line.setPen(QPen(QColor(palette.POSITIVE).lighter(130), 1.0, Qt.DotLine))
            line.setZValue(2)
            view.scene().addItem(line)
            view.feature_lines.append(line)
            neuron += 1
