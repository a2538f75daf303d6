"""The data as undoable edits: a generator's setting, input features, imported or drawn data.

DataEdits is a part of SessionController (gui/controller.py). New data starts a new run at step 0
with the same weights (the network's first and last layers follow the data's numbers of inputs and
outputs) as one ReplaceRunCommand, so undo brings back the run on the old data; consecutive changes
of one data setting are one undo step ("Undo noise 0.3"). Which data a change means is the core's
(core.switching).
"""
from core import edits, features, losses, sources
from core.switching import switched_source, trainer_like

from .commands import ReplaceRunCommand


class DataEdits:
    """Mixed into SessionController, which provides `trainer`, `network`, `pause()` and `undo_stack`."""

    def set_data_source(self, **changes):
        """Change the data (generator, samples, noise, test_fraction, seed, labels).

        A new run starts on the new data (see set_data); consecutive changes of one setting are
        one undo step ("Undo noise 0.3")."""
        source = switched_source(self.trainer.data.source, changes, self.network.activations[-1])
        data = sources.from_source(source)
        key = next(iter(changes)) if len(changes) == 1 else None
        what = {"generator": "data set", "test_fraction": "test fraction", "seed": "data seed"}.get(key, key)
        text = f"{what} {changes[key]}" if key else "data " + ", ".join(f"{k} {v}" for k, v in changes.items())
        self.set_data(data, text, merge_key=key)

    def set_features(self, names):
        """Feed the network these input features of the 2-D points (core.features); None: the points.
        Another number of inputs reshapes the input layer and starts a new run."""
        source = switched_source(self.trainer.data.source, {"features": None if names is None else list(names)},
                                 self.network.activations[-1])
        data = sources.from_source(source)
        shown = ", ".join(features.label(n) for n in data.features) if data.features else "x₁, x₂"
        self.set_data(data, f"input features {shown}")

    def set_data(self, data, text=None, merge_key=None):
        """Use this Dataset (e.g. an imported CSV): a new run starts on it, at step 0, as one undoable
        step. With other numbers of inputs or outputs the network's first and last layers follow."""
        self.pause()
        net = self.network
        if (data.n_inputs, data.n_outputs) == (net.sizes[0], net.sizes[-1]):
            network = net.copy()
        else:
            network = edits.set_io(net, data.n_inputs, data.n_outputs)
            losses.check_pair(self.trainer.loss, network.activations[-1])
        after = trainer_like(self.trainer, network, data)
        self.undo_stack.push(ReplaceRunCommand(self, after, text or f"data {data.name}", merge_key))
