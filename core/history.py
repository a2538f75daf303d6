"""A bounded record of a training run: loss, accuracy, gradient flow and every parameter, at
evenly spaced steps.

A row holds the step, the train and test loss, the train and test accuracy (NaN for a
regression), ‖∂C/∂W^l‖_F for each layer l = 1..L (the gradient of the step that led to the
row; NaN where no step was taken) and every parameter.

It keeps at most `capacity` rows however long training runs. Rows are due
every `stride` steps; when the buffer is full, every other row is dropped and
the stride doubles. So after 10³ or 10⁶ steps the record covers the whole run
with the same number of rows, and drawing it costs the same. Rows may also be
added between the due ones (a learner stepping by hand sees every step); they
are the first to go when room is made, so the record stays evenly spaced.

Memory is bounded too: a row holds every parameter, so a large network keeps
fewer rows (at most MAX_VALUES parameter values in all, 256 MB), and the
trainer may start with a stride above 1 when evaluating the losses costs more
than a step (see Trainer, "History").
"""
import numpy as np

MAX_VALUES = 2 ** 25


class History:
    def __init__(self, n_params, capacity=2048, first_stride=1, n_layers=0):
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number ≥ 4")
        if first_stride < 1:
            raise ValueError("the first stride must be at least 1")
        self.capacity = min(capacity, max(4, MAX_VALUES // max(n_params, 1) // 2 * 2))
        self.n_params = n_params
        self.n_layers = int(n_layers)
        self.first_stride = int(first_stride)
        self.clear()

    def clear(self):
        self.stride = self.first_stride
        self.count = 0
        self._steps = np.zeros(self.capacity, dtype=np.int64)
        self._train = np.full(self.capacity, np.nan)
        self._test = np.full(self.capacity, np.nan)
        self._params = np.zeros((self.capacity, self.n_params))
        self._train_acc = np.full(self.capacity, np.nan)
        self._test_acc = np.full(self.capacity, np.nan)
        self._grad_norms = np.full((self.capacity, self.n_layers), np.nan)
        self.version = 0  # changes whenever the contents change, so views know when to redraw

    def next_due(self, step):
        """The first step ≥ `step` at which a row is due."""
        return -(-step // self.stride) * self.stride

    def _arrays(self):
        return (self._steps, self._train, self._test, self._params, self._train_acc, self._test_acc,
                self._grad_norms)

    def record(self, step, train_loss, test_loss, params, accuracy=(np.nan, np.nan), grad_norms=None):
        """Add a row. accuracy: (train, test) shares; grad_norms: ‖∂C/∂W^l‖_F for l = 1..L, or None."""
        if self.count and step <= self._steps[self.count - 1]:
            return  # already have this step (e.g. recorded, then asked again without training)
        if self.count == self.capacity:
            self._halve()
        i = self.count
        self._steps[i], self._train[i], self._test[i] = step, train_loss, test_loss
        self._params[i] = params
        self._train_acc[i], self._test_acc[i] = accuracy
        self._grad_norms[i] = np.nan if grad_norms is None else grad_norms
        self.count += 1
        self.version += 1

    def drop_last(self):
        """Forget the newest row (it no longer describes its step, e.g. a weight was typed in)."""
        if self.count:
            self.count -= 1
            self.version += 1

    def _halve(self):
        """Make room: keep only the rows on the grid of the stride (rows added between due steps go
        first), doubling the stride until they fill at most half of the buffer."""
        self.version += 1  # rows move: views holding the old arrays must redraw
        steps = self._steps[:self.count]
        keep = np.flatnonzero(steps % self.stride == 0)
        while len(keep) > self.capacity // 2:
            self.stride *= 2
            keep = np.flatnonzero(steps % self.stride == 0)
        for arr in self._arrays():
            if arr.ndim == 1:
                arr[:len(keep)] = arr[keep]
            else:
                # row by row, in place (keep rises, so a row is read before it is overwritten): a
                # gather would make a temporary of all the kept rows, 60 MB for 8 hidden layers of
                # 32, and the window's frame that makes room would take 30-100 ms instead of 10
                for row, source in enumerate(keep):
                    arr[row] = arr[source]
        self.count = len(keep)

    @property
    def steps(self):
        return self._steps[:self.count]

    @property
    def train_loss(self):
        return self._train[:self.count]

    @property
    def test_loss(self):
        return self._test[:self.count]

    @property
    def train_accuracy(self):
        return self._train_acc[:self.count]

    @property
    def test_accuracy(self):
        return self._test_acc[:self.count]

    @property
    def grad_norms(self):
        """(rows, L): column l − 1 is ‖∂C/∂W^l‖_F over the steps."""
        return self._grad_norms[:self.count]

    @property
    def params(self):
        """(rows, n_params): column i is the trajectory of parameter i (see Network.parameter_names)."""
        return self._params[:self.count]

    def copy(self):
        twin = History.__new__(History)
        twin.__dict__ = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in self.__dict__.items()}
        return twin

    def thinned(self, max_values):
        """A copy with at most `max_values` parameter values in its rows: halved as when it fills up
        (rows between due steps first, then every other row), so it stays evenly spaced."""
        twin = self.copy()
        while twin.count > 1 and twin.count * twin.n_params > max_values:
            twin.capacity = twin.count
            twin._halve()
        if twin.count * twin.n_params > max_values:  # not even one row fits
            twin.count = 0
        twin.capacity = self.capacity
        return twin

    def restore(self, steps, train_loss, test_loss, params, stride, accuracies=None, grad_norms=None):
        """Take the rows of a saved record (checked by the caller: steps increasing, shapes alike,
        at most `capacity` rows) and its stride; accuracies ((train, test) arrays) and grad_norms
        ((rows, L)) where the record has them, else NaN."""
        n = len(steps)
        if n > self.capacity:
            raise ValueError(f"{n} rows do not fit in a history of {self.capacity}")
        self.clear()
        self.stride = int(stride)
        self._steps[:n], self._train[:n], self._test[:n], self._params[:n] = steps, train_loss, test_loss, params
        if accuracies is not None:
            self._train_acc[:n], self._test_acc[:n] = accuracies
        if grad_norms is not None:
            self._grad_norms[:n] = grad_norms
        self.count = n
        self.version += 1
