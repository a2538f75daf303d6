"""What the diagram shows of each neuron: its map, its health, its card, and its map large on hover.

A mixin of DiagramView (kept apart so the view stays about drawing and editing the network):
    maps       every neuron's small map (gui/diagram/neuron_maps.py), Forward or Backward, on by
               default for a 2-D input plane; a switch at the diagram's top left and View ▸ Neuron maps
    hover      `neuronHovered(l, j, direction)` while the pointer is on a neuron, `neuronLeft()` after:
               the window shows that neuron's map large in the data plot
    card       clicking a neuron opens its card (gui/diagram/card.py), pinned until closed
    health     saturated and dead neurons (core/health.py) get a dashed outline and a tooltip line

Live: while training plays the maps are one of the pacer's costly views (gui/pacing.py): they take
their turn with the plots and the equations, at most MAPS_HZ times a second and at most MAPS_SHARE
of the time, so a frame never redraws the maps and a plot together.
"""
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QFrame, QHBoxLayout, QToolButton

from core.health import unhealthy_neurons

from ..neuron_maps import NeuronMaps
from ..pacing import Pace
from . import layout as geometry
from .card import NeuronCard
from .neuron_maps import NeuronMapImages

MAPS_HZ = 8          # live maps redraw at most this often while training plays
MAPS_SHARE = 0.1     # ...and spend at most this share of the time
HEALTH_INTERVAL_S = 0.5
HEALTH_SAMPLES = 500
CARD_MAX_W = 320    # the card is compact: it leaves most of the diagram in view
CARD_MIN_W = 190    # ...but no narrower (its equations would wrap into a column of numbers)
CARD_MIN_H = 120
CARD_SHARE = 0.7
UNHEALTHY_PEN = {"saturated": QColor(150, 40, 160), "dead": QColor(90, 90, 90)}


