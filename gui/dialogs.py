"""Dialogs: unsaved changes, errors, file names, importing a CSV, About and the equations guide."""
import os

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from core.csv_data import make_dataset
from core.errors import BadInput

SESSION_FILTER = "Backprop Lab sessions (*.json)"
WEIGHTS_FILTERS = {"NumPy arrays (*.npz)": ".npz", "JSON (*.json)": ".json", "CSV, one line per parameter (*.csv)": ".csv"}
IMPORT_WEIGHTS_FILTER = "Weights (*.npz *.json)"
CSV_FILTER = "CSV tables (*.csv *.txt *.tsv);;All files (*)"
IMAGE_FILTERS = {"PNG image (*.png)": ".png", "JPEG image (*.jpg)": ".jpg"}


# ---- questions and messages ------------------------------------------------------------------
def ask_save_changes(parent, name, doing):
    """Save / Discard / Cancel before `doing` (e.g. "opening another file")."""
    return QMessageBox.question(
        parent, "Unsaved changes",
        f"“{name}” has changes that are not saved.\nSave them before {doing}?",
        QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)


def show_error(parent, title, message):
    QMessageBox.warning(parent, title, message)


# ---- file names (the window's dialog-driven slots call these; tests call the *_to / *_path methods) ----
def open_file_name(parent, title, filters, folder=""):
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path


def save_file_name(parent, title, filters, folder="", suggested=""):
    """A file name to write; if the learner typed none, the extension of the chosen filter is added.
    `filters` maps a filter text to its extension."""
    start = os.path.join(folder, suggested) if suggested else folder
    path, chosen = QFileDialog.getSaveFileName(parent, title, start, ";;".join(filters))
    if path and not os.path.splitext(path)[1]:
        path += filters.get(chosen, next(iter(filters.values())))
    return path


# ---- importing a CSV ------------------------------------------------------------------------
class CsvImportDialog(QDialog):
    """Choose the target columns and the test fraction of a table read from a CSV file.
    After exec() is accepted, `dataset` holds the core Dataset."""

    PREVIEW_ROWS = 6

    def __init__(self, names, rows, file_name, parent=None):
        super().__init__(parent)
        self.setObjectName("csvImportDialog")
        self.setWindowTitle(f"Import data — {file_name}")
        self.names, self.rows, self.file_name = names, rows, file_name
        self.dataset = None
        table = QTableWidget(min(len(rows), self.PREVIEW_ROWS), len(names))
        table.setHorizontalHeaderLabels(names)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        for i, row in enumerate(rows[:self.PREVIEW_ROWS]):
            for j, value in enumerate(row):
                table.setItem(i, j, QTableWidgetItem(f"{value:g}"))
        table.setMaximumHeight(table.verticalHeader().defaultSectionSize() * (self.PREVIEW_ROWS + 1) + 8)
        self.columns = QListWidget(objectName="csvTargets")
        for j, name in enumerate(names):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if j == len(names) - 1 else Qt.Unchecked)
            self.columns.addItem(item)
        self.columns.setMaximumHeight(140)
        self.columns.itemChanged.connect(self._describe)
        self.test_fraction = QDoubleSpinBox(objectName="csvTestFraction", minimum=0.0, maximum=0.9, singleStep=0.05,
                                            value=0.2, decimals=2)
        self.test_fraction.valueChanged.connect(self._describe)
        self.seed = QSpinBox(objectName="csvSeed", minimum=0, maximum=2**31 - 1)
        self.summary = QLabel(objectName="csvSummary", wordWrap=True)
        self.error = QLabel(objectName="csvError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Target columns (outputs)", self.columns)
        form.addRow("Test fraction", self.test_fraction)
        form.addRow("Split seed", self.seed)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(rows):,} rows × {len(names)} columns. The first rows:"))
        layout.addWidget(table)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._describe()

    def targets(self):
        return [self.names[j] for j in range(self.columns.count())
                if self.columns.item(j).checkState() == Qt.Checked]

    def _describe(self):
        targets = self.targets()
        inputs = [n for n in self.names if n not in targets]
        n_test = int(round(len(self.rows) * self.test_fraction.value()))
        self.summary.setText(f"Inputs ({len(inputs)}): {', '.join(inputs) or '—'}\n"
                             f"Targets ({len(targets)}): {', '.join(targets) or '—'}\n"
                             f"{len(self.rows) - n_test:,} training and {n_test:,} test samples. The network's "
                             f"input and output layers will follow.")

    def make(self):
        """The Dataset for the current choices (BadInput if they do not make one)."""
        if not self.targets():
            raise BadInput("choose at least one target column")
        return make_dataset(self.names, np.asarray(self.rows), self.targets(), self.test_fraction.value(),
                            self.seed.value(), name=self.file_name)

    def accept(self):
        try:
            self.dataset = self.make()
        except BadInput as e:
            self.error.setText(str(e))
            return
        super().accept()


