"""An installed copy works away from the checkout: the wheel carries the presets (and lessons), and
they are found through importlib.resources, not beside the source."""
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("pyproject.toml", "README.md", "main.py", "core", "gui", "resources", "benchmarks")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built offline from a copy of the sources (so the checkout gets no build/ folder)."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("wheel")
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, src / name)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                        "-q", "-w", str(out), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    (path,) = out.glob("backprop_lab-*.whl")
    return path


def test_the_wheel_carries_every_preset_and_the_entry_point(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    presets = {p.name for p in (ROOT / "resources" / "presets").glob("*.json")}
    assert len(presets) >= 8
    assert {f"resources/presets/{p}" for p in presets} <= names
    lessons = [p for p in (ROOT / "resources" / "lessons").rglob("*") if p.is_file()] \
        if (ROOT / "resources" / "lessons").is_dir() else []
    assert {p.relative_to(ROOT).as_posix() for p in lessons} <= names
    assert "main.py" in names and "core/cli.py" in names and "gui/app.py" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "backprop-lab = main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_finds_its_presets_from_another_folder(wheel, tmp_path):
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                        "--target", str(target), str(wheel)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    code = ("import core, main; from core import presets; "
            "assert core.__file__.startswith(%r), core.__file__; "
            "print(presets.names()); "
            "raise SystemExit(main.main(['train', 'circle', '--steps', '50', '--quiet']))" % str(target))
    env = {**os.environ, "PYTHONPATH": str(target)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       cwd=elsewhere, env=env)
    assert r.returncode == 0, r.stderr
    assert "'seed-scalar'" in r.stdout and "'circle'" in r.stdout and "done: 50 steps" in r.stdout
    assert os.listdir(elsewhere) == []


def test_the_version_is_written_once_and_printed(capsys):
    import core
    import main
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "core.__version__"}
    assert main.main(["--version"]) == 0
    assert capsys.readouterr().out == f"backprop-lab {core.__version__}\n"
    from gui.dialogs.help import ABOUT
    assert core.__version__ in ABOUT


def test_ci_runs_the_readme_s_test_command_and_installs_its_system_libraries():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start")[1].split("\n## ")[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line.split("#")[0].strip() for line in quick_start.splitlines() if "pytest" in line)
    assert test_command == 'pip install -e ".[test]" && pytest'
    assert test_command in ci
    apt = quick_start.split("sudo apt install")[1].split("```")[0].replace("\\", " ").split()
    assert "libxcb-cursor0" in apt
    ci_libs = ci.split('QT_LIBS="')[1].split('"')[0].split()
    assert set(ci_libs) | {"python3-venv"} == set(apt)
