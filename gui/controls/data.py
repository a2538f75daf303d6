"""The data set: a built-in generator with its noise, size, train/test split and seed.

Choosing a generator with another number of inputs or outputs reshapes the
network's input and output layers (the controller does it and starts a new run).
Imported data (a CSV) and the seed's fixed points show as their own entry; for a
CSV only the split and its seed can change.
"""

from core import datasets

from .fields import NumberField, blocked
from .section import Section

GENERATOR_LABELS = {"circle": "circle", "xor": "xor", "spiral": "spiral", "gaussians": "gaussians (3 classes)",
                    "moons": "moons", "sine": "sine (regression)"}
CURRENT = "__current__"  # the combo entry for data that no generator makes


class DataControls(Section):
    def __init__(self, controller, parent=None):
        super().__init__("Data", controller, parent)
        self.setObjectName("dataControls")
        c = controller
        self.generator = self.combo("dataCombo")
        for name in datasets.GENERATORS:
            self.generator.addItem(GENERATOR_LABELS.get(name, name), name)
        self.generator.setToolTip("The data set to learn. A different number of inputs or outputs "
                                  "reshapes the network's first and last layers")
        self.generator.activated.connect(self._generator_chosen)
        self.noise = NumberField("noiseEdit", "Noise added to the samples (0 to 2)")
        self.noise.committed.connect(lambda v: self.apply(c.set_data_source, noise=v))
        self.samples = NumberField("samplesEdit", "Number of samples, train and test together")
        self.samples.committed.connect(lambda v: self.apply(c.set_data_source, samples=v))
        self.test_fraction = NumberField("testFractionEdit", "Fraction of the samples kept aside for testing "
                                                             "(0 to 0.9); the test loss is measured on them")
        self.test_fraction.committed.connect(lambda v: self.apply(c.set_data_source, test_fraction=v))
        self.data_seed = NumberField("dataSeedEdit", "Random seed of the data: the same seed gives the same samples")
        self.data_seed.committed.connect(lambda v: self.apply(c.set_data_source, seed=v))
        self.form.addRow("Data set", self.generator)
        self.form.addRow("Noise", self.noise)
        self.form.addRow("Samples", self.samples)
        self.form.addRow("Test fraction", self.test_fraction)
        self.form.addRow("Data seed", self.data_seed)
        self.sync()

    def _generator_chosen(self, index):
        name = self.generator.itemData(index)
        if name != CURRENT and name != self.controller.trainer.data.source.get("generator"):
            self.apply(self.controller.set_data_source, generator=name)

    def sync(self):
        data = self.controller.trainer.data
        source = data.source
        csv = source.get("csv")
        generator = source.get("generator")
        with blocked(self.generator):
            extra = self.generator.findData(CURRENT)
            if extra >= 0:
                self.generator.removeItem(extra)
            if generator in datasets.GENERATORS:
                self.generator.setCurrentIndex(self.generator.findData(generator))
            else:
                label = f"CSV: {data.name}" if csv else "the question's sample" if generator == "points" else data.name
                self.generator.insertItem(0, label, CURRENT)
                self.generator.setCurrentIndex(0)
        made = generator in datasets.GENERATORS
        settings = csv if csv else source
        self.noise.show_value(float(source.get("noise", 0.0)) if made else 0.0)
        self.samples.show_value(int(source.get("samples", len(data.X_train) + len(data.X_test))) if made
                                else len(data.X_train) + len(data.X_test))
        self.test_fraction.show_value(float(settings.get("test_fraction", 0.0)))
        self.data_seed.show_value(int(settings.get("seed", 0)))
        for field in (self.noise, self.samples):
            field.setEnabled(made)
        for field in (self.test_fraction, self.data_seed):
            field.setEnabled(made or bool(csv))
