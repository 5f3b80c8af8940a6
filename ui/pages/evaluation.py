"""Evaluación: how far the committee has got with each plan admitted to evaluation."""

from procompite.repository import Repository
from ui.pages.base import Page
from ui.pages.columns import integer, text
from ui.record_list import RecordList

COLUMNS = (
    text("Código", "code"),
    text("AEO", "organization"),
    text("Estado", "status"),
    integer("Fichas enviadas", "submitted"),
    integer("Fichas en borrador", "drafts"),
    integer("Conflictos declarados", "conflicts"),
)


class EvaluationPage(Page):
    title = "Evaluación por el comité"
    help_text = (
        "Avance del comité evaluador en cada plan admitido: fichas de evaluación enviadas, "
        "en borrador y conflictos de interés declarados. La calificación por rúbrica, la "
        "consolidación, los veredictos y el cuadro de mérito se harán en esta pantalla."
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = RecordList(COLUMNS, "Filtrar planes en evaluación…", self)
        self.layout_.addWidget(self.list, 1)

    def reload(self, repository: Repository) -> None:
        self.list.set_records(repository.evaluation_progress())
