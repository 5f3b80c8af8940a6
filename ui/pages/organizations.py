"""Agentes económicos organizados: the list of AEO with their padrón figures."""

from procompite.repository import Repository
from ui.pages.base import Page
from ui.pages.columns import integer, percent, text
from ui.record_list import RecordList

COLUMNS = (
    text("Nombre", "name"),
    text("RUC", "ruc"),
    text("Forma jurídica", "legal_form"),
    text("Cadena productiva", "chain"),
    text("Distrito", "district"),
    text("Provincia", "province"),
    integer("Socios", "members"),
    percent("Mujeres", "women_pct"),
    percent("Jóvenes", "youth_pct"),
    integer("Planes", "plans"),
)


class OrganizationsPage(Page):
    title = "Agentes económicos organizados (AEO)"
    help_text = (
        "Organizaciones de productores registradas, con su padrón de socios. "
        "Escriba para filtrar por nombre, RUC, cadena, distrito o provincia."
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = RecordList(COLUMNS, "Filtrar AEO (nombre, RUC, cadena, distrito…)", self)
        self.layout_.addWidget(self.list, 1)

    def reload(self, repository: Repository) -> None:
        self.list.set_records(repository.list_organizations())
