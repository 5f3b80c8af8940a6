"""Seguimiento as a GRDE officer uses it on the demo: the winners appear once the acta is issued,
the agreement is saved through its form, an over-budget purchase asks for its reason, an acta de
entrega is recorded and printed, visits come one by one or from a file checked first, and a
liquidated plan's forms save nothing and say why."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QPushButton

from procompite.common.money import format_amount
from procompite.followup.agreements import load_agreement, proposed_agreement, save_agreement
from procompite.followup.budget import plan_lines
from procompite.followup.closing import close_plan, load_closure
from procompite.followup.funded import funded_plans
from procompite.followup.indicators import call_indicators
from procompite.followup.purchases import purchases
from procompite.followup.schedule import milestones
from procompite.followup.visit_import import write_visit_template
from procompite.followup.visits import visits
from procompite.lifecycle.stages import change_stage
from procompite.storage.database import open_database
from tests.report_helpers import ISSUED_ON, issue_demo_acta
from tests.test_spanish_screens import SCREEN, _out_of_reading_order, _words
from ui.followup import closing_dialog
from ui.followup.page import NO_WINNERS, PLAN_DIALOGS
from ui.followup.pdf_dialog import PdfDialog
from ui.followup.visit_import_dialog import VisitImportDialog

GRDE = "Subgerencia de Desarrollo Económico"
SIGNED = ISSUED_ON + timedelta(days=2)
SAVING = {
    "Guardar convenio",
    "Guardar hitos",
    "Registrar compra",
    "Anular compra…",
    "Registrar acta de entrega",
    "Registrar visita",
    "Anular visita…",
    "Liquidar plan…",
    "Agregar hito",
}


def _award(window) -> list:
    """Issue the demo call's acta and publish its results; the screen shows the winners."""
    db = window.db
    issue_demo_acta(db)
    change_stage(db, 1, "resultados", actor=GRDE)
    window.reload()
    return funded_plans(db, 1)


def _sign(db, plan) -> None:
    raw = {
        **proposed_agreement(db, plan.plan_id),
        "number": f"CONV-{plan.code}",
        "signed_on": SIGNED.isoformat(),
        "signatories": "Gerente Regional de Desarrollo Económico\nPresidente del AEO",
    }
    save_agreement(db, plan.plan_id, raw, actor=GRDE)


def _codes(page) -> set[str]:
    return {row.plan.code for row in page.plans.model.records}


def _select(page, code: str) -> None:
    page.plans.filter_edit.setText(code)
    page.plans.table.selectRow(0)
    assert page.current_plan().plan.code == code


