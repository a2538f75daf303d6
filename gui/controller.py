"""The session controller: owns the Trainer, the play timer and the undo stack.

Views never change the model directly: they call methods here and redraw when
a signal says something changed. Training runs in the GUI thread from a QTimer:
each tick asks the trainer for as many steps as fit in a time budget (or as
many as the chosen speed owes), then emits `trained` once, so views redraw
once per frame however many steps were taken.

At full speed a frame is: train for the budget, then let Qt draw. The budget
comes from what recent frames spent drawing, and the views redraw when their
pace allows: both are the pacer's (gui/pacing.py), which the controller owns.
"""
import time
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from core import datasets, edits, presets, session
from core.preview import preview
from core.runs import continued
from core.switching import trainer_like
from core.errors import BadInput

from . import undo_budget
from .commands import ReplaceRunCommand, SetParameterCommand
from .data_edits import DataEdits
from .pacing import Pacer
from .setting_edits import SettingEdits

TICK_MS = 16  # ~60 Hz, when a speed is set; at full speed the next frame starts as soon as Qt has drawn
MAX_SPEED = 0  # speed value meaning "as fast as possible"
RECORD_EACH_UP_TO = 50  # at a set speed, a frame of at most this many steps records each of them
FIRST_PIECE = 0.6  # at full speed a frame trains this share of its budget first, then what the rest fits


def default_speed(trainer, view=None):
    """The speed a session asks for (a preset's pace); else the seed's one-sample problems are
    meant to be watched step by step and the rest run flat out."""
    speed = (view or {}).get("speed")
    if speed == "max":
        return MAX_SPEED
    if speed is not None:
        return int(speed)
    return 10 if len(trainer.data.X_train) <= 1 else MAX_SPEED


