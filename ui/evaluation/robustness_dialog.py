"""How robust a call's result is: the verdict line of each category, the cuadros de mérito
without each evaluator and with the other consolidation, each evaluator's severity (a table and
a chart) and the margin at each cut. The figures are the acta's annex
(:func:`procompite.evaluation.robustness.robustness_record`)."""

from PySide6.QtCore import QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from procompite.documents.robustness_rows import (
    MARGIN_HEADERS,
    SCENARIO_HEADERS,
    SEVERITY_HEADERS,
    margin_rows,
    scenario_rows,
    severity_rows,
)
from ui.widgets.forms import RememberedDialog, close_only

HARSH, LENIENT = QColor("#b5523b"), QColor("#2f6690")


def _table(parent: QWidget, headers: list[str], rows: list[list[str]], numeric=()) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if column in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class SeverityChart(QWidget):
    """Each evaluator's average deviation as a bar from a zero line: left harsher, right more
    lenient than the others."""

    ROW = 26

    def __init__(self, rows: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = [(row["evaluador"], float(row["desviacion_promedio"] or 0)) for row in rows]
        self.setMinimumHeight(self.ROW * len(self.rows) + 12)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label = min(260, self.width() // 3)
        half = (self.width() - label - 80) / 2
        zero = label + 40 + half
        largest = max((abs(value) for _, value in self.rows), default=0) or 1
        for number, (name, value) in enumerate(self.rows):
            top = 6 + number * self.ROW
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, top, label - 8, self.ROW - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            length = half * abs(value) / largest
            start = zero - length if value < 0 else zero
            painter.fillRect(
                QRectF(start, top + 4, length, self.ROW - 14), HARSH if value < 0 else LENIENT
            )
            text_box = (
                QRectF(start - 70, top, 66, self.ROW - 6)
                if value < 0
                else QRectF(start + length + 4, top, 70, self.ROW - 6)
            )
            align = Qt.AlignmentFlag.AlignRight if value < 0 else Qt.AlignmentFlag.AlignLeft
            painter.drawText(text_box, align | Qt.AlignmentFlag.AlignVCenter, f"{value:.2f}")
        painter.setPen(QColor("#7a8793"))
        painter.drawLine(int(zero), 2, int(zero), self.height() - 2)
        painter.end()


class RobustnessDialog(RememberedDialog):
    geometry_key = "dialogs/robustness"

    def __init__(self, settings: QSettings, record: dict, parent: QWidget | None = None):
        super().__init__(settings, parent)
        self.setWindowTitle(f"Solidez del resultado — {record['nombre']}")
        if not settings.value(self.geometry_key):
            self.resize(1100, 640)
        layout = QVBoxLayout(self)
        lead = QLabel(
            f"Con las calificaciones enviadas de los {record['planes_decididos']} planes "
            f"decididos, consolidadas por {record['consolidacion']}. Es el anexo del acta.",
            self,
        )
        lead.setWordWrap(True)
        layout.addWidget(lead)
        self.verdicts = QLabel(
            record["mensaje"]
            or "<br>".join(f"<b>{v['nombre']}:</b> {v['texto']}" for v in record["veredictos"]),
            self,
        )
        self.verdicts.setWordWrap(True)
        self.verdicts.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.verdicts)
        self.tabs = QTabWidget(self)
        if not record["mensaje"]:
            self._fill(record)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close_only(buttons)
        layout.addWidget(buttons)

    def _fill(self, record: dict) -> None:
        self.scenarios = _table(
            self,
            SCENARIO_HEADERS,
            scenario_rows(record),
        )
        self.tabs.addTab(self.scenarios, "Cuadros alternativos")
        severity = QWidget(self)
        box = QVBoxLayout(severity)
        self.severity = _table(
            severity,
            SEVERITY_HEADERS,
            severity_rows(record),
            numeric=(1, 2, 3, 4),
        )
        note = QLabel(
            "En cada plan, el total del evaluador menos el promedio de los demás: negativo, más "
            "severo; positivo, más benévolo.",
            severity,
        )
        note.setWordWrap(True)
        box.addWidget(note)
        box.addWidget(self.severity)
        box.addWidget(SeverityChart(record["severidad"], severity), 1)
        self.tabs.addTab(severity, "Severidad de los evaluadores")
        cut = QWidget(self)
        box = QVBoxLayout(cut)
        note = QLabel(
            "La diferencia de puntaje final entre el último ganador y el primer accesitario de "
            "cada categoría, y los puntos que un solo evaluador tendría que cambiar en sus "
            "calificaciones (subiendo las del accesitario o bajando las del ganador) para que "
            "el accesitario lo supere.",
            cut,
        )
        note.setWordWrap(True)
        box.addWidget(note)
        self.margins = _table(cut, MARGIN_HEADERS, margin_rows(record), numeric=(3,))
        box.addWidget(self.margins, 1)
        self.tabs.addTab(cut, "Margen en el corte")
