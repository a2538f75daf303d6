"""Small checks for data read from files: each failure is a BadInput naming the key."""
import numpy as np

from .errors import BadInput


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
        raise BadInput(f"{where} is {value!r}; expected one of {', '.join(choices)}")
    return value


def integer(value, where, low=0, high=2**63 - 1):
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{where} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise BadInput(f"{where} must be between {low} and {high}, got {value}")
    return value


def number(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise BadInput(f"{where} must be a finite number, got {value!r}")
    return float(value)


def array(value, shape, where):
    """A float64 array of exactly this shape with finite entries."""
    if isinstance(value, (str, bytes, dict)):
        raise BadInput(f"{where} must be numbers of shape {shape}")
    # Refuse early on anything too large for the expected shape (no huge allocation for a wrong file).
    if isinstance(value, list) and shape and len(value) != shape[0]:
        raise BadInput(f"{where} must have shape {shape}, got {len(value)} rows")
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise BadInput(f"{where} must be numbers of shape {shape}") from None
    if arr.shape != tuple(shape):
        raise BadInput(f"{where} must have shape {tuple(shape)}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise BadInput(f"{where} holds a value that is not a finite number")
    return arr
