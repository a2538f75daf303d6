"""Sessions are written compactly (core.files.json_pieces): numbers on one line per array or row,
whole numbers as integers. Whatever is written reads back as the same values, every float exactly."""
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from core.files import NUMBERS_AT_A_TIME, json_pieces

finite = st.floats(allow_nan=False, allow_infinity=False)
# the values that take special paths: whole numbers, long whole numbers ending in zeros, −0.0, huge
special = st.sampled_from([0.0, -0.0, 1.0, -3.0, 1e6, 1e15, -2.5e15, 9007199254740992.0, 1e300, 5e-324,
                           0.1, 123456789.0, 1234567000.0])
numbers = st.one_of(finite, special)


def text(value):
    return "".join(json_pieces(value))


def same(a, b):
    """Equal as the JSON reader gives them: floats bit for bit (−0.0 too), ints equal to whole floats."""
    if isinstance(a, np.ndarray):
        a = a.tolist()
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b)
        for k in a:
            same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert isinstance(b, list) and len(a) == len(b)
        for x, y in zip(a, b):
            same(x, y)
    elif isinstance(a, float):
        assert isinstance(b, (int, float)) and not isinstance(b, bool)
        assert float(b) == a and np.signbit(float(b)) == np.signbit(a), (a, b)
    else:
        assert a == b and type(a) is type(b)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=40), elements=numbers))
def test_arrays_read_back_exactly(a):
    same(a, json.loads(text(a)))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(numbers, min_size=3, max_size=3), min_size=1, max_size=30),
       st.lists(st.one_of(numbers, st.none(), st.integers(-2 ** 63, 2 ** 63))))
def test_lists_of_rows_and_of_numbers_read_back_exactly(rows, flat):
    value = {"rows": rows, "flat": flat, "name": "é\ud800", "flags": [True, None], "empty": [], "none": {}}
    same(value, json.loads(text(value)))


def test_layout_one_line_per_array_and_per_row_with_whole_numbers_as_integers():
    value = {"sizes": [2, 3, 1], "rows": [[1.0, 0.5], [-2.0, 1e15]], "w": np.array([0.25, 3.0])}
    assert text(value) == '{\n "sizes": [2,3,1],\n "rows": [\n  [1,0.5],\n  [-2,1e15]\n ],\n "w": [0.25,3]\n}'


def test_long_arrays_are_written_in_many_short_pieces():
    pieces = list(json_pieces({"rows": np.ones((10 * NUMBERS_AT_A_TIME // 4, 4))}))
    assert len(pieces) >= 10  # a thread writing in the background lets the window run between pieces
    assert max(len(p) for p in pieces) < 4 * NUMBERS_AT_A_TIME


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_number_that_is_not_finite_is_refused(bad):
    for value in ([1.0, bad], np.array([1.0, bad]), [[1.0, bad]]):
        with pytest.raises(ValueError):
            text(value)
