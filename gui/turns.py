"""While training plays, the costly views take turns to redraw.

A frame at full speed is: train for a budget, emit `trained`, let Qt paint. The diagram and
the status bar are cheap and follow (or pace) themselves. The three plots and the equation
panel cost milliseconds each (the equations tens): if they all redrew in the same frame, that
frame would be long, and the controller, which keeps training's share of the time, would make
the next frames longer to match, until every view redrew every (long) frame.

So while playing, a view with a change to show asks for a turn (`wait`), and at each frame the
turns go to the views whose own interval has passed, the longest overdue first; at full speed
only one of them draws per frame. A frame then costs at most one costly redraw, whatever the
number of views, and each view still redraws as often as its interval allows. When a speed
is set, frames are few and every due view draws. On pause every waiting view draws at once;
when training is not playing, views never wait for a turn.

A view taking turns has two methods:
    overdue(now)  seconds since its interval passed (negative: not due yet)
    take_turn()   draw now (a view hidden meanwhile may skip it and draw when shown)
"""
import time

from PySide6.QtCore import QObject


class Turns(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self._waiting = {}  # view → None: an ordered set, in the order the views asked
        # Connected before any view's slot (after the controller's own), so a frame serves the views
        # that asked in earlier frames; while playing every frame brings a change, so a view is
        # served one frame later
        controller.trained.connect(self._frame)
        controller.playingChanged.connect(self._playing_changed)

    def wait(self, view):
        """`view` has a change to show: draw it at one of the next frames."""
        self._waiting[view] = None

    def waiting(self, view):
        return view in self._waiting

    def _frame(self):
        if not self.controller.playing or not self._waiting:
            return
        now = time.perf_counter()
        lateness = {view: view.overdue(now) for view in self._waiting}
        due = sorted((view for view, late in lateness.items() if late >= 0), key=lambda view: -lateness[view])
        if self.controller.full_speed:
            due = due[:1]
        for view in due:
            del self._waiting[view]
            view.take_turn()

    def _playing_changed(self, playing):
        if not playing:
            self.flush()

    def flush(self):
        """Let every waiting view draw now (training paused: the views show where it stopped)."""
        waiting, self._waiting = list(self._waiting), {}
        for view in waiting:
            view.take_turn()
