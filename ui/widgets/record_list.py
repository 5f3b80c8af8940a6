"""A titled, sortable list of records with a type-to-filter box and a row count."""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.table_model import Column, FoldedFilterProxy, RecordTableModel


class RecordList(QWidget):
    """Filter box above a table; the count below says how many rows match."""

    def __init__(self, columns: Sequence[Column], placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = RecordTableModel(columns, self)
        self.proxy = FoldedFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText(placeholder)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self._sized = False
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def set_records(self, records: Sequence[Any]) -> None:
        """Show ``records``; columns are fitted to the first records shown, then left as set."""
        self.model.set_records(records)
        if records and not self._sized:
            self._sized = True
            self._fit_columns()
        self._update_count()

    widest = 260

    def _fit_columns(self, sample: int = 200) -> None:
        """Fit each column to its header and its first ``sample`` rows, up to ``widest``."""
        widest = self.widest
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        for column in range(self.model.columnCount()):
            texts = [
                self.model.text(row, column) for row in range(min(sample, self.model.rowCount()))
            ]
            width = max(
                [header_metrics.horizontalAdvance(self.model.columns[column].header) + 24]
                + [metrics.horizontalAdvance(text) + 14 for text in texts]
            )
            self.table.setColumnWidth(column, min(width, widest))

    def current_record(self) -> Any | None:
        """The record of the selected row, or ``None``."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.records[self.proxy.mapToSource(index).row()]

    def select_id(self, record_id: int) -> None:
        """Select the visible row of the record with ``record_id``, when there is one."""
        for row, record in enumerate(self.visible_records()):
            if getattr(record, "id", None) == record_id:
                self.table.selectRow(row)
                return

    def visible_records(self) -> list[Any]:
        return [
            self.model.records[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
            for row in range(self.proxy.rowCount())
        ]

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "registro" if total == 1 else "registros"
        if shown == total:
            self.count_label.setText(f"{total:,} {noun}")
        else:
            self.count_label.setText(f"{shown:,} de {total:,} {noun}")
