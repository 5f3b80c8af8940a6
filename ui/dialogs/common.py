"""Pieces shared by the record dialogs: combos of choices, problem lists, geometry."""

import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.errors import Problem, ValidationError
from procompite.repository import Repository
from ui.edit_table import TextGrid


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


def attempt(label: QLabel, action: Callable[[], object], where: str) -> bool:
    """Run a change; show why it was refused (input or a database guard) in ``label``."""
    try:
        action()
    except ValidationError as error:
        show_problems(label, error.problems)
        return False
    except sqlite3.IntegrityError as error:
        show_problems(label, [Problem(where, str(error))])
        return False
    show_problems(label, [])
    return True


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


class RecordDialog(RememberedDialog):
    """A dialog that edits one record of the open database; ``saved`` carries its id."""

    saved = Signal(int)

    def __init__(self, db: Database, settings: QSettings, title: str, parent: QWidget | None):
        super().__init__(settings, parent)
        self.db = db
        self.repository = Repository(db)
        self.setWindowTitle(title)
        self.modified = False

    def watch_changes(self) -> None:
        """From now on, any edit marks the dialog as modified (asked about before closing)."""
        self.modified = False
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self._touched)
        for edit in self.findChildren(QPlainTextEdit):
            edit.textChanged.connect(self._touched)
        for combo in self.findChildren(QComboBox):
            combo.activated.connect(self._touched)
        for grid in self.findChildren(TextGrid):
            grid.grid.edited.connect(self._touched)
        for checklist in self.findChildren(QListWidget):
            checklist.itemChanged.connect(self._touched)

    def _touched(self, *_args) -> None:
        self.modified = True

    def mark_saved(self) -> None:
        self.modified = False

    def reject(self) -> None:
        """Closing with unsaved changes asks first: nothing typed is lost by a slip."""
        if self.modified:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                "Hay cambios sin guardar. ¿Descartarlos y cerrar?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


class GridPanel(QWidget):
    """An editable grid with buttons to add and remove rows and to paste from a spreadsheet."""

    def __init__(self, grid: TextGrid, noun: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = grid
        self.add_button = QPushButton(f"Agregar {noun}", self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(f"Quitar {noun}", self)
        self.remove_button.clicked.connect(lambda: grid.grid.remove_rows(grid.selected_rows()))
        self.paste_button = QPushButton("Pegar desde hoja de cálculo", self)
        self.paste_button.clicked.connect(grid.paste_clipboard)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.paste_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(grid, 1)

    def add_row(self, cells: dict[str, str] | None = None) -> None:
        row = self.grid.grid.append_row(cells)
        self.grid.setCurrentIndex(self.grid.grid.index(row, 0))
        self.grid.edit(self.grid.currentIndex())
