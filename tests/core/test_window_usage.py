"""`python main.py PRESET` and `python main.py FILE.json` open the window on them: --help and the README say so."""
import re
import subprocess
import sys
from pathlib import Path

from core import presets

ROOT = Path(__file__).resolve().parents[2]


def test_help_shows_how_to_open_the_window_on_a_preset_or_a_session():
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0
    assert re.search(r"python main\.py PRESET\s", r.stdout)
    assert re.search(r"python main\.py FILE\.json\s", r.stdout)


def test_the_readme_shows_both_ways_with_a_real_preset():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    opened = re.findall(r"^python main\.py (\S+)", readme, flags=re.MULTILINE)
    assert any(name in presets.names() for name in opened)
    assert any(name.endswith(".json") for name in opened)
