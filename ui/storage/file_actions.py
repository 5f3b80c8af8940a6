"""Archivo → Nuevo, Abrir, Abrir demo, Respaldos: the main window's actions on database files,
and the forms a crash left unsaved, offered back when a file opens. The storage code loads
when an action first needs it, not with the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

if TYPE_CHECKING:
    from procompite.storage.drafts import Draft
    from ui.storage.backups_dialog import BackupsDialog

DB_FILTER = "Bases de datos PROCOMPITE (*.db *.sqlite);;Todos los archivos (*)"


class FileActions:
    """Mixed into the main window, whose session, database, tasks and screens it uses."""

    def offer_drafts(self) -> None:
        """Offer back the forms a crash left unsaved: reopen, keep for later, or drop them."""
        from procompite.storage.drafts import drop_draft, pending_drafts

        if self.session is None or self.session.read_only:
            return
        drafts = pending_drafts(self.db)
        if not drafts:
            return
        choice = self.ask_about_drafts(drafts)
        if choice == "descartar":
            for draft in drafts:
                drop_draft(self.db, draft.kind, draft.key)
        elif choice == "abrir":
            self.reopen_drafts(drafts)

    def ask_about_drafts(self, drafts: list[Draft]) -> str:
        """``abrir``, ``despues`` or ``descartar``, as the user answers."""
        from procompite.common.dates import format_moment

        lines = "\n".join(
            f"• {draft.label} (escrito hasta el {format_moment(draft.saved_at)})"
            for draft in drafts
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Formularios sin guardar",
            "El programa se cerró antes de que se guardara lo siguiente:\n\n"
            f"{lines}\n\n¿Abrirlo ahora para revisarlo y guardarlo?",
            parent=self,
        )
        reopen = box.addButton("Abrir", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Más tarde", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Descartar", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(reopen)
        box.exec()
        clicked = box.clickedButton()
        return "abrir" if clicked is reopen else "descartar" if clicked is discard else "despues"

    def reopen_drafts(self, drafts: list[Draft]) -> None:
        """Open each form with its draft; scoring sheets wait for their member's session."""
        scoring = [draft for draft in drafts if draft.kind == "calificacion"]
        if scoring:
            evaluation = self.show_page("Evaluación")
            evaluation.announce_drafts(scoring)
        plans = self.pages["Planes de negocio"]
        for draft in drafts:
            if draft.kind == "plan":
                self.show_page("Planes de negocio")
                plans.open_dialog(None if draft.key == "nuevo" else int(draft.key))

    def back_up_now(self) -> None:
        from procompite.storage.backups import format_size
        from ui.storage.backups_dialog import back_up

        if self.db is None or (backup := back_up(self, self.db)) is None:
            return
        self.statusBar().showMessage(
            f"Respaldo guardado en {backup.path} ({format_size(backup.size)})"
        )

    def show_backups(self) -> BackupsDialog | None:
        from ui.storage.backups_dialog import BackupsDialog

        if self.session is None:
            return None
        dialog = BackupsDialog(self.session, self.settings, self)
        dialog.restore_requested.connect(self.restore_backup)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def restore_backup(self, backup: Path) -> bool:
        """Put ``backup`` in place of the open database, keeping the lock all along."""
        from procompite.storage.backups import BackupError, restore
        from procompite.storage.checks import DatabaseError
        from procompite.storage.database import open_database

        session = self.session
        if session is None or session.read_only:
            return False
        self.tasks.wait()
        session.db.close()
        failure: BackupError | None = None
        try:
            kept = restore(session.path, backup)
        except BackupError as error:
            failure = error
        try:
            session.db = open_database(session.path, create=False)
        except DatabaseError as error:
            QMessageBox.critical(self, "Restaurar respaldo", str(error))
            return False
        self.set_session(session)
        if failure is not None:
            QMessageBox.critical(self, "Restaurar respaldo", str(failure))
            return False
        QMessageBox.information(
            self,
            "Restaurar respaldo",
            f"Se restauró «{backup.name}»."
            + (f" El archivo anterior se guardó en «{kept}»." if kept else ""),
        )
        return True

    def choose_database(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Abrir base de datos", "", DB_FILTER)
        if name:
            self.open_path(Path(name))

    def new_database(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Nueva base de datos", "", DB_FILTER)
        if not name:
            return
        path = Path(name)
        if path.exists():
            QMessageBox.warning(
                self,
                "Nueva base de datos",
                f"El archivo «{path}» ya existe. Elija otro nombre o ábralo con Archivo → Abrir.",
            )
            return
        self.create_database(path)

    def create_database(self, path: Path) -> None:
        """Build the new file at ``path`` and open it (the window asks the entity first)."""
        self.open_path(path, create=True)

    def open_demo(self) -> None:
        from procompite.storage.checks import DatabaseError
        from procompite.storage.locations import default_demo_path

        path = default_demo_path()
        if not path.exists():
            from procompite.demo.build import build_demo

            try:
                build_demo(path)
            except DatabaseError as error:
                QMessageBox.critical(self, "No se puede crear la demostración", str(error))
                return
        self.open_path(path)
