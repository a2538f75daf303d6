"""CSV import: headers, target columns, and errors that name the line and column."""
import numpy as np
import pytest

from core import BadInput, csv_data
from core.csv_data import load_csv, parse_table, read_table


def write(tmp_path, text, name="data.csv"):
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


def test_a_header_row_gives_the_column_names(tmp_path):
    names, rows = read_table(write(tmp_path, "x1,x2,label\n1,2,0\n3.5,-4e-1,1\n"))
    assert names == ["x1", "x2", "label"]
    assert rows.tolist() == [[1, 2, 0], [3.5, -0.4, 1]]


def test_without_a_header_every_row_is_data(tmp_path):
    names, rows = read_table(write(tmp_path, "1,2,0\n3,4,1\n"))
    assert names == ["column 1", "column 2", "column 3"]
    assert rows.shape == (2, 3)


@pytest.mark.parametrize("text,sep", [("a;b;c\n1;2;3\n4;5;6\n", ";"), ("a\tb\tc\n1\t2\t3\n4\t5\t6\n", "tab")])
def test_semicolons_and_tabs_are_separators_too(text, sep):
    names, rows = parse_table(text)
    assert names == ["a", "b", "c"] and rows.tolist() == [[1, 2, 3], [4, 5, 6]]


def test_blank_lines_windows_line_ends_a_bom_and_spaces_are_fine(tmp_path):
    names, rows = read_table(write(tmp_path, b"\xef\xbb\xbfa, b\r\n\r\n 1 , 2\r\n3,4\r\n\r\n"))
    assert names == ["a", "b"] and rows.tolist() == [[1, 2], [3, 4]]


def test_repeated_or_blank_header_names_are_made_unique():
    names, _ = parse_table("x,x,,y\n1,2,3,4\n")
    assert names == ["x", "x (2)", "column 3", "y"]


def test_targets_by_name_by_index_and_by_default(tmp_path):
    p = write(tmp_path, "a,b,c,d\n1,2,3,4\n5,6,7,8\n")
    d = load_csv(p)
    assert d.input_names == ("a", "b", "c") and d.output_names == ("d",)
    assert d.X_train.tolist() == [[1, 2, 3], [5, 6, 7]] and d.Y_train.tolist() == [[4], [8]]
    d = load_csv(p, targets="b")
    assert d.input_names == ("a", "c", "d") and d.Y_train.tolist() == [[2], [6]]
    d = load_csv(p, targets=[0, -1])
    assert d.output_names == ("a", "d") and d.X_train.tolist() == [[2, 3], [6, 7]]
    d = load_csv(p, targets=["c", 1])
    assert d.output_names == ("c", "b")


@pytest.mark.parametrize("targets,message", [
    ("z", "there is no column 'z'; the columns are a, b, c"),
    (3, "there is no column 3"),
    ([], "choose at least one target column"),
    ([0, 0], "named twice"),
    ([0, 1, 2], "at least one column must be an input"),
    (1.0, "a column name or number"),
    (True, "there is no column True"),
])
def test_bad_target_choices(tmp_path, targets, message):
    p = write(tmp_path, "a,b,c\n1,2,3\n")
    with pytest.raises(BadInput, match=message):
        load_csv(p, targets=targets)


def test_the_task_is_guessed_from_the_targets(tmp_path):
    assert load_csv(write(tmp_path, "a,y\n1,0\n2,1\n")).task == "binary"
    assert load_csv(write(tmp_path, "a,y\n1,-1\n2,1\n")).task == "binary"
    assert load_csv(write(tmp_path, "a,p,q\n1,0,1\n2,1,0\n"), targets=["p", "q"]).task == "multiclass"
    assert load_csv(write(tmp_path, "a,y\n1,0.5\n2,1\n")).task == "regression"


def test_a_test_fraction_splits_reproducibly(tmp_path):
    rows = "\n".join(f"{i},{i % 2}" for i in range(20))
    p = write(tmp_path, "x,y\n" + rows + "\n")
    a = load_csv(p, test_fraction=0.25, seed=1)
    b = load_csv(p, test_fraction=0.25, seed=1)
    assert len(a.X_train) == 15 and len(a.X_test) == 5
    assert np.array_equal(a.X_test, b.X_test)
    assert sorted(np.concatenate([a.X_train, a.X_test])[:, 0].tolist()) == list(range(20))
    with pytest.raises(BadInput, match="test_fraction must be between 0.0 and 0.9"):
        load_csv(p, test_fraction=0.95)


# ---- errors name the line and the column ------------------------------------------------------

