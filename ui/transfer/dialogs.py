"""Import and export from the window: choosing files, running the work, showing the outcome."""

from dataclasses import dataclass

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column


@dataclass(frozen=True)
class ProblemRow:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class SummaryRow:
    entity: str
    created: int
    updated: int
    unchanged: int
    removed: int


PROBLEM_COLUMNS = (
    Column("Hoja", lambda r: r.sheet),
    Column(
        "Fila",
        lambda r: "" if r.row is None else str(r.row),
        sort_key=lambda r: r.row or 0,
        numeric=True,
    ),
    Column("Columna", lambda r: r.column),
    Column("Problema", lambda r: r.message),
)
SUMMARY_COLUMNS = (
    Column("Registros", lambda r: r.entity),
    Column("Creados", lambda r: str(r.created), sort_key=lambda r: r.created, numeric=True),
    Column("Actualizados", lambda r: str(r.updated), sort_key=lambda r: r.updated, numeric=True),
    Column("Sin cambios", lambda r: str(r.unchanged), sort_key=lambda r: r.unchanged, numeric=True),
    Column("Reemplazados", lambda r: str(r.removed), sort_key=lambda r: r.removed, numeric=True),
)


def _problem_rows(problems) -> list[ProblemRow]:
    return [ProblemRow(p.sheet or "", p.row, p.column or "", p.message) for p in problems]


class ImportResultDialog(QDialog):
    """Either every problem of a rejected file, or what the import created and updated."""

    def __init__(self, result, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Resultado de la importación")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        if result.ok:
            verb = "se importaría" if result.dry_run else "se importó"
            heading = f"«{file_name}»: {verb} sin errores."
            if result.dry_run:
                heading += " Simulación: no se guardó nada."
        else:
            heading = (
                f"«{file_name}» no se importó: no se guardó nada. Corrija estos "
                f"{len(result.problems)} problemas y vuelva a importar."
            )
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("problems" if not result.ok else "figures")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        if result.ok:
            self.summary = RecordList(SUMMARY_COLUMNS, "Filtrar…", self)
            self.summary.set_records(
                [
                    SummaryRow(entity, c.created, c.updated, c.unchanged, c.removed)
                    for entity, c in result.summary.items()
                ]
            )
            layout.addWidget(self.summary, 1)
        listed = result.problems if not result.ok else result.warnings
        self.problems = RecordList(PROBLEM_COLUMNS, "Filtrar problemas…", self)
        self.problems.set_records(_problem_rows(listed))
        if listed:
            if result.ok:
                layout.addWidget(QLabel("Avisos (no impiden la importación):", self))
            layout.addWidget(self.problems, 2)
            copy = QPushButton("Copiar la lista", self)
            copy.clicked.connect(
                lambda: QGuiApplication.clipboard().setText("\n".join(str(p) for p in listed))
            )
            layout.addWidget(copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
