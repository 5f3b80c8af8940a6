"""Convocatorias: the calls with what the selected one still needs, its categories, schedule,
committee and pool transfers; the buttons that create, copy, edit, move and transfer."""

import getpass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
)

from procompite.calls.entity import entity_name, save_entity
from procompite.calls.status import allows, call_stage
from procompite.common import dates
from procompite.common.errors import ValidationError
from procompite.common.money import format_soles, percent_from_bp
from procompite.evaluation.transfers import transfers
from procompite.lifecycle.bases import check_bases, export_bases, import_bases, read_bases_file
from procompite.lists.repository import Repository
from ui.calls.call_dialog import CallDialog
from ui.calls.chains_dialog import ChainsDialog
from ui.calls.entity_dialog import EntityDialog
from ui.calls.next_step import next_step_text
from ui.calls.stage_dialog import StageDialog
from ui.calls.transfer_dialog import TransferDialog
from ui.widgets.columns import integer, soles, text, year
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import problems_text, remember_splitter
from ui.widgets.page import Page
from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column

CALL_COLUMNS = (
    text("Convocatoria", "name"),
    year("Año", "year"),
    text("Estado", "status"),
    soles("Monto autorizado", "budget_cents"),
    text("Categorías", "categories"),
    integer("Cadenas", "chains"),
    integer("Planes", "plans"),
    integer("Comité", "committee"),
)

CATEGORY_COLUMNS = (
    text("Categoría", "name"),
    integer("Socios mín.", "min_members"),
    integer("Años mín.", "min_years"),
    Column("Cofinanc. mínimo", lambda r: format_soles(r.min_cofinancing_cents), numeric=True),
    Column("Cofinanc. máximo", lambda r: format_soles(r.max_cofinancing_cents), numeric=True),
    Column("Cofinanc. máx. %", lambda r: percent_from_bp(r.max_cofinancing_bp), numeric=True),
    Column("Aporte mín. %", lambda r: percent_from_bp(r.min_contribution_bp), numeric=True),
    Column(
        "Aporte monetario mín. %",
        lambda r: percent_from_bp(r.min_cash_contribution_bp),
        numeric=True,
    ),
    Column("Fondo de la categoría", lambda r: format_soles(r.budget_cents), numeric=True),
)

STAGE_COLUMNS = (
    text("Etapa", "name"),
    Column("Desde", lambda r: dates.format_short(r.starts_on), sort_key=lambda r: r.starts_on),
    Column("Hasta", lambda r: dates.format_short(r.ends_on), sort_key=lambda r: r.ends_on),
)

COMMITTEE_COLUMNS = (
    text("Nombre", "full_name"),
    text("DNI", "dni"),
    text("Rol", "role"),
    text("Institución", "institution"),
)


TRANSFER_COLUMNS = (
    Column("Fecha", lambda r: dates.format_short(r["transferred_on"]), sort_key=lambda r: r["id"]),
    Column("Desde", lambda r: r["source"]),
    Column("Hacia", lambda r: r["target"]),
    Column("Monto", lambda r: format_soles(r["amount_cents"]), numeric=True),
    Column("Documento que la autoriza", lambda r: r["document_reference"]),
)


