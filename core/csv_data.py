"""Import a user's own data from a CSV file.

The file is a table of numbers, one sample per line, separated by commas,
semicolons or tabs. The first line may be a header of column names: it is taken
as one when none of its cells is a number (so a first row of data with a typo
or a blank cell is reported, never silently dropped). Repeated or blank names
are made unique ("x", "x (2)"; "column 3"). The user picks which columns are
targets (outputs); the rest are inputs. Any value that is not a finite number
is reported with its line and column, and nothing is imported.

Text class labels (an iris-style file, "5.1,3.5,1.4,0.2,setosa"): a column in which no
cell is a number holds class names. Its rows keep each class's index (the names sorted);
as the target it becomes one output per class (one-hot), and the names are kept: they
name the outputs, so the legend and the confusion matrix show them.
"""
import csv
import io
import os
import re

import numpy as np

from .datasets import MAX_SAMPLES, Dataset, _short, check_float, check_int, split
from .errors import BadInput

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 1000
MAX_CLASSES = 1000


class Table(tuple):
    """What read_table returns: unpacks as (names, rows); `classes` maps each column of text
    labels to its class names (rows hold the index of the class in that list)."""

    def __new__(cls, names, rows, classes=None):
        table = super().__new__(cls, (names, rows))
        table.classes = dict(classes or {})
        return table

    @property
    def names(self):
        return self[0]

    @property
    def rows(self):
        return self[1]


def _number(text):
    """The finite number in `text`, or None."""
    value = _parse(text)
    return value if value is not None and np.isfinite(value) else None


# a number as a CSV file writes it: ASCII digits, an optional point and exponent (float() also takes
# 1_000, full-width １ and Arabic-Indic ١ digits, which no spreadsheet writes: a cell like that is a mistake)
_CSV_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:nan|inf|infinity)",
                         re.ASCII | re.IGNORECASE)


def _parse(text):
    """The float written in `text`, or None if it is not written as a number (nan and inf are numbers
    here)."""
    if _CSV_NUMBER.fullmatch(text) is None:
        return None
    return float(text)


def _unique(names):
    seen, out = set(), []
    for name in names:
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name} ({n})", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def read_table(path):
    """(column names, rows of floats) from a CSV file. Raises BadInput naming the line and column of a bad value."""
    from .files import read_bytes
    raw = read_bytes(path, MAX_FILE_BYTES, "CSV file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not a text file (CSV must be UTF-8 text)") from None
    return parse_table(text, os.path.basename(str(path)))


