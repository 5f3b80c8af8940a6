"""The funded plans at a glance (:class:`procompite.followup.picture.Summary`): the survival
rate, money executed against awarded, sales and jobs before, after and projected, in lines of
text and in a bar chart where each group of bars shares its own scale."""

from fractions import Fraction
from html import escape

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from procompite.common.money import format_soles
from procompite.followup.picture import Summary, percent

BEFORE, AFTER, PROJECTED = QColor("#9fb6d4"), QColor("#2f6690"), QColor("#d9a441")
AWARDED, EXECUTED = QColor("#9fb6d4"), QColor("#1e7b34")
Bar = tuple[str, int, str, QColor]  # label, value, its text, colour


def _plans(count: int) -> str:
    return "1 plan" if count == 1 else f"{count} planes"


def chart_groups(summary: Summary) -> list[tuple[str, list[Bar]]]:
    """The chart's groups of bars; a group without data is left out."""
    groups = [
        (
            "Dinero de PROCOMPITE",
            [
                ("Asignado", summary.awarded_cents, format_soles(summary.awarded_cents), AWARDED),
                (
                    "Comprado",
                    summary.executed_cents,
                    format_soles(summary.executed_cents),
                    EXECUTED,
                ),
            ],
        )
    ]
    colours = (BEFORE, AFTER, PROJECTED)
    names = ("Antes", "Después", "Proyectado")
    if summary.sales_plans:
        groups.append(
            (
                f"Ventas del año ({_plans(summary.sales_plans)})",
                [
                    (name, value, format_soles(value), colour)
                    for name, value, colour in zip(names, summary.sales, colours, strict=True)
                ],
            )
        )
    if summary.jobs_plans:
        groups.append(
            (
                f"Empleos directos ({_plans(summary.jobs_plans)})",
                [
                    (name, value, f"{value:,}", colour)
                    for name, value, colour in zip(names, summary.jobs, colours, strict=True)
                ],
            )
        )
    return groups


def summary_html(summary: Summary) -> str:
    """The lines beside the chart: what the bars do not say."""
    survival = (
        f"{percent(summary.survival)} ({summary.operating} de {summary.visited} AEO visitados "
        "siguen funcionando)"
        if summary.visited
        else "sin visitas registradas aún"
    )
    executed = Fraction(summary.executed_cents, summary.awarded_cents or 1)
    lines = [
        f"<b>{escape(summary.label)}</b>",
        f"<b>Supervivencia:</b> {survival}",
        f"<b>Planes financiados:</b> {summary.funded} · con convenio {summary.with_agreement} "
        f"· liquidados {summary.closed}",
        f"<b>Comprado con PROCOMPITE:</b> {percent(executed)} de lo asignado",
    ]
    if summary.sales_plans or summary.jobs_plans:
        lines.append(
            "Ventas y empleos: antes (línea de base del convenio), después (última visita) y "
            "lo proyectado en el plan, sumando los planes que tienen las tres cifras."
        )
    else:
        lines.append("Ventas y empleos: aún sin visitas que los midan.")
    return "<br>".join(lines)


class SummaryChart(QWidget):
    """Horizontal bars in groups; each group is scaled to its largest bar."""

    ROW = 18
    HEAD = 20

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.groups: list[tuple[str, list[Bar]]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_groups(self, groups: list[tuple[str, list[Bar]]]) -> None:
        self.groups = groups
        height = sum(self.HEAD + self.ROW * len(bars) for _, bars in groups) + 6
        self.setMinimumHeight(height)
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        label = 82
        room = max(self.width() - label - 120, 20)
        top = 2
        for title, bars in self.groups:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#1f3b57"))
            painter.drawText(
                QRectF(0, top, self.width(), self.HEAD), Qt.AlignmentFlag.AlignVCenter, title
            )
            font.setBold(False)
            painter.setFont(font)
            top += self.HEAD
            largest = max((value for _, value, _, _ in bars), default=0) or 1
            for name, value, shown, colour in bars:
                painter.setPen(text)
                painter.drawText(
                    QRectF(0, top, label - 6, self.ROW),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    name,
                )
                length = room * max(value, 0) / largest
                painter.fillRect(QRectF(label, top + 3, length, self.ROW - 6), colour)
                painter.drawText(
                    QRectF(label + length + 4, top, 116, self.ROW),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    shown,
                )
                top += self.ROW
        painter.end()


class SummaryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.chart = SummaryChart(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.chart, 1)

    def show_summary(self, summary: Summary | None) -> None:
        self.summary = summary
        if summary is None:
            self.text.setText("")
            self.chart.set_groups([])
            return
        self.text.setText(summary_html(summary))
        self.chart.set_groups(chart_groups(summary))
