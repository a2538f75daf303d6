"""Differences at rounding level: when the network has reached its target, a − y is not data.

After the question's network converges, a = 50.09999999999999 and y = 50.1: they are the same number
to the panel's 7 digits, and a − y = −1.421085e-14 is the last binary digit of a double. Written as
"2(50.1 − 50.1) = −1.421085e-14" it reads like a result. At the panel's precision it is 0: the line
says "≈ 0†", and a note (once per page) gives the exact value and where it comes from.
"""
import numpy as np

from .format import num

ULPS = 16  # a difference within this many units in the last place of its operands is rounding
EPS = np.finfo(float).eps


def at_rounding_level(difference, a, y):
    """True when a − y (= difference) is non-zero but no larger than rounding of numbers the size of a and y."""
    scale = max(abs(float(a)), abs(float(y)))
    d = float(difference)
    return d != 0.0 and np.isfinite(d) and abs(d) <= ULPS * EPS * scale


def equals(result, difference, a, y, digits):
    """'= result' for a result computed from the difference a − y, or '≈ 0†' when that difference
    is rounding (the note() below explains the mark)."""
    if at_rounding_level(difference, a, y):
        return "≈ 0<sup>†</sup>"
    return f"= {num(result, digits)}"


def note(page, difference, a, y):
    """The note on a rounding-level difference: once per page, after the first line that marks one."""
    if not at_rounding_level(difference, a, y) or getattr(page, "_rounding_noted", False):
        return ""
    page._rounding_noted = True
    return page.note(
        f"† At rounding level: a − y = {num(difference, 7)} here, from a = {float(a)!r} and "
        f"y = {float(y)!r}, which differ only in the last binary digits a double holds (about 16 significant "
        f"digits). At the panel's precision it is 0: the network has reached its target, and the numbers "
        f"that follow from this difference (δ, ∂C/∂W, C) are rounding, not data.")
