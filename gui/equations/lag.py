"""The line under the equation panel's buttons, outside step-through: which step the view shows.

While training plays at full speed the view redraws about once a second (its HTML costs tens of
milliseconds), so the step it shows falls behind the status bar's: "step 2,157" beside 102,177
steps taken, with nothing saying why. This line says it, a few times a second (it is only a label).
"""
import time

REFRESH_S = 0.25


class LagLine:
    def __init__(self, controller, label, stepping):
        """label: the QLabel to write in; stepping(): True while step-through uses that label."""
        self.controller, self.label, self.stepping = controller, label, stepping
        self.shown_step = None  # the steps taken when the view was last drawn: it shows the one after
        self._said = 0.0
        controller.trained.connect(self.update)
        controller.playingChanged.connect(lambda _playing: self.update(force=True))

    def drawn(self):
        """The view was just drawn from the current state."""
        self.shown_step = self.controller.trainer.step_count

    def text(self):
        c = self.controller
        now = c.trainer.step_count
        if not c.playing or self.shown_step is None or now <= self.shown_step:
            return "Whole step shown"
        return f"Redrawn less often while playing: shows step {self.shown_step + 1:,}; training is at {now:,} steps"

    def update(self, *_, force=False):
        if self.stepping():
            return
        now = time.perf_counter()
        if force or now - self._said >= REFRESH_S:
            self._said = now
            text = self.text()
            if text != self.label.text():
                self.label.setText(text)
                self.label.setToolTip(text)
