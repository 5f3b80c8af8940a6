"""Seguimiento's documents and files, run in the worker thread on a connection of its own: the
printed acta de entrega and follow-up report (shown in a preview), the Excel export, and the
visits template and its import, whose changes are shown before anything is saved. The
libraries load when an action first needs them."""

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from procompite.storage.checks import database_path
from procompite.storage.database import open_database


def _reading(path: Path, work):
    """A job that runs ``work(db)`` on a read-only connection of the worker."""

    def job(progress, _cancelled):
        progress(0, 0, "")
        db = open_database(path, create=False, readonly=True)
        try:
            return work(db)
        finally:
            db.close()

    return job


def _delivery_pdf(number: str):
    def work(db) -> bytes:
        from procompite.followup.delivery_pdf import render_delivery

        return render_delivery(db, number)

    return work


def _report_pdf(call_id: int | None):
    def work(db) -> bytes:
        from procompite.followup.report_pdf import render_report

        return render_report(db, call_id)

    return work


def _export(out: Path, today: date):
    def work(db) -> int:
        from procompite.followup.export import export_followup

        return export_followup(db, out, today)

    return work


def _template(call_id: int | None, out: Path):
    def work(db) -> int:
        from procompite.followup.visit_import import write_visit_template

        return write_visit_template(db, call_id, out)

    return work


def _check(source: Path, today: date):
    def work(db):
        from procompite.followup.visit_import import check_visit_file

        return check_visit_file(db, source, today)

    return work


class FileActions:
    """Mixed into the Seguimiento screen, whose database, call, tasks and status line it uses."""

    def _start(self, work, label: str, on_done) -> None:
        self.tasks.run(
            _reading(database_path(self.db), work),
            label=label,
            on_done=on_done,
            on_error=self._failed,
            parent=self,
        )

    def _failed(self, error: Exception) -> None:
        if isinstance(error, OSError):
            message = f"No se pudo escribir: {error.strerror} ({error.filename})."
        else:
            problems = getattr(error, "problems", None)
            message = "; ".join(str(p) for p in problems) if problems else str(error)
        self.say(f"No se pudo completar: {message}")
        QMessageBox.warning(self, "Seguimiento", f"No se pudo completar: {message}")

    def show_document(self, title: str, file_name: str, note: str, work) -> None:
        from ui.followup.pdf_dialog import PdfDialog

        def shown(data: bytes) -> None:
            dialog = PdfDialog(self.settings, title, data, note, file_name, self)
            self.last_dialog = dialog
            dialog.open()

        self._start(work, "Preparando el documento…", shown)

    def print_delivery(self, number: str) -> None:
        self.show_document(
            f"Acta de entrega {number}",
            f"{number}.pdf",
            f"Acta de entrega {number}, con su código de verificación: imprímala para las firmas.",
            _delivery_pdf(number),
        )

    def show_report(self) -> None:
        if self.db is None:
            return
        call_id = self.call_id
        subject = self.call.currentText()
        name = f"seguimiento-{call_id}.pdf" if call_id else "seguimiento.pdf"
        self.show_document(
            f"Reporte de seguimiento — {subject}",
            name,
            f"Reporte de seguimiento de {subject}, al {date.today():%d/%m/%Y}.",
            _report_pdf(call_id),
        )

    def choose_export(self) -> None:
        if self.db is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Exportar el seguimiento a Excel", "seguimiento.xlsx", "Libro de Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self._start(
            _export(target, date.today()),
            "Exportando el seguimiento…",
            lambda rows: self.say(f"Se exportaron {rows:,} filas del seguimiento a {target}."),
        )

    def choose_template(self) -> None:
        if self.db is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Guardar plantilla de visitas",
            "plantilla-visitas.xlsx",
            "Libro de Excel (*.xlsx)",
        )
        if name:
            self.save_template(Path(name))

    def save_template(self, target: Path) -> None:
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self._start(
            _template(self.call_id, target),
            "Escribiendo la plantilla…",
            lambda rows: self.say(
                f"Plantilla de visitas guardada en {target}, con {rows} planes (los que tienen "
                "convenio y no están liquidados). Llénela y vuelva con «Importar visitas…»."
            ),
        )

    def choose_visits(self) -> None:
        if self.db is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Importar visitas",
            "",
            "Hojas de cálculo (*.xlsx *.xls *.ods *.csv);;Todos los archivos (*)",
        )
        if name:
            self.check_visits(Path(name))

    def check_visits(self, source: Path) -> None:
        """Check the file in the worker; show its problems, or what it adds and ask first."""
        from ui.followup.visit_import_dialog import VisitImportDialog

        def checked(result) -> None:
            dialog = VisitImportDialog(result, self.db, self.actor, self)
            dialog.imported.connect(self._imported)
            self.last_dialog = dialog
            dialog.open()

        self._start(_check(source, date.today()), "Revisando el archivo de visitas…", checked)

    def _imported(self, count: int) -> None:
        self.say(f"Se registraron {count} visitas del archivo.")
        self.refresh()
