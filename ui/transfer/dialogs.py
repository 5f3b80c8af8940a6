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


CHANGE_COLUMNS = (
    Column("Hoja", lambda c: c.sheet),
    Column("Fila", lambda c: str(c.row), sort_key=lambda c: c.row, numeric=True),
    Column("Registro", lambda c: c.record),
    Column("Campo", lambda c: c.field),
    Column("Antes", lambda c: c.before),
    Column("Después", lambda c: c.after),
)
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
    """Either every problem of a rejected file, or what the import created and updated, with
    each stored value it replaces (before → after).

    With ``confirm``, the result is the preview of a file not yet imported: when it changes
    something, «Importar» calls ``confirm`` and «Cancelar» leaves everything as it was.
    """

    def __init__(self, result, file_name: str, parent: QWidget | None = None, confirm=None):
        super().__init__(parent)
        self.setWindowTitle(
            "Importar: revise los cambios" if confirm else "Resultado de la importación"
        )
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        asking = bool(confirm and result.ok and result.changed)
        if asking:
            heading = (
                f"«{file_name}» no tiene errores. Revise lo que cambiará y pulse «Importar»; "
                "aún no se guardó nada. Una celda vacía conserva el valor guardado; una celda "
                "con «-» lo borra."
            )
        elif result.ok and not result.changed:
            heading = f"«{file_name}»: sin errores y sin cambios; la base de datos queda igual."
        elif result.ok:
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
            self.summary.filter_edit.hide()
            self.summary.count_label.hide()
            rows = self.summary.model.rowCount()
            self.summary.table.setMinimumHeight(
                self.summary.table.horizontalHeader().sizeHint().height()
                + rows * self.summary.table.verticalHeader().defaultSectionSize()
                + 4
            )
            layout.addWidget(self.summary, 0)
        self.changes = RecordList(CHANGE_COLUMNS, "Filtrar cambios…", self)
        self.changes.set_records(list(result.changes) if result.ok else [])
        if result.ok and result.changes:
            verb = "Cambiarán" if asking or result.dry_run else "Cambiaron"
            layout.addWidget(
                QLabel(f"{verb} estos valores guardados ({len(result.changes)}):", self)
            )
            layout.addWidget(self.changes, 2)
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
        buttons = QDialogButtonBox(self)
        if asking:
            self.import_button = buttons.addButton(
                "Importar", QDialogButtonBox.ButtonRole.AcceptRole
            )
            buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
            buttons.accepted.connect(self.accept)
            self.accepted.connect(confirm)
        else:
            buttons.addButton("Cerrar", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
