"""Drawing data by hand on the Data plot (as in ConvNetJS's classify2d demo).

A drawn data set is core.datasets.drawn: points on the plane with a class (+1 / −1) or a target
value each, saved in sessions as its points. Choosing "draw" in the Data set list starts one from
the points on the plot (or two points when there are none in 2-D); then a click adds a positive
point, a shift-click a negative one (for values: the target slider's value), a ctrl-click removes
the nearest point, and Clear starts again from the smallest set training can use. Each change is
one step on the undo stack; the network and the run go on (new points are learnt from the next
step), as when a learner adds points while the network trains.
"""
import numpy as np

from core import datasets
from core.errors import BadInput
from core.runs import dataset_arrays

from .commands import Command

CLEAR_POINTS = {"binary": ([[-2.5, 0.0], [2.5, 0.0]], [-1.0, 1.0]), "regression": ([[0.0, 0.0]], [0.0])}


class DrawnDataCommand(Command):
    """Install drawn data `after` (redo) or `before` (undo); both have the same inputs and outputs."""

    def __init__(self, controller, before, after, text):
        super().__init__(text)
        self.controller, self.before, self.after = controller, before, after

    def apply(self):
        _install(self.controller, self.after)

    def revert(self):
        _install(self.controller, self.before)

    def kept_arrays(self):
        return dataset_arrays(self.before) + dataset_arrays(self.after)


def _install(controller, data):
    controller.pause()
    controller.trainer.set_data(data)
    controller._changed()


def is_drawn(data):
    return data.source.get("generator") == "drawn"


def points_and_values(data, task):
    """The raw points of `data` (train and test) with a value each: ±1 by class for "binary"
    (one output: above its middle is positive; one-hot: the first class is positive), the first
    target for "regression"."""
    P = np.vstack([data.raw_train, data.raw_test])
    Y = np.vstack([data.Y_train, data.Y_test])
    if P.shape[1] != 2 or len(P) == 0:
        return None
    if task == "regression":
        return P, Y[:, 0]
    if Y.shape[1] > 1:
        return P, np.where(np.argmax(Y, axis=1) == 0, 1.0, -1.0)
    return P, np.where(Y[:, 0] > 0.5 * (Y.min() + Y.max()), 1.0, -1.0)


def start_drawing(controller, task, labels):
    """Make the data a drawn set of `task` ("binary" or "regression"), from the points on the plot."""
    data = controller.trainer.data
    found = points_and_values(data, task)
    points, values = found if found is not None else CLEAR_POINTS[task]
    features = data.source.get("features") if data.n_raw_inputs == 2 else None
    drawn = datasets.drawn(np.asarray(points).tolist(), np.asarray(values).tolist(), task, labels,
                           features=features)
    controller.set_data(drawn, "draw your own data" if task == "binary" else "draw your own values")


def _redraw(controller, points, values, text):
    source = controller.trainer.data.source
    after = datasets.drawn(points, values, source["task"], source["labels"], source["test_fraction"],
                           source["seed"], features=source.get("features"))
    controller.pause()
    controller.undo_stack.push(DrawnDataCommand(controller, controller.trainer.data, after, text))


def add_point(controller, x, y, value):
    source = controller.trainer.data.source
    if not is_drawn(controller.trainer.data):
        raise BadInput("choose a drawn data set first (Data set: draw…)")
    sign = "+" if value > 0 else "−"
    what = f"{sign} point" if source["task"] == "binary" else f"point of value {value:g}"
    _redraw(controller, source["points"] + [[float(x), float(y)]], source["values"] + [float(value)],
            f"Add {what} at ({x:.2f}, {y:.2f})")


def remove_nearest(controller, x, y):
    source = controller.trainer.data.source
    points = source["points"]
    if len(points) <= 1:
        raise BadInput("a drawn data set keeps at least one point; add another before removing this one")
    d = np.hypot(*(np.asarray(points) - [x, y]).T)
    i = int(np.argmin(d))
    _redraw(controller, points[:i] + points[i + 1:], source["values"][:i] + source["values"][i + 1:],
            f"Remove the point at ({points[i][0]:.2f}, {points[i][1]:.2f})")


def clear(controller):
    source = controller.trainer.data.source
    points, values = CLEAR_POINTS[source["task"]]
    _redraw(controller, points, values, "Clear the drawn points")
