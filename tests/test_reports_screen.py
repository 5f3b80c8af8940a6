"""The Reportes screen: preview inside the window, save, print, batch in the background."""

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter

from procompite.evaluation.committee import member
from procompite.evaluation.consolidation import LOGIN_FIRST
from procompite.storage.database import open_database
from tests.report_helpers import issue_ready

PLAN = 3


@pytest.fixture
def window(open_window, demo_path):
    db = open_database(demo_path)
    issue_ready(db)
    db.close()
    return open_window(demo_path)


def _preview(qtbot, window, kind="dictamen", item=PLAN, expected="GRC-PROCOMPITE-2026-"):
    page = window.show_page("Reportes")
    page.select(kind, item, 1)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: expected in page.preview.note.text(), timeout=15_000)
    assert page.preview.page_count > 0
    return page


def test_preview_shows_the_issued_dictamen_inside_the_window(qtbot, window):
    page = _preview(qtbot, window)
    assert page.preview.page_count >= 3
    assert "GRC-PROCOMPITE-2026-" in page.preview.note.text()
    assert "Código de verificación" in page.preview.note.text()
    assert page.preview.print_button.isEnabled()


def test_save_as_and_print_to_a_pdf_printer(qtbot, window, tmp_path):
    page = _preview(qtbot, window)
    page.preview.save(tmp_path / "copia")
    saved = tmp_path / "copia.pdf"
    assert saved.read_bytes() == page.preview.data
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "impreso.pdf"
    printer.setOutputFileName(str(printed))
    page.preview.print_to(printer)
    assert len(PdfReader(printed).pages) == page.preview.page_count


def test_acta_and_ficha_preview(qtbot, window):
    evaluation = window.show_page("Evaluación")
    evaluation.member = member(evaluation.db, 1)
    page = _preview(qtbot, window, "acta", 1, "Borrador del acta")
    page = _preview(qtbot, window, "ficha", 3, "Ficha de")
    assert page.preview.page_count == 1


def test_all_dictamenes_print_in_the_background_while_the_window_responds(qtbot, window, tmp_path):
    page = window.show_page("Reportes")
    page.per_plan.setChecked(True)
    ticks = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    page.print_all(tmp_path / "lote")
    assert not page.batch_button.isEnabled()
    qtbot.waitUntil(lambda: page.last_batch is not None, timeout=60_000)
    timer.stop()
    assert page.last_batch[:2] == (12, 12)
    assert len(list((tmp_path / "lote").glob("*.pdf"))) == 12
    assert len(ticks) > 3
    assert "Se escribieron 12 dictámenes" in page.status.text()
    assert page.batch_button.isEnabled()


def test_cancelled_batch_into_one_file_leaves_no_file(qtbot, window, tmp_path):
    page = window.show_page("Reportes")
    page.single.setChecked(True)
    window.tasks.cancel_event.set()
    page.print_all(tmp_path / "todos.pdf")
    window.tasks.cancel_event.set()
    qtbot.waitUntil(lambda: page.last_batch is not None, timeout=60_000)
    assert page.last_batch[0] == 0
    assert not (tmp_path / "todos.pdf").exists()
    assert "cancelada" in page.status.text()


def test_verify_field_tells_whether_a_code_is_valid(qtbot, window):
    page = window.show_page("Reportes")
    code = page.repository.db.execute(
        "SELECT verification_code FROM dictamenes WHERE plan_id = ?", [PLAN]
    ).fetchone()[0]
    qtbot.keyClicks(page.code, code)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert "VÁLIDO" in page.verdict.text() and "PN-2026-003" in page.verdict.text()
    page.code.setText("1234-5678")
    page.verify()
    assert "no corresponde" in page.verdict.text()


def test_nobody_logged_in_previews_no_draft_with_scores(qtbot, window, tmp_path):
    page = window.show_page("Reportes")
    page.select("acta", 1, 1)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "El borrador del acta muestra los puntajes. " + LOGIN_FIRST
    draft = page.repository.db.execute(
        "SELECT id FROM plans WHERE call_id = 1 AND id NOT IN (SELECT plan_id FROM dictamenes) "
        "AND status IN ('admitido', 'en_evaluacion') LIMIT 1"
    ).fetchone()[0]
    page.select("dictamen", draft, 1)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("El borrador del dictamen muestra la calificación")
    page.drafts.setChecked(True)
    page.print_all(tmp_path / "todos.pdf")
    assert page.last_batch is None and not (tmp_path / "todos.pdf").exists()
    assert LOGIN_FIRST in page.status.text()
