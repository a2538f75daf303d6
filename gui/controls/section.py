"""A titled group of controls that applies changes through the controller and reports refusals."""
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox

from core.errors import BadInput


class Section(QGroupBox):
    """Subclasses add rows to `self.form` and implement `sync()` (model → widgets, signals blocked)."""

    message = Signal(str)  # a refusal to show ("" once a change succeeds)

    def __init__(self, title, controller, parent=None):
        super().__init__(title, parent)
        self.controller = controller
        self.form = QFormLayout(self)
        self.form.setContentsMargins(6, 4, 6, 4)
        self.form.setVerticalSpacing(3)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        controller.settingsChanged.connect(self.sync)
        controller.networkChanged.connect(self.sync)

    @staticmethod
    def combo(object_name):
        """A combo box that may be narrower than its longest entry (the popup still shows it whole)."""
        box = QComboBox(objectName=object_name)
        box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        return box

    def apply(self, change, *args, **kwargs):
        """Call a controller method; on BadInput show its message and put the widgets back. True if applied."""
        try:
            change(*args, **kwargs)
        except BadInput as e:
            self.message.emit(str(e))
            self.sync()
            return False
        self.message.emit("")
        return True

    def sync(self):
        raise NotImplementedError
