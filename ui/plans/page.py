"""Planes de negocio: every plan with its amounts and state."""

from procompite.common.money import format_soles
from procompite.lists.repository import Repository
from procompite.plans.finance import format_irr
from ui.plans.plan_dialog import PlanDialog
from ui.widgets.columns import soles, text
from ui.widgets.list_page import ListPage
from ui.widgets.table_model import Column

# What a reviewer looks for first comes first, so that it shows on a 1366×768 screen.
COLUMNS = (
    text("Código", "code"),
    text("AEO", "organization"),
    text("Cat.", "category"),
    text("Estado", "status"),
    soles("PROCOMPITE", "procompite_cents"),
    soles("Monto total", "total_cents"),
    text("Reglas", "rules"),
    text("Alertas", "flags"),
    Column(
        "VAN", lambda r: format_soles(r.npv_cents), sort_key=lambda r: r.npv_cents, numeric=True
    ),
    Column("TIR", lambda r: format_irr(r.irr), sort_key=lambda r: r.irr, numeric=True),
    text("Título", "title"),
    text("Cadena productiva", "chain"),
    text("Distrito", "district"),
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
    dialog_class = PlanDialog
    new_text, edit_text = "Nuevo plan…", "Abrir…"

    def empty_step(self, repository: Repository):
        open_calls = repository.db.execute(
            "SELECT count(*) FROM calls WHERE status IN ('preparacion', 'abierta')"
        ).fetchone()[0]
        if not open_calls:
            return (
                "No hay una convocatoria en preparación o abierta que reciba planes. Cree o "
                "abra una en Convocatorias.",
                "Ir a Convocatorias",
                lambda: self.go_to.emit("Convocatorias"),
            )
        if not repository.db["organizations"].count:
            return (
                "Un plan de negocio es de un AEO registrado: registre primero los AEO.",
                "Ir a Agentes económicos",
                lambda: self.go_to.emit("Agentes económicos"),
            )
        return (
            "Aún no hay planes de negocio. Registre el primero (o importe la plantilla de "
            "planes desde Archivo → Importar).",
            "Registrar el primer plan…",
            lambda: self.open_dialog(None),
        )

    def fetch(self, repository: Repository) -> list:
        return repository.list_plans()
