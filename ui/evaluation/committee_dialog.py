"""The committee of a call: a member's data, their PIN, and starting a scoring session."""

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.common.labels import COMMITTEE_ROLE
from procompite.evaluation.committee import (
    CommitteeMember,
    member,
    members,
    pin_matches,
    save_member,
)
from ui.widgets.forms import (
    RecordDialog,
    choice_combo,
    problems_label,
    select_value,
    show_problems,
)


class MemberDialog(RecordDialog):
    geometry_key = "committee/member"

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        call_id: int,
        member_id: int | None,
        actor: str,
        parent: QWidget | None = None,
    ):
        super().__init__(
            db, settings, "Nuevo miembro del comité" if member_id is None else "Miembro", parent
        )
        self.call_id, self.member_id, self.actor = call_id, member_id, actor
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.dni = QLineEdit(self)
        self.dni.setMaxLength(8)
        self.role = choice_combo(list(COMMITTEE_ROLE.items()), self, empty=None)
        self.institution = QLineEdit(self)
        form.addRow("Nombre completo", self.name)
        form.addRow("DNI", self.dni)
        form.addRow("Cargo en el comité", self.role)
        form.addRow("Institución", self.institution)
        layout.addLayout(form)
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if member_id is not None:
            current = member(db, member_id)
            self.name.setText(current.full_name)
            self.dni.setText(current.dni)
            select_value(self.role, current.role)
            self.institution.setText(current.institution)
        else:
            select_value(self.role, "miembro")
        self.watch_changes()

    def save(self) -> None:
        record = {
            "full_name": self.name.text(),
            "dni": self.dni.text(),
            "role": self.role.currentData(),
            "institution": self.institution.text(),
        }
        try:
            member_id = save_member(self.db, self.call_id, record, self.member_id, actor=self.actor)
        except ValidationError as error:
            show_problems(self.problems, error.problems)
            return
        self.mark_saved()
        self.saved.emit(member_id)
        self.accept()


class SessionDialog(QDialog):
    """Who is at the keyboard: a member of the call's committee, with their PIN if they set one."""

    def __init__(self, db: Database, call_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Iniciar sesión de evaluación")
        self.member: CommitteeMember | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("¿Quién va a trabajar? Elija su nombre.", self))
        self.members = members(db, call_id)
        self.choice = QComboBox(self)
        for who in self.members:
            self.choice.addItem(f"{who.full_name} — {who.role_label}", who.id)
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("PIN (si lo fijó)")
        self.message = QLabel(self)
        self.message.setObjectName("problems")
        self.message.hide()
        layout.addWidget(self.choice)
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._pin_needed)
        self._pin_needed()

    def _pin_needed(self, *_args) -> None:
        chosen = self.members[self.choice.currentIndex()] if self.members else None
        self.pin.setEnabled(bool(chosen and chosen.has_pin))
        self.pin.clear()

    def _check(self) -> None:
        if not self.members:
            self.reject()
            return
        chosen = self.members[self.choice.currentIndex()]
        if not pin_matches(self.db, chosen.id, self.pin.text()):
            self.message.setText("PIN incorrecto.")
            self.message.show()
            self.pin.selectAll()
            self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.member = chosen
        self.accept()