class SessionController(SettingEdits, DataEdits, undo_budget.UndoBudget, QObject):
    trained = Signal()           # steps were taken: weights and history changed
    networkChanged = Signal()    # a different network is installed (edit, undo, open, reset, new data)
    settingsChanged = Signal()   # a hyperparameter, the loss or the data changed
    playingChanged = Signal(bool)
    diverged = Signal(str)       # training stopped because it diverged; the message says why
    stopped = Signal(str)        # training stopped at the most steps a run counts; the message says so
    selectionChanged = Signal(object)  # flat parameter index (see Network.parameter_names) or None
    phaseChanged = Signal(object)      # core.phases.Phase during step-through, or None
    documentChanged = Signal()   # name, path or unsaved-changes flag changed
    speedChanged = Signal()      # the play speed changed (nothing else: no view needs to redraw)
    viewChanged = Signal()       # "Show test data" or "Discretize output" changed (self.view)
    goalChanged = Signal(object)  # a run to a step or a loss started (its text) or ended (None)

    def __init__(self, trainer=None, name=None, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(undo_budget.UNDO_STEPS)  # (only possible while it is empty)
        self.undo_bytes = undo_budget.UNDO_BYTES
        self._budget_check_due = False
        self.undo_stack.indexChanged.connect(self._check_undo_budget_soon)
        # first of all slots: a view drawing in response to these signals must never be handed the
        # next step as it was before the change (see next_step)
        for signal in (self.trained, self.networkChanged, self.settingsChanged):
            signal.connect(self._forget_next_step)
        self.pacer = Pacer(self)  # when each view redraws, and each frame's training budget (gui/pacing.py)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._seconds_per_step = 1e-4
        self._owed = 0.0
        self._last_tick = 0.0
        self._rate_window = deque()  # (time, steps) of recent ticks, for the achieved steps/s
        self.selected = None
        self.phase = None
        self._next_step = None
        self.path = ""
        self.dirty = False
        self.changes = 0
        self.view = dict(session.VIEW_DEFAULTS)
        self.goal = None  # ("step", N) or ("loss", x) while Train ▸ Run to… plays
        view = None
        if trainer is None:
            name = name or presets.DEFAULT
            trainer = presets.load(name)
            view = presets.view(name)
        self._adopt(trainer, name or "untitled", view=view)

    # ---- document ---------------------------------------------------------------------------
    def _adopt(self, trainer, name, path="", view=None):
        self.pause()
        self.trainer = trainer
        self.name, self.path = name, path
        view = session.view_settings(view) if view is not None else dict(session.VIEW_DEFAULTS)
        self.view = {"show_test": view["show_test"], "discretize": view["discretize"]}
        self.set_speed(default_speed(trainer, view))
        self.undo_stack.clear()
        self.selected = None
        self.phase = None
        self._set_dirty(False)
        self.documentChanged.emit()  # a new name and path, whatever the unsaved flag was
        self.networkChanged.emit()
        self.settingsChanged.emit()
        self.selectionChanged.emit(None)
        self.viewChanged.emit()

    def load(self, trainer, name, view=None):
        """Work on this trainer from now on (a lesson's session), as a new unsaved document."""
        self._adopt(trainer, name, view=view)

    def load_preset(self, name):
        self._adopt(presets.load(name), name, view=presets.view(name))

    def open(self, path):
        """Load a session file. On any problem, BadInput is raised and the current session is untouched."""
        trainer, name, _, view = session.load_document(path)
        self._adopt(trainer, name or path, path, view)

    def restore(self, path):
        """Open a recovery file: the session comes back with its unsaved changes and no file name."""
        trainer, name, _, view = session.load_document(path)
        self._adopt(trainer, name or "recovered", view=view)
        self._set_dirty(True)

    def view_settings(self):
        """What a session file keeps of how the window shows the run (see core.session.view_settings)."""
        return {"speed": "max" if self.speed == MAX_SPEED else self.speed, **self.view}

    def set_view(self, **changes):
        """show_test / discretize: how the Data plot shows the run; saved with the session."""
        view = {**self.view, **changes}
        session.view_settings(view)  # checks the names and values
        if view != self.view:
            self.view = view
            self._set_dirty()
            self.viewChanged.emit()

    def save(self, path=None):
        path = path or self.path
        if not path:
            raise BadInput("no file name given")
        session.save(self.trainer, path, name=self.name, view=self.view_settings())
        self.path = path
        self._set_dirty(False)
        self.documentChanged.emit()  # the path may have changed even if nothing was unsaved

    def _set_dirty(self, dirty=True):
        self.changes += 1  # counts every change, so an autosave can tell whether anything is new
        if dirty != self.dirty:
            self.dirty = dirty
            self.documentChanged.emit()

    @property
    def network(self):
        return self.trainer.network

    # ---- playing ----------------------------------------------------------------------------
    @property
    def playing(self):
        return self._timer.isActive()

    def play(self):
        if self.playing:
            return
        self.set_phase(None)
        self._last_tick = time.perf_counter()
        self._owed = 1.0 if self.speed != MAX_SPEED else 0.0  # the first step shows at once
        self._rate_window.clear()
        self._timer.start(0 if self.speed == MAX_SPEED else TICK_MS)
        self.playingChanged.emit(True)

    def pause(self):
        if self._timer.isActive():
            self._timer.stop()
            self.playingChanged.emit(False)
        if self.goal is not None:
            self.goal = None
            self.goalChanged.emit(None)

    def run_to_step(self, step):
        """Play until the step count is `step` (at the chosen speed), then pause."""
        step = datasets.check_int("step", step, 0, 10**12)
        if step <= self.trainer.step_count:
            raise BadInput(f"the run is already at step {self.trainer.step_count:,}; choose a later step")
        self._play_to(("step", step), f"running to step {step:,}")

    def run_until_loss(self, loss):
        """Play until the test loss (the training loss without test data) is at most `loss`, then pause."""
        loss = datasets.check_float("target loss", loss, 0.0, 1e300)
        self._play_to(("loss", loss), f"running until the {self.trainer.goal_loss_name()} loss ≤ {loss:g}")

    def _play_to(self, goal, text):
        self.pause()
        self.goal = goal
        self.goalChanged.emit(text)
        self.play()

    @property
    def full_speed(self):
        return self.speed == MAX_SPEED

    def toggle_play(self):
        self.pause() if self.playing else self.play()

    def set_speed(self, steps_per_second):
        """Steps per second, or MAX_SPEED (0) for as fast as possible."""
        self.speed = max(0, int(steps_per_second))
        self._timer.setInterval(0 if self.speed == MAX_SPEED else TICK_MS)
        self.speedChanged.emit()

    def step(self, n=1):
        """Take n steps now (the Step button)."""
        self.pause()
        self.set_phase(None)
        self._run(n, record=True)

    def _steps_owed(self, now):
        """At a speed the learner set: the steps owed since the last tick."""
        self._owed += self.speed * (now - self._last_tick)
        n = int(self._owed)
        self._owed -= n
        # the same budget as at full speed: when the views draw slowly (a large network), a frame trains
        # for its share of their time, so the pace set is kept (with only TRAIN_BUDGET_S, 8 hidden
        # layers of 32 set to 100 steps/s took about 4 a second)
        return min(n, max(1, int(self.pacer.train_budget(keep_pace=True) / self._seconds_per_step)))

    def _tick(self):
        now = time.perf_counter()
        self.pacer.frame_started(now)
        if self.speed == MAX_SPEED:
            self._run_for(self.pacer.train_budget())
        else:
            n = self._steps_owed(now)
            if n:
                self._run(n, record=True)
            else:
                self.pacer.tick_without_steps()
        self._last_tick = now
        self.pacer.frame_ended(time.perf_counter())

    def _run(self, n, record=False):
        """Take n steps. `record`: also add a history row for the last one — when a learner steps
        by hand or watches slowly, every step shows in the plots, not only the evenly spaced rows
        the trainer keeps at full speed."""
        t0 = time.perf_counter()
        result = self._take(n, record)
        self._trained(result, time.perf_counter() - t0)
        return result

    def _run_for(self, seconds):
        """Train for about `seconds`, a frame at full speed: a first piece of steps sized by what a step
        cost lately, then the rest sized by what that piece took. A step's cost drifts from frame to frame
        (150 to 240 µs on the editor's largest network within one second), and a frame that trains past
        its budget is a hitch."""
        t0 = time.perf_counter()
        n = max(1, int(FIRST_PIECE * seconds / self._seconds_per_step))
        result = self._take(n)
        first = time.perf_counter() - t0
        if result.steps == n and not (result.diverged or result.at_limit or result.reached) and first > 0:
            rest = int((seconds - first) * n / first)  # at the first piece's own rate
            if rest > 0:
                more = self._take(rest)
                more.steps += result.steps
                result = more
        self._trained(result, time.perf_counter() - t0)
        return result

    def _take(self, n, record=False):
        """Up to n steps towards the goal, if one is set; the RunResult."""
        if record and self.goal is None and n <= RECORD_EACH_UP_TO:
            return self._run_recording_each(n)
        if self.goal is None:
            result = self.trainer.run(n)
        elif self.goal[0] == "step":
            result = self.trainer.run_to(min(self.goal[1], self.trainer.step_count + n))
            result.reached = self.trainer.step_count >= self.goal[1]
        else:
            result = self.trainer.run_until(self.goal[1], n)
        if result.steps and record:
            self.trainer.record()
        return result

    def _trained(self, result, elapsed):
        """`result` took `elapsed` seconds: tell the pacer and the views, and stop if training must."""
        self.pacer.trained_for(elapsed)
        if result.steps:
            # smooth the cost of a step, to size the next tick's batch of steps
            self._seconds_per_step = 0.7 * self._seconds_per_step + 0.3 * elapsed / result.steps
            self._rate_window.append((time.perf_counter(), result.steps))
            while self._rate_window and self._rate_window[0][0] < self._rate_window[-1][0] - 1.0:
                self._rate_window.popleft()
            self._set_dirty()
            self.trained.emit()
        if result.diverged:
            self.pause()
            self.diverged.emit(result.message)
        elif result.at_limit:
            self.pause()
            self.stopped.emit(result.message)
        elif self.goal is not None and result.reached:
            self.pause()  # the goal is met: stop exactly there

    def _run_recording_each(self, n):
        """n steps, each with its history row: at a pace a learner follows (100 steps/s is two
        steps a frame) every step shows in the plots, not only the last one of each frame."""
        taken, result = 0, None
        for _ in range(n):
            result = self.trainer.run(1)
            taken += result.steps
            if not result.steps or result.diverged or result.at_limit:
                break
            self.trainer.record()
        result.steps = taken
        return result

    @property
    def achieved_rate(self):
        """Steps per second over about the last second of playing (0 when idle)."""
        if len(self._rate_window) < 2 or not self.playing:
            return 0.0
        span = self._rate_window[-1][0] - self._rate_window[0][0]
        return sum(s for _, s in list(self._rate_window)[1:]) / span if span > 0 else 0.0

    def reset(self):
        """New starting weights from the seed (same seed, same start); step 0. Undoable: undo brings
        back the weights, the step, the optimizer's state and the history."""
        self.pause()
        network = self.network.copy()
        network.reinitialize()
        self.undo_stack.push(ReplaceRunCommand(self, trainer_like(self.trainer, network, self.trainer.data), "Reset"))

    # ---- editing the network (undoable) -----------------------------------------------------
    def check_network(self, network):
        """BadInput if this network cannot be trained on the current data with the current cost."""
        self.trainer.check_network(network)

    def edit_network(self, new_network, text):
        """Replace the network as one undoable step (training pauses first). Another architecture
        starts a new run; the same one goes on with the new weights (e.g. imported ones)."""
        self.pause()
        self.check_network(new_network)
        network = new_network.copy()
        after = continued(self.trainer, network) if network.same_architecture(self.network) else \
            trainer_like(self.trainer, network, self.trainer.data)
        self.undo_stack.push(ReplaceRunCommand(self, after, text))

    def apply_edit(self, edit, *args, text=None):
        """Run a core.edits function on the current network and push the result, e.g.
        controller.apply_edit(edits.add_neuron, 1, text="Add neuron to layer 1")."""
        self.edit_network(edit(self.network, *args), text or edit.__name__.replace("_", " "))

    def set_parameter(self, kind, l, j, k, value):
        """Type a new value for W^l_jk (kind 'W') or b^l_j (kind 'b'); undo restores only that value."""
        self.pause()
        edited = edits.set_parameter(self.network, kind, l, j, k, value)  # checks the indices and the value
        index = self.network.parameter_index(kind, l, j, k)
        name = self.network.parameter_names()[index]
        self.undo_stack.push(SetParameterCommand(self, index, float(self.network.params[index]),
                                                 float(edited.params[index]), f"Set {name}"))

    def _set_parameter_value(self, index, value):
        """Called by undo commands only."""
        self.pause()
        self.network.params[index] = value
        self.trainer.set_network(self.network)  # same network: the run goes on from the new value
        self.set_phase(None)
        self._set_dirty()
        self.networkChanged.emit()

    def _install_trainer(self, trainer):
        """Called by undo commands only: train `trainer` from now on (another run, or the same run
        from other weights)."""
        self.pause()
        same = trainer.network.same_architecture(self.network)
        self.trainer = trainer
        # an index means another weight in another architecture: let go of the selection first,
        # so no view ever draws the new network with the old selection
        selection_lost = not same and self.selected is not None
        if selection_lost:
            self.selected = None
        self.set_phase(None)
        self._set_dirty()
        self.networkChanged.emit()
        self.settingsChanged.emit()  # the data, and the optimizer's state, may be others
        if selection_lost:
            self.selectionChanged.emit(None)

    # ---- settings (take effect at the next step, no reset) -----------------------------------
    def _changed(self):
        self._set_dirty()
        self.settingsChanged.emit()

    # ---- what the next step will do (for the equation view and step-through) ----------------
    def _forget_next_step(self):
        self._next_step = None

    def next_step(self):
        """NextStep: the batch, every matrix, the gradient and the new parameters of the next step.
        Nothing changes until the step is taken; cached until weights, data or settings change."""
        if self._next_step is None:
            self._next_step = preview(self.trainer)
        return self._next_step

    # ---- selection and step-through ---------------------------------------------------------
    def select(self, index):
        """Select parameter `index` of net.params (None: nothing); every view highlights it."""
        if index is not None and not 0 <= index < self.network.n_params:
            index = None
        if index != self.selected:
            self.selected = index
            self.selectionChanged.emit(index)

    def set_phase(self, phase):
        """Show one phase of the next step (core.phases.Phase), or None to leave step-through."""
        if phase is not None:
            self.pause()
        if phase != self.phase:
            self.phase = phase
            self.phaseChanged.emit(phase)

