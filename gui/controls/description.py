"""The session's description at the top of the settings: the preset's own words while the network and
the data are still the preset's, and what is there now once either has changed (a preset's text such as
"one weight W = −23.1, no bias" must not stay over a network with hidden layers)."""
from PySide6.QtCore import Qt

from core import presets

from .fields import WrappingLabel


def architecture(network):
    """('sizes', 'activations', 'bias') of a network: what an edit of the diagram can change."""
    return tuple(network.sizes), tuple(network.activations), tuple(bool(b) for b in network.bias)


def data_key(data):
    """What identifies a data set: its generator and settings, or its CSV, or its fixed points."""
    return data.name, repr(sorted(data.source.items(), key=lambda item: item[0]))


def describe_now(trainer):
    """One line on the network and data there are now, e.g.
    'Now: network 2 → 4 → 1 (tanh, tanh), with biases; data gaussians, 500 samples (250 for testing).'"""
    net, data = trainer.network, trainer.data
    sizes = " → ".join(str(n) for n in net.sizes)
    bias = "with biases" if all(net.bias) else "no bias" if not any(net.bias) else "biases in some layers"
    samples = len(data.X_train) + len(data.X_test)
    testing = f" ({len(data.X_test):,} for testing)" if len(data.X_test) else ""
    return (f"Now: network {sizes} ({', '.join(net.activations)}), {bias}; "
            f"data {data.name}, {samples:,} sample{'s' if samples != 1 else ''}{testing}.")


class SessionDescription(WrappingLabel):
    """Follows the controller: the preset's description, or that description marked as the preset's
    with a line saying what the network and the data are now."""

    def __init__(self, controller, parent=None):
        super().__init__("descriptionLabel", parent)
        self.setTextFormat(Qt.PlainText)
        self.setStyleSheet("color: #444;")
        self.controller = controller
        self._preset = None  # (name, architecture, data key) of the preset as it starts
        controller.documentChanged.connect(self.update_text)
        controller.networkChanged.connect(self.update_text)
        controller.settingsChanged.connect(self.update_text)  # a new data set comes with this signal
        self.update_text()

    def _preset_start(self, name):
        if self._preset is None or self._preset[0] != name:
            start = presets.load(name)
            self._preset = (name, architecture(start.network), data_key(start.data))
        return self._preset

    def update_text(self):
        c = self.controller
        name = c.name
        if name not in presets.names():
            text = ""
        else:
            _, start_net, start_data = self._preset_start(name)
            text = presets.describe(name)
            if (architecture(c.network), data_key(c.trainer.data)) != (start_net, start_data):
                text = f"The preset “{name}” was: {text}\n{describe_now(c.trainer)}"
        if text != self.text():
            self.setText(text)
        self.setVisible(bool(text))
