"""What the window does about crashes, second copies, damaged files and backups."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from procompite.evaluation.committee import member
from procompite.storage.backups import list_backups, take_backup
from procompite.storage.database import open_database
from procompite.storage.drafts import find_draft, pending_drafts
from procompite.storage.session import open_session
from tests.stage_helpers import open_registration_in_file
from tests.test_refusals_cli import corrupt
from ui.app import create_window
from ui.evaluation.scoring_dialog import ScoringDialog
from ui.plans.plan_dialog import PlanDialog

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "drivers" / "score_on_screen.py"
PRESIDENT = 1


def opened(qtbot, path, settings):
    window = create_window(str(path), settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_plan_form_keeps_a_draft_that_is_offered_back(qtbot, demo_path, settings, type_text):
    open_registration_in_file(demo_path)
    window = opened(qtbot, demo_path, settings)
    plans = window.show_page("Planes de negocio")
    plans.list.filter_edit.setText("PN-2026-002")
    plans.list.table.selectRow(0)
    plans.edit_current()
    dialog = plans.findChild(PlanDialog)
    dialog.title.clear()
    type_text(dialog.title, "Café orgánico con secado solar")
    type_text(dialog.numbers["direct_jobs"], "7")
    key = str(dialog.plan_id)
    qtbot.waitUntil(lambda: find_draft(dialog.db, "plan", key) is not None, timeout=5000)
    draft = find_draft(dialog.db, "plan", key)
    assert draft.payload["campos"]["title"] == "Café orgánico con secado solar"
    assert draft.label == "Plan de negocio PN-2026-002 — Café orgánico con secado solar"
    # The program dies here: nothing is saved, nothing is closed.
    window.session.close()

    again = opened(
        qtbot, demo_path, QSettings(str(demo_path.parent / "otro.ini"), QSettings.Format.IniFormat)
    )
    assert "terminó sin cerrarse" not in again.startup_warning
    monkey_choice = []
    again.ask_about_drafts = lambda drafts: monkey_choice.append(drafts) or "abrir"
    again.offer_drafts()
    assert [d.label for d in monkey_choice[0]] == [draft.label]
    recovered = again.pages["Planes de negocio"].findChild(PlanDialog)
    assert recovered.title.text() == "Café orgánico con secado solar"
    assert recovered.numbers["direct_jobs"].text().endswith("7")
    assert "Se recuperó lo que se había escrito sin guardar" in recovered.recovered_note.text()
    assert recovered.save()
    assert again.db["plans"].get(recovered.plan_id)["title"] == "Café orgánico con secado solar"
    assert pending_drafts(again.db) == []


def test_a_scoring_screen_killed_midway_gives_back_what_was_clicked(
    qtbot, demo_path, settings, tmp_path
):
    process = subprocess.Popen(
        [
            sys.executable,
            str(DRIVER),
            str(demo_path),
            str(tmp_path / "a.ini"),
            "PN-2026-006",
            str(PRESIDENT),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    line = process.stdout.readline().strip()
    assert line == "BORRADOR", line or process.stderr.read()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    process.stderr.close()

    window = opened(qtbot, demo_path, settings)
    assert "terminó sin cerrarse" in window.startup_warning
    window.ask_about_drafts = lambda drafts: "abrir"
    window.offer_drafts()
    page = window.pages["Evaluación"]
    assert window.stack.currentWidget() is page
    assert "Calificación de PN-2026-006" in page.problems.text()
    page.member = member(page.db, PRESIDENT)
    (dialog,) = page.resume_drafts()
    assert isinstance(dialog, ScoringDialog)
    levels = [box.value() for box in dialog.boxes]
    assert all(value is not None for value in levels[:3])
    assert all(value is None for value in levels[3:])
    assert dialog.boxes[0].comment.text() == "Socios activos verificados"
    assert "Se recuperó" in dialog.recovered_note.text()


def test_a_second_window_opens_read_only_and_cannot_save(qtbot, demo_path, settings, monkeypatch):
    first = open_session(demo_path, daily=False)
    asked = []
    monkeypatch.setattr(
        "ui.storage.session_flow._ask_read_only",
        lambda parent, error: asked.append(str(error)) or True,
    )
    try:
        before = demo_path.read_bytes()
        window = opened(qtbot, demo_path, settings)
        assert "ya está abierta para escribir por" in asked[0]
        assert window.session.read_only
        assert "SOLO CONSULTA" in window.windowTitle()
        assert window.read_only_banner.isVisible()
        assert "Solo consulta" in window.read_only_banner.text()
        assert not window.writing_actions[0].isEnabled()
        plans = window.show_page("Planes de negocio")
        plans.list.filter_edit.setText("PN-2026-002")
        plans.list.table.selectRow(0)
        plans.edit_current()
        dialog = plans.findChild(PlanDialog)
        assert not dialog.save_button.isEnabled() and not dialog.admit_button.isEnabled()
        assert "solo para consulta" in dialog.recovered_note.text()
        dialog.reject()
        window.close()
        assert demo_path.read_bytes() == before
    finally:
        first.close()


def test_a_damaged_file_is_offered_its_latest_good_backup(qtbot, demo_path, settings, monkeypatch):
    db = open_database(demo_path)
    take_backup(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    corrupt(demo_path, "members")
    offered = []
    monkeypatch.setattr(
        "ui.storage.session_flow._ask_restore",
        lambda parent, error, text: offered.append((str(error), text)) or True,
    )
    window = opened(qtbot, demo_path, settings)
    assert "está dañada" in offered[0][0]
    assert offered[0][1].startswith("del ")
    assert "Se restauró el respaldo" in window.startup_warning
    window.show_page("Agentes económicos")
    assert window.pages["Agentes económicos"].list.proxy.rowCount() == 30
    assert any(b.reason == "antes-de-restaurar" for b in list_backups(demo_path))


def test_restoring_from_the_backups_dialog(qtbot, demo_path, settings, monkeypatch):
    window = opened(qtbot, demo_path, settings)
    window.db["settings"].insert({"key": "nota", "value": "después"})
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "diario"
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    dialog.back_up_now()
    assert dialog.table.rowCount() == 2
    dialog.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.ask_restore()
    assert window.db.execute("SELECT count(*) FROM settings WHERE key = 'nota'").fetchone()[0] == 0
    assert window.session.lock is not None and window.session.lock.handle is not None
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(0, 2).text() == "copia previa a una restauración"
