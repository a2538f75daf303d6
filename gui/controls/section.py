"""A titled group of controls that applies changes through the controller and reports refusals."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel

from core.errors import BadInput


class Section(QGroupBox):
    """Subclasses add rows to `self.form` and implement `sync()` (model → widgets, signals blocked).
    A refused change is explained in red at the foot of the group, next to the field it came from."""

    def __init__(self, title, controller, parent=None):
        super().__init__(title, parent)
        self.controller = controller
        self.form = QFormLayout(self)
        self.form.setContentsMargins(6, 4, 6, 4)
        self.form.setVerticalSpacing(3)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.message = QLabel(self, objectName="sectionMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.message.hide()
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
            self.say(str(e))
            self.sync()
            return False
        self.say("")
        return True

    def say(self, text):
        """Show a refusal under the group's fields ("" hides it)."""
        if text and self.form.indexOf(self.message) < 0:
            self.form.addRow(self.message)  # below the rows the subclass added
        self.message.setText(text[:1].upper() + text[1:])
        self.message.setVisible(bool(text))

    def sync(self):
        raise NotImplementedError
