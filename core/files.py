"""Reading and writing files safely.

Reads check the path and the size before touching the contents, so a wrong
path or a multi-gigabyte file ends in a clear message instead of a hang.
Writes are atomic: the data goes to a temporary file beside the target, is
flushed to disk, and only then renamed over the target. A failure at any point
leaves the old file as it was and no partial file behind. A writer killed outright
(kill -9, a power cut) cannot remove its temporary file: the next write of the same
target does (see remove_stale_temporaries). Several files written together
(write_together) are all renamed into place at the end, or none is.
Nothing read here is ever executed: JSON is parsed as data, NPZ with
allow_pickle=False.
"""
import errno
import json
import math
import os
import re
import signal
import tempfile
import threading
import time
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # not on Windows: there the writer's process id alone guards its temporary file
    fcntl = None

import numpy as np

from .errors import BadInput


def _size_text(n):
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024


def _path(path):
    try:
        path = os.fspath(path)
    except TypeError:
        raise BadInput(f"a file name must be text, got {type(path).__name__}") from None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not path:
        raise BadInput("no file name given")
    if "\x00" in path:
        raise BadInput(f"{path!r} is not a possible file name (it contains a NUL character)")
    return path


def _missing(path):
    """Why `path` cannot be opened although a name is given: a link that loops, a link to nothing,
    a file standing where a folder should be, or no such file."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return f"{path} is a symbolic link that loops (it leads back to itself)"
        if os.path.islink(path):
            return f"{path} is a symbolic link to {os.readlink(path)}, which does not exist"
        if e.errno == errno.ENOTDIR:
            return f"cannot open {path}: {_file_in_the_way(path)} is a file, not a folder"
    return f"no such file: {path}"


def _file_in_the_way(path):
    """The nearest existing part of `path`'s folders, when it is a file (else None)."""
    folder = os.path.dirname(os.path.abspath(path))
    while folder and not os.path.exists(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return folder if os.path.exists(folder) and not os.path.isdir(folder) else None


SYSTEM_FOLDERS = ("/proc/", "/sys/", "/dev/")  # files there report no size, and some never end


def check_readable(path, max_bytes, what="file"):
    path = _path(path)
    if not os.path.exists(path):
        raise BadInput(_missing(path))
    if os.path.isdir(path):
        raise BadInput(f"{path} is a folder, not a {what}")
    if not os.path.isfile(path):
        raise BadInput(f"{path} is not a regular file (a device or a pipe?), so it cannot be a {what}")
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror or e}") from None
    if size == 0 and os.path.realpath(path).startswith(SYSTEM_FOLDERS):
        # /proc/self/status reports 0 bytes yet has lines, and reading /proc/kmsg never returns:
        # such files are not read at all
        raise BadInput(f"{path} is a file of the system (it reports no size), not a {what}")
    if size == 0:
        raise BadInput(f"{path} is empty")
    if size > max_bytes:
        raise BadInput(f"{path} is {_size_text(size)}; a {what} larger than {_size_text(max_bytes)} is not accepted")
    return path


def read_bytes(path, max_bytes, what="file"):
    path = check_readable(path, max_bytes, what)
    try:
        with open(path, "rb") as f:
            # read what the file holds (read(n) would first set aside n bytes), then make sure
            # it did not grow past the limit since it was measured
            data = f.read(os.fstat(f.fileno()).st_size + 1)
            if len(data) > max_bytes:
                raise BadInput(f"{path} is larger than {_size_text(max_bytes)}; a {what} that large is not accepted")
            return data
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror or e}") from None


def _refuse_constant(name):
    raise ValueError(f"{name} is not a finite number")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:30]} is too large")
    return value


def _sensible_int(text):
    if len(text) > 310:  # beyond any float64; refuse here rather than overflow later
        raise ValueError(f"the number {text[:30]}… is too large")
    return int(text)


