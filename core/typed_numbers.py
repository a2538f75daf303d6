"""Numbers as a learner types them, read the same way everywhere (the window's fields, the weight
editor, exercises' answers).

    parse_number(" −0,5 ")  -> -0.5
    parse_number("1 000")   -> 1000.0

Accepted besides what Python's float() reads: surrounding spaces, the typographic minus (−, as the
equations print it), spaces between digits (1 000), and a lone decimal comma (0,5, as many locales
write it). A comma together with a point (1,000.5) is not guessed at: it is refused.
"""
import math

from .errors import BadInput
from .notation import MINUS

EXAMPLE = f"0.5 or {MINUS}1.2e-3"


def clean(text):
    """`text` as Python's int() and float() read numbers: trimmed, − as '-', without spaces, and a
    lone decimal comma as a point. Anything else is left for int() or float() to refuse."""
    cleaned = str(text).strip().replace(MINUS, "-").replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return cleaned


def parse_number(text):
    """The finite float typed in `text`; BadInput saying what is wrong otherwise."""
    cleaned = clean(text)
    if not cleaned:
        raise BadInput(f"type a number, e.g. {EXAMPLE}")
    try:
        value = float(cleaned)
    except ValueError:
        raise BadInput(f"“{str(text).strip()}” is not a number; type e.g. {EXAMPLE}") from None
    if not math.isfinite(value):
        raise BadInput("the number must be finite (not inf or nan)")
    return value
