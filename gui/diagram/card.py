"""The neuron card: one neuron's own equations with this step's numbers, pinned over the diagram.

Opened by clicking a neuron, it stays until closed and follows training live (at most a few
times a second while playing). Its text comes from core.neuron_card for the next step's trace,
the pass the equations panel shows, for one sample of the batch (1 by default, as the tooltips).

Linked both ways with the equations panel: its links select a weight or the bias of this neuron
(the panel then tints row j of W^l and writes that weight's chain rule); selecting a weight or a
bias elsewhere moves an open card to the neuron it belongs to.
"""
import html
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSpinBox, QToolButton, QVBoxLayout

from core.neuron_card import neuron_card

from .. import palette
from .layout import pretty_name

LIVE_INTERVAL_S = 0.25  # while playing, the card follows the weights at most this often
SECTIONS = ("Forward", "Backward", "In the matrix equations")


class NeuronCard(QFrame):
    """`NeuronCard(controller, parent)`; `show_neuron(l, j)`; objectName "neuronCard"."""

    closed = Signal()
    shown = Signal()   # opened or moved to another neuron: the diagram places it clear of that neuron

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("neuronCard")
        self.controller = controller
        self.neuron = None
        self.wanted_height = 0
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#neuronCard { background: #fffffb; border: 1px solid #b9b9a8; border-radius: 4px; }")
        self.title = QLabel(objectName="neuronCardTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.sample = QSpinBox(objectName="neuronCardSample")
        self.sample.setPrefix("sample ")
        self.sample.setMinimum(1)
        self.sample.setToolTip("Which sample of the next step's batch the numbers are for")
        self.sample.valueChanged.connect(self.refresh)
        close = QToolButton(objectName="neuronCardClose", text="×", autoRaise=True)
        close.setToolTip("Close the card")
        close.clicked.connect(self.close_card)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(close)
        which = QHBoxLayout()  # its own row: beside the title it would squeeze it in a narrow diagram
        which.setContentsMargins(0, 0, 0, 0)
        which.addWidget(self.sample)
        which.addStretch(1)
        self.body = QLabel(objectName="neuronCardBody")
        self.body.setTextFormat(Qt.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextBrowserInteraction)
        self.body.linkActivated.connect(self._link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addLayout(which)
        # in a small window the card may be taller than the diagram: its text scrolls
        self.scroll = QScrollArea(objectName="neuronCardScroll", widgetResizable=True, frameShape=QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.body)
        self.scroll.setStyleSheet("background: transparent;")
        layout.addWidget(self.scroll)
        self.lines = []
        self.refreshes = 0
        self._last = 0.0
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.refresh)
        controller.trained.connect(self._trained)
        controller.settingsChanged.connect(self._follow_change)
        controller.networkChanged.connect(self._follow_change)
        controller.selectionChanged.connect(self._selection_changed)
        self.hide()

    # ---- what it shows ----------------------------------------------------------------------------
    def show_neuron(self, l, j):
        self.neuron = (l, j)
        self.refresh()
        self.show()
        self.raise_()
        self.shown.emit()

    def close_card(self):
        self.neuron = None
        self.hide()
        self.closed.emit()

    def _exists(self):
        net = self.controller.network
        return self.neuron is not None and self.neuron[0] < len(net.sizes) and self.neuron[1] < net.sizes[self.neuron[0]]

    def _follow_change(self):
        if self.neuron is None:
            return
        if not self._exists():
            self.close_card()
        else:
            self.refresh()

    def _trained(self):
        if self.neuron is None:
            return
        wait = LIVE_INTERVAL_S - (time.perf_counter() - self._last)
        if not self.controller.playing or wait <= 0:
            self.refresh()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def _selection_changed(self, index):
        """A weight or bias selected anywhere (the equations, the diagram): follow its neuron."""
        if self.neuron is None or index is None:
            return
        kind, l, j, _ = self.controller.network.locate(index)
        if (l, j) != self.neuron:
            self.show_neuron(l, j)

    def refresh(self):
        if self.neuron is None or not self._exists():
            return
        self._last = time.perf_counter()
        self.refreshes += 1
        l, j = self.neuron
        c = self.controller
        trace = c.next_step().trace
        m = trace.A0.shape[1]
        self.sample.blockSignals(True)
        self.sample.setMaximum(m)
        self.sample.setSuffix(f" of {m}")
        self.sample.setVisible(m > 1)
        self.sample.blockSignals(False)
        card = neuron_card(c.network, trace, l, j, min(self.sample.value(), m) - 1)
        self.lines = card.lines
        self.title.setText(f"Input {j}" if l == 0 else f"Layer {l}, neuron {j}")
        self.body.setText(self._html(card))
        self.fit()

    def fit(self, max_width=None, max_height=None):
        """As tall as its wrapped text needs, up to max_height (then its text scrolls)."""
        if max_width is not None:
            self.setMaximumWidth(max_width)
        if max_height is not None:
            self._max_height = max_height
        limit = getattr(self, "_max_height", 10_000)
        width = min(self.maximumWidth(), 440)
        head = self.title.sizeHint().height() + (self.sample.sizeHint().height() if not self.sample.isHidden() else 0)
        self.wanted_height = self.body.heightForWidth(width - 24) + head + 18  # all its text, unscrolled
        height = min(self.wanted_height, limit)
        self.resize(width, height)
        self.layout().activate()
        missing = self.scroll.verticalScrollBar().maximum()  # the estimate may fall short by a line or two
        if missing > 0 and height < limit:
            self.resize(width, min(height + missing + 4, limit))

    def _html(self, card):
        """The card's lines: section names in bold, the equations indented, links to the parameters."""
        parts = []
        for line in card.lines[1:] if card.l else card.lines:
            text = html.escape(line)
            if line in SECTIONS:
                parts.append(f"<b style='color:#555'>{text}</b>")
            else:
                parts.append(text.replace("   = ", "&nbsp;&nbsp;&nbsp;= "))
        if card.l:
            l, j = card.l, card.j
            net = self.controller.network
            links = [f"<a href='W:{k}'>{pretty_name('W', l, j, k)}</a>" for k in range(min(net.sizes[l - 1], 8))]
            if net.sizes[l - 1] > 8:
                links.append("…")
            if card.bias is not None:
                links.append(f"<a href='b'>{pretty_name('b', l, j)}</a>")
            parts.append(f"<span style='color:#555'>Select in the equations: {' '.join(links)}</span>")
        colour = palette.SELECTED.name()
        return f"<div style='line-height: 125%'>{'<br>'.join(parts)}</div>".replace("<a ", f"<a style='color:{colour}' ")

    def _link(self, target):
        l, j = self.neuron
        net = self.controller.network
        if target == "b":
            self.controller.select(net.parameter_index("b", l, j))
        elif target.startswith("W:"):
            self.controller.select(net.parameter_index("W", l, j, int(target[2:])))

    def text(self):
        """The card's lines as plain text (for tests)."""
        return "\n".join(self.lines)
