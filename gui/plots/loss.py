"""The loss plot: train and test cost over steps, from the trainer's bounded history; for a
classification, the train and test accuracy too (a toggle), on their own axis on the right (0-100%)."""
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox

from .. import palette
from .axes import ValueAxis
from .base import LivePlot, MenuOnDemandViewBox, mark_lone_point


class LossAxis(ValueAxis):
    """On a log scale, label 1, 2 and 5 times a power of ten only: 0.2, 0.3, … 0.9 sit too close together
    (unless that would leave fewer than two labels: a view spanning less than a decade keeps them all)."""

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        kept = [s if round(10 ** (v - np.floor(v)), 6) in (1, 2, 5, 10) else "" for v, s in zip(values, strings)]
        return kept if sum(bool(s) for s in kept) >= 2 else strings


class LossPlot(LivePlot):
    title = "cost C, train and test"

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        self.setObjectName("lossPlot")
        self.log_check = QCheckBox("log scale")
        self.log_check.setObjectName("lossLogScale")
        self.log_check.setToolTip("Show the loss on a logarithmic axis: steady progress looks like a straight line")
        self.log_check.toggled.connect(self.set_log_scale)
        self.header.addWidget(self.log_check)
        self.legend = self.plot.addLegend(offset=(-8, 8), labelTextColor=palette.TEXT,
                                           brush=QColor(palette.BACKGROUND.red(), palette.BACKGROUND.green(),
                                                        palette.BACKGROUND.blue(), 200))
        # one-pixel pens: a wider one costs Qt's raster engine 4-7 times as long to stroke (6 ms against
        # 0.9 ms a frame here), time the training would lose while it plays
        self.train_curve = self.plot.plot(pen=pg.mkPen(palette.TRAIN, width=1), name="train", antialias=True)
        self.test_curve = self.plot.plot(pen=pg.mkPen(palette.TEST, width=1, style=Qt.DashLine), name="test",
                                         antialias=True)
        self.train_curve.setObjectName("lossTrainCurve")
        self.test_curve.setObjectName("lossTestCurve")
        self.accuracy_check = QCheckBox("accuracy")
        self.accuracy_check.setObjectName("lossAccuracy")
        self.accuracy_check.setToolTip("Also show the accuracy (share of samples classified right, train and "
                                       "test) on the right axis, 0 to 100%")
        self.accuracy_check.setChecked(True)
        self.accuracy_check.toggled.connect(self._accuracy_toggled)
        self.header.addWidget(self.accuracy_check)
        self._build_accuracy_axis()
        self.set_log_scale(True)  # steady progress is a straight line; the seed's loss falls by 10 decades

    def _build_accuracy_axis(self):
        """A second ViewBox sharing the steps axis, with the right axis in percent (pyqtgraph's
        MultiplePlotAxes pattern)."""
        self.accuracy_box = MenuOnDemandViewBox()
        self.accuracy_box.setMouseEnabled(False, False)
        self.plot.scene().addItem(self.accuracy_box)
        right = self.plot.getAxis("right")
        right.linkToView(self.accuracy_box)
        right.setPen(pg.mkPen(palette.TEXT))
        right.setTextPen(pg.mkPen(palette.TEXT))
        right.setWidth(34)
        right.enableAutoSIPrefix(False)
        right.setLabel("accuracy % (dotted)", color=palette.TEXT.name())
        self.accuracy_box.setXLink(self.plot)
        self.accuracy_box.setYRange(0, 100, padding=0.02)
        self.train_accuracy_curve = pg.PlotDataItem(pen=pg.mkPen(palette.TRAIN, width=1, style=Qt.DotLine))
        self.test_accuracy_curve = pg.PlotDataItem(pen=pg.mkPen(palette.TEST, width=1, style=Qt.DotLine))
        for curve in (self.train_accuracy_curve, self.test_accuracy_curve):
            self.accuracy_box.addItem(curve)
        self.plot.getViewBox().sigResized.connect(self._fit_accuracy_box)
        self._fit_accuracy_box()
        self._show_accuracy(False)

    def _fit_accuracy_box(self):
        self.accuracy_box.setGeometry(self.plot.getViewBox().sceneBoundingRect())

    def _show_accuracy(self, on):
        """The accuracy curves have no legend entries (four would cover a small plot's curves): the
        right axis's title says they are the dotted ones."""
        if self.accuracy_box.isVisible() == on and self.plot.getAxis("right").isVisible() == on:
            return
        self.plot.showAxis("right", on)
        self.accuracy_box.setVisible(on)

    def _accuracy_toggled(self, on):
        self._gate.forget()
        self.request()

    def axis_labels(self):
        return "step", "cost C"

    def axis_items(self):
        return {"left": LossAxis("left")}

    def set_log_scale(self, on):
        self.log_check.setChecked(on)
        self.plot.setLogMode(y=on)
        self.plot.getAxis("right").setLogMode(False, False)  # the accuracy axis stays 0-100%
        self.range.reset()
        self._gate.forget()
        self.request()

    def rebuild(self):
        self._gate.forget()

    def refresh(self):
        history = self.controller.trainer.history
        if not self._gate.changed(history):
            return
        self.redraws += 1
        steps = history.steps
        self.train_curve.setData(steps, history.train_loss)
        has_test = len(self.controller.trainer.data.X_test) > 0
        self.test_curve.setData(steps if has_test else np.zeros(0), history.test_loss if has_test else np.zeros(0))
        self.test_curve.setVisible(has_test)
        for curve in (self.train_curve, self.test_curve):
            mark_lone_point(curve, len(steps) == 1)
        losses = np.concatenate([history.train_loss, history.test_loss if has_test else []])
        log = self.log_check.isChecked()
        losses = losses[np.isfinite(losses) & ((losses > 0) if log else True)]
        if len(losses) and len(steps):
            low, high = losses.min(), losses.max()
            if log:
                low, high = np.log10(low), np.log10(high)
            self.range.follow(steps[0], steps[-1], low, high)
        accuracy = history.train_accuracy
        classification = bool(len(accuracy) and np.isfinite(accuracy).any())
        self.accuracy_check.setVisible(classification)
        show = classification and self.accuracy_check.isChecked()
        self._show_accuracy(show)
        if show:
            self.train_accuracy_curve.setData(steps, 100 * accuracy)
            self.test_accuracy_curve.setData(steps if has_test else np.zeros(0),
                                             100 * history.test_accuracy if has_test else np.zeros(0))
        if has_test != (self.legend.getLabel(self.test_curve) is not None):
            if has_test:
                self.legend.addItem(self.test_curve, "test")
            else:
                self.legend.removeItem(self.test_curve)