def parse_json(raw, where, what="JSON file"):
    """Data from JSON text or UTF-8 bytes: only finite numbers, never anything executed."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        del raw  # the bytes are not needed while the text is parsed (up to 200 MB less at the peak)
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float,
                          parse_int=_sensible_int)
    except UnicodeDecodeError:
        raise BadInput(f"{where} is not a {what}: it is not UTF-8 text") from None
    except RecursionError:
        raise BadInput(f"{where} is not a {what}: it is nested too deeply") from None
    except ValueError as e:
        raise BadInput(f"{where} is not a valid {what}: {e}") from None


def read_json(path, max_bytes, what="JSON file"):
    return parse_json(read_bytes(path, max_bytes, what), path, what)


def _target(path):
    """The file a write to `path` should replace: through a symbolic link, its target."""
    path = _path(path)
    if os.path.islink(path):
        try:
            os.stat(path)
        except OSError as e:
            if e.errno == errno.ELOOP:
                raise BadInput(f"cannot write {path}: it is a symbolic link that loops (it leads back to itself)") from None
        return os.path.realpath(path)
    return path


LEGACY_TEMPORARY_SECONDS = 3600  # a temporary file without a writer's id is left alone this long


def _temporary_prefix(path):
    return "." + os.path.basename(path)[:40] + "."


def _temporary(folder, path):
    """A new, empty temporary file beside `path` (a short name, so any file name length works):
    .NAME.PID.RANDOM.tmp, PID the writer's process id, and locked (flock) while its writer lives,
    so remove_stale_temporaries knows it is in use."""
    prefix = f"{_temporary_prefix(path)}{os.getpid()}."
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    except OSError as e:
        raise BadInput(f"cannot write {path}: {e.strerror or e}") from None
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # a file system without locks: the process id still guards the file
    return fd, tmp


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


def _unlocked(path):
    """Whether no process holds a lock on the file (True where locks are not available)."""
    if fcntl is None:
        return True
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def remove_stale_temporaries(path):
    """Remove the temporary files a killed writer of `path` left beside it; returns their names.

    Only this program's own names for this target (.NAME.PID.RANDOM.tmp, as _temporary makes them),
    only regular files, and only when no writer can hold them: the process named by PID is gone and
    no process holds the file's lock. A name without a process id (written by an earlier version) is
    removed once it has not changed for LEGACY_TEMPORARY_SECONDS and is not locked."""
    folder = os.path.dirname(os.path.abspath(path))
    pattern = re.compile(re.escape(_temporary_prefix(path)) + r"(?:(\d{1,10})\.)?[a-z0-9_]{8}\.tmp")
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            pid = match.group(1)
            if pid is None:
                stale = time.time() - entry.stat(follow_symlinks=False).st_mtime > LEGACY_TEMPORARY_SECONDS
            else:
                stale = int(pid) != os.getpid() and not _alive(int(pid))
            if stale and _unlocked(entry.path):
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def check_writable(path):
    """The path as a string, if a file could be written there; else BadInput naming the reason.

    Nothing is left behind: the check creates and removes a temporary file in the folder."""
    path = _target(path)
    if os.path.isdir(path):
        raise BadInput(f"{path} is a folder; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        in_the_way = _file_in_the_way(path)
        if in_the_way:
            raise BadInput(f"cannot write {path}: {in_the_way} is a file, not a folder")
        raise BadInput(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise BadInput(f"cannot write {path}: no permission to write in {folder}")
    if os.path.exists(path) and not os.path.isfile(path):
        raise BadInput(f"cannot write {path}: it is not a regular file")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise BadInput(f"cannot write {path}: the file is read-only")
    try:
        name_max = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    if len(os.fsencode(os.path.basename(path))) > name_max:
        raise BadInput(f"cannot write {path}: the file name is too long (at most {name_max} bytes)")
    fd, tmp = _temporary(folder, path)  # the only sure test: the folder may be read-only or full
    os.close(fd)
    os.unlink(tmp)
    return path


def _fsync_folder(folder):
    """Make the rename itself durable (a power cut right after a save keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path, write):
    """Call write(file_object) on a temporary binary file, then rename it over `path`.

    On any failure (a full disk, a missing permission, an exception from `write`) the temporary
    file is removed and `path` is left exactly as it was; an OSError becomes BadInput."""
    path = check_writable(path)
    folder = os.path.dirname(os.path.abspath(path))
    remove_stale_temporaries(path)
    fd, tmp = _temporary(folder, path)
    batch = getattr(_together, "batch", None)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if batch is not None:
            batch.append((tmp, path, folder))  # renamed into place when write_together ends
            return
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise BadInput(f"cannot write {path}: {e.strerror or e}") from None
        raise
    _fsync_folder(folder)


