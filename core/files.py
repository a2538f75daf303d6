"""Reading and writing files safely.

Reads check the path and the size before touching the contents, so a wrong
path or a multi-gigabyte file ends in a clear message instead of a hang.
Writes are atomic: the data goes to a temporary file beside the target, is
flushed to disk, and only then renamed over the target. A failure at any point
leaves the old file as it was and no partial file behind.
Nothing read here is ever executed: JSON is parsed as data, NPZ with
allow_pickle=False.
"""
import json
import math
import os
import tempfile

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


def check_readable(path, max_bytes, what="file"):
    path = _path(path)
    if not os.path.exists(path):
        raise BadInput(f"no such file: {path}")
    if os.path.isdir(path):
        raise BadInput(f"{path} is a folder, not a {what}")
    if not os.path.isfile(path):
        raise BadInput(f"{path} is not a regular file (a device or a pipe?), so it cannot be a {what}")
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror or e}") from None
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
        return os.path.realpath(path)
    return path


def _temporary(folder, path):
    """A new, empty temporary file beside `path` (a short name, so any file name length works)."""
    prefix = "." + os.path.basename(path)[:40] + "."
    try:
        return tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    except OSError as e:
        raise BadInput(f"cannot write {path}: {e.strerror or e}") from None


def check_writable(path):
    """The path as a string, if a file could be written there; else BadInput naming the reason.

    Nothing is left behind: the check creates and removes a temporary file in the folder."""
    path = _target(path)
    if os.path.isdir(path):
        raise BadInput(f"{path} is a folder; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
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
    fd, tmp = _temporary(folder, path)
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
