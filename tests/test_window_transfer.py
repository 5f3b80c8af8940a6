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
