"""Crash recovery: while the session has unsaved changes it is written to a recovery file every
few seconds; a clean quit removes the file; the next start finds files left by a process that no
longer runs (a crash, a kill -9, a power cut) and offers to restore them.

Each running window has its own file, recovery-<pid>.json, so two windows never overwrite each
other's recovery and a file whose process is gone is known to be an orphan. Writes are atomic
(core.files), so a crash during an autosave leaves the previous autosave intact.
"""
import datetime
import json
import os
import re
import stat
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from core import session
from core.errors import BadInput

INTERVAL_MS = int(os.environ.get("BACKPROP_LAB_AUTOSAVE_MS", "5000"))
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
    try:
        with open(path, encoding="utf-8") as f:
            name = json.load(f).get("name") or ""
    except (OSError, ValueError, AttributeError):
        name = ""
    session_part = f"“{name}”" if isinstance(name, str) and name else "a session"
    return f"{session_part}, autosaved {day} at {when:%H:%M}"


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


class Recovery(QObject):
    def __init__(self, controller, folder=None, interval_ms=INTERVAL_MS, parent=None):
        super().__init__(parent or controller)
        self.controller = controller
        self.folder = Path(folder or default_folder())
        self.path = self.folder / f"recovery-{os.getpid()}.json"
        self.last_error = ""
        self._saved_changes = None  # controller.changes at the last autosave
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.autosave)
        self._timer.start()

    def autosave(self):
        """Write the session if it has unsaved changes made since the last autosave; drop the file
        once the session is saved."""
        if not self.controller.dirty:
            self.discard()
            return
        if self.controller.changes == self._saved_changes and self.path.exists():
            return  # nothing new: no need to write the same session (perhaps megabytes of CSV) again
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # without the plots' history: this runs every few seconds while training plays, and the
            # history of a larger network takes a tenth of a second or more to write
            session.save(self.controller.trainer, self.path, name=self.controller.name, with_history=False,
                         view=self.controller.view_settings())
            self._saved_changes = self.controller.changes
            self.last_error = ""
        except (BadInput, OSError) as e:  # a full disk must not interrupt the learner; try again next time
            self.last_error = str(e)

    def discard(self):
        """Remove this window's recovery file (after a save, or on a clean quit)."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as e:  # e.g. the folder became read-only: keep going, say why on the next save
            self.last_error = str(e)

    def stop(self):
        self._timer.stop()
        self.discard()
