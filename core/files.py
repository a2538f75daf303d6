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
import os
import tempfile

from .errors import BadInput


def _size_text(n):
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024


def check_readable(path, max_bytes, what="file"):
    path = os.fspath(path)
    if not os.path.exists(path):
        raise BadInput(f"no such file: {path}")
    if os.path.isdir(path):
        raise BadInput(f"{path} is a folder, not a {what}")
    size = os.path.getsize(path)
    if size == 0:
        raise BadInput(f"{path} is empty")
    if size > max_bytes:
        raise BadInput(f"{path} is {_size_text(size)}; a {what} larger than {_size_text(max_bytes)} is not accepted")
    return path


def read_bytes(path, max_bytes, what="file"):
    path = check_readable(path, max_bytes, what)
    try:
        with open(path, "rb") as f:
            return f.read(max_bytes + 1)
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror or e}") from None


def _refuse_constant(name):
    raise ValueError(f"{name} is not a finite number")


def read_json(path, max_bytes, what="JSON file"):
    raw = read_bytes(path, max_bytes, what)
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not a {what}: it is not UTF-8 text") from None
    except RecursionError:
        raise BadInput(f"{path} is not a {what}: it is nested too deeply") from None
    except ValueError as e:
        raise BadInput(f"{path} is not a valid {what}: {e}") from None


def check_writable(path):
    """The path as a string, if a file could be written there; else BadInput naming the reason."""
    path = os.fspath(path)
    if not path:
        raise BadInput("no file name given")
    if os.path.isdir(path):
        raise BadInput(f"{path} is a folder; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise BadInput(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise BadInput(f"cannot write {path}: no permission to write in {folder}")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise BadInput(f"cannot write {path}: the file is read-only")
    return path


def atomic_write(path, write):
    """Call write(file_object) on a temporary binary file, then rename it over `path`."""
    path = check_writable(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
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


def write_json(path, data):
    text = json.dumps(data, indent=1, allow_nan=False)
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))
