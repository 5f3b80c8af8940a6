"""Evaluación: how far the committee has got with each plan admitted to evaluation."""

from procompite.repository import Repository
from ui.pages.base import ListPage
from ui.pages.columns import integer, text

COLUMNS = (
    text("Código", "code"),
    text("AEO", "organization"),
    text("Estado", "status"),
    integer("Fichas enviadas", "submitted"),
    integer("Fichas en borrador", "drafts"),
    integer("Conflictos declarados", "conflicts"),
)


class EvaluationPage(ListPage):
    title = "Evaluación por el comité"
    help_text = (
        "Avance del comité evaluador en cada plan admitido: fichas de evaluación enviadas, "
        "en borrador y conflictos de interés declarados. La calificación por rúbrica, la "
        "consolidación, los veredictos y el cuadro de mérito se harán en esta pantalla."
    )

    columns = COLUMNS
    placeholder = "Filtrar planes en evaluación…"

    def fetch(self, repository: Repository) -> list:
        return repository.evaluation_progress()
