"""The prioritisation screen: sliders re-rank live, AHP weights with CR, saving weights."""

import pytest

from procompite.prioritization.exercises import load_exercise


@pytest.fixture
def page(window):
    page = window.show_page("Priorización")
    page.select_exercise(1)
    return page


def test_moving_a_weight_reranks_live(page):
    panel = page.ranking
    before = [(r.chain.name, r.rank) for r in panel.ranking.rows]
    ranking_id = next(c.id for c in page.exercise.criteria if "Ranking" in c.name)
    for criterion_id, slider in panel.sliders.items():
        slider.setValue(100 if criterion_id == ranking_id else 0)
    after = [(r.chain.name, r.rank) for r in panel.ranking.rows]
    assert after != before
    assert after[0][0] in {"Artesanía textil", "Fibra de camélidos", "Granos andinos", "Turismo"}
    assert "100.0 %" in panel.slider_labels[ranking_id].text()
    assert panel.chart.ranking is panel.ranking


def test_saving_weights_stores_them_normalised(page):
    panel = page.ranking
    first = page.exercise.criteria[0].id
    panel.sliders[first].setValue(70)
    panel.save_button.click()
    stored = {c.id: c.weight for c in load_exercise(page.repository.db, 1).criteria}
    assert sum(stored.values()) == pytest.approx(1.0)
    assert stored[first] == pytest.approx(70 / 140)


def test_ahp_matrix_gives_weights_and_consistency(page):
    ahp = page.ahp
    values = {(0, 1): "1", (0, 2): "3", (0, 3): "3", (1, 2): "3", (1, 3): "3", (2, 3): "1"}
    for (i, j), text in values.items():
        ahp.table.item(i, j).setText(text)
    assert ahp.table.item(2, 0).text() == "1/3"
    assert "CR = " in ahp.result_label.text() and "consistente" in ahp.result_label.text()
    ahp.apply_button.click()
    exercise = load_exercise(page.repository.db, 1)
    assert exercise.record["weighting"] == "ahp"
    assert len(exercise.comparisons) == 6
    assert exercise.criteria[0].weight == pytest.approx(0.375, abs=1e-6)


def test_inconsistent_comparisons_are_named(page):
    ahp = page.ahp
    values = {(0, 1): "9", (0, 2): "1/9", (0, 3): "1", (1, 2): "9", (1, 3): "1", (2, 3): "1"}
    for (i, j), text in values.items():
        ahp.table.item(i, j).setText(text)
    assert "supera 0.10" in ahp.result_label.text()
    assert "frente a" in ahp.result_label.text()


def test_report_button_writes_the_pdf(page, tmp_path):
    target = tmp_path / "informe.pdf"
    assert page.save_report(str(target)) == str(target)
    assert target.read_bytes()[:5] == b"%PDF-"


def test_values_pasted_in_the_grid_are_saved_and_rerank(page):
    from PySide6.QtWidgets import QApplication

    grid = page.values.grid
    chains = [grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())]
    row = chains.index("Apícola")
    grid.setCurrentCell(row, 0)
    QApplication.clipboard().setText("Sí\tSí\tSí\t1\n")
    grid.paste(QApplication.clipboard().text())
    page.values.save_button.click()
    exercise = load_exercise(page.repository.db, 1)
    apicola = next(c.id for c in exercise.chains if c.name == "Apícola")
    assert [exercise.values[(c.id, apicola)] for c in exercise.criteria] == [1.0, 1.0, 1.0, 1.0]
    top = [r.chain.name for r in page.ranking.ranking.rows if r.rank == 1]
    assert "Apícola" in top


def test_a_bad_value_is_refused_and_nothing_is_saved(page, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "ui.prioritization.page.QMessageBox.warning",
        lambda parent, title, text: shown.append(text),
    )
    before = load_exercise(page.repository.db, 1).values
    grid = page.values.grid
    grid.item(0, 0).setText("quizás")
    grid.item(1, 3).setText("3")
    page.values.save_button.click()
    assert "no es Sí ni No" in shown[0]
    assert load_exercise(page.repository.db, 1).values == before


