"""The dialog that approves a prioritisation with its date and approving document."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit

from ui.widgets.forms import accept_buttons


class ApprovalDialog(QDialog):
    def __init__(self, above_cut: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Aprobar la priorización")
        self.approved_on = QDateEdit(QDate.currentDate(), self)
        self.approved_on.setCalendarPopup(True)
        self.approved_on.setDisplayFormat("dd/MM/yyyy")
        self.approved_on.setMaximumDate(QDate.currentDate())
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText("Acta o resolución, p. ej. Acta N.° 003-2026-ARD")
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                "Al aprobar, los criterios, pesos, valores y resultados quedan congelados. Cadenas "
                f"sobre el corte ({len(above_cut)}): " + ", ".join(above_cut) + ".",
                self,
            )
        )
        form.addRow("Fecha de aprobación", self.approved_on)
        form.addRow("Documento que aprueba", self.reference)
        buttons = accept_buttons(self, self.accept, "Aprobar")
        form.addRow(buttons)

    def values(self) -> tuple[date, str]:
        return self.approved_on.date().toPython(), self.reference.text()
