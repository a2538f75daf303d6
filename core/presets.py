"""The built-in presets: complete setups stored as session files without weights.

They ship inside the package (resources/presets/*.json) and are read with importlib.resources, so
an installed copy (a wheel, `pip install .`, pipx) finds them wherever it is run from.
"""
import json
from importlib import resources

from .errors import BadInput
from .session import from_dict

ORDER = ("seed-scalar", "seed-chain", "xor", "circle", "spiral", "gaussians", "moons", "sine")
DEFAULT = "seed-scalar"


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


def load(name):
    """A fresh Trainer for the preset (weights from its initialisation)."""
    return from_dict(read(name), where=f"preset {name}")
