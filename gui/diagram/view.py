"""DiagramView: the network drawn as columns of neurons joined by weight lines, and edited by mouse.

The view only reads the network; every change goes through the controller (`apply_edit`,
`set_parameter`, `select`), which makes it an undoable command and pauses training. It is put
together from two halves and a Qt-free vocabulary:

    scene.py        DiagramScene: building, placing and refreshing the items (the drawing)
    stepthrough.py  DiagramStepThrough: a step-through phase's highlight and numbers on the diagram
    interaction.py  DiagramInteraction: hit-testing, mouse, keyboard, menus, tooltips, the value editor
    neuron_views.py NeuronViewsMixin: each neuron's map (Forward / Backward), its card, its health marks
    explain.py      the words: titles, tooltips, notes and captions (no Qt, tested headless)
"""
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QFrame, QGraphicsScene

from .interaction import DiagramInteraction
from ..pacing import Pace
from .neuron_views import NeuronViewsMixin
from .scene import VALUES_INTERVAL_S, VALUES_SHARE, DiagramScene
from .stepthrough import DiagramStepThrough


class DiagramView(NeuronViewsMixin, DiagramInteraction, DiagramStepThrough, DiagramScene):
    """The network-diagram editor. `DiagramView(controller, maps=None)`; objectName "diagramView".
    `maps`: a gui.neuron_maps.NeuronMaps to share with the data plot (else its own)."""

    neuronHovered = Signal(int, int, str)  # (l, j, "forward" or "backward"): the pointer is on a neuron
    neuronLeft = Signal()                  # ...and has left it

    def __init__(self, controller, parent=None, maps=None):
        super().__init__(parent)
        self.setObjectName("diagramView")
        self.setScene(QGraphicsScene(self))
        self.controller = controller
        self.setRenderHint(QPainter.Antialiasing)
        self.setRenderHint(QPainter.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.NoFrame)
        self.setBackgroundBrush(QBrush(QColor(255, 255, 255)))
        self.setAlignment(Qt.AlignCenter)
        self.viewport().setMouseTracking(True)
        self.setMinimumSize(300, 240)
        self.setFocusPolicy(Qt.StrongFocus)

        self.layout_ = None
        self.selected_neuron = None   # (l, j): a neuron has no parameter index, so it is kept here
        self.editor = None            # the open ValueEditor, if any
        self.last_warning = None      # the last QMessageBox shown for a refused edit
        self._note = None             # a one-off message for the caption (why a control is disabled)
        self._zoom = 1.0              # projector mode (gui/projector.py)
        self.locked = set()           # "network", "activations", "weights": what a lesson keeps as it is

        controller.networkChanged.connect(self.rebuild)
        # the lines follow the weights after steps: at full speed at most every VALUES_INTERVAL_S, and
        # for a large network less often, so that redrawing them (with Qt's painting) takes at most
        # VALUES_SHARE of the time; at a speed the learner set, every step
        self.paint_seconds = 0.0
        controller.pacer.register(self, Pace(min_interval=VALUES_INTERVAL_S, max_share=VALUES_SHARE,
                                             min_interval_at_a_speed=0.0, max_share_at_a_speed=1.0,
                                             takes_turns=False, hidden_waits="never"))
        controller.trained.connect(self._steps_taken)
        controller.settingsChanged.connect(self._settings_changed)
        controller.selectionChanged.connect(self._show_selection)
        controller.phaseChanged.connect(self._show_phase)
        self._init_neuron_views(maps)
        self.rebuild()

    def paintEvent(self, event):
        """(Timed: the pacer counts Qt's painting of the diagram as part of its cost.)"""
        start = time.perf_counter()
        super().paintEvent(event)
        self.paint_seconds = time.perf_counter() - start

    def _steps_taken(self):
        self.refresh_maps()  # when due (neuron_views.py)
        self.controller.pacer.request(self)
