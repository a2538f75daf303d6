"""When each view redraws, and how long each frame trains: one object, the controller's `pacer`.

Views only draw. A view registers once with its Pace and says when it has something new to show;
the pacer calls its `draw()` when it is time, and measures what that cost:

    controller.pacer.register(view, Pace(min_interval=0.1, max_share=0.1))
    controller.pacer.request(view)        # something changed (e.g. on `trained`)
    controller.pacer.request(view, urgent=True)   # a click: answer as soon as the action is over
    controller.pacer.shown(view)          # from showEvent: a hidden view draws what it missed
    controller.pacer.draw_now(view)       # draw at once, whatever the pace (e.g. the width changed)

A view has `draw()`; it may have `paint_seconds` (what Qt took to paint it after the last draw,
added to its cost) and `isVisible()` (a hidden view draws nothing until shown, see
`Pace.hidden_waits`).

When training is not playing, a requested view draws at once ("now"), or once the signals of the
current action are over ("coalesce": a new network, then its settings and its selection, are drawn
once). On pause every view with something new draws, so all show the step where training stopped.

While training plays, a frame is one pass of Qt's event loop, which handles posted events before
timers: Qt paints what the last frame's views drew, then the controller's timer trains for a budget
and emits `trained`, and the views due draw.
- A view's interval is at least `min_interval` and long enough that drawing it takes at most
  `max_share` of the time (its last cost / max_share); a speed the learner set has its own pair.
- Costly views (`takes_turns`) take turns: at each frame the turn goes to the view whose interval
  has passed longest ago, and only that one draws. A frame then costs at most one costly redraw,
  whatever the number of views. (If they all redrew in the same frame, that frame would be long: at
  full speed the budget below, which keeps training's share of the time, would make the next frames
  longer to match, until every view redrew every long frame; at a set speed the long frame would
  swallow the ticks after it, and 100 steps/s would show at 45 frames/s instead of 60.)
  At a set speed a tick that owes no step still gives a turn (`tick_without_steps`), so at a slow
  pace every view shows each step a few ticks after it is taken.
- Cheap views draw at once when their interval has passed, else at a later frame or on pause.
- The training budget of a frame at full speed is at least TRAIN_BUDGET_S and at least
  TRAIN_SHARE / (1 − TRAIN_SHARE) times what a typical recent frame spent drawing (the median of
  the last DRAW_WINDOW: one rare long redraw does not stretch the frames after it).
- However much drawing there is, a frame trains at most for what is left of FRAME_LIMIT_S after
  Qt's painting so far (measured, `frame_ended` to `frame_started`) and the views due after its
  training, at least MIN_TRAIN_S: a frame longer than 50 ms is a hitch the eye sees, and clicks
  and keys are answered between frames. The views due are the costly view whose turn comes
  (planned when the budget is set, and the one that draws) and the cheap ones, each counted as
  the longest of its last COST_MEMORY drawings. A view that would not fit in what is left of the
  frame waits for a frame with room (one longer than any frame can be draws once STARVED_S
  overdue, a hitch that cannot be helped).
- At full speed the turns stop while drawing has taken more than MAX_DRAW_SHARE of the last
  DRAW_SHARE_WINDOW_S (a large network's views each cost 5–15 ms: given a turn every frame they
  would take half the time, and each frame would train three times that to keep training's share);
  a view overdue by STARVED_S gets its turn anyway.
"""
import time
from collections import deque
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QTimer

