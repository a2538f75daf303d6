"""Crash recovery: while the session has unsaved changes it is written to a recovery file every
few seconds; a clean quit removes the file; the next start finds files left by a process that no
longer runs (a crash, a kill -9, a power cut) and offers to restore them.

Each running window has its own file, recovery-<pid>.json, so two windows never overwrite each
other's recovery and a file whose process is gone is known to be an orphan. Writes are atomic
(core.files), so a crash during an autosave leaves the previous autosave intact.

An autosave never holds up the window: on the window's thread it only takes a snapshot of the session
(copies of the weights and the optimizer's state: milliseconds); a background thread writes it, in
short pieces with a pause after each, so the window keeps its turn. The data (perhaps a CSV of
megabytes) is encoded once and reused while it stays the same: while training plays only the
weights and the state change.
"""
import atexit
import datetime
import json
import os
import re
import stat
import sys
import threading
import time
import weakref
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from core import session
from core.errors import BadInput

INTERVAL_MS = int(os.environ.get("BACKPROP_LAB_AUTOSAVE_MS", "5000"))
# After each piece it writes (a few ms of work) the autosave thread pauses this long, so the window's
# thread finds the interpreter free whenever it needs it (without the pause it would wait for its
# turn at every call into Qt, and a frame could take half a second)
PAUSE_S = 0.002
# ...and while it writes, a thread that wants the interpreter waits at most this long for it (Python's
# default is 5 ms, at each of the window's many calls into Qt)
SWITCH_INTERVAL_S = 0.0005
_NAME = re.compile(r"recovery-(\d+)\.json$")


APPLICATION_FOLDER = "Backprop Lab"


def default_folder():
    """…/share/Backprop Lab/recovery. (AppDataLocation would add the organisation and the application,
    both "Backprop Lab": a doubled …/Backprop Lab/Backprop Lab/.)"""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return (Path(base) / APPLICATION_FOLDER if base else Path.home() / ".backprop-lab") / "recovery"


def describe(path, now=None):
    """What the restore prompt says of a recovery file: the session's name and when it was autosaved,
    e.g. '“circle”, autosaved today at 14:05'. A file that cannot be read is still described by its time."""
    try:
        when = datetime.datetime.fromtimestamp(Path(path).stat().st_mtime)
    except OSError:  # removed since it was found
        return "a session"
    now = now or datetime.datetime.now()
    if when.date() == now.date():
        day = "today"
    elif when.date() == (now - datetime.timedelta(days=1)).date():
        day = "yesterday"
    else:
        day = f"on {when:%Y-%m-%d}"
    name = _name(path)
    session_part = f"“{name}”" if isinstance(name, str) and name else "a session"
    return f"{session_part}, autosaved {day} at {when:%H:%M}"


_NAME_FIELD = re.compile(r'"name":\s*("(?:[^"\\]|\\.)*")')