def _rows(text, where):
    """(line number, cells) for every line that is not blank, or BadInput for text that is not CSV."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    lines = []
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise BadInput(f"{where}, line {reader.line_num}: {len(row):,} columns; the limit is {MAX_COLUMNS}")
            if any(cell.strip() for cell in row):
                lines.append((reader.line_num, row))
                if len(lines) > MAX_SAMPLES + 1:
                    raise BadInput(f"{where} has more than {MAX_SAMPLES:,} rows; the limit is {MAX_SAMPLES:,}")
    except csv.Error as e:
        reason = "a value is far too long" if "field limit" in str(e) else str(e)
        raise BadInput(f"{where}, line {max(reader.line_num, 1)}: cannot be read as CSV ({reason})") from None
    return lines


def parse_table(text, where="CSV"):
    if "\x00" in text:
        raise BadInput(f"{where} is not a text file (it contains NUL bytes)")
    lines = _rows(text, where)
    if not lines:
        raise BadInput(f"{where} is empty")
    first_n, first = lines[0]
    header = all(_parse(cell.strip()) is None for cell in first)
    if header:
        names = _unique([cell.strip() or f"column {i + 1}" for i, cell in enumerate(first)])
        lines = lines[1:]
    else:
        names = [f"column {i + 1}" for i in range(len(first))]
    if len(names) > MAX_COLUMNS:
        raise BadInput(f"{where} has {len(names)} columns; the limit is {MAX_COLUMNS}")
    if len(names) < 2:
        raise BadInput(f"{where} needs at least two columns (inputs and a target)")
    if not lines:
        raise BadInput(f"{where} has a header but no rows of data")
    if len(lines) > MAX_SAMPLES:
        raise BadInput(f"{where} has {len(lines):,} rows; the limit is {MAX_SAMPLES:,}")
    for n, row in lines:
        if len(row) != len(names):
            raise BadInput(f"{where}, line {n}: expected {len(names)} values, found {len(row)}")
    # a column where no cell is written as a number (nor is empty) holds class names
    text_columns = [c for c in range(len(names))
                    if all(row[c].strip() and _parse(row[c].strip()) is None for _, row in lines)]
    classes = {}
    for c in text_columns:
        found = sorted({row[c].strip() for _, row in lines})
        if len(found) > MAX_CLASSES:
            raise BadInput(f"{where}, column {c + 1} ({names[c]}): {len(found):,} different class names; "
                           f"the limit is {MAX_CLASSES}")
        classes[names[c]] = found
    index = {c: {label: k for k, label in enumerate(classes[names[c]])} for c in text_columns}
    rows = np.empty((len(lines), len(names)))
    for i, (n, row) in enumerate(lines):
        for c, cell in enumerate(row):
            if c in index:
                rows[i, c] = index[c][cell.strip()]
                continue
            value = _number(cell.strip())
            if value is None:
                shown = _short(cell) if cell.strip() else "an empty cell"
                raise BadInput(f"{where}, line {n}, column {c + 1} ({names[c]}): {shown} is not a finite number")
            rows[i, c] = value
    return Table(names, rows, classes)



def _target_indices(names, targets):
    if targets is None:
        return [len(names) - 1]
    if isinstance(targets, (str, int, np.integer)):
        targets = [targets]
    if not isinstance(targets, (list, tuple)):
        raise BadInput("the target columns must be a column name or number, or a list of them")
    if not targets:
        raise BadInput("choose at least one target column")
    chosen = []
    for t in targets:
        if isinstance(t, str) and t in names:
            chosen.append(names.index(t))
        elif isinstance(t, (int, np.integer)) and not isinstance(t, bool) and -len(names) <= t < len(names):
            chosen.append(int(t) % len(names))
        else:
            raise BadInput(f"there is no column {t!r}; the columns are {', '.join(names)}")
    if len(set(chosen)) != len(chosen):
        raise BadInput("a target column is named twice")
    if len(chosen) == len(names):
        raise BadInput("at least one column must be an input, not a target")
    return chosen


def _task(Y):
    values = np.unique(Y)
    if Y.shape[1] == 1 and (set(values) <= {0.0, 1.0} or set(values) <= {-1.0, 1.0}):
        return "binary"
    if Y.shape[1] > 1 and set(values) <= {0.0, 1.0} and np.all(Y.sum(axis=1) == 1):
        return "multiclass"
    return "regression"


def _check_classes(classes, names, rows):
    """{column: [class names]} for the columns of text labels, each index in rows within its list."""
    if not classes:
        return {}
    if not isinstance(classes, dict):
        raise BadInput("the class names must be an object: {column: [names, ...]}")
    for column, labels in classes.items():
        if column not in names:
            raise BadInput(f"class names are given for {_short(column)}, which is not a column")
        if not isinstance(labels, list) or not 1 <= len(labels) <= MAX_CLASSES \
                or not all(isinstance(x, str) for x in labels) or len(set(labels)) != len(labels):
            raise BadInput(f"the classes of column {column} must be a list of 1 to {MAX_CLASSES} different names")
        index = rows[:, names.index(column)]
        if not np.all((index == np.round(index)) & (index >= 0) & (index < len(labels))):
            raise BadInput(f"column {column} holds classes, numbered 0 to {len(labels) - 1}; a row has another value")
    return {column: list(labels) for column, labels in classes.items()}


def make_dataset(names, rows, targets=None, test_fraction=0.0, seed=0, name="csv", classes=None):
    """A Dataset from a table (column names, rows of numbers, and the class names of columns of
    text labels), as read_table returns it. A class column can only be the one target."""
    from .datasets import as_matrix
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise BadInput("the column names must be a list of text")
    if len(set(names)) != len(names):
        raise BadInput("two columns have the same name; each column needs its own name")
    rows = as_matrix(rows, "the table", len(names))
    if len(rows) == 0:
        raise BadInput("the table has no rows")
    names = list(names)
    t = _target_indices(names, targets)
    inputs = [i for i in range(len(names)) if i not in t]
    test_fraction = check_float("test_fraction", test_fraction, 0.0, 0.9)
    seed = check_int("seed", seed, 0, 2**63 - 1)
    classes = _check_classes(classes, names, rows)
    for i in inputs:
        if names[i] in classes:
            raise BadInput(f"column {names[i]} holds text (class names); it can only be the target")
    X, Y = rows[:, inputs], rows[:, t]
    out_names = tuple(names[i] for i in t)
    record = {"name": name, "columns": list(names), "rows": rows.tolist(),
              "targets": [names[i] for i in t], "test_fraction": test_fraction, "seed": seed}
    if classes:
        record["classes"] = classes
    class_targets = [names[i] for i in t if names[i] in classes]
    if class_targets:
        if len(t) > 1:
            raise BadInput(f"column {class_targets[0]} holds class names: it must be the only target")
        labels = classes[class_targets[0]]
        Y = np.eye(len(labels))[Y[:, 0].astype(int)]  # one output per class
        out_names = tuple(labels)
    parts = split(X, Y, test_fraction, np.random.default_rng(seed))
    if len(parts[0]) == 0:
        raise BadInput("no samples are left for training; lower the test fraction")
    task = "multiclass" if class_targets else _task(Y)
    return Dataset(name, task, *parts, {"csv": record}, tuple(names[i] for i in inputs), out_names)


def load_csv(path, targets=None, test_fraction=0.0, seed=0):
    """A Dataset from a CSV file; `targets` are column names or indices (default: the last column)."""
    table = read_table(path)
    return make_dataset(*table, targets, test_fraction, seed, name=os.path.basename(str(path)),
                        classes=table.classes)


def from_record(record):
    """Rebuild a CSV Dataset from what a session file stored."""
    if not isinstance(record, dict):
        raise BadInput("the csv data must be an object with columns and rows")
    from .datasets import as_matrix
    names = record.get("columns")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or len(names) < 2:
        raise BadInput("the csv data needs 'columns': a list of at least two names")
    if len(names) > MAX_COLUMNS:
        raise BadInput(f"the csv data has {len(names)} columns; the limit is {MAX_COLUMNS}")
    if len(set(names)) != len(names):
        raise BadInput("the csv data names two columns the same; each column needs its own name")
    rows = as_matrix(record.get("rows"), "csv rows", len(names))
    if len(rows) == 0:
        raise BadInput("the csv data has no rows")
    name = record.get("name", "csv")
    return make_dataset(names, rows, record.get("targets"), record.get("test_fraction", 0.0),
                        record.get("seed", 0), name=name if isinstance(name, str) else "csv",
                        classes=record.get("classes"))
