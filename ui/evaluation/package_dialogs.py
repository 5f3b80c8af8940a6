"""The dialogs of evaluation packages: making one for a member, sealing it in the member's
laptop, and merging a returned one after seeing what it changes."""

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.errors import Problem
from procompite.evaluation.committee import members
from procompite.evaluation.packages.building import create_package
from procompite.evaluation.packages.merging import KEEP_FILE, KEEP_PACKAGE, Merge, merge_package
from procompite.evaluation.packages.sealing import seal_package
from ui.widgets.forms import attempt, problems_label, show_problems

PACKAGE_FILTER = "Paquetes de evaluación (*.paquete.db *.db);;Todos los archivos (*)"


def _pin(parent: QWidget, placeholder: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


def _buttons(dialog: QDialog, accept_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    dialog.accept_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CreatePackageDialog(QDialog):
    """The secretary makes a member's package; the member types the PIN that will open it."""

    def __init__(self, db: Database, call_id: int, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.call_id, self.actor = db, call_id, actor
        self.setWindowTitle("Crear paquete de evaluación")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        help_text = QLabel(
            "El paquete lleva la convocatoria, su rúbrica y los planes en evaluación, y solo el "
            "trabajo de este miembro. Se abre con este mismo programa y con el PIN que el "
            "miembro escribe aquí; al devolverlo, se incorpora con «Importar evaluaciones».",
            self,
        )
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        form = QFormLayout()
        self.member = QComboBox(self)
        for who in members(db, call_id):
            self.member.addItem(f"{who.full_name} — {who.role_label}", who.id)
        self.pin = _pin(self, "al menos 4 dígitos")
        self.again = _pin(self, "repita el PIN")
        self.path = QLineEdit(self)
        choose = QPushButton("Elegir…", self)
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        form.addRow("Miembro", self.member)
        form.addRow("PIN del paquete", self.pin)
        form.addRow("Repita el PIN", self.again)
        form.addRow("Archivo", where)
        layout.addLayout(form)
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        buttons = _buttons(self, "Crear paquete")
        buttons.accepted.connect(self.create)
        layout.addWidget(buttons)
        self.package_id = ""

    def _choose(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Guardar paquete", self.path.text() or "evaluacion.paquete.db", PACKAGE_FILTER
        )
        if name:
            self.path.setText(name)

    def create(self) -> None:
        problems = []
        if self.pin.text() != self.again.text():
            problems.append(Problem("PIN", "Los dos PIN escritos no coinciden."))
        if not self.path.text().strip():
            problems.append(Problem("Archivo", "Elija dónde guardar el paquete."))
        elif Path(self.path.text()).exists():
            problems.append(Problem("Archivo", "Ese archivo ya existe; elija otro nombre."))
        if problems:
            show_problems(self.problems, problems)
            return

        def make() -> None:
            self.package_id = create_package(
                self.db,
                self.call_id,
                self.member.currentData(),
                self.pin.text(),
                Path(self.path.text()),
                actor=self.actor,
            )

        if attempt(self.problems, make, "Paquete"):
            self.accept()


class SealDialog(QDialog):
    """In the member's laptop: the PIN that seals the work for its return."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.revision = 0
        self.setWindowTitle("Sellar para devolver")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        text = QLabel(
            "El sello garantiza a la secretaría que el paquete trae exactamente lo que usted "
            "calificó. Si después cambia algo, vuelva a sellar antes de entregarlo.",
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.pin = _pin(self, "su PIN")
        form.addRow("PIN", self.pin)
        layout.addLayout(form)
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        buttons = _buttons(self, "Sellar")
        buttons.accepted.connect(self.seal)
        layout.addWidget(buttons)

    def seal(self) -> None:
        def sealed() -> None:
            self.revision = seal_package(self.db, self.pin.text())

        if attempt(self.problems, sealed, "Sello"):
            self.accept()


class MergeDialog(QDialog):
    """What a returned package changes, the conflicts to decide, then the merge, whole."""

    def __init__(self, db: Database, path: Path, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.path, self.actor = db, path, actor
        self.merge: Merge | None = None
        self.setWindowTitle(f"Importar evaluaciones — {path.name}")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.changes = QPlainTextEdit(self)
        self.changes.setReadOnly(True)
        layout.addWidget(self.changes, 1)
        self.choices_form = QFormLayout()
        layout.addLayout(self.choices_form)
        self.choices: dict[str, QComboBox] = {}
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Motivo de cada versión elegida (queda en la auditoría)")
        self.reason.hide()
        layout.addWidget(self.reason)
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        self.buttons = _buttons(self, "Incorporar")
        self.buttons.accepted.connect(self.apply)
        layout.addWidget(self.buttons)
        self.preview()

    def _keep(self) -> dict[str, str]:
        return {plan: combo.currentData() for plan, combo in self.choices.items()}

    def preview(self) -> bool:
        def check() -> None:
            self.merge = merge_package(
                self.db,
                self.path,
                actor=self.actor,
                keep=self._keep(),
                reason=self.reason.text() or "vista previa",
                dry_run=True,
            )

        accept = self.accept_button
        if not attempt(self.problems, check, "Paquete"):
            self.summary.setText("El paquete no se puede incorporar; no se cambió nada.")
            accept.setEnabled(False)
            return False
        merge = self.merge
        if merge.already_merged:
            self.summary.setText(
                f"El paquete de {merge.member} (versión {merge.revision}) ya está incorporado: "
                "no hay nada que cambiar."
            )
            accept.setEnabled(False)
            return False
        self.summary.setText(
            f"Paquete de {merge.member}, versión {merge.revision}: "
            f"{len(merge.changes)} cambio(s)"
            + (f" y {len(merge.conflicts)} plan(es) en conflicto." if merge.conflicts else ".")
        )
        lines = [change.line() for change in merge.changes]
        for conflict in merge.conflicts:
            lines += [f"CONFLICTO en {conflict.plan}:"]
            lines += [f"   en este archivo: {line}" for line in conflict.in_file]
            lines += [f"   en el paquete:  {line}" for line in conflict.in_package]
            if conflict.plan not in self.choices:
                combo = QComboBox(self)
                combo.addItem("Decidir…", None)
                combo.addItem("Queda la versión del paquete", KEEP_PACKAGE)
                combo.addItem("Queda la versión de este archivo", KEEP_FILE)
                combo.currentIndexChanged.connect(self.preview)
                self.choices[conflict.plan] = combo
                self.choices_form.addRow(f"{conflict.plan} (en conflicto)", combo)
        self.changes.setPlainText("\n".join(lines))
        self.reason.setVisible(bool(self.choices))
        accept.setEnabled(not merge.conflicts)
        return True

    def apply(self) -> None:
        keep = {plan: side for plan, side in self._keep().items() if side}

        def merged() -> None:
            self.merge = merge_package(
                self.db, self.path, actor=self.actor, keep=keep, reason=self.reason.text()
            )

        if attempt(self.problems, merged, "Paquete") and self.merge.applied:
            self.accept()
