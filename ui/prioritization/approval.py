"""The dialog that approves a prioritisation with its date, approving document and signatories."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QWidget
from sqlite_utils import Database

from procompite.prioritization.signatories import (
    CONCERTATION,
    Signatory,
    load_signatories,
    save_signatories,
)
from ui.widgets.edit_table import GridColumn, TextGrid
from ui.widgets.forms import GridPanel, accept_buttons, attempt, problems_label

SIGNATORY_COLUMNS = (
    GridColumn("Nombre", "name", 200),
    GridColumn("DNI", "dni", 90),
    GridColumn("Institución", "institution", 290),
    GridColumn("Cargo", "role", 140),
)


def signatory_rows(signatories: list[Signatory]) -> list[dict[str, str]]:
    """The grid's rows: the stored signatories, or the institutions of the concertation space
    with their roles and the names to be written."""
    if not signatories:
        return [{"institution": institution, "role": role} for institution, role in CONCERTATION]
    return [
        {"name": s.name, "dni": s.dni, "institution": s.institution, "role": s.role}
        for s in signatories
    ]


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class ApprovalDialog(QDialog):
    """Date, document and the signatories of the approval. On «Aprobar» the signatories are
    stored in the draft (they stay there if the approval is then refused); the exercise comes
    from ``db`` and ``exercise_id`` or else from the prioritisation screen that opens it."""

    def __init__(
        self,
        above_cut: list[str],
        parent=None,
        *,
        db: Database | None = None,
        exercise_id: int | None = None,
    ):
        super().__init__(parent)
        if db is None and getattr(parent, "exercise", None) is not None:
            db, exercise_id = parent.repository.db, parent.exercise.record["id"]
        self.db = db
        self.exercise_id = exercise_id
        self.setWindowTitle("Aprobar la priorización")
        self.approved_on = QDateEdit(QDate.currentDate(), self)
        self.approved_on.setCalendarPopup(True)
        self.approved_on.setDisplayFormat("dd/MM/yyyy")
        self.approved_on.setMaximumDate(QDate.currentDate())
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText("Acta o resolución, p. ej. Acta N.° 003-2026-ARD")
        self.signatories = TextGrid(SIGNATORY_COLUMNS, self)
        stored = load_signatories(db, exercise_id) if db is not None else []
        self.signatories.grid.set_rows(signatory_rows(stored))
        self.problems = problems_label(self)
        form = QFormLayout(self)
        form.addRow(
            _note(
                "Al aprobar, los criterios, pesos, valores, resultados y firmantes quedan "
                f"congelados. Cadenas sobre el corte ({len(above_cut)}): "
                + ", ".join(above_cut)
                + ".",
                self,
            )
        )
        form.addRow("Fecha de aprobación", self.approved_on)
        form.addRow("Documento que aprueba", self.reference)
        form.addRow(
            _note(
                "Firmantes del espacio de concertación, en el orden en que firman (el DNI es "
                "opcional). El informe imprime sus nombres bajo cada línea de firma.",
                self,
            )
        )
        form.addRow(GridPanel(self.signatories, "firmante", self))
        form.addRow(self.problems)
        buttons = accept_buttons(self, self.approve, "Aprobar")
        form.addRow(buttons)
        self.resize(760, 480)

    def signatory_values(self) -> list[Signatory]:
        """The signatories typed in the grid; a row left empty is not one."""
        signatories = []
        for row in self.signatories.grid.items():
            cells = {
                column.key: (row.get(column.key) or "").strip() for column in SIGNATORY_COLUMNS
            }
            if any(cells.values()):
                signatories.append(
                    Signatory(cells["name"], cells["institution"], cells["role"], cells["dni"])
                )
        return signatories

    def approve(self) -> None:
        """Store the signatories in the draft, then close to approve; a problem keeps it open."""
        if self.db is not None and not attempt(
            self.problems,
            lambda: save_signatories(self.db, self.exercise_id, self.signatory_values()),
            "Firmantes",
        ):
            return
        self.accept()

    def values(self) -> tuple[date, str]:
        return self.approved_on.date().toPython(), self.reference.text()
