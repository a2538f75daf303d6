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
