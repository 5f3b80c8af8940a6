"""The evaluation screen: a member starts a session, declares, scores a plan and submits."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from procompite.evaluation.committee import member, set_pin
from ui.evaluation.committee_dialog import SessionDialog
from ui.evaluation.scoring_dialog import ScoringDialog

PLAN = "PN-2026-006"
PRESIDENT = 1


def _select(records, code: str) -> None:
    records.filter_edit.setText(code)
    records.table.selectRow(0)
    assert records.current_record().code == code


def _plan_id(db, code: str) -> int:
    return db.execute("SELECT id FROM plans WHERE code = ?", [code]).fetchone()[0]


def test_wrong_pin_keeps_the_session_closed(qtbot, window):
    page = window.show_page("Evaluación")
    set_pin(page.db, PRESIDENT, "4821")
    dialog = SessionDialog(page.db, page.call_id, page)
    qtbot.addWidget(dialog)
    dialog.choice.setCurrentIndex(dialog.choice.findData(PRESIDENT))
    assert dialog.pin.isEnabled()
    qtbot.keyClicks(dialog.pin, "1111")
    dialog._check()
    assert dialog.member is None and "PIN incorrecto" in dialog.message.text()
    dialog.pin.clear()
    qtbot.keyClicks(dialog.pin, "4821")
    dialog._check()
    assert dialog.member.id == PRESIDENT


def test_member_declares_scores_and_submits_through_the_screen(qtbot, window, monkeypatch):
    page = window.show_page("Evaluación")
    db = page.db
    page.member = member(db, PRESIDENT)
    page.refresh()
    _select(page.work, PLAN)
    page.declare(False)
    _select(page.work, PLAN)
    assert page.work.current_record().declaration == "Sin conflicto"

    page.score()
    dialog = page.findChild(ScoringDialog)
    assert dialog is not None and dialog.isVisible()
    for position, box in enumerate(dialog.boxes):
        buttons = box.group.buttons()
        qtbot.mouseClick(buttons[0 if position % 2 else 1], Qt.MouseButton.LeftButton)
    dialog.boxes[0].comment.setText("Junta directiva vigente inscrita")
    expected = sum(box.value() for box in dialog.boxes)
    assert f"Total: {expected:.2f} de 100.00" in dialog.total.text()
    assert "20 de 20 criterios" in dialog.total.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    plan_id = _plan_id(db, PLAN)
    status, evaluation_id = db.execute(
        "SELECT status, id FROM evaluations WHERE plan_id = ? AND committee_member_id = ?",
        [plan_id, PRESIDENT],
    ).fetchone()
    assert status == "enviada"
    stored = db.execute(
        "SELECT sum(points), count(*) FROM scores WHERE evaluation_id = ?", [evaluation_id]
    ).fetchone()
    assert stored == (float(expected), 20)
    assert not dialog.submit_button.isEnabled()
    assert all(not box.isEnabled() for box in dialog.boxes)
    trail = db.execute(
        "SELECT actor, after FROM audit_log WHERE action = 'enviar ficha de evaluación' "
        "AND row_id = ?",
        [evaluation_id],
    ).fetchone()
    assert trail[0] == member(db, PRESIDENT).full_name
    assert json.loads(trail[1])["comentarios"]["1.1"] == "Junta directiva vigente inscrita"
    assert db["plans"].get(plan_id)["status"] == "en_evaluacion"
    _select(page.work, PLAN)
    assert page.work.current_record().sheet == "Enviada"


def test_member_with_a_conflict_is_not_shown_the_sheet(qtbot, window, monkeypatch):
    page = window.show_page("Evaluación")
    page.member = member(page.db, PRESIDENT)
    page.refresh()
    _select(page.work, PLAN)
    monkeypatch.setattr(
        "ui.evaluation.issuing.QInputDialog.getMultiLineText",
        lambda *a, **k: ("Mi hermano es socio del AEO", True),
    )
    page.declare(True)
    _select(page.work, PLAN)
    page.score()
    assert page.findChild(ScoringDialog) is None
    assert "conflicto" in page.problems.text()


def test_only_the_presidency_or_secretariat_saves_the_cuadro_de_merito(qtbot, window):
    page = window.show_page("Evaluación")
    page.member = member(page.db, 2)
    page.save_merit()
    assert "presidencia o la secretaría" in page.problems.text()


def test_emitir_todos_says_which_dictamenes_were_issued(qtbot, window, monkeypatch):
    page = window.show_page("Evaluación")
    page.member = member(page.db, PRESIDENT)
    page.refresh()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.issue_all()
    issued = [
        n
        for (n,) in page.db.execute(
            "SELECT d.number FROM dictamenes d JOIN plans p ON p.id = d.plan_id "
            "WHERE p.call_id = ? ORDER BY d.id",
            [page.call_id],
        )
    ]
    assert page.call_id == 1, "Evaluación opens on the current call"
    assert len(issued) > 1
    assert window.statusBar().currentMessage() == (
        f"Se emitieron {len(issued)} dictámenes, del {issued[0]} al {issued[-1]}; se imprimen "
        "en Reportes."
    )