class CallsPage(Page):
    title = "Convocatorias"
    help_text = (
        "Concursos de cofinanciamiento: monto autorizado, categorías de AEO con sus reglas y "
        "fondos, cadenas, documentos, cronograma y etapas. Seleccione una convocatoria para ver "
        "su detalle; sus bases se editan mientras está en preparación."
    )

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent)
        self.repository: Repository | None = None
        self.actor = getpass.getuser()
        self.toolbar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, slot in (
            ("new", "Nueva convocatoria…", self.new_call),
            ("copy", "Nueva a partir de…", self.copy_call),
            ("edit", "Editar bases…", self.edit_call),
            ("stage", "Cambiar etapa…", self.change_stage),
            ("transfer", "Transferir saldo…", self.transfer),
            ("export", "Exportar bases…", self.export_bases),
            ("import", "Importar bases…", self.import_bases),
            ("chains", "Cadenas productivas…", self.edit_chains),
        ):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            self.buttons[key] = button
            self.toolbar.addWidget(button)
        self.toolbar.addStretch(1)
        self.layout_.addLayout(self.toolbar)
        self.empty = EmptyState(self)
        self.layout_.addWidget(self.empty, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.calls = RecordList(CALL_COLUMNS, "Filtrar convocatorias…", self.splitter)
        self.details = QTabWidget(self.splitter)
        self.categories = RecordList(CATEGORY_COLUMNS, "Filtrar categorías…", self.details)
        self.stages = RecordList(STAGE_COLUMNS, "Filtrar etapas…", self.details)
        self.committee = RecordList(COMMITTEE_COLUMNS, "Filtrar comité…", self.details)
        self.transfers = RecordList(TRANSFER_COLUMNS, "Filtrar transferencias…", self.details)
        self.next_step = QLabel(self.details)
        self.next_step.setWordWrap(True)
        self.next_step.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.next_step.setTextFormat(Qt.TextFormat.RichText)
        self.details.addTab(self.next_step, "Siguiente etapa")
        self.details.addTab(self.categories, "Categorías")
        self.details.addTab(self.stages, "Cronograma")
        self.details.addTab(self.committee, "Comité evaluador")
        self.details.addTab(self.transfers, "Transferencias entre fondos")
        self.layout_.addWidget(self.splitter, 1)
        remember_splitter(self.splitter, settings, "calls/splitter")
        self.calls.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self.calls.table.doubleClicked.connect(self.edit_call)

    @property
    def db(self):
        return self.repository.db if self.repository else None

    def reload(self, repository: Repository) -> None:
        self.repository = repository
        selected = self.call_id
        self.calls.set_records(repository.list_calls())
        if self.calls.proxy.rowCount():
            self.calls.table.selectRow(0)
            if selected is not None:
                self.calls.select_id(selected)
        self._show_selected()

    @property
    def call_id(self) -> int | None:
        call = self.calls.current_record()
        return call.id if call else None

    def _show_empty(self) -> bool:
        if not entity_name(self.db):
            self.empty.show_step(
                "Este archivo aún no tiene la entidad que convoca. Indique si es un Gobierno "
                "Regional o una municipalidad, su lugar y su logo.",
                "Indicar la entidad…",
                self.edit_entity,
            )
        elif not self.calls.model.rowCount():
            self.empty.show_step(
                f"{entity_name(self.db)} aún no tiene convocatorias. Cree la primera (o importe "
                "sus bases de un archivo JSON de otra región).",
                "Crear la primera convocatoria…",
                self.new_call,
            )
        else:
            self.empty.hide()
            return False
        return True

    def _show_selected(self, *_args) -> None:
        if self.repository is None:
            return
        empty = self._show_empty()
        self.splitter.setVisible(not empty)
        stage = call_stage(self.db, self.call_id) if self.call_id else ""
        has_entity = bool(entity_name(self.db))
        for key, enabled in {
            "new": has_entity,
            "copy": self.call_id is not None,
            "edit": self.call_id is not None,
            "stage": self.call_id is not None,
            "transfer": allows(stage, "transferir fondos"),
            "export": self.call_id is not None,
            "import": has_entity,
        }.items():
            self.buttons[key].setEnabled(enabled)
        self.buttons["edit"].setText(
            "Editar bases…" if allows(stage, "definir") or not stage else "Ver bases…"
        )
        if self.call_id is None:
            for widget in (self.categories, self.stages, self.committee, self.transfers):
                widget.set_records([])
            self.next_step.clear()
            return
        self.categories.set_records(self.repository.call_categories(self.call_id))
        self.stages.set_records(self.repository.call_stages(self.call_id))
        self.committee.set_records(self.repository.committee(self.call_id))
        self.transfers.set_records(transfers(self.db, self.call_id))
        self.next_step.setText(next_step_text(self.db, self.call_id))

    def _changed(self, *_args) -> None:
        self.data_changed.emit()

    def edit_entity(self) -> None:
        dialog = EntityDialog(
            self.settings,
            lambda entity, logo: save_entity(self.db, entity, logo, actor=self.actor),
            self,
        )
        dialog.accepted.connect(self._changed)
        dialog.open()

    def _open_editor(self, call_id, **options) -> None:
        dialog = CallDialog(self.db, self.settings, call_id, self.actor, self, **options)
        dialog.saved.connect(self._changed)
        self.last_dialog = dialog
        dialog.open()

    def new_call(self) -> None:
        self._open_editor(None)

    def edit_call(self, *_args) -> None:
        if self.call_id is not None:
            self._open_editor(self.call_id)

    def copy_call(self) -> None:
        if self.call_id is None:
            return
        year = self.db["calls"].get(self.call_id)["year"] + 1
        year, ok = QInputDialog.getInt(
            self, "Nueva a partir de…", "Año de la nueva convocatoria:", year, 2009, 2100
        )
        if ok:
            self._open_editor(None, source_id=self.call_id, year=year)

    def change_stage(self) -> None:
        if self.call_id is not None:
            dialog = StageDialog(self.db, self.settings, self.call_id, self.actor, self)
            dialog.changed.connect(self._changed)
            self.last_dialog = dialog
            dialog.open()

    def transfer(self) -> None:
        if self.call_id is not None:
            dialog = TransferDialog(self.db, self.settings, self.call_id, self.actor, self)
            dialog.saved.connect(self._changed)
            self.last_dialog = dialog
            dialog.open()

    def export_bases(self) -> None:
        if self.call_id is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Exportar bases", f"bases_{self.call_id}.json", "Bases (*.json)"
        )
        if name:
            try:
                export_bases(self.db, self.call_id, Path(name))
            except OSError as error:
                QMessageBox.warning(
                    self, "Exportar bases", f"No se pudo escribir: {error.strerror}."
                )

    def import_bases(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Importar bases", "", "Bases (*.json)")
        if not name:
            return
        try:
            raw = read_bases_file(Path(name))
            checked = check_bases(self.db, raw)
        except ValidationError as error:
            QMessageBox.warning(self, "Importar bases", problems_text(error.problems))
            return
        added = "".join(f"\n  • {c['name']} ({c['sector']})" for c in checked.new_chains)
        question = f"Se creará la convocatoria «{checked.definition.name}» en preparación."
        if added:
            question += f"\nSe agregarán al catálogo las cadenas:{added}"
        if QMessageBox.question(self, "Importar bases", question) != QMessageBox.StandardButton.Yes:
            return
        try:
            import_bases(self.db, raw, actor=self.actor)
        except ValidationError as error:
            QMessageBox.warning(self, "Importar bases", problems_text(error.problems))
            return
        self._changed()

    def edit_chains(self) -> None:
        dialog = ChainsDialog(self.db, self.settings, self.actor, self)
        dialog.finished.connect(self._changed)
        self.last_dialog = dialog
        dialog.open()