def test_criteria_editor_adds_a_criterion_and_normalises_weights(page):
    panel = page.criteria
    grid = panel.grid.grid
    grid.append_row(
        {
            "name": "Empleo generado",
            "kind": "Indicador",
            "weight": "20",
            "unit": "empleos",
            "direction": "Más es mejor",
            "normalization": "Mín-máx",
            "source_note": "Estimación de la mesa técnica",
        }
    )
    assert "no suma 100" in panel.sum_label.text()
    panel.normalize_button.click()
    assert panel.sum_label.text() == "Suma de pesos: 100"
    panel.save_button.click()
    exercise = load_exercise(page.repository.db, 1)
    assert [c.name for c in exercise.criteria][-1] == "Empleo generado"
    assert sum(c.weight for c in exercise.criteria) == pytest.approx(100, abs=0.02)
    assert page.values.grid.columnCount() == 5


def test_a_rating_without_scale_is_refused(page, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "ui.prioritization.page.QMessageBox.warning",
        lambda parent, title, text: shown.append(text),
    )
    page.criteria.grid.grid.append_row({"name": "Madurez", "kind": "Calificación", "weight": "1"})
    page.criteria.save_button.click()
    assert "escala mínima y máxima" in shown[0]
    assert len(load_exercise(page.repository.db, 1).criteria) == 4


def test_new_exercise_for_apurimac_zone_i_starts_with_its_chains(page):
    from ui.prioritization.new_exercise import NewExerciseDialog

    dialog = NewExerciseDialog(page.repository.db, page)
    dialog.name.setText("Priorización Apurímac zona I")
    dialog.department.setCurrentIndex(dialog.department.findText("Apurímac"))
    dialog.zones["I"].setChecked(True)
    values = dialog.values()
    names = {
        row[0]
        for row in page.repository.db.execute(
            f"SELECT name FROM chains WHERE id IN ({','.join('?' * len(values['chain_ids']))})",
            values["chain_ids"],
        )
    }
    assert names == {
        "Acuicultura",
        "Artesanía textil",
        "Cuyes",
        "Granos andinos",
        "Lácteos",
        "Fibra de camélidos",
    }
    assert len(values["province_ids"]) == 2
    page.create(values)
    assert page.exercise.record["name"] == "Priorización Apurímac zona I"
    assert len(page.exercise.chains) == 6
    assert page.tabs.currentWidget() is page.criteria


def test_values_round_trip_through_excel_and_bad_files_change_nothing(page, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setattr("ui.prioritization.page.QMessageBox.warning", lambda *a: None)
    workbook = tmp_path / "valores.xlsx"
    page.export_values(str(workbook))
    before = load_exercise(page.repository.db, 1).values
    assert page.import_values(str(workbook)) == []
    assert load_exercise(page.repository.db, 1).values == before

    book = load_workbook(workbook)
    sheet = book.active
    sheet["B2"] = "tal vez"
    sheet["E3"] = 1.125
    sheet["A4"] = "Quinua imaginaria"
    book.save(workbook)
    problems = page.import_values(str(workbook))
    assert any(p.row == 4 and "no es una cadena candidata" in p.message for p in problems)
    assert load_exercise(page.repository.db, 1).values == before

    sheet["A4"] = page.exercise.chains[2].name
    book.save(workbook)
    problems = page.import_values(str(workbook))
    assert [(p.row, "no es Sí ni No" in p.message) for p in problems] == [(2, True)]
    sheet["B2"] = "Sí"
    book.save(workbook)
    assert page.import_values(str(workbook)) == []
    chain = page.exercise.chains[1]
    rank_id = page.exercise.criteria[3].id
    assert load_exercise(page.repository.db, 1).values[(rank_id, chain.id)] == 1.125


def test_approval_freezes_what_the_screen_shows(page):
    from datetime import date

    panel = page.ranking
    panel.method.setCurrentIndex(panel.method.findData("topsis"))
    panel.cut.setValue(4)
    shown = [(r.chain.name, r.above_cut) for r in panel.ranking.rows]
    assert page.approve_as_shown(date(2026, 1, 15), "Acta N.° 001-2026-ARD")
    exercise = load_exercise(page.repository.db, 1)
    assert exercise.approved and exercise.record["method"] == "topsis"
    frozen = [(row.chain.name, row.above_cut) for row in exercise.ranking().rows]
    assert frozen == shown
    assert not panel.save_button.isEnabled() and not panel.cut.isEnabled()
