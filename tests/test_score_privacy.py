"""Scores seen by the wrong person: who sees which scores, and withdrawing a declared conflict.

The demo's call 1 is in evaluation. Its plan PN-2026-009 has the sheets of Rosa (presidency)
and Julio sent, Carmen's left as a draft and none of Edwin or Luz (technical secretariat); its
quorum is 3 and it has no verdict yet. PN-2026-001 is decided, with Julio's conflict declared.
"""

import json
from decimal import Decimal

import pytest

from procompite.common.errors import ValidationError
from procompite.evaluation.committee import member
from procompite.evaluation.consolidation import (
    AUDIT_HIDDEN,
    CONFLICTED,
    LOGIN_FIRST,
    SUBMIT_FIRST,
    WAIT_FOR_ALL,
    hidden_audit_entries,
    plan_consolidation,
    score_visibility,
    visible_consolidation,
    visible_scores,
)
from procompite.evaluation.scoring import declaration, declare, may_see_others, save_sheet
from procompite.evaluation.verdicts import consolidate_plan
from ui.evaluation.columns import CONSOLIDATION_COLUMNS, HIDDEN, MERIT_COLUMNS
from ui.evaluation.consolidation_dialog import ConsolidationDialog

CALL = 1
ROSA, JULIO, CARMEN, EDWIN, LUZ = 1, 2, 3, 4, 5
OPEN_PLAN = "PN-2026-009"
DECIDED_PLAN = "PN-2026-001"
NEW_PLAN = "PN-2026-006"


def plan_id(db, code: str) -> int:
    return db.execute("SELECT id FROM plans WHERE code = ?", [code]).fetchone()[0]


def full_sheet(db, value: int = 3) -> dict[int, Decimal]:
    criteria = db.execute(
        "SELECT c.id FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
        "WHERE r.call_id = ?",
        [CALL],
    ).fetchall()
    return {criterion_id: Decimal(value) for (criterion_id,) in criteria}


def submit(db, code: str, member_id: int) -> None:
    plan = plan_id(db, code)
    if declaration(db, plan, member_id) is None:
        declare(db, plan, member_id, False)
    save_sheet(db, plan, member_id, full_sheet(db), {}, submit=True)


