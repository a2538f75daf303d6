"""Every session the program writes opens again: the session file limit holds the largest one.

The largest session: a CSV's data at the CSV limit, a network at the parameter limit with its initial
weights and two optimizer vectors, and the history at its limit. Each assumption of that sum is
checked here against the writer itself (core.files.json_pieces)."""
import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from core import csv_data, datasets, network, session
from core.files import json_pieces

LONGEST_NUMBER = 24  # characters, e.g. -1.2345678901234567e-300


def written(x):
    """The text of one number as the writer puts it in an array."""
    return "".join(json_pieces(np.array([x])))[1:-1]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_no_number_is_written_longer_than_24_characters(x):
    assert len(written(x)) <= LONGEST_NUMBER
    assert float(json.loads(written(x))) == x


def test_a_csv_value_is_written_in_at_most_twice_its_bytes_in_the_file():
    """A value of a CSV costs its text and a comma; in the session, its number and a comma. The
    spellings that grow most: fractions without their 0, signed zero, exponents, class names."""
    for cell in (".5", "-.5", "1e15", "-1e15", "1E5", "9e9", "0", "-0", "1e-5", "0.1", "123", "5e-324"):
        value = csv_data._number(cell)
        assert len(written(value)) + 1 <= 2 * (len(cell) + 1), cell
    assert len(written(float(csv_data.MAX_CLASSES - 1))) + 1 <= 2 * (len("z") + 1)  # a one-letter class


def test_the_session_limit_holds_the_largest_session_written():
    per_number = LONGEST_NUMBER + 1  # and a comma
    data = 2 * csv_data.MAX_FILE_BYTES + datasets.MAX_SAMPLES * 16  # a row's brackets and indentation
    parameters = 4 * network.MAX_PARAMETERS * per_number  # weights, initial weights, Adam's m and v
    history = session.MAX_HISTORY_VALUES * per_number + 2048 * (4 + 32) * per_number  # rows: losses, norms
    settings = 1024 * 1024  # names, settings, the data's column names and classes
    assert data + parameters + history + settings <= session.MAX_FILE_BYTES


def test_a_file_in_the_older_layout_one_number_a_line_reads_the_same(tmp_path):
    from core import presets
    trainer = presets.load("circle")
    trainer.run(25)
    session.save(trainer, tmp_path / "compact.json")
    (tmp_path / "old.json").write_text(json.dumps(session.to_dict(trainer), indent=1))  # as version 1 wrote it
    assert (tmp_path / "compact.json").stat().st_size < (tmp_path / "old.json").stat().st_size
    a, _, _ = session.load(tmp_path / "compact.json")
    b, _, _ = session.load(tmp_path / "old.json")
    assert json.loads((tmp_path / "compact.json").read_text()) == json.loads((tmp_path / "old.json").read_text())
    assert np.array_equal(a.network.params, b.network.params) and a.step_count == b.step_count == 25
    assert np.array_equal(a.history.params, b.history.params)