def write_json(path, data):
    try:
        text = json.dumps(data, indent=1, allow_nan=False)
    except ValueError:
        raise BadInput(f"nothing was written to {path}: a value is not a finite number") from None
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))


# ---- compact JSON ---------------------------------------------------------------------------
NUMBERS_AT_A_TIME = 2048  # numbers encoded by one call (a few ms), so a thread writing in the
#                           background never holds the interpreter long enough to delay a frame
_SCALARS = (int, float, type(None))
_EXACT_INTEGERS = 2.0 ** 53  # every whole float below this is an integer that reads back exactly
_LONG_INTEGERS = 1e6  # from here a whole number may end in zeros better written as 1e15


def _number_text(v, whole):
    if not whole:
        return float.__repr__(v)
    digits = str(int(v))
    kept = digits.rstrip("0")
    return f"{kept}e{len(digits) - len(kept)}" if len(digits) - len(kept) > 2 else digits


def _block_text(a, row_break):
    """JSON text of a float array's numbers: a 1-D array's without brackets, a 2-D array's rows as
    [..] joined by `row_break`. Whole numbers are written as integers (a CSV of counts or class
    indices stays as short as it was), the rest (and −0.0) as Python's shortest round-trip repr:
    reading gives back every float exactly."""
    if not np.isfinite(a).all():
        raise ValueError("a value is not a finite number")
    whole = (a == np.rint(a)) & (np.abs(a) < _EXACT_INTEGERS) & ~((a == 0) & np.signbit(a))
    if (np.abs(a[whole]) >= _LONG_INTEGERS).any():  # rare: text made number by number
        texts = [",".join(map(_number_text, r, w)) for r, w in zip(np.atleast_2d(a).tolist(),
                                                                   np.atleast_2d(whole).tolist())]
        return ("," + row_break).join(f"[{t}]" for t in texts) if a.ndim == 2 else texts[0]
    if whole.all():
        values = a.astype(np.int64).tolist()
    elif whole.any():
        mixed = a.astype(object)
        mixed[whole] = a[whole].astype(np.int64)  # Python ints in an object array
        values = mixed.tolist()
    else:
        values = a.tolist()
    text = json.dumps(values, separators=(",", ":"))[1:-1]
    return text.replace("],[", "]," + row_break + "[") if a.ndim == 2 else text


def _numbers(values):
    """A JSON array of numbers (or nulls) on one line, encoded NUMBERS_AT_A_TIME at a time."""
    if isinstance(values, list) and values and all(type(v) is float for v in values):
        values = np.array(values)
    parts = []
    for i in range(0, len(values), NUMBERS_AT_A_TIME):
        chunk = values[i:i + NUMBERS_AT_A_TIME]
        if isinstance(chunk, np.ndarray):
            parts.append(_block_text(chunk.astype(float, copy=False), ""))
        else:
            parts.append(json.dumps(chunk, separators=(",", ":"), allow_nan=False)[1:-1])
    return "[" + ",".join(parts) + "]"


