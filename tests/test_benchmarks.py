"""The benchmark suite works: its quick mode prints a table with every workload.

Timings are never asserted: they depend on the machine and its load."""
import importlib.util
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


def test_quick_mode_states_every_target_and_judges_none(quick_output):
    """Quick mode's sizes are too small to mean anything: every target is listed as run, none met or missed."""
    targets = [line for line in quick_output.splitlines() if line.startswith("  [")]
    assert len(targets) == 8 + 4 * 4 + 3 + 1
    assert any("circle" in t for t in targets) and any("GEMM" in t for t in targets)
    assert sum("window at full speed" in t for t in targets) == 2 and any("1,185 curves" in t for t in targets)
    ran = [t for t in targets if t.startswith("  [  ran ]") and "no verdict in quick mode" in t]
    # without PyTorch the three comparisons with it say why they were not measured
    not_measured = [t for t in targets if t.startswith("  [ n/a  ]") and "torch is not installed" in t]
    assert len(ran) + len(not_measured) == len(targets)
    assert len(not_measured) == (0 if importlib.util.find_spec("torch") else 3)
    assert "[ met" not in quick_output and "MISSED" not in quick_output
    assert "Quick mode only checks that every measurement runs" in quick_output


def test_quick_mode_measures_frame_times_for_every_preset_and_the_largest_network(quick_output):
    lines = quick_output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Frame times"))
    header = _cells(lines[start + 1])
    assert [c.strip() for c in header][:5] == ["preset", "frames/s", "median ms", "p95 ms", "longest ms"]
    names = [_cells(line)[0].strip() for line in lines[start + 3:start + 8]]
    assert names == ["circle", "spiral", "gaussians", "2-32×8-1 (the editor's largest)", "circle at 100 steps/s"]
    assert any("first painted frame" in line for line in lines[start:])


def test_a_full_run_judges_each_target_and_a_frame_target_is_an_upper_bound():
    from benchmarks.report import Target
    below, above = Target("frame", 33, 20.0, unit=" ms", at_most=True), Target("frame", 33, 40.0, unit=" ms", at_most=True)
    assert below.met and not above.met
    assert below.line().startswith("  [ met  ]") and above.line().startswith("  [MISSED]")
    assert Target("speed", 4, 5.0).met and "≥ 4×" in Target("speed", 4, 5.0).line()


def test_frame_times_are_the_busy_gaps_between_heartbeats():
    from benchmarks.frames import frame_times
    # idle, a 30 ms frame (20 ms of it on the CPU), idle, a 50 ms stall (off the CPU)
    walls = [0.0, 0.0002, 0.0004, 0.0304, 0.0306, 0.0806, 0.0808]
    cpus = [0.0, 0.0002, 0.0004, 0.0204, 0.0206, 0.0206, 0.0208]
    wall, cpu = frame_times(list(zip(walls, cpus)))
    assert wall == pytest.approx([0.030, 0.050]) and cpu == pytest.approx([0.020, 0.0])
    assert [len(a) for a in frame_times([])] == [0, 0]


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
