"""The data set: a built-in generator with its noise, size, train/test split and seed, or points
drawn by hand; and how the Data plot shows it ("Show test data", "Discretize output").

Choosing a generator with another number of inputs or outputs reshapes the
network's input and output layers (the controller does it and starts a new run).
Imported data (a CSV) and the seed's fixed points show as their own entry; for a
CSV only the split and its seed can change. TensorFlow Playground's six problems come
first, under its names; noise is its slider, 0 to 50 %.
"""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from core import datasets
from core.switching import label_encoding_for

from .. import drawing
from .fields import NumberField, blocked
from .section import Section

GENERATOR_LABELS = {"circle": "circle", "xor": "xor", "two-gaussians": "two Gaussians", "spiral": "spiral",
                    "plane": "plane (regression)", "multi-gaussian": "multi Gaussian (regression)",
                    "gaussians": "gaussians (3 classes)", "moons": "moons", "sine": "sine (regression)"}
DRAW = {"drawn-binary": ("draw: two classes", "binary"), "drawn-regression": ("draw: values", "regression")}
CURRENT = "__current__"  # the combo entry for data that no generator makes


def _slider_row(slider, label):
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(slider, 1)
    layout.addWidget(label)
    return row


class DataControls(Section):
    def __init__(self, controller, parent=None):
        super().__init__("Data", controller, parent)
        self.setObjectName("dataControls")
        c = controller
        self.generator = self.combo("dataCombo")
        for name in datasets.GENERATORS:
            playground = " · Playground" if name in datasets.PLAYGROUND else ""
            self.generator.addItem(GENERATOR_LABELS.get(name, name), name)
            self.generator.setItemData(self.generator.count() - 1,
                                       f"TensorFlow Playground's {name}" if playground else "the app's own problem",
                                       Qt.ToolTipRole)
        for key, (label, _) in DRAW.items():
            self.generator.addItem(label, key)
            self.generator.setItemData(self.generator.count() - 1, "Click on the Data plot to add points",
                                       Qt.ToolTipRole)
        self.generator.setToolTip("The data set to learn. A different number of inputs or outputs "
                                  "reshapes the network's first and last layers")
        self.generator.activated.connect(self._generator_chosen)
        self.noise = QSlider(Qt.Horizontal, objectName="noiseSlider", minimum=0, maximum=50, pageStep=5)
        self.noise.setToolTip("Noise, 0 to 50 % as in TensorFlow Playground: for circle, xor, plane and "
                              "multi Gaussian labels flip near the boundary; two Gaussians spread, spiral "
                              "points move; the app's own problems add jitter")
        self.noise_label = QLabel(objectName="noiseLabel", minimumWidth=34)
        self.noise.valueChanged.connect(lambda v: self.noise_label.setText(f"{v} %"))
        self.noise.valueChanged.connect(self._noise_moved)
        self.noise.sliderReleased.connect(self._noise_moved)
        self.samples = NumberField("samplesEdit", "Number of samples, train and test together")
        self.samples.committed.connect(lambda v: self.apply(c.set_data_source, samples=v))
        self.test_fraction = NumberField("testFractionEdit", "Fraction of the samples kept aside for testing "
                                                             "(0 to 0.9); the test loss is measured on them")
        self.test_fraction.committed.connect(lambda v: self.apply(c.set_data_source, test_fraction=v))
        self.data_seed = NumberField("dataSeedEdit", "Random seed of the data: the same seed gives the same samples")
        self.data_seed.committed.connect(lambda v: self.apply(c.set_data_source, seed=v))
        self.target = QSlider(Qt.Horizontal, objectName="targetSlider", minimum=-100, maximum=100, value=100)
        self.target.setToolTip("The value a click gives a new point (shift-click: its negative)")
        self.target_label = QLabel(objectName="targetLabel", minimumWidth=34)
        self.target.valueChanged.connect(lambda v: self.target_label.setText(f"{v / 100:g}"))
        self.clear = QPushButton("Clear points", objectName="clearPointsButton")
        self.clear.setToolTip("Remove the drawn points (undoable); training keeps the smallest set it can use")
        self.clear.clicked.connect(lambda: self.apply(drawing.clear, c))
        self.draw_hint = QLabel("Click: + point · shift-click: − · ctrl-click: remove nearest",
                                objectName="drawHint", wordWrap=True)
        self.draw_hint.setStyleSheet("color: #555;")
        self.show_test = QCheckBox("Show test data", objectName="showTestCheck")
        self.show_test.setToolTip("Off: the Data plot shows the training points only, as Playground's default")
        self.show_test.toggled.connect(lambda on: c.set_view(show_test=on))
        self.discretize = QCheckBox("Discretize output", objectName="discretizeCheck")
        self.discretize.setToolTip("The heatmap shows only the sign (or, for classes, the most likely class)")
        self.discretize.toggled.connect(lambda on: c.set_view(discretize=on))
        c.viewChanged.connect(self.sync)
        self.form.addRow("Data set", self.generator)
        self.form.addRow("Noise", _slider_row(self.noise, self.noise_label))
        self.form.addRow("Samples", self.samples)
        self.form.addRow("Test fraction", self.test_fraction)
        self.form.addRow("Data seed", self.data_seed)
        self.form.addRow(self.draw_hint)
        self.form.addRow("Target", _slider_row(self.target, self.target_label))
        self.form.addRow(self.clear)
        toggles = QWidget(objectName="dataToggles")
        row = QHBoxLayout(toggles)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.show_test)
        row.addWidget(self.discretize)
        row.addStretch(1)
        self.form.addRow(toggles)
        self.target_label.setText("1")
        self.sync()

    def _noise_moved(self, *_):
        if self.noise.isSliderDown():  # while dragging, only the label follows; the data on release
            return
        noise = self.noise.value() / 100
        if self.controller.trainer.data.source.get("noise") != noise:
            self.apply(self.controller.set_data_source, noise=noise)

    def _generator_chosen(self, index):
        name = self.generator.itemData(index)
        source = self.controller.trainer.data.source
        if name in DRAW:
            task = DRAW[name][1]
            if source.get("generator") != "drawn" or source.get("task") != task:
                labels = "pm1" if task == "regression" else label_encoding_for(
                    self.controller.network.activations[-1])
                self.apply(drawing.start_drawing, self.controller, task, labels)
        elif name != CURRENT and name != source.get("generator"):
            self.apply(self.controller.set_data_source, generator=name)

    def target_value(self):
        return self.target.value() / 100

    def sync(self):
        data = self.controller.trainer.data
        source = data.source
        csv = source.get("csv")
        generator = source.get("generator")
        drawn = generator == "drawn"
        with blocked(self.generator, self.noise, self.show_test, self.discretize):
            extra = self.generator.findData(CURRENT)
            if extra >= 0:
                self.generator.removeItem(extra)
            if generator in datasets.GENERATORS or drawn:
                key = f"drawn-{source['task']}" if drawn else generator
                self.generator.setCurrentIndex(self.generator.findData(key))
            else:
                label = f"CSV: {data.name}" if csv else "the question's sample" if generator == "points" else data.name
                self.generator.insertItem(0, label, CURRENT)
                self.generator.setCurrentIndex(0)
            made = generator in datasets.GENERATORS
            settings = csv if csv else source
            self.noise.setValue(round(100 * float(source.get("noise", 0.0))) if made else 0)
            self.noise_label.setText(f"{self.noise.value()} %")
            self.show_test.setChecked(self.controller.view["show_test"])
            self.discretize.setChecked(self.controller.view["discretize"])
        self.samples.show_value(int(source.get("samples", len(data.X_train) + len(data.X_test))) if made
                                else len(data.X_train) + len(data.X_test))
        self.test_fraction.show_value(float(settings.get("test_fraction", 0.0)))
        self.data_seed.show_value(int(settings.get("seed", 0)))
        for field in (self.noise, self.samples):
            field.setEnabled(made)
        for field in (self.test_fraction, self.data_seed):
            field.setEnabled(made or bool(csv) or drawn)
        self.form.setRowVisible(self.draw_hint, drawn)
        self.form.setRowVisible(self.clear, drawn)
        self.form.setRowVisible(self.target.parentWidget(), drawn and source.get("task") == "regression")
        self.discretize.setEnabled(data.n_raw_inputs == 2)