def _float_rows(rows):
    """`rows` (a list of rows) as a 2-D float array, or None if they are not all rows of floats."""
    if isinstance(rows, np.ndarray):
        return rows if rows.ndim == 2 and rows.dtype.kind == "f" else None
    if not all(type(r) is list for r in rows):
        return None
    try:
        a = np.array(rows)
    except (ValueError, OverflowError):  # rows of unequal lengths
        return None
    return a if a.ndim == 2 and a.dtype.kind == "f" else None


def _matrix_pieces(rows, pad):
    """Rows of floats, one a line, NUMBERS_AT_A_TIME numbers at a time; None if `rows` is not that."""
    width = len(rows[0]) if len(rows) and hasattr(rows[0], "__len__") else 0
    step = max(1, NUMBERS_AT_A_TIME // max(width, 1))
    first = _float_rows(rows[:step])
    if first is None or not width:
        return None

    def pieces():
        block = first
        for i in range(0, len(rows), step):
            if i:
                block = _float_rows(rows[i:i + step])
                if block is None or block.shape[1] != width:
                    raise ValueError("the rows of a matrix changed while it was written")
            yield ("[" if i == 0 else ",") + pad + _block_text(block, pad)
        yield pad[:-1] + "]"
    return pieces()


def json_pieces(value, level=0, known=None):
    """JSON text of `value` (JSON values and NumPy arrays) in pieces, laid out compactly: an object one
    key a line, an array of numbers on one line, an array of arrays one per line. Raises ValueError
    for a number that is not finite. `known`: {id(part): [pieces]} of parts already encoded."""
    if known and id(value) in known:
        yield from known[id(value)]
        return
    pad = "\n" + " " * (level + 1)
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        for i, (key, item) in enumerate(value.items()):
            yield ("{" if i == 0 else ",") + pad + json.dumps(str(key)) + ": "
            yield from json_pieces(item, level + 1, known)
        yield pad[:-1] + "}"
    elif isinstance(value, np.ndarray) and value.ndim == 1 or \
            isinstance(value, list) and all(type(v) in _SCALARS for v in value):
        yield _numbers(value)
    elif isinstance(value, list) and all(isinstance(v, (str, bool)) or v is None for v in value):
        yield json.dumps(value, allow_nan=False)  # names, flags: one short line
    elif isinstance(value, (list, tuple, np.ndarray)):
        if len(value) == 0:
            yield "[]"
            return
        matrix = _matrix_pieces(value, pad)
        if matrix is not None:
            yield from matrix
            return
        for i, item in enumerate(value):
            yield ("[" if i == 0 else ",") + pad
            yield from json_pieces(item, level + 1, known)
        yield pad[:-1] + "]"
    else:
        yield json.dumps(value, allow_nan=False)


_together = threading.local()  # the batch of write_together in this thread, if any


@contextmanager
def write_together(written):
    """Stage the atomic writes made inside the block; rename them all into place at its end.

    Each write inside goes to its temporary file as usual (a failure raises as usual and leaves
    nothing); the renames wait for the end of the block, so an exception or Ctrl-C before then
    leaves every target as it was. At the end every staged file is renamed into place, with Ctrl-C
    held back until the renames are done, and its path appended to `written`, so a caller can
    say exactly which files were written."""
    batch = []
    _together.batch = batch
    try:
        yield
    except BaseException:
        for tmp, _, _ in batch:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise
    finally:
        _together.batch = None
    with _interrupts_held():
        for i, (tmp, path, folder) in enumerate(batch):
            try:
                os.replace(tmp, path)
            except OSError as e:
                for later, _, _ in batch[i:]:
                    try:
                        os.unlink(later)
                    except OSError:
                        pass
                raise BadInput(f"cannot write {path}: {e.strerror or e}") from None
            written.append(path)
            _fsync_folder(folder)


@contextmanager
def _interrupts_held():
    """Ctrl-C (SIGINT) inside the block takes effect at its end: a few renames are not cut short,
    and `written` stays exact. Only the main thread sets signal handlers; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and callable(previous):
        previous(signal.SIGINT, caught[0])
    elif caught and previous == signal.SIG_DFL:
        raise KeyboardInterrupt
