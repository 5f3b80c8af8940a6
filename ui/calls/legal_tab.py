"""The «Base legal y recursos» tab of the convocatoria editor: the norms its acts cite, the city
where they are signed, and how and in how many working days a result can be appealed."""

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from procompite.calls.legal import LEGAL_FIELDS, LegalTerms
from ui.widgets.edit_table import GridColumn, TextGrid
from ui.widgets.forms import GridPanel

NORM_COLUMNS = (
    GridColumn("Norma (número)", "number", 300),
    GridColumn("Título", "title", 620),
)


class LegalTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        note = QLabel(
            "Cada dictamen, acta y resolución de la convocatoria cita estas normas y dice cómo y "
            "hasta qué día puede impugnarse; el plazo se cuenta en días hábiles (sin sábados, "
            "domingos ni feriados nacionales) desde el día siguiente de la notificación.",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.norms = TextGrid(NORM_COLUMNS, self)
        layout.addWidget(GridPanel(self.norms, "norma", self), 1)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in LEGAL_FIELDS.items():
            field = QLineEdit(self)
            field.setObjectName(key)
            self.fields[key] = field
            form.addRow(label, field)
        layout.addLayout(form)

    def show_terms(self, terms: LegalTerms) -> None:
        self.norms.grid.set_rows(
            {"number": norm.number, "title": norm.title} for norm in terms.norms
        )
        for key, field in self.fields.items():
            field.setText(str(getattr(terms, key)))

    def raw(self) -> dict:
        norms = [
            {"number": (row.get("number") or "").strip(), "title": (row.get("title") or "").strip()}
            for row in self.norms.grid.items()
            if (row.get("number") or "").strip() or (row.get("title") or "").strip()
        ]
        return {"norms": norms} | {key: field.text() for key, field in self.fields.items()}
