"""An editable grid of text cells that accepts rows pasted from a spreadsheet."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from ui.widgets.table_model import NO_PARENT, RIGHT_ALIGNED, ColumnsModel

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GridColumn:
    header: str
    key: str
    width: int = 120
    choices: tuple[str, ...] = ()
    numeric: bool = False
    compute: Callable[[dict[str, str]], str] | None = None


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a list of allowed values (the user may still type or paste text)."""

    def __init__(self, choices: Sequence[str], parent=None):
        super().__init__(parent)
        self.choices = list(choices)

    def createEditor(self, parent, option, index):
        editor = QComboBox(parent)
        editor.addItems(self.choices)
        return editor

    def setEditorData(self, editor, index) -> None:
        position = editor.findText(index.data() or "")
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentText())


FAULT_BACKGROUND = QColor("#f9d6d5")


def _plain(text: str) -> str:
    return text.split("(")[0].strip().casefold()


class TextGridModel(ColumnsModel):
    """Rows of ``{key: text}``; the library turns them into records."""

    edited = Signal()

    def __init__(self, columns: Sequence[GridColumn], parent=None):
        super().__init__(columns, parent)
        self.rows: list[dict[str, str]] = []
        self.read_only = False
        self.faults: set[tuple[int, str]] = set()

    def set_rows(self, rows: Sequence[dict[str, str]]) -> None:
        self.beginResetModel()
        self.rows = [dict(row) for row in rows]
        self.endResetModel()
        self.edited.emit()

    def items(self) -> Sequence[dict[str, str]]:
        return self.rows

    def row_header(self, section: int) -> str:
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column.compute is not None:
                return column.compute(self.rows[index.row()])
            return self.rows[index.row()].get(column.key, "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return RIGHT_ALIGNED
        if role == Qt.ItemDataRole.BackgroundRole and (index.row(), column.key) in self.faults:
            return FAULT_BACKGROUND
        return None

    def mark_faults(self, problems: Sequence, label: str) -> None:
        """Colour the cells named by ``problems`` (``"<label> 3, Costo unitario"``, rows from 1);
        a cell stops being marked when it is edited."""
        headers = {_plain(column.header): column.key for column in self.columns}
        faults = set()
        for problem in problems:
            field = str(problem.field)
            if not field.startswith(label):
                continue
            number, _, rest = field[len(label) :].strip().partition(", ")
            if not (number.isascii() and number.isdigit()):
                continue
            row = int(number) - 1
            wanted = _plain(rest)
            key = next((k for h, k in headers.items() if wanted and h.startswith(wanted)), None)
            if key is not None:
                faults.add((row, key))
        self.faults = faults
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        self.rows[index.row()][self.columns[index.column()].key] = str(value)
        self.faults.discard((index.row(), self.columns[index.column()].key))
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if self.read_only or self.columns[index.column()].compute is not None:
            return super().flags(index)
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def append_row(self, row: dict[str, str] | None = None) -> int:
        position = len(self.rows)
        self.beginInsertRows(NO_PARENT, position, position)
        self.rows.append(dict(row or {}))
        self.endInsertRows()
        self.edited.emit()
        return position

    def remove_rows(self, positions: Sequence[int]) -> None:
        for position in sorted(set(positions), reverse=True):
            self.beginRemoveRows(NO_PARENT, position, position)
            del self.rows[position]
            self.endRemoveRows()
        self.edited.emit()

    def paste(self, text: str, row: int, column: int) -> int:
        """Paste tab-separated lines from ``(row, column)``, adding rows as needed."""
        if self.read_only:
            return 0
        lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
        editable = [c for c in range(len(self.columns)) if self.columns[c].compute is None]
        self.beginResetModel()
        for offset, line in enumerate(lines):
            target = row + offset
            while target >= len(self.rows):
                self.rows.append({})
            targets = [c for c in editable if c >= column]
            for position, value in zip(targets, line.split("\t"), strict=False):
                self.rows[target][self.columns[position].key] = value.strip()
        self.endResetModel()
        self.edited.emit()
        return len(lines)


class TextGrid(QTableView):
    """The grid's view: Ctrl+V pastes spreadsheet rows at the current cell. A grid whose cells
    follow rules of their own names its model in ``model_class``."""

    model_class: type[TextGridModel] = TextGridModel

    def __init__(self, columns: Sequence[GridColumn], parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = self.model_class(columns, self)
        self.setModel(self.grid)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for position, column in enumerate(columns):
            self.setColumnWidth(position, column.width)
            if column.choices:
                self.setItemDelegateForColumn(position, ChoiceDelegate(column.choices, self))
        self.horizontalHeader().setStretchLastSection(True)

    def paste_clipboard(self) -> int:
        current = self.currentIndex()
        row = current.row() if current.isValid() else len(self.grid.rows)
        column = current.column() if current.isValid() else 0
        return self.grid.paste(QGuiApplication.clipboard().text(), row, column)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectedIndexes()})

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            return
        super().keyPressEvent(event)
