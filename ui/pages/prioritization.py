"""Priorización de cadenas productivas: exercises and the chains catalogue."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from procompite.repository import Repository
from ui.pages.base import Page
from ui.pages.columns import integer, text, year
from ui.record_list import RecordList

EXERCISE_COLUMNS = (
    text("Ejercicio", "name"),
    text("Departamento", "department"),
    year("Año", "year"),
    text("Estado", "status"),
    integer("Criterios", "criteria"),
    integer("Cadenas candidatas", "chains"),
)

CHAIN_COLUMNS = (
    text("Cadena productiva", "name"),
    text("Sector", "sector"),
    text("Priorizada en", "departments"),
    text("Ranking nacional 2022 (Cuadro 8)", "national_rank"),
)


class PrioritizationPage(Page):
    title = "Priorización de cadenas productivas"
    help_text = (
        "Ejercicios de priorización con criterios explícitos y el catálogo de cadenas productivas "
        "priorizadas por departamento. La edición de criterios, pesos (directos o AHP), el "
        "análisis de sensibilidad y la aprobación se harán en esta pantalla."
    )

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.exercises = RecordList(EXERCISE_COLUMNS, "Filtrar ejercicios…", splitter)
        self.chains = RecordList(
            CHAIN_COLUMNS, "Filtrar cadenas (nombre, sector, departamento…)", splitter
        )
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        self.layout_.addWidget(splitter, 1)

    def reload(self, repository: Repository) -> None:
        self.exercises.set_records(repository.list_prioritizations())
        self.chains.set_records(repository.list_chains())