def last_audit(db) -> dict:
    return next(iter(db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")))


def audit_rows(db) -> int:
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def column(columns, header: str) -> int:
    return next(index for index, c in enumerate(columns) if c.header == header)


# --- the library ------------------------------------------------------------------------------


def test_nobody_logged_in_sees_no_partial_scores(demo_db):
    shown = score_visibility(demo_db, CALL, None)
    assert shown and all(
        (v.members, v.consolidated, v.reason) == (False, False, LOGIN_FIRST) for v in shown.values()
    ), "ni parciales ni consolidados, tampoco de los planes ya decididos"

    plan = plan_id(demo_db, OPEN_PLAN)
    consolidation, why = visible_consolidation(demo_db, plan, None)
    assert why.reason == LOGIN_FIRST
    assert consolidation.members == []
    assert all(c.by_member == {} for c in consolidation.criteria)
    assert all(c.consolidated_h is None and not c.flagged for c in consolidation.criteria)
    assert consolidation.total_h == 0
    # The full figures stay for the documents printed after the decisions.
    assert plan_consolidation(demo_db, plan).members == [ROSA, JULIO]


def test_member_sees_others_scores_only_after_submitting(demo_db):
    plan = plan_id(demo_db, OPEN_PLAN)
    carmen = visible_scores(demo_db, plan, CARMEN)
    assert (carmen.members, carmen.consolidated, carmen.reason) == (False, False, SUBMIT_FIRST)
    consolidation, _ = visible_consolidation(demo_db, plan, CARMEN)
    assert consolidation.members == [] and consolidation.total_h == 0
    assert not visible_scores(demo_db, plan, EDWIN).members, "sin ficha no ve nada"
    assert not visible_scores(demo_db, plan, EDWIN).consolidated

    rosa, _ = visible_consolidation(demo_db, plan, ROSA)
    assert rosa.members == [ROSA, JULIO] and rosa.total_h > 0

    submit(demo_db, OPEN_PLAN, CARMEN)
    consolidation, shown = visible_consolidation(demo_db, plan, CARMEN)
    assert not shown.hidden
    assert consolidation.members == [ROSA, JULIO, CARMEN]
    assert may_see_others(demo_db, plan, CARMEN)
    assert not may_see_others(demo_db, plan, EDWIN)


def test_the_presidency_and_secretariat_follow_the_same_rule(demo_db):
    plan = plan_id(demo_db, OPEN_PLAN)
    assert member(demo_db, LUZ).leads and member(demo_db, ROSA).leads
    luz = visible_scores(demo_db, plan, LUZ)
    assert (luz.members, luz.consolidated, luz.reason) == (False, False, SUBMIT_FIRST)
    assert not visible_scores(demo_db, plan, ROSA).hidden, "la presidenta ya envió la suya"
    submit(demo_db, OPEN_PLAN, LUZ)
    assert not visible_scores(demo_db, plan, LUZ).hidden


def test_member_with_a_conflict_never_sees_others_scores(demo_db):
    plan = plan_id(demo_db, OPEN_PLAN)
    declare(demo_db, plan, EDWIN, True, "Su hermana es socia del AEO.")
    edwin = visible_scores(demo_db, plan, EDWIN)
    assert (edwin.members, edwin.consolidated) == (False, False)
    assert edwin.reason == f"{CONFLICTED} {WAIT_FOR_ALL}"

    submit(demo_db, OPEN_PLAN, CARMEN)
    assert not visible_scores(demo_db, plan, EDWIN).consolidated, "falta la ficha de Luz"
    submit(demo_db, OPEN_PLAN, LUZ)
    edwin = visible_scores(demo_db, plan, EDWIN)
    assert (edwin.members, edwin.consolidated, edwin.reason) == (False, True, CONFLICTED)
    consolidation, _ = visible_consolidation(demo_db, plan, EDWIN)
    assert consolidation.members == [] and consolidation.total_h > 0

    consolidate_plan(demo_db, plan, actor="Luz Marina Zamalloa Torres")
    assert not may_see_others(demo_db, plan, EDWIN), "ni con el plan ya decidido"
    decided = visible_scores(demo_db, plan_id(demo_db, DECIDED_PLAN), JULIO)
    assert (decided.members, decided.consolidated) == (False, True)


def test_audit_trail_hides_a_sheet_from_who_may_not_see_it(demo_db):
    submit(demo_db, OPEN_PLAN, CARMEN)
    sheet_entry = demo_db.execute(
        "SELECT id FROM audit_log WHERE action = 'enviar ficha de evaluación' "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    verdicts = {
        row[0]
        for row in demo_db.execute("SELECT id FROM audit_log WHERE table_name = 'plan_verdicts'")
    }
    assert verdicts
    assert {sheet_entry} | verdicts <= hidden_audit_entries(demo_db, None)
    assert sheet_entry in hidden_audit_entries(demo_db, EDWIN)
    assert not verdicts & hidden_audit_entries(demo_db, EDWIN), "los decididos, con sesión"
    assert sheet_entry not in hidden_audit_entries(demo_db, CARMEN), "su propia ficha"
    assert sheet_entry not in hidden_audit_entries(demo_db, ROSA)


def test_withdrawing_a_conflict_needs_a_reason_and_is_audited(demo_db):
    plan = plan_id(demo_db, NEW_PLAN)
    declare(demo_db, plan, EDWIN, True, "Creí que mi primo era socio del AEO.")
    before = audit_rows(demo_db)
    for blank in ("", "   "):
        with pytest.raises(ValidationError, match="por qué retira el conflicto"):
            declare(demo_db, plan, EDWIN, False, blank)
    assert audit_rows(demo_db) == before
    assert declaration(demo_db, plan, EDWIN).has_conflict

    reason = "Revisé el padrón: mi primo no es socio del AEO."
    declare(demo_db, plan, EDWIN, False, f"  {reason} ")
    assert not declaration(demo_db, plan, EDWIN).has_conflict
    assert audit_rows(demo_db) == before + 1
    entry = last_audit(demo_db)
    assert (entry["action"], entry["table_name"], entry["reason"]) == (
        "retirar conflicto de interés",
        "conflict_declarations",
        reason,
    )
    assert entry["actor"] == member(demo_db, EDWIN).full_name
    assert json.loads(entry["before"]) == {
        "con_conflicto": True,
        "motivo": "Creí que mi primo era socio del AEO.",
    }
    assert json.loads(entry["after"]) == {"con_conflicto": False, "motivo": ""}

    # A first "sin conflicto", or one repeated, needs no reason.
    declare(demo_db, plan, EDWIN, False)
    declare(demo_db, plan, CARMEN, False)
    assert last_audit(demo_db)["action"] == "declarar conflicto de interés"


# --- the window -------------------------------------------------------------------------------


def _select(records, code: str) -> None:
    records.filter_edit.setText(code)
    records.table.selectRow(0)
    assert records.current_record().code == code


def _texts(records, columns, header: str) -> dict[str, str]:
    index = column(columns, header)
    return {
        record.code: records.model.text(row, index)
        for row, record in enumerate(records.model.records)
    }


def _headers(dialog: ConsolidationDialog) -> list[str]:
    table = dialog.table
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_nobody_logged_in_sees_no_partial_scores_in_the_window(qtbot, window):
    page = window.show_page("Evaluación")
    submit(page.db, OPEN_PLAN, CARMEN)
    page.refresh()
    assert page.member is None
    assert set(_texts(page.consolidation, CONSOLIDATION_COLUMNS, "Puntaje").values()) == {HIDDEN}
    assert set(_texts(page.consolidation, CONSOLIDATION_COLUMNS, "Propuesta").values()) == {HIDDEN}
    assert set(_texts(page.merit, MERIT_COLUMNS, "Puntaje").values()) == {HIDDEN}
    assert page.consolidation_note.text() == LOGIN_FIRST
    sheet = next(e for e in page.audit.model.records if e.action == "enviar ficha de evaluación")
    assert (sheet.before, sheet.after) == (LOGIN_FIRST, "")

    dialog = ConsolidationDialog(page.db, page.settings, plan_id(page.db, OPEN_PLAN), None, page)
    qtbot.addWidget(dialog)
    assert _headers(dialog)[2:] == ["Miembros", "Consolidado", "Diferencia", "Nota de discusión"]
    assert {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())} == {HIDDEN}
    assert dialog.hidden_note.text() == LOGIN_FIRST
    assert "Total consolidado" not in dialog.summary.text()
    assert not any(button.isEnabled() for button in dialog.buttons.values())

    _select(page.consolidation, OPEN_PLAN)
    with qtbot.assertNotEmitted(page.report_requested):
        page.show_dictamen()
    assert LOGIN_FIRST in page.problems.text()


def test_consolidation_window_shows_others_scores_only_after_submitting(qtbot, window):
    page = window.show_page("Evaluación")
    page.member = member(page.db, LUZ)
    page.refresh()
    scores = _texts(page.consolidation, CONSOLIDATION_COLUMNS, "Puntaje")
    assert scores[OPEN_PLAN] == HIDDEN and scores[DECIDED_PLAN] != HIDDEN
    assert OPEN_PLAN in page.consolidation_note.text()
    assert SUBMIT_FIRST in page.consolidation_note.text()

    _select(page.consolidation, OPEN_PLAN)
    page.open_consolidation()
    dialog = page.findChild(ConsolidationDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Miembros" in _headers(dialog) and "Rosa" not in _headers(dialog)
    assert dialog.hidden_note.isVisible() and dialog.hidden_note.text() == SUBMIT_FIRST
    assert "Total consolidado" not in dialog.summary.text()
    assert "se muestra con el consolidado" in dialog.proposal.text()
    dialog.accept()

    submit(page.db, OPEN_PLAN, LUZ)
    page.refresh()
    assert _texts(page.consolidation, CONSOLIDATION_COLUMNS, "Puntaje")[OPEN_PLAN] != HIDDEN
    dialog.refresh()
    assert _headers(dialog)[2:5] == ["Rosa", "Julio", "Luz"]
    assert not dialog.hidden_note.isVisible()
    assert "Total consolidado" in dialog.summary.text()

    page.member = member(page.db, EDWIN)
    page.refresh()
    sheet = next(
        e
        for e in page.audit.model.records
        if e.action == "enviar ficha de evaluación" and e.actor == member(page.db, LUZ).full_name
    )
    assert (sheet.before, sheet.after) == (AUDIT_HIDDEN, "")


def test_withdrawing_a_conflict_on_the_screen_asks_the_reason(qtbot, window, monkeypatch):
    page = window.show_page("Evaluación")
    db = page.db
    page.member = member(db, EDWIN)
    page.refresh()
    asked: list[tuple] = []
    answer = ["Mi hermano es socio del AEO.", True]
    monkeypatch.setattr(
        "ui.evaluation.page.QInputDialog.getMultiLineText",
        lambda *args, **kwargs: asked.append(args) or tuple(answer),
    )
    _select(page.work, NEW_PLAN)
    page.declare(True)
    plan = plan_id(db, NEW_PLAN)
    assert declaration(db, plan, EDWIN).has_conflict

    answer[:] = ["Algo", False]
    _select(page.work, NEW_PLAN)
    page.declare(False)
    assert asked[-1][1] == "Retirar conflicto de interés"
    assert "Mi hermano es socio del AEO." in asked[-1][2]
    assert declaration(db, plan, EDWIN).has_conflict, "cancelar no cambia nada"

    answer[:] = ["  ", True]
    _select(page.work, NEW_PLAN)
    before = audit_rows(db)
    page.declare(False)
    assert "por qué retira el conflicto" in page.problems.text()
    assert declaration(db, plan, EDWIN).has_conflict and audit_rows(db) == before

    answer[:] = ["Era otro AEO con nombre parecido.", True]
    _select(page.work, NEW_PLAN)
    page.declare(False)
    _select(page.work, NEW_PLAN)
    assert page.work.current_record().declaration == "Sin conflicto"
    entry = last_audit(db)
    assert (entry["action"], entry["reason"]) == (
        "retirar conflicto de interés",
        "Era otro AEO con nombre parecido.",
    )
    shown = next(e for e in page.audit.model.records if e.action == "retirar conflicto de interés")
    assert shown.reason == "Era otro AEO con nombre parecido."
