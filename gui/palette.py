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


# ---- themes (gui/projector.py): the same roles, other shades ----------------------------------------
BACKGROUND = QColor(255, 255, 255)
TEXT = QColor(30, 30, 30)


def set_theme(background, text, positive, negative, selected):
    """Switch every view's colours (they read these names when they draw). Positive stays a blue and
    negative an orange in every theme: a pair told apart with any common colour-vision deficiency."""
    global BACKGROUND, TEXT, POSITIVE, NEGATIVE, SELECTED, TRAIN, TEST
    BACKGROUND, TEXT = QColor(background), QColor(text)
    POSITIVE, NEGATIVE, SELECTED = QColor(*positive), QColor(*negative), QColor(*selected)
    TRAIN, TEST = QColor(POSITIVE), QColor(NEGATIVE)


def document_colors():
    """Colours for the equations' HTML in the current theme (see gui/equations/render.stylesheet)."""
    dark = BACKGROUND.lightness() < 128
    return {"text": TEXT.name(), "muted": "#b4b4b4" if dark else "#6e6e6e", "selected": SELECTED.name(),
            "selected_bg": "#5a1a2a" if dark else "#fbd5dd", "related_bg": "#4a3c00" if dark else "#fff0c2",
            "active_bg": "#1d3b24" if dark else "#eaf6ec", "background": BACKGROUND.name()}
