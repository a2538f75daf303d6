"""Axes whose tick labels stay readable: room that grows to fit them, and one style of number per axis.

A plot's left axis has a fixed width (re-fitting it to each new label costs a whole layout every frame
while training plays). Fixed alone, a wide label ("−0.00025", "2·10¹⁵²") ran into the axis title or was
left out, down to a single "0" after a divergence. ValueAxis keeps the width fixed but widens it when
a label needs more room, and narrows it again only when much less is needed, so it changes rarely.
"""
import math

import numpy as np
import pyqtgraph as pg

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
SHRINK_SLACK = 24  # pixels of unused room before the axis narrows again
PLAIN_LOW, PLAIN_HIGH = 1e-3, 1e4  # magnitudes written as plain decimals; beyond, every label a power of ten


def power_of_ten(value, digits=2):
    """'2·10⁻⁵', '10⁴', '−1.5·10¹⁵²', '5' (10⁰ is left out): a number as a mantissa times a power
    of ten, with superscripts."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    mantissa = round(value / 10 ** exponent, digits)
    if abs(mantissa) >= 10:  # 9.999 rounded up to 10
        mantissa, exponent = mantissa / 10, exponent + 1
    text = f"{mantissa:.{digits}f}".rstrip("0").rstrip(".")
    if exponent == 0:
        return text.replace("-", "−")  # 1, 2, 5 rather than 10⁰
    power = "10" + str(exponent).translate(SUPERSCRIPT)
    if text in ("1", "-1"):
        return ("−" if text == "-1" else "") + power
    return text.replace("-", "−") + "·" + power


def plain(value, places):
    return f"{value:.{places}f}" if value else "0"


class ValueAxis(pg.AxisItem):
    """A left axis of fixed width that widens for its labels, with one style of number per view:
    plain decimals while every label is between 0.001 and 10⁴ in size, else powers of ten for all."""

    def __init__(self, orientation="left", **kwargs):
        super().__init__(orientation, **kwargs)
        self.least_width = None  # the width set by setWidth(): the axis never gets narrower than this

    def setWidth(self, w=None):
        self.least_width = w
        super().setWidth(w)

    def _updateWidth(self):
        if getattr(self, "least_width", None) is not None and self.style["showValues"]:
            needed = math.ceil(self.textWidth + self.style["tickTextOffset"][0] + max(0, self.style["tickLength"])
                               + (self.label.boundingRect().height() * 0.8 if self.label.isVisible() else 0))
            wanted = max(self.least_width, needed)
            if wanted > self.fixedWidth or wanted < self.fixedWidth - SHRINK_SLACK:
                self.fixedWidth = wanted
        super()._updateWidth()

    def tickStrings(self, values, scale, spacing):
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        values = np.asarray(values, float) * scale
        step = abs(spacing * scale)
        largest = np.max(np.abs(values)) if len(values) else 0.0
        if largest < PLAIN_HIGH and step >= PLAIN_LOW:
            places = max(0, math.ceil(-math.log10(step))) if step > 0 else 0
            return [plain(v, places) for v in values]
        # digits enough to tell neighbouring ticks apart, relative to the size of each label
        digits = [max(0, min(6, math.ceil(math.log10(abs(v) / step)))) if v and step else 0 for v in values]
        return [power_of_ten(v, d) for v, d in zip(values, digits)]

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        """pyqtgraph's log ticks (powers of ten, then 2…9 times them), and evenly spaced values when
        those leave fewer than two in view: a loss between 0.70 and 0.77 (a run's first steps) had no
        label at all."""
        ticks = super().logTickValues(minVal, maxVal, size, stdTicks)
        inside = sum(1 for _, values in ticks for v in values if minVal <= v <= maxVal)
        if inside >= 2 or not (np.isfinite(minVal) and np.isfinite(maxVal)) or maxVal <= minVal:
            return ticks
        low, high = 10.0 ** minVal, 10.0 ** maxVal
        rough = (high - low) / 4
        if not rough > 0:
            return ticks
        power = 10.0 ** math.floor(math.log10(rough))
        step = next(f * power for f in (1, 2, 5, 10) if f * power >= rough)
        values = np.arange(math.ceil(low / step) * step, high, step)
        return [(None, list(np.log10(values[values > 0])))]

    def logTickStrings(self, values, scale, spacing):
        """Labels of a log axis (values are exponents): plain while all are between 0.001 and 10⁴,
        else every one a power of ten (pyqtgraph wrote 0.0001 beside 10⁻⁵)."""
        numbers = [10.0 ** v * scale for v in values]
        if all(PLAIN_LOW <= x < PLAIN_HIGH for x in numbers):
            return [f"{x:.6g}" for x in numbers]
        return [power_of_ten(x, 1) for x in numbers]
