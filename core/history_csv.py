"""The recorded steps of a run as a CSV table, for a spreadsheet, pandas or MATLAB's readtable.

    step,epoch,train_loss,test_loss,[more recorded series],W1[0,0],W1[0,1],b1[0],...

One row per recorded step (the history's evenly spaced rows: every step at first, then every
2nd, 4th, … as a long run thins it; see core/history.py). `epoch` is the number of whole passes
over the training data done by that step, at the current batch size. A loss that was not
recorded (no test set) is an empty cell. Parameter columns use Network.parameter_names():
W1[0,1] is W^1_01, row j of layer 1, column k of layer 0.
"""
import csv
import io
import math

import numpy as np

from .files import atomic_write
from .errors import BadInput

# Series a History may record besides the losses, written when it has them (in this order)
OPTIONAL_SERIES = ("train_accuracy", "test_accuracy", "accuracy", "gradient_norm", "grad_norm")


def _cell(value):
    value = float(value)
    return repr(value) if math.isfinite(value) else ""


def series(history):
    """(name, values) of every per-row series the history records, losses first."""
    out = [("train_loss", history.train_loss), ("test_loss", history.test_loss)]
    for name in OPTIONAL_SERIES:
        values = getattr(history, name, None)
        if isinstance(values, np.ndarray) and values.ndim == 1 and len(values) == history.count:
            out.append((name, values))
    return out


def table(trainer):
    """The CSV text of the trainer's history."""
    h, net = trainer.history, trainer.network
    steps_per_epoch = -(-len(trainer.data.X_train) // trainer.effective_batch_size)
    columns = series(h)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["step", "epoch", *(name for name, _ in columns), *net.parameter_names()])
    for i in range(h.count):
        step = int(h.steps[i])
        writer.writerow([step, step // steps_per_epoch, *(_cell(values[i]) for _, values in columns),
                         *(repr(float(v)) for v in h.params[i])])
    return out.getvalue()


def write(trainer, path):
    """Write the history to `path` atomically."""
    if not path.lower().endswith(".csv"):
        raise BadInput(f"the history is written as CSV: give a .csv file name, not {path}")
    text = table(trainer)
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))
