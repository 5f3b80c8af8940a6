"""The Convocatorias screen on a region's own file: Archivo → Nuevo asks the entity, the empty
screen offers to create the first call, the editor creates one with two categories, and the
stage and transfer dialogs say what is missing before anything changes."""

from PySide6.QtCore import Qt

from procompite.calls.entity import Entity, entity_name, save_entity
from procompite.storage.creating import build_file
from procompite.storage.database import open_database
from tests.db_tables import tables
from ui.calls.call_dialog import CallDialog
from ui.calls.entity_dialog import EntityDialog
from ui.calls.stage_dialog import StageDialog

CATEGORIES = (
    {
        "code": "A",
        "name": "Categoría A",
        "min_members": "10",
        "min_years": "0",
        "min_cofinancing": "80,000.00",
        "max_cofinancing": "160,000.00",
        "max_cofinancing_pct": "80",
        "min_contribution_pct": "20",
        "min_cash_contribution_pct": "5",
        "pool": "480,000.00",
    },
    {
        "code": "B",
        "name": "Categoría B",
        "min_members": "2",
        "min_years": "1",
        "min_cofinancing": "80,000.00",
        "max_cofinancing": "350,000.00",
        "max_cofinancing_pct": "70",
        "min_contribution_pct": "30",
        "min_cash_contribution_pct": "10",
        "pool": "720,000.00",
    },
)


def _region(tmp_path):
    path = tmp_path / "tambopata.db"
    entity = Entity("provincial", "Municipalidad Provincial de Tambopata", "17", "1701")
    build_file(path, lambda db: save_entity(db, entity, None, actor="oficina"))
    return path


def _fill_grid(grid, rows) -> None:
    model = grid.grid
    for cells in rows:
        row = model.append_row()
        for column, spec in enumerate(model.columns):
            if spec.key in cells:
                model.setData(model.index(row, column), cells[spec.key])


def test_archivo_nuevo_asks_the_entity_and_builds_the_file(qtbot, open_window, tmp_path, type_text):
    window = open_window(_region(tmp_path))
    path = tmp_path / "cusco.db"
    window.create_database(path)
    dialog = window.last_dialog
    assert isinstance(dialog, EntityDialog)
    type_text(dialog.name, "Gobierno Regional Cusco")
    dialog.save()
    assert "Departamento" in dialog.problems.text() and not path.exists()
    dialog.department.setCurrentIndex(dialog.department.findData("08"))
    dialog.save()
    qtbot.waitUntil(lambda: window.path == path)
    db = open_database(path)
    assert entity_name(db) == "Gobierno Regional Cusco" and db["districts"].count == 1892
    db.close()


def test_a_call_with_two_categories_is_created_through_the_editor(
    qtbot, open_window, tmp_path, type_text
):
    window = open_window(_region(tmp_path))
    page = window.show_page("Convocatorias")
    assert page.empty.isVisible() and page.empty.button.text() == "Crear la primera convocatoria…"
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert isinstance(dialog, CallDialog)
    for key, text in {
        "name": "PROCOMPITE 2025 — Municipalidad Provincial de Tambopata",
        "year": "2025",
        "budget": "1,000,000.00",
        "discount_rate_pct": "10",
        "passing_score": "60",
    }.items():
        type_text(dialog.fields[key], text)
    _fill_grid(dialog.categories, CATEGORIES)
    before = tables(window.path)
    dialog.save()
    assert (
        "suman S/ 1,200,000.00, más que el monto autorizado S/ 1,000,000.00"
        in dialog.problems.text()
    )
    assert tables(window.path) == before
    dialog.fields["budget"].clear()
    type_text(dialog.fields["budget"], "1,200,000.00")
    cacao = next(
        r for r in range(dialog.chains.rowCount()) if dialog.chains.item(r, 0).text() == "Cacao"
    )
    dialog.chains.item(cacao, 0).setCheckState(Qt.CheckState.Checked)
    dialog.save()
    assert "Cadenas, Cacao" in dialog.problems.text()
    dialog.chains.item(cacao, 2).setText("Priorizada en el Plan de Desarrollo Concertado")
    _fill_grid(dialog.documents, [{"code": "RUC", "name": "Ficha RUC activa", "required": "Sí"}])
    _fill_grid(
        dialog.stages,
        [{"name": "Convocatoria", "starts_on": "24/03/2025", "ends_on": "30/04/2025"}],
    )
    assert dialog.legal.norms.grid.items()[0]["number"] == "Ley N.° 29337"
    assert dialog.legal.fields["appeal_days"].text() == "15"
    type_text(dialog.legal.fields["city"], "Puerto Maldonado")
    dialog.legal.fields["appeal_days"].clear()
    type_text(dialog.legal.fields["appeal_days"], "noventa")
    dialog.save()
    assert "Plazo (días hábiles)" in dialog.problems.text()
    dialog.legal.fields["appeal_days"].clear()
    type_text(dialog.legal.fields["appeal_days"], "10")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    db = open_database(window.path)
    assert db.execute("SELECT city, appeal_days FROM calls").fetchone() == ("Puerto Maldonado", 10)
    rows = db.execute(
        "SELECT code, min_members, max_cofinancing_cents, min_cash_contribution_bp, budget_cents "
        "FROM call_categories ORDER BY code"
    ).fetchall()
    assert rows == [("A", 10, 16_000_000, 500, 48_000_000), ("B", 2, 35_000_000, 1000, 72_000_000)]
    assert db.execute("SELECT count(*) FROM rubric_criteria").fetchone()[0] > 0
    db.close()
    qtbot.waitUntil(lambda: page.calls.model.rowCount() == 1)
    assert not page.empty.isVisible()
    assert "Resolución que aprueba las bases" in page.next_step.text()

    stage = StageDialog(page.db, window.settings, page.call_id, "oficina", page)
    qtbot.addWidget(stage)
    assert "Resolución que aprueba las bases" in stage.needs.text()
    stage.confirm()
    assert page.db["calls"].get(page.call_id)["status"] == "preparacion"
