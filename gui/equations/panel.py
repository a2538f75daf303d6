"""The equation panel: the next training step in matrix form, step-through, linking and gradient check.

The HTML comes from render.py (no Qt); this widget only gathers a Snapshot from the
controller, shows the HTML in a QTextBrowser, and turns clicks into controller calls.

Redrawing: the view is HTML that Qt parses and lays out, 30–150 ms for a typical network,
while training at full speed emits `trained` ~30 times a second. So while the controller
plays, the panel takes turns with the plots (its Pace, given to the controller's pacer,
gui/pacing.py): at full speed it redraws at most
REDRAW_HZ times a second and never more than REDRAW_SHARE of the time (the changes in between
coalesce into one redraw); at a speed the learner set, every step as far as half of the time
allows; and not at all while it is hidden. When training is not playing, the
signals of one action (a new network, then its settings and its selection; a step, then the
next phase) are drawn once, as soon as the action is over, before the window next paints.
"""
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (QButtonGroup, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QRadioButton,
                               QSizePolicy, QTextBrowser, QToolButton, QVBoxLayout, QWidget)

from core.errors import BadInput
from core.gradcheck import check_gradients
from core.phases import phases

from .. import palette
from ..pacing import Pace
from .format import esc
from .teaching_bar import PanelTeaching
from .render import Options, Snapshot, phase_title, render, stylesheet

REDRAW_HZ = 1  # at full speed: numbers changing faster than this cannot be read anyway
REDRAW_SHARE = 0.03  # at full speed, redrawing may take at most this share of the time...
REDRAW_SHARE_AT_A_SPEED = 0.5  # ...and at a set speed (a few steps a second, to be followed) this share
AUTOPLAY_DELAY_S = 1.5
# Finite differences cost two forward passes per parameter, each about (parameters × samples)
# multiply-adds, plus Python's overhead per pass: beyond these the check would freeze the window
# for seconds, so it is refused with a message instead.
MAX_CHECK_PARAMS = 20_000
MAX_CHECK_WORK = 4e9  # parameters² × samples


def _colors():
    return {"selected": palette.SELECTED.name(), "active": palette.ACTIVE.name()}


class EquationPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.last_check = None  # core.gradcheck.GradCheck of the last check, for the window and tests
        self._advancing = False  # Next after Update takes the step: leaving the phase is not leaving step-through
        self._scrolled_to = None  # the phase the view last scrolled to
        self._width_chars = 0.0
        self._theme = {}  # colours of a theme other than the default (gui/projector.py)
        self._build()
        c = controller
        c.pacer.register(self, Pace(min_interval=1 / REDRAW_HZ, max_share=REDRAW_SHARE, min_interval_at_a_speed=0.0,
                                    max_share_at_a_speed=REDRAW_SHARE_AT_A_SPEED, when_idle="coalesce",
                                    hidden_waits="playing"))
        for signal in (c.trained, c.networkChanged, c.settingsChanged):
            signal.connect(self._changed)
        c.selectionChanged.connect(self._selection_changed)
        c.phaseChanged.connect(self._phase_changed)
        c.networkChanged.connect(self._forget_check)  # a check of another network would mislead
        c.trained.connect(self.check_label.hide)  # ...and one of the weights before this step would read as current
        self.refresh()

    # ---- widgets ---------------------------------------------------------------------------------
    def _action(self, name, text, tip, slot, checkable=False):
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.addAction(action)
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        return action, button

    def _build(self):
        self.actionStepThrough, b_through = self._action(
            "actionStepThrough", "Step through", "Walk through the next step phase by phase "
            "(pauses training); the diagram shows the active layer", self._toggle_step_through, checkable=True)
        self.actionPrevPhase, b_prev = self._action(
            "actionPrevPhase", "◀ Previous", "Previous phase of the step", self.previous_phase)
        self.actionNextPhase, b_next = self._action(
            "actionNextPhase", "Next ▶", "Next phase; after the update, take the step and start the next one",
            self.next_phase)
        self.actionAutoPlay, b_auto = self._action(
            "actionAutoPlay", "Auto-play", "Go to the next phase by itself, every few seconds",
            self._toggle_autoplay, checkable=True)
        self.delay = QDoubleSpinBox(self)
        self.delay.setObjectName("autoPlayDelay")
        self.delay.setRange(0.2, 20.0)
        self.delay.setSingleStep(0.5)
        self.delay.setDecimals(1)
        self.delay.setSuffix(" s")
        self.delay.setValue(AUTOPLAY_DELAY_S)
        self.delay.setToolTip("Auto-play: seconds per phase")
        self.delay.valueChanged.connect(lambda v: self._autoplay.setInterval(int(v * 1000)))
        self.phase_label = QLabel(self)
        self.phase_label.setObjectName("phaseLabel")
        self.phase_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

        self.whole_batch = QRadioButton("Whole batch", self)
        self.whole_batch.setObjectName("wholeBatchButton")
        self.whole_batch.setToolTip("A as n×m: every sample of the batch is a column")
        self.one_sample = QRadioButton("One sample", self)
        self.one_sample.setObjectName("oneSampleButton")
        self.one_sample.setToolTip("The first sample of the batch as column vectors: the same maths, one column")
        self.whole_batch.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.whole_batch)
        group.addButton(self.one_sample)
        self.one_sample.toggled.connect(self._mode_changed)  # one signal per switch (the group sends two)
        self.check_button = QPushButton("Check gradients", self)
        self.check_button.setObjectName("gradientCheckButton")
        self.check_button.setToolTip("Compare the matrix-form gradient with central finite differences, "
                                     "for every weight, on this batch")
        self.check_button.clicked.connect(self.check_gradients)
        self.check_label = QLabel(self)
        self.check_label.setObjectName("gradientCheckResult")
        self.check_label.setWordWrap(True)
        self.check_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.check_label.hide()

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("equationView")
        self.browser.setOpenLinks(False)  # a weight link selects the weight, it does not navigate
        # A scroll bar that comes and goes changes the width and makes Qt lay the document out
        # twice (or more) per redraw; the view is nearly always taller than the panel anyway.
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        self.browser.document().setDefaultStyleSheet(stylesheet(_colors()))

        # two rows that fit a narrow dock (~450 px): buttons above, the mode and the phase below
        top = QHBoxLayout()
        for w in (b_through, b_prev, b_next, b_auto, self.delay):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.check_button)
        second = QHBoxLayout()
        second.addWidget(self.whole_batch)
        second.addWidget(self.one_sample)
        second.addSpacing(12)
        second.addWidget(self.phase_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.check_label)
        layout.addWidget(self.browser, 1)
        self.teaching = PanelTeaching(self, top, layout.indexOf(self.browser))  # Quiz me, notations
        self.quiz_box = self.teaching.quiz_box

        self._autoplay = QTimer(self)
        self._autoplay.setInterval(int(AUTOPLAY_DELAY_S * 1000))
        self._autoplay.timeout.connect(self.next_phase)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)
        self._resize_timer.timeout.connect(self._width_maybe_changed)

    def _colors(self):
        return {**_colors(), **self._theme}

    def set_theme_colors(self, colors):
        """A theme's colours (gui/projector.py) for the view's text, marks and background."""
        self._theme = dict(colors)
        sheet = stylesheet(self._colors())
        if "text" in colors:  # the brackets and names are drawn in the text's colour
            sheet = sheet.replace("#333", colors["text"]).replace("#444", colors["text"])
        self.browser.document().setDefaultStyleSheet(sheet)
        self.refresh()

    # ---- state -----------------------------------------------------------------------------------
    @property
    def mode(self):
        return "sample" if self.one_sample.isChecked() else "batch"

    def set_mode(self, mode):
        (self.one_sample if mode == "sample" else self.whole_batch).setChecked(True)

    def _mode_changed(self):
        self._scrolled_to = None  # the sections moved: in step-through, find the current one again
        self.refresh()

    def phase_list(self):
        return phases(self.controller.network.n_layers)

    def phase_index(self):
        """Index of the controller's phase in phase_list(), or None outside step-through."""
        phase = self.controller.phase
        if phase is None:
            return None
        try:
            return self.phase_list().index(phase)
        except ValueError:  # a phase of a network that is gone
            return None

    # ---- redrawing -------------------------------------------------------------------------------
    def _changed(self, *_):
        self.controller.pacer.request(self)

    def _selection_changed(self, *_):
        # a click by the learner is answered at once, even while training plays
        self.controller.pacer.request(self, urgent=True)

    def showEvent(self, event):
        super().showEvent(event)
        self.controller.pacer.shown(self)

    def _digit_px(self):
        return max(self.browser.fontMetrics().horizontalAdvance("0"), 1)

    def _available_width(self):
        """Room for equations, in widths of a digit: the line breaker in render.py counts in these."""
        # document margin, the active section's frame; before the panel is first shown the
        # browser has no layout yet, and the panel's own width is the better guess
        width = self.browser.viewport().width() if self.browser.isVisible() else self.width() - 30
        pixels = width - 30
        return max(pixels / self._digit_px(), 30.0)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._resize_timer.start()

    def _width_maybe_changed(self):
        if abs(self._available_width() - self._width_chars) >= 2:
            self.refresh()

    def refresh(self):
        """Rebuild the view now, whatever the pace (the pacer counts it as the latest drawing)."""
        self.controller.pacer.draw_now(self)

    def draw(self):
        """Called by the pacer (gui/pacing.py): rebuild the view (keeping the scroll position, or
        scrolling to a new step-through phase, or to the top on leaving step-through)."""
        c = self.controller
        index = self.phase_index()
        self._width_chars = self._available_width()
        try:
            html = self.teaching.notation_html(c.trainer, self._width_chars, self._colors())
            if html is None:
                snap = Snapshot.from_trainer(c.trainer, c.next_step())
                html = render(snap, Options(mode=self.mode, phase=index, selected=c.selected,
                                            width=self._width_chars, colors=self._colors(),
                                            digit_px=self._digit_px(), quiz=self.teaching.quizzing,
                                            hidden=self.teaching.hidden()))
        except BadInput as e:  # e.g. data the current cost cannot use: say so instead of raising in a slot
            html = f"<p>The step cannot be shown: {esc(e)}</p>"
        v, h = self.browser.verticalScrollBar(), self.browser.horizontalScrollBar()
        v_pos, h_pos = v.value(), h.value()
        self.browser.setHtml(html)
        # finish the layout now rather than in Qt's idle-time slices, so it is counted in the cost
        # that throttles redrawing while training plays (it is often half of it)
        self.browser.document().size()
        if index is not None and index != self._scrolled_to:
            self.browser.scrollToAnchor(f"phase-{index}")
        elif index is None and self._scrolled_to is not None:  # step-through left: the whole step, from its top
            v.setValue(0)
            h.setValue(0)
        else:
            v.setValue(v_pos)
            h.setValue(h_pos)
        self._scrolled_to = index
        self._update_controls(index)

    def _update_controls(self, index):
        stepping = index is not None
        if not stepping and self._autoplay.isActive() and not self._advancing:
            self._set_autoplay(False)
        self.actionStepThrough.blockSignals(True)
        self.actionStepThrough.setChecked(stepping)
        self.actionStepThrough.blockSignals(False)
        self.actionPrevPhase.setEnabled(stepping and index > 0)
        if stepping:
            all_ = self.phase_list()
            ph = all_[index]
            after = " — Next takes the step" if index == len(all_) - 1 else ""
            self.phase_label.setText(f"Phase {index + 1}/{len(all_)}: {phase_title(ph)}{after}")
            self.phase_label.setToolTip(self.phase_label.text())
        else:
            self.phase_label.setText("Whole step shown")

    # ---- step-through ----------------------------------------------------------------------------
    def _phase_changed(self, phase):
        if phase is None and not self._advancing:
            self._set_autoplay(False)
        self._update_controls(self.phase_index())  # the buttons follow at once, the view when drawn
        self._changed()

    def _toggle_step_through(self, on):
        if on:
            if self.controller.phase is None:
                self.controller.set_phase(self.phase_list()[0])
        else:
            self._set_autoplay(False)
            self.controller.set_phase(None)

    def next_phase(self):
        """The next phase; after the update, take the step and start again at forward layer 1."""
        c = self.controller
        index = self.phase_index()
        all_ = self.phase_list()
        if index is None:
            c.set_phase(all_[0])
        elif index < len(all_) - 1:
            c.set_phase(all_[index + 1])
        else:
            self._advancing = True
            try:
                c.step(1)
                if c.trainer.diverged:
                    self._set_autoplay(False)
                c.set_phase(self.phase_list()[0])
            finally:
                self._advancing = False

    def previous_phase(self):
        index = self.phase_index()
        if index:
            self.controller.set_phase(self.phase_list()[index - 1])

    def _toggle_autoplay(self, on):
        if on:
            if self.controller.phase is None:
                self.controller.set_phase(self.phase_list()[0])
            self._autoplay.setInterval(int(self.delay.value() * 1000))
            self._autoplay.start()
        else:
            self._autoplay.stop()

    def _set_autoplay(self, on):
        if self.actionAutoPlay.isChecked() != on:
            self.actionAutoPlay.setChecked(on)  # toggled → _toggle_autoplay
        elif not on:
            self._autoplay.stop()

    # ---- linking ---------------------------------------------------------------------------------
    def _anchor_clicked(self, url):
        text = url.toString()
        if self.teaching.anchor_clicked(text):
            return
        if text.startswith("param:"):
            try:
                self.controller.select(int(text[len("param:"):]))
            except ValueError:
                pass

    # ---- gradient check --------------------------------------------------------------------------
    def check_gradients(self):
        """Backprop against finite differences for every parameter on the next step's batch; selects the worst."""
        c = self.controller
        net = c.network
        try:
            step = c.next_step()
        except BadInput as e:
            self._show_check(f"Gradient check not possible: {e}")
            return None
        m = len(step.X)
        if net.n_params > MAX_CHECK_PARAMS or float(net.n_params) ** 2 * m > MAX_CHECK_WORK:
            self._show_check(f"Gradient check skipped: {net.n_params:,} parameters × {m} samples would take "
                             "too long here (two forward passes per parameter). Try it on a smaller network "
                             "or batch; the maths is the same.")
            return None
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            # on a copy: the check nudges every parameter by ±ε, and the model must never be seen half-nudged
            result = check_gradients(net.copy(), step.X, step.Y, c.trainer.loss)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.last_check = result
        i = result.worst
        head = f"Gradient check, step {c.trainer.step_count + 1}, batch of {m}: "
        if result.agrees is None:
            self._show_check(head + result.summary(digits=7) + ".")
            c.select(i)
            return result
        verdict = ("agrees: backprop is right" if result.agrees else
                   "DISAGREES: the backward pass does not match the cost")
        kink = ""
        if not result.agrees and any(a in ("relu", "leaky_relu") for a in net.activations):
            kink = " (relu's kink can do this when some z is within ε of 0)"
        note = result.unresolved_note()
        self._show_check(head + f"largest relative error {result.max_relative_error:.2e} at {result.names[i]} "
                         f"(backprop {result.analytic[i]:.7g}, finite differences {result.numeric[i]:.7g}) — "
                         f"{verdict}{kink}" + (f". {note[0].upper()}{note[1:]}" if note else "") + ".")
        c.select(i)
        return result

    def _forget_check(self):
        self.last_check = None
        self.check_label.hide()

    def _show_check(self, text):
        self.check_label.setText(text)
        self.check_label.show()
