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


def array(value, shape, where):
    """A float64 array of exactly this shape with finite entries."""
    if isinstance(value, (str, bytes, dict)):
        raise BadInput(f"{where} must be numbers of shape {shape}")
    # Refuse early on anything too large for the expected shape (no huge allocation for a wrong file).
    if isinstance(value, list) and shape and len(value) != shape[0]:
        raise BadInput(f"{where} must have shape {shape}, got {len(value)} rows")
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
