"""The built-in presets: complete setups stored as session files without weights.

They ship inside the package (resources/presets/*.json) and are read with importlib.resources, so
an installed copy (a wheel, `pip install .`, pipx) finds them wherever it is run from.
"""
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import BadInput
from .session import from_dict, view_settings

ORDER = ("seed-scalar", "seed-chain", "circle", "xor", "two-gaussians", "spiral", "spiral-features", "plane",
         "multi-gaussian", "gaussians", "moons", "sine")
DEFAULT = "seed-scalar"
# Presets that reproduce a run printed in the question, and how many lines it printed: the question's
# MATLAB loop printed w after each of 20 updates (its a, y, R and starting w are the preset's own).
REFERENCE_LINES = {"seed-scalar": 20}


def folder():
    """The presets' folder (an importlib.resources Traversable: a directory, or a place in a zip)."""
    return resources.files("resources").joinpath("presets")


def names():
    found = {entry.name[:-len(".json")] for entry in folder().iterdir() if entry.name.endswith(".json")}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


def read(name):
    """The preset's JSON as a dict (a session file without weights and state)."""
    if name not in names():
        raise BadInput(f"no preset called {name!r}; the presets are {', '.join(names())}")
    return json.loads(folder().joinpath(f"{name}.json").read_text(encoding="utf-8"))


def describe(name):
    return read(name).get("description", "")


def view(name):
    """How the window shows the preset: {"speed": steps/s or "max", "show_test", "discretize"}."""
    return view_settings(read(name).get("view"))


def load(name):
    """A fresh Trainer for the preset (weights from its initialisation)."""
    return from_dict(read(name), where=f"preset {name}")


@dataclass(frozen=True)
class ReferenceRun:
    """A run the question printed: one input a, target y, learning rate R = η, weight w from w0,
    `lines` updates w ← w − R·a·2(a·w − y), one printed line each."""
    a: float
    y: float
    lr: float
    w0: float
    lines: int

    def weight_before(self, step):
        """w after `step` updates of the question's loop (w0 at step 0)."""
        w = self.w0
        for _ in range(step):
            w = w - self.lr * self.a * 2 * (self.a * w - self.y)
        return w

    def table_line(self, step, a, y, lr, w):
        """Which printed line (1 … lines) the update from `step` gives, when a, y, lr and the weight
        w before it are the question's run's; None when they are not (another setup, an edited or
        reset weight, or past the printed lines)."""
        if (a, y, lr) != (self.a, self.y, self.lr) or not 0 <= step < self.lines:
            return None
        expected = self.weight_before(step)
        return step + 1 if abs(w - expected) <= 1e-8 + 1e-9 * abs(expected) else None


@cache
def reference_run(name=DEFAULT):
    """The question's printed run for preset `name`, read from the preset itself; None if it has none."""
    if name not in REFERENCE_LINES:
        return None
    d = read(name)
    a, y = d["data"]["X"][0][0], d["data"]["Y"][0][0]
    w0 = d["network"]["initial_weights"][0][0][0]
    return ReferenceRun(a, y, d["training"]["optimizer"]["lr"], w0, REFERENCE_LINES[name])