TRAIN_BUDGET_S = 0.022  # the least training time per frame at full speed
TRAIN_SHARE = 0.75  # at full speed, training gets at least this share of the time; drawing the rest
DRAW_WINDOW = 15  # recent frames whose median drawing time sizes the training budget...
MIN_DRAW_SAMPLES = 5  # ...once there are this many (before, the budget is TRAIN_BUDGET_S)
# At full speed, costly turns wait while drawing (Qt's painting included) took more than this share of
# DRAW_SHARE_WINDOW_S, unless a view is STARVED_S overdue. A fifth, not 1 − TRAIN_SHARE: training then
# keeps about 80% of the time, and as a step in the window costs 0.84–1.2 times a headless one from one
# few seconds to the next on a shared machine, the window keeps 70% of the headless rate or more.
MAX_DRAW_SHARE = 0.2
DRAW_SHARE_WINDOW_S = 1.0
STARVED_S = 1.0
FRAME_LIMIT_S = 0.036  # a frame, training and drawing, aims at this at most: 50 ms is a hitch, and the
# rest is a margin for a view drawing slower than its last few times, or steps slower than the first piece...
MIN_TRAIN_S = 0.003  # ...but always this long
COST_MEMORY = 3  # a frame leaves a view room for the longest of its last this many drawings (the
# equations' parts in sight take 13 ms one time, 25 ms the next)


@dataclass(frozen=True)
class Pace:
    """How often a view may redraw while training plays, and what it does when it is not."""
    min_interval: float = 0.0  # at full speed: seconds between redraws, at least...
    max_share: float = 1.0  # ...and long enough that drawing takes at most this share of the time
    min_interval_at_a_speed: float | None = None  # the same two at a speed the learner set
    max_share_at_a_speed: float | None = None  # (None: as at full speed)
    takes_turns: bool = True  # a costly view: at most one such view draws per frame
    when_idle: str = "now"  # not playing: "now", or "coalesce" (once the current action is over)
    hidden_waits: str = "always"  # a hidden view draws nothing until shown: "always", "playing" (only
    # while training plays: when idle it keeps its content current), or "never" (not a widget)


class _Entry:
    __slots__ = ("view", "pace", "pending", "last_draw", "cost", "draws", "drew_playing", "draw_seconds")

    def __init__(self, view, pace):
        self.view, self.pace = view, pace
        self.pending = True  # something new to show (a new view has yet to draw anything)
        self.last_draw = 0.0  # perf_counter() when it last drew
        self.cost = 0.0  # seconds its last drawing took (with Qt's painting after it, if known)
        self.draws = deque(maxlen=COST_MEMORY)  # seconds its last few drawings took, alone (Qt paints
        # them in the next pass of the event loop), while training played (once it has drawn so:
        # paused, a view may draw more, e.g. the equations' whole page)...
        self.drew_playing = False
        self.draw_seconds = 0.0  # ...and the longest of them: what a frame leaves it room for