def _open(qtbot, page, name: str):
    qtbot.mouseClick(page.buttons[name], Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _click(qtbot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def page(window):
    return window.show_page("Seguimiento")


def test_a_file_without_an_issued_acta_says_what_to_do(qtbot, open_window, tmp_path):
    path = tmp_path / "nuevo.db"
    open_database(path).close()
    window = open_window(path)
    page = window.show_page("Seguimiento")
    assert page.empty.isVisible() and page.empty.message.text() == NO_WINNERS
    assert not page.splitter.isVisible()
    _click(qtbot, page.empty.button)
    assert window.stack.currentWidget() is window.pages["Evaluación"]


def test_the_screen_lists_the_winners_once_the_acta_is_issued(window, page):
    db = window.db
    assert not {code for code in _codes(page) if code.startswith("PN-2026")}
    issue_demo_acta(db)
    window.reload()
    winners = {plan.code for plan in funded_plans(db, 1)}
    assert winners and winners <= _codes(page)
    assert page.stage_note.isVisible() and "Resultados publicados" in page.stage_note.text()
    _select(page, funded_plans(db, 1)[0].code)
    locked = page.open_plan_dialog("Convenio…")
    assert locked.lock_note.isVisible() and "Solo consulta" in locked.lock_note.text()
    assert not locked.buttons.button(QDialogButtonBox.StandardButton.Save).isVisible()
    locked.done(0)
    page.plans.filter_edit.clear()
    change_stage(db, 1, "resultados", actor=GRDE)
    window.reload()
    assert not page.stage_note.isVisible()
    page.call.setCurrentIndex(page.call.findData(1))
    assert _codes(page) == winners
    assert page.plans.table.isColumnHidden(2)
    rows = {row.plan.code: row for row in page.plans.model.records}
    first = funded_plans(db, 1)[0]
    assert rows[first.code].plan.awarded_cents == first.awarded_cents
    texts = [page.plans.model.text(0, column) for column in range(len(page.plans.model.columns))]
    assert "Sin convenio" in texts and "En ejecución" in texts
    kinds = {alert.kind_label for alert in page.alerts.model.records}
    assert "Ganador sin convenio" in kinds
    assert f"{len(winners)} · con convenio 0" in page.summary.text.text()


def test_saving_the_agreement_through_its_form_writes_it(qtbot, window, page, type_text):
    plan = _award(window)[0]
    _select(page, plan.code)
    dialog = _open(qtbot, page, "Convenio…")
    proposal = proposed_agreement(window.db, plan.plan_id)
    assert dialog.form.editors["term_months"].text() == str(proposal["term_months"])
    assert dialog.form.editors["cash_cents"].text() == proposal["cash_cents"]
    assert dialog.proposal_note.isVisible()
    qtbot.keyClicks(dialog.form.editors["number"], "CONV-014-2026-GR CUSCO")
    qtbot.keyClicks(dialog.form.editors["signed_on"], SIGNED.strftime("%d/%m/%Y"))
    signatories = dialog.form.editors["signatories"]
    type_text(signatories, "Gerente Regional de Desarrollo Económico")
    qtbot.keyClick(signatories, Qt.Key.Key_Return)
    qtbot.keyClicks(signatories, "Presidente del AEO")
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    agreement = load_agreement(window.db, plan.plan_id)
    assert agreement["number"] == "CONV-014-2026-GR CUSCO"
    assert agreement["signed_on"] == SIGNED.isoformat()
    assert agreement["signatories"] == [
        "Gerente Regional de Desarrollo Económico",
        "Presidente del AEO",
    ]
    assert agreement["term_months"] == proposal["term_months"]
    assert milestones(window.db, plan.plan_id, date.today())
    assert not dialog.isVisible()
    assert page.current_plan().agreement == "CONV-014-2026-GR CUSCO"


def test_the_agreement_form_shows_the_library_s_refusal(qtbot, window, page):
    plan = _award(window)[0]
    _select(page, plan.code)
    dialog = _open(qtbot, page, "Convenio…")
    qtbot.keyClicks(dialog.form.editors["signed_on"], "31/02/2026")
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert dialog.isVisible() and dialog.problems.isVisible()
    assert "Número de convenio" in dialog.problems.text()
    assert "Fecha de suscripción" in dialog.problems.text()
    assert load_agreement(window.db, plan.plan_id) is None


def test_milestones_take_new_due_dates_and_new_milestones(qtbot, window, page):
    plan = _award(window)[0]
    _sign(window.db, plan)
    window.reload()
    _select(page, plan.code)
    dialog = _open(qtbot, page, "Hitos…")
    grid = dialog.grid.grid
    first = milestones(window.db, plan.plan_id, date.today())[0]
    assert grid.rows[0]["due_on"] == first.due_on.strftime("%d/%m/%Y")
    assert grid.rows[0]["state_label"] == "Pendiente"
    done_column = [column.key for column in grid.columns].index("done_on")
    assert not grid.flags(grid.index(0, done_column)) & Qt.ItemFlag.ItemIsEditable
    grid.setData(grid.index(0, 1), "15/03/2027")
    _click(qtbot, dialog.panel.add_button)
    added = len(grid.rows) - 1
    grid.setData(grid.index(added, 0), "Registro sanitario de la planta")
    grid.setData(grid.index(added, 1), "30/06/2027")
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    found = milestones(window.db, plan.plan_id, date.today())
    assert found[0].due_on == date(2027, 3, 15)
    assert (found[-1].description, found[-1].due_on) == (
        "Registro sanitario de la planta",
        date(2027, 6, 30),
    )
    assert not dialog.isVisible()


def test_an_over_budget_purchase_is_saved_once_its_reason_is_typed(qtbot, window, page):
    plan = _award(window)[0]
    _sign(window.db, plan)
    window.reload()
    _select(page, plan.code)
    dialog = _open(qtbot, page, "Compras…")
    line = next(item for item in plan_lines(window.db, plan.plan_id) if item.payer == "procompite")
    dialog.line.setCurrentIndex(dialog.line.findData(line.line_id))
    editors = dialog.form.editors
    reason = editors["over_budget_reason"]
    assert not reason.isVisible()
    qtbot.keyClicks(editors["process"], "AS-003-2026")
    qtbot.keyClicks(editors["supplier"], "Maquinarias del Sur SAC")
    qtbot.keyClicks(editors["purchased_on"], (SIGNED + timedelta(days=1)).strftime("%d/%m/%Y"))
    qtbot.keyClicks(editors["amount_cents"], format_amount(line.budget_cents + 150_000))
    assert dialog.over_note.isVisible() and "supera lo que queda" in dialog.over_note.text()
    assert reason.isVisible()

    _click(qtbot, dialog.record_button)
    assert "supera lo que queda" in dialog.problems.text()
    assert "Escriba el motivo del exceso" in dialog.problems.text()
    assert purchases(window.db, plan.plan_id) == []

    qtbot.keyClicks(reason, "Alza del precio del equipo; cotizaciones en el expediente")
    _click(qtbot, dialog.record_button)
    (saved,) = purchases(window.db, plan.plan_id)
    assert saved["amount_cents"] == line.budget_cents + 150_000
    assert saved["over_budget_reason"].startswith("Alza del precio")
    assert not dialog.problems.isVisible()
    assert dialog.list.model.rowCount() == 1
    assert editors["amount_cents"].text() == ""
    executed = {item.line_id: item for item in dialog.by_line.model.records}
    assert executed[line.line_id].left_cents == -150_000


def test_a_delivery_is_recorded_with_its_goods_and_printed(qtbot, window, page):
    plan = _award(window)[0]
    _sign(window.db, plan)
    window.reload()
    _select(page, plan.code)
    dialog = _open(qtbot, page, "Entregas…")
    editors = dialog.form.editors
    qtbot.keyClicks(editors["delivered_on"], (SIGNED + timedelta(days=1)).strftime("%d/%m/%Y"))
    qtbot.keyClicks(editors["delivered_by"], "Ing. Ana Quispe")
    qtbot.keyClicks(editors["received_by"], "Juan Mamani")
    label = next(iter(dialog.line_ids))
    dialog.grid_panel.add_row()
    grid = dialog.grid.grid
    grid.setData(grid.index(0, 0), label)
    assert grid.rows[0]["description"] and grid.rows[0]["unit"]
    grid.setData(grid.index(0, 2), "1")
    _click(qtbot, dialog.record_button)

    (delivery,) = dialog.list.model.records
    assert delivery["received_by"] == "Juan Mamani"
    assert delivery["items"][0]["budget_line_id"] == dialog.line_ids[label]
    assert delivery["number"] in dialog.message.text()
    assert dialog.print_button.isEnabled()
    _click(qtbot, dialog.print_button)
    qtbot.waitUntil(lambda: isinstance(page.last_dialog, PdfDialog), timeout=30_000)
    assert page.last_dialog.preview.page_count >= 1
    assert delivery["number"] in page.last_dialog.windowTitle()


def test_a_visit_records_the_call_s_indicators(qtbot, window, page):
    plan = _award(window)[0]
    _sign(window.db, plan)
    window.reload()
    _select(page, plan.code)
    dialog = _open(qtbot, page, "Visitas…")
    editors = dialog.form.editors
    qtbot.keyClicks(editors["visited_on"], (SIGNED + timedelta(days=3)).strftime("%d/%m/%Y"))
    qtbot.keyClicks(editors["visitors"], "Ing. Ana Quispe")
    editors["operating"].setCurrentIndex(editors["operating"].findData("sí"))
    qtbot.keyClicks(editors["sales_cents"], "12,500.50")
    indicator = call_indicators(window.db, 1)[0]
    qtbot.keyClicks(dialog.values[indicator.id], "3.5")
    _click(qtbot, dialog.record_button)

    (visit,) = visits(window.db, plan.plan_id)
    assert visit["operating"] == 1 and visit["sales_cents"] == 1_250_050
    assert visit["values"] == {indicator.id: "3.5"}
    assert indicator.label in dialog.details.text()
    assert page.current_plan().operating is True


def test_visits_from_a_file_are_shown_first_and_saved_only_when_confirmed(
    qtbot, window, page, tmp_path
):
    from openpyxl import load_workbook

    plan = _award(window)[0]
    _sign(window.db, plan)
    template = tmp_path / "visitas.xlsx"
    write_visit_template(window.db, 1, template)
    book = load_workbook(template)
    sheet = book["Visitas"]
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == plan.code)
    for header, value in (
        ("Fecha de la visita", (SIGNED + timedelta(days=4)).strftime("%d/%m/%Y")),
        ("Visitó", "Ing. Ana Quispe"),
        ("AEO en funcionamiento", "Sí"),
    ):
        sheet.cell(row, headers.index(header) + 1, value)
    book.save(template)
    window.reload()

    page.check_visits(Path(template))
    qtbot.waitUntil(lambda: isinstance(page.last_dialog, VisitImportDialog), timeout=30_000)
    dialog = page.last_dialog
    assert dialog.lines.count() == 1 and plan.code in dialog.lines.item(0).text()
    assert visits(window.db, plan.plan_id) == []
    _click(qtbot, dialog.import_button)
    assert len(visits(window.db, plan.plan_id)) == 1
    assert "1 visitas" in page.status.text() or "Se registraron 1" in page.status.text()


def test_liquidating_asks_first_and_leaves_the_plan_read_only(qtbot, window, page, monkeypatch):
    plan = _award(window)[0]
    _sign(window.db, plan)
    window.reload()
    _select(page, plan.code)
    dialog = _open(qtbot, page, "Liquidar plan…")
    asked: list[str] = []
    monkeypatch.setattr(closing_dialog, "confirm", lambda _p, _t, text, _y: asked.append(text))
    qtbot.keyClicks(dialog.note, "Bienes entregados y en uso")
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert "solo para consulta" in asked[0]
    assert load_closure(window.db, plan.plan_id) is None

    monkeypatch.setattr(closing_dialog, "confirm", lambda *_args: True)
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    closure = load_closure(window.db, plan.plan_id)
    assert closure["note"] == "Bienes entregados y en uso"
    assert closure["verification_code"] in page.status.text()
    assert page.current_plan().closed_on == date.fromisoformat(closure["closed_on"])


def test_a_liquidated_plan_s_dialogs_open_read_only_and_say_why(qtbot, window, page):
    plan = _award(window)[0]
    _sign(window.db, plan)
    close_plan(window.db, plan.plan_id, "Cierre", actor=GRDE, closed_on=SIGNED)
    window.reload()
    _select(page, plan.code)
    assert page.current_plan().closed_on == SIGNED
    for name in PLAN_DIALOGS:
        dialog = _open(qtbot, page, name)
        assert dialog.lock_note.isVisible(), name
        assert "liquidado" in dialog.lock_note.text().lower(), name
        shown = {
            button.text()
            for button in dialog.findChildren(QPushButton)
            if button.isVisibleTo(dialog)
        }
        assert not shown & SAVING, f"{name}: {shown & SAVING}"
        assert "Cerrar" in shown, name
        dialog.done(0)


def test_the_call_s_indicators_are_renamed_and_added(qtbot, window, page):
    _award(window)
    page.call.setCurrentIndex(page.call.findData(1))
    qtbot.mouseClick(page.buttons["Indicadores de la convocatoria…"], Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert dialog.proposed.isVisible()
    dialog.panel.add_row({"name": "Leche acopiada", "unit": "l"})
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    names = [(item.name, item.unit) for item in call_indicators(window.db, 1)]
    assert names[-1] == ("Leche acopiada", "l") and len(names) == 3


# Walking the focus chain wraps Qt's inner widgets in Python objects: the dialogs walked stay
# referenced to the end, so that Python never frees them while Qt still paints (as in
# tests/test_spanish_screens.py).
WALKED: list = []


def test_every_followup_dialog_speaks_spanish_and_fits_a_1366x768_screen(qtbot, window, page):
    plan = _award(window)[0]
    _sign(window.db, plan)
    window.reload()
    _select(page, plan.code)
    for name in [*PLAN_DIALOGS, "Indicadores de la convocatoria…"]:
        dialog = _open(qtbot, page, name)
        assert _words(dialog) == [], f"{name}: palabras en inglés"
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert all("_cents" not in text for text in texts), name
        hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
        assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1] - 40, name
        assert dialog.width() <= SCREEN[0] and dialog.height() <= SCREEN[1] - 40, name
        wrong = _out_of_reading_order(dialog)
        WALKED.append(dialog)
        assert wrong == [], name
        dialog.done(0)
