"""A horizontal bar chart of chain scores with the cut drawn as a line, painted with Qt."""

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from procompite.prioritization.methods import Ranking

ABOVE = QColor("#2f6690")
BELOW = QColor("#b8c4cf")
ROW = 20


class _RowChart(QWidget):
    """A chart of one row per item, each named at the left in the text colour."""

    def _label(self, painter: QPainter, top: float, label_width: float, text: str) -> None:
        painter.setPen(self.palette().text().color())
        painter.drawText(
            QRectF(0, top, label_width - 6, ROW),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            text,
        )


class ScoreChart(_RowChart):
    """One bar per chain, best first; chains above the cut in blue; a dashed line at the cut."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ranking: Ranking | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_ranking(self, ranking: Ranking) -> None:
        self.ranking = ranking
        self.setMinimumHeight(ROW * len(ranking.rows) + 30)
        self.update()

    def paintEvent(self, event) -> None:
        if self.ranking is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = (
            max((metrics.horizontalAdvance(r.chain.name) for r in self.ranking.rows), default=0)
            + 12
        )
        chart_width = max(self.width() - label_width - 60, 10)
        last_above = None
        for index, row in enumerate(self.ranking.rows):
            top = 8 + index * ROW
            self._label(painter, top, label_width, row.chain.name)
            bar = QRectF(label_width, top + 3, chart_width * max(row.score, 0) / 100, ROW - 6)
            painter.fillRect(bar, ABOVE if row.above_cut else BELOW)
            painter.drawText(
                QRectF(bar.right() + 4, top, 56, ROW),
                Qt.AlignmentFlag.AlignVCenter,
                f"{row.score:.1f}",
            )
            if row.above_cut:
                last_above = index
        if last_above is not None and last_above < len(self.ranking.rows) - 1:
            y = 8 + (last_above + 1) * ROW
            pen = QPen(QColor("#c0392b"), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(0, y, self.width(), y)
            painter.drawText(
                QRectF(self.width() - 66, y - ROW, 60, ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                "corte",
            )
        painter.end()


class SensitivityChart(_RowChart):
    """For each criterion, the range of weights (0-100 %) that keeps the list, and the current
    weight as a mark."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = []
        self.setMinimumHeight(120)

    def show_rows(self, rows) -> None:
        self.rows = rows
        self.setMinimumHeight(ROW * len(rows) + 40)
        self.update()

    def paintEvent(self, event) -> None:
        if not self.rows:
            return
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        label_width = max(metrics.horizontalAdvance(r.criterion.name) for r in self.rows) + 12
        width = max(self.width() - label_width - 20, 10)
        for index, row in enumerate(self.rows):
            top = 8 + index * ROW
            self._label(painter, top, label_width, row.criterion.name)
            painter.fillRect(QRectF(label_width, top + ROW / 2 - 1, width, 2), BELOW)
            painter.fillRect(
                QRectF(
                    label_width + width * row.low,
                    top + 4,
                    max(width * (row.high - row.low), 2),
                    ROW - 8,
                ),
                ABOVE,
            )
            painter.setPen(QPen(QColor("#c0392b"), 3))
            x = label_width + width * row.weight
            painter.drawLine(int(x), top + 2, int(x), top + ROW - 2)
        y = 8 + len(self.rows) * ROW + 4
        painter.setPen(self.palette().text().color())
        for tick in range(0, 101, 25):
            x = label_width + width * tick / 100
            painter.drawText(QRectF(x - 20, y, 40, 14), Qt.AlignmentFlag.AlignCenter, f"{tick} %")
        painter.end()
