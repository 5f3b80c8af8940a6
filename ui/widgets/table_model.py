"""Table models over column definitions: the base every grid shares, the read-only model over a
list of records, and a filter that ignores case and accents."""

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


# Accents and tildes: the combining marks left by NFKD decomposition.
COMBINING_MARKS = dict.fromkeys(
    code for code in range(0x300, 0x370) if unicodedata.combining(chr(code))
)


def fold(text: str) -> str:
    """Lowercase without accents, so that "anis" finds "Anís" and "munoz" finds "Muñoz"."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return unicodedata.normalize("NFKD", folded).translate(COMBINING_MARKS)


@dataclass(frozen=True)
class Column:
    """One column: its header, how to get the shown text, and how to sort it."""

    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    numeric: bool = False


class ColumnsModel(QAbstractTableModel):
    """A table whose columns are a list of definitions (each with a ``header``) over ``items()``."""

    def __init__(self, columns: Sequence[Any], parent=None):
        super().__init__(parent)
        self.columns = list(columns)

    def items(self) -> Sequence[Any]:
        raise NotImplementedError

    def row_header(self, section: int) -> Any:
        return None

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return self.row_header(section)


class RecordTableModel(ColumnsModel):
    """Rows are records (dataclasses); columns say what to show of each."""

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(columns, parent)
        self.records: list[Any] = []
        self._texts: list[list[str]] = []
        self._search: list[str] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self._texts = [[column.text(record) for column in self.columns] for record in records]
        self._search = [fold(" ".join(texts)) for texts in self._texts]
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def items(self) -> Sequence[Any]:
        return self.records

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        if role == SORT_ROLE:
            record = self.records[index.row()]
            if column.sort_key is None:
                return fold(self._texts[index.row()][index.column()])
            key = column.sort_key(record)
            return float("-inf") if key is None else key
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return RIGHT_ALIGNED
        if role == RECORD_ROLE:
            return self.records[index.row()]
        return None


class FoldedFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose text contains every word typed, ignoring case and accents."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, RecordTableModel)
        haystack = model.search_text(source_row)
        return all(word in haystack for word in self._words)
