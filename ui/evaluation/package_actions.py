"""Archivo → Crear paquete de evaluación, Importar evaluaciones, Sellar para devolver: the main
window's actions on members' packages, and the evaluator mode a package opens in. Their code
loads when first used, not with the window."""

import getpass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

PACKAGE_SCREEN = "Evaluación"


class PackageActions:
    """Mixed into the main window, whose database, screens and status bar it uses."""

    def _package_call(self) -> int | None:
        page = self.pages[PACKAGE_SCREEN]
        return page.call_id

    def create_member_package(self):
        from ui.evaluation.package_dialogs import CreatePackageDialog

        if self.db is None or (call_id := self._package_call()) is None:
            return None
        dialog = CreatePackageDialog(self.db, call_id, getpass.getuser(), self)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(
                f"Paquete guardado en {dialog.path.text()}.", 10_000
            )
        )
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def choose_package_to_merge(self) -> None:
        from ui.evaluation.package_dialogs import PACKAGE_FILTER

        name, _ = QFileDialog.getOpenFileName(
            self, "Importar evaluaciones de un paquete", "", PACKAGE_FILTER
        )
        if name:
            self.merge_member_package(Path(name))

    def merge_member_package(self, path: Path):
        from ui.evaluation.package_dialogs import MergeDialog

        if self.db is None:
            return None
        dialog = MergeDialog(self.db, path, getpass.getuser(), self)
        dialog.accepted.connect(self.reload)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def seal_for_return(self):
        from ui.evaluation.package_dialogs import SealDialog

        if self.db is None:
            return None
        dialog = SealDialog(self.db, self)
        dialog.accepted.connect(
            lambda: QMessageBox.information(
                self,
                "Sellar para devolver",
                f"Paquete sellado (versión {dialog.revision}). Entregue el archivo «"
                f"{self.path.name}» a la secretaría técnica.",
            )
        )
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def show_package_mode(self, package: bool) -> str:
        """In a member's package only Evaluación is open, and the menus offer the seal; the
        text of the banner that says so is returned."""
        for row, name in enumerate(self.pages):
            self.navigation.setRowHidden(row, package and name != PACKAGE_SCREEN)
        for action in self.package_actions:
            action.setVisible(package)
        for action in self.secretariat_actions:
            action.setVisible(not package)
        if not package:
            return ""
        from procompite.evaluation.committee import member
        from procompite.evaluation.packages import content
        from procompite.storage.settings import setting

        who = member(self.db, int(setting(self.db, content.PACKAGE_MEMBER)))
        self.show_page(PACKAGE_SCREEN)
        return (
            f"<b>Paquete de evaluación de {who.full_name}</b>, de "
            f"{setting(self.db, content.PACKAGE_ORIGIN_NAME)}. Declare sus conflictos y "
            "califique en Evaluación; al terminar, use Archivo → Sellar para devolver y entregue "
            "este archivo a la secretaría técnica."
        )
