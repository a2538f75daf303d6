"""Colours shared by every view, so a weight looks the same in the diagram, the plots and the equations.

Sign colours follow TensorFlow Playground: blue for positive, orange for negative.
"""
from PySide6.QtGui import QColor

POSITIVE = QColor(33, 102, 172)    # blue
NEGATIVE = QColor(230, 120, 20)    # orange
NEUTRAL = QColor(150, 150, 150)
SELECTED = QColor(220, 20, 60)     # crimson: the selected weight, everywhere
ACTIVE = QColor(46, 160, 67)       # green: the layer a step-through phase works on
TRAIN = QColor(33, 102, 172)
TEST = QColor(230, 120, 20)


def weight_color(value, alpha=255):
    color = QColor(POSITIVE if value > 0 else NEGATIVE if value < 0 else NEUTRAL)
    color.setAlpha(alpha)
    return color


def weight_width(value, max_abs, thinnest=0.5, thickest=6.0):
    """Line width for a weight: proportional to |w| relative to the largest |w| in the network."""
    if not max_abs or max_abs != max_abs:  # zero or NaN
        return thinnest
    return thinnest + (thickest - thinnest) * min(abs(value) / max_abs, 1.0)
