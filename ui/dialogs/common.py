"""Pieces shared by the record dialogs: combos of choices, problem lists, geometry."""

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QWidget

from procompite.errors import Problem


def choice_combo(
    choices: Sequence[tuple[object, str]], parent: QWidget, empty: str = ""
) -> QComboBox:
    """A combo whose item data is the stored value; an optional first empty item."""
    combo = QComboBox(parent)
    if empty is not None:
        combo.addItem(empty, None)
    for value, label in choices:
        combo.addItem(label, value)
    combo.setEditable(False)
    return combo


def select_value(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def problems_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("problems")
    label.setWordWrap(True)
    label.hide()
    return label


def show_problems(label: QLabel, problems: Sequence[Problem]) -> None:
    if not problems:
        label.hide()
        label.clear()
        return
    items = "".join(f"<li><b>{p.field}</b>: {p.message}</li>" for p in problems)
    label.setText(f"No se guardó. Corrija lo siguiente:<ul>{items}</ul>")
    label.show()


class RememberedDialog(QDialog):
    """A dialog that restores its size and position from the settings."""

    geometry_key = ""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        if geometry := settings.value(self.geometry_key):
            self.restoreGeometry(QByteArray(geometry))

    def done(self, result: int) -> None:
        self.settings.setValue(self.geometry_key, self.saveGeometry())
        super().done(result)
