"""Step-through on the equation panel: one phase of the next step at a time (Previous / Next), and
Auto-play, which moves to the next phase every few seconds. After the update phase, Next takes the
step and starts again at the first forward layer.

A mixin of EquationPanel (panel.py): it uses the panel's controller, its phase list and index, its
Auto-play action and timer, and redraws through the panel's `_changed`.
"""


class StepThrough:
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
