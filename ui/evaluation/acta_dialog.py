"""The session the acta records, asked for when it is issued: the hours it started and ended
and who attended. A member with a declared conflict of interest attends and abstains on that
plan, as the acta says."""

from datetime import date

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.dates import format_long
from procompite.documents.actas import ActaSession, abstentions, session_problems
from procompite.evaluation.committee import members
from procompite.evaluation.results import CallResults
from ui.widgets.forms import problems_label, show_problems

START = QTime(9, 0)
END = QTime(13, 0)


def _time_edit(value: QTime, parent: QWidget) -> QTimeEdit:
    edit = QTimeEdit(value, parent)
    edit.setDisplayFormat("HH:mm")
    return edit


class ActaSessionDialog(QDialog):
    """Hours and attendance of the session; accepted only when they can be recorded."""

    def __init__(
        self, db: Database, call_id: int, results: CallResults, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.db, self.call_id = db, call_id
        self.session: ActaSession | None = None
        self.setWindowTitle("Emitir acta de evaluación")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "El acta se emitirá con el cuadro de mérito guardado, numerada y con código de "
            "verificación. Indique cuándo sesionó el comité y quiénes asistieron; solo firman "
            "los presentes.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(
            "Fecha de la sesión",
            QLabel(f"{format_long(date.today())} (el acta lleva la fecha en que se emite)", self),
        )
        self.start = _time_edit(START, self)
        self.end = _time_edit(END, self)
        form.addRow("Hora de inicio", self.start)
        form.addRow("Hora de término", self.end)
        layout.addLayout(form)
        group = QGroupBox("Asistencia (marque a los presentes)", self)
        attendance = QVBoxLayout(group)
        conflicts = abstentions(db, results)
        self.present: dict[int, QCheckBox] = {}
        for member in members(db, call_id):
            box = QCheckBox(f"{member.full_name} — {member.role_label}", group)
            box.setChecked(True)
            attendance.addWidget(box)
            self.present[member.id] = box
            if plans := [row["codigo"] for row in conflicts.get(member.id, [])]:
                note = QLabel(
                    f"Declaró conflicto de interés en {', '.join(plans)}: si asiste, consta "
                    "que se abstuvo en ese plan.",
                    group,
                )
                note.setWordWrap(True)
                note.setIndent(24)
                attendance.addWidget(note)
        layout.addWidget(group)
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox(self)
        self.issue_button = buttons.addButton("Emitir acta", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> ActaSession:
        """The session as the dialog shows it."""
        return ActaSession(
            self.start.time().toPython(),
            self.end.time().toPython(),
            frozenset(member_id for member_id, box in self.present.items() if not box.isChecked()),
        )

    def _check(self) -> None:
        session = self.chosen()
        if problems := session_problems(self.db, self.call_id, session):
            show_problems(self.problems, problems)
            return
        self.session = session
        self.accept()
