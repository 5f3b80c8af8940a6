"""Moving a call to its next stage, or back to an earlier one with a written reason: the
dialog lists what the stage still needs before it lets the user confirm."""

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from sqlite_utils import Database

from procompite.calls.status import ORDER, STAGES, call_stage
from procompite.lifecycle.stages import change_stage, stage_change_problems
from ui.widgets.forms import (
    RememberedDialog,
    accept_buttons,
    attempt,
    choice_combo,
    problems_label,
    show_problems,
)


class StageDialog(RememberedDialog):
    changed = Signal(str)
    geometry_key = "dialogs/stage"

    def __init__(
        self, db: Database, settings: QSettings, call_id: int, actor: str, parent: QWidget
    ):
        super().__init__(settings, parent)
        self.db, self.call_id, self.actor = db, call_id, actor
        self.setWindowTitle("Etapa de la convocatoria")
        current = call_stage(db, call_id)
        here = ORDER.index(current)
        choices = [(stage, STAGES[stage]) for stage in ORDER if stage != current]
        self.target = choice_combo(choices, self, empty=None)
        if here + 1 < len(ORDER):
            self.target.setCurrentIndex(self.target.findData(ORDER[here + 1]))
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("Obligatorio para volver a una etapa anterior")
        self.reason.setMaximumHeight(70)
        form = QFormLayout()
        form.addRow("Etapa actual", QLabel(STAGES[current], self))
        form.addRow("Pasar a", self.target)
        form.addRow("Motivo", self.reason)
        self.needs = problems_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.needs)
        layout.addStretch(1)
        layout.addWidget(accept_buttons(self, self.confirm, "Cambiar etapa"))
        self.target.currentIndexChanged.connect(self.check)
        self.resize(max(self.width(), 560), max(self.height(), 300))
        self.check()

    def check(self, *_args) -> None:
        target = self.target.currentData()
        going_back = ORDER.index(target) < ORDER.index(call_stage(self.db, self.call_id))
        problems = stage_change_problems(self.db, self.call_id, target, "-" if going_back else "")
        show_problems(self.needs, problems)
        if problems:
            self.needs.setText(self.needs.text().replace("No se guardó. Corrija", "Falta"))

    def confirm(self) -> None:
        target = self.target.currentData()
        reason = self.reason.toPlainText()
        if attempt(
            self.needs,
            lambda: change_stage(self.db, self.call_id, target, actor=self.actor, reason=reason),
            "Etapa",
        ):
            self.changed.emit(target)
            self.accept()