def _name(path):
    """The session's name, read from the start of the file (a session file names itself near its top:
    no need to read megabytes of data for it); "" if there is none."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(65536)
        match = _NAME_FIELD.search(head)
        name = json.loads(match.group(1)) if match else ""
    except (OSError, ValueError):
        return ""
    return name if isinstance(name, str) else ""


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphans(folder=None):
    """Recovery files left by processes that are no longer running, newest first. Only regular files
    count: this program never writes anything else there, and a symbolic link that leads nowhere (or
    to itself) must not stop the window from starting."""
    folder = Path(folder or default_folder())
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("recovery-*.json"):
        match = _NAME.match(path.name)
        if not match or int(match.group(1)) == os.getpid() or _running(int(match.group(1))):
            continue
        try:
            status = path.lstat()  # the entry itself, never what a link points to
        except OSError:  # gone since the folder was listed
            continue
        if stat.S_ISREG(status.st_mode):
            found.append((status.st_mtime, path))
    return [path for _, path in sorted(found, key=lambda found: found[0], reverse=True)]


class _Autosaves:
    """What the window's thread and the autosave thread share: plain Python, never a Qt object (the
    thread may still be writing while Qt's objects are deleted, at the end of the program)."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.generation = 0  # a discard makes any autosave under way out of date
        self.stopping = False
        self.saved_changes = None  # controller.changes at the last autosave written
        self.last_error = ""
        self.data = (None, "")  # (a data record, its JSON text): encoded once, reused
        self.writer = None  # the thread writing an autosave, if one is under way

    def write(self, snapshot, changes, generation):
        """On the background thread: write `snapshot`, unless a discard or a stop came first."""
        def pause_or_stop():
            time.sleep(PAUSE_S)
            return self.stopping or _exiting or self.generation != generation

        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(switch_interval, SWITCH_INTERVAL_S))
        try:
            source, text = self.data
            if source is not snapshot["data"]:
                source, text = snapshot["data"], session.data_text(snapshot, stop=pause_or_stop)
                self.data = (source, text)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            session.write_document(self.path, snapshot, known={id(source): [text]}, stop=pause_or_stop)
        except session.Stopped:
            return
        except (BadInput, OSError) as e:  # a full disk must not interrupt the learner; try again next time
            self.last_error = str(e)
            return
        except Exception as e:  # noqa: BLE001 (on this thread nothing would report it: keep it for the next look)
            self.last_error = f"the autosave failed: {type(e).__name__}: {e}"
            return
        finally:
            sys.setswitchinterval(switch_interval)
        with self.lock:
            if self.generation != generation:  # discarded while it was written: the session was saved
                self.unlink()
                return
            self.saved_changes = changes
            self.last_error = ""

    def discard(self):
        with self.lock:
            self.generation += 1
            self.saved_changes = None
            self.unlink()

    def unlink(self):
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as e:  # e.g. the folder became read-only: keep going, say why on the next save
            self.last_error = str(e)


_exiting = False  # set when the program ends: autosaves under way give up (their file stays as it was)
_under_way = weakref.WeakSet()  # the _Autosaves of this process


@atexit.register
def _give_up_autosaves():
    global _exiting
    _exiting = True
    for autosaves in list(_under_way):
        if autosaves.writer is not None:
            autosaves.writer.join(5)


class Recovery(QObject):
    def __init__(self, controller, folder=None, interval_ms=INTERVAL_MS, parent=None):
        super().__init__(parent or controller)
        self.controller = controller
        self.folder = Path(folder or default_folder())
        self.path = self.folder / f"recovery-{os.getpid()}.json"
        self._shared = _Autosaves(self.path)
        _under_way.add(self._shared)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.autosave)
        self._timer.start()

    @property
    def last_error(self):
        """Why the last autosave (or removing the file) failed; "" when it worked."""
        return self._shared.last_error

    @property
    def writing(self):
        writer = self._shared.writer
        return writer is not None and writer.is_alive()

    def autosave(self):
        """Write the session if it has unsaved changes made since the last autosave; drop the file
        once the session is saved. Returns at once: the file is written by a background thread
        (wait() waits for it)."""
        if not self.controller.dirty:
            self.discard()
            return
        if self.controller.changes == self._shared.saved_changes and self.path.exists():
            return  # nothing new: no need to write the same session (perhaps megabytes of CSV) again
        if self.writing:
            return  # the last one is still being written; the next tick writes what is new by then
        # without the plots' history: this runs every few seconds while training plays
        snapshot = session.document(self.controller.trainer, name=self.controller.name, with_history=False,
                                    view=self.controller.view_settings())
        shared = self._shared
        shared.writer = threading.Thread(target=shared.write, args=(snapshot, self.controller.changes,
                                                                    shared.generation),
                                         name="autosave", daemon=True)
        shared.writer.start()

    def wait(self, timeout=None):
        """Wait until the autosave under way (if any) is written. True if none is left."""
        if self._shared.writer is not None:
            self._shared.writer.join(timeout)
        return not self.writing

    def discard(self):
        """Remove this window's recovery file (after a save, or on a clean quit); an autosave under
        way is given up."""
        self._shared.discard()

    def stop(self):
        self._timer.stop()
        self._shared.stopping = True
        self.wait()
        self.discard()
