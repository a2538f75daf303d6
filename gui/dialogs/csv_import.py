"""The CSV import dialog: choose the target columns, the test fraction and the split's seed."""
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QListWidget, QListWidgetItem, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout)

from core.csv_data import make_dataset
from core.errors import BadInput


class CsvImportDialog(QDialog):
    """Choose the target columns and the test fraction of a table read from a CSV file.
    After exec() is accepted, `dataset` holds the core Dataset."""

    PREVIEW_ROWS = 6

    def __init__(self, names, rows, file_name, parent=None, classes=None):
        super().__init__(parent)
        self.setObjectName("csvImportDialog")
        self.setWindowTitle(f"Import data — {file_name}")
        self.names, self.rows, self.file_name = names, rows, file_name
        self.classes = dict(classes or {})  # columns of text class labels: their class names
        self.dataset = None
        table = QTableWidget(min(len(rows), self.PREVIEW_ROWS), len(names))
        table.setHorizontalHeaderLabels(names)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        for i, row in enumerate(rows[:self.PREVIEW_ROWS]):
            for j, value in enumerate(row):
                labels = self.classes.get(names[j])
                table.setItem(i, j, QTableWidgetItem(labels[int(value)] if labels else f"{value:g}"))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeRowsToContents()
        shown = sum(table.rowHeight(i) for i in range(table.rowCount()))
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + shown + 2 * table.frameWidth()
                             + table.horizontalScrollBar().sizeHint().height())
        self.columns = QListWidget(objectName="csvTargets")
        for j, name in enumerate(names):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if j == len(names) - 1 else Qt.Unchecked)
            self.columns.addItem(item)
        # a little air between the check boxes, and room for every row (up to a scrolling 240 px)
        self.columns.setSpacing(2)
        row = self.columns.sizeHintForRow(0) + 2 * self.columns.spacing()
        self.columns.setFixedHeight(min(240, row * len(names) + 2 * self.columns.frameWidth() + 2))
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
        self._fit_screen()

    def _fit_screen(self):
        """No wider or taller than the screen: a table of many columns scrolls inside the dialog."""
        screen = (self.parentWidget() or self).screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        hint = self.sizeHint()
        self.resize(min(hint.width(), int(available.width() * 0.9)), min(hint.height(), int(available.height() * 0.9)))

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
                            self.seed.value(), name=self.file_name, classes=self.classes)

    def accept(self):
        try:
            self.dataset = self.make()
        except BadInput as e:
            self.error.setText(str(e))
            return
        super().accept()
