"""The benchmark suite works: its quick mode prints a table with every workload.

Timings are never asserted: they depend on the machine and its load."""
import io
import re

import pytest

from benchmarks import cli, suite, training
from benchmarks.workloads import WORKLOADS


@pytest.fixture(scope="module")
def quick_output():
    out = io.StringIO()
    assert cli.main(["--quick"], out=out) == 0
    return out.getvalue()


def _cells(line):
    return [c for c in line.split("  ") if c.strip()]


def _rows(text):
    """{(workload, batch): cells} of the training table."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("workload"))
    rows = {}
    for line in lines[start + 2:]:
        if not line or line.startswith(" "):
            break
        cells = [c.strip() for c in _cells(line)]
        rows[(cells[0], cells[1])] = cells
    return rows


def _number(cell):
    return float(cell.replace(",", "").rstrip("×¹"))


def test_quick_mode_prints_the_machine_and_a_row_per_workload(quick_output):
    for fact in ("cpu", "cores", "numpy", "torch"):
        assert any(line.split()[:1] == [fact] for line in quick_output.splitlines()), fact
    rows = _rows(quick_output)
    expected = {(w.title, str(w.batch)) for w in WORKLOADS} | {(training.CIRCLE.title, "10")}
    assert set(rows) == expected
    headers = [h for h, _ in training.COLUMNS]
    for key, cells in rows.items():
        assert len(cells) == len(headers), key
        row = dict(zip(headers, cells))
        for column in ("Trainer steps/s", "floor steps/s"):
            assert _number(row[column]) > 0, (key, column)
        if key[0] != training.CIRCLE.title:
            assert _number(row["API steps/s"]) > 0, key


def test_quick_mode_states_every_target(quick_output):
    targets = [line for line in quick_output.splitlines() if line.startswith("  [")]
    assert len(targets) == 8
    assert any("circle" in t for t in targets) and any("GEMM" in t for t in targets)
    assert sum("window" in t for t in targets) == 2 and any("1,185 curves" in t for t in targets)


def test_quick_mode_measures_the_window(quick_output):
    lines = quick_output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Window"))
    section = "\n".join(lines[start:])
    for what in ("steps/s in the window", "loss plot: frames drawn per second",
                 "redraw the 3 plots after", "redraw the weights plot", "start-up"):
        assert what in section, what
    startup = next(line for line in lines[start:] if line.startswith("start-up"))
    assert float(re.search(r"([0-9.]+) s", startup).group(1)) > 0


def test_only_runs_the_named_workloads():
    report = suite.run(cli.settings_from(cli.parse(["--quick", "--no-torch", "--only", "a,circle"])))
    (section,) = report.sections
    assert [r["name"] for r in section.rows] == [WORKLOADS[0].title, training.CIRCLE.title]
    assert all(r["torch"] == "—" for r in section.rows)
    assert [t.measured for t in section.targets] == [None]  # the circle target needs torch


def test_an_unknown_workload_is_refused_with_the_known_names():
    with pytest.raises(SystemExit, match="choose from a, b10"):
        cli.settings_from(cli.parse(["--only", "nope"]))
