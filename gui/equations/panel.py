"""The equation panel: the next training step in matrix form, linking and gradient check
(step-through is in stepping.py).

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
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QButtonGroup, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QRadioButton,
                               QSizePolicy, QTextBrowser, QToolButton, QVBoxLayout, QWidget)

from core.errors import BadInput
from core.phases import phases

from .. import palette
from ..pacing import Pace
from .format import esc
from .lag import LagLine
from .page import Page
from .render import Options, Snapshot, parts, phase_title, stylesheet
from .stepping import StepThrough
from .gradient_check import run_gradient_check
from .teaching_bar import PanelTeaching
from .visible import anchored, page_in_sight, part_tops

REDRAW_HZ = 1  # at full speed: numbers changing faster than this cannot be read anyway
REDRAW_SHARE = 0.03  # at full speed, redrawing may take at most this share of the time...
# At a set speed a learner reading step by step (up to READABLE_SPEED steps a second) sees every step:
# redrawing may take up to half the time. Faster, the numbers change faster than they can be read:
# the panel is a glimpse of the step, a few times a second, and the window keeps its 60 frames/s.
READABLE_SPEED = 10
REDRAW_SHARE_AT_A_SPEED = 0.5
REDRAW_SHARE_AT_A_FAST_SPEED = 0.05
AUTOPLAY_DELAY_S = 1.5


def _colors():
    return {"selected": palette.SELECTED.name(), "active": palette.ACTIVE.name()}


class EquationPanel(StepThrough, QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.last_check = None  # core.gradcheck.GradCheck of the last check, for the window and tests
        self._advancing = False  # Next after Update takes the step: leaving the phase is not leaving step-through
        self._scrolled_to = None  # the phase the view last scrolled to
        self._width_chars = 0.0
        self._tops, self._tops_key = None, None  # where each part of the page begins (visible.py)
        self._next_draw = None  # "whole" or "in sight" when asked for (refresh, refresh_in_sight)
        self._theme = {}  # colours of a theme other than the default (gui/projector.py)
        self._build()
        c = controller
        c.pacer.register(self, self._pace())
        c.speedChanged.connect(lambda: c.pacer.set_pace(self, self._pace()))
        for signal in (c.trained, c.networkChanged, c.settingsChanged):
            signal.connect(self._changed)
        c.selectionChanged.connect(self._selection_changed)
        c.phaseChanged.connect(self._phase_changed)
        c.networkChanged.connect(self._forget_check)  # a check of another network would mislead
        c.trained.connect(self.check_label.hide)  # ...and one of the weights before this step would read as current
        self.lag = LagLine(c, self.phase_label, lambda: self.phase_index() is not None)  # which step is shown
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
        second = QHBoxLayout()
        second.addWidget(self.whole_batch)
        second.addWidget(self.one_sample)
        second.addSpacing(12)
        second.addWidget(self.phase_label, 1)
        # on the second row: with Quiz me and the notation in the first, the panel was 719 px at least,
        # and the window wider than a 1280 px screen
        second.addWidget(self.check_button)
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
    def _pace(self):
        readable = self.controller.speed <= READABLE_SPEED
        return Pace(min_interval=1 / REDRAW_HZ, max_share=REDRAW_SHARE, min_interval_at_a_speed=0.0,
                    max_share_at_a_speed=REDRAW_SHARE_AT_A_SPEED if readable else REDRAW_SHARE_AT_A_FAST_SPEED,
                    when_idle="coalesce", hidden_waits="playing")

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
        """Rebuild the whole page now, whatever the pace (the pacer counts it as the latest drawing)."""
        self._next_draw = "whole"
        self.controller.pacer.draw_now(self)

    def refresh_in_sight(self):
        """Redraw now only the parts of the page in sight (see visible.py), or the whole page when its
        layout may have changed since it was last drawn in full."""
        self._next_draw = "in sight"
        self.controller.pacer.draw_now(self)

    def draw(self):
        """Called by the pacer (gui/pacing.py): while training plays only the parts in sight, else
        (or when asked) the whole page."""
        how, self._next_draw = self._next_draw, None
        if how is None:
            how = "in sight" if self.controller.playing else "whole"
        self._draw_in_sight() if how == "in sight" else self._draw_whole()

    def _draw_whole(self):
        """The whole page (keeping the scroll position, or scrolling to a new step-through phase, or
        to the top on leaving step-through)."""
        c = self.controller
        index = self.phase_index()
        self._width_chars = self._available_width()
        self._tops = None
        try:
            part_functions = None
            html = self.teaching.notation_html(c.trainer, self._width_chars, self._colors())
            if html is None:
                part_functions, key = self._page(index)
                html = anchored(make() for make in part_functions)
        except BadInput as e:  # e.g. data the current cost cannot use: say so instead of raising in a slot
            html, part_functions = f"<p>The step cannot be shown: {esc(e)}</p>", None
        v, h = self.browser.verticalScrollBar(), self.browser.horizontalScrollBar()
        v_pos, h_pos = v.value(), h.value()
        self.browser.setHtml(html)
        # finish the layout now rather than in Qt's idle-time slices, so it is counted in the cost
        # that throttles redrawing while training plays (it is often half of it)
        self.browser.document().size()
        if part_functions is not None and self.browser.isVisible():  # where each part begins, for drawing
            self._tops, self._tops_key = part_tops(self.browser, len(part_functions)), key  # only those in sight
        if index is not None and index != self._scrolled_to:
            self.browser.scrollToAnchor(f"phase-{index}")
        elif index is None and self._scrolled_to is not None:  # step-through left: the whole step, from its top
            v.setValue(0)
            h.setValue(0)
        else:
            v.setValue(v_pos)
            h.setValue(h_pos)
        self._scrolled_to = index
        self.lag.drawn()
        self._update_controls(index)

    def _page(self, index):
        """(the page's part functions, what decides its layout) for the next step as it is now."""
        c = self.controller
        snap = Snapshot.from_trainer(c.trainer, c.next_step())
        part_functions = parts(Page(snap, Options(mode=self.mode, phase=index, selected=c.selected,
                                                  width=self._width_chars, colors=self._colors(),
                                                  digit_px=self._digit_px(), quiz=self.teaching.quizzing,
                                                  hidden=self.teaching.hidden())))
        t, net = c.trainer, c.network
        key = (self.mode, index, c.selected, self._width_chars, net.sizes, net.activations, net.bias, t.loss,
               t.optimizer.name, bool(t.l1), bool(t.l2), len(snap.X), len(part_functions),
               self.teaching.quizzing, repr(self.teaching.hidden()), repr(self._colors()))
        return part_functions, key

    def _draw_in_sight(self):
        """While training plays: redraw only the parts of the page in sight (see visible.py); the
        whole page when its layout may have changed since it was last drawn in full."""
        if self._tops is None or self.phase_index() is not None or abs(self._available_width() - self._width_chars) >= 1:
            return self._draw_whole()
        try:
            part_functions, key = self._page(None)
        except BadInput:
            return self._draw_whole()
        if key != self._tops_key:
            return self._draw_whole()
        v, h = self.browser.verticalScrollBar(), self.browser.horizontalScrollBar()
        v_pos, h_pos = v.value(), h.value()
        html, _ = page_in_sight(part_functions, self._tops, v_pos, v_pos + self.browser.viewport().height())
        self.browser.setHtml(html)
        self.browser.document().size()
        v.setValue(v_pos)  # the stand-ins keep the page's length to a few pixels: the same place shows
        h.setValue(h_pos)

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
            self.phase_label.setText(self.lag.text())
            self.phase_label.setToolTip(self.phase_label.text())

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
        return run_gradient_check(self)

    def _forget_check(self):
        self.last_check = None
        self.check_label.hide()

    def _show_check(self, text):
        self.check_label.setText(text)
        self.check_label.show()
