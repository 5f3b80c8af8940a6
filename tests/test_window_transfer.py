"""Import and export from the window, through the background worker."""

import time

from procompite.transfer.exporter import export_workbook


def test_importing_an_export_changes_nothing_and_says_so(qtbot, window, demo_db, tmp_path):
    workbook = tmp_path / "registro.xlsx"
    export_workbook(demo_db, workbook)
    window.import_file(workbook)
    qtbot.waitUntil(lambda: window.last_dialog is not None, timeout=30_000)
    assert window.last_import.ok
    assert all(c.created == c.updated == 0 for c in window.last_import.summary.values())
    assert "sin errores" in window.last_dialog.heading.text()


def test_a_file_that_is_not_a_spreadsheet_lists_the_problem(qtbot, window, tmp_path):
    bad = tmp_path / "padron.xlsx"
    bad.write_text("esto no es Excel", encoding="utf-8")
    window.import_file(bad)
    qtbot.waitUntil(lambda: window.last_dialog is not None, timeout=30_000)
    assert not window.last_import.ok
    assert "no se importó" in window.last_dialog.heading.text()
    assert window.last_dialog.problems.model.rowCount() >= 1


def test_export_from_the_window_writes_the_workbook(qtbot, window, tmp_path):
    target = tmp_path / "salida.xlsx"
    window.export_file(target)
    qtbot.waitUntil(lambda: "Exportado" in window.statusBar().currentMessage(), timeout=30_000)
    assert target.read_bytes()[:2] == b"PK"


def test_archivo_importar_shows_each_change_before_and_imports_only_when_confirmed(
    qtbot, window, demo_db, demo_path, tmp_path
):
    from openpyxl import load_workbook

    from procompite.transfer.layout import ORGANIZATIONS, TEMPLATES
    from tests.db_tables import tables

    workbook = tmp_path / "registro.xlsx"
    export_workbook(demo_db, workbook, TEMPLATES["aeo"])
    book = load_workbook(workbook)
    sheet = book[ORGANIZATIONS.name]
    phone = ORGANIZATIONS.headers.index("Teléfono")
    ruc, old_phone = sheet.cell(2, 1).value, sheet.cell(2, phone + 1).value
    sheet.cell(2, phone + 1).value = "084 999999"
    sheet.cell(3, phone + 1).value = None
    book.save(workbook)
    before = tables(demo_path)
    window.preview_import(workbook)
    qtbot.waitUntil(lambda: window.last_dialog is not None, timeout=30_000)
    preview = window.last_dialog
    assert "Revise lo que cambiará" in preview.heading.text()
    assert [(c.record, c.field, c.before, c.after) for c in window.last_import.changes] == [
        (f"RUC {ruc}", "Teléfono", old_phone or "(vacío)", "084 999999")
    ]
    assert preview.changes.model.rowCount() == 1
    assert tables(demo_path) == before
    window.last_dialog = None
    preview.import_button.click()
    qtbot.waitUntil(lambda: window.last_dialog is not None, timeout=30_000)
    assert window.last_import.written and not window.last_import.dry_run
    assert "se importó sin errores" in window.last_dialog.heading.text()
    assert demo_db.execute("SELECT phone FROM organizations WHERE ruc = ?", [ruc]).fetchone() == (
        "084 999999",
    )


def test_export_from_the_window_shows_the_rows_written_and_can_be_cancelled(
    qtbot, window, tmp_path, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from procompite.transfer import exporter

    def slow_export(db, target, progress, cancelled):
        """Stands for an export of a big region: it stops only when cancelled."""
        progress(40_000, 140_000, "Exportando socios: 40,000 de 100,000 filas")
        deadline = time.monotonic() + 10
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return None if cancelled() else {}

    monkeypatch.setattr(exporter, "export_workbook", slow_export)
    target = tmp_path / "salida.xlsx"
    window.export_file(target)

    def shown() -> list[QProgressDialog]:
        return [d for d in window.findChildren(QProgressDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()) and shown()[0].value() == 40_000, timeout=10_000)
    dialog = shown()[0]
    assert dialog.maximum() == 140_000
    assert dialog.labelText() == "Exportando socios: 40,000 de 100,000 filas"
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancelada" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.statusBar().currentMessage() == (
        f"Exportación cancelada: no se escribió {target}."
    )
    assert not target.exists()
