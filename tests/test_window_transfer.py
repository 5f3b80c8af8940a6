"""Import and export from the window, through the background worker."""

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
