"""What every dialog of a funded plan's follow-up shares: the plan in its title, why it opens
read-only (a liquidated plan, a call whose stage does not allow follow-up, a file opened for
reading), the problems the library refuses with, and asking for the reason of an annulment."""

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.calls.status import stage_problem
from procompite.common.dates import format_short
from procompite.common.errors import Problem, ValidationError
from procompite.followup.closing import load_closure
from procompite.followup.funded import FundedPlan, funded_plan
from procompite.storage.database import is_read_only
from ui.widgets.forms import (
    SAVING_ROLES,
    RecordDialog,
    attempt,
    close_only,
    problems_label,
    remember_splitter,
)

READ_ONLY_FILE = "Base de datos abierta solo para consulta: este formulario no puede guardarse."


def lock_reason(db: Database, plan: FundedPlan) -> str | None:
    """Why the plan's follow-up cannot change now, or ``None`` when it can."""
    if is_read_only(db):
        return READ_ONLY_FILE
    if plan.closed:
        closure = load_closure(db, plan.plan_id) or {}
        return (
            f"Plan liquidado el {format_short(closure.get('closed_on'))} (código de "
            f"verificación {closure.get('verification_code', '')}): su convenio, hitos, "
            "compras, entregas y visitas quedan solo para consulta."
        )
    if problem := stage_problem(db, plan.call_id, "dar seguimiento"):
        return f"Solo consulta: {problem.message}"
    return None


def call_lock_reason(db: Database, call_id: int) -> str | None:
    """Why the call's follow-up settings cannot change now, or ``None``."""
    if is_read_only(db):
        return READ_ONLY_FILE
    if problem := stage_problem(db, call_id, "dar seguimiento"):
        return f"Solo consulta: {problem.message}"
    return None


def read_only_buttons(box: QDialogButtonBox) -> None:
    """A form that cannot be saved keeps only «Cerrar»."""
    close_only(box)
    for button in box.buttons():
        if box.buttonRole(button) in SAVING_ROLES:
            button.hide()


def read_only_grid(grid, panel, box: QDialogButtonBox) -> None:
    """A grid that cannot be saved: its cells read-only, its row buttons hidden, «Cerrar» alone."""
    grid.read_only = True
    for button in (panel.add_button, panel.remove_button, panel.paste_button):
        button.hide()
    read_only_buttons(box)


def lock_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("flags")
    label.setWordWrap(True)
    label.hide()
    return label


def ask_reason(parent: QWidget, title: str, question: str, ok_text: str) -> str | None:
    """The reason typed for an annulment, or ``None`` when the user cancels."""
    ask = QInputDialog(parent)
    ask.setWindowTitle(title)
    ask.setLabelText(question)
    ask.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    ask.setOkButtonText(ok_text)
    ask.setCancelButtonText("Cancelar")
    parent.last_question = ask
    if not ask.exec():
        return None
    return ask.textValue()


class FollowupDialog(RecordDialog):
    """A dialog over one funded plan; ``saved`` carries its id after each change. When
    :attr:`lock` says why, the dialog shows the records and saves nothing."""

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        plan_id: int,
        actor: str,
        title: str,
        parent: QWidget | None = None,
    ):
        self.plan = funded_plan(db, plan_id)
        super().__init__(db, settings, f"{title} — {self.plan.label}", parent)
        self.actor = actor
        self.lock = lock_reason(db, self.plan)
        self.lock_note = lock_label(self)
        if self.lock:
            self.lock_note.setText(self.lock)
            self.lock_note.show()
        self.problems = problems_label(self)
        self.refused: list[Problem] = []

    @property
    def plan_id(self) -> int:
        return self.plan.plan_id

    def run(self, action: Callable[[], object], where: str) -> bool:
        """Hand a change to the library; its refusal shows in the problems label (and stays in
        :attr:`refused`, for a grid to mark its cells)."""
        self.refused: list[Problem] = []

        def guarded() -> None:
            try:
                action()
            except ValidationError as error:
                self.refused = list(error.problems)
                raise

        if not attempt(self.problems, guarded, where):
            return False
        self.mark_saved()
        self.saved.emit(self.plan_id)
        return True

    def lay_out_split(
        self, left: QWidget, entry: QWidget, sizes: list[int], header: QWidget | None = None
    ) -> None:
        """The records on the left, the form to add one on the right (a splitter remembered
        per dialog), the note on top, the problems and «Cerrar» below."""
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(entry)
        splitter.setSizes(sizes)
        remember_splitter(splitter, self.settings, f"{self.geometry_key}/splitter")
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton("Cerrar", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        if header is not None:
            layout.addWidget(header)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _forbid_saving(self) -> None:
        """The file is read-only: the lock note already says so."""
        for box in self.findChildren(QDialogButtonBox):
            read_only_buttons(box)


def confirm(parent: QWidget, title: str, text: str, yes_text: str) -> bool:
    """Ask before a change that cannot be undone; only ``yes_text`` goes on."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole))
    parent.last_question = box
    box.exec()
    return box.clickedButton() is yes
