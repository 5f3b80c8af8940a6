"""Planes de negocio: every plan with its amounts and state."""

from procompite.repository import Repository
from ui.pages.base import Page
from ui.pages.columns import soles, text
from ui.record_list import RecordList

COLUMNS = (
    text("Código", "code"),
    text("AEO", "organization"),
    text("Título", "title"),
    text("Cadena productiva", "chain"),
    text("Distrito", "district"),
    text("Cat.", "category"),
    text("Estado", "status"),
    soles("Monto total", "total_cents"),
    soles("PROCOMPITE", "procompite_cents"),
    text("Convocatoria", "call"),
)


class PlansPage(Page):
    title = "Planes de negocio"
    help_text = (
        "Planes presentados a las convocatorias, con su presupuesto total y el "
        "cofinanciamiento solicitado a PROCOMPITE."
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = RecordList(
            COLUMNS, "Filtrar planes (código, AEO, cadena, distrito, estado…)", self
        )
        self.layout_.addWidget(self.list, 1)

    def reload(self, repository: Repository) -> None:
        self.list.set_records(repository.list_plans())
