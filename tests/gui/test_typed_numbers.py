"""The weight editor and the settings fields read typed numbers the same way."""
import pytest

from gui.controls.fields import parse_number as setting_value
from gui.diagram.layout import parse_number as weight_value


@pytest.mark.parametrize("typed,value", [
    ("0.5", 0.5), (" 0,5 ", 0.5), ("−1.2e-3", -1.2e-3), ("-3", -3.0), ("1 000", 1000.0), ("2,5e2", 250.0),
])
def test_both_read_the_same_number(typed, value):
    assert weight_value(typed) == pytest.approx(value)
    assert setting_value(typed) == pytest.approx(value)


def test_a_setting_keeps_whole_numbers_whole_and_passes_anything_else_to_the_core():
    assert setting_value("10") == 10 and isinstance(setting_value("10"), int)
    assert setting_value("1 000") == 1000 and isinstance(setting_value("1 000"), int)
    assert setting_value(" ten ") == "ten"  # the core's message names it: "… must be a number, got 'ten'"
    assert setting_value("1,000.5") == "1,000.5"  # a thousands comma with a point is not guessed at


def test_the_weight_editor_says_what_is_wrong():
    with pytest.raises(ValueError, match="not a number"):
        weight_value("1,000.5")
    with pytest.raises(ValueError, match="Type a number"):
        weight_value("   ")
    with pytest.raises(ValueError, match="finite"):
        weight_value("inf")