@pytest.mark.parametrize("text,message", [
    ("a,b\n1,2\n3,\n", r"line 3, column 2 \(b\): an empty cell is not a finite number"),
    ("a,b\n1,2\n3,four\n", r"line 3, column 2 \(b\): 'four' is not a finite number"),
    ("a,b\n1,nan\n", r"line 2, column 2 \(b\): 'nan' is not a finite number"),
    ("a,b\ninf,1\n", r"line 2, column 1 \(a\): 'inf' is not a finite number"),
    ("a,b\n1,-Infinity\n", r"line 2, column 2 \(b\): '-Infinity' is not a finite number"),
    ("a,b\n1,1e999\n", r"line 2, column 2 \(b\): '1e999' is not a finite number"),
    ("a,b\n1,2\n3,4,5\n", r"line 3: expected 2 values, found 3"),
    ("a,b,c\n1,2,3\n\n4,5\n", r"line 4: expected 3 values, found 2"),
    # a first row of data with a gap or a typo is reported, not mistaken for a header
    ("1,,3\n4,5,6\n", r"line 1, column 2 \(column 2\): an empty cell"),
    ("1,nan,3\n4,5,6\n", r"line 1, column 2 \(column 2\): 'nan'"),
    ("1,2x,3\n4,5,6\n", r"line 1, column 2 \(column 2\): '2x'"),
])
def test_bad_values_are_reported_with_line_and_column(tmp_path, text, message):
    with pytest.raises(BadInput, match=message):
        read_table(write(tmp_path, text))


def test_the_message_names_the_file(tmp_path):
    with pytest.raises(BadInput, match=r"^mydata.csv, line 2, column 1"):
        read_table(write(tmp_path, "a,b\nx,1\n2,3\n", name="mydata.csv"))


def test_line_numbers_count_lines_of_the_file_even_with_quoted_line_breaks(tmp_path):
    with pytest.raises(BadInput, match=r"line 4, column 2"):
        read_table(write(tmp_path, '"first\nname",b\n1,2\n3,x\n'))


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"\n\n  \n", "is empty"),
    (b"a,b\n", "has a header but no rows of data"),
    (b"a\n1\n2\n", "needs at least two columns"),
    (b"a,b\n1,2\n\xff\xfe3,4\n", "is not a text file"),
    ("a,b\n1,2\n".encode("utf-16"), "is not a text file"),
    (b"a,b\n1,\x002\n", "not a text file"),
    (b"a,b\n1," + b"9" * 200_000 + b"\n", "line 2: cannot be read as CSV"),
    (b"a,b\n1,2\n" + b",".join([b"1"] * 1500) + b"\n", "line 3: 1,500 columns; the limit is 1000"),
])
def test_files_that_are_not_usable_tables(tmp_path, content, message):
    with pytest.raises(BadInput, match=message):
        read_table(write(tmp_path, content))


def test_too_big_a_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    p = write(tmp_path, "a,b\n1,2\n")
    with open(p, "ab") as f:
        f.truncate(csv_data.MAX_FILE_BYTES + 1)  # sparse: big, but costs no disk
    read = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: read.append(a) or (_ for _ in ()).throw(AssertionError))
    with pytest.raises(BadInput, match="is 20.0 MB; a CSV file larger than 20.0 MB is not accepted"):
        read_table(p)
    assert not read


def test_too_many_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_data, "MAX_SAMPLES", 5)
    with pytest.raises(BadInput, match="rows; the limit is 5"):
        read_table(write(tmp_path, "a,b\n" + "1,2\n" * 6))


@pytest.mark.parametrize("path,message", [("missing.csv", "no such file"), (".", "is a folder")])
def test_paths_that_are_not_files(tmp_path, path, message):
    with pytest.raises(BadInput, match=message):
        read_table(tmp_path / path)


def test_a_device_is_not_a_csv_file():
    with pytest.raises(BadInput, match="not a regular file"):
        read_table("/dev/zero")


def test_a_stored_csv_record_rebuilds_the_same_data(tmp_path):
    d = load_csv(write(tmp_path, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n"), targets="y", test_fraction=0.5, seed=4)
    again = csv_data.from_record(d.source["csv"])
    for part in ("X_train", "Y_train", "X_test", "Y_test"):
        assert np.array_equal(getattr(again, part), getattr(d, part))


@pytest.mark.parametrize("record,message", [
    ([], "must be an object"),
    ({"columns": ["a"], "rows": [[1]]}, "at least two names"),
    ({"columns": ["a", "a"], "rows": [[1, 2]]}, "names two columns the same"),
    ({"columns": ["a", "b"], "rows": []}, "has no rows"),
    ({"columns": ["a", "b"], "rows": [[1, 2, 3]]}, "must have 2 columns"),
    ({"columns": ["a", "b"], "rows": [[1, "x"]]}, "table of numbers"),
    ({"columns": ["a", "b"], "rows": [[1, 10 ** 400]]}, "table of numbers"),
    ({"columns": ["a", "b"], "rows": [[1, 2]], "targets": ["c"]}, "there is no column 'c'"),
])
def test_bad_stored_csv_records(record, message):
    with pytest.raises(BadInput, match=message):
        csv_data.from_record(record)


@pytest.mark.parametrize("names,rows,message", [
    (["a", "b"], [[1.0, float("nan")]], "the table holds a value that is not a finite number"),
    (["a", "b"], [[1.0, 2.0, 3.0]], "the table must have 2 columns"),
    (["a", "a"], [[1.0, 2.0]], "two columns have the same name"),
    (["a", 2], [[1.0, 2.0]], "column names must be a list of text"),
    (["a", "b"], np.zeros((0, 2)), "the table has no rows"),
])
def test_make_dataset_checks_a_table_given_in_code(names, rows, message):
    with pytest.raises(BadInput, match=message):
        csv_data.make_dataset(names, rows)
