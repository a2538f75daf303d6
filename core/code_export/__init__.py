"""The run as a script a learner can read and run: NumPy, PyTorch or MATLAB/Octave.

    text = code_export.script(trainer, "numpy", steps=20, name="seed-scalar")
    code_export.write(trainer, "seed.py", "numpy")

The script holds the initial weights, the training data, the settings and the app's batch order,
trains the same number of steps one equation a line (the equations panel's names, BP1–BP4 in the
comments), prints the final weights and cost, and asserts they equal the values Backprop Lab
computed for the same run (embedded in the script): NumPy to 1e-12, PyTorch (float64) and
MATLAB/Octave to 1e-9, relative for values above 1.
"""
import os

from ..errors import BadInput
from ..files import atomic_write, check_writable
from . import matlab_script, numpy_script, pytorch_script
from . import replay as replay_module
from .replay import Replay, replay

LANGUAGES = {"numpy": numpy_script, "pytorch": pytorch_script, "matlab": matlab_script}
EXTENSIONS = {"numpy": ".py", "pytorch": ".py", "matlab": ".m"}


def _module(language):
    if language not in LANGUAGES:
        raise BadInput(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    return LANGUAGES[language]


def render(run: Replay, language, command=""):
    """The script for a replayed run (see replay.replay)."""
    return _module(language).render(run, command)


def script(trainer, language, steps=None, name="", command=""):
    """The text of the script for the trainer's run: `steps` steps from its initial weights
    (default: as many as it has taken)."""
    module = _module(language)
    return module.render(replay(trainer, steps, name), command)


def write(trainer, path, language, steps=None, name="", command=""):
    """Write the script to `path` atomically; returns the replayed run (its numbers)."""
    _module(language)
    check_writable(path)
    run = replay(trainer, steps, name)
    text = render(run, language, command).replace("THIS_FILE" + EXTENSIONS[language], os.path.basename(path))
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))
    return run
