"""A record list whose columns always fit its width: each column takes the width of its text,
and when they are wider than the list the columns named in ``flexible`` (long names, numbers
of documents) give way, their whole text still shown on hover. Seguimiento's list of plans has
many columns, and a 1366×768 laptop has room for all of them only this way."""

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column

NARROWEST = 90


class FittedList(RecordList):
    def __init__(
        self,
        columns: Sequence[Column],
        placeholder: str,
        flexible: Sequence[str],
        parent: QWidget | None = None,
    ):
        super().__init__(columns, placeholder, parent)
        self.flexible = [
            number for number, column in enumerate(columns) if column.header in flexible
        ]
        self.table.viewport().installEventFilter(self)

    def set_records(self, records) -> None:
        super().set_records(records)
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table.viewport() and event.type() == event.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)

    def natural_width(self, column: int, sample: int = 200) -> int:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader().fontMetrics()
        rows = min(sample, self.model.rowCount())
        return max(
            [header.horizontalAdvance(self.model.columns[column].header) + 24]
            + [metrics.horizontalAdvance(self.model.text(row, column)) + 14 for row in range(rows)]
        )

    def fit(self) -> None:
        """Each shown column at the width of its text, the flexible ones narrowed to fit."""
        shown = [c for c in range(self.model.columnCount()) if not self.table.isColumnHidden(c)]
        widths = {c: self.natural_width(c) for c in shown}
        excess = sum(widths.values()) - self.table.viewport().width()
        flexible = [c for c in self.flexible if c in widths and widths[c] > NARROWEST]
        give = sum(widths[c] - NARROWEST for c in flexible)
        if excess > 0 and give > 0:
            share = min(excess / give, 1)
            for c in flexible:
                widths[c] -= int((widths[c] - NARROWEST) * share + 0.999)
        for c, width in widths.items():
            self.table.setColumnWidth(c, width)
