"""Convocatorias: the calls, and the categories, schedule and committee of the selected one."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget

from procompite.common import dates
from procompite.common.money import format_soles, percent_from_bp
from procompite.lists.repository import Repository
from ui.widgets.columns import integer, soles, text, year
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


class CallsPage(Page):
    title = "Convocatorias"
    help_text = (
        "Concursos de cofinanciamiento: monto autorizado, categorías de AEO con sus reglas, "
        "cronograma y comité evaluador. Seleccione una convocatoria para ver su detalle."
    )

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent)
        self.repository: Repository | None = None
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.calls = RecordList(CALL_COLUMNS, "Filtrar convocatorias…", splitter)
        self.details = QTabWidget(splitter)
        self.categories = RecordList(CATEGORY_COLUMNS, "Filtrar categorías…", self.details)
        self.stages = RecordList(STAGE_COLUMNS, "Filtrar etapas…", self.details)
        self.committee = RecordList(COMMITTEE_COLUMNS, "Filtrar comité…", self.details)
        self.details.addTab(self.categories, "Categorías")
        self.details.addTab(self.stages, "Cronograma")
        self.details.addTab(self.committee, "Comité evaluador")
        self.layout_.addWidget(splitter, 1)
        self.calls.table.selectionModel().currentRowChanged.connect(self._show_selected)

    def reload(self, repository: Repository) -> None:
        self.repository = repository
        self.calls.set_records(repository.list_calls())
        if self.calls.proxy.rowCount():
            self.calls.table.selectRow(0)
        self._show_selected()

    def _show_selected(self, *_args) -> None:
        call = self.calls.current_record()
        if self.repository is None or call is None:
            for widget in (self.categories, self.stages, self.committee):
                widget.set_records([])
            return
        self.categories.set_records(self.repository.call_categories(call.id))
        self.stages.set_records(self.repository.call_stages(call.id))
        self.committee.set_records(self.repository.committee(call.id))
