"""Small checks for data read from files: each failure is a BadInput naming the key."""
import numpy as np

from .datasets import _short
from .errors import BadInput
from .network import MAX_LAYER_SIZE, MAX_LAYERS


def obj(value, where):
    if not isinstance(value, dict):
        raise BadInput(f"{where} must be an object ({{...}}), got {type(value).__name__}")
    return value


def keys(d, where, required=(), optional=()):
    """Check d has every required key and nothing unknown."""
    obj(d, where)
    missing = [k for k in required if k not in d]
    if missing:
        raise BadInput(f"{where} is missing {', '.join(repr(k) for k in missing)}")
    extra = sorted(set(d) - set(required) - set(optional))
    if extra:
        raise BadInput(f"{where} has unknown key(s) {', '.join(repr(str(k)) for k in extra)}")
    return d


def string(value, where, choices=None):
    if not isinstance(value, str):
        raise BadInput(f"{where} must be text, got {type(value).__name__}")
    if choices is not None and value not in choices:
        raise BadInput(f"{where} is {_short(value)}; expected one of {', '.join(choices)}")
    return value


def integer(value, where, low=0, high=2**63 - 1):
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{where} must be a whole number, got {_short(value)}")
    if not low <= value <= high:
        raise BadInput(f"{where} must be between {low} and {high}, got {_short(value)}")
    return value


def number(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadInput(f"{where} must be a finite number, got {_short(value)}")
    try:
        value = float(value)
    except OverflowError:
        raise BadInput(f"{where} must be a finite number; this one is far too large") from None
    if not np.isfinite(value):
        raise BadInput(f"{where} must be a finite number, got {value!r}")
    return value


_NUMBERS = {int, float}  # what JSON numbers parse to; true and false are bools, never weights


def _structure(value, shape, where):
    """Refuse nested lists (as parsed from JSON) unless their lengths are `shape` and their leaves
    plain numbers, from the lengths and the kinds of entries alone: a wrong file is refused before
    any array is made of it, and a bool (JSON true, which NumPy would take as 1.0) is no number."""
    if len(value) != shape[0]:
        raise BadInput(f"{where} must have shape {tuple(shape)}, got {len(value):,} "
                       f"{'rows' if len(shape) > 1 else 'numbers'}")
    rows = value if len(shape) > 1 else [value]
    for i, row in enumerate(rows):
        if len(shape) > 1:
            if not isinstance(row, list):
                raise BadInput(f"{where} must be numbers of shape {tuple(shape)}; row {i} is not a list")
            if len(shape) > 2:
                _structure(row, shape[1:], f"{where} [{i}]")
                continue
            if len(row) != shape[1]:
                got = f"({len(value)}, {len(row)})" if len({len(r) if isinstance(r, list) else -1 for r in rows}) == 1 else \
                    f"row {i} of {len(row):,} numbers"  # (rows all of one length, or not)
                raise BadInput(f"{where} must have shape {tuple(shape)}, got {got}")
        kinds = set(map(type, row))
        if not kinds <= _NUMBERS:
            wrong = "true or false" if bool in kinds else "text or null" if kinds & {str, type(None)} else \
                "a list or an object"
            raise BadInput(f"{where} must be numbers of shape {tuple(shape)}; it holds {wrong}")


def array(value, shape, where):
    """A float64 array of exactly this shape with finite entries."""
    if isinstance(value, (str, bytes, dict, bool)):
        raise BadInput(f"{where} must be numbers of shape {shape}")
    if isinstance(value, list) and shape:
        _structure(value, shape, where)  # before anything is allocated for it
    elif isinstance(value, np.ndarray) and value.dtype.kind == "b":
        raise BadInput(f"{where} must be numbers of shape {tuple(shape)}, not true/false")
    try:
        arr = np.array(value)
    except (TypeError, ValueError, OverflowError, RecursionError):
        raise BadInput(f"{where} must be numbers of shape {tuple(shape)}") from None
    if arr.dtype.kind not in "fiu":  # text, true/false, null, a number too large (kept as an object)
        raise BadInput(f"{where} must be numbers of shape {tuple(shape)}")
    arr = arr.astype(float)
    if arr.shape != tuple(shape):
        raise BadInput(f"{where} must have shape {tuple(shape)}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise BadInput(f"{where} holds a value that is not a finite number")
    return arr


def layer_sizes(sizes, where):
    """Layer sizes as stored in a file: a short list of whole numbers, each within the limits."""
    if not isinstance(sizes, list):
        raise BadInput(f"{where} sizes must be a list of whole numbers, e.g. [2, 4, 1]")
    if not 2 <= len(sizes) <= MAX_LAYERS + 1:
        raise BadInput(f"{where} sizes must list 2 to {MAX_LAYERS + 1} layers, got {len(sizes)}")
    for i, s in enumerate(sizes):
        integer(s, f"{where} size of layer {i}", 1, MAX_LAYER_SIZE)
    return sizes
