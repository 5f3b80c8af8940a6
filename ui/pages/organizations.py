"""Agentes económicos organizados: the list of AEO with their padrón figures."""

from procompite.repository import Repository
from ui.dialogs.organization import OrganizationDialog
from ui.pages.base import ListPage
from ui.pages.columns import integer, percent, text

COLUMNS = (
    text("Nombre", "name"),
    text("RUC", "ruc"),
    text("Alertas", "flags"),
    text("Forma jurídica", "legal_form"),
    text("Cadena productiva", "chain"),
    text("Distrito", "district"),
    text("Provincia", "province"),
    integer("Socios", "members"),
    percent("Mujeres", "women_pct"),
    percent("Jóvenes", "youth_pct"),
    integer("Planes", "plans"),
)


class OrganizationsPage(ListPage):
    title = "Agentes económicos organizados (AEO)"
    help_text = (
        "Organizaciones de productores registradas, con su padrón de socios. "
        "Escriba para filtrar por nombre, RUC, cadena, distrito o provincia."
    )

    columns = COLUMNS
    placeholder = "Filtrar AEO (nombre, RUC, cadena, distrito…)"

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent)
        self.new_button = self.add_button("Nuevo AEO…", lambda: self.open_dialog(None))
        self.edit_button = self.add_button("Editar…", self.edit_current)
        self.toolbar.addStretch(1)
        self.list.table.doubleClicked.connect(self.edit_current)

    def edit_current(self, *_args) -> None:
        if (record := self.current_record()) is not None:
            self.open_dialog(record.id)

    def open_dialog(self, organization_id: int | None) -> OrganizationDialog | None:
        if self.repository is None:
            return None
        dialog = OrganizationDialog(self.repository.db, self.settings, organization_id, parent=self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    def fetch(self, repository: Repository) -> list:
        return repository.list_organizations()
