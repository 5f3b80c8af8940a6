"""Archivo → Importar, Exportar and the templates: the main window's exchange with spreadsheets,
run in the worker thread. Their code loads when an action first needs it, not with the window."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog


class TransferActions:
    """Mixed into the main window, whose database path, tasks and status bar it uses."""

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Importar",
            "",
            "Hojas de cálculo (*.xlsx *.xls *.ods *.csv);;Todos los archivos (*)",
        )
        if name:
            self.preview_import(Path(name))

    def preview_import(self, source: Path) -> None:
        """Check the file without saving, show what would change, import only when confirmed."""
        self.import_file(source, dry_run=True, confirm=True)

    def import_file(self, source: Path, *, dry_run: bool = False, confirm: bool = False) -> None:
        """Import in the worker thread, then show every problem or the summary; with
        ``confirm`` (a dry run), the summary offers to import the file for real."""
        if self.path is None:
            return
        database = self.path

        def job(progress, cancelled):
            from procompite.storage.database import open_database
            from procompite.transfer.importer import import_file

            progress(0, 0, f"Importando «{source.name}»…")
            db = open_database(database, create=False)
            try:
                return import_file(db, source, dry_run=dry_run)
            finally:
                db.close()

        def done(result) -> None:
            from ui.transfer.dialogs import ImportResultDialog

            self.last_import = result
            if result.ok and not dry_run:
                self.reload()
            then = (lambda: self.import_file(source)) if confirm else None
            dialog = ImportResultDialog(result, source.name, self, confirm=then)
            self.last_dialog = dialog
            dialog.open()

        self.tasks.run(
            job, label="Importando…", on_done=done, on_error=self.show_error, parent=self
        )

    def choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Exportar a Excel", "registro.xlsx", "Libro de Excel (*.xlsx)"
        )
        if name:
            self.export_file(Path(name))

    def export_file(self, target: Path) -> None:
        """Export in the worker thread, the progress dialog showing the rows written; when it
        is cancelled nothing is written at ``target``."""
        if self.path is None:
            return
        database = self.path

        def job(progress, cancelled):
            from procompite.storage.database import open_database
            from procompite.transfer.exporter import export_workbook

            progress(0, 0, "Exportando…")
            db = open_database(database, create=False, readonly=True)
            try:
                return export_workbook(db, target, progress=progress, cancelled=cancelled)
            finally:
                db.close()

        def done(counts) -> None:
            if counts is None:
                self.statusBar().showMessage(f"Exportación cancelada: no se escribió {target}.")
            else:
                self.statusBar().showMessage(f"Exportado a {target}")

        self.tasks.run(
            job, label="Exportando…", parent=self, on_error=self.show_error, on_done=done
        )

    def save_template(self, kind: str) -> None:
        from procompite.transfer.templates import write_template

        suggested = "plantilla-aeo.xlsx" if kind == "aeo" else "plantilla-planes.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "Guardar plantilla", suggested, "Libro de Excel (*.xlsx)"
        )
        if name:
            write_template(kind, Path(name))
            self.statusBar().showMessage(f"Plantilla guardada en {name}")
