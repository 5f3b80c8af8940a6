"""The prioritisation screen's read-mostly panels: criteria, values grid, sensitivity, AHP."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from procompite.common.parsing import ParseError, parse_decimal
from procompite.prioritization.ahp import CR_LIMIT, MatrixError, ahp, complete_from_upper
from procompite.prioritization.editing import (
    DIRECTION_LABELS,
    KIND_LABELS,
    NORMALIZATION_LABELS,
)
from procompite.prioritization.exercises import Exercise
from ui.prioritization.chart import SensitivityChart
from ui.widgets.edit_table import GridColumn, TextGrid
from ui.widgets.forms import GridPanel
from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column

SENSITIVITY_COLUMNS = (
    Column("Criterio", lambda r: r.criterion.name),
    Column(
        "Peso actual",
        lambda r: f"{r.weight * 100:.1f} %",
        sort_key=lambda r: r.weight,
        numeric=True,
    ),
    Column(
        "Puede bajar hasta",
        lambda r: f"{r.low * 100:.1f} %",
        sort_key=lambda r: r.low,
        numeric=True,
    ),
    Column(
        "Puede subir hasta",
        lambda r: f"{r.high * 100:.1f} %",
        sort_key=lambda r: r.high,
        numeric=True,
    ),
    Column("Si baja más", lambda r: r.change_down),
    Column("Si sube más", lambda r: r.change_up),
)


CRITERIA_GRID = (
    GridColumn("Criterio", "name", 200),
    GridColumn("Tipo", "kind", 110, choices=tuple(KIND_LABELS.values())),
    GridColumn("Peso (%)", "weight", 70, numeric=True),
    GridColumn("Escala mín.", "scale_min", 80, numeric=True),
    GridColumn("Escala máx.", "scale_max", 80, numeric=True),
    GridColumn("Unidad", "unit", 80),
    GridColumn("Dirección", "direction", 110, choices=tuple(DIRECTION_LABELS.values())),
    GridColumn("Normalización", "normalization", 110, choices=tuple(NORMALIZATION_LABELS.values())),
    GridColumn("Descripción", "description", 200),
    GridColumn("Fuente del dato", "source_note", 260),
)


def _number(value) -> str:
    return "" if value is None else f"{value:g}"


def _weight(value, as_share: bool) -> str:
    """A stored weight as the user reads it: a share of one shows as a percentage with two
    decimals (``0.350913`` -> ``35.09``); weights typed in any other scale show as typed."""
    if value is None:
        return ""
    return f"{value * 100:.2f}" if as_share else f"{value:g}"


# Percentages shown with two decimals may add up to 100 ± a few hundredths.
ROUNDING = 0.05


class CriteriaPanel(QWidget):
    """Criteria with typed weights: their sum is shown and can be normalised to 100 %."""

    save_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = TextGrid(CRITERIA_GRID, self)
        self.panel = GridPanel(self.grid, "criterio", self)
        self.grid.grid.edited.connect(self._update_sum)
        self.sum_label = QLabel(self)
        self.normalize_button = QPushButton("Normalizar los pesos a 100 %", self)
        self.normalize_button.clicked.connect(self.normalize)
        self.save_button = QPushButton("Guardar criterios", self)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.grid.grid.rows))
        row = QHBoxLayout()
        for widget in (self.sum_label, self.normalize_button, self.save_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(row)

    def show_exercise(self, exercise: Exercise) -> None:
        stored = [r["weight"] for r in exercise.criterion_rows if r["weight"] is not None]
        as_share = bool(stored) and abs(sum(stored) - 1) < 1e-6
        self.grid.grid.set_rows(
            {
                "id": str(r["id"]),
                "name": r["name"],
                "kind": KIND_LABELS[r["kind"]],
                "weight": _weight(r["weight"], as_share),
                "scale_min": _number(r["scale_min"]),
                "scale_max": _number(r["scale_max"]),
                "unit": r["unit"],
                "direction": DIRECTION_LABELS[r["direction"]],
                "normalization": NORMALIZATION_LABELS[r["normalization"]],
                "description": r["description"],
                "source_note": r["source_note"],
            }
            for r in exercise.criterion_rows
        )
        editable = not exercise.approved
        for widget in (self.panel, self.normalize_button, self.save_button):
            widget.setEnabled(editable)

    def _weights(self) -> list[float | None]:
        weights = []
        for row in self.grid.grid.rows:
            try:
                weights.append(float(parse_decimal(row.get("weight") or "")))
            except ParseError:
                weights.append(None)
        return weights

    def _update_sum(self) -> None:
        weights = [w for w in self._weights() if w is not None]
        total = sum(weights)
        if abs(total - 100) < ROUNDING:
            total = 100
        self.sum_label.setText(
            f"Suma de pesos: {total:g}"
            + ("" if total == 100 or abs(total - 1) < 1e-9 else " (no suma 100)")
        )

    def normalize(self) -> None:
        weights = self._weights()
        total = sum(w for w in weights if w is not None)
        if total <= 0:
            return
        rows = [dict(row) for row in self.grid.grid.rows]
        for row, weight in zip(rows, weights, strict=True):
            if weight is not None:
                row["weight"] = f"{100 * weight / total:.2f}"
        self.grid.grid.set_rows(rows)


class ValuesGrid(QTableWidget):
    """Chains × criteria; Ctrl+V pastes a block copied from a spreadsheet at the current cell."""

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and self.editTriggers():
            self.paste(QGuiApplication.clipboard().text())
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> None:
        row0, column0 = max(self.currentRow(), 0), max(self.currentColumn(), 0)
        lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
        for offset, line in enumerate(lines):
            for step, value in enumerate(line.split("\t")):
                row, column = row0 + offset, column0 + step
                if row < self.rowCount() and column < self.columnCount():
                    self.item(row, column).setText(value.strip())


class ValuesPanel(QWidget):
    """The values grid; an empty cell is a missing value (never a zero)."""

    save_requested = Signal(object)
    export_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = ValuesGrid(self)
        self.save_button = QPushButton("Guardar valores", self)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.cells()))
        self.export_button = QPushButton("Exportar a Excel…", self)
        self.export_button.clicked.connect(self.export_requested.emit)
        self.import_button = QPushButton("Importar desde Excel…", self)
        self.import_button.clicked.connect(self.import_requested.emit)
        note = QLabel(
            "Escriba o pegue (Ctrl+V) desde una hoja de cálculo. Sí / No en los criterios de sí o "
            "no; celda vacía = sin dato (se aplica la política de datos faltantes del ejercicio).",
            self,
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.save_button, self.export_button, self.import_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.grid, 1)
        layout.addLayout(row)
        self.keys: list[list[tuple[int, int]]] = []

    def show_exercise(self, exercise: Exercise) -> None:
        grid = self.grid
        grid.clear()
        grid.setRowCount(len(exercise.chains))
        grid.setColumnCount(len(exercise.criteria))
        grid.setHorizontalHeaderLabels([c.name for c in exercise.criteria])
        grid.setVerticalHeaderLabels([chain.name for chain in exercise.chains])
        self.keys = []
        for row, chain in enumerate(exercise.chains):
            keys = []
            for column, criterion in enumerate(exercise.criteria):
                value = exercise.values.get((criterion.id, chain.id))
                shown = (
                    ""
                    if value is None
                    else (("Sí" if value else "No") if criterion.kind == "flag" else f"{value:g}")
                )
                grid.setItem(row, column, QTableWidgetItem(shown))
                keys.append((criterion.id, chain.id))
            self.keys.append(keys)
        grid.resizeColumnsToContents()
        editable = not exercise.approved
        grid.setEditTriggers(
            QTableWidget.EditTrigger.AllEditTriggers
            if editable
            else QTableWidget.EditTrigger.NoEditTriggers
        )
        self.save_button.setEnabled(editable)
        self.import_button.setEnabled(editable)

    def cells(self) -> dict[tuple[int, int], str]:
        return {
            key: self.grid.item(row, column).text()
            for row, keys in enumerate(self.keys)
            for column, key in enumerate(keys)
        }


class SensitivityPanel(RecordList):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(SENSITIVITY_COLUMNS, "Filtrar criterios…", parent)
        self.note = QLabel(
            "Cuánto puede moverse el peso de cada criterio (los demás se reescalan) antes de que "
            "cambie el conjunto de cadenas sobre el corte.",
            self,
        )
        self.note.setWordWrap(True)
        self.layout().insertWidget(0, self.note)
        self.chart = SensitivityChart(self)
        self.layout().addWidget(self.chart)

    def show_exercise(self, exercise: Exercise) -> None:
        rows = exercise.sensitivity()
        self.set_records(rows)
        self.chart.show_rows(rows)


class AhpPanel(QWidget):
    """Saaty's matrix: the upper triangle is typed, the reciprocals are filled, CR is live."""

    use_weights = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(self)
        self.table.itemChanged.connect(self._changed)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.apply_button = QPushButton("Usar estos pesos", self)
        self.apply_button.clicked.connect(self._apply)
        self.weights: list[float] = []
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Escala de Saaty (1 = igual importancia, 3 moderada, 5 fuerte, 7 muy fuerte, "
                "9 extrema; 1/3, 1/5… si la columna es más importante). Escriba solo el triángulo "
                "superior.",
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(row)

    def show_exercise(self, exercise: Exercise) -> None:
        self.exercise = exercise
        names = [c.name for c in exercise.criteria]
        index = {c.id: i for i, c in enumerate(exercise.criteria)}
        upper = {
            (index[a], index[b]): v
            for (a, b), v in exercise.comparisons.items()
            if a in index and b in index
        }
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setRowCount(len(names))
        self.table.setColumnCount(len(names))
        self.table.setHorizontalHeaderLabels(names)
        self.table.setVerticalHeaderLabels(names)
        for i in range(len(names)):
            for j in range(len(names)):
                value = 1.0 if i == j else upper.get((i, j)) if i < j else None
                item = QTableWidgetItem("" if value is None else _fraction(value))
                if i >= j:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setBackground(self.palette().alternateBase())
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self.apply_button.setEnabled(not exercise.approved)
        self._changed()

    def _upper(self) -> dict[tuple[int, int], float]:
        upper = {}
        size = self.table.rowCount()
        for i in range(size):
            for j in range(i + 1, size):
                text_value = (self.table.item(i, j).text() if self.table.item(i, j) else "").strip()
                if not text_value:
                    continue
                top, _, bottom = text_value.partition("/")
                upper[(i, j)] = float(top) / float(bottom or 1)
        return upper

    def _changed(self, *_args) -> None:
        size = self.table.rowCount()
        try:
            upper = self._upper()
        except (ValueError, ZeroDivisionError):
            self.result_label.setText("Hay una celda que no es un número (use 3, 1/5 o 0.2).")
            return
        missing = size * (size - 1) // 2 - len(upper)
        self.table.blockSignals(True)
        for (i, j), value in upper.items():
            self.table.item(j, i).setText(_fraction(1 / value))
        self.table.blockSignals(False)
        if missing or size < 2:
            self.weights = []
            self.result_label.setText(f"Faltan {missing} comparaciones.")
            self.apply_button.setEnabled(False)
            return
        names = [c.name for c in self.exercise.criteria]
        try:
            result = ahp(complete_from_upper(upper, size), names=names)
        except MatrixError as error:
            self.weights = []
            self.result_label.setText(str(error))
            self.apply_button.setEnabled(False)
            return
        self.weights = result.weights
        text_weights = ", ".join(
            f"{n}: {w * 100:.1f} %" for n, w in zip(names, result.weights, strict=True)
        )
        verdict = (
            f"CR = {result.cr:.3f} (consistente)"
            if result.consistent
            else f"⚠ CR = {result.cr:.3f}: supera {CR_LIMIT:.2f}. Revise: "
            + "; ".join(
                f"{names[w.row]} frente a {names[w.column]} (puso {_fraction(w.given)}, "
                f"el resto sugiere {w.implied:.2f})"
                for w in result.worst
            )
        )
        self.result_label.setText(f"Pesos: {text_weights}. {verdict}")
        self.apply_button.setEnabled(not self.exercise.approved)

    def _apply(self) -> None:
        if self.weights:
            self.use_weights.emit(self.weights)


def _fraction(value: float) -> str:
    if value >= 1:
        return f"{value:g}"
    inverse = 1 / value
    return f"1/{round(inverse)}" if abs(inverse - round(inverse)) < 1e-6 else f"{value:.3g}"
