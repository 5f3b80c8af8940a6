"""A visits file checked before anything is saved: its problems (and nothing can be imported
while there is one), or the visits it adds, imported only when the user confirms."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.followup.visit_import import VisitImport, apply_visit_import
from ui.widgets.forms import attempt, problems_label


class VisitImportDialog(QDialog):
    imported = Signal(int)

    def __init__(self, checked: VisitImport, db: Database, actor: str, parent: QWidget):
        super().__init__(parent)
        self.checked, self.db, self.actor = checked, db, actor
        self.setWindowTitle("Importar visitas: revise antes de guardar")
        self.resize(900, 520)
        name = checked.path.name
        asking = not checked.problems
        if asking:
            count = len(checked.changes)
            heading = (
                f"«{name}» no tiene errores y agregará "
                f"{'1 visita' if count == 1 else f'{count} visitas'}. Revise lo que se "
                "registrará y pulse «Importar visitas»; aún no se guardó nada."
            )
        else:
            count = len(checked.problems)
            heading = (
                f"«{name}» no se puede importar: no se guardó nada. Corrija "
                f"{'este problema' if count == 1 else f'estos {count} problemas'} y vuelva a "
                "importarlo."
            )
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("figures" if asking else "problems")
        self.heading.setWordWrap(True)
        self.lines = QListWidget(self)
        self.lines.addItems(checked.changes if asking else [str(p) for p in checked.problems])
        self.lines.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines, 2)
        if checked.warnings:
            layout.addWidget(QLabel("Avisos (no impiden la importación):", self))
            self.warnings = QListWidget(self)
            self.warnings.addItems([str(p) for p in checked.warnings])
            layout.addWidget(self.warnings, 1)
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(self)
        self.import_button = None
        if asking:
            self.import_button = self.buttons.addButton(
                "Importar visitas", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
            self.buttons.accepted.connect(self.apply)
        else:
            self.buttons.addButton("Cerrar", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def apply(self) -> None:
        count: list[int] = []
        if attempt(
            self.problems,
            lambda: count.append(apply_visit_import(self.db, self.checked, self.actor)),
            "Importar visitas",
        ):
            self.imported.emit(count[0])
            self.accept()
