"""Agentes económicos organizados: the list of AEO with their padrón figures."""

from procompite.lists.repository import Repository
from ui.registry.organization_dialog import OrganizationDialog
from ui.widgets.columns import integer, percent, text
from ui.widgets.list_page import ListPage

# What a reviewer looks for first comes first, so that it shows on a 1366×768 screen.
COLUMNS = (
    text("Nombre", "name"),
    text("RUC", "ruc"),
    integer("Socios", "members"),
    percent("Mujeres", "women_pct"),
    percent("Jóvenes", "youth_pct"),
    integer("Planes", "plans"),
    text("Alertas", "flags"),
    text("Forma jurídica", "legal_form"),
    text("Cadena productiva", "chain"),
    text("Distrito", "district"),
    text("Provincia", "province"),
)


class OrganizationsPage(ListPage):
    title = "Agentes económicos organizados (AEO)"
    help_text = (
        "Organizaciones de productores registradas, con su padrón de socios. "
        "Escriba para filtrar por nombre, RUC, cadena, distrito o provincia."
    )

    columns = COLUMNS
    placeholder = "Filtrar AEO (nombre, RUC, cadena, distrito…)"
    dialog_class = OrganizationDialog
    new_text, edit_text = "Nuevo AEO…", "Editar…"

    def empty_step(self, repository: Repository):
        return (
            "Aún no hay agentes económicos organizados. Registre el primero con su padrón de "
            "socios, o importe una planilla (Archivo → Importar desde Excel o CSV).",
            "Registrar el primer AEO…",
            lambda: self.open_dialog(None),
        )

    def fetch(self, repository: Repository) -> list:
        return repository.list_organizations()
