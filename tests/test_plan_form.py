"""The business plan form: filled with real events, indicators and rules live, save, admit."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from procompite.plans.admissibility import inadmissible_plans
from procompite.plans.store import load_plan
from tests.stage_helpers import open_registration
from ui.plans.plan_dialog import PlanDialog

BUDGET = (
    "Activos fijos\tTina quesera de acero inoxidable\tunidad\t2\t25,000.00\tPROCOMPITE\n"
    "Activos fijos\tPrensa neumática\tunidad\t1\tS/ 48.500,50\tPROCOMPITE\n"
    "Intangibles\tAsistencia técnica\tmes\t10\t3,000\tPROCOMPITE\n"
    "Capital de trabajo\tLeche fresca\tlitro\t20000\t1.50\tAEO monetario\n"
    "Activos fijos\tLocal de la asociación\tmes\t12\t1,500\tAEO no monetario\n"
)
CASH_FLOW = "0\t0\t0\t176500.50\t0\n" + "".join(
    f"{year}\t120000\t70000\t0\t{'30000' if year == 6 else '0'}\n" for year in range(1, 7)
)


def _choose(combo, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _paste(qtbot, grid, text: str) -> None:
    QApplication.clipboard().setText(text)
    grid.setCurrentIndex(grid.grid.index(0, 0) if grid.grid.rowCount() else grid.currentIndex())
    grid.paste_clipboard()


@pytest.fixture(autouse=True)
def registering(demo_db):
    open_registration(demo_db)


def test_a_call_past_registration_refuses_a_new_plan_in_the_form(qtbot, demo_db, settings):
    demo_db["calls"].update(1, {"status": "evaluacion"})
    before = demo_db["plans"].count
    dialog = PlanDialog(demo_db, settings)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "para registrar o modificar planes debe estar" in dialog.problems.text()
    assert demo_db["plans"].count == before


def test_new_plan_shows_financing_indicators_and_rules_then_is_admitted(
    qtbot, demo_db, settings, type_text
):
    dialog = PlanDialog(demo_db, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog.organization, "Asociación de Productores Lecheros de Livitaca")
    _choose(dialog.category, "Categoría A")
    _choose(dialog.chain, "Lácteos")
    _choose(dialog.district, "Livitaca")
    type_text(dialog.code, "PN-2026-101")
    type_text(dialog.title, "Quesos madurados con acopio de leche en Livitaca")
    type_text(dialog.numbers["duration_months"], "12")
    type_text(dialog.numbers["beneficiaries_women"], "14")
    _paste(qtbot, dialog.budget, BUDGET)
    _paste(qtbot, dialog.flows, CASH_FLOW)
    assert "S/ 176,500.50" in dialog.totals.text()
    assert "VAN (tasa 10.00 %)" in dialog.indicators.text()
    assert "TIR: no existe" not in dialog.indicators.text()
    assert "documentos_completos" in dialog.rules.failed_codes()
    for row in range(dialog.documents.count()):
        dialog.documents.item(row).setCheckState(Qt.CheckState.Checked)
    assert dialog.rules.failed_codes() == []
    qtbot.mouseClick(dialog.admit_button, Qt.MouseButton.LeftButton)
    assert dialog.problems.isHidden(), dialog.problems.text()
    plan_id = dialog.plan_id
    draft = load_plan(demo_db, plan_id)
    assert draft.status == "admitido"
    assert len(draft.lines) == 5 and len(draft.flows) == 7
    assert draft.lines[1].unit_cost_cents == 4_850_050


def test_plan_in_a_chain_the_call_has_not_prioritised_is_declared_inadmissible(
    qtbot, demo_db, settings
):
    plan_id = demo_db.execute("SELECT id FROM plans WHERE code = 'PN-2026-004'").fetchone()[0]
    dialog = PlanDialog(demo_db, settings, plan_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "no priorizada" in dialog.chain.currentText()
    assert dialog.rules.failed_codes() == ["cadena_priorizada"]
    qtbot.mouseClick(dialog.admit_button, Qt.MouseButton.LeftButton)
    assert "Declarado INADMISIBLE" in dialog.problems.text()
    assert "Palta" in dialog.problems.text()
    assert demo_db["plans"].get(plan_id)["status"] == "registrado"
    assert plan_id in inadmissible_plans(demo_db, 1)


def test_bad_amount_in_the_budget_is_named_with_its_line(qtbot, demo_db, settings):
    plan_id = demo_db.execute("SELECT id FROM plans WHERE status = 'borrador'").fetchone()[0]
    before = load_plan(demo_db, plan_id)
    dialog = PlanDialog(demo_db, settings, plan_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.budget.grid.setData(dialog.budget.grid.index(0, 4), "doce mil")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Presupuesto, línea 1, Costo unitario" in dialog.problems.text()
    assert load_plan(demo_db, plan_id) == before


def test_an_admitted_plan_is_read_only_in_the_form(qtbot, demo_db, settings):
    plan_id = demo_db.execute("SELECT id FROM plans WHERE status = 'evaluado'").fetchone()[0]
    dialog = PlanDialog(demo_db, settings, plan_id)
    qtbot.addWidget(dialog)
    dialog.show()
    before = list(dialog.budget.grid.rows)
    assert not dialog.budget.grid.setData(dialog.budget.grid.index(0, 1), "Otro concepto")
    assert dialog.budget.grid.rows == before
    assert dialog.code.isReadOnly() and not dialog.save_button.isEnabled()
    assert not dialog.admit_button.isEnabled()


def test_line_totals_and_net_flow_are_shown_per_row(qtbot, demo_db, settings):
    dialog = PlanDialog(demo_db, settings, 1)
    qtbot.addWidget(dialog)
    grid = dialog.budget.grid
    total_column = [c.header for c in grid.columns].index("Total (S/)")
    line = load_plan(demo_db, 1).lines[0]
    expected = f"{line.total_cents // 100:,}.{line.total_cents % 100:02d}"
    assert grid.data(grid.index(0, total_column)) == expected
    flows = dialog.flows.grid
    net_column = [c.header for c in flows.columns].index("Flujo neto (S/)")
    assert flows.data(flows.index(0, net_column)).startswith("-")


def test_closing_with_unsaved_changes_asks_first(qtbot, demo_db, settings, monkeypatch, type_text):
    from PySide6.QtWidgets import QMessageBox

    answers = []
    monkeypatch.setattr(
        "ui.widgets.forms.QMessageBox.question",
        lambda *args, **kwargs: answers.append(args[2]) or QMessageBox.StandardButton.Cancel,
    )
    plan_id = demo_db.execute("SELECT id FROM plans WHERE status = 'borrador'").fetchone()[0]
    dialog = PlanDialog(demo_db, settings, plan_id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.title, " ampliado")
    dialog.reject()
    assert dialog.isVisible()
    assert "cambios sin guardar" in answers[0]


def test_every_problem_of_the_form_is_listed_at_once(qtbot, demo_db, settings):
    plan_id = demo_db.execute("SELECT id FROM plans WHERE status = 'borrador'").fetchone()[0]
    dialog = PlanDialog(demo_db, settings, plan_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.budget.grid.setData(dialog.budget.grid.index(0, 4), "doce mil")
    dialog.title.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = dialog.problems.text()
    assert "Presupuesto, línea 1, Costo unitario" in text and "Título" in text
    model = dialog.budget.grid
    cell = model.index(0, 4)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None, "la celda se marca"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.BackgroundRole) is None
    model.setData(cell, "12000")
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) is None, "corregida, se desmarca"
