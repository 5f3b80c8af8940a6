"""Planes de negocio: every plan with its amounts and state."""

from procompite.repository import Repository
from ui.pages.base import ListPage
from ui.pages.columns import soles, text

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


class PlansPage(ListPage):
    title = "Planes de negocio"
    help_text = (
        "Planes presentados a las convocatorias, con su presupuesto total y el "
        "cofinanciamiento solicitado a PROCOMPITE."
    )

    columns = COLUMNS
    placeholder = "Filtrar planes (código, AEO, cadena, distrito, estado…)"

    def fetch(self, repository: Repository) -> list:
        return repository.list_plans()
