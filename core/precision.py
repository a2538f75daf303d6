"""How many digits a number of a step is shown with — one rule for the equations panel, the quiz,
the worksheets and the notations, so an answer is checked to exactly the precision it was shown.

A matrix entry has MATRIX_DIGITS significant digits: enough to follow the arithmetic, narrow enough
for a matrix. When every matrix of the step is 1×1 (the question's own networks, one sample) every
number has SCALAR_DIGITS: the question's −2072.178 and −8.594754 need 7.
"""
import math

MATRIX_DIGITS = 5
SCALAR_DIGITS = 7


def step_digits(sizes, m):
    """Significant digits of every entry of a step of a network with layer `sizes` on m samples."""
    return SCALAR_DIGITS if all(int(n) == 1 for n in sizes) and int(m) == 1 else MATRIX_DIGITS


def num(x, digits=MATRIX_DIGITS):
    """`x` with `digits` significant digits, trailing zeros dropped: -131.67, 0.5, 1.2346e-05.

    Numbers keep the ASCII hyphen-minus so a copied number pastes into Python or a spreadsheet."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = f"{x:.{digits}g}"
    return "0" if text == "-0" else text  # -0.0 would only puzzle a learner


def same_when_shown(a, b, digits):
    """True when a and b look the same with `digits` significant digits (the shown precision)."""
    return num(a, digits) == num(b, digits)