# ---- help ---------------------------------------------------------------------------------------
ABOUT = """<h3>Backprop Lab</h3>
<p>Backpropagation in matrix form, on screen: build a small network, train it, and watch the loss,
every weight and every equation of a step with this network's own numbers.</p>
<p>Built with NumPy, PySide6 (Qt) and pyqtgraph. MIT licence.</p>"""

EQUATIONS_HELP = """<h3>How to read the equations</h3>
<p>The notation is the textbook's column form (Nielsen ch. 2, Goodfellow ch. 6).</p>
<ul>
<li>Layers are numbered <i>l</i> = 0…<i>L</i>; layer 0 is the input, <i>n<sub>l</sub></i> its number of neurons.</li>
<li><b>W<sup>l</sup></b> has shape (<i>n<sub>l</sub></i> × <i>n<sub>l−1</sub></i>): row <i>j</i> is neuron <i>j</i> of
layer <i>l</i>, column <i>k</i> is neuron <i>k</i> of layer <i>l</i>−1. So W<sup>l</sup><sub>jk</sub> is the line
from neuron <i>k</i> to neuron <i>j</i> in the diagram. <b>b<sup>l</sup></b> has <i>n<sub>l</sub></i> entries.</li>
<li>A batch of <i>m</i> samples is a matrix with one <i>column</i> per sample:
A<sup>0</sup> = X<sup>T</sup>, shape (<i>n</i><sub>0</sub> × <i>m</i>).</li>
</ul>
<p><b>Forward</b>, for <i>l</i> = 1…<i>L</i>: Z<sup>l</sup> = W<sup>l</sup> A<sup>l−1</sup> + b<sup>l</sup>,
A<sup>l</sup> = f(Z<sup>l</sup>). The cost C compares A<sup>L</sup> with the targets Y; it is the mean over
the batch.</p>
<p><b>Backward</b>, the four equations:</p>
<ul>
<li>BP1, the output error: Δ<sup>L</sup> = ∇<sub>A</sub>C ⊙ f′(Z<sup>L</sup>)
(with softmax or sigmoid and cross-entropy simply (A<sup>L</sup> − Y)/<i>m</i>).</li>
<li>BP2, the error one layer back: Δ<sup>l</sup> = (W<sup>l+1</sup>)<sup>T</sup> Δ<sup>l+1</sup> ⊙ f′(Z<sup>l</sup>).</li>
<li>BP3: ∂C/∂b<sup>l</sup> = Δ<sup>l</sup> 1 (the rows of Δ<sup>l</sup> summed over the batch).</li>
<li>BP4: ∂C/∂W<sup>l</sup> = Δ<sup>l</sup> (A<sup>l−1</sup>)<sup>T</sup>; one entry is
δ<sup>l</sup><sub>j</sub> · a<sup>l−1</sup><sub>k</sub>, the chain rule for one weight.</li>
</ul>
<p><b>Update</b> (plain gradient descent): W<sup>l</sup> ← W<sup>l</sup> − η ∂C/∂W<sup>l</sup>.</p>
<p>⊙ multiplies entry by entry. Shapes are written under each matrix: (4×2)(2×10) is a 4×2 matrix times
a 2×10 one. For the question's one-weight network every matrix is 1×1 and the equations reduce to
its own update w ← w − η·a·2(a·w − y).</p>
<p>Colours: blue is positive, orange negative, crimson the selected weight, everywhere in the window.</p>"""


def show_about(parent):
    QMessageBox.about(parent, "About Backprop Lab", ABOUT)


def show_equations_help(parent):
    box = QMessageBox(QMessageBox.Information, "How to read the equations", "", QMessageBox.Ok, parent)
    box.setObjectName("equationsHelp")
    box.setTextFormat(Qt.RichText)
    box.setText(EQUATIONS_HELP)
    box.exec()
