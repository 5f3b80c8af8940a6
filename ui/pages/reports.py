"""Reportes: the printed documents of the programme."""

from PySide6.QtWidgets import QLabel

from procompite.repository import Repository
from ui.pages.base import Page

PLANNED = (
    "Dictamen de evaluación de cada plan de negocio, con código de verificación",
    "Acta de evaluación de la convocatoria con el cuadro de mérito",
    "Informe de priorización de cadenas productivas",
    "Ficha del AEO",
)


class ReportsPage(Page):
    title = "Reportes"
    help_text = (
        "Documentos en PDF que el comité firma y archiva. Desde esta pantalla se podrán "
        "previsualizar, guardar e imprimir:"
    )

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent)
        items = "".join(f"<li>{item}</li>" for item in PLANNED)
        listing = QLabel(f"<ul>{items}</ul>", self)
        listing.setWordWrap(True)
        self.layout_.addWidget(listing)
        self.layout_.addStretch(1)

    def reload(self, repository: Repository) -> None:
        """Nothing to load yet: the reports read the database when they are produced."""