class Pacer(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self.entries = {}  # view → _Entry, in the order the views registered
        self._waiting = {}  # costly views waiting for a turn: an ordered set, in the order they asked
        self._coalesce = QTimer(self)  # the signals of one action, drawn once when it is over
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(0)
        self._coalesce.timeout.connect(self._draw_coalesced)
        # what the views took to draw each recent frame; kept across pauses (a resumed run draws like
        # the run before it) and counted from the second frame of a run on: the first one's wait
        # includes what was drawn while paused
        self.draw_times = deque(maxlen=DRAW_WINDOW)
        self._frame_start = None  # perf_counter() at the start of the current frame, once a run has one
        self._train_seconds = 0.0  # the training part of the current frame
        self._frame_end = None  # perf_counter() when the last frame's timer slot returned: this pass began
        self._planned_turn = None  # the costly view the current frame's budget left room for
        self._recent = deque()  # (end, seconds drawing, seconds in all) of the frames of the last DRAW_SHARE_WINDOW_S
        # Connected before any view's slot (after the controller's own), so a frame serves the views
        # that asked in earlier frames; while playing every frame brings a change, so a view is
        # served one frame later
        controller.trained.connect(self._frame)
        controller.playingChanged.connect(self._playing_changed)

    # ---- views ----------------------------------------------------------------------------------
    def register(self, view, pace):
        self.entries[view] = _Entry(view, pace)

    def set_pace(self, view, pace):
        """`view` paces itself anew from now on (e.g. by the speed set), keeping when it last drew."""
        self.entries[view].pace = pace

    def request(self, view, urgent=False):
        """`view` has something new to show. `urgent`: a learner's click, answered once the current
        action is over even while training plays."""
        entry = self.entries[view]
        entry.pending = True
        if urgent or (not self.controller.playing and entry.pace.when_idle == "coalesce"):
            self._coalesce.start()
        elif not self.controller.playing:
            self._draw(entry)
        elif entry.pace.takes_turns:
            if self._visible(entry):
                self._waiting[view] = None
        elif self.overdue(view, now := time.perf_counter()) >= 0 and self._fits(view, now):
            self._draw(entry)

    def draw_now(self, view):
        """Draw `view` now, hidden or not (e.g. its width changed), and count it as its latest drawing."""
        entry = self.entries[view]
        entry.pending = True
        self._draw(entry, force=True)

    def shown(self, view):
        """Call from the view's showEvent: draw what was missed while it was hidden."""
        entry = self.entries[view]
        if entry.pending:
            self._draw(entry)

    def waiting(self, view):
        return view in self._waiting

    def interval(self, view):
        """Seconds between two redraws of `view` while training plays at the current speed."""
        entry = self.entries[view]
        pace = entry.pace
        least, share = pace.min_interval, pace.max_share
        if not self.controller.full_speed:
            least = least if pace.min_interval_at_a_speed is None else pace.min_interval_at_a_speed
            share = share if pace.max_share_at_a_speed is None else pace.max_share_at_a_speed
        return max(least, entry.cost / share)

    def overdue(self, view, now):
        """Seconds since `view`'s interval passed (negative: not due yet)."""
        return now - self.entries[view].last_draw - self.interval(view)

    def flush(self):
        """Let every view with something new draw now (training paused: all show where it stopped).
        A view hidden while training played still waits to be shown."""
        self._waiting = {}
        for entry in list(self.entries.values()):
            if entry.pending and self._visible(entry, idle=False):
                self._draw(entry)

    def _visible(self, entry, idle=None):
        waits = entry.pace.hidden_waits
        idle = not self.controller.playing if idle is None else idle
        if waits == "never" or (waits == "playing" and idle):
            return True
        return entry.view.isVisible()

    def _draw(self, entry, force=False):
        if isinstance(entry.view, QObject) and not shiboken6.isValid(entry.view):  # the view is gone
            self.entries.pop(entry.view, None)
            self._waiting.pop(entry.view, None)
            return
        if not entry.pending or not (force or self._visible(entry)):
            return  # nothing new, or hidden: `shown` draws it
        entry.pending = False
        self._waiting.pop(entry.view, None)
        started = entry.last_draw = time.perf_counter()
        entry.view.draw()
        seconds = time.perf_counter() - started
        playing = self.controller.playing
        if playing and not entry.drew_playing:
            entry.draws.clear()  # what it drew paused stood in until now
            entry.drew_playing = True
        if playing or not entry.drew_playing:
            entry.draws.append(seconds)
            entry.draw_seconds = max(entry.draws)
        entry.cost = seconds + float(getattr(entry.view, "paint_seconds", 0.0))

    def _draw_coalesced(self):
        for entry in list(self.entries.values()):
            if entry.pending and (entry.pace.when_idle == "coalesce" or not self.controller.playing):
                self._draw(entry)

    def _frame(self):
        if not self.controller.playing:
            return
        now = time.perf_counter()
        for view, entry in list(self.entries.items()):  # cheap views left waiting by their interval
            due = entry.pending and not entry.pace.takes_turns and self.overdue(view, now) >= 0
            if due and self._fits(view, now):
                self._draw(entry)
        planned, self._planned_turn = self._planned_turn, None
        if not self._waiting:
            return
        turn = planned if planned in self._waiting else self._turn(now)
        if turn is not None and (turn is planned or self._fits(turn, now)):
            self._draw(self.entries[turn])
            self._waiting.pop(turn, None)

    def _fits(self, view, now):
        """Whether `view`, drawn at `now` of a frame at full speed, keeps the frame within FRAME_LIMIT_S.
        If not, it waits for a frame whose budget leaves it room."""
        if not self.controller.full_speed or self._frame_end is None:
            return True
        return now - self._frame_end + self.entries[view].draw_seconds <= FRAME_LIMIT_S

    def _turn(self, now):
        """The costly view whose turn it is at `now`, or None (none due, or drawing has had its share)."""
        lateness = {view: self.overdue(view, now) for view in self._waiting}
        due = [view for view, late in lateness.items() if late >= 0]
        if not due:
            return None
        turn = max(due, key=lateness.get)
        if self.controller.full_speed and lateness[turn] < STARVED_S and self.drawing_share() > MAX_DRAW_SHARE:
            return None
        return turn

    def drawing_share(self):
        """The share of the last DRAW_SHARE_WINDOW_S of frames spent drawing (0 before any frame)."""
        total = sum(seconds for _, _, seconds in self._recent)
        return sum(drawing for _, drawing, _ in self._recent) / total if total > 0 else 0.0

    def tick_without_steps(self):
        """A tick of a set speed that took no step: a turn for a view still waiting to show the last one."""
        self._frame()

    def _playing_changed(self, playing):
        if playing:
            self._frame_start = self._frame_end = self._planned_turn = None
            self._train_seconds = 0.0
            self._recent.clear()
        else:
            self.flush()

    # ---- frames ---------------------------------------------------------------------------------
    def frame_started(self, now):
        """A frame of training begins at `now`: all since the last one began, but its training, was
        drawing (the views, in the `trained` slots and in Qt's painting after them)."""
        if self._frame_start is not None:
            drawing = max(0.0, now - self._frame_start - self._train_seconds)
            self.draw_times.append(drawing)
            self._recent.append((now, drawing, now - self._frame_start))
            while self._recent[0][0] < now - DRAW_SHARE_WINDOW_S:
                self._recent.popleft()
        self._frame_start = now
        self._train_seconds = 0.0

    def trained_for(self, seconds):
        """This frame trained for `seconds`."""
        self._train_seconds = seconds

    def frame_ended(self, now):
        """The controller's timer slot returned at `now`: what Qt does next (painting what was drawn)
        is the start of the next frame."""
        self._frame_end = now

    def train_budget(self, keep_pace=False):
        """Seconds of training this frame: enough that drawing takes at most 1 − TRAIN_SHARE of the
        time, little enough that the frame with the drawing after it stays within FRAME_LIMIT_S.
        `keep_pace`: at a speed the learner set, the steps it owes come first (no frame limit)."""
        if len(self.draw_times) < MIN_DRAW_SAMPLES:
            budget = TRAIN_BUDGET_S
        else:
            drawing = sorted(self.draw_times)[len(self.draw_times) // 2]  # the median
            budget = max(TRAIN_BUDGET_S, drawing * TRAIN_SHARE / (1 - TRAIN_SHARE))
        if keep_pace:
            return budget
        now = time.perf_counter()
        done = 0.0 if self._frame_end is None else now - self._frame_end  # Qt's painting since the last frame
        left = FRAME_LIMIT_S - done - self._cheap_cost(now + budget)  # the cheap views due once it has trained
        turn = self._planned_turn = self._turn(now)
        if turn is not None:
            if left - self.entries[turn].draw_seconds >= MIN_TRAIN_S or self._never_fits(turn, now):
                left -= self.entries[turn].draw_seconds
            else:
                self._planned_turn = None  # no room in this frame: the turn waits for one with room
        return max(MIN_TRAIN_S, min(budget, left))

    def _never_fits(self, view, now):
        """Whether `view`, STARVED_S overdue, takes longer than any frame could give it: it draws anyway."""
        return (self.entries[view].draw_seconds > FRAME_LIMIT_S - MIN_TRAIN_S
                and self.overdue(view, now) >= STARVED_S)

    def _cheap_cost(self, when):
        """Seconds the cheap views due by `when` took to draw last time."""
        return sum(e.draw_seconds for view, e in self.entries.items()
                   if e.pending and not e.pace.takes_turns and self.overdue(view, when) >= 0)
