"""A horizontal bar chart of chain scores with the cut drawn as a line, painted with Qt."""

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from procompite.prioritization.methods import Ranking

ABOVE = QColor("#2f6690")
BELOW = QColor("#b8c4cf")
ROW = 20


class ScoreChart(QWidget):
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
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, top, label_width - 6, ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                row.chain.name,
            )
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
                QRectF(label_width, y, 200, ROW), Qt.AlignmentFlag.AlignVCenter, "corte"
            )
        painter.end()