class MapSwitch(QFrame):
    """[✓ maps]  [Forward | Backward], over the diagram's top left corner."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setObjectName("mapSwitch")
        self.setProperty("chrome", True)  # a control, not part of an exported figure (gui/figures.py)
        self.setStyleSheet("#mapSwitch { background: rgba(255,255,255,220); }")
        self.check = QCheckBox("maps", objectName="mapsCheck")
        self.check.setToolTip("Draw in every neuron what it computes over the input plane (a 2-D input)")
        self.forward = QToolButton(text="Forward", objectName="mapsForward", checkable=True, autoRaise=True)
        self.backward = QToolButton(text="Backward", objectName="mapsBackward", checkable=True, autoRaise=True)
        self.forward.setToolTip("Each neuron's map: its activation a over the input plane")
        self.backward.setToolTip("Each neuron's map: the training samples coloured by its error δ (blue "
                                 "positive, orange negative), over a faint map of how much the output "
                                 "depends on its z: where its blame comes from (BP2)")
        group = QButtonGroup(self)
        group.setExclusive(True)
        for button in (self.forward, self.backward):
            group.addButton(button)
        self.forward.setChecked(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 1, 4, 1)
        layout.setSpacing(2)
        for widget in (self.check, self.forward, self.backward):
            layout.addWidget(widget)

    def direction(self):
        return "backward" if self.backward.isChecked() else "forward"


class LiveMaps:
    """The diagram's maps, and its marks of unhealthy neurons, as a view of the pacer (it draws them
    when their turn comes). The marks show with the maps switched off too."""

    def __init__(self, diagram):
        self.diagram = diagram

    def isVisible(self):
        return self.diagram.isVisible()

    def draw(self):
        self.diagram.draw_maps()


class NeuronViewsMixin:
    """Needs from the view: controller, scene(), layout_, neurons, viewport(), transform()."""

    def _init_neuron_views(self, maps=None):
        self.neuron_maps = maps or NeuronMaps(self.controller)
        self.map_images = None
        self.maps_on = True
        self.map_direction = "forward"
        self.hovered_neuron = None
        self.unhealthy = {}  # (l, j) → core.health.Unhealthy
        self._health_at = 0.0
        self.live_maps = LiveMaps(self)
        self.controller.pacer.register(self.live_maps, Pace(min_interval=1.0 / MAPS_HZ, max_share=MAPS_SHARE))
        self.card = NeuronCard(self.controller, self.viewport())
        self.card.closed.connect(self._card_closed)
        self.card.shown.connect(self._place_card)  # it follows the selection to another neuron
        self.switch = MapSwitch(self.viewport())
        self.switch.check.setChecked(True)
        self.switch.check.toggled.connect(self.set_maps_on)
        self.switch.forward.toggled.connect(lambda on: on and self.set_map_direction("forward"))
        self.switch.backward.toggled.connect(lambda on: on and self.set_map_direction("backward"))
        self.switch.move(4, 4)

    # ---- building and placing ---------------------------------------------------------------------
    def _build_neuron_views(self):
        """After the scene was cleared and rebuilt."""
        self.map_images = NeuronMapImages(self.scene(), self.neuron_maps)
        self._hollow = None
        self.hovered_neuron = None
        self.unhealthy = {}
        self.switch.setVisible(self.neuron_maps.available())

    def _place_neuron_views(self):
        lay = self.layout_
        if self.map_images is None or lay is None:
            return
        self.map_images.place(lay.column_x, lay.neuron_y, lay.radius, self.transform().m11() or 1.0)
        self.switch.adjustSize()
        self._clear_header_of_switch()
        self._place_card()
        self.refresh_maps(force=True)

    def _header_group_width(self):
        """Scene width of [−] n hidden layers [+] (as DiagramScene._place lays it out)."""
        return self.header.boundingRect().width() + 2 * (8 + geometry.BUTTON)

    def _room_for_switch(self, width, height):
        """Scene room to keep free above the header: none when [−] n hidden layers [+] fits to the right
        of the maps switch, else enough to put the header on its own row below the switch (a narrow
        diagram: beside the switch the [+] would be pushed past the right edge)."""
        if self.switch.isHidden() or getattr(self, "header", None) is None:
            return 0.0
        self.switch.adjustSize()
        lay = geometry.compute(self.controller.network.sizes, width, height)
        scale = geometry.view_scale(lay, width, height)[0] * getattr(self, "_zoom", 1.0)
        left = max(0.0, (width - lay.width * scale) / 2)  # the scene's left edge in the view (centred)
        switch_right = (self.switch.geometry().right() + 8 - left) / scale
        centred_left = (lay.width - self._header_group_width()) / 2
        if max(centred_left, switch_right) + self._header_group_width() <= lay.width - geometry.MARGIN / 2:
            return 0.0
        top = max(0.0, (height - lay.height * scale) / 2)
        button_top = geometry.MARGIN + (geometry.HEADER_H - geometry.BUTTON) / 2
        return max(0.0, (self.switch.geometry().bottom() + 4 - top) / scale - button_top)

    def _clear_header_of_switch(self):
        """Move the header ([−] n hidden layers [+]) right if the switch would cover its left end, never
        past the right edge (where it would not fit, `_room_for_switch` put it below the switch)."""
        if self.switch.isHidden() or "remove_layer" not in getattr(self, "buttons", {}):
            return
        group = [self.buttons["remove_layer"], self.header, self.buttons["add_layer"]]
        first = group[0].sceneBoundingRect()
        if self.mapFromScene(first.topLeft()).y() > self.switch.geometry().bottom():
            return  # on its own row below the switch
        left = self.mapFromScene(first.topLeft()).x()
        overlap = self.switch.geometry().right() + 8 - left
        if overlap > 0:
            scale = self.transform().m11() or 1.0
            right = group[-1].sceneBoundingRect().right()
            room = self.layout_.width - geometry.MARGIN / 2 - right
            shift = min(overlap / scale, max(room, 0.0))
            for item in group:
                item.moveBy(shift, 0)

    def _place_card(self):
        """Beside its neuron, on the side with the most room (right, left, below or above it), below the
        header so the [−] [+] stay clickable: the card never covers the neuron it explains."""
        if self.card.neuron is None or self.layout_ is None:
            return
        l, j = self.card.neuron
        if l >= len(self.layout_.column_x) or j >= len(self.layout_.neuron_y[l]):
            return
        viewport = self.viewport()
        w, h = viewport.width(), viewport.height()
        scale = self.transform().m11() or 1.0
        centre = self.mapFromScene(*self.layout_.neuron(l, j))
        r = self.layout_.radius * scale + 6
        top = max(4, self.mapFromScene(0, self.layout_.title_y).y())  # clear of the header row
        if not self.switch.isHidden():
            top = max(top, self.switch.geometry().bottom() + 4)
        x0, y0 = centre.x() - r, centre.y() - r
        x1, y1 = centre.x() + r, centre.y() + r
        # compact: at most CARD_MAX_W wide, and at most CARD_SHARE of the view's width and height (its text
        # scrolls), so most of the diagram stays in view
        max_w, max_h = min(CARD_MAX_W, max(CARD_MIN_W, CARD_SHARE * w)), max(CARD_MIN_H, CARD_SHARE * h)
        left_w = min(x0 - 4, max_w)
        regions = [(x1, top, min(w - 4 - x1, max_w), min(h - 4 - top, max_h)),   # right of it
                   (x0 - left_w, top, left_w, min(h - 4 - top, max_h)),          # left of it, close to it
                   (4, y1, min(w - 8, max_w), min(h - 4 - y1, max_h)),           # below it
                   (4, top, min(w - 8, max_w), min(y0 - top, max_h))]            # above it
        best, best_shown = None, -1.0
        for x, y, width, height in regions:
            if width < CARD_MIN_W or height < CARD_MIN_H:
                continue
            self.card.fit(int(width), int(height))
            shown = height / max(self.card.wanted_height, 1)  # the share of its text seen without scrolling
            if shown > best_shown + 0.05:
                best, best_shown = (x, y, width, height), shown
        if best is None:  # a tiny view: the corner away from the neuron
            best = (4, top, min(w - 8, max_w), min(h - 4 - top, max_h))
        x, y, width, height = best
        self.card.fit(int(max(width, 1)), int(max(height, 1)))
        if x <= centre.x() <= x + width:  # below or above it: on the side away from it
            x = w - 4 - self.card.width() if centre.x() < w / 2 else 4
        elif x < centre.x():
            x = x + width - self.card.width()  # left of it: close to it
        self.card.move(int(max(0, x)), int(y))

    # ---- switching --------------------------------------------------------------------------------
    def set_maps_on(self, on):
        self.maps_on = bool(on)
        if self.switch.check.isChecked() != self.maps_on:
            self.switch.check.setChecked(self.maps_on)
        for button in (self.switch.forward, self.switch.backward):
            button.setEnabled(self.maps_on)
        self.refresh_maps(force=True)

    def set_map_direction(self, direction):
        self.map_direction = direction
        button = self.switch.backward if direction == "backward" else self.switch.forward
        if not button.isChecked():
            button.setChecked(True)
        self.refresh_maps(force=True)
        if self.hovered_neuron is not None:
            self.neuronHovered.emit(*self.hovered_neuron, direction)

    def maps_shown(self):
        return self.maps_on and self.neuron_maps.available() and self.map_images is not None

    # ---- live -------------------------------------------------------------------------------------
    def refresh_maps(self, force=False):
        """Redraw the maps (and the health marks) now, or, after steps while training plays, when the
        pacer gives them their turn; `force` when the picture changed (new network, data, direction)."""
        if self.map_images is None:
            return
        shown = self.maps_shown()
        if not shown:
            self.map_images.set_visible(False)
        if shown != self._hollow:
            self._hollow = shown
            self._restyle_neurons()
        if not force and self.controller.playing:
            self.controller.pacer.request(self.live_maps)
            return
        self.draw_maps()

    def draw_maps(self):
        if self.map_images is None:
            return
        if self.maps_shown():
            self.map_images.update(self.map_direction)
        self._refresh_health()

    def _refresh_health(self):
        now = time.perf_counter()
        if self.controller.playing and now - self._health_at < HEALTH_INTERVAL_S:
            return
        self._health_at = now
        t = self.controller.trainer
        found = {(u.l, u.j): u for u in unhealthy_neurons(t.network, t.data.X_train[:HEALTH_SAMPLES])}
        if found.keys() == self.unhealthy.keys():
            self.unhealthy = found
            return
        self.unhealthy = found
        for l, row in enumerate(self.neurons):
            for j, item in enumerate(row):
                item._look = None  # restyle: a mark came or went
        self._restyle_neurons()

    def neuron_pen(self, l, j):
        """The dashed outline of a saturated or dead neuron, or None."""
        u = self.unhealthy.get((l, j))
        if u is None:
            return None
        pen = QPen(UNHEALTHY_PEN[u.kind], 2.2)
        pen.setStyle(Qt.DashLine)
        return pen

    def health_text(self, l, j):
        u = self.unhealthy.get((l, j))
        if u is None:
            return ""
        if u.kind == "dead":
            return ("Dead: z ≤ 0 for every training sample, so relu′(z) = 0 — no gradient reaches its weights "
                    "or the layers before it.")
        return (f"Saturated: |z| is large for {u.share:.0%} of the training samples, so f′(z) ≈ 0 and it "
                "passes almost no gradient back.")

    # ---- hover and click --------------------------------------------------------------------------
    def _hover(self, hit):
        neuron = (hit.l, hit.j) if hit.kind == "neuron" and self.maps_shown() else None  # maps off: as before
        if neuron == self.hovered_neuron:
            return
        self.hovered_neuron = neuron
        if neuron is None:
            self.neuronLeft.emit()
        else:
            self.neuronHovered.emit(*neuron, self.map_direction)

    def _hover_left(self):
        if self.hovered_neuron is not None:
            self.hovered_neuron = None
            self.neuronLeft.emit()

    def open_card(self, l, j):
        self.card.show_neuron(l, j)  # placed by its `shown` signal

    def _card_closed(self):
        pass
