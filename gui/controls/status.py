"""The status bar readout: step, epoch, train and test loss, accuracy (classification), steps per second."""
import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from ..pacing import Pace

REFRESH_S = 0.25  # while playing


def loss_text(value):
    return "—" if value is None or not np.isfinite(value) else f"{value:.4g}"


class StatusReadout(QObject):
    def __init__(self, controller, status_bar):
        super().__init__(status_bar)
        self.controller = controller
        self.labels = {}
        for key, tip in (("step", "Optimizer steps taken"),
                         ("epoch", "Passes through the training set"),
                         ("train", "The cost on the training set"),
                         ("test", "The cost on the test set (samples kept aside)"),
                         ("accuracy", "The share of samples the network classifies right, on the training "
                                      "set and on the test set"),
                         ("rate", "Steps per second achieved over the last second")):
            label = QLabel(objectName=f"status{key.capitalize()}")
            label.setToolTip(tip)
            label.setStyleSheet("padding: 0 6px; border-left: 1px solid #ccc;")
            status_bar.addPermanentWidget(label)
            self.labels[key] = label
        # while playing at most every REFRESH_S; when idle the readout follows each change at once
        controller.pacer.register(self, Pace(min_interval=REFRESH_S, takes_turns=False, hidden_waits="never"))
        controller.playingChanged.connect(self.update)  # "paused", or the rate
        for signal in (controller.trained, controller.networkChanged, controller.settingsChanged):
            signal.connect(self._changed)
        self.update()

    def _changed(self):
        self.controller.pacer.request(self)

    def draw(self):
        """Called by the controller's pacer (gui/pacing.py)."""
        self.update()

    def losses(self):
        """(train, test) at the current step: from the history when it has this step, else computed.
        While training plays, the history's latest row (a moment old): evaluating the network on the
        data for the readout alone cost a large network 10–20 ms a quarter second."""
        t = self.controller.trainer
        h = t.history
        if h.count and (h.steps[-1] == t.step_count or self.controller.playing):
            return h.train_loss[-1], h.test_loss[-1]
        with np.errstate(all="ignore"):
            return t.losses()

    def accuracies(self):
        """(train, test) shares at the current step, as losses() (NaN for a regression)."""
        t = self.controller.trainer
        h = t.history
        if h.count and (h.steps[-1] == t.step_count or self.controller.playing):
            return h.train_accuracy[-1], h.test_accuracy[-1]
        with np.errstate(all="ignore"):
            return t.accuracies()

    def update(self):
        c = self.controller
        t = c.trainer
        train, test = self.losses()
        n = t.step_count
        self.labels["step"].setText(f"{n:,} step{'s' if n != 1 else ''} taken")
        self.labels["epoch"].setText(f"Epoch {t.epoch:,}")
        self.labels["train"].setText(f"Train loss {loss_text(train)}")
        self.labels["test"].setText(f"Test loss {loss_text(test)}")
        train_acc, test_acc = self.accuracies()
        self.labels["accuracy"].setVisible(bool(np.isfinite(train_acc)))
        if np.isfinite(train_acc):
            self.labels["accuracy"].setText(f"Accuracy {100 * train_acc:.1f}%"
                                            + (f" · test {100 * test_acc:.1f}%" if np.isfinite(test_acc) else ""))
        self.labels["rate"].setText(f"{c.achieved_rate:,.0f} steps/s" if c.playing else "paused")
