"""The built-in presets: complete setups stored as session files without weights (resources/presets)."""
import json
from pathlib import Path

from .errors import BadInput
from .session import from_dict, view_settings

PRESET_DIR = Path(__file__).resolve().parent.parent / "resources" / "presets"
ORDER = ("seed-scalar", "seed-chain", "circle", "xor", "two-gaussians", "spiral", "spiral-features", "plane",
         "multi-gaussian", "gaussians", "moons", "sine")
DEFAULT = "seed-scalar"


def names():
    found = {p.stem for p in PRESET_DIR.glob("*.json")}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


def _read(name):
    if name not in names():
        raise BadInput(f"no preset called {name!r}; the presets are {', '.join(names())}")
    return json.loads((PRESET_DIR / f"{name}.json").read_text(encoding="utf-8"))


def describe(name):
    return _read(name).get("description", "")


def view(name):
    """How the window shows the preset: {"speed": steps/s or "max", "show_test", "discretize"}."""
    return view_settings(_read(name).get("view"))


def load(name):
    """A fresh Trainer for the preset (weights from its initialisation)."""
    return from_dict(_read(name), where=f"preset {name}")
