"""The AEO form: identification, location, representative, and the padrón de socios."""

from datetime import date

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.dates import format_short
from procompite.common.errors import ValidationError
from procompite.common.money import format_soles
from procompite.common.parsing import rows_with_problems
from procompite.plans.summary import shared_members
from procompite.registry.form_rows import member_from_cells, organization_from_cells
from procompite.registry.issued import issued_notice, issued_numbers
from procompite.registry.organizations import load_organization, save_organization
from procompite.registry.padron import padron_figures, youth_age_under
from procompite.registry.validation import AEO_CATEGORIES, LEGAL_FORMS
from ui.widgets.edit_table import GridColumn, TextGrid
from ui.widgets.forms import (
    GridPanel,
    RecordDialog,
    accept_buttons,
    choice_combo,
    problems_label,
    select_value,
    show_problems,
)

MEMBER_COLUMNS = (
    GridColumn("DNI", "dni", 90),
    GridColumn("Nombres", "first_names", 150),
    GridColumn("Apellidos", "last_names", 170),
    GridColumn("Sexo (F/M)", "sex", 80),
    GridColumn("Fecha de nacimiento", "birth_date", 130),
    GridColumn("Cargo", "role", 110),
    GridColumn("Fecha de ingreso", "joined_on", 120),
)
TEXT_FIELDS = (
    ("name", "Nombre"),
    ("ruc", "RUC"),
    ("registry_entry", "Partida registral"),
    ("address", "Dirección"),
    ("representative_name", "Representante legal"),
    ("representative_dni", "DNI del representante"),
    ("phone", "Teléfono"),
    ("email", "Correo"),
)


def member_cells(member: dict) -> dict[str, str]:
    return {
        "dni": member["dni"],
        "first_names": member["first_names"],
        "last_names": member["last_names"],
        "sex": member["sex"],
        "birth_date": format_short(member["birth_date"]),
        "role": member["role"],
        "joined_on": format_short(member["joined_on"]),
    }


class OrganizationDialog(RecordDialog):
    """Create or edit an AEO; emits ``saved`` with its id after a successful save."""

    geometry_key = "dialogs/organization"

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        organization_id: int | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ):
        title = "Agente económico organizado" if organization_id is None else "Editar AEO"
        super().__init__(db, settings, title, parent)
        self.organization_id = organization_id
        self.today = today or date.today()
        self.youth_under = youth_age_under(db)
        self.resize(980, 700)
        self._build()
        if organization_id is not None:
            self._load(organization_id)
        self._update_figures()
        self.watch_changes()

    def _build(self) -> None:
        self.fields: dict[str, QLineEdit] = {}
        form = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        for position, (key, label) in enumerate(TEXT_FIELDS):
            edit = QLineEdit(self)
            edit.setObjectName(key)
            self.fields[key] = edit
            (left if position < 4 else right).addRow(label, edit)
        self.legal_form = choice_combo([(f, f) for f in LEGAL_FORMS], self, empty="")
        self.category = choice_combo([(c, c) for c in AEO_CATEGORIES], self, empty="")
        self.constituted_on = QLineEdit(self)
        self.constituted_on.setPlaceholderText("dd/mm/aaaa")
        self.district = choice_combo(self.repository.district_choices(), self, empty="")
        self.chain = choice_combo(self.repository.chain_choices(), self, empty="")
        self.annual_sales = QLineEdit(self)
        self.annual_sales.setPlaceholderText("S/ 0.00")
        left.addRow("Forma jurídica", self.legal_form)
        left.addRow("Categoría", self.category)
        left.addRow("Fecha de constitución", self.constituted_on)
        right.addRow("Distrito", self.district)
        right.addRow("Cadena productiva", self.chain)
        right.addRow("Ventas anuales (S/)", self.annual_sales)
        form.addLayout(left, 0, 0)
        form.addLayout(right, 0, 1)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(48)

        self.padron = TextGrid(MEMBER_COLUMNS, self)
        self.padron.grid.edited.connect(self._update_figures)
        self.padron_panel = GridPanel(self.padron, "socio", self)
        self.add_button = self.padron_panel.add_button
        self.paste_button = self.padron_panel.paste_button
        self.figures = QLabel(self)
        self.figures.setObjectName("figures")
        self.flags = QLabel(self)
        self.flags.setObjectName("flags")
        self.flags.setWordWrap(True)
        self.flags.hide()
        self.problems = problems_label(self)

        box = accept_buttons(self, self.save, "Guardar", save=True)
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Observaciones", self))
        layout.addWidget(self.notes)
        layout.addWidget(QLabel("<b>Padrón de socios</b>", self))
        layout.addWidget(self.padron_panel, 1)
        layout.addWidget(self.figures)
        layout.addWidget(self.flags)
        layout.addWidget(self.problems)
        layout.addWidget(box)

    def _load(self, organization_id: int) -> None:
        record, members = load_organization(self.db, organization_id)
        for key, edit in self.fields.items():
            edit.setText(record.get(key) or "")
        select_value(self.legal_form, record["legal_form"])
        select_value(self.category, record["category"] or None)
        self.constituted_on.setText(format_short(record["constituted_on"]))
        select_value(self.district, record["district_id"])
        select_value(self.chain, record["chain_id"])
        sales = record["annual_sales_cents"]
        self.annual_sales.setText("" if sales is None else format_soles(sales))
        self.notes.setPlainText(record["notes"] or "")
        self.padron.grid.set_rows([member_cells(member) for member in members])
        notes = list(shared_members(self.db).get(organization_id, []))
        if numbers := issued_numbers(self.db).get(organization_id):
            notes.insert(0, issued_notice(numbers))
        if notes:
            self.flags.setText("⚠ " + "<br>⚠ ".join(notes))
            self.flags.show()

    def members(self):
        return rows_with_problems(self.padron.grid.rows, member_from_cells, "Socio")

    def _update_figures(self) -> None:
        members, _ = self.members()
        figures = padron_figures(members, self.today, self.youth_under)
        self.figures.setText(figures.text(self.youth_under))

    def record(self):
        cells = {key: edit.text() for key, edit in self.fields.items()}
        cells |= {
            "legal_form": self.legal_form.currentData() or "",
            "category": self.category.currentData() or "",
            "constituted_on": self.constituted_on.text(),
            "district_id": self.district.currentData(),
            "chain_id": self.chain.currentData(),
            "annual_sales": self.annual_sales.text(),
            "notes": self.notes.toPlainText(),
        }
        return organization_from_cells(cells)

    def save(self) -> None:
        record, problems = self.record()
        members, member_problems = self.members()
        problems += member_problems
        if not problems:
            try:
                self.organization_id = save_organization(
                    self.db,
                    record,
                    members,
                    organization_id=self.organization_id,
                    today=self.today,
                )
            except ValidationError as error:
                problems = error.problems
        show_problems(self.problems, problems)
        self.padron.grid.mark_faults(problems, "Socio")
        if not problems:
            self.mark_saved()
            self.saved.emit(self.organization_id)
            self.accept()
